"""The safe YAML loader and the candidate schema: every bad input is an InputError with a place.

Each bad input must come back as ``InputError.problems``, each problem naming the exact
``file:line:column`` (where the input has one) and saying what is wrong and what to do.
Example bad files live in ``tests/examples/invalid/``, each named for what is wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from commonize.api import evaluate_paths, load_candidate, load_candidates
from commonize.discover import discover
from commonize.errors import InputError, Problem, SourceLocation
from commonize.loader import DEFAULT_LIMITS, Document, Limits, parse, read_text, validate
from commonize.models import Candidate
from commonize.results import INVALID, OK, TRACKS
from conftest import EXAMPLES, minimal, strong

INVALID_DIR = EXAMPLES / "invalid"

# A valid candidate, one key a line. Line numbers used below:
#  1 schema_version   2 id   3 kind   4 name   5 ja   6 en   7 ministry   8 description
#  9 figures          10+ whatever a test appends
BASE = """\
schema_version: 1
id: sample
kind: system
name:
  ja: サンプル
  en: Sample
ministry: 総務省
description: A test candidate.
figures: illustrative
"""


def problems_of(text: str, limits: Limits = DEFAULT_LIMITS, path: str = "c.yaml") -> list[Problem]:
    """The problems parse + validate report for ``text`` (which must be invalid)."""
    with pytest.raises(InputError) as exc:
        validate(parse(text, path, limits), Candidate)
    problems = exc.value.problems
    assert problems, "an InputError must carry at least one problem"
    return problems


def only_problem(text: str, limits: Limits = DEFAULT_LIMITS) -> Problem:
    problems = problems_of(text, limits)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def at(problem: Problem) -> tuple[int | None, int | None]:
    return problem.location.line, problem.location.column


def load(text: str) -> Candidate:
    return validate(parse(text, "c.yaml"), Candidate)


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_base_text_is_valid() -> None:
    candidate = load(BASE)
    assert candidate == Candidate.model_validate(minimal())


@pytest.mark.parametrize("data", [minimal(), strong()], ids=["minimal", "strong"])
def test_helpers_round_trip_through_yaml(data: dict) -> None:
    assert load(dump(data)) == Candidate.model_validate(data)


# --- the example files ----------------------------------------------------------------------

# name → (line, column, field, words in the message, words in the hint). Line 1 of every
# example is a comment saying what is wrong, so keys start on line 2.
EXPECTED: dict[str, tuple[int | None, int | None, str | None, str, str | None]] = {
    "unknown-key.yaml": (
        13,
        3,
        "user_needs.user_per_year",
        "unknown key",
        "did you mean 'users_per_year'?",
    ),
    "wrong-type.yaml": (12, 3, "user_needs.users_per_year", "a number, a level word", None),
    "missing-required-key.yaml": (2, 1, "ministry", "required key is missing", "add it"),
    "yaml11-boolean-for-text.yaml": (8, 1, "ministry", "valid string", "quote the text"),
    "number-with-comma.yaml": (12, 3, "effect.annual_cost_jpy", "valid number", ": 1000"),
    "full-width-digits.yaml": (12, 3, "user_needs.online_share_pct", "valid number", ": 30"),
    "duplicate-key.yaml": (11, 1, None, "duplicate key 'kind' (first at line 4)", None),
    "python-tag.yaml": (11, 8, None, "python/object/apply:os.system' is not allowed", None),
    "tag-directive.yaml": (13, 8, None, "python/object/apply:os.system' is not allowed", None),
    "custom-tag.yaml": (11, 8, None, "YAML tag '!foo' is not allowed", "remove the tag"),
    "merge-key.yaml": (14, 3, None, "merge keys (<<) are not allowed", "write the keys out"),
    # The walker meets the 101st alias while re-walking b's list (anchored on line 3):
    # libyaml resolves an alias to the node it names, so the anchor's place is reported.
    "alias-explosion.yaml": (3, 4, None, "more than 100 YAML aliases", None),
    "deep-nesting.yaml": (11, 40, None, "nesting deeper than 32 levels", None),
    "several-documents.yaml": (12, 1, None, "several YAML documents", None),
    "top-level-list.yaml": (
        2,
        1,
        None,
        "expected a mapping of keys at the top, found a list",
        None,
    ),
    "top-level-scalar.yaml": (
        2,
        1,
        None,
        "expected a mapping of keys at the top, found text",
        None,
    ),
    "empty.yaml": (None, None, None, "file is empty", None),
    "only-comments.yaml": (None, None, None, "file is empty (or holds only comments)", None),
    "nan-percent.yaml": (12, 3, "user_needs.survey_support_pct", "finite number", None),
    "inf-percent.yaml": (12, 3, "effect.expected_cost_reduction_pct", "finite number", None),
    "negative-count.yaml": (12, 3, "effect.annual_staff_hours", "greater than or equal to 0", None),
    "huge-int.yaml": (
        12,
        3,
        "effect.annual_cost_jpy",
        "less than or equal to 1000000000000000",
        None,
    ),
    "date-wrong-format.yaml": (11, 1, "as_of", "valid date", None),
    "id-path-separator.yaml": (3, 1, "id", "not a valid id", None),
    "name-control-character.yaml": (7, 3, "name.en", "control characters", None),
    "name-rtl-override.yaml": (7, 3, "name.en", "right-to-left marks", None),
    # The first of its three problems; all three are checked in a test of their own.
    "three-problems.yaml": (2, 1, "ministry", "required key is missing", "add it"),
    "unknown-standardized-business.yaml": (
        11,
        1,
        "standardized_business",
        "'jumin_kihon_daich' is not one of the 20 standardized businesses",
        "did you mean 'jumin_kihon_daicho'?",
    ),
    "bad-sources.yaml": (13, 5, "sources.0.url", "not a web address", None),
}


def test_every_invalid_example_has_an_expectation() -> None:
    on_disk = {p.name for p in INVALID_DIR.iterdir() if p.suffix == ".yaml"}
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_example(name: str, compiled) -> None:
    line, column, field, message, hint = EXPECTED[name]
    path = INVALID_DIR / name
    loaded = load_candidate(path, compiled.ruleset)
    assert loaded.candidate is None
    first = loaded.problems[0]
    assert first.location == SourceLocation(path.as_posix(), line, column)
    assert first.field == field
    assert message in first.message
    if hint is None:
        assert first.hint is None or first.hint
    else:
        assert first.hint is not None and hint in first.hint
    # The rendered form leads with the place, ready to click in an editor.
    assert str(first).startswith(f"{first.location}: ")
    if line is not None:
        assert str(first).startswith(f"{path.as_posix()}:{line}:{column}: ")


def test_invalid_examples_dir_as_a_batch(compiled) -> None:
    batch = evaluate_paths([INVALID_DIR], rules=compiled)
    assert len(batch.results) == len(EXPECTED)
    assert all(r.status == INVALID and r.track is None for r in batch.results)
    assert all(r.problems for r in batch.results)
    assert batch.exit_code == 1


def test_example_python_tag_does_not_run(tmp_path: Path, compiled) -> None:
    marker = tmp_path / "pwned"
    text = BASE + f'notes: !!python/object/apply:os.system ["touch {marker}"]\n'
    loaded = load_candidate(write(tmp_path, "c.yaml", text), compiled.ruleset)
    assert loaded.candidate is None
    assert "is not allowed" in loaded.problems[0].message
    assert not marker.exists()


# --- unknown keys, wrong types, missing keys ------------------------------------------------


def test_unknown_key_with_did_you_mean_exact_place() -> None:
    p = only_problem(BASE + "user_needs:\n  users: staff\n  user_per_year: 5\n")
    assert at(p) == (12, 3)
    assert p.field == "user_needs.user_per_year"
    assert p.message == "unknown key"
    assert p.hint == "did you mean 'users_per_year'?"
    assert str(p) == (
        "c.yaml:12:3: user_needs.user_per_year: unknown key (did you mean 'users_per_year'?)"
    )


def test_unknown_top_level_key_did_you_mean() -> None:
    p = only_problem(BASE + "descripton: more\n")
    assert (at(p), p.field, p.hint) == ((10, 1), "descripton", "did you mean 'description'?")


def test_unknown_key_in_a_list_item_did_you_mean() -> None:
    p = problems_of(BASE + "sources:\n  - title: a\n  - titel: b\n")
    unknown = [x for x in p if x.message == "unknown key"]
    assert len(unknown) == 1
    assert at(unknown[0]) == (12, 5)
    assert unknown[0].field == "sources.1.titel"
    assert unknown[0].hint == "did you mean 'title'?"


def test_unknown_key_in_nested_section_did_you_mean() -> None:
    p = only_problem(BASE + "feasibility:\n  pilot:\n    stauts: running\n")
    assert (at(p), p.field) == ((12, 5), "feasibility.pilot.stauts")
    assert p.hint == "did you mean 'status'?"


def test_unknown_key_without_close_match_says_remove_it() -> None:
    p = only_problem(BASE + "zzzzqqq: 1\n")
    assert at(p) == (10, 1)
    assert p.hint == "remove it or check the spelling"


@pytest.mark.parametrize(
    ("extra", "place", "field"),
    [
        ("user_needs:\n  users_per_year: [1, 2]\n", (11, 3), "user_needs.users_per_year"),
        ("user_needs:\n  citizen_facing: 1\n", (11, 3), "user_needs.citizen_facing"),
        ("effect:\n  annual_cost_jpy: 1.5\n", (11, 3), "effect.annual_cost_jpy"),
        ("effect: [1]\n", (10, 1), "effect"),
        ("sources: a title\n", (10, 1), "sources"),
        ("notes: [1]\n", (10, 1), "notes"),
    ],
)
def test_wrong_type(extra: str, place: tuple[int, int], field: str) -> None:
    p = only_problem(BASE + extra)
    assert (at(p), p.field) == (place, field)
    # pydantic's words, except its class names ("instance of Effect"): a mapping is a mapping.
    assert p.message.startswith(("Input should be", "expected a mapping of keys, found"))
    assert "instance of" not in p.message


def test_wrong_type_name_is_text_not_mapping() -> None:
    p = only_problem(BASE.replace("name:\n  ja: サンプル\n  en: Sample\n", "name: Sample\n"))
    assert (at(p), p.field) == ((4, 1), "name")
    assert p.message == "expected a mapping of keys, found text"


@pytest.mark.parametrize(
    "key", ["schema_version", "id", "kind", "ministry", "description", "figures"]
)
def test_missing_required_top_level_key(key: str) -> None:
    text = "".join(line for line in BASE.splitlines(True) if not line.startswith(key + ":"))
    p = only_problem(text)
    assert p.field == key
    assert p.message == "required key is missing" and p.hint == "add it"
    assert at(p) == (1, 1)  # where the top-level mapping starts


def test_missing_required_key_in_sub_mapping_points_at_the_mapping() -> None:
    p = only_problem(BASE.replace("  en: Sample\n", ""))
    assert (at(p), p.field, p.hint) == ((4, 1), "name.en", "add it")


def test_missing_key_after_leading_comments_points_at_the_first_key() -> None:
    text = "# header\n\n" + BASE.replace("figures: illustrative\n", "")
    p = only_problem(text)
    assert (at(p), p.field) == ((3, 1), "figures")


def test_wrong_schema_version() -> None:
    p = only_problem(BASE.replace("schema_version: 1", "schema_version: 3"))
    assert (at(p), p.field) == ((1, 1), "schema_version")


def test_literal_did_you_mean() -> None:
    p = only_problem(BASE + "feasibility:\n  network_segment: lgwam\n")
    assert (at(p), p.field) == ((11, 3), "feasibility.network_segment")
    assert "'lgwan'" in p.message
    assert p.hint == "did you mean 'lgwan'?"


def test_literal_did_you_mean_ignores_case() -> None:
    p = only_problem(BASE + "feasibility:\n  network_segment: LGWAN\n")
    assert p.hint == "did you mean 'lgwan'?"


def test_empty_section_means_every_indicator_unknown() -> None:
    # `user_needs:` with only comments under it reads as null: all its indicators unknown,
    # which the rules then report as unknown (never as a pass).
    c = load(BASE + "user_needs:\n  # users_per_year: not known yet\n")
    assert c.user_needs.users_per_year is None and c.user_needs.citizen_facing is None


# --- YAML 1.1 loose typing ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "place", "field"),
    [
        ("ministry: 総務省", "ministry: no", (7, 1), "ministry"),
        ("ministry: 総務省", "ministry: off", (7, 1), "ministry"),
        ("description: A test candidate.", "description: yes", (8, 1), "description"),
        ("description: A test candidate.", "description: On", (8, 1), "description"),
        ("  en: Sample", "  en: yes", (6, 3), "name.en"),
        ("  ja: サンプル", "  ja: NO", (5, 3), "name.ja"),
        ("id: sample", "id: off", (2, 1), "id"),
    ],
)
def test_yaml11_booleans_for_text_hint_says_quote(
    old: str, new: str, place: tuple[int, int], field: str
) -> None:
    p = only_problem(BASE.replace(old, new))
    assert (at(p), p.field) == (place, field)
    assert p.hint is not None
    assert "quote" in p.hint and "yes/no/on/off" in p.hint


def test_yaml11_boolean_in_optional_text_and_list_item() -> None:
    problems = problems_of(BASE + "notes: yes\nsources:\n  - title: no\n")
    assert [(at(p), p.field) for p in problems] == [
        ((10, 1), "notes"),
        ((12, 5), "sources.0.title"),
    ]
    assert all(p.hint and "quote" in p.hint for p in problems)


def test_quoted_yaml11_words_are_text() -> None:
    c = load(BASE.replace("ministry: 総務省", "ministry: 'no'") + 'notes: "off"\n')
    assert (c.ministry, c.notes) == ("no", "off")


@pytest.mark.parametrize(
    ("field", "written", "plain"),
    [
        ("users_per_year", '"1,000"', "1000"),
        ("users_per_year", "1,000", "1000"),
        ("users_per_year", "1,234,567", "1234567"),
        ("users_per_year", "３０", "30"),
        ("users_per_year", "１，２３４", "1234"),
        ("users_per_year", "'42'", "42"),
        ("online_share_pct", "３０", "30"),
        ("online_share_pct", "'12.5'", "12.5"),
        ("online_share_pct", '"1,000.5"', "1000.5"),
        ("requesting_governments", "-1,000", "-1000"),
    ],
)
def test_numbers_written_as_text_hint_shows_the_plain_number(
    field: str, written: str, plain: str
) -> None:
    p = only_problem(BASE + f"user_needs:\n  {field}: {written}\n")
    assert (at(p), p.field) == ((11, 3), f"user_needs.{field}")
    assert p.hint == (f"write a plain number without quotes, commas or full-width digits: {plain}")


def test_non_numeric_text_for_number_says_write_a_number() -> None:
    p = only_problem(BASE + "effect:\n  annual_staff_hours: about ten\n")
    assert (at(p), p.hint) == ((11, 3), "write a plain number")


@pytest.mark.parametrize(("written", "meant"), [("010", 10), ("1:30", None)])
def test_yaml11_octal_and_sexagesimal_counts_are_not_guessed(
    written: str, meant: int | None
) -> None:
    # models.py promises YAML's loose typing is rejected with a hint, never guessed:
    # 010 is ten to a person (not octal 8); 1:30 is an hour and a half (not 90).
    text = BASE + f"effect:\n  annual_staff_hours: {written}\n"
    try:
        value = load(text).effect.annual_staff_hours
    except InputError as e:
        assert e.problems[0].location.line == 11
        return
    assert meant is not None and value == meant, f"{written!r} was silently read as {value}"


# --- duplicate keys, tags, merge keys, aliases ----------------------------------------------


def test_duplicate_top_level_key_names_line_of_first() -> None:
    p = only_problem(BASE + "id: other\n")
    assert at(p) == (10, 1)
    assert p.message == "duplicate key 'id' (first at line 2)"


def test_duplicate_nested_key_names_line_of_first() -> None:
    text = (
        BASE + "effect:\n  annual_staff_hours: 1\n  governments_doing: 3\n  annual_staff_hours: 2\n"
    )
    p = only_problem(text)
    assert at(p) == (13, 3)
    assert p.message == "duplicate key 'annual_staff_hours' (first at line 11)"


def test_duplicate_key_quoted_differently_is_still_a_duplicate() -> None:
    p = only_problem(BASE + '"kind": business\n')
    assert at(p) == (10, 1)
    assert p.message == "duplicate key 'kind' (first at line 3)"


@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("!!python/object/apply:os.system ['true']", 8),
        ("!!python/name:os.system", 8),
        ("!!python/object/new:dict {}", 8),
        ("!foo bar", 8),
        ("!foo {a: 1}", 8),
        ("!foo [1]", 8),
        ("!!binary aGVsbG8=", 8),
        ("!!set {a, b}", 8),
        ("!!omap [a: 1]", 8),
        ("!<tag:example.com,2000:x> y", 8),
    ],
)
def test_tags_are_rejected(value: str, column: int) -> None:
    p = only_problem(BASE + f"notes: {value}\n")
    assert at(p) == (10, column)
    assert "YAML tag" in p.message and "is not allowed" in p.message


def test_tag_on_a_key_is_rejected() -> None:
    p = only_problem(BASE + "? !!python/name:os.system\n: 1\n")
    assert at(p) == (10, 3)
    assert "is not allowed" in p.message


def test_tag_on_whole_document_is_rejected() -> None:
    p = only_problem("!!python/object:os.system\n" + BASE)
    assert at(p) == (1, 1)
    assert "is not allowed" in p.message


def test_core_tags_are_allowed() -> None:
    c = load(
        BASE.replace("ministry: 総務省", "ministry: !!str no") + "as_of: !!timestamp 2024-04-01\n"
    )
    assert c.ministry == "no"
    assert str(c.as_of) == "2024-04-01"


def test_merge_key_rejected() -> None:
    text = BASE + "effect: &e\n  annual_staff_hours: 1\nuser_needs:\n  <<: *e\n"
    p = only_problem(text)
    assert at(p) == (13, 3)
    assert p.message == "YAML merge keys (<<) are not allowed"
    assert p.hint == "write the keys out"


def test_merge_key_with_list_of_aliases_rejected() -> None:
    text = "a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n"
    with pytest.raises(InputError) as exc:
        parse(text, "c.yaml")
    assert at(exc.value.problems[0]) == (4, 3)
    assert "merge keys" in exc.value.problems[0].message


def _laughs(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_explosion_stopped_by_alias_limit() -> None:
    with pytest.raises(InputError) as exc:
        parse(_laughs(9, 9), "c.yaml", Limits(max_aliases=5))
    (p,) = exc.value.problems
    assert p.message == "more than 5 YAML aliases"
    assert p.location.line is not None and 1 <= p.location.line <= 10


def test_alias_explosion_stopped_by_node_limit() -> None:
    with pytest.raises(InputError) as exc:
        parse(_laughs(9, 9), "c.yaml", Limits(max_aliases=10**9, max_nodes=500))
    (p,) = exc.value.problems
    assert p.message == "more than 500 YAML nodes (alias explosion?)"
    assert p.location.line is not None


def test_a_few_aliases_within_limits_are_fine() -> None:
    doc = parse("a: &x [1, 2]\nb: *x\nc: *x\n", "c.yaml")
    assert doc.data == {"a": [1, 2], "b": [1, 2], "c": [1, 2]}


def test_self_referencing_alias_is_stopped() -> None:
    with pytest.raises(InputError) as exc:
        parse("a: &a [*a]\n", "c.yaml")
    assert at(exc.value.problems[0])[0] == 1


def test_default_limits_stop_a_real_billion_laughs_quickly(tmp_path: Path) -> None:
    """Run in a child process so a regression hangs a child with a timeout, not the suite."""
    bomb = write(tmp_path, "bomb.yaml", _laughs(12, 12))  # 12^12 ≈ 9·10^12 nodes
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from commonize.errors import InputError
        from commonize.loader import load_document
        start = time.perf_counter()
        try:
            load_document(Path({str(bomb)!r}))
            print("LOADED")
        except InputError as e:
            print(e.problems[0].message)
        print(time.perf_counter() - start)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30, check=True
    )
    message, seconds = out.stdout.strip().splitlines()
    assert message == f"more than {DEFAULT_LIMITS.max_aliases} YAML aliases"
    assert float(seconds) < 2


def test_example_alias_explosion_file_fails_fast() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError):
        parse(read_text(INVALID_DIR / "alias-explosion.yaml"), "x")
    assert time.perf_counter() - start < 2


# --- depth and size limits -----------------------------------------------------------------


def test_deep_flow_nesting() -> None:
    p = only_problem(BASE + "notes: " + "[" * 40 + "]" * 40 + "\n")
    assert at(p) == (10, 40)
    assert p.message == "nesting deeper than 32 levels"


def test_deep_block_nesting() -> None:
    lines = [f"{'  ' * i}k{i}:" for i in range(40)]
    p = only_problem(BASE + "\n".join(lines) + " 1\n")
    assert p.message == "nesting deeper than 32 levels"
    assert p.location.line is not None and p.location.line >= 10


def test_very_deep_nesting_is_an_input_error_not_a_crash() -> None:
    p = only_problem("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert p.location.line == 1
    assert "nesting" in p.message


def test_custom_depth_limit() -> None:
    with pytest.raises(InputError) as exc:
        parse("a: [[[1]]]\n", "c.yaml", Limits(max_depth=3))
    assert exc.value.problems[0].message == "nesting deeper than 3 levels"
    parse("a: [[1]]\n", "c.yaml", Limits(max_depth=3))


def test_large_custom_depth_limit_does_not_recurse_out() -> None:
    limits = Limits(max_depth=100_000, max_aliases=10**9, max_nodes=10**9)
    with pytest.raises(InputError):
        parse("a: &a [*a]\n", "c.yaml", limits)


def test_file_larger_than_max_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "big.yaml", "a" * 101)
    with pytest.raises(InputError) as exc:
        read_text(path, Limits(max_bytes=100))
    (p,) = exc.value.problems
    assert p.location == SourceLocation(str(path))
    assert "larger than the limit of 100 bytes" in p.message
    assert "COMMONIZE_MAX_BYTES" in p.message  # says how to raise it


def test_file_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", "a" * 100)
    assert read_text(path, Limits(max_bytes=100)) == "a" * 100


def test_a_file_longer_than_its_stat_size_is_read_to_its_end_or_the_cap(tmp_path: Path) -> None:
    # fstat's size is only where reading starts: a file that grew after it (or one that
    # reports no size, like those in /proc) is read on in chunks, and never past the cap.
    from commonize.loader import _read_at_most

    path = tmp_path / "grown.yaml"
    body = bytes(range(256)) * 1000  # several 64 KiB chunks
    path.write_bytes(body)
    for stale_size, cap, expected in (
        (0, 10**6, body),
        (10, 10**6, body),
        (len(body), 10**6, body),
        (0, 70_000, body[:70_000]),
        (len(body), 100, body[:100]),
    ):
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _read_at_most(fd, stale_size, cap) == expected
        finally:
            os.close(fd)


def test_file_larger_than_default_limit_rejected_fast(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "big.yaml", BASE + "notes: " + "x" * DEFAULT_LIMITS.max_bytes + "\n")
    start = time.perf_counter()
    loaded = load_candidate(path, compiled.ruleset)
    assert time.perf_counter() - start < 2
    assert loaded.candidate is None
    assert f"{DEFAULT_LIMITS.max_bytes:,} bytes" in loaded.problems[0].message


def test_large_file_just_under_the_limit_is_parsed(tmp_path: Path, compiled) -> None:
    body = "".join(f"k{i}: {i}\n" for i in range(DEFAULT_LIMITS.max_nodes // 2 - 100))
    path = write(tmp_path, "many.yaml", BASE + "notes: " + "x" * 500_000 + "\n" + body)
    assert path.stat().st_size < DEFAULT_LIMITS.max_bytes
    start = time.perf_counter()
    loaded = load_candidate(path, compiled.ruleset)
    assert time.perf_counter() - start < 10  # about 1 s; generous for a loaded machine
    assert loaded.candidate is None  # thousands of unknown keys, and notes too long


def test_limits_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMONIZE_MAX_BYTES", " 500 ")
    monkeypatch.setenv("COMMONIZE_MAX_DEPTH", "-3")  # not a count: ignored
    monkeypatch.setenv("COMMONIZE_MAX_NODES", "many")  # ignored
    monkeypatch.delenv("COMMONIZE_MAX_ALIASES", raising=False)
    assert Limits.from_env() == Limits(max_bytes=500)


def test_limits_from_env_ignores_digit_like_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMONIZE_MAX_DEPTH", "²")
    assert Limits.from_env().max_depth == Limits().max_depth


def test_node_limit_applies_to_valid_files_too(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", dump(minimal(sources=[{"title": f"t{i}"} for i in range(20)])))
    limits = Limits(max_nodes=30)
    with pytest.raises(InputError):
        parse(read_text(path, limits), str(path), limits)
    loaded = load_candidate(path, compiled.ruleset, limits)
    assert loaded.candidate is None


# --- bytes and encodings --------------------------------------------------------------------


def test_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", BASE.encode() + b"notes: a\x00b\n")
    with pytest.raises(InputError) as exc:
        read_text(path)
    (p,) = exc.value.problems
    assert p.location.path == str(path)
    assert "NUL bytes" in p.message and "binary" in p.message


@pytest.mark.parametrize("seed", range(5))
def test_binary_junk(tmp_path: Path, compiled, seed: int) -> None:
    import random

    junk = random.Random(seed).randbytes(4096)
    loaded = load_candidate(write(tmp_path, "junk.yaml", junk), compiled.ruleset)
    assert loaded.candidate is None and loaded.problems


def test_png_header_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError) as exc:
        read_text(path)
    assert exc.value.problems[0].message == "file is not valid UTF-8"


def test_invalid_utf8_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", BASE.encode() + b"notes: caf\xe9\n")
    with pytest.raises(InputError) as exc:
        read_text(path)
    (p,) = exc.value.problems
    assert p.location == SourceLocation(str(path), 10)
    assert p.message == "file is not valid UTF-8"
    assert p.hint == "save it as UTF-8"


def test_shift_jis_file_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", BASE.encode("shift_jis"))
    with pytest.raises(InputError) as exc:
        read_text(path)
    assert exc.value.problems[0].location.line == 5  # the first Japanese text: ja: サンプル


def test_invalid_utf8_after_bom_reports_the_right_line(tmp_path: Path) -> None:
    path = write(tmp_path, "c.yaml", b"\xef\xbb\xbfa\n\xff\n")
    with pytest.raises(InputError) as exc:
        read_text(path)
    assert exc.value.problems[0].location.line == 2


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_a_clear_error(tmp_path: Path, encoding: str) -> None:
    raw = BASE.encode(encoding)
    if encoding != "utf-16":
        raw = ("\ufeff" + BASE).encode(encoding)
    path = write(tmp_path, "c.yaml", raw)
    with pytest.raises(InputError) as exc:
        read_text(path)
    (p,) = exc.value.problems
    assert p.location == SourceLocation(str(path))
    assert p.message == "file is UTF-16; save it as UTF-8"


def test_utf16_without_bom_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_text(write(tmp_path, "c.yaml", BASE.encode("utf-16-le")))


def test_utf8_with_bom_is_accepted(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", b"\xef\xbb\xbf" + BASE.encode())
    assert read_text(path) == BASE
    loaded = load_candidate(path, compiled.ruleset)
    assert loaded.candidate == Candidate.model_validate(minimal())


def test_utf8_with_bom_keeps_line_and_column(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", b"\xef\xbb\xbf" + (BASE + "descripton: x\n").encode())
    (p,) = load_candidate(path, compiled.ruleset).problems
    assert at(p) == (10, 1)


def test_crlf_is_accepted(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", BASE.replace("\n", "\r\n"))
    loaded = load_candidate(path, compiled.ruleset)
    assert loaded.candidate == Candidate.model_validate(minimal())
    assert "\r" not in loaded.candidate.description


def test_crlf_line_numbers_are_right(tmp_path: Path, compiled) -> None:
    text = (BASE + "user_needs:\n  user_per_year: 5\nkind: business\n").replace("\n", "\r\n")
    problems = load_candidate(write(tmp_path, "c.yaml", text), compiled.ruleset).problems
    (p,) = problems  # the duplicate key stops the walk
    assert at(p) == (12, 1)
    assert p.message == "duplicate key 'kind' (first at line 3)"
    text = (BASE + "user_needs:\n  user_per_year: 5\n").replace("\n", "\r\n")
    (p,) = load_candidate(write(tmp_path, "d.yaml", text), compiled.ruleset).problems
    assert at(p) == (11, 3)


def test_literal_block_with_crlf_has_plain_newlines() -> None:
    c = load((BASE + "notes: |\n  one\n  two\n").replace("\n", "\r\n"))
    assert c.notes == "one\ntwo"


def test_raw_control_character_in_file_reports_its_line() -> None:
    p = only_problem(BASE.replace("  en: Sample", "  en: Sam\x07ple"))
    assert p.location.line == 6
    assert "<unicode string>" not in p.message


# --- empty, top level, several documents ----------------------------------------------------


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# only\n# comments\n", "\ufeff"])
def test_empty_or_only_comments(text: str) -> None:
    with pytest.raises(InputError) as exc:
        parse(text, "c.yaml")
    (p,) = exc.value.problems
    assert p.location == SourceLocation("c.yaml")
    assert p.message == "file is empty (or holds only comments)"


@pytest.mark.parametrize(
    ("text", "found", "place"),
    [
        ("- a\n- b\n", "a list", (1, 1)),
        ("# c\nhello\n", "text", (2, 1)),
        ("42\n", "a number", (1, 1)),
        ("~\n", "nothing", (1, 1)),
        ("[1, 2]\n", "a list", (1, 1)),
    ],
)
def test_top_level_not_a_mapping(text: str, found: str, place: tuple[int, int]) -> None:
    p = only_problem(text)
    assert at(p) == place
    assert p.message == f"expected a mapping of keys at the top, found {found}"


def test_several_documents() -> None:
    p = only_problem(BASE + "---\n" + BASE)
    assert at(p) == (11, 1)
    assert "several YAML documents" in p.message and "one candidate in each file" in p.message


def test_several_documents_second_empty() -> None:
    p = only_problem(BASE + "---\n")
    assert "several YAML documents" in p.message


def test_single_document_with_markers_is_fine() -> None:
    assert load("---\n" + BASE + "...\n") == Candidate.model_validate(minimal())


def test_yaml_syntax_error_has_place() -> None:
    p = only_problem(BASE + "notes: [unclosed\n")
    assert p.message.startswith("YAML syntax error")
    assert p.location.line is not None and p.location.line >= 10


def test_tab_indentation_is_a_syntax_error_with_place() -> None:
    p = only_problem(BASE + "effect:\n\tannual_staff_hours: 1\n")
    assert at(p) == (11, 1)
    assert p.message.startswith("YAML syntax error")


# --- numbers --------------------------------------------------------------------------------

_PERCENTS = [
    "user_needs.online_share_pct",
    "user_needs.survey_support_pct",
    "effect.expected_cost_reduction_pct",
    "effect.expected_staff_hours_reduction_pct",
]


def _section(dotted: str, value: str) -> str:
    section, key = dotted.split(".")
    return f"{section}:\n  {key}: {value}\n"


@pytest.mark.parametrize("field", _PERCENTS)
@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_nan_and_inf_percent_rejected(field: str, value: str) -> None:
    p = only_problem(BASE + _section(field, value))
    assert (at(p), p.field) == ((11, 3), field)
    assert "finite number" in p.message


@pytest.mark.parametrize("value", ["-0.1", "100.5", "1e3", "-5"])
def test_percent_out_of_range(value: str) -> None:
    with pytest.raises(InputError) as exc:
        load(BASE + _section("user_needs.online_share_pct", value))
    assert exc.value.problems[0].field == "user_needs.online_share_pct"


@pytest.mark.parametrize("value", ["0", "100", "12.5", "0.0"])
def test_percent_in_range(value: str) -> None:
    c = load(BASE + _section("user_needs.online_share_pct", value))
    assert c.user_needs.online_share_pct.value == float(value)


@pytest.mark.parametrize(
    "field",
    [
        "user_needs.users_per_year",
        "user_needs.requesting_governments",
        "effect.governments_doing",
        "effect.annual_cost_jpy",
        "effect.annual_staff_hours",
        "feasibility.market_products",
        "solution.joint_procurement_prefectures",
    ],
)
def test_negative_counts_rejected(field: str) -> None:
    p = only_problem(BASE + _section(field, "-1"))
    assert (at(p), p.field) == ((11, 3), field)
    assert p.message == "Input should be greater than or equal to 0"


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("effect.annual_cost_jpy", 10**15),
        ("effect.governments_doing", 1788),
        ("solution.joint_procurement_prefectures", 47),
        ("feasibility.contracts_end_year", 2100),
    ],
)
def test_count_upper_bounds(field: str, limit: int) -> None:
    assert load(BASE + _section(field, str(limit))) is not None
    p = only_problem(BASE + _section(field, str(limit + 1)))
    assert p.field == field
    assert p.message == f"Input should be less than or equal to {limit}"


@pytest.mark.parametrize("digits", [20, 100, 4000])
def test_huge_ints_rejected(digits: int) -> None:
    p = only_problem(BASE + _section("effect.annual_cost_jpy", "9" * digits))
    assert (at(p), p.field) == ((11, 3), "effect.annual_cost_jpy")


def test_huge_int_beyond_python_str_limit_is_an_input_error() -> None:
    p = only_problem(BASE + _section("effect.annual_cost_jpy", "9" * 5000))
    assert p.location.line == 11


def test_huge_int_message_is_short_and_user_facing() -> None:
    p = only_problem(BASE + _section("effect.annual_cost_jpy", "9" * 5000))
    assert len(str(p)) < 300
    assert "sys.set_int_max_str_digits" not in str(p)


def test_huge_float_for_percent_rejected() -> None:
    p = only_problem(BASE + _section("user_needs.online_share_pct", "1.0e400"))
    assert p.field == "user_needs.online_share_pct"


@pytest.mark.parametrize("value", ["true", "1.0", "1e6"])
def test_count_must_be_a_plain_integer(value: str) -> None:
    p = only_problem(BASE + _section("effect.annual_staff_hours", value))
    assert (at(p), p.field) == ((11, 3), "effect.annual_staff_hours")


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["2024/04/01", "2024-4-1", "01-04-2024", "April 2024", "2024-04-01 10:00:00", "20240401"],
)
def test_as_of_in_wrong_format_rejected(value: str) -> None:
    p = only_problem(BASE + f"as_of: {value}\n")
    assert at(p)[0] == 10
    assert p.field == "as_of" or "cannot read" in p.message


@pytest.mark.parametrize("value", ["2024-13-01", "2024-02-30"])
def test_as_of_impossible_date_rejected_with_place(value: str) -> None:
    p = only_problem(BASE + f"as_of: {value}\n")
    assert at(p) == (10, 8)
    assert "as a date" in p.message and value in p.message and "YYYY-MM-DD" in (p.hint or "")


def test_as_of_valid() -> None:
    assert str(load(BASE + "as_of: 2024-04-01\n").as_of) == "2024-04-01"


def test_as_of_wrong_format_hint_names_the_format() -> None:
    p = only_problem(BASE + "as_of: 2024/04/01\n")
    assert p.hint is not None and "YYYY-MM-DD" in p.hint


# --- ids and text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "../x",
        "a/b",
        "a\\\\b",
        "x/../../etc",
        ".",
        "..",
        "/abs",
        "Sample",
        "",
        "a b",
        "a.yaml",
        "-a",
    ],
)
def test_bad_ids_rejected(value: str) -> None:
    p = only_problem(BASE.replace("id: sample", f'id: "{value}"'))
    assert (at(p), p.field) == ((2, 1), "id")


@pytest.mark.parametrize("value", ["a", "a-b", "a_b", "x1-2_3", "a" * 80])
def test_good_ids_accepted(value: str) -> None:
    assert load(BASE.replace("id: sample", f"id: {value}")).id == value


def test_id_too_long_rejected() -> None:
    p = only_problem(BASE.replace("id: sample", f"id: {'a' * 81}"))
    assert p.field == "id"


@pytest.mark.parametrize(
    "char", ["\\x07", "\\x1b", "\\x7f", "\\x85", "\\x9b", "\\u202e", "\\u202a", "\\u2066", "\\0"]
)
@pytest.mark.parametrize(
    ("old", "key", "place", "field"),
    [
        ("  en: Sample", "  en", (6, 3), "name.en"),
        ("  ja: サンプル", "  ja", (5, 3), "name.ja"),
        ("ministry: 総務省", "ministry", (7, 1), "ministry"),
        ("description: A test candidate.", "description", (8, 1), "description"),
    ],
)
def test_control_and_bidi_characters_rejected(
    char: str, old: str, key: str, place: tuple[int, int], field: str
) -> None:
    p = only_problem(BASE.replace(old, f'{key}: "Sam{char}ple"'))
    assert (at(p), p.field) == (place, field)


def test_rlo_in_notes_and_sources_rejected() -> None:
    text = BASE + 'notes: "a\\u202eb"\nsources:\n  - title: "t\\u202et"\n    note: "\\u2067x"\n'
    problems = problems_of(text)
    assert [(at(p), p.field) for p in problems] == [
        ((10, 1), "notes"),
        ((12, 5), "sources.0.title"),
        ((13, 5), "sources.0.note"),
    ]


@pytest.mark.parametrize("char", ["\\u202e", "\\x07"], ids=["rlo", "bel"])
@pytest.mark.parametrize(
    "extra",
    [
        'sources:\n  - title: t\n    url: "https://example.org/{c}gpj.exe"\n',
        "decisions:\n  - meeting: {{date: 2024-04-01, name: m}}\n    track: deferred\n"
        '    reason: r\n    approved_by: a\n    minutes: ["minutes{c}"]\n',
    ],
    ids=["url", "minutes"],
)
def test_control_and_bidi_characters_rejected_in_urls_and_minutes(extra: str, char: str) -> None:
    problems = problems_of(BASE + extra.format(c=char))
    assert problems[0].field in ("sources.0.url", "decisions.0.minutes.0")


def test_plain_equals_sign_is_text() -> None:
    assert load(BASE + "notes: =\n").notes == "="


def test_tabs_and_newlines_allowed_in_long_text() -> None:
    c = load(BASE + 'notes: "a\\tb\\nc"\n')
    assert c.notes == "a\tb\nc"


@pytest.mark.parametrize("value", ["''", "'   '", '"\\u3000\\t"'])
def test_blank_required_text_rejected(value: str) -> None:
    p = only_problem(BASE.replace("ministry: 総務省", f"ministry: {value}"))
    assert (at(p), p.field) == ((7, 1), "ministry")


@pytest.mark.parametrize(
    ("old", "new"),
    [("id: sample", 'id: "../x"'), ("  en: Sample", '  en: "Sample\\u202Egpj.exe"')],
    ids=["id", "rlo"],
)
def test_pattern_errors_have_a_plain_language_hint(old: str, new: str) -> None:
    p = only_problem(BASE.replace(old, new))
    assert p.hint is not None
    assert "^" not in p.message


# --- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["yes", "~", "1.5", "2024-01-01"])
def test_keys_that_are_not_text_rejected(key: str) -> None:
    p = only_problem(BASE + f"{key}: 1\n")
    assert at(p) == (10, 1)
    assert "is not text" in p.message
    assert p.hint == "quote the key"


def test_complex_key_rejected() -> None:
    p = only_problem(BASE + "? [a, b]\n: 1\n")
    assert at(p) == (10, 3)
    assert p.message == "a mapping key must be a plain scalar"


# --- all problems at once -------------------------------------------------------------------


def test_all_problems_of_a_file_at_once_sorted_by_line(compiled) -> None:
    path = INVALID_DIR / "three-problems.yaml"
    problems = load_candidate(path, compiled.ruleset).problems
    assert [(at(p), p.field) for p in problems] == [
        ((2, 1), "ministry"),
        ((4, 1), "kind"),
        ((10, 1), "notes"),
    ]
    assert problems[1].hint == "did you mean 'system'?"


def test_many_problems_across_sections_sorted() -> None:
    text = BASE.replace("kind: system", "kind: sistem") + (
        "effect:\n"
        "  annual_staff_hours: -1\n"
        "  expected_cost_reduction_pct: .nan\n"
        "user_needs:\n"
        "  users: everyone\n"
        "  online_share_pct: '３０'\n"
        "notes: yes\n"
        "extra: 1\n"
    )
    problems = problems_of(text)
    assert [at(p)[0] for p in problems] == [3, 11, 12, 14, 15, 16, 17]
    assert [p.field for p in problems] == [
        "kind",
        "effect.annual_staff_hours",
        "effect.expected_cost_reduction_pct",
        "user_needs.users",
        "user_needs.online_share_pct",
        "notes",
        "extra",
    ]
    assert problems == sorted(problems, key=lambda p: (p.location, p.field or ""))


def test_problems_of_one_line_sorted_by_field() -> None:
    problems = problems_of(BASE + "sources:\n  - titel: x\n")
    assert [p.field for p in problems] == ["sources.0.titel", "sources.0.title"]
    assert {at(p) for p in problems} == {(11, 5)}


# --- Document.locate --------------------------------------------------------------------------


def test_locate_deepest_known_prefix() -> None:
    doc = parse(BASE + "sources:\n  - title: a\n    url: http://x\n", "c.yaml")
    assert doc.locate(("sources", 0, "url")) == SourceLocation("c.yaml", 12, 5)
    assert doc.locate(("sources", 0, "nope", "deeper")) == SourceLocation("c.yaml", 11, 5)
    assert doc.locate(("sources",)) == SourceLocation("c.yaml", 10, 1)
    assert doc.locate(("nowhere",)) == SourceLocation("c.yaml", 1, 1)
    assert doc.locate(()) == SourceLocation("c.yaml", 1, 1)


def test_locate_on_empty_positions_falls_back_to_line_1() -> None:
    assert Document("x.yaml", {}, {}).locate(("a", "b")) == SourceLocation("x.yaml", 1, 1)


# --- api: standardized businesses, duplicate ids, batches -------------------------------------


def test_unknown_standardized_business_nearest_suggestion(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", BASE + "standardized_business: koseki_fuhyo\n")
    (p,) = load_candidate(path, compiled.ruleset).problems
    assert p.location == SourceLocation(str(path), 10, 1)
    assert p.field == "standardized_business"
    assert p.hint == "did you mean 'koseki_no_fuhyo'?"


def test_unknown_standardized_business_far_off_points_at_the_list(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", BASE + "standardized_business: zzz\n")
    (p,) = load_candidate(path, compiled.ruleset).problems
    assert p.hint == "see rules/standardized_businesses.yaml"


def test_known_standardized_business_accepted(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "c.yaml", BASE + "standardized_business: koseki\n")
    loaded = load_candidate(path, compiled.ruleset)
    assert loaded.candidate is not None and loaded.candidate.standardized_business == "koseki"


def test_duplicate_ids_later_file_names_both(tmp_path: Path, compiled) -> None:
    # First file in path order keeps the id (results can be streamed); later ones are errors.
    a = write(tmp_path, "a.yaml", dump(minimal(id="dup")))
    (tmp_path / "sub").mkdir()
    b = write(tmp_path / "sub", "b.yaml", dump(minimal(id="dup")))
    c = write(tmp_path, "c.yaml", dump(minimal(id="other")))
    loaded = {item.path: item for item in load_candidates([tmp_path], compiled.ruleset)}
    assert loaded[c.as_posix()].candidate is not None
    assert loaded[a.as_posix()].candidate is not None
    item = loaded[b.as_posix()]
    assert item.candidate is None
    (p,) = item.problems
    assert p.location.path == b.as_posix() and p.field == "id"
    assert a.as_posix() in p.message and "'dup'" in p.message
    assert p.hint == "ids must be unique across the batch"


def test_duplicate_ids_three_files_each_later_names_the_first(tmp_path: Path, compiled) -> None:
    paths = [write(tmp_path, f"{n}.yaml", dump(minimal(id="dup"))) for n in "abc"]
    first, *later = load_candidates([tmp_path], compiled.ruleset)
    assert first.candidate is not None
    for item in later:
        assert paths[0].as_posix() in item.problems[0].message


def test_duplicate_ids_same_in_evaluate_whatever_the_jobs(tmp_path: Path, compiled) -> None:
    for n in "abc":
        write(tmp_path, f"{n}.yaml", dump(minimal(id="dup")))
    one = evaluate_paths([tmp_path], rules=compiled, jobs=1)
    two = evaluate_paths([tmp_path], rules=compiled, jobs=2)
    assert one.results == two.results
    assert [r.status for r in one.results] == [OK, INVALID, INVALID]


def test_same_file_named_twice_is_not_a_duplicate_id(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "a.yaml", dump(minimal()))
    loaded = load_candidates([path, tmp_path, path], compiled.ruleset)
    assert len(loaded) == 1 and loaded[0].candidate is not None


def test_duplicate_id_problem_names_the_id_line(tmp_path: Path, compiled) -> None:
    write(tmp_path, "a.yaml", dump(minimal(id="dup")))
    write(tmp_path, "b.yaml", dump(minimal(id="dup")))
    (_, second) = load_candidates([tmp_path], compiled.ruleset)
    assert second.problems[0].location.line is not None


def test_bad_file_does_not_stop_the_batch(tmp_path: Path, compiled) -> None:
    bad = write(tmp_path, "a-bad.yaml", BASE + "user_needs:\n  user_per_year: 5\n")
    good = write(tmp_path, "b-good.yaml", dump(strong()))
    batch = evaluate_paths([tmp_path], rules=compiled)
    by_path = {r.path: r for r in batch.results}
    assert set(by_path) == {bad.as_posix(), good.as_posix()}
    assert by_path[good.as_posix()].status == OK
    assert by_path[good.as_posix()].track in TRACKS
    assert by_path[bad.as_posix()].status == INVALID
    assert by_path[bad.as_posix()].track is None
    assert at(by_path[bad.as_posix()].problems[0]) == (11, 3)
    assert batch.exit_code == 1


def test_all_good_batch_exit_code_zero(tmp_path: Path, compiled) -> None:
    write(tmp_path, "a.yaml", dump(strong()))
    write(tmp_path, "b.yaml", dump(minimal(id="b")))
    batch = evaluate_paths([tmp_path], rules=compiled)
    assert [r.status for r in batch.results] == [OK, OK]
    assert batch.exit_code == 0


@pytest.mark.parametrize("value", ["!!bool maybe", "!!timestamp x", "!!int", "!!float ''"])
def test_bad_value_for_explicit_core_tag_does_not_stop_the_batch(
    tmp_path: Path, compiled, value: str
) -> None:
    write(tmp_path, "a-bad.yaml", BASE + f"user_needs:\n  citizen_facing: {value}\n")
    write(tmp_path, "b-good.yaml", dump(strong()))
    batch = evaluate_paths([tmp_path], rules=compiled)
    assert [r.status for r in batch.results] == [INVALID, OK]
    assert batch.results[0].problems[0].location.line == 11


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("!!int 1e3", "cannot read '1e3' as an integer"),
        ("!!float x", "cannot read 'x' as a number"),
    ],
)
def test_bad_value_for_explicit_int_or_float_tag(value: str, error: str) -> None:
    p = only_problem(BASE + f"notes: {value}\n")
    assert at(p) == (10, 8)
    assert error in p.message


# --- unreadable files, symlink loops ---------------------------------------------------------


def test_unreadable_file_does_not_crash(tmp_path: Path, compiled) -> None:
    path = write(tmp_path, "locked.yaml", dump(minimal()))
    write(tmp_path, "ok.yaml", dump(minimal(id="ok")))
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read a mode-000 file (root)")
        loaded = {i.path: i for i in load_candidates([tmp_path], compiled.ruleset)}
        (p,) = loaded[path.as_posix()].problems
        assert p.location == SourceLocation(str(path))
        assert p.message.startswith("cannot read file:")
        assert "ermission" in p.message
        assert loaded[(tmp_path / "ok.yaml").as_posix()].candidate is not None
    finally:
        path.chmod(0o644)


def test_read_error_becomes_an_input_error(
    tmp_path: Path, compiled, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above when running as root: make opening the file fail."""
    path = write(tmp_path, "locked.yaml", dump(minimal()))
    real_open = os.open

    def deny(name, *args, **kwargs):
        if Path(name) == path:
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    (item,) = load_candidates([tmp_path], compiled.ruleset)
    assert item.candidate is None
    assert item.problems[0].message == "cannot read file: Permission denied"
    assert item.problems[0].location == SourceLocation(str(path))


