"""Output formats by name: ``--format NAME[=PATH]`` as the CLI and the settings file give it.

Below the renderers: the settings (config.py) parse format names without importing any
renderer; ``commonize.render`` turns a name into the module that writes it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from commonize.errors import Problem, SourceLocation, UsageError

# name -> module; imported on first use so start-up pays only for the format asked for.
REPORTERS: dict[str, str] = {
    "table": "commonize.render.table",
    "text": "commonize.render.text",
    "json": "commonize.render.json_out",
    "sarif": "commonize.render.sarif",
    "junit": "commonize.render.junit",
    "github": "commonize.render.github",
    "markdown": "commonize.render.markdown",
}

# Formats `commonize validate` streams results to, and the module whose
# ``write_validation(results, out, options)`` writes them. None of them reads the rule set, so
# validate then reads only the standardized business ids (``commonize.cli.core.validate``).
# The table's is text's: a validation has no table, and the table module would bring rich
# into the pre-commit path.
VALIDATION_STREAMS: dict[str, str] = {
    "text": "commonize.render.text",
    "table": "commonize.render.text",
    "github": "commonize.render.github",
}

# `auto` is a choice, not a format: resolved per output stream by ``render.resolve``.
FORMAT_NAMES: tuple[str, ...] = (*REPORTERS, "auto")

# Other names users type for a format. Every command with a Markdown output (evaluate,
# report, diff, rules doc) calls it "markdown" and also accepts these.
ALIASES: dict[str, str] = {"md": "markdown"}


def canonical(name: str) -> str:
    """The one name of a format, whichever of its names was given."""
    return ALIASES.get(name, name)


def usage_error(source: str, message: str) -> UsageError:
    """A usage error named after where the bad value came from: a flag, variable or file."""
    return UsageError([Problem(SourceLocation(source), message)])


@dataclass(frozen=True)
class Output:
    name: str  # a REPORTERS key or "auto"
    path: Path | None = None  # None: standard output

    def __str__(self) -> str:
        return self.name if self.path is None else f"{self.name}={self.path}"


def parse_output(spec: str, *, source: str = "--format", base: Path | None = None) -> Output:
    """``NAME`` or ``NAME=PATH``; a relative PATH is taken from ``base`` when given."""
    name, sep, raw = spec.strip().partition("=")
    name = canonical(name.strip().lower())
    if name not in FORMAT_NAMES:
        close = difflib.get_close_matches(name, FORMAT_NAMES, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise usage_error(
            source, f"unknown format {name!r}; {hint}choose from {', '.join(FORMAT_NAMES)}"
        )
    if not sep:
        return Output(name)
    if not raw.strip():
        raise usage_error(source, f"{name}= needs a file name, e.g. {name}=out.{name}")
    if raw.strip() == "-":
        return Output(name)  # standard output, as with no path
    path = Path(raw.strip())
    return Output(name, base / path if base is not None and not path.is_absolute() else path)
