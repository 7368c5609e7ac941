"""The CI formats in process: SARIF, JUnit, GitHub, Markdown, the policy and the baseline."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from commonize.api import Batch, evaluate_paths, validate_paths
from commonize.errors import SourceLocation, UsageError
from commonize.findings import Baseline, Policy, analyse, changes, checks
from commonize.render import REPORTERS, RenderOptions, reporter, resolve
from commonize.render.baseline import load_baseline
from commonize.render.markdown import escape
from commonize.results import DecisionOutcome, Result, Sensitivity
from commonize.resultsfile import document

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "examples" / "golden" / "candidates"
SARIF_SCHEMA = json.loads((HERE / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def batch(compiled) -> Batch:
    return evaluate_paths([EXAMPLE], compiled)


def render(batch: Batch, fmt: str, **options: object) -> str:
    out = io.StringIO()
    reporter(fmt)(batch, out, RenderOptions(**options))  # type: ignore[arg-type]
    return out.getvalue()


def by_id(batch: Batch, cid: str) -> Result:
    return next(r for r in batch.results if r.id == cid)


def with_result(batch: Batch, result: Result) -> Batch:
    return Batch(
        batch.ruleset, tuple(result if r.path == result.path else r for r in batch.results)
    )


def baseline_of(batch: Batch, **tracks: str) -> Baseline:
    """The batch as a baseline, with some candidates' tracks set to what they were before."""
    doc = document(batch.results, batch.ruleset)
    for r in doc["results"]:
        if r["id"] in tracks:
            r["track"] = tracks[r["id"]]
    by_path = {
        r["path"]: (r["id"], r["track"] or r.get("verdict") or "invalid") for r in doc["results"]
    }
    by_id = {cid: state for cid, state in by_path.values() if cid}
    return Baseline("baseline.json", by_id, by_path)


# SARIF ---------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(batch):
    doc = json.loads(render(batch, "sarif"))
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(doc)
    assert doc["version"] == "2.1.0"


def test_sarif_has_one_result_per_finding_at_the_key_concerned(batch):
    doc = json.loads(render(batch, "sarif"))
    run = doc["runs"][0]
    results = run["results"]
    assert len(results) == len(analyse(batch, Policy()).findings)
    typo = next(r for r in results if "users_per_yer" in r["message"]["text"])
    region = typo["locations"][0]["physicalLocation"]["region"]
    assert (typo["ruleId"], typo["level"], region) == (
        "invalid-file",
        "error",
        {"startLine": 13, "startColumn": 3},
    )
    unknown = [r for r in results if r["ruleId"] == "unknown-indicator"]
    waste = (EXAMPLE / "waste-collection-management.yaml").read_text("utf-8").splitlines()
    for r in unknown:
        line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        # The key, or its section when the file leaves the key out (unknown either way).
        section, key = (
            r["properties"]["key"].split(".")[0],
            r["properties"]["key"].rsplit(".", 1)[-1],
        )
        assert waste[line - 1].strip().startswith((f"{key}:", f"{section}:")), (
            key,
            waste[line - 1],
        )
    for r in results:
        assert run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"]
    # An unknown effect indicator could decide criterion ②: its result names that clause.
    assert {r["properties"]["clause"]["id"] for r in unknown} == {"criteria-2"}


def test_sarif_rules_carry_description_and_policy_clause(batch):
    rules = json.loads(render(batch, "sarif"))["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert ids[0] == "invalid-file" and "gate-not-met/effect" in ids
    effect = rules[ids.index("gate-not-met/effect")]
    clause = batch.ruleset.meta.clauses["criteria-2"]
    assert effect["properties"]["clause"] == {"id": "criteria-2", "ja": clause.ja, "en": clause.en}
    assert clause.en in effect["fullDescription"]["text"]
    assert all(r["shortDescription"]["text"] for r in rules)
    assert effect["name"] == "GateNotMetEffect"
    assert len({r["name"] for r in rules}) == len(rules)  # viewers list rules by name


def test_sarif_is_byte_identical_and_follows_lang(batch):
    assert render(batch, "sarif") == render(batch, "sarif")
    ja = json.loads(render(batch, "sarif", lang="ja"))["runs"][0]
    gate = next(r for r in ja["results"] if r["ruleId"].startswith("gate-not-met/"))
    assert "基準" in gate["message"]["text"]


def test_sarif_uri_of_absolute_and_odd_paths():
    from commonize.render.sarif import artifact

    assert artifact("/tmp/a b.yaml") == {"uri": "file:///tmp/a%20b.yaml"}
    assert artifact("candidates/x#1.yaml") == {
        "uri": "candidates/x%231.yaml",
        "uriBaseId": "%SRCROOT%",
    }


# JUnit ---------------------------------------------------------------------------------


def test_junit_one_testcase_per_candidate_failure_only_when_invalid(batch):
    root = ET.fromstring(render(batch, "junit"))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(batch.results)
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("file") for c in failed] == [str(EXAMPLE / "broken.yaml")]
    assert root.get("failures") == "1" and root.find("testsuite").get("tests") == "6"
    assert "users_per_yer" in failed[0].find("failure").text


