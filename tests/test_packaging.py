"""What `uv run commonize` installs: the tool's own needs; the developer tools stay in dev."""

from __future__ import annotations

import tomllib

from conftest import ROOT

DEV_TOOLS = {"pytest", "hypothesis", "ruff", "pre-commit", "jsonschema"}


def _name(requirement: str) -> str:
    return requirement.split(";")[0].split("[")[0].split("=")[0].split(">")[0].split("<")[0].strip()


def test_uv_run_installs_no_developer_tool():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = {_name(r) for r in project["project"]["dependencies"]}
    dev = {_name(r) for r in project["dependency-groups"]["dev"]}
    assert dev >= DEV_TOOLS and not DEV_TOOLS & runtime
    # No group is installed unless asked for (`uv run --group dev pytest`).
    assert project["tool"]["uv"]["default-groups"] == []
    lock = (ROOT / "uv.lock").read_text(encoding="utf-8")
    assert "default-groups = []" in lock


def test_the_ci_and_the_readme_run_the_tests_with_the_dev_group():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run --group dev pytest" in readme and "\nuv run pytest" not in readme
    assert "uv run --locked --group dev pytest" in (ROOT / ".ci" / "run").read_text("utf-8")
