"""``commonize rules test``: collecting cases, running them, the diff, coverage, JUnit, exit codes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonize.analysis.ruletest import collect, coverage, report
from commonize.analysis.ruletest import run as runner
from commonize.api import default_rules_dir
from commonize.cli import app
from commonize.oracle import OracleEngine
from conftest import CANDIDATES, strong

SHIPPED_TESTS = default_rules_dir() / "tests"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_files(paths, compiled):
    files = collect.collect(paths, compiled.ruleset)
    return runner.run(files, compiled, OracleEngine)


# A candidate passing every gate, as a test-file base.
BASE = "base: " + json.dumps(
    {k: v for k, v in strong().items() if k in ("user_needs", "effect", "feasibility", "solution")}
)


def test_shipped_rule_tests_pass_and_cover_every_rule_and_branch(compiled):
    results = run_files([SHIPPED_TESTS], compiled)
    failing = [
        (c.spec.name, report.diff_lines(c))
        for f in results
        for c in f.cases
        if c.status != runner.PASS
    ]
    assert failing == []
    cov = coverage.coverage(compiled, [c.result for f in results for c in f.cases])
    assert cov.missing == () and cov.percent == 100.0
    assert set(cov.by_group()) == {"indicator", "gate", "route", "form", "readiness"}
    # One case at least per indicator rule naming it, so every rule is tested on purpose.
    named = {
        r
        for f in results
        for c in f.cases
        for r in (*c.spec.expect.must_fire, *c.spec.expect.must_not_fire)
    }
    assert set(compiled.ruleset.rules) <= named


def test_cli_passes_on_the_shipped_rule_set_with_full_coverage():
    result = invoke("rules", "test", "--min-coverage", "100", "--candidates", str(CANDIDATES), "-q")
    assert result.exit_code == 0, result.output
    assert "(100%)" in result.stdout and " 0 failed, 0 errors" in result.stdout


def test_a_failing_case_shows_expected_against_actual_and_exits_1(tmp_path: Path, compiled):
    path = write(
        tmp_path / "t.yaml",
        BASE
        + """
cases:
  - name: wrong on purpose
    set: {effect.expected_cost_reduction_pct: 12}
    expect:
      track: joint_procurement
      gates: {effect: {status: fail, score: 5}}
      must_fire: [ef-cost-cut-20]
      must_not_fire: [ef-cost-cut-10]
""",
    )
    (result,) = run_files([path], compiled)
    (case,) = result.cases
    assert case.status == runner.FAIL
    assert report.diff_lines(case) == [
        "- track: joint_procurement",
        "+ track: commonize",
        "- gates.effect.score: 5",
        "+ gates.effect.score: 8   # score 8, threshold 6",
        "- gates.effect.status: fail",
        "+ gates.effect.status: pass   # score 8, threshold 6",
        "- rules.ef-cost-cut-20: fires",
        "+ rules.ef-cost-cut-20: does not fire   # its condition is not met",
        "- rules.ef-cost-cut-10: does not fire",
        "+ rules.ef-cost-cut-10: fires",
    ]
    cli = invoke("rules", "test", "--tests", str(path))
    assert cli.exit_code == 1
    assert f"✗ wrong on purpose  ({path}:3:5)" in cli.stdout
    assert "0 passed, 1 failed, 0 errors" in cli.stdout


def test_from_a_candidate_file_with_overrides(tmp_path: Path, compiled):
    path = write(
        tmp_path / "t.yaml",
        f"""
cases:
  - name: the library system as shipped
    from: {(CANDIDATES / "library-system.yaml").as_posix()}
    expect: {{track: commonize, form: common_saas}}
  - name: the library system with work that differs a lot
    from: {(CANDIDATES / "library-system.yaml").as_posix()}
    candidate: {{effect: {{variation_between_governments: high, governments_short_of_it_staff: 0}}}}
    expect: {{track: joint_procurement, stopped_at: effect}}
  - name: and with its indicator set unknown
    from: {(CANDIDATES / "library-system.yaml").as_posix()}
    set: {{effect.variation_between_governments: null}}
    expect: {{must_not_fire: [ef-low-variation, ef-high-variation]}}