def test_junit_fail_on_unknown_fails_the_provisional_candidate(batch):
    policy = Policy(frozenset({"invalid", "unknown"}))
    root = ET.fromstring(render(batch, "junit", policy=policy))
    failed = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert failed == {str(EXAMPLE / "broken.yaml"), "waste-collection-management"}


def test_junit_survives_characters_xml_cannot_hold(batch):
    r = batch.invalid[0]
    bad = replace(r.problems[0], message="bell \x07 here")
    doc = render(with_result(batch, replace(r, problems=(bad,))), "junit")
    assert "\\x07" in ET.fromstring(doc).find(".//failure").text


# GitHub --------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")


def test_github_annotations_grouped_per_file(batch):
    lines = render(batch, "github").splitlines()
    groups = [line.removeprefix("::group::") for line in lines if line.startswith("::group::")]
    assert len(groups) == len(set(groups)) == 3
    inside = [line for line in lines if line.startswith("::") and "group::" not in line]
    assert inside and all(ANNOTATION.match(line) for line in inside)
    assert any(
        line.startswith(f"::error file={EXAMPLE}/broken.yaml,line=13,col=3,") for line in inside
    )
    assert lines[-1].startswith("6 candidates evaluated")


def test_github_escapes_what_the_runner_decodes():
    from commonize.findings import Finding
    from commonize.render.github import annotation

    f = Finding(
        "invalid-file",
        "error",
        True,
        {"en": "50%\nnext"},
        SourceLocation("a,b:c.yaml", 2, 1),
        "",
        None,
    )
    assert annotation(f, "en") == (
        "::error file=a%2Cb%3Ac.yaml,line=2,col=1,title=commonize invalid-file::50%25%0Anext"
    )


# Markdown ------------------------------------------------------------------------------


def test_markdown_counts_changes_and_failures_with_links(batch):
    base = baseline_of(batch, **{"library-system": "joint_procurement"})
    text = render(batch, "markdown", baseline=base, link_base="https://example.org/r/blob/abc")
    assert "| Commonize | 2 |" in text and "| invalid | 1 |" in text
    assert "`library-system`" in text and "Prefectural joint procurement | Commonize" in text
    assert f"(https://example.org/r/blob/abc{EXAMPLE}/broken.yaml#L13)" not in text  # absolute
    assert "Failed (exit code 1)" in text


def test_markdown_links_relative_paths(compiled, monkeypatch):
    monkeypatch.chdir(HERE.parent)
    rel = evaluate_paths([EXAMPLE.relative_to(HERE.parent)], compiled)
    text = render(rel, "markdown", link_base="https://example.org/r/blob/abc")
    assert (
        "[`tests/examples/golden/candidates/broken.yaml:13:3`]"
        "(https://example.org/r/blob/abc/tests/examples/golden/candidates/broken.yaml#L13)"
    ) in text
    assert "[`tests/examples/golden/candidates/broken.yaml:13:3`](tests/" in render(rel, "markdown")


def test_markdown_escapes_candidate_text():
    assert escape("[x](http://evil) <script> *b* a|b") == (
        "\\[x\\](http://evil) \\<script\\> \\*b\\* a\\|b"
    )


# Policy and baseline -------------------------------------------------------------------


def test_policy_levels_and_exit_code(batch):
    default = analyse(batch, Policy())
    assert default.exit_code == 1
    assert {f.rule for f in default.failing} == {"invalid-file"}
    levels = {f.rule.split("/")[0]: f.level for f in default.findings}
    assert levels == {
        "invalid-file": "error",
        "gate-not-met": "note",
        "needs-information": "warning",
        "unknown-indicator": "warning",
    }
    strict = analyse(batch, Policy(frozenset({"invalid", "unknown"})))
    assert {f.level for f in strict.findings if f.rule == "unknown-indicator"} == {"error"}
    valid = Batch(batch.ruleset, tuple(r for r in batch.results if r.status == "ok"))
    assert analyse(valid, Policy()).exit_code == 0
    assert analyse(valid, Policy(frozenset({"invalid", "unknown"}))).exit_code == 1


def test_track_change_against_baseline(batch):
    base = baseline_of(batch, **{"library-system": "joint_procurement"})
    moved = analyse(batch, Policy(), base)
    assert [(c.id, c.before, c.after) for c in moved.changes] == [
        ("library-system", "joint_procurement", "commonize")
    ]
    finding = next(f for f in moved.findings if f.rule == "track-changed")
    assert (finding.level, finding.fails, finding.key) == ("warning", False, "id")
    assert finding.location.line == by_id(batch, "library-system").locate("id").line
    strict = analyse(batch, Policy(frozenset({"invalid", "track-change"})), base)
    assert next(f for f in strict.findings if f.rule == "track-changed").fails


