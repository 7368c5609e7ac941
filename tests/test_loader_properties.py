"""Property tests of the loader: whatever the input, the answer is data or problems, never a crash.

Strategies for valid candidates are derived from the pydantic models themselves, so a field
added to the schema is generated (or the strategy builder says it cannot, loudly).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import types
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, StringConstraints, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from commonize.api import default_rules_dir, evaluate_paths, load_candidate
from commonize.errors import InputError
from commonize.loader import decode, fast_data, parse, read_text, validate
from commonize.models import Candidate, Decision, is_measure
from commonize.results import OK, TRACKS
from commonize.rules.load import load_ruleset
from conftest import CANDIDATES, minimal, strong

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,  # leave no .hypothesis/ behind
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# --- (1) any text or bytes: only InputError ----------------------------------------------

# Pieces of YAML syntax, so that random text reaches the walker and not only the scanner.
_TOKENS = [
    "a", "id", "kind", "name", "ja", "en", "x", "1", "0", "-1", "1.5", "1,000", "３０", "010",
    "0x1F", "1:30", ".nan", ".inf", "~", "null", "yes", "no", "on", "2024-01-01", "2024-13-01",
    "9" * 30, ":", ": ", " ", "  ", "\n", "\r\n", "\t", "-", "- ", "[", "]", "{", "}", ",",
    "?", "? ", "&a ", "*a", "&b ", "*b", "<<: ", "!", "!!str ", "!!null ", "!foo ",
    "!!python/object/apply:os.system ", "!!binary ", "!!set ", "'", '"', "#", "|", ">", "---",
    "...", "%YAML 1.1\n", "%TAG !e! tag:example.com,2000:\n", "\\", "\ufeff", "\u202e", "é",
    "サンプル",
]  # fmt: skip
_YAMLISH = st.lists(st.sampled_from(_TOKENS), max_size=60).map("".join)


@SETTINGS
@given(st.one_of(st.text(max_size=300), _YAMLISH))
@example("a: &a [*a]\n")
@example("a: " + "[" * 2000 + "]" * 2000)
@example("!!python/name:os.system\n")
def test_parse_random_text_only_raises_input_error(text: str) -> None:
    # st.text never yields lone surrogates; read_text cannot produce them either.
    try:
        doc = parse(text, "x.yaml")
    except InputError as e:
        _check_problems(e.problems, "x.yaml", text)
        return
    try:
        validate(doc, Candidate)
    except InputError as e:
        _check_problems(e.problems, "x.yaml", text)


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=300),
        _YAMLISH.map(lambda t: t.encode("utf-8")),
        _YAMLISH.map(lambda t: t.encode("utf-16")),
        st.tuples(_YAMLISH, st.binary(max_size=4), _YAMLISH).map(
            lambda t: t[0].encode() + t[1] + t[2].encode()
        ),
    )
)
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00\x00")
@example(b"a: 1\n\x00")
def test_read_text_and_parse_random_bytes_only_raise_input_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "x.yaml")
        path.write_bytes(raw)
        try:
            text = read_text(path)
            validate(parse(text, str(path)), Candidate)
        except InputError as e:
            _check_problems(e.problems, str(path), None)


def _check_problems(problems: list, path: str, text: str | None) -> None:
    assert problems
    for p in problems:
        assert p.location.path == path
        assert isinstance(p.message, str) and p.message
        if p.location.line is not None:
            assert p.location.line >= 1
            if text is not None:
                # libyaml counts \r, \n, \r\n, NEL and LS/PS as line breaks.
                breaks = sum(text.count(c) for c in "\n\r\x85\u2028\u2029")
                assert p.location.line <= breaks + 2
        if p.location.column is not None:
            assert p.location.column >= 1
        assert str(p).startswith(str(p.location))


# --- (2) mutations of a valid file ----------------------------------------------------------

_VALID = strong(
    id="mutant",
    as_of="2024-04-01",
    standardized_business=None,
    notes="Some notes: with a colon, and # a hash",
    sources=[
        {"title": "White paper", "url": "https://example.org/a.pdf", "accessed": "2024-03-01"},
        {"title": "Survey", "document": "Annex 2", "note": "page 4"},
    ],
)
_VALID_TEXT = (
    yaml.safe_dump(_VALID, allow_unicode=True, sort_keys=False)
    .replace("'2024-04-01'", "2024-04-01")
    .replace("'2024-03-01'", "2024-03-01")
)
_LINES = _VALID_TEXT.splitlines(keepends=True)

_SCALARS = [
    "no", "yes", "off", "~", "''", "1,000", "３０", "-5", ".nan", "-.inf", "1e400", "9" * 40,
    "[1, 2]", "{a: 1}", "!foo x", "!!python/name:os.system", "&x 1", "*x", "*undefined",
    "2024/04/01", "2024-02-30", '"\\u202e"', '"\\x07"', "|", ">-", "'unterminated", "x: y",
]  # fmt: skip


@st.composite
def _mutation(draw: st.DrawFn, lines: list[str]) -> list[str]:
    lines = list(lines)
    kind = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "replace", "indent"]))
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(draw(st.integers(0, len(lines))), lines[i])
    elif kind == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        ki, _, vi = lines[i].partition(":")
        kj, _, vj = lines[j].partition(":")
        if vi and vj:
            lines[i], lines[j] = f"{ki}:{vj}", f"{kj}:{vi}"
        else:
            lines[i], lines[j] = lines[j], lines[i]
    elif kind == "insert":
        line = lines[i]
        at = draw(st.integers(0, len(line)))
        junk = draw(st.one_of(st.text(min_size=1, max_size=5), st.sampled_from(_TOKENS)))
        lines[i] = line[:at] + junk + line[at:]
    elif kind == "replace":
        key, sep, _ = lines[i].partition(": ")
        if sep:
            lines[i] = f"{key}: {draw(st.sampled_from(_SCALARS))}\n"
    else:
        lines[i] = draw(st.sampled_from([" ", "  ", "\t", "- "])) + lines[i]
    return lines


@st.composite
def _mutated_text(draw: st.DrawFn) -> str:
    lines = _LINES
    for _ in range(draw(st.integers(1, 3))):
        lines = draw(_mutation(lines)) or ["\n"]
    return "".join(lines)


_RULESET = load_ruleset(default_rules_dir())


def test_the_unmutated_file_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(_VALID_TEXT, encoding="utf-8")
    loaded = load_candidate(path, _RULESET)
    assert loaded.candidate == Candidate.model_validate(
        {**_VALID, "as_of": dt.date(2024, 4, 1), "sources": _dated(_VALID["sources"])}
    )


def _dated(sources: list[dict]) -> list[dict]:
    return [
        {**s, "accessed": dt.date.fromisoformat(s["accessed"])} if "accessed" in s else s
        for s in sources
    ]


@SETTINGS
@given(_mutated_text())
def test_mutated_valid_file_gives_candidate_or_problems(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "c.yaml")
        path.write_text(text, encoding="utf-8", newline="")
        loaded = load_candidate(path, _RULESET)
    assert loaded.path == path.as_posix()
    event("still valid" if loaded.candidate is not None else "invalid")
    if loaded.candidate is not None:
        assert isinstance(loaded.candidate, Candidate)
        assert loaded.problems == ()
        return
    _check_problems(list(loaded.problems), path.as_posix(), text)


@SETTINGS
@given(_mutated_text())
def test_fast_path_and_careful_path_agree(text: str) -> None:
    """load_candidate's fast path must accept exactly what the careful parse + validate does."""
    try:
        careful: Candidate | None = validate(parse(text, "c.yaml"), Candidate)
    except InputError:
        careful = None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "c.yaml")
        path.write_text(text, encoding="utf-8", newline="")
        loaded = load_candidate(path, _RULESET)
    business = careful.standardized_business if careful else None
    if careful is not None and business is not None and business not in _RULESET.businesses:
        careful = None
    assert loaded.candidate == careful


