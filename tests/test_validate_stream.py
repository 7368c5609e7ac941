"""`commonize validate` streams: results are made one file at a time and written as they come.

The output of every format stays what it was when validate built the whole batch first (the
golden files in test_cli.py hold that output); these tests check the streaming itself, the
light read of the standardized business ids, and first-wins duplicate ids.
"""

from __future__ import annotations

import gc
import hashlib
import io
import shutil
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import commonize.loading as loading
from commonize.api import Batch, iter_validate, load_candidate, validate_paths
from commonize.cli import core
from commonize.errors import RuleSetError, UsageError
from commonize.render import VALIDATION_STREAMS, RenderOptions, reporter, validation_writer
from commonize.results import Result
from commonize.rules.load import load_business_ids, load_ruleset

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "examples" / "golden" / "candidates"
INVALID = ROOT / "tests" / "examples" / "invalid"
RULES = ROOT / "rules"


@pytest.fixture
def batch_dir(tmp_path: Path) -> Path:
    """Valid, invalid and duplicate files, named so that path order interleaves them."""
    for i in range(3):
        shutil.copy(EXAMPLE / "library-system.yaml", tmp_path / f"{i}-library.yaml")
    for f in EXAMPLE.iterdir():
        shutil.copy(f, tmp_path / f"1-{f.name}")
    shutil.copy(INVALID / "custom-tag.yaml", tmp_path / "0-custom-tag.yaml")
    return tmp_path


def _same(a: Result, b: Result) -> None:
    assert (a, dict(a.locations), a.sha256) == (b, dict(b.locations), b.sha256)


def test_iter_validate_gives_the_batch_results(batch_dir):
    batch = validate_paths([batch_dir])
    streamed = list(iter_validate([batch_dir], batch.ruleset))
    assert len(streamed) == len(batch.results) == 10
    for a, b in zip(streamed, batch.results, strict=True):
        _same(a, b)
    # Only the standardized business ids: the same results.
    by_ids = list(iter_validate([batch_dir], load_business_ids(RULES)))
    for a, b in zip(by_ids, batch.results, strict=True):
        _same(a, b)


def test_duplicate_ids_first_wins_in_path_order(batch_dir):
    results = list(iter_validate([batch_dir], load_business_ids(RULES)))
    owners = [r for r in results if r.id == "library-system"]
    assert [r.path for r in owners] == [(batch_dir / "0-library.yaml").as_posix()]
    later = [r for r in results if r.problems and r.problems[0].field == "id"]
    assert [r.path.rsplit("/", 1)[1] for r in later] == [
        "1-library-system.yaml",
        "1-library.yaml",
        "2-library.yaml",
    ]
    # An invalid result names the bytes it judged, as evaluate's does.
    digest = hashlib.sha256((batch_dir / "1-library.yaml").read_bytes()).hexdigest()
    assert all(r.sha256 == digest for r in later)
    first = (batch_dir / "0-library.yaml").as_posix()
    for r in later:
        (p,) = r.problems
        assert str(p) == (
            f"{r.path}:7:1: id: id 'library-system' is already used by {first} "
            "(ids must be unique across the batch)"
        )


def test_files_are_read_one_result_at_a_time(batch_dir, monkeypatch):
    read: list[str] = []
    real = loading.load_candidate

    def counting(path: Path, *args: object, **kwargs: object):
        read.append(path.name)
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loading, "load_candidate", counting)
    results = iter_validate([batch_dir], load_business_ids(RULES))
    assert read == []  # files are listed at the call, read when asked for
    next(results)
    assert len(read) == 1
    next(results)
    assert len(read) == 2


def test_missing_path_fails_at_the_call_before_any_result():
    with pytest.raises(UsageError, match="no such file"):
        iter_validate([EXAMPLE, EXAMPLE / "missing.yaml"], load_business_ids(RULES))


@pytest.mark.parametrize("name", VALIDATION_STREAMS)
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_streaming_renderers_match_their_batch_render(name, lang, batch_dir):
    batch = validate_paths([batch_dir])
    options = RenderOptions(lang=lang, validate_only=True)
    whole, streamed = io.StringIO(), io.StringIO()
    reporter(name)(batch, whole, options)
    validation_writer(name)(iter(batch.results), streamed, options)
    assert streamed.getvalue() == whole.getvalue()
    assert "10 files validated: 5 valid, 5 invalid" in whole.getvalue() or lang == "ja"


