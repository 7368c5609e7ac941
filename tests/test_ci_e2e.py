"""A pull request on a sample repository, checked by one `commonize evaluate` run.

The change breaks one candidate (a typo in a key) and flips another's track; the one run
must produce SARIF valid against the 2.1.0 schema with the broken key's exact line, JUnit
with one failure, GitHub annotations with file and line, a Markdown summary naming both
candidates, and the exit code docs/ci.md documents. The CI examples of docs/ci/ are
checked here too.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest
import yaml

from commonize.formats import parse_output
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "examples" / "golden" / "candidates"
SARIF_SCHEMA = json.loads((HERE / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8"))
BROKEN, FLIPPED = "candidates/library-system.yaml", "candidates/road-occupancy-permits.yaml"


def commonize(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=repo)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith(prefix))


@pytest.fixture
def pull_request(tmp_path: Path) -> Path:
    """A repository of candidates with a baseline from main, then the pull request's edits."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # the settings walk stops here
    (repo / "candidates").mkdir()
    (repo / "reports").mkdir()
    for name in ("koseki", "library-system", "road-occupancy-permits"):
        shutil.copy(EXAMPLE / f"{name}.yaml", repo / "candidates")
    base = commonize(repo, "evaluate", "--quiet", "--format", "json=baseline.json")
    assert base.returncode == 0, base.stderr
    # The pull request: a typo in one key, and a law change that makes another feasible.
    edit(repo / BROKEN, "  users_per_year:", "  users_per_yeer:")
    flipped = repo / FLIPPED
    edit(flipped, "legal_change: national_law", "legal_change: none  #")
    edit(flipped, "market_products: 1", "market_products: 6")
    edit(flipped, "status: none", "status: completed")
    edit(flipped, "result: null", "result: success")
    return repo


def documented_exit_code(row_start: str, column: int) -> int:
    """The exit code in docs/ci.md's matrix: the row starting with ``row_start``."""
    doc = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    row = next(line for line in doc.splitlines() if line.startswith(f"| {row_start}"))
    return int(row.strip("|").split("|")[column].strip())