# --- (3) valid candidates round-trip through YAML -------------------------------------------

_TEXT_ALPHABET = st.one_of(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs", "Cc", "Cf", "Co", "Cn", "Zl", "Zp"),
    ),
    st.sampled_from(list("\n\t :#-'\"&*!|>%@`{}[],?")),
)


def _string(constraints: StringConstraints) -> st.SearchStrategy[str]:
    pattern = constraints.pattern
    adapter = TypeAdapter(Annotated[str, constraints])
    if pattern is not None and pattern.startswith("^[^"):  # Text / LongText: any plain text
        base = st.text(_TEXT_ALPHABET, max_size=min(constraints.max_length or 40, 40))
    elif pattern is not None:
        # Generate with \A…\Z: Python's $ would also allow a trailing newline.
        base = st.from_regex("\\A" + pattern.strip("^$") + "\\Z", alphabet=None)
    else:
        base = st.text(_TEXT_ALPHABET, max_size=40)
    return base.filter(lambda s: _valid(adapter, s))


def _valid(adapter: TypeAdapter, value: Any) -> bool:
    try:
        adapter.validate_python(value, strict=True)
    except ValidationError:
        return False
    return True


def _number(base: type, metadata: list[Any]) -> st.SearchStrategy:
    low = high = None
    for m in metadata:
        if isinstance(m, annotated_types.Ge):
            low = m.ge
        elif isinstance(m, annotated_types.Le):
            high = m.le
    ints = st.integers(low, high)
    if base is int:
        return ints
    floats = st.floats(low, high, allow_nan=False, allow_infinity=False)
    return st.one_of(ints, floats)


