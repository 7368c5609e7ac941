"""The console script's fast path for ``commonize validate FILE…`` (what pre-commit runs).

It skips typer, so it must say exactly what the typer command says: the same standard output,
standard error and exit code for every input, setting and error. Timings are the benchmarks'
business (benchmarks/run.py's start-up figure); here only behaviour and what gets imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import commonize.cli as cli
from commonize.cli import _plain_validate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "examples" / "golden" / "candidates"
INVALID = ROOT / "tests" / "examples" / "invalid"

# Never needed to check a file's schema: the CLI framework, the engine, the report stack.
HEAVY = ("typer", "click", "rich", "durable", "durable_rules_engine", "jinja2", "openpyxl")
HEAVY_OURS = (
    "commonize.cli._typer",
    "commonize.engine",
    "commonize.pipeline",
    "commonize.cache",
    "commonize.explain",
    "commonize.render.json_out",
    "commonize.report",
    "commonize.analysis",
)


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with duplicate ids, an unreadable file and no settings around."""
    (tmp_path / ".git").mkdir()  # stops the settings search here
    dup = tmp_path / "dup"
    dup.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(EXAMPLE / "library-system.yaml", dup / name)
    shutil.copy(EXAMPLE / "broken.yaml", tmp_path / "broken.yaml")
    shutil.copy(EXAMPLE / "koseki.yaml", tmp_path / "koseki.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)
    for var in [v for v in os.environ if v.startswith(("COMMONIZE_", "GITHUB_"))]:
        monkeypatch.delenv(var)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    return tmp_path


def _run(entry: str, argv: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capfd.readouterr()
    old = sys.argv
    sys.argv = ["commonize", *argv]
    try:
        if entry == "fast":
            cli.main()
        else:
            cli.typer_main()
        code: object = 0
    except SystemExit as e:
        code = e.code
    finally:
        sys.argv = old
    out, err = capfd.readouterr()
    return code, out, err  # type: ignore[return-value]


def both(argv: list[str], capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """The same call through the fast path and through typer; the fast path must be taken."""

    def no_typer() -> None:
        raise AssertionError(f"{argv} did not take the fast path")

    with monkeypatch.context() as m:
        m.setattr(cli, "typer_main", no_typer)
        fast = _run("fast", argv, capfd)
    slow = _run("typer", argv, capfd)
    assert fast == slow
    return fast


CASES = {
    "valid": (["koseki.yaml"], 0, "1 file validated: 1 valid, 0 invalid"),
    "invalid": (["broken.yaml"], 1, "broken.yaml:13:3: user_needs.users_per_yer: unknown key"),
    "duplicate": (["dup"], 1, "dup/b.yaml:7:1: id: id 'library-system' is already used by"),
    "duplicate, named backwards": (["dup/b.yaml", "dup/a.yaml"], 1, "is already used by dup/a"),
    "unreadable": (["dangling.yaml"], 1, "dangling.yaml: cannot read file"),
    "directory": ([str(EXAMPLE)], 1, "6 files validated: 5 valid, 1 invalid"),
    "empty directory": (["empty"], 0, "0 files validated"),
    "many kinds": ([str(INVALID), "koseki.yaml", "dangling.yaml"], 1, "custom-tag.yaml"),
    "missing file": (
        ["koseki.yaml", "missing.yaml"],
        2,
        "error: missing.yaml: no such file or directory",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_fast_path_says_what_typer_says(case, tree, capfd, monkeypatch):
    argv, code, expected = CASES[case]
    got_code, out, err = both(["validate", *argv], capfd, monkeypatch)
    assert got_code == code
    assert expected in out + err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "case", ["invalid", "duplicate", "unreadable", "directory", "missing file"]
)
def test_fast_path_under_github_actions(case, tree, capfd, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # `auto` becomes annotations
    argv, code, _ = CASES[case]
    got_code, out, _err = both(["validate", *argv], capfd, monkeypatch)
    assert got_code == code
    if code == 1:
        assert out.startswith("::group::") and "::error file=" in out


@pytest.mark.parametrize(
    "settings",
    [
        'lang = "ja"\n',
        'format = ["github"]\n',
        'format = ["json"]\n',  # a format that needs the whole rule set
        'format = ["text", "sarif=out.sarif"]\n',  # several outputs, one a file
        'fail-on = ["unknown"]\n',  # validate ignores it
        'fail-on = ["everything"]\n',  # a bad value is a usage error all the same
        'langg = "ja"\n',
        'rules = "no-such-rules"\n',
        "not toml [\n",
    ],
)
def test_fast_path_reads_the_same_settings(settings, tree, capfd, monkeypatch):
    (tree / ".commonize.toml").write_text(settings, encoding="utf-8")
    first = both(["validate", "broken.yaml", "dup"], capfd, monkeypatch)
    if "sarif" in settings:
        assert (tree / "out.sarif").is_file() and "wrote out.sarif (sarif)" in first[2]


@pytest.mark.parametrize(
    "env",
    [
        {"COMMONIZE_LANG": "ja"},
        {"LANG": "ja_JP.UTF-8"},
        {"COMMONIZE_FORMAT": "markdown"},
        {"COMMONIZE_LANG": "xx"},
        {"COMMONIZE_RULES": str(ROOT / "rules")},
    ],
)
def test_fast_path_reads_the_same_variables(env, tree, capfd, monkeypatch):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    both(["validate", "broken.yaml", "koseki.yaml"], capfd, monkeypatch)


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (RuntimeError("boom"), 4, "internal error: RuntimeError: boom (this is a bug"),
        (KeyboardInterrupt(), 130, "interrupted"),
    ],
)
def test_fast_path_handles_errors_like_typer(error, code, message, tree, capfd, monkeypatch):
    import commonize.api

    def fail(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(commonize.loading, "iter_validate", fail)
    got_code, out, err = both(["validate", "koseki.yaml"], capfd, monkeypatch)
    assert (got_code, out) == (code, "")
    assert err.startswith(message) and err.count("\n") == 1


def _subprocess(code: str, argv: list[str], cwd: Path, env: dict[str, str] | None = None):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMMONIZE_", "GITHUB_"))}
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        cwd=cwd,
        env={**full, "LANG": "C.UTF-8", **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def test_fast_path_broken_pipe_is_quiet_like_typer(tree):
    # A broken pipe that escapes the run (the console script's stdout absorbs those of its
    # own writes and the run goes on): the run did not finish, so not a success (141, as
    # SIGPIPE), quietly and alike on both paths.
    patch = (
        "import commonize.loading as a\n"
        "def gone(*args, **kwargs):\n"
        "    raise BrokenPipeError\n"
        "a.iter_validate = gone\n"
    )
    fast = _subprocess(patch + "from commonize.cli import main; main()", ["validate", "dup"], tree)
    slow = _subprocess(
        patch + "from commonize.cli import typer_main; typer_main()", ["validate", "dup"], tree
    )
    assert (fast.returncode, fast.stdout, fast.stderr) == (141, "", "")
    assert (slow.returncode, slow.stdout, slow.stderr) == (141, "", "")


@pytest.mark.parametrize("env", [{}, {"GITHUB_ACTIONS": "true"}])
def test_fast_path_imports_no_framework_engine_or_report_stack(env, tree):
    probe = (
        "import json, sys\n"
        "from commonize.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)\n"
    )
    proc = _subprocess(probe, ["validate", "broken.yaml", "dup", "koseki.yaml"], tree, env)
    code, modules = json.loads(proc.stderr.splitlines()[-1])
    assert code == 1 and "files validated" in proc.stdout
    loaded = set(modules)
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded for ours in HEAVY_OURS if m == ours or m.startswith(ours + ".")}
    # Not reached: results.py builds Result.identity's Bilingual from the rule-file models,
    # so commonize.rules.model is loaded even though validate reads no rule file but one.


def test_validate_on_a_terminal_imports_no_rich(tree):
    # On a terminal `auto` resolves to the table, whose validate output is text's plain
    # lines: the table module (and rich with it) is for evaluate's table only.
    probe = (
        "import json, sys\n"
        "from commonize.cli import main\n"
        "sys.stdout.isatty = lambda: True\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    code = e.code\n"
        "print(json.dumps([code, sorted(sys.modules)]), file=sys.stderr)\n"
    )
    proc = _subprocess(probe, ["validate", "koseki.yaml"], tree, {"TERM": "xterm"})
    code, modules = json.loads(proc.stderr.splitlines()[-1])
    assert code == 0 and "1 file validated" in proc.stdout
    assert "commonize.render.text" in modules  # the probe took the terminal's path
    assert not {m for m in modules if m.split(".")[0] == "rich" or m == "commonize.render.table"}


@pytest.mark.parametrize(("given", "kept"), [(None, "__all__"), ("", ""), ("logfire", "logfire")])
def test_the_console_script_skips_pydantic_plugin_discovery_unless_told(tree, given, kept):
    probe = (
        "import os, sys\n"
        "from commonize.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')), file=sys.stderr)\n"
    )
    full = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    env = full if given is None else {**full, "PYDANTIC_DISABLE_PLUGINS": given}
    proc = subprocess.run(
        [sys.executable, "-c", probe, "validate", "koseki.yaml"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[-1] == repr(kept)


def test_the_console_script_imports_no_typer(tree):
    """The installed ``commonize`` script itself, seen through ``python -X importtime``."""
    exe = shutil.which("commonize", path=str(Path(sys.executable).parent))
    assert exe is not None
    full = {k: v for k, v in os.environ.items() if not k.startswith(("COMMONIZE_", "GITHUB_"))}
    proc = subprocess.run(
        [exe, "validate", "koseki.yaml", "broken.yaml"],
        cwd=tree,
        env={**full, "LANG": "C.UTF-8", "PYTHONPROFILEIMPORTTIME": "1"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stdout.endswith("2 files validated: 1 valid, 1 invalid\n")
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "commonize.models" in imported  # the probe sees our imports at all
    assert not {m for m in imported if m.split(".")[0] in HEAVY}


@pytest.mark.parametrize(
    ("argv", "fast"),
    [
        (["validate", "a.yaml"], True),
        (["validate", "a.yaml", "dir", "b c.yml"], True),
        (["validate"], False),  # the default candidates/ and its usage error: typer's
        (["validate", "--format", "text", "a.yaml"], True),  # the pre-commit hook's call
        (["validate", "-f", "text", "a.yaml"], True),
        (["validate", "--format=text", "a.yaml"], True),
        (["validate", "--format", "text"], False),
        (["validate", "a.yaml", "--format", "text"], False),
        (["validate", "--format", "json", "a.yaml"], False),
        (["validate", "a.yaml", "-f", "json"], False),
        (["validate", "a.yaml", "--help"], False),
        (["validate", "--", "a.yaml"], False),
        (["validate", "-"], False),
        (["validate", ""], False),
        (["evaluate", "a.yaml"], False),
        (["Validate", "a.yaml"], False),
        ([], False),
    ],
)
def test_only_plain_paths_take_the_fast_path(argv, fast):
    plain = _plain_validate(argv)
    assert (plain is not None) == fast
    if plain is not None:
        paths, formats = plain
        assert paths == [
            Path(a) for a in argv[1:] if a not in ("--format", "-f", "text", "--format=text")
        ]
        assert formats == (["text"] if "text" in " ".join(argv) else None)


@pytest.mark.parametrize("case", ["valid", "invalid", "duplicate", "directory", "missing file"])
def test_the_pre_commit_hook_call_takes_the_fast_path(case, tree, capfd, monkeypatch):
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = next(h["entry"] for h in hooks if h["id"] == "commonize-validate").split()
    assert entry[:2] == ["commonize", "validate"]
    argv, code, expected = CASES[case]
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # --format text wins over `auto` there
    got_code, out, err = both([*entry[1:], *argv], capfd, monkeypatch)
    assert got_code == code and expected in out + err and "::error" not in out


def test_options_still_go_to_typer(tree, capfd):
    code, out, _ = _run("fast", ["validate", "--help"], capfd)
    assert code == 0 and "Usage:" in out and "--format" in out
    code, out, _ = _run("fast", ["validate", "--format", "json", "koseki.yaml"], capfd)
    assert code == 0 and json.loads(out)["summary"]["candidates"] == 1


@pytest.mark.parametrize(
    "message", ["error: plain", "error: 存在しない.yaml", "error: \x1b[31mred\x1b[0m.yaml", ""]
)
def test_echo_writes_what_typer_echo_writes(message, capfd):
    import typer

    from commonize.cli import echo

    capfd.readouterr()
    echo(message)
    ours = capfd.readouterr()
    typer.echo(message, err=True)
    theirs = capfd.readouterr()
    assert ours == theirs


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"}])
def test_fast_path_errors_on_odd_encodings_like_typer(env, tree):
    argv = ["validate", "存在しない.yaml", "\x1b[31mred.yaml"]
    fast = _subprocess("from commonize.cli import main; main()", argv, tree, env)
    slow = _subprocess("from commonize.cli import typer_main; typer_main()", argv, tree, env)
    assert fast.returncode == slow.returncode == 2
    assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr)
