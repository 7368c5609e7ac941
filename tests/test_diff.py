"""Decision diff between two rule sets or two results files: who moves, and why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonize.analysis.diff import Change
from commonize.analysis.diff_render import document
from commonize.analysis.diff_sources import diff_results, diff_rulesets
from commonize.api import evaluate_paths, load_rules
from commonize.cli import app
from commonize.oracle import OracleEngine
from commonize.resultsfile import document as results_document
from conftest import CANDIDATES


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def stricter(rules_copy: Path) -> Path:
    edit(rules_copy / "gates" / "2_effect.yaml", "threshold: 6", "threshold: 7")
    return rules_copy


def _tracks(rules) -> dict[str, tuple]:
    batch = evaluate_paths([CANDIDATES], rules, engine=OracleEngine)
    return {r.id: (r.track, r.stopped_at, r.form, r.readiness) for r in batch.results if r.id}


def test_a_raised_threshold_moves_exactly_the_candidates_it_should(compiled, stricter: Path):
    new = load_rules(stricter)
    d = diff_rulesets(compiled, new, [CANDIDATES])
    assert d.rule_changes == (Change("gates.effect.threshold", 6, 7),)
    before, after = _tracks(compiled), _tracks(new)
    expected = sorted(k for k in before if before[k] != after[k])
    assert [c.key for c in d.moved] == expected
    assert d.compared == len(before)
    for c in d.candidates:
        assert Change("gates.effect.threshold", 6, 7) in c.why
        assert any(x.key.startswith("gates.effect.") for x in c.changes)


def test_points_and_condition_changes_are_explained_per_candidate(compiled, rules_copy: Path):
    gate = rules_copy / "gates" / "2_effect.yaml"
    cut_20 = "{field: effect.expected_cost_reduction_pct, gte: 20}"
    edit(gate, cut_20, cut_20.replace("20", "30"))
    d = diff_rulesets(compiled, load_rules(rules_copy), [CANDIDATES])
    assert d.rule_changes == (
        Change(
            "rules.ef-cost-cut-20.when",
            "expected cost reduction: at least 20%",
            "expected cost reduction: at least 30%",
        ),
    )
    assert d.candidates
    for c in d.candidates:
        # A level word (a range) can be left open by the higher bar: the rule becomes unknown.
        assert c.why in (
            (Change("rules.ef-cost-cut-20", "fires (+1)", "does not fire"),),
            (Change("rules.ef-cost-cut-20", "fires (+1)", "unknown"),),
        )

    edit(gate, cut_20.replace("20", "30"), cut_20)
    edit(
        gate,
        "    points: 2\n    clause: target-total-cost",
        "    points: 3\n    clause: target-total-cost",
    )
    d = diff_rulesets(compiled, load_rules(rules_copy), [CANDIDATES])
    assert d.rule_changes == (Change("rules.ef-wide-1000.points", 2, 3),)
    assert d.candidates and all(c.why == d.rule_changes for c in d.candidates)


def test_results_files_give_the_same_diff(compiled, stricter: Path, tmp_path: Path):
    new = load_rules(stricter)
    old_file, new_file = tmp_path / "old.json", tmp_path / "new.json"
    for rules, path in ((compiled, old_file), (new, new_file)):
        batch = evaluate_paths([CANDIDATES], rules)
        path.write_text(
            json.dumps(results_document(batch.results, batch.ruleset), ensure_ascii=False),
            encoding="utf-8",
        )
    from_rules = diff_rulesets(compiled, new, [CANDIDATES])
    from_files = diff_results(old_file, new_file)
    assert [(c.key, c.kind, c.changes, c.why) for c in from_files.candidates] == [
        (c.key, c.kind, c.changes, c.why) for c in from_rules.candidates
    ]
    assert from_files.rule_changes == () and from_files.old.sha256 == compiled.ruleset.sha256
    # A candidate present on one side only is listed as added or removed.
    doc = json.loads(new_file.read_text(encoding="utf-8"))
    gone = doc["results"].pop(0)
    new_file.write_text(json.dumps(doc), encoding="utf-8")
    removed = [c for c in diff_results(old_file, new_file).candidates if c.kind == "removed"]
    assert [c.key for c in removed] == [gone["id"]]


def test_a_version_1_file_has_no_range_to_change(compiled, tmp_path: Path):
    # Version 1 gates have no min/max; the reader puts the score there, which must not read
    # as a range that moved against the same results in version 2.
    batch = evaluate_paths([CANDIDATES], compiled)
    doc = results_document(batch.results, batch.ruleset)
    v2, v1 = tmp_path / "v2.json", tmp_path / "v1.json"
    v2.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    doc["format_version"] = 1
    for r in doc["results"]:
        for g in r.get("gates", {}).values():
            g.pop("min", None)
            g.pop("max", None)
    v1.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert any(g.minimum != g.score for r in batch.results for g in r.gates)  # ranges exist
    assert diff_results(v1, v2).candidates == ()


def test_every_format(compiled, stricter: Path, tmp_path: Path):
    args = [
        "diff",
        "--rules",
        str(Path(compiled.ruleset.path)),
        "--rules-new",
        str(stricter),
        str(CANDIDATES),
    ]
    moved = diff_rulesets(compiled, load_rules(stricter), [CANDIDATES]).moved
    assert moved, "raising the effect threshold should move a shipped candidate"
    key = moved[0].key
    text = invoke(*args, "--lang", "en")
    assert text.exit_code == 0
    assert "Rule-set changes:\n  gates.effect.threshold: 6 → 7\n" in text.stdout
    assert (
        f"\n{key}  (" in text.stdout and "  why:\n  - gates.effect.threshold: 6 → 7" in text.stdout
    )
    table = invoke(*args, "-f", "table", "--lang", "en")
    assert any(
        line.startswith(key) and line.endswith("gates.effect.threshold: 6 → 7")
        for line in table.stdout.splitlines()
    )
    md = invoke(*args, "-f", "md", "--lang", "en")
    assert "| `gates.effect.threshold` | 6 | 7 |" in md.stdout and f"| `{key}` |" in md.stdout
    out = tmp_path / "diff.json"
    js = invoke(*args, "-f", "json", "-o", str(out))
    assert js.stdout == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc == document(diff_rulesets(compiled, load_rules(stricter), [CANDIDATES]))
    assert doc["format"] == "commonize-diff" and doc["summary"]["moved"] == len(moved)
    ja = invoke(*args, "-f", "table", "--lang", "ja")
    assert ja.stdout.startswith(f"{doc['summary']['compared']}件中")


def test_exit_code_option(compiled, stricter: Path):
    same = invoke(
        "diff",
        "--rules",
        compiled.ruleset.path,
        "--rules-new",
        compiled.ruleset.path,
        "--exit-code",
        str(CANDIDATES),
    )
    assert same.exit_code == 0 and "\n0 of " in same.stdout
    changed = invoke(
        "diff",
        "--rules",
        compiled.ruleset.path,
        "--rules-new",
        str(stricter),
        "--exit-code",
        str(CANDIDATES),
    )
    assert changed.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "nothing to compare"),
        (["--results", "a.json"], "give both --results"),
        (["--results", "a.json", "--results-new", "b.json", "--rules", "r"], "not both"),
        (
            ["--results", "missing.json", "--results-new", "missing.json"],
            "cannot read results file",
        ),
    ],
)
def test_usage_errors(args, message, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("diff", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_a_file_that_is_not_results_is_refused(tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    result = invoke("diff", "--results", str(bad), "--results-new", str(bad))
    assert result.exit_code == 2 and "not a commonize results file" in result.stderr
    bad.write_text("{not json", encoding="utf-8")
    assert invoke("diff", "--results", str(bad), "--results-new", str(bad)).exit_code == 2
    bad.write_text(
        '{"format": "commonize-results", "format_version": 2, "ruleset": {}, '
        '"results": [{"id": "x"}]}',
        encoding="utf-8",
    )
    shape = invoke("diff", "--results", str(bad), "--results-new", str(bad))
    assert shape.exit_code == 2 and "damaged: results[0].path" in shape.stderr
    bad.write_text('{"format": "commonize-results", "format_version": 99}', encoding="utf-8")
    future = invoke("diff", "--results", str(bad), "--results-new", str(bad))
    assert future.exit_code == 2 and "format_version 99" in future.stderr


def test_a_broken_new_rule_set_exits_3(compiled, rules_copy: Path):
    edit(rules_copy / "gates" / "2_effect.yaml", "threshold: 6", "threshold: six")
    result = invoke(
        "diff", "--rules", compiled.ruleset.path, "--rules-new", str(rules_copy), str(CANDIDATES)
    )
    assert result.exit_code == 3 and "2_effect.yaml:" in result.stderr
