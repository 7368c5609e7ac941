"""A run that fails says why on standard error, and for which candidate, in every format."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_cli

WASTE = "candidates/waste-collection-management.yaml"
_LINE = next(
    n
    for n, text in enumerate(
        (Path(__file__).parents[1] / WASTE).read_text(encoding="utf-8").splitlines(), 1
    )
    if text.startswith("  annual_cost_jpy:")
)
UNKNOWN = (
    f"  {WASTE}:{_LINE}:3: waste-collection-management: effect.annual_cost_jpy is unknown and "
    "could change the outcome (rules: ef-cost-1bn, ef-cost-10bn) [unknown-indicator]\n"
)


@pytest.mark.parametrize("fmt", ["text", "table", "json", "sarif", "github", "markdown"])
@pytest.mark.parametrize("quiet", [[], ["--quiet"]])
def test_fail_on_says_what_failed_for_which_candidate(fmt, quiet):
    proc = run_cli("evaluate", WASTE, "--fail-on", "unknown", "-f", fmt, "--lang", "en", *quiet)
    assert proc.returncode == 1
    assert proc.stderr.startswith("failed (exit code 1) because of 6 findings:\n"), proc.stderr
    assert UNKNOWN in proc.stderr


def test_fail_on_expired_names_the_decision():
    proc = run_cli(
        "evaluate", "candidates/road-occupancy-permits.yaml", "candidates/library-system.yaml",
        "--fail-on", "expired", "--today", "2099-01-01", "-f", "text", "--lang", "ja",
    )  # fmt: skip
    assert proc.returncode == 1
    assert proc.stderr.startswith("失敗(終了コード 1): 次の")
    assert "road-occupancy-permits: " in proc.stderr and "library-system" not in proc.stderr


def test_a_passing_run_says_nothing():
    proc = run_cli("evaluate", WASTE, "-f", "text", "--lang", "en")
    assert (proc.returncode, proc.stderr) == (0, "")


def test_many_failures_are_capped_with_a_count(capsys):
    from commonize.cli.core import MAX_FAILURE_LINES, explain_failures
    from commonize.errors import SourceLocation
    from commonize.findings import Finding

    many = [
        Finding("unknown-indicator", "error", True, {"en": "x", "ja": "x"},
                SourceLocation(f"c{i}.yaml", 1, 1), "k", f"c{i}")
        for i in range(MAX_FAILURE_LINES + 5)
    ]  # fmt: skip
    explain_failures(many, "en")
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "failed (exit code 1) because of 25 findings:"
    assert len(lines) == MAX_FAILURE_LINES + 2 and lines[-1] == "  … and 5 more"
