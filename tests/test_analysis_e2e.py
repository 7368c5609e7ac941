"""The analyst's loop, on the installed ``commonize`` executable: change one threshold, then
``rules test`` says which expectations break, ``rules lint`` whether the rule set is still
sound, and ``diff`` which real candidates move — in that order."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from commonize.api import default_rules_dir
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=cwd)


def test_one_threshold_change_through_test_lint_and_diff(tmp_path: Path):
    old, new = tmp_path / "rules-old", tmp_path / "rules"
    shutil.copytree(default_rules_dir(), old)
    shutil.copytree(default_rules_dir(), new)
    shutil.copytree(ROOT / "candidates", tmp_path / "candidates")
    gate = new / "gates" / "2_effect.yaml"
    text = gate.read_text(encoding="utf-8")
    assert "\nthreshold: 6\n" in text
    gate.write_text(text.replace("\nthreshold: 6\n", "\nthreshold: 7\n"), encoding="utf-8")

    # Unchanged, everything passes: the baseline an analyst starts from.
    baseline = run("rules", "test", "--rules", "rules-old", "--min-coverage", "100", cwd=tmp_path)
    assert baseline.returncode == 0, baseline.stdout + baseline.stderr

    # 1. Which expectations break: the cases pinned at exactly 6 effect points, with the diff.
    tested = run("rules", "test", "--rules", "rules", "-q", cwd=tmp_path)
    assert tested.returncode == 1, tested.stderr
    assert "rules/tests/2_effect.yaml\n" in tested.stdout
    assert (
        "✗ widely done, costly work with a credible 20% saving passes at exactly 6" in tested.stdout
    )
    assert (
        "- gates.effect.status: pass\n      + gates.effect.status: fail   # score 6, threshold 7"
        in tested.stdout
    )
    assert "0 errors" in tested.stdout and " 0 failed" not in tested.stdout

    # 2. Whether the rule set is still sound: it is (7 of 17 possible is reachable).
    linted = run("rules", "lint", "--rules", "rules", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    assert "no problems" in linted.stdout

    # 3. Which real candidates move, and why.
    diffed = run(
        "diff",
        "--rules",
        "rules-old",
        "--rules-new",
        "rules",
        "candidates",
        "-f",
        "json",
        cwd=tmp_path,
    )
    assert diffed.returncode == 0, diffed.stderr
    doc = json.loads(diffed.stdout)
    assert doc["rule_changes"] == [{"key": "gates.effect.threshold", "old": 6, "new": 7}]
    moved = [c for c in doc["candidates"] if c["kind"] == "moved"]
    assert moved, "some shipped candidate passes the effect gate with exactly 6 points"
    assert any(c["old"].startswith("commonize") for c in moved)
    for c in moved:
        # Short of 7 on known evidence: not met, or open where unknowns could still carry it;
        # a candidate open at an earlier gate can now only end at this one.
        if c["old"].startswith("commonize"):
            assert c["new"] in ("joint_procurement (effect)", "needs_information (effect)")
        else:
            assert c["old"].startswith("needs_information") and c["new"].endswith("(effect)")
        assert {"key": "gates.effect.threshold", "old": 6, "new": 7} in c["why"]

    # And a bad edit is not "sound": lint says where, with exit 1; a broken file exits 3.
    gate.write_text(text.replace("\nthreshold: 6\n", "\nthreshold: 18\n"), encoding="utf-8")
    unreachable = run("rules", "lint", "--rules", "rules", cwd=tmp_path)
    assert unreachable.returncode == 1
    assert unreachable.stdout.startswith("rules/gates/2_effect.yaml:")
    assert "[unreachable-threshold]" in unreachable.stdout
    gate.write_text(text.replace("\nthreshold: 6\n", "\nthreshold: [6]\n"), encoding="utf-8")
    assert run("rules", "lint", "--rules", "rules", cwd=tmp_path).returncode == 3
