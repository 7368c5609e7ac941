"""``--format table``: a rich table for the terminal (fixed width when not a terminal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from commonize.messages import t
from commonize.render.common import form_label, gate_cell, notes, summary_line, track_label
from commonize.render.text import write_explanation, write_validation

if TYPE_CHECKING:
    from commonize.api import Batch
    from commonize.render import RenderOptions

# `commonize validate` on a terminal writes plain lines (text's ``write_validation``, which
# this module re-exports for the registry): rich is imported only for a real table.
__all__ = ["render", "write_validation"]

_STYLE = {"standardize": "cyan", "commonize": "green", "joint_procurement": "yellow"}


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    rs, lang = batch.ruleset, options.lang
    if options.validate_only:
        write_validation(batch.results, out, options)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    tty = out.isatty()
    console = Console(
        file=out, width=None if tty else 140, force_terminal=tty, no_color=not tty, highlight=False
    )
    if options.explain:
        for r in batch.results:
            if r.status == "ok":
                write_explanation(r, rs, lang, out)
    table = Table(show_lines=False, header_style="bold")
    # fold, never ellipsis: a council member must see every word of a verdict.
    table.add_column(t("h_id", lang), no_wrap=True)
    table.add_column(t("h_name", lang), overflow="fold")
    table.add_column(t("h_track", lang), overflow="fold")
    for g in rs.gates:
        table.add_column(g.label.get(lang), no_wrap=True)
    table.add_column(t("h_form", lang), overflow="fold")
    table.add_column(t("h_note", lang), overflow="fold")
    for r in batch.results:
        if r.status != "ok":
            continue
        assert r.identity is not None
        style = _STYLE.get(r.track or "", "")
        table.add_row(
            Text(r.identity.id),  # Text, not markup: candidate text is never interpreted
            Text(r.identity.name.get(lang)),
            f"[{style}]{track_label(r, rs, lang)}[/]" if style else track_label(r, rs, lang),
            *(gate_cell(g) for g in r.gates),
            form_label(r, rs, lang),
            notes(r, rs, lang),
        )
    console.print(table)
    invalid = batch.invalid
    if invalid:
        console.print(f"[bold red]{t('h_problems', lang)}[/]")
        for r in invalid:
            for p in r.problems:
                console.print(str(p), markup=False, soft_wrap=True)
    console.print(summary_line(batch.results, rs, lang), markup=False, soft_wrap=True)