def from_annotation(annotation: Any) -> st.SearchStrategy:
    origin = get_origin(annotation)
    if annotation is type(None):
        return st.none()
    if origin in (Union, types.UnionType):
        return st.one_of([from_annotation(a) for a in get_args(annotation)])
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is Annotated and get_origin(get_args(annotation)[0]) in (Union, types.UnionType):
        return from_annotation(get_args(annotation)[0])  # a measure: Annotated[M | None, ...]
    if is_measure(annotation):
        value = from_annotation(annotation.model_fields["value"].rebuild_annotation())
        level = from_annotation(annotation.model_fields["level"].rebuild_annotation())
        value, level = value.filter(lambda v: v is not None), level.filter(lambda v: v is not None)
        source = st.one_of(st.none(), st.just("estimate"))
        return st.one_of(
            value,
            level,
            st.fixed_dictionaries({"value": value}, optional={"source": source}),
            st.fixed_dictionaries({"level": level}, optional={"source": source}),
        )
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        flat: list[Any] = []
        for m in metadata:
            flat.extend(m.metadata if isinstance(m, FieldInfo) else [m])
        if base is str:
            (constraints,) = [m for m in flat if isinstance(m, StringConstraints)]
            return _string(constraints)
        if base in (int, float):
            return _number(base, flat)
        if get_origin(base) is list:  # a bounded list: max_size 3 is well inside any bound
            return from_annotation(base)
        if isinstance(base, type) and issubclass(base, BaseModel):  # a tagged union member
            return model_data(base)
    if origin is list:
        (item,) = get_args(annotation)
        return st.lists(from_annotation(item), max_size=3)
    if annotation is bool:
        return st.booleans()
    if annotation is dt.date:
        return st.dates()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_data(annotation)
    raise NotImplementedError(f"no strategy for {annotation!r}: extend from_annotation")