""",
    )
    (result,) = run_files([path], compiled)
    assert [c.status for c in result.cases] == ["pass"] * 3


def test_unknown_unknowns_in_an_unknown_field_are_reported_as_unknown(tmp_path: Path, compiled):
    path = write(
        tmp_path / "t.yaml",
        BASE
        + """
cases:
  - name: unknown cost cut
    set: {effect.expected_cost_reduction_pct: null}
    expect: {must_fire: [ef-cost-cut-10]}
""",
    )
    (result,) = run_files([path], compiled)
    assert result.cases[0].mismatches[0].note == "unknown: a field it reads is null"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # A value of the wrong type in `set` points at that key's line.
        (
            "cases:\n  - name: a\n    set: {effect.governments_doing: lots}\n    expect: {track: commonize}\n",
            ["t.yaml:3:11: effect.governments_doing: Input should be a valid number"],
        ),
        # A wrong key inside `candidate` points at it, with a suggestion.
        (
            "cases:\n  - name: a\n    candidate:\n      effect: {government_doing: 5}\n    expect: {track: commonize}\n",
            [
                "t.yaml:4:16: effect.government_doing: unknown key (did you mean 'governments_doing'?)"
            ],
        ),
        # Names of rules, gates and forms must exist in the rule set.
        (
            "cases:\n  - name: a\n    expect:\n      must_fire: [ef-cost-cut-30]\n      stopped_at: efect\n      form: saas\n",
            [
                "t.yaml:4:19: 'ef-cost-cut-30' is not in the rule set (did you mean 'ef-cost-cut-20'?)",
                "t.yaml:5:7: 'efect' is not in the rule set (did you mean 'effect'?)",
                "t.yaml:6:7: 'saas' is not in the rule set",
            ],
        ),
        (
            "cases:\n  - name: a\n    set: {standardized_business: kosek}\n    expect: {track: standardize}\n",
            ["t.yaml:2:5: 'kosek' is not in the rule set (did you mean 'koseki'?)"],
        ),
        # A case that expects nothing is a mistake, not a pass.
        (
            "cases:\n  - name: a\n    expect: {}\n",
            ["t.yaml:3:5: expect: Value error, expect nothing"],
        ),
        # A mistake in the case's own keys: the case is an error, the file still runs.
        (
            "cases:\n  - name: a\n    expect: {track: commonise}\n",
            ["t.yaml:3:14: expect.track: Input should be"],
        ),
        (
            "cases:\n  - name: a\n    expct: {track: commonize}\n",
            [
                "t.yaml:2:5: expect: required key",
                "t.yaml:3:5: expct: unknown key (did you mean 'expect'?)",
            ],
        ),
        (
            "cases:\n  - name: a\n    from: missing.yaml\n    expect: {track: commonize}\n",
            ["t.yaml:3:5: cannot use 'missing.yaml': cannot read file"],
        ),
    ],
)
def test_a_broken_case_is_an_error_at_its_line_and_the_others_still_run(
    tmp_path: Path, compiled, body, expected
):
    body += "  - name: fine\n    expect: {track: needs_information}\n"
    path = write(tmp_path / "t.yaml", body)
    (result,) = run_files([path], compiled)
    broken, fine = result.cases
    assert broken.status == runner.ERROR and fine.status == runner.PASS
    messages = [str(p).replace(str(tmp_path) + "/", "") for p in broken.spec.problems]
    assert len(messages) == len(expected)
    for message, prefix in zip(messages, expected, strict=True):
        assert message.startswith(prefix), message


def test_duplicate_case_names_are_an_error(tmp_path: Path, compiled):
    path = write(
        tmp_path / "t.yaml",
        "cases:\n  - name: a\n    expect: {track: needs_information}\n"
        "  - name: a\n    expect: {track: needs_information}\n",
    )
    (result,) = run_files([path], compiled)
    assert [c.status for c in result.cases] == ["pass", "error"]
    assert "another case is named 'a' (line 2)" in str(result.cases[1].spec.problems[0])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("cases: []\n", "t.yaml:1:1: cases: List should have at least 1 item"),
        ("case:\n  - name: a\n", "t.yaml:1:1: case: unknown key (did you mean 'cases'?)"),
        (
            "base: 3\ncases:\n  - name: a\n",
            "t.yaml:1:1: base: expected a mapping of keys, found a number",
        ),
        ("cases: [\n", "t.yaml:2:1: YAML syntax error"),
    ],
)
def test_an_unusable_test_file_is_an_error_with_file_line(tmp_path: Path, compiled, text, message):
    path = write(tmp_path / "t.yaml", text)
    (result,) = run_files([path], compiled)
    assert result.cases == ()
    assert str(result.spec.problems[0]).replace(str(tmp_path) + "/", "").startswith(message)
    cli = invoke("rules", "test", "--tests", str(path))
    assert cli.exit_code == 1 and "0 passed, 0 failed, 1 errors" in cli.stdout


def test_junit_report_is_well_formed_and_counts_right(tmp_path: Path):
    path = write(
        tmp_path / "t.yaml",
        BASE
        + """