def test_changes_name_broken_added_and_removed_candidates(batch):
    broken = str(EXAMPLE / "broken.yaml")
    base = Baseline(
        "b.json",
        {"broken-example": "commonize", "gone": "standardize", "koseki": "standardize"},
        {broken: ("broken-example", "commonize"), "gone.yaml": ("gone", "standardize")},
    )
    found = {(c.id, c.before, c.after) for c in changes(batch.results, base)}
    assert ("broken-example", "commonize", "invalid") in found
    assert ("gone", "standardize", "absent") in found
    assert ("library-system", "absent", "commonize") in found
    assert not any(c[0] == "koseki" for c in found)


def test_load_baseline_round_trip_and_errors(batch, tmp_path):
    good = tmp_path / "results.json"
    good.write_text(render(batch, "json"), encoding="utf-8")
    base = load_baseline(good)
    assert base.by_id["library-system"] == "commonize"
    assert base.by_path[str(EXAMPLE / "broken.yaml")] == (None, "invalid")
    for name, content in {
        "garbage.json": "{not json",
        "other.json": '{"format": "something-else"}',
        "future.json": '{"format": "commonize-results", "format_version": 99}',
    }.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(UsageError):
            load_baseline(path)
    validated = tmp_path / "validated.json"
    out = io.StringIO()
    reporter("json")(validate_paths([EXAMPLE]), out, RenderOptions())
    validated.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(UsageError, match="validate"):
        load_baseline(validated)
    with pytest.raises(UsageError, match="cannot read"):
        load_baseline(tmp_path / "missing.json")


# Markers that every format shows -------------------------------------------------------


def test_borderline_marker_in_every_format(batch):
    r = by_id(batch, "library-system")
    moves = ("gates.effect.threshold +10%",)
    marked = replace(
        r, sensitivity=Sensitivity(10.0, True, ("commonize", "joint_procurement"), moves)
    )
    b = with_result(batch, marked)
    assert "borderline (track moves at ±10%)" in render(b, "text")
    assert "borderline" in render(b, "table")
    assert "borderline (track moves at ±10%)" in render(b, "text", explain=True)
    assert json.loads(render(b, "json"))["results"][2]["sensitivity"]["borderline"] is True
    sarif = json.loads(render(b, "sarif"))["runs"][0]["results"]
    assert any(x["ruleId"] == "borderline" and x["level"] == "note" for x in sarif)
    assert "borderline" in render(b, "junit")
    assert any(
        line.startswith("::notice") and "borderline" in line
        for line in render(b, "github").splitlines()
    )
    assert "Borderline candidates (1)" in render(b, "markdown")
    # Not borderline: no marker anywhere.
    calm = with_result(batch, replace(r, sensitivity=Sensitivity(10.0, False, ("commonize",))))
    for fmt in set(REPORTERS) - {"sarif"}:  # SARIF lists every check in its rules section
        assert "borderline" not in render(calm, fmt).replace('"borderline": false', ""), fmt
    sarif = json.loads(render(calm, "sarif"))["runs"][0]["results"]
    assert not any(x["ruleId"] == "borderline" for x in sarif)


def test_expired_decision_points_at_its_expiry_key(batch):
    r = by_id(batch, "library-system")
    decision = DecisionOutcome(
        track="commonize",
        meeting_date="2025-01-01",
        meeting_name="council",
        reason="r",
        approved_by="a",
        expires="2025-06-01",
        review_by=None,
        minutes=(),
        expired=True,
        past_review=False,
        disagrees=False,
        index=0,
    )
    located = replace(
        r, decision=decision, locations={**r.locations, "decisions.0.expires": (40, 5)}
    )
    found = analyse(with_result(batch, located), Policy()).findings
    expired = next(f for f in found if f.rule == "decision-expired")
    assert (expired.location.line, expired.location.column, expired.level) == (40, 5, "warning")


def test_checks_cover_every_rule_a_finding_can_carry(batch):
    ids = {c.id for c in checks(batch.ruleset)}
    assert {f.rule for f in analyse(batch, Policy()).findings} <= ids


# Validate-only batches -----------------------------------------------------------------


def test_validate_batch_in_ci_formats():
    b = validate_paths([EXAMPLE])
    junit = ET.fromstring(render(b, "junit", validate_only=True))
    assert junit.get("failures") == "1"
    md = render(b, "markdown", validate_only=True)
    assert "6 files validated: 5 valid, 1 invalid" in md and "| Commonize |" not in md
    assert render(b, "github", validate_only=True).splitlines()[-1].startswith("6 files validated")


# auto ------------------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_resolves_like_yamllint():
    assert resolve("auto", io.StringIO(), {"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve("auto", _Tty(), {}) == "table"
    assert resolve("auto", io.StringIO(), {}) == "text"
    assert resolve("json", _Tty(), {"GITHUB_ACTIONS": "true"}) == "json"
