"""Problems with input files in the reader's language, without pydantic's internals;
English counts with the right number."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonize.api import validate_paths
from commonize.problem_text import japanese, problem_text
from conftest import EXAMPLES, minimal, run_cli

INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))


def _problems():
    batch = validate_paths([EXAMPLES / "invalid", EXAMPLES / "golden" / "candidates"])
    return [p for r in batch.results for p in r.problems]


def test_every_example_problem_has_its_japanese():
    problems = _problems()
    assert len(problems) >= len(INVALID)
    for p in problems:
        assert japanese(p.message) is not None, p.message
        assert p.hint is None or japanese(p.hint) is not None, p.hint


def test_no_pydantic_internals_in_either_language(tmp_path: Path):
    import yaml

    data = minimal(name="図書館", sources=[1], user_needs=5)
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for lang in ("en", "ja"):
        proc = run_cli("validate", str(path), "--lang", lang)
        assert proc.returncode == 1
        assert "instance of" not in proc.stdout and "dictionary" not in proc.stdout
        assert "Input should" not in proc.stdout or lang == "en"
    ja = run_cli("validate", str(path), "--lang", "ja").stdout
    assert "name: キーと値の組(マッピング)を書く(現在: 文字列)" in ja
    assert "user_needs: キーと値の組(マッピング)を書く(現在: 数値)" in ja
    en = run_cli("validate", str(path), "--lang", "en").stdout
    assert "name: expected a mapping of keys, found text" in en


def test_japanese_output_of_the_invalid_examples_is_japanese():
    proc = run_cli("validate", *map(str, INVALID), "--lang", "ja", "-f", "text")
    for line in proc.stdout.splitlines()[:-1]:
        message = line.split(": ", 1)[1]
        assert "Input should" not in message and "did you mean" not in message, line


def test_problem_text_keeps_place_and_field():
    p = next(p for p in _problems() if p.field == "user_needs.users_per_yer")
    assert problem_text(p, "en") == str(p)
    assert problem_text(p, "ja").endswith(
        ":13:3: user_needs.users_per_yer: 不明なキー('users_per_year' の誤りでは?)"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["validate", "candidates/library-system.yaml"], "1 file validated: 1 valid, 0 invalid"),
        (
            ["evaluate", "candidates/library-system.yaml", "-f", "text"],
            "1 candidate evaluated: Standardize 0, Commonize 1, "
            "Prefectural joint procurement 0, Needs information 0. 0 invalid",
        ),
    ],
)
def test_english_counts_in_the_right_number(args, line):
    proc = run_cli(*args, "--lang", "en")
    assert proc.stdout.splitlines()[-1] == line


def test_one_point_is_singular():
    from commonize.labels import count

    assert (count(1, "point"), count(0, "point"), count(8, "point")) == (
        "1 point", "0 points", "8 points",
    )  # fmt: skip
    proc = run_cli("explain", "business-chat", "--lang", "en")
    assert "① User needs: 1 point, short of the threshold of 4" in proc.stdout