cases:
  - name: passes
    expect: {track: commonize}
  - name: fails <on purpose> & "quoted"
    expect: {track: standardize}
  - name: broken
    expect: {must_fire: [nope]}
""",
    )
    out = tmp_path / "junit.xml"
    result = invoke(
        "rules",
        "test",
        "--tests",
        str(path),
        "-f",
        "junit",
        "-o",
        str(out),
        "--min-coverage",
        "100",
    )
    assert result.exit_code == 1
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "1")
    suite, cov_suite = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["passes", 'fails <on purpose> & "quoted"', "broken"]
    assert cases[1].find("failure").text.startswith("- track: standardize\n+ track: commonize")
    assert cases[2].find("error") is not None and cases[1].get("line") == "5"
    assert cov_suite.find("testcase/failure") is not None  # 3 cases cannot cover every rule
    assert "coverage:" in result.stderr


def test_min_coverage_fails_below_and_lists_what_never_fired(tmp_path: Path):
    path = write(
        tmp_path / "t.yaml", BASE + "\ncases:\n  - name: passes\n    expect: {track: commonize}\n"
    )
    low = invoke("rules", "test", "--tests", str(path), "--min-coverage", "90")
    assert low.exit_code == 1
    assert (
        "is below --min-coverage 90%" in low.stdout
        and "never fired: indicator:un-low-online" not in low.stdout
    )
    assert "indicator:ef-high-variation" in low.stdout
    fine = invoke("rules", "test", "--tests", str(path), "--min-coverage", "10")
    assert fine.exit_code == 0, fine.stdout


def test_candidates_count_towards_coverage(tmp_path: Path):
    path = write(
        tmp_path / "t.yaml", BASE + "\ncases:\n  - name: passes\n    expect: {track: commonize}\n"
    )
    alone = invoke("rules", "test", "--tests", str(path))
    more = invoke("rules", "test", "--tests", str(path), "--candidates", str(CANDIDATES))
    fired = [int(r.stdout.split("coverage: ")[1].split(" ")[0]) for r in (alone, more)]
    assert fired[1] > fired[0]
    assert "route:standardize" in alone.stdout and "route:standardize" not in more.stdout


def test_coverage_percent_is_never_rounded_up():
    assert coverage.percent_text(99.99) == "99.9%"
    assert coverage.percent_text(100.0) == "100%"


def test_usage_and_rule_set_errors(tmp_path: Path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert invoke("rules", "test", "--tests", str(empty)).exit_code == 2
    assert invoke("rules", "test", "--tests", str(tmp_path / "missing")).exit_code == 2
    assert invoke("rules", "test", "--rules", str(empty)).exit_code == 3
