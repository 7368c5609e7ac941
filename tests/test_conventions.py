"""CLI conventions: exit codes as documented, --version, shell completion."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonize import __version__
from conftest import run_cli


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate", "--rules", "no-such-rules"],
        ["validate", "candidates/library-system.yaml", "--rules", "no-such-rules"],
        ["validate", "candidates", "-f", "json", "--rules", "no-such-rules"],
        ["explain", "library-system", "--rules", "no-such-rules"],
        ["rules", "lint", "--rules", "no-such-rules"],
        ["evaluate", "--rules", "README.md"],
    ],
)
def test_a_missing_rules_directory_is_a_usage_error(args):
    proc = run_cli(*args)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith(f"error: {args[-1]}: ")
    assert "leave --rules out for the shipped rules" in proc.stderr


def test_a_directory_without_a_rule_set_is_still_a_broken_rule_set(tmp_path: Path):
    proc = run_cli("evaluate", "--rules", str(tmp_path))
    assert proc.returncode == 3 and "ruleset.yaml" in proc.stderr


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_flag(flag):
    proc = run_cli(flag)
    assert (proc.returncode, proc.stdout) == (0, f"commonize {__version__}\n")


def test_shell_completion_is_installable():
    help_text = run_cli("--help").stdout
    assert "--install-completion" in help_text and "--show-completion" in help_text
    # What --show-completion prints for bash is what --install-completion installs.
    proc = run_cli("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert proc.returncode == 0, proc.stderr
    assert "_COMMONIZE_COMPLETE=complete_bash" in proc.stdout


def test_completion_completes_commands():
    env = {"_COMMONIZE_COMPLETE": "complete_bash", "COMP_WORDS": "commonize eva", "COMP_CWORD": "1"}
    proc = run_cli(env=env)
    assert "evaluate" in proc.stdout


MD_RUNS = {
    "evaluate": ["evaluate", "candidates/library-system.yaml", "--lang", "en"],
    "diff": ["diff", "--rules", "rules", "candidates/library-system.yaml", "--lang", "en"],
    "rules doc": ["rules", "doc", "--lang", "en"],
}


@pytest.mark.parametrize("command", sorted(MD_RUNS))
def test_markdown_has_one_name_and_md_means_the_same(command):
    args = MD_RUNS[command]
    long = run_cli(*args, "--format", "markdown")
    short = run_cli(*args, "--format", "md")
    assert long.returncode == 0, long.stderr
    assert (short.returncode, short.stdout) == (0, long.stdout)
    assert "markdown" in run_cli(*args[: 2 if command == "rules doc" else 1], "--help").stdout


def test_report_takes_markdown_and_md(tmp_path: Path):
    written = {}
    for name in ("markdown", "md"):
        out = tmp_path / f"r-{name}.txt"
        args = ["report", "candidates/library-system.yaml", "--date", "2026-04-01"]
        proc = run_cli(*args, "--format", name, "-o", str(out))
        assert proc.returncode == 0, proc.stderr
        written[name] = out.read_text(encoding="utf-8")
    assert written["markdown"] == written["md"] and written["md"].startswith("#")
    by_suffix = tmp_path / "r.md"
    args = ["report", "candidates/library-system.yaml", "--date", "2026-04-01", "-o"]
    assert run_cli(*args, str(by_suffix)).returncode == 0
    assert by_suffix.read_text(encoding="utf-8") == written["md"]


@pytest.mark.parametrize("command", ["evaluate", "validate"])
def test_an_empty_candidates_folder_says_so(tmp_path: Path, command):
    (tmp_path / "candidates").mkdir()
    (tmp_path / "candidates" / "README.md").write_text("not a candidate\n", encoding="utf-8")
    proc = run_cli(command, str(tmp_path / "candidates"), "--lang", "en")
    assert proc.returncode == 0
    assert proc.stderr == (
        f"warning: no candidate files (*.yaml, *.yml) in {tmp_path / 'candidates'}: "
        "nothing was evaluated\n"
    )
    ja = run_cli(command, str(tmp_path / "candidates"), "--lang", "ja")
    assert "候補ファイル(*.yaml, *.yml)がない" in ja.stderr