def test_one_run_reports_a_pull_request_in_every_format(pull_request: Path):
    repo = pull_request
    proc = commonize(
        repo,
        "evaluate",
        "--baseline", "baseline.json",
        "--format", "github",
        "--format", "sarif=reports/commonize.sarif",
        "--format", "junit=reports/junit.xml",
        "--format", "markdown=reports/summary.md",
    )  # fmt: skip
    assert "Traceback" not in proc.stderr
    assert proc.returncode == documented_exit_code("some candidate file invalid", 1) == 1
    typo_line = line_of(repo / BROKEN, "users_per_yeer:")
    id_line = line_of(repo / FLIPPED, "id:")

    sarif = json.loads((repo / "reports" / "commonize.sarif").read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(SARIF_SCHEMA)(SARIF_SCHEMA).validate(sarif)
    results = sarif["runs"][0]["results"]
    invalid = [r for r in results if r["ruleId"] == "invalid-file"]
    assert len(invalid) == 1
    where = invalid[0]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == BROKEN
    assert where["region"] == {"startLine": typo_line, "startColumn": 3}
    assert invalid[0]["level"] == "error"
    changed = next(r for r in results if r["ruleId"] == "track-changed")
    assert changed["locations"][0]["physicalLocation"]["region"]["startLine"] == id_line

    junit = ET.parse(repo / "reports" / "junit.xml").getroot()
    failures = [c for c in junit.iter("testcase") if c.find("failure") is not None]
    assert junit.get("failures") == "1" and len(failures) == 1
    assert failures[0].get("file") == BROKEN
    assert len(list(junit.iter("testcase"))) == 3

    annotations = proc.stdout.splitlines()
    assert f"::group::{BROKEN}" in annotations
    assert any(
        a.startswith(f"::error file={BROKEN},line={typo_line},col=3,") and "users_per_yeer" in a
        for a in annotations
    )
    assert any(
        a.startswith(f"::warning file={FLIPPED},line={id_line},") and "Commonize" in a
        for a in annotations
    )

    summary = (repo / "reports" / "summary.md").read_text(encoding="utf-8")
    assert "`library-system`" in summary and "`road-occupancy-permits`" in summary
    assert "| Prefectural joint procurement | Commonize |" in summary
    assert f"[`{BROKEN}:{typo_line}:3`]({BROKEN}#L{typo_line})" in summary


def test_fail_on_track_change_fails_the_flipped_candidate_too(pull_request: Path):
    proc = commonize(
        pull_request, "evaluate", "--baseline", "baseline.json", "--fail-on", "track-change",
        "--quiet", "--format", "junit",
    )  # fmt: skip
    assert proc.returncode == 1
    failed = {
        c.get("file")
        for c in ET.fromstring(proc.stdout).iter("testcase")
        if c.find("failure") is not None
    }
    assert failed == {BROKEN, FLIPPED}


def test_exit_codes_follow_the_documented_matrix(pull_request: Path):
    repo = pull_request
    edit(repo / BROKEN, "  users_per_yeer:", "  users_per_year:")  # only the flip is left
    row = "some candidate's track differs from the baseline"
    args = ("evaluate", "--baseline", "baseline.json", "--quiet", "--format", "json")
    assert commonize(repo, *args).returncode == documented_exit_code(row, 1) == 0
    strict = commonize(repo, *args, "--fail-on", "track-change")
    assert strict.returncode == documented_exit_code(row, 3) == 1
    missing = commonize(repo, "evaluate", "--fail-on", "track-change")
    assert missing.returncode == documented_exit_code("usage error", 1) == 2


# The CI examples in docs/ci/ ------------------------------------------------------------


def _formats(command: str) -> dict[str, str | None]:
    words = shlex.split(command.replace("\\\n", " "))
    found = [words[i + 1] for i, w in enumerate(words) if w in ("--format", "-f")]
    return {o.name: (str(o.path) if o.path else None) for o in map(parse_output, found)}


def _evaluate_command(commands: list[str]) -> str:
    runs = [c for c in commands if "commonize evaluate" in c and "--baseline" not in c]
    runs = [c for c in runs if "json=" not in c]  # not the baseline run
    assert len(runs) == 1, runs
    return runs[0]


def test_github_workflow_is_complete_and_consistent():
    flow = yaml.safe_load((ROOT / "docs" / "ci" / "github-workflow.yml").read_text("utf-8"))
    steps = flow["jobs"]["commonize"]["steps"]
    uses = {s["uses"].split("@")[0]: s for s in steps if "uses" in s}
    assert {"actions/checkout", "astral-sh/setup-uv", "github/codeql-action/upload-sarif"} <= set(
        uses
    )
    assert flow["permissions"]["security-events"] == "write"
    assert any("uv sync --locked" in s.get("run", "") for s in steps)
    command = _evaluate_command([s["run"] for s in steps if "run" in s])
    formats = _formats(command)
    assert formats["github"] is None and "$COMMONIZE_BASELINE_ARGS" in command
    assert uses["github/codeql-action/upload-sarif"]["with"]["sarif_file"] == formats["sarif"]
    assert any(
        f'cat {formats["markdown"]} >> "$GITHUB_STEP_SUMMARY"' in s.get("run", "") for s in steps
    )
    kept = uses["actions/upload-artifact"]["with"]["path"].split()
    assert {formats["sarif"], formats["junit"], formats["markdown"]} <= set(kept)
    # Reports are published even when the evaluate step fails.
    for s in steps[steps.index(next(s for s in steps if s.get("run") == command)) + 1 :]:
        assert s["if"] == "${{ !cancelled() }}"


def test_gitlab_job_is_complete_and_consistent():
    job = yaml.safe_load((ROOT / "docs" / "ci" / "gitlab-ci.yml").read_text("utf-8"))["commonize"]
    assert any("uv sync --locked" in line for line in job["before_script"])
    formats = _formats(_evaluate_command(job["script"]))
    assert job["artifacts"]["reports"]["junit"] == formats["junit"]
    assert job["artifacts"]["when"] == "always"
    assert {formats["sarif"], formats["markdown"]} <= set(job["artifacts"]["paths"])
    assert re.search(r"\$BASELINE_ARGS\b", _evaluate_command(job["script"]))
