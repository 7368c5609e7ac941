"""Output formats, one module each, registered by name in ``REPORTERS``.

Adding a format is one module with a ``render(batch, out, options)`` function and one line
here; the CLI's ``--format`` choices come from this dict (plus ``auto``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from commonize.api import Batch
    from commonize.findings import Baseline, Policy
    from commonize.results import Result


def _default_policy() -> Policy:
    # findings (and the rule-file models under it) load only when a policy is built: the
    # validate fast path imports this package before it knows whether any format needs them.
    from commonize.findings import Policy

    return Policy()


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    explain: bool = False
    validate_only: bool = False  # `commonize validate`: no rule ran, list the problems
    policy: Policy = field(default_factory=_default_policy)  # what fails the run (--fail-on)
    baseline: Baseline | None = None  # a previous run to compare tracks with (--baseline)
    link_base: str | None = None  # where file links point (Markdown), e.g. a GitHub blob URL
    color: str = "auto"  # --color auto | always | never (the table is the only coloured format)


Reporter = Callable[["Batch", TextIO, RenderOptions], None]
# `commonize validate` output written while the results are still coming: memory stays flat.
ValidationWriter = Callable[["Iterable[Result]", TextIO, RenderOptions], None]

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

# Formats whose module has ``write_validation(results, out, options)``: `commonize validate`
# streams results to them, and since none of them reads the rule set, validate then reads
# only the standardized business ids (see ``commonize.cli.core.validate``).
VALIDATION_STREAMS: tuple[str, ...] = ("text", "table", "github")

# `auto` is a choice, not a format: resolved per output stream by ``resolve``.
FORMAT_NAMES: tuple[str, ...] = (*REPORTERS, "auto")

# Other names users type for a format. Every command with a Markdown output (evaluate,
# report, diff, rules doc) calls it "markdown" and also accepts these.
ALIASES: dict[str, str] = {"md": "markdown"}


def canonical(name: str) -> str:
    """The one name of a format, whichever of its names was given."""
    return ALIASES.get(name, name)


def resolve(name: str, out: TextIO, environ: dict[str, str] | None = None) -> str:
    """``auto``: GitHub annotations under Actions, the table on a terminal, else plain text."""
    import os

    if name != "auto":
        return name
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "table" if out.isatty() else "text"


def reporter(name: str) -> Reporter:
    return importlib.import_module(REPORTERS[name]).render


def validation_writer(name: str) -> ValidationWriter:
    """The streaming `validate` renderer of a format in ``VALIDATION_STREAMS``."""
    return importlib.import_module(REPORTERS[name]).write_validation
