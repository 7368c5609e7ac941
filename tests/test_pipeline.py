"""--jobs gives identical results in input order; the cache is reused, invalidated and never trusted."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from commonize import pipeline
from commonize.api import Batch, evaluate_paths, load_rules
from commonize.cache import FILE

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def candidates(tmp_path: Path) -> Path:
    dest = tmp_path / "candidates"
    shutil.copytree(ROOT / "candidates", dest)
    (dest / "broken.yaml").write_text("schema_version: 1\nid: [\n", encoding="utf-8")
    return dest


def test_jobs_give_identical_results_in_order(compiled, candidates):
    one = evaluate_paths([candidates], compiled, today=TODAY, jobs=1)
    two = evaluate_paths([candidates], compiled, today=TODAY, jobs=2)
    assert one.results == two.results
    assert [r.path for r in two.results] == sorted(r.path for r in two.results)


def count_evaluations(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = pipeline.evaluate_candidate

    def counting(candidate, *args, **kwargs):
        calls.append(candidate.id)
        return real(candidate, *args, **kwargs)

    monkeypatch.setattr(pipeline, "evaluate_candidate", counting)
    return calls


def test_second_run_comes_from_the_cache(compiled, candidates, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    calls = count_evaluations(monkeypatch)
    second = evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    assert calls == []
    assert second.results == first.results
    assert [r.sha256 for r in second.results] == [r.sha256 for r in first.results]


def test_changed_file_is_reevaluated(compiled, candidates, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    target = candidates / "library-system.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    calls = count_evaluations(monkeypatch)
    evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    assert calls == ["library-system"]


def test_changed_rules_or_date_invalidate(compiled, candidates, tmp_path, rules_copy, monkeypatch):
    cache = tmp_path / "cache"
    evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    gate = rules_copy / "gates" / "2_effect.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace("threshold: 6", "threshold: 7"), encoding="utf-8"
    )
    calls = count_evaluations(monkeypatch)
    changed = evaluate_paths([candidates], load_rules(rules_copy), today=TODAY, cache_dir=cache)
    assert len(calls) == sum(1 for r in changed.results if r.status == "ok")
    calls.clear()
    evaluate_paths([candidates], compiled, today=TODAY + dt.timedelta(days=1), cache_dir=cache)
    assert calls


def test_corrupt_cache_is_ignored_and_rebuilt(compiled, candidates, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE).write_bytes(b"this is not a database" * 100)
    expected = evaluate_paths([candidates], compiled, today=TODAY)
    assert (
        evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache).results
        == expected.results
    )
    assert (
        evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache).results
        == expected.results
    )


def test_tampered_cache_entry_is_not_trusted(compiled, candidates, tmp_path):
    import sqlite3

    cache = tmp_path / "cache"
    expected = evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    db = sqlite3.connect(cache / FILE)
    db.execute('UPDATE entries SET result = \'{"path": "elsewhere"}\'')
    db.commit()
    db.close()
    assert (
        evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache).results
        == expected.results
    )


def test_parallel_run_with_cache(compiled, candidates, tmp_path):
    cache = tmp_path / "cache"
    first = evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache, jobs=2)
    second = evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache, jobs=2)
    assert first.results == second.results


def test_streamed_json_is_the_whole_document_one_result_a_line(compiled, candidates):
    import io
    import json

    from commonize.resultsfile import result_dict, write_results

    batch = evaluate_paths([candidates], compiled, today=TODAY)
    for results in (batch.results, ()):
        out = io.StringIO()
        write_results(results, compiled.ruleset, out)
        doc = json.loads(out.getvalue())
        assert doc["results"] == [
            json.loads(json.dumps(result_dict(r, compiled.ruleset))) for r in results
        ]
        assert doc["summary"]["candidates"] == len(results)
        result_lines = [line for line in out.getvalue().splitlines() if line.startswith("    {")]
        assert len(result_lines) == len(results)


@pytest.mark.parametrize(
    "fail_on",
    [(), ("unknown",), ("expired",), ("unknown", "expired"), ("track-change",)],
)
def test_the_exit_code_agrees_with_the_failing_findings(compiled, candidates, fail_on, tmp_path):
    """Policy.fails_result decides the exit code; each finding's ``fails`` must agree."""
    from commonize.findings import Policy, analyse
    from commonize.render.baseline import load_baseline
    from commonize.resultsfile import write_results

    policy = Policy(frozenset({"invalid", *fail_on}))
    batch = evaluate_paths([candidates], compiled, today=TODAY)
    # A baseline where every other valid candidate had another track: a track change each.
    moved = {"standardize": "commonize", "commonize": "joint_procurement"}
    baseline_file = tmp_path / "baseline.json"
    with baseline_file.open("w", encoding="utf-8") as fh:
        write_results(batch.results, batch.ruleset, fh)
    baseline = load_baseline(baseline_file)
    changed = sorted(baseline.by_id)[::2]
    baseline.by_id.update({k: moved.get(baseline.by_id[k], "standardize") for k in changed})
    checked = set()
    for r in batch.results:
        analysis = analyse(Batch(batch.ruleset, (r,)), policy, baseline)
        failing = any(f.fails for f in analysis.findings)
        assert analysis.exit_code == (1 if failing else 0), r.path
        checked.add(failing)
    assert checked == {True, False}  # both kinds were seen


