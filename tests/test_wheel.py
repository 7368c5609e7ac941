"""The default rules work from an installed wheel, not only from a checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("commonize-*.whl")
    return built


def test_wheel_carries_the_rule_set(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    for rel in ("ruleset.yaml", "standardized_businesses.yaml", "gates/1_user_needs.yaml"):
        assert f"commonize/_data/rules/{rel}" in names


def test_evaluate_from_unpacked_wheel(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    shutil.copytree(ROOT / "candidates", work / "candidates")
    code = (
        "import commonize.api as a, sys;"
        "assert 'site' in str(a.default_rules_dir()), a.default_rules_dir();"
        "from commonize.cli import main; sys.argv=['commonize','evaluate','--format','text']; main()"
    )
    # The unpacked wheel first on the path; dependencies from this environment.
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    shipped = len(list((ROOT / "candidates").rglob("*.yaml")))
    assert f"{shipped} candidates evaluated" in proc.stdout
