"""The published pre-commit hooks, run by pre-commit itself on a temporary repository.

The published hooks are ``language: python``: pre-commit builds an environment with
commonize and durable-rules (a C build, about a minute from PyPI). The default test runs
the very same hook definitions as ``repo: local`` hooks on the commonize installed here, so
it needs neither network nor a compiler; COMMONIZE_SLOW_TESTS=1 also runs the real install
through ``pre-commit try-repo``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = Path(__file__).resolve().parent / "examples" / "golden" / "candidates"
BIN = Path(sys.executable).parent
EXE = shutil.which("commonize", path=str(BIN)) or "commonize"
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or "pre-commit"
HOOKS = {h["id"]: h for h in load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


def test_manifest_is_valid_and_published_as_python():
    assert set(HOOKS) == {"commonize-validate", "commonize-evaluate"}
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert hook["entry"].split()[0] == "commonize"
    assert HOOKS["commonize-validate"]["pass_filenames"] is True
    assert HOOKS["commonize-evaluate"]["pass_filenames"] is False


def _git_repo(path: Path, env: dict[str, str]) -> None:
    (path / "candidates").mkdir(parents=True)
    shutil.copy(EXAMPLE / "library-system.yaml", path / "candidates")
    shutil.copy(EXAMPLE / "broken.yaml", path / "candidates")
    (path / "README.md").write_text("not a candidate\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(path)], check=True, env=env)


def _env(tmp_path: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("COMMONIZE_", "GITHUB_"))}
    return {
        **keep,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),  # no user git config or pre-commit state leaks in
        "LANG": "C.UTF-8",
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def _run(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=env)
    return subprocess.run(
        [PRE_COMMIT, *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_hooks_run_by_pre_commit_on_a_repository(tmp_path: Path):
    repo, env = tmp_path / "repo", _env(tmp_path)
    _git_repo(repo, env)
    local = [
        {
            **{k: HOOKS[i][k] for k in ("id", "name", "files", "pass_filenames", "require_serial")},
            # The hook's own command line, on the commonize installed with these tests.
            "entry": HOOKS[i]["entry"].replace("commonize", EXE, 1),
            "language": "unsupported",
        }
        for i in HOOKS
    ]
    config = {"repos": [{"repo": "local", "hooks": local}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")

    failed = _run(repo, env, "run", "--all-files", "--color", "never")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "commonize validate" in failed.stdout and "Failed" in failed.stdout
    assert "candidates/broken.yaml:13:3: user_needs.users_per_yer: unknown key" in failed.stdout
    assert "README.md" not in failed.stdout  # only candidate files are passed

    (repo / "candidates" / "broken.yaml").unlink()
    passed = _run(repo, env, "run", "--all-files", "--color", "never")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert passed.stdout.count("Passed") == 2

    # A failure chosen with --fail-on (here from the settings file) says why and for whom.
    shutil.copy(EXAMPLE / "waste-collection-management.yaml", repo / "candidates")
    (repo / ".commonize.toml").write_text('fail-on = ["unknown"]\nlang = "en"\n', "utf-8")
    strict = _run(repo, env, "run", "--all-files", "--color", "never")
    assert strict.returncode == 1, strict.stdout + strict.stderr
    assert "failed (exit code 1) because of 6 findings:" in strict.stdout
    assert (
        "candidates/waste-collection-management.yaml:31:3: waste-collection-management: "
        "effect.annual_cost_jpy is unknown and could change the outcome" in strict.stdout
    )


@pytest.mark.skipif(
    not os.environ.get("COMMONIZE_SLOW_TESTS"),
    reason="installs commonize from PyPI sources (about a minute); set COMMONIZE_SLOW_TESTS=1",
)
def test_published_hooks_install_and_run_with_try_repo(tmp_path: Path):
    repo, env = tmp_path / "repo", _env(tmp_path)
    _git_repo(repo, env)
    proc = _run(repo, env, "try-repo", str(ROOT), "commonize-validate", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "candidates/broken.yaml:13:3" in proc.stdout
