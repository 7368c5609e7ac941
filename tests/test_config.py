"""Settings: flags > COMMONIZE_* variables > .commonize.toml / [tool.commonize] > defaults."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from commonize.config import Settings, find_config, load_settings
from commonize.errors import UsageError
from commonize.formats import Output
from conftest import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = Path(__file__).resolve().parent / "examples" / "golden" / "candidates"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository root: the walk up stops here, whatever lies above the temporary dir."""
    (tmp_path / ".git").mkdir()
    return tmp_path


def test_defaults_without_a_file(repo: Path):
    assert load_settings(repo, {}) == Settings()


def test_dotfile_found_walking_up_and_paths_taken_from_its_directory(repo: Path):
    (repo / ".commonize.toml").write_text(
        'rules = "my-rules"\npaths = ["candidates"]\nformat = ["text", "sarif=out/x.sarif"]\n'
        'fail-on = ["unknown"]\nlang = "ja"\n',
        encoding="utf-8",
    )
    sub = repo / "candidates" / "deeper"
    sub.mkdir(parents=True)
    s = load_settings(sub, {})
    assert s.file == repo / ".commonize.toml"
    assert s.rules == repo / "my-rules"  # above the working directory: absolute
    assert s.paths == (repo / "candidates",)
    assert s.formats == (Output("text"), Output("sarif", repo / "out" / "x.sarif"))
    assert (s.fail_on, s.lang) == (("unknown",), "ja")
    top = load_settings(repo, {})  # from the file's own directory paths stay short
    assert top.paths == (Path("candidates"),) and top.rules == Path("my-rules")


def test_pyproject_table_and_precedence_of_the_dotfile(repo: Path):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.commonize]\nlang = "en"\n', encoding="utf-8"
    )
    assert load_settings(repo, {}).lang == "en"
    (repo / ".commonize.toml").write_text('lang = "ja"\n', encoding="utf-8")
    assert load_settings(repo, {}).lang == "ja"


def test_pyproject_without_the_table_is_skipped(repo: Path):
    (repo / ".commonize.toml").write_text('lang = "ja"\n', encoding="utf-8")
    inner = repo / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.ruff]\nline-length = 90\n", encoding="utf-8")
    assert load_settings(inner, {}).lang == "ja"


def test_walk_stops_at_the_repository_root(tmp_path: Path):
    (tmp_path / ".commonize.toml").write_text('lang = "ja"\n', encoding="utf-8")
    inner = tmp_path / "other-repo"
    (inner / ".git").mkdir(parents=True)
    assert find_config(inner) is None


def test_variables_beat_the_file(repo: Path):
    (repo / ".commonize.toml").write_text(
        'lang = "ja"\nformat = "json"\nfail-on = "unknown"\n', encoding="utf-8"
    )
    env = {
        "COMMONIZE_LANG": "en",
        "COMMONIZE_FORMAT": "text, junit=j.xml",
        "COMMONIZE_FAIL_ON": "track-change,unknown",
        "COMMONIZE_PATHS": os.pathsep.join(["a", "b"]),
        "COMMONIZE_RULES": "",  # empty: unset
    }
    s = load_settings(repo, env)
    assert s.lang == "en"
    assert s.formats == (Output("text"), Output("junit", Path("j.xml")))
    assert s.fail_on == ("unknown", "track-change")
    assert s.paths == (Path("a"), Path("b")) and s.rules is None


@pytest.mark.parametrize(
    ("content", "env", "message"),
    [
        ('fail_on = ["unknown"]\n', {}, "unknown setting 'fail_on' (did you mean 'fail-on'?)"),
        ("lang = [\n", {}, "not valid TOML"),
        ('lang = "fr"\n', {}, "'fr' is not one of ja, en"),
        ("paths = 3\n", {}, "expected a list of strings"),
        ('format = ["yaml"]\n', {}, "unknown format 'yaml'"),
        ("", {"COMMONIZE_FAIL_ON": "sometimes"}, "COMMONIZE_FAIL_ON"),
    ],
)
def test_bad_settings_are_usage_errors_naming_their_source(repo: Path, content, env, message):
    (repo / ".commonize.toml").write_text(content, encoding="utf-8")
    with pytest.raises(UsageError) as e:
        load_settings(repo, env)
    assert message in str(e.value)
    assert e.value.exit_code == 2


def test_flags_beat_variables_beat_file_end_to_end(repo: Path):
    shutil.copytree(EXAMPLE, repo / "cands")
    (repo / "cands" / "broken.yaml").unlink()
    (repo / ".commonize.toml").write_text(
        'paths = ["cands"]\nformat = ["json"]\nfail-on = ["unknown"]\n', encoding="utf-8"
    )

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess:
        return run_cli("evaluate", *args, cwd=repo, env=extra)

    from_file = run()
    # The file's paths, json and fail-on (a provisional candidate fails it).
    assert from_file.returncode == 1 and from_file.stdout.startswith("{"), from_file.stderr
    from_env = run(COMMONIZE_FORMAT="github", COMMONIZE_FAIL_ON="invalid")
    assert from_env.returncode == 0 and "::warning file=cands/" in from_env.stdout
    from_flags = run("--format", "text", "--lang", "en", COMMONIZE_FORMAT="github")
    assert "5 candidates evaluated" in from_flags.stdout and "::" not in from_flags.stdout