def _json_output(items, compiled) -> str:
    import io

    from commonize.resultsfile import write_document

    out = io.StringIO()
    write_document(items, compiled.ruleset, out)
    return out.getvalue()


def _serialized(compiled, paths, **how):
    from commonize.api import iter_evaluate_serialized

    return list(iter_evaluate_serialized(paths, compiled, today=TODAY, **how))


def test_cached_json_lines_are_byte_identical(compiled, candidates, tmp_path, monkeypatch):
    from commonize import resultsfile

    expected = _json_output(_serialized(compiled, [candidates]), compiled)
    cache = tmp_path / "cache"
    first = _serialized(compiled, [candidates], cache_dir=cache)
    assert _json_output(first, compiled) == expected
    # The warm run renders nothing: every valid result brings its line from the cache.
    monkeypatch.setattr(resultsfile, "result_dict", None)
    second = _serialized(compiled, [candidates], cache_dir=cache)
    valid = [s for s in second if s.result.status == "ok"]
    assert valid and all(s.line is not None for s in valid)
    monkeypatch.undo()
    assert _json_output(second, compiled) == expected


def test_a_stored_line_altered_in_the_database_is_not_used(compiled, candidates, tmp_path):
    import sqlite3

    cache = tmp_path / "cache"
    expected = _json_output(_serialized(compiled, [candidates]), compiled)
    _serialized(compiled, [candidates], cache_dir=cache)
    db = sqlite3.connect(cache / FILE)
    (line,) = db.execute("SELECT json_line FROM entries LIMIT 1").fetchone()
    db.execute("UPDATE entries SET json_line = ?", (line,))
    db.commit()
    db.close()
    again = _serialized(compiled, [candidates], cache_dir=cache)
    assert _json_output(again, compiled) == expected


def test_a_result_carries_no_rendered_output():
    """The domain model is data: the cache and the serializer keep lines, not Result."""
    from dataclasses import fields

    from commonize.results import Result

    assert not [f.name for f in fields(Result) if "line" in f.name or "json" in f.name]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_duplicate_never_keeps_its_own_line(compiled, candidates, tmp_path, jobs):
    import json

    src = (candidates / "library-system.yaml").read_text(encoding="utf-8")
    (candidates / "zz-duplicate.yaml").write_text(src, encoding="utf-8")
    cache = tmp_path / "cache"
    for _ in range(2):  # cold, then warm
        items = _serialized(compiled, [candidates], cache_dir=cache, jobs=jobs)
        (dup,) = [s for s in items if s.result.path.endswith("zz-duplicate.yaml")]
        assert dup.result.status == "invalid" and dup.line is None
        line = json.loads(_json_output(items, compiled))["results"][-1]
        assert "already used by" in line["problems"][0]["message"]


def test_jobs_give_byte_identical_outputs_in_every_format(candidates, tmp_path):
    """Workers send codec JSON and rendered lines; every format must not see a difference."""
    import subprocess
    import sys

    # A valid file that needs the careful parse (an anchor) and a duplicate id.
    src = (candidates / "library-system.yaml").read_text(encoding="utf-8")
    (candidates / "anchored.yaml").write_text(
        src.replace("id: library-system", "id: anchored-copy").replace(
            "schema_version: 1", "schema_version: &v 1"
        ),
        encoding="utf-8",
    )
    (candidates / "zz-duplicate.yaml").write_text(src, encoding="utf-8")
    outputs = {}
    for jobs in ("1", "2"):
        outs = [f"{fmt}={tmp_path / f'{jobs}.{fmt}'}" for fmt in ("json", "sarif", "github")]
        args = ["evaluate", str(candidates), "--jobs", jobs, "--no-cache", "--today", "2026-11-27"]
        for o in outs:
            args += ["-f", o]
        done = subprocess.run(
            [sys.executable, "-m", "commonize", *args], capture_output=True, text=True, check=False
        )
        assert done.returncode == 1, done.stderr  # the broken file and the duplicate
        outputs[jobs] = [
            (tmp_path / f"{jobs}.{fmt}").read_bytes() for fmt in ("json", "sarif", "github")
        ]
    assert outputs["1"] == outputs["2"]
    assert b"anchored-copy" in outputs["2"][0] and b"already used by" in outputs["2"][0]


