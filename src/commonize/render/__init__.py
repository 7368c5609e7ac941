"""Output formats, one module each, registered by name in ``REPORTERS``.

Adding a format is one module with a ``render(batch, out, options)`` function and one line
in ``commonize.formats.REPORTERS``; the CLI's ``--format`` choices come from that dict (plus
``auto``).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from commonize.findings import Baseline, Policy
from commonize.formats import (
    ALIASES,
    FORMAT_NAMES,
    REPORTERS,
    VALIDATION_STREAMS,
    canonical,
)

if TYPE_CHECKING:
    from commonize.results import Batch, Result

__all__ = [
    "ALIASES",
    "FORMAT_NAMES",
    "REPORTERS",
    "VALIDATION_STREAMS",
    "RenderOptions",
    "canonical",
    "reporter",
    "resolve",
    "validation_writer",
]


@dataclass(frozen=True)
class RenderOptions:
    lang: str = "en"
    explain: bool = False
    validate_only: bool = False  # `commonize validate`: no rule ran, list the problems
    policy: Policy = field(default_factory=Policy)  # what fails the run (--fail-on)
    baseline: Baseline | None = None  # a previous run to compare tracks with (--baseline)
    link_base: str | None = None  # where file links point (Markdown), e.g. a GitHub blob URL
    color: str = "auto"  # --color auto | always | never (the table is the only coloured format)


Reporter = Callable[["Batch", TextIO, RenderOptions], None]
# `commonize validate` output written while the results are still coming: memory stays flat.
ValidationWriter = Callable[["Iterable[Result]", TextIO, RenderOptions], None]


def resolve(name: str, out: TextIO, environ: dict[str, str] | None = None) -> str:
    """``auto``: GitHub annotations under Actions, the table on a terminal, else plain text."""
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
    return importlib.import_module(VALIDATION_STREAMS[name]).write_validation
