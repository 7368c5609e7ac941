"""commonize migrate: a version 1 file becomes version 2 with every other byte kept."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
V1 = ROOT / "tests" / "examples" / "golden" / "candidates" / "koseki.yaml"


def test_only_the_version_line_changes_and_comments_stay(tmp_path: Path):
    path = tmp_path / "c.yaml"
    original = V1.read_bytes().replace(b"schema_version: 1", b"schema_version: 1  # old")
    assert b"schema_version: 1  # old" in original
    path.write_bytes(original)
    done = run_cli("migrate", str(path))
    assert done.returncode == 0, done.stderr
    assert f"{path}: schema_version 1 → 2" in done.stdout
    assert path.read_bytes() == original.replace(b"schema_version: 1", b"schema_version: 2")
    again = run_cli("migrate", str(path))
    assert again.returncode == 0 and "already version 2" in again.stdout


def test_a_file_that_would_not_load_is_left_alone(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    text = V1.read_text("utf-8").replace("kind: business", "kind: busines")
    assert "kind: busines\n" in text
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    done = run_cli("migrate", str(path))
    assert done.returncode == 1
    assert "bad.yaml:" in done.stderr and "kind" in done.stderr
    assert path.read_bytes() == before
