"""End-to-end tests of the installed ``commonize`` command, and golden files of every format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = Path(__file__).resolve().parent / "examples" / "golden" / "candidates"


def cli(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=cwd, env=env)


def check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    # Golden files hold paths relative to the repository, whatever the checkout location.
    if update:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {name}; run pytest --update-golden"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; review and run pytest --update-golden"
    )


EX = "tests/examples/golden/candidates"
# What a run that fails on the broken example says on standard error.
WHY_BROKEN = (
    "failed (exit code 1) because of 1 finding:\n"
    f"  {EX}/broken.yaml: invalid file (3 problems, listed in the output)\n"
)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("text-en.txt", ["evaluate", EX, "--format", "text", "--lang", "en"]),
        ("text-ja.txt", ["evaluate", EX, "--format", "text", "--lang", "ja"]),
        ("table-en.txt", ["evaluate", EX, "--format", "table", "--lang", "en"]),
        ("table-ja.txt", ["evaluate", EX, "--format", "table", "--lang", "ja"]),
        ("explain-ja.txt", ["evaluate", EX, "--format", "text", "--explain", "--lang", "ja"]),
        ("explain-en.txt", ["evaluate", EX, "--format", "text", "--explain", "--lang", "en"]),
        ("results.json", ["evaluate", EX, "--format", "json"]),
        ("validate.txt", ["validate", EX, "--lang", "en"]),
        # validate streams its results; every format must still say what it said when
        # validate built the whole batch first (these files were written by that code).
        ("validate-github.txt", ["validate", EX, "--lang", "en", "--format", "github"]),
        ("validate.json", ["validate", EX, "--format", "json"]),
        ("validate.junit.xml", ["validate", EX, "--lang", "en", "--format", "junit"]),
        ("validate-markdown.md", ["validate", EX, "--lang", "en", "--format", "markdown"]),
        ("validate.txt", ["validate", EX, "--lang", "en", "--format", "table"]),
    ],
)
def test_golden_outputs(name, args, update_golden):
    proc = cli(*args)
    assert proc.returncode == 1, proc.stderr  # the broken example makes the batch exit 1
    assert "Traceback" not in proc.stderr
    check_golden(name, proc.stdout, update_golden)


@pytest.mark.parametrize(
    ("name", "env"), [("validate.txt", {}), ("validate-github.txt", {"GITHUB_ACTIONS": "true"})]
)
def test_validate_fast_path_golden_outputs(name, env, update_golden):
    # `commonize validate PATH…` with no option skips typer (the pre-commit call): same output.
    proc = cli("validate", EX, env=env)
    assert (proc.returncode, proc.stderr) == (1, WHY_BROKEN)
    check_golden(name, proc.stdout, update_golden)


def test_shipped_quick_start_succeeds():
    proc = cli("evaluate")
    assert proc.returncode == 0, proc.stderr
    shipped = len(list((ROOT / "candidates").rglob("*.yaml")))
    assert f"{shipped} candidates evaluated" in proc.stdout


def test_json_contract():
    doc = json.loads(cli("evaluate", "candidates", "--format", "json").stdout)
    assert doc["format"] == "commonize-results" and doc["format_version"] == 2
    for r in doc["results"]:
        assert r["track"] in {"standardize", "commonize", "joint_procurement", None}
        assert r["verdict"] == (r["track"] or "needs_information")
        assert (r["track"] is None) == (len(r["possible_tracks"]) > 1)
        assert set(r["gates"]) == {"user_needs", "effect", "feasibility"}
        for gate in r["gates"].values():
            assert {"score", "threshold", "passed", "status", "margin"} <= set(gate)
        for fired in r["fired"]:
            assert fired["rule"] and fired["clause"]["id"]


def test_output_is_byte_identical_and_order_independent(tmp_path: Path):
    first = cli("evaluate", EX, "--format", "json").stdout
    shuffled = [str(p) for p in sorted(EXAMPLE.iterdir(), reverse=True)]
    second = cli("evaluate", *shuffled, "--format", "json").stdout
    assert first == cli("evaluate", EX, "--format", "json").stdout
    # Same results whatever the order the files were named in (paths are written as given).
    strip = lambda doc: [(r["id"], r["track"]) for r in json.loads(doc)["results"]]  # noqa: E731
    assert strip(first) == strip(second)


def test_bad_file_does_not_stop_the_batch():
    proc = cli("evaluate", EX, "--format", "text", "--lang", "en")
    assert proc.returncode == 1
    assert (
        f"{EX}/broken.yaml:13:3: user_needs.users_per_yer: unknown key (did you mean 'users_per_year'?)"
        in proc.stdout
    )
    assert "library-system → Commonize" in proc.stdout


def test_explain_command():
    proc = cli("explain", "library-system", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "Why not the other tracks" in proc.stdout and "Clause:" in proc.stdout


def test_explain_unknown_id_suggests():
    proc = cli("explain", "library-sytem")
    assert proc.returncode == 2 and "did you mean 'library-system'" in proc.stderr


def test_broken_rule_set_exits_3_with_location(tmp_path: Path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    gate = rules / "gates" / "2_effect.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace("gte: 1000}", "greater: 1000}", 1),
        encoding="utf-8",
    )
    proc = cli("evaluate", "--rules", str(rules), "--format", "json")
    assert proc.returncode == 3
    assert proc.stdout == ""  # nothing evaluated with a half-loaded rule set
    assert f"{gate}:" in proc.stderr and "unknown operator 'greater'" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_usage_errors_exit_2(tmp_path: Path):
    assert cli("evaluate", str(tmp_path / "missing")).returncode == 2
    assert cli("evaluate", "--format", "nope").returncode == 2
    assert cli("evaluate", "--set", "gates.nope.threshold=1").returncode == 2


def test_set_override_changes_outcome():
    before = json.loads(
        cli("evaluate", "candidates/library-system.yaml", "--format", "json").stdout
    )
    after = json.loads(
        cli(
            "evaluate",
            "candidates/library-system.yaml",
            "--format",
            "json",
            "--set",
            "gates.effect.threshold=20",
        ).stdout
    )
    assert before["results"][0]["track"] == "commonize"
    assert after["results"][0]["track"] == "joint_procurement"


def test_python_dash_m_works():
    proc = subprocess.run(
        [sys.executable, "-m", "commonize", "version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.strip()


def test_no_candidates_dir_is_a_usage_error(tmp_path: Path):
    proc = cli("evaluate", cwd=tmp_path)
    assert proc.returncode == 2 and "candidates/" in proc.stderr


def test_ci_formats_in_one_run_match_their_golden_files(tmp_path: Path, update_golden):
    files = {
        name: tmp_path / name for name in ("results.sarif", "results.junit.xml", "markdown-en.md")
    }
    fmts = {"results.sarif": "sarif", "results.junit.xml": "junit", "markdown-en.md": "markdown"}
    args = [arg for name, path in files.items() for arg in ("-f", f"{fmts[name]}={path}")]
    proc = cli("evaluate", EX, "--lang", "en", "-f", "github", *args)
    assert proc.returncode == 1, proc.stderr
    check_golden("github-en.txt", proc.stdout, update_golden)
    for name, path in files.items():
        check_golden(name, path.read_text(encoding="utf-8"), update_golden)
        assert f"wrote {path} ({fmts[name]})" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)  # no temporary left


def test_validate_quiet_to_a_file(tmp_path: Path, update_golden):
    out = tmp_path / "validate.sarif"
    proc = cli("validate", EX, "--quiet", "--lang", "en", "--format", f"sarif={out}")
    # --quiet silences notes, not the reason for a failure.
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", WHY_BROKEN)
    check_golden("validate.sarif", out.read_text(encoding="utf-8"), update_golden)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "text", "-f", "json"], "only one format can go to standard output"),
        (["-f", "sarif=x.sarif", "-f", "junit=x.sarif"], "write the same file"),
        (["-f", "sarrif"], "did you mean 'sarif'?"),
        (["-f", "sarif="], "needs a file name"),
        (["-f", "sarif=no/such/dir/x.sarif"], "directory no/such/dir does not exist"),
        (["--fail-on", "track-change"], "needs --baseline"),
        (["--fail-on", "everything"], "is not one of invalid, unknown, track-change"),
        (["--baseline", "missing.json"], "cannot read the baseline"),
    ],
)
def test_ci_option_errors_exit_2(args, message, tmp_path: Path, monkeypatch):
    # In process: these stop before any rule is loaded, and a subprocess each is slow.
    from typer.testing import CliRunner

    from commonize.cli import app

    monkeypatch.chdir(tmp_path)
    for var in [v for v in os.environ if v.startswith("COMMONIZE_")]:
        monkeypatch.delenv(var)
    result = CliRunner().invoke(app, ["evaluate", str(ROOT / EX), *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stdout == ""


def test_format_auto_under_github_actions():
    proc = cli("evaluate", EX, env={"GITHUB_ACTIONS": "true"})
    assert proc.stdout.startswith("::group::") and "::error file=" in proc.stdout


def test_schema_command_prints_the_committed_schema():
    proc = cli("schema")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (ROOT / "schema" / "candidate.schema.json").read_text(encoding="utf-8")


def test_sensitivity_flags_borderline_candidates_in_outputs():
    text = cli("evaluate", "--sensitivity", "10", "--format", "text", "--lang", "en", "--no-cache")
    assert text.returncode == 0, text.stderr
    lines = {
        line.split(":")[0]: line
        for line in text.stdout.splitlines()
        if line.startswith("candidates/")
    }
    assert "borderline" in lines["candidates/resident-enquiry-chatbot.yaml"]
    assert "borderline" not in lines["candidates/mynumber-card-authentication.yaml"]
    doc = json.loads(cli("evaluate", "--sensitivity", "10", "--format", "json").stdout)
    flags = {r["id"]: r["sensitivity"]["borderline"] for r in doc["results"]}
    assert flags["resident-enquiry-chatbot"] and not flags["mynumber-card-authentication"]


def test_explain_whatif_lists_changes():
    proc = cli("explain", "resident-enquiry-chatbot", "--whatif", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert "Why not the other tracks" in proc.stdout and "would change the track" in proc.stdout
