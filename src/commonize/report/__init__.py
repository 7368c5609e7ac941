"""Council reports (``commonize report``): one model, laid out as HTML, Excel or Markdown.

Pipeline: ``build.collect`` (load, evaluate) → ``build.build_report`` (the ``Report`` in one
language) → a format module's ``render`` (text or bytes) → ``write`` (atomic).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from commonize.atomic import write_atomic
from commonize.render import canonical
from commonize.report.model import Report

Renderer = Callable[[Report], str | bytes]

# name -> module; the CLI's --format choices come from these keys.
FORMATS: dict[str, str] = {
    "html": "commonize.report.html",
    "xlsx": "commonize.report.xlsx",
    "markdown": "commonize.report.markdown",
}
SUFFIXES: dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".xlsx": "xlsx",
    ".md": "markdown",
    ".markdown": "markdown",
}


def renderer(fmt: str) -> Renderer:
    return importlib.import_module(FORMATS[canonical(fmt)]).render


def render(report: Report, fmt: str) -> str | bytes:
    return renderer(fmt)(report)


def write(report: Report, fmt: str, path: Path) -> None:
    """Render fully first, then write atomically: a failed run leaves no half file behind."""
    write_atomic(path, render(report, fmt))
