from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from commonize.api import default_rules_dir, load_rules
from commonize.rules.compiler import CompiledRuleset

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "candidates"
EXAMPLES = Path(__file__).resolve().parent / "examples"
# The installed console script, next to this interpreter: what a user runs.
EXE = shutil.which("commonize", path=str(Path(sys.executable).parent)) or "commonize"


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the installed ``commonize`` as a user would, end to end.

    Settings of the test run itself (COMMONIZE_*, GITHUB_* under Actions, LC_ALL, NO_COLOR)
    do not leak in; UTF-8 and 140 columns unless ``env`` says otherwise.
    """
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("COMMONIZE_", "GITHUB_")) and k not in ("LC_ALL", "NO_COLOR")
    }
    return subprocess.run(
        [EXE, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**inherited, "LANG": "C.UTF-8", "COLUMNS": "140", **(env or {})},
        timeout=120,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files")


@pytest.fixture(scope="session")
def compiled() -> CompiledRuleset:
    return load_rules()


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped rule set."""
    dest = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), dest)
    return dest


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def minimal(**overrides: object) -> dict:
    """A valid candidate as plain data, every indicator unknown unless overridden."""
    data: dict = {
        "schema_version": 1,
        "id": "sample",
        "kind": "system",
        "name": {"ja": "サンプル", "en": "Sample"},
        "ministry": "総務省",
        "description": "A test candidate.",
        "figures": "illustrative",
    }
    data.update(overrides)
    return data


def strong(**sections: dict) -> dict:
    """A candidate that passes every gate of the shipped rules with 'go' as a common SaaS."""
    base = minimal(
        id="strong",
        user_needs={
            "users": "residents",
            "users_per_year": 5_000_000,
            "citizen_facing": True,
            "online_share_pct": 20,
            "requesting_governments": 300,
            "survey_support_pct": 70,
            "disaster_relevance": "none",
            "multi_government_filing": False,
            "priority_dx_project": False,
        },
        effect={
            "governments_doing": 1788,
            "annual_cost_jpy": 30_000_000_000,
            "annual_staff_hours": 2_000_000,
            "expected_cost_reduction_pct": 25,
            "expected_staff_hours_reduction_pct": 30,
            "variation_between_governments": "low",
            "realtime_data_value": "low",
            "reused_by_services": 1,
            "governments_short_of_it_staff": 0,
        },
        feasibility={
            "legal_change": "none",
            "national_role": "none",
            "responsible_ministry_identified": True,
            "market_products": 4,
            "contracts_end_year": 2027,
            "network_segment": "internet",
            "personal_data": "low",
            "pilot": {"status": "completed", "result": "success"},
            "size_differentiated": False,
        },
        solution={
            "shape": "application",
            "general_tool": False,
            "joint_procurement_prefectures": 2,
        },
    )
    for key, values in sections.items():
        if isinstance(values, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **values}
        else:
            base[key] = values
    return base
