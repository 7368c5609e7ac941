"""Progress goes to standard error on a terminal, never to standard output."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from commonize.api import evaluate_paths
from commonize.cli.streams import PROGRESS_MIN_FILES as MIN_FILES
from commonize.cli.streams import progress_wanted as wanted
from commonize.render.progress import progress
from conftest import EXE

ROOT = Path(__file__).resolve().parents[1]
COLOUR = re.compile(r"\x1b\[[0-9;]*3[0-9](;[0-9]+)*m")  # an SGR foreground colour


def run_with_terminal_stderr(*args: str, **env: str) -> tuple[int, str, str]:
    """Standard output to a file, standard error to a pseudo-terminal."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("COMMONIZE_", "GITHUB_"))}
    base.pop("NO_COLOR", None)
    main, side = pty.openpty()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [EXE, *args],
            cwd=ROOT,
            stdout=out,
            stderr=side,
            env={**base, "LANG": "C.UTF-8", "TERM": "xterm-256color", **env},
        )
        os.close(side)
        err = b""
        while True:  # drain the terminal while the program runs, or a full one blocks it
            ready, _, _ = select.select([main], [], [], 0.1)
            chunk = b""
            if ready:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # EIO: the program closed its end
                    chunk = b""
            err += chunk
            if not chunk and proc.poll() is not None:
                break
        proc.wait(timeout=120)
        os.close(main)
        out.seek(0)
        return proc.returncode, out.read().decode("utf-8"), err.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_on_a_terminal_stderr_leaves_stdout_clean():
    # COMMONIZE_PROGRESS=1: the bar from the start, though the shipped set takes under a second.
    shown = {"COMMONIZE_PROGRESS": "1"}
    code, out, err = run_with_terminal_stderr("evaluate", "--format", "json", **shown)
    assert code == 0
    assert out.startswith("{") and "evaluating" not in out and "\x1b" not in out
    assert "evaluating" in err and COLOUR.search(err)
    quiet = run_with_terminal_stderr("evaluate", "--format", "json", "--quiet", **shown)
    assert quiet[1] == out and quiet[2] == ""
    plain = run_with_terminal_stderr("evaluate", "--format", "json", NO_COLOR="1", **shown)
    assert "evaluating" in plain[2] and not COLOUR.search(plain[2])


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_run_shorter_than_a_second_draws_no_bar():
    # 77 files on a terminal: a bar would flash and, in a recorded terminal, leave
    # "evaluating 0/77evaluating ━━━ 36/77…" above the results.
    code, out, err = run_with_terminal_stderr("evaluate", "--format", "json")
    assert code == 0 and out.startswith("{")
    assert "evaluating" not in err


def test_the_bar_waits_for_its_delay():
    stream = _Tty()
    with progress(3, enabled=True, stream=stream, after=3600) as tick:
        assert tick is not None
        for _ in range(3):
            tick(None)
    assert stream.getvalue() == ""
    with progress(3, enabled=True, stream=stream, after=0) as tick:
        assert tick is not None
        tick(None)
    assert "evaluating" in stream.getvalue()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_long_batches_on_a_terminal(monkeypatch):
    monkeypatch.delenv("COMMONIZE_PROGRESS", raising=False)
    assert wanted(MIN_FILES, quiet=False, stream=_Tty())
    assert not wanted(MIN_FILES - 1, quiet=False, stream=_Tty())
    assert not wanted(1000, quiet=False, stream=io.StringIO())
    assert not wanted(1000, quiet=True, stream=_Tty())
    monkeypatch.setenv("COMMONIZE_PROGRESS", "1")
    assert wanted(1, quiet=False, stream=io.StringIO())
    assert not wanted(1, quiet=True, stream=io.StringIO())


def test_progress_ticks_once_per_result_and_changes_nothing(compiled):
    paths = [ROOT / "tests" / "examples" / "golden" / "candidates"]
    seen = []
    with progress(6, enabled=True, stream=_Tty()) as tick:
        assert tick is not None
        ticking = evaluate_paths(paths, compiled, progress=lambda r: (seen.append(r.path), tick(r)))
    plain = evaluate_paths(paths, compiled)
    assert ticking.results == plain.results
    assert seen == [r.path for r in plain.results]
    with progress(6, enabled=False) as tick:
        assert tick is None
