"""The process's standard streams and signals, set up once by the console script.

Three things a command should never have to think about:

- Standard output in an encoding other than UTF-8 (cp932, EUC-JP, Latin-1, ASCII): a
  character it cannot hold is written as a ``\\uXXXX`` escape (a surrogate pair past the
  BMP, as JSON writes it) instead of failing. So is one the encoding would change on the
  way (cp932 writes 〜 U+301C as the byte pair that reads back as ～ U+FF5E). In JSON and
  SARIF the escape is the same character, so nothing is lost; in text, tables and XML it
  shows which character it was.
- A reader that goes away (``commonize evaluate | head``): output is discarded from then on
  and the run goes to its end, so the exit code is the run's real one (invalid files, CI
  findings), as ``set -o pipefail`` expects.
- SIGTERM: raised as ``Terminated`` (a BaseException, so no ``except Exception`` swallows it):
  temporary files are removed on the way out, and the top-level handler says one line.
"""

from __future__ import annotations

import codecs
import os
import signal
import sys
from typing import Any

ESCAPE = "commonize-escape"


class Terminated(BaseException):
    """SIGTERM arrived: unwind (cleaning temporary files) and exit with 128 + 15."""


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(_escape_char, error.object[error.start : error.end])), error.end


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:  # a surrogate pair, as JSON writes it
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "ascii").name == "utf-8"
    except LookupError:
        return False


def _round_trips(ch: str, encoding: str) -> bool:
    try:
        return ch.encode(encoding).decode(encoding) == ch
    except UnicodeError:
        return False


class _PipeSafe:
    """A stream proxy: once the reader has gone, writes go to /dev/null and succeed.

    With ``encoding`` (not UTF-8), text is first made safe for it, character by character
    only when the whole string does not round-trip.
    """

    def __init__(self, inner: Any, encoding: str | None = None) -> None:
        self._inner = inner
        self._encoding = encoding
        self._safe: dict[str, str] = {}
        self.closed_pipe = False

    def _fit(self, text: str) -> str:
        enc = self._encoding
        assert enc is not None
        try:
            if text.encode(enc).decode(enc) == text:
                return text
        except UnicodeError:
            pass
        out = []
        for ch in text:
            safe = self._safe.get(ch)
            if safe is None:
                safe = ch if _round_trips(ch, enc) else _escape_char(ch)
                self._safe[ch] = safe
            out.append(safe)
        return "".join(out)

    def _gone(self) -> None:
        self.closed_pipe = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._inner.fileno())
            os.close(devnull)
        except (OSError, ValueError, AttributeError):
            pass

    def write(self, data: Any) -> int:
        if self.closed_pipe:
            return len(data)
        text = self._fit(data) if self._encoding is not None and isinstance(data, str) else data
        try:
            self._inner.write(text)
            return len(data)
        except BrokenPipeError:
            self._gone()
            return len(data)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self.closed_pipe:
            return
        try:
            self._inner.flush()
        except BrokenPipeError:
            self._gone()

    @property
    def buffer(self) -> Any:
        inner = getattr(self._inner, "buffer", None)
        return _PipeSafe(inner) if inner is not None else None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def prepare() -> None:
    """Set up standard output and SIGTERM for a command-line run (not for library use)."""
    codecs.register_error(ESCAPE, _escape)
    out = sys.stdout
    encoding = None
    if out is not None and not _is_utf8(getattr(out, "encoding", None)):
        encoding = getattr(out, "encoding", None) or "ascii"
        try:
            out.reconfigure(errors=ESCAPE)  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass
    if out is not None and not isinstance(out, _PipeSafe):
        sys.stdout = _PipeSafe(out, encoding)  # type: ignore[assignment]
    try:
        signal.signal(signal.SIGTERM, _terminate)
    except (ValueError, OSError):  # not the main thread
        pass


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated


def in_worker() -> None:
    """A pool worker leaves signals to its parent: no handler, no traceback of its own."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# Below this many files a run takes a second or two: a progress bar would only flicker.
PROGRESS_MIN_FILES = 20
# Nor is a bar drawn before a run has taken this long (77 files take well under it).
PROGRESS_AFTER_SECONDS = 1.0


def progress_wanted(files: int, *, quiet: bool, stream: Any = None) -> bool:
    """A progress bar on standard error: on a terminal, for a long batch, never with --quiet
    (COMMONIZE_PROGRESS=1 or 0 decides otherwise)."""
    stream = stream or sys.stderr
    forced = os.environ.get("COMMONIZE_PROGRESS")
    if quiet or forced == "0":
        return False
    return forced == "1" or (files >= PROGRESS_MIN_FILES and stream.isatty())


def progress_after() -> float:
    """Seconds before the bar appears: at once when COMMONIZE_PROGRESS=1 asks for it."""
    return 0.0 if os.environ.get("COMMONIZE_PROGRESS") == "1" else PROGRESS_AFTER_SECONDS