@pytest.mark.parametrize("name", VALIDATION_STREAMS)
def test_streaming_renderers_keep_no_valid_result(name, batch_dir):
    """Memory follows the problems, never the batch: a valid result is dropped once written."""
    refs: list[weakref.ref[Result]] = []

    def results() -> Iterator[Result]:
        for r in iter_validate([batch_dir], load_business_ids(RULES)):
            refs.append(weakref.ref(r))
            yield r

    validation_writer(name)(results(), io.StringIO(), RenderOptions(validate_only=True))
    gc.collect()
    alive = [ref() for ref in refs if ref() is not None]
    assert all(r.status == "invalid" for r in alive)
    assert len(alive) <= 5


@pytest.mark.parametrize("formats", [None, ["table"], ["json"], ["github"]])
def test_cli_validate_writes_while_files_are_still_read(formats, batch_dir, monkeypatch):
    """With a lone output, the first file's result is out before the last file is read."""
    out = io.StringIO()
    written: list[str] = []  # the output so far, each time a file is read
    real = loading.load_candidate

    def watching(path: Path, *args: object, **kwargs: object):
        written.append(out.getvalue())
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.chdir(batch_dir)
    monkeypatch.setattr(loading, "load_candidate", watching)
    monkeypatch.setattr(sys, "stdout", out)
    for var in ("COMMONIZE_FORMAT", "COMMONIZE_RULES", "COMMONIZE_LANG", "GITHUB_ACTIONS"):
        monkeypatch.delenv(var, raising=False)
    assert core.validate(paths=[batch_dir], formats=formats) == 1
    assert len(written) == 10
    if formats == ["github"]:
        # Annotations are sorted by place, so they are written at the end; the results
        # still went by one at a time (see test_streaming_renderers_keep_no_valid_result).
        assert written[-1] == "" and out.getvalue().startswith("::group::")
    else:
        assert "0-custom-tag.yaml" in written[-1] and "0-custom-tag.yaml" not in written[0]


def test_business_ids_light_read_equals_the_rule_set():
    assert load_business_ids(RULES) == tuple(load_ruleset(RULES).businesses)
    assert len(load_business_ids(RULES)) == 20


def test_business_ids_of_a_broken_file_fail_like_the_rule_set(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "standardized_businesses.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("id: koseki", "id: Koseki!", 1), encoding="utf-8")
    with pytest.raises(RuleSetError) as full:
        load_ruleset(rules)
    with pytest.raises(RuleSetError) as light:
        load_business_ids(rules)
    assert [str(p) for p in light.value.problems] == [str(p) for p in full.value.problems]
    assert "standardized_businesses.yaml:" in str(light.value)


def test_business_ids_outside_a_rule_set_fail_like_the_rule_set(tmp_path):
    with pytest.raises(RuleSetError, match=r"no ruleset\.yaml here"):
        load_business_ids(tmp_path)


def test_business_ids_the_fast_loader_declines_still_load(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "standardized_businesses.yaml"
    # An anchor sends the light read to the careful loader, which accepts it.
    text = path.read_text(encoding="utf-8").replace("meta:", "meta: &meta", 1)
    path.write_text(text, encoding="utf-8")
    assert load_business_ids(rules) == tuple(load_ruleset(RULES).businesses)


def test_validate_reads_only_business_ids_for_streaming_formats(tmp_path, monkeypatch):
    """A gate file validate does not read cannot fail it; a format naming the rule set can."""
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    gate = rules / "gates" / "2_effect.yaml"
    gate.write_text(gate.read_text(encoding="utf-8").replace("gte: 1000}", "greater: 1000}", 1))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    for var in ("COMMONIZE_FORMAT", "COMMONIZE_RULES", "COMMONIZE_LANG", "GITHUB_ACTIONS"):
        monkeypatch.delenv(var, raising=False)
    koseki = [EXAMPLE / "koseki.yaml"]
    assert core.validate(paths=koseki, rules=rules, formats=["text"]) == 0
    with pytest.raises(RuleSetError, match="unknown operator 'greater'"):
        core.validate(paths=koseki, rules=rules, formats=["json"])


def test_unknown_business_is_the_same_error_with_ids_or_rule_set(tmp_path):
    path = tmp_path / "c.yaml"
    text = (EXAMPLE / "koseki.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("standardized_business: koseki", "standardized_business: koseko"))
    with_ids = load_candidate(path, load_business_ids(RULES))
    with_rules = load_candidate(path, load_ruleset(RULES))
    assert with_ids == with_rules and with_ids.candidate is None
    assert "did you mean 'koseki'?" in str(with_ids.problems[0])


def test_validate_paths_is_still_a_batch_with_the_rule_set():
    batch = validate_paths([EXAMPLE])
    assert isinstance(batch, Batch) and batch.ruleset.sha256
    assert batch.exit_code == 1 and len(batch.results) == 6