def test_read_text_on_a_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        read_text(tmp_path)
    assert exc.value.problems[0].message.startswith("cannot read file:")


def test_directory_symlink_loop_does_not_hang(tmp_path: Path, compiled) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    write(sub, "a.yaml", dump(minimal()))
    os.symlink(tmp_path, sub / "loop")  # sub/loop → its parent
    os.symlink(sub, sub / "self")  # sub/self → sub
    found = discover([tmp_path])
    assert found == [sub / "a.yaml"]
    loaded = load_candidates([tmp_path, sub / "loop"], compiled.ruleset)
    assert len(loaded) == 1 and loaded[0].candidate is not None


def test_file_symlink_loop_is_an_invalid_result(tmp_path: Path, compiled) -> None:
    os.symlink("self.yaml", tmp_path / "self.yaml")
    os.symlink("b.yaml", tmp_path / "a.yaml")
    os.symlink("a.yaml", tmp_path / "b.yaml")
    write(tmp_path, "ok.yaml", dump(minimal()))
    batch = evaluate_paths([tmp_path], rules=compiled)
    statuses = {Path(r.path).name: r.status for r in batch.results}
    assert statuses == {"a.yaml": INVALID, "b.yaml": INVALID, "self.yaml": INVALID, "ok.yaml": OK}
    for r in batch.results:
        if r.status == INVALID:
            assert r.problems[0].message.startswith("cannot read file:")


def test_dangling_symlink_is_an_invalid_result(tmp_path: Path, compiled) -> None:
    os.symlink(tmp_path / "missing.yaml", tmp_path / "dangling.yaml")
    (item,) = load_candidates([tmp_path], compiled.ruleset)
    assert item.candidate is None
    assert item.problems[0].message.startswith("cannot read file:")
