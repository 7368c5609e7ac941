"""`diff --rules-ref REV`: compare with the rules as they were at a git revision."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from commonize.errors import UsageError
from commonize.gitrev import rules_at
from conftest import CANDIDATES, run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid"]


@pytest.fixture
def repo(tmp_path: Path, rules_copy: Path) -> Path:
    work = tmp_path / "work"
    shutil.copytree(rules_copy, work / "rules")
    shutil.copytree(CANDIDATES, work / "candidates")
    subprocess.run([*GIT, "init", "-q", str(work)], check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=work, check=True)
    subprocess.run([*GIT, "commit", "-qm", "rules"], cwd=work, check=True)
    # The analyst's uncommitted edit: a stricter effect threshold.
    gate = work / "rules" / "gates" / "2_effect.yaml"
    text = gate.read_text(encoding="utf-8")
    gate.write_text(text.replace("threshold: 6", "threshold: 9"), encoding="utf-8")
    return work


def test_rules_ref_compares_the_working_rules_with_a_revision(repo: Path):
    proc = run_cli("diff", "--rules-ref", "HEAD", "--rules-new", "rules", "--lang", "en", cwd=repo)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Decision diff: rules@HEAD (")
    assert "gates.effect.threshold: 6 → 9" in proc.stdout
    assert "0 of 44 candidates change" not in proc.stdout
    # The same as comparing with a copy of the committed rules.
    with rules_at("HEAD", repo / "rules") as old:
        assert (old / "gates" / "2_effect.yaml").read_text("utf-8").count("threshold: 6") == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--rules-ref", "no-such-rev", "--rules-new", "rules"], "git knows no revision"),
        (
            ["--rules-ref", "HEAD", "--rules", "rules", "--rules-new", "rules"],
            "give the old rules once",
        ),
    ],
)
def test_rules_ref_mistakes_are_usage_errors(repo: Path, args, said):
    proc = run_cli("diff", *args, cwd=repo)
    assert proc.returncode == 2 and said in proc.stderr, proc.stderr


def test_rules_ref_outside_a_repository(tmp_path: Path, rules_copy: Path):
    with pytest.raises(UsageError, match="not a git repository"), rules_at("HEAD", rules_copy):
        pass


def test_rules_ref_of_a_directory_added_later(repo: Path):
    (repo / "rules2").mkdir()
    with (
        pytest.raises(UsageError, match="rules2 did not exist at HEAD"),
        rules_at("HEAD", repo / "rules2"),
    ):
        pass
