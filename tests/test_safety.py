"""Issue 8's output and determinism protections, one named test each (inputs: test_loader.py)."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from commonize.atomic import open_atomic, write_atomic
from commonize.errors import RuleSetError, UsageError
from conftest import run_cli, strong

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("json", "sarif", "junit", "github", "markdown", "text")


def cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=cwd, env=env)


# --- atomic writes ----------------------------------------------------------------------------


def test_interrupted_write_leaves_the_old_file_whole(tmp_path: Path):
    target = tmp_path / "report.md"
    target.write_text("the previous report\n", encoding="utf-8")

    def dies_half_way(fh):
        fh.write("half of a new rep")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, dies_half_way)
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary left behind


def test_failed_run_keeps_the_existing_report(tmp_path: Path):
    out = tmp_path / "out.sarif"
    out.write_text("previous\n", encoding="utf-8")
    broken_rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", broken_rules)
    gate = broken_rules / "gates" / "1_user_needs.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace("threshold: 4", "threshold: four"),
        encoding="utf-8",
    )
    proc = cli("evaluate", "--rules", str(broken_rules), "-f", f"sarif={out}")
    assert proc.returncode == 3
    assert out.read_text(encoding="utf-8") == "previous\n"


def test_writing_through_a_symlink_is_refused(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours\n", encoding="utf-8")
    link = tmp_path / "out" / "report.sarif"
    link.parent.mkdir()
    link.symlink_to(outside)
    with pytest.raises(UsageError, match="symbolic link"):
        write_atomic(link, "x")
    proc = cli("evaluate", "candidates/koseki.yaml", "-f", f"sarif={link}")
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    assert outside.read_text(encoding="utf-8") == "not yours\n"


def test_writing_outside_the_given_directory_is_refused(tmp_path: Path):
    root = tmp_path / "records"
    root.mkdir()
    with (
        pytest.raises(UsageError, match="outside"),
        open_atomic(root / ".." / "escaped.json", root=root),
    ):
        pass
    assert not (tmp_path / "escaped.json").exists()


# --- escaping -----------------------------------------------------------------------------------

EVIL = 'x<script>alert("x")</script>]]>&amp;\u202e'


@pytest.fixture
def evil_dir(tmp_path: Path) -> Path:
    data = strong(id="evil", name={"ja": "悪意<b>", "en": "Evil <script>alert(1)</script> & co"})
    data["notes"] = "=cmd|' /C calc'!A0"
    (tmp_path / "evil.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_junit_xml_quotes_candidate_text(evil_dir: Path, tmp_path: Path):
    out = tmp_path / "r.xml"
    assert cli("evaluate", str(evil_dir), "-f", f"junit={out}", "--lang", "en").returncode == 0
    root = ET.parse(out).getroot()  # parses: every candidate text was quoted
    assert "<script>" not in out.read_text(encoding="utf-8")
    assert any("evil" in (case.get("name") or "") for case in root.iter("testcase"))


def test_markdown_escapes_candidate_text(evil_dir: Path):
    proc = cli("evaluate", str(evil_dir), "-f", "markdown", "--lang", "en", "--sensitivity", "10")
    assert "<script>" not in proc.stdout


def test_a_rule_cannot_chain_so_no_cycle_can_be_written(rules_copy: Path):
    # Chaining is fixed by the compiler (candidate → summary → route); rule files have no key
    # to assert facts, so a cycle cannot be expressed: such a key is an error with its place.
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    text = gate.read_text(encoding="utf-8").replace(
        "    points: 2\n", "    points: 2\n    then: un-users-1m\n", 1
    )
    gate.write_text(text, encoding="utf-8")
    from commonize.api import load_rules

    with pytest.raises(RuleSetError) as err:
        load_rules(rules_copy)
    (p,) = err.value.problems
    assert p.message == "unknown key" and p.location.line is not None


# --- determinism --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_bytes_whatever_the_locale_and_time_zone(fmt: str):
    args = (
        "evaluate",
        "tests/examples/golden/candidates",
        "-f",
        fmt,
        "--lang",
        "ja",
        "--today",
        "2026-11-27",
    )
    a = cli(*args, TZ="UTC", LANG="C.UTF-8")
    b = cli(*args, TZ="Asia/Tokyo", LANG="ja_JP.UTF-8", LC_ALL="ja_JP.UTF-8")
    assert a.stdout and a.stdout == b.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_order_does_not_matter(fmt: str):
    files = sorted(
        str(p.relative_to(ROOT)) for p in (ROOT / "tests/examples/golden/candidates").iterdir()
    )
    forward = cli("evaluate", *files, "-f", fmt, "--lang", "en", "--today", "2026-11-27")
    backward = cli("evaluate", *reversed(files), "-f", fmt, "--lang", "en", "--today", "2026-11-27")
    assert forward.stdout and forward.stdout == backward.stdout
