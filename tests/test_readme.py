"""The README's examples run as written, on a fresh copy of the repository.

The copy holds what a clone holds (the files git tracks, plus new ones not ignored) in a
new git repository, so `diff --rules-ref HEAD` has a history to read. `uv run commonize`
is the installed console script of this test run: the same program, without a second
environment to build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from conftest import EXE, ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

README = (ROOT / "README.md").read_text(encoding="utf-8")
GIT = ["git", "-c", "user.name=readme-test", "-c", "user.email=readme@test.invalid"]


def _section(title: str, fence: str) -> str:
    body = README.split(f"\n## {title}\n", 1)[1]
    return body.split(f"```{fence}\n", 1)[1].split("```", 1)[0]


def commands() -> list[str]:
    """The Commands section's lines, comments dropped, in order."""
    lines = [line.split("  #", 1)[0].strip() for line in _section("Commands", "sh").splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def _fresh_copy(dest: Path) -> Path:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")  # fmt: skip
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    subprocess.run([*GIT, "init", "-q", str(dest)], check=True)
    subprocess.run([*GIT, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "copy"], cwd=dest, check=True)
    return dest


def _run(line: str, cwd: Path) -> subprocess.CompletedProcess:
    shell = line.replace("uv run commonize", EXE)
    # A home of its own: the result cache (~/.cache/commonize) is no file of the checkout.
    home = cwd.parent / f"{cwd.name}-home"
    env = {"PATH": f"{Path(EXE).parent}:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(home)}
    return subprocess.run(
        ["bash", "-c", shell], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> Path:
    repo = _fresh_copy(tmp_path_factory.mktemp("clone") / "commonize")
    for line in commands():
        proc = _run(line, repo)
        assert proc.returncode == 0, f"{line}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        assert "Traceback" not in proc.stderr, line
    return repo


def test_the_commands_section_runs_top_to_bottom(ran: Path):
    assert len(commands()) >= 15
    for written in ("results.json", "out.sarif", "out.xml", "report.html", "records"):
        assert (ran / written).exists(), written


def test_what_the_examples_write_is_ignored_by_git(ran: Path):
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=ran, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert status == ""


def test_what_the_examples_write_stays_out_of_the_sdist(ran: Path, tmp_path: Path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the sdist")
    proc = subprocess.run(
        [uv, "build", "--sdist", "--out-dir", str(tmp_path), str(ran)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    (sdist,) = tmp_path.glob("commonize-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    assert "rules/ruleset.yaml" in names and "README.md" in names
    for written in ("results.json", "out.sarif", "out.xml", "candidate.schema.json"):
        assert written not in names
    assert not any(n.startswith(("records/", "report.")) for n in names)


def test_the_sample_candidate_works_with_every_command(tmp_path: Path):
    (tmp_path / "candidates").mkdir()
    sample = tmp_path / "candidates" / "library-system.yaml"
    sample.write_text(_section("Candidate files", "yaml"), encoding="utf-8")
    for line in [
        "uv run commonize validate",
        "uv run commonize evaluate --explain",
        "uv run commonize explain library-system --whatif",
        "uv run commonize report --output report.html",
        "uv run commonize report --format markdown --output report.md",
        "uv run commonize evaluate --record records/",
        "uv run commonize verify-record records/library-system.json",
    ]:
        proc = _run(line, tmp_path)
        assert proc.returncode == 0, f"{line}\n{proc.stdout[-1500:]}\n{proc.stderr[-1500:]}"


def test_no_link_to_a_tag_that_does_not_exist():
    tags = set(
        subprocess.run(["git", "tag"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    )
    docs = [
        ROOT / "README.md",
        ROOT / ".pre-commit-hooks.yaml",
        *sorted((ROOT / "docs").rglob("*.md")),
    ]
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        named = re.findall(r"(?:rev: |@|/tree/|/releases/tag/)(v\d+\.\d+\.\d+)", text)
        assert set(named) <= tags, (doc.name, named)