def test_json_line_is_the_sorted_dump_whatever_the_rule_texts(rules_copy, candidates):
    """The fired list is spliced in by key order: no rule text can move it."""
    import json

    from commonize.resultsfile import result_dict, result_line

    gate = rules_copy / "gates" / "3_feasibility.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace(
            "ja: 参加団体の条例・規則の改正",
            # Rule texts cannot hold NUL (the old splice's marker) any more; text that looks
            # like the line's own structure must not move the list either.
            'ja: "x\\", \\"fired\\": [], \\"form\\": \\"y"',
        ),
        encoding="utf-8",
    )
    compiled = load_rules(rules_copy)
    batch = evaluate_paths([candidates], compiled, today=TODAY)
    checked = 0
    for r in batch.results:
        expected = json.dumps(result_dict(r, compiled.ruleset), ensure_ascii=False, sort_keys=True)
        assert result_line(r, compiled.ruleset) == expected
        checked += any(c.id == "fe-ordinance-change" for c in r.conditions)
    assert checked  # some result carries the odd condition text


def test_changed_code_invalidates(compiled, candidates, tmp_path, monkeypatch):
    """The cache keeps rendered lines: a changed message in a checkout must not be served."""
    from commonize import cache as cache_module
    from commonize import pipeline

    package = tmp_path / "pkg"
    (package / "render").mkdir(parents=True)
    (package / "messages.py").write_text("TEXT = 'one'\n", encoding="utf-8")
    (package / "render" / "text.py").write_text("", encoding="utf-8")
    before = cache_module.code_fingerprint(package)
    (package / "messages.py").write_text("TEXT = 'two'\n", encoding="utf-8")
    cache_module.code_fingerprint.cache_clear()
    assert cache_module.code_fingerprint(package) != before
    cache_module.code_fingerprint.cache_clear()

    cache = tmp_path / "cache"
    evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "other code")
    calls = count_evaluations(monkeypatch)
    evaluate_paths([candidates], compiled, today=TODAY, cache_dir=cache)
    assert len(calls) == sum(1 for p in candidates.rglob("*.yaml") if p.name != "broken.yaml")


def test_a_streamed_parallel_run_decodes_a_result_only_when_asked(
    compiled, candidates, monkeypatch
):
    # The parent of a --jobs run writes each worker's line and counts its outline; the
    # result itself, sent as text, is decoded only for who asks (a failing one, say).
    decoded: list[str] = []
    real = pipeline._decode
    monkeypatch.setattr(
        pipeline, "_decode", lambda data, *a: decoded.append(data) or real(data, *a)
    )
    assert len(list(candidates.glob("*.yaml"))) >= pipeline.PARALLEL_MIN_FILES
    items = _serialized(compiled, [candidates], jobs=2)
    serial = _serialized(compiled, [candidates], jobs=1)
    assert _json_output(items, compiled) == _json_output(serial, compiled)
    assert decoded == []
    assert [s.outline for s in items] == [s.result.outline for s in serial]
    assert items[3].result == serial[3].result and len(decoded) == 1
    assert items[3].result is items[3].result and len(decoded) == 1  # decoded once


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_engine_option_is_used_by_every_worker(compiled, candidates, jobs):
    class FiresNothing:
        def run(self, fact):
            return []

    batch = evaluate_paths(
        [candidates], compiled, today=TODAY, jobs=jobs, engine=lambda c: FiresNothing()
    )
    valid = [r for r in batch.results if r.status == "ok"]
    assert len(valid) >= pipeline.PARALLEL_MIN_FILES
    assert not [r.path for r in valid if any(g.fired for g in r.gates)]


def test_evaluating_loaded_files_gives_the_results_of_evaluating_the_paths(compiled, candidates):
    from commonize.api import evaluate_loaded, load_candidates

    src = (candidates / "library-system.yaml").read_text(encoding="utf-8")
    (candidates / "zz-duplicate.yaml").write_text(src, encoding="utf-8")
    loaded = load_candidates([candidates], compiled.ruleset)
    assert evaluate_loaded(loaded, compiled, TODAY) == evaluate_paths(
        [candidates], compiled, today=TODAY
    )


def test_the_report_reads_each_candidate_file_once(candidates, monkeypatch):
    from commonize import loader, loading
    from commonize.report.build import collect

    reads: list[str] = []
    real = loader.read_bytes
    monkeypatch.setattr(loading, "read_bytes", lambda p, *a: reads.append(str(p)) or real(p, *a))
    inputs = collect([candidates], None, TODAY)
    assert len(inputs.batch.results) == len(reads) == len(set(reads))