def model_data(model: type[BaseModel], **fixed: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Plain data valid for ``model``; optional keys are sometimes left out."""
    required, optional = {}, {}
    for name, field in model.model_fields.items():
        strategy = fixed[name] if name in fixed else from_annotation(field.rebuild_annotation())
        (required if field.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def candidates(**fixed: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Either ``minimal()`` with random sections, or fully random data over the schema."""
    sections = {
        name: from_annotation(Candidate.model_fields[name].rebuild_annotation())
        for name in ("user_needs", "effect", "feasibility", "solution", "as_of", "sources")
    }
    on_minimal = st.fixed_dictionaries({}, optional=sections).map(lambda d: minimal(**d))
    full = model_data(Candidate, **fixed)
    if fixed:
        on_minimal = st.tuples(on_minimal, st.fixed_dictionaries(fixed)).map(
            lambda t: {**t[0], **t[1]}
        )
    return st.one_of(on_minimal, full)


def test_strategies_cover_every_field() -> None:
    # from_annotation raises for a type it does not know: building them all proves coverage.
    for name, field in Candidate.model_fields.items():
        assert from_annotation(field.rebuild_annotation()) is not None, name


@settings(SETTINGS, max_examples=100)
@given(candidates())
def test_valid_candidates_round_trip(data: dict) -> None:
    expected = Candidate.model_validate(data)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert validate(parse(text, "c.yaml"), Candidate) == expected


@settings(SETTINGS, max_examples=50)
@given(candidates())
def test_valid_candidates_round_trip_in_block_and_flow_style(data: dict) -> None:
    expected = Candidate.model_validate(data)
    for flow in (True, False):
        text = yaml.safe_dump(data, allow_unicode=False, default_flow_style=flow, width=60)
        assert validate(parse(text, "c.yaml"), Candidate) == expected


# --- (4) valid candidates evaluate -----------------------------------------------------------


def _dated_after_meeting(decision: dict) -> bool:
    meeting = str(decision["meeting"]["date"])
    return all(
        decision.get(key) is None or str(decision[key]) >= meeting
        for key in ("expires", "review_by")
    )


def test_valid_candidates_always_evaluate(compiled) -> None:
    businesses = sorted(compiled.ruleset.businesses)
    # Decisions the policy may forbid ('standardize' outside the 20, 'commonize' against a
    # non-waivable rule) make a result invalid on purpose: only generate the ones it cannot;
    # so does a decision lapsing before its own meeting: its dates come after the meeting.
    allowed = model_data(
        Decision,
        track=st.sampled_from(["joint_procurement", "deferred", "under_study"]),
        form=st.none(),
    ).filter(_dated_after_meeting)
    strategy = candidates(
        standardized_business=st.one_of(st.none(), st.sampled_from(businesses)),
        decisions=st.lists(allowed, max_size=2),
    )

    # An inner test, so that hypothesis never has to print the (large) compiled rule set.
    @settings(SETTINGS, max_examples=40)
    @given(st.lists(strategy, min_size=1, max_size=3, unique_by=lambda d: d["id"]))
    def check(items: list[dict]) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            for n, item in enumerate(items):
                text = yaml.safe_dump(item, allow_unicode=True, sort_keys=False)
                Path(tmp, f"c{n}.yaml").write_text(text, encoding="utf-8")
            batch = evaluate_paths([Path(tmp)], rules=compiled)
        assert len(batch.results) == len(items)
        for result in batch.results:
            assert result.status == OK, [str(p) for p in result.problems]
            assert result.track in TRACKS or (
                result.needs_information and len(result.possible_tracks) > 1
            )
            assert result.problems == ()
        assert batch.exit_code == 0

    check()


_SHIPPED = CANDIDATES / "library-system.yaml"


@SETTINGS
@given(_mutated_text(), st.booleans())
@example("\ufeffa: 1\n b: 2\n", True)  # two BOMs in the file: found in review
@example("\ufeff\ufeffa: 1\n", False)
def test_the_fast_path_reads_a_files_bytes_as_it_reads_its_text(text: str, bom: bool) -> None:
    # load_candidate hands libyaml the undecoded bytes; they must read as the text does.
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    assert fast_data(raw) == fast_data(text)


@pytest.mark.parametrize("boms", [1, 2, 3])
def test_leading_byte_order_marks_read_as_the_decoded_text_reads(boms: int, tmp_path: Path) -> None:
    # Found in review: libyaml given the bytes dropped one BOM and read the next as a
    # character of column 0, so two BOMs shifted line 1 and a file that decode + parse
    # refuses read as a valid mapping.
    bom = b"\xef\xbb\xbf"
    for body in (b"a: 1\n b: 2\n", b"a: 1\n", b"a: 1\nb: [x, y]\n"):
        raw = bom * boms + body
        assert fast_data(raw) == fast_data(decode(raw, "x")), (boms, body)
    lines = [x for x in _SHIPPED.read_bytes().split(b"\n") if not x.startswith(b"#")]
    shifted = b"\n".join([lines[0], *(b" " + x if x else x for x in lines[1:])])
    for body in (_SHIPPED.read_bytes(), shifted):
        path = tmp_path / "boms.yaml"
        path.write_bytes(bom * boms + body)
        try:
            careful = validate(parse(decode(path.read_bytes(), "x"), "x"), Candidate)
        except InputError:
            careful = None
        assert load_candidate(path, _RULESET).candidate == careful


@pytest.mark.parametrize(
    "raw",
    [
        "id: a\n".encode("utf-16"),  # with its byte-order mark: decode refuses it
        b"id: a\x00\n",
        b"id: \xff\xfe\n",  # not UTF-8
        b"id: \xe3\x81\n",  # a character cut short
    ],
)
def test_bytes_that_decode_refuses_take_the_careful_path(raw: bytes) -> None:
    assert fast_data(raw) is None
