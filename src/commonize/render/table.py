"""``--format table``: two lines per candidate, made to be read in an 80-column terminal.

Line one holds what a reader scans: the id, the three gate scores and the track (or status);
line two, indented, the name and the form. The name yields first when space is short (cut
with an ellipsis), then the track folds within its column; every other detail is behind
``--explain``. Widths are measured in terminal cells (rich's ``cell_len``), so Japanese
text, two cells a character, lines up as well as English.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from commonize.labels import text
from commonize.problem_text import problem_text
from commonize.render.common import (
    borderline,
    decision_note,
    form_label,
    legend,
    short_gate_cell,
    short_gate_header,
    summary_line,
    track_label,
)
from commonize.render.text import write_explanation, write_validation

if TYPE_CHECKING:
    from commonize.api import Batch
    from commonize.render import RenderOptions
    from commonize.results import Result
    from commonize.rules.load import RuleSet

__all__ = ["console_for", "render"]

_STYLE = {
    "standardize": "cyan",
    "commonize": "green",
    "joint_procurement": "yellow",
    "needs_information": "magenta",
}
_MARK_STYLE = {"✓": "green", "✗": "red", "?": "yellow"}
_GAP = "  "  # between columns
_INDENT = "  "  # of the second line
_MIN_TRACK = 10  # below this the track column is not worth keeping beside the scores
_MIN_NAME = 6  # a name cut shorter than this says nothing: leave it out


def console_for(out: TextIO, color: str) -> Console:
    """A rich console on ``out`` honouring ``--color`` and, under ``auto``, the conventions.

    ``auto`` leaves the decision to rich: colour on a terminal, none in a pipe, none under
    ``NO_COLOR``, colour in a pipe under ``FORCE_COLOR``. ``always`` and ``never`` override
    both variables. Off a terminal the width is ``COLUMNS`` or 80, so a file is repeatable.
    """
    tty = out.isatty()
    width = None if tty else _columns()
    if color == "always":
        return Console(file=out, width=width, force_terminal=True, no_color=False, highlight=False)
    if color == "never":
        return Console(file=out, width=width, color_system=None, highlight=False)
    return Console(file=out, width=width, highlight=False)


def _columns() -> int:
    value = os.environ.get("COLUMNS", "")
    return int(value) if value.isdigit() and int(value) > 0 else 80


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    rs, lang = batch.ruleset, options.lang
    if options.validate_only:
        write_validation(batch.results, out, options)
        return

    console = console_for(out, options.color)
    if options.explain:
        for r in batch.results:
            if r.status == "ok":
                write_explanation(r, rs, lang, out)
    ok = [r for r in batch.results if r.status != "invalid"]
    if ok:
        for line in _lines(ok, rs, lang, console):
            console.print(line, soft_wrap=True)
        for line in _packed(legend(rs, lang).split("  "), console.width):
            console.print(Text(line, style="dim"), soft_wrap=True)
    invalid = batch.invalid
    if invalid:
        console.print(Text(text("messages.h_problems", lang), style="bold red"))
        for r in invalid:
            for p in r.problems:
                console.print(problem_text(p, lang), markup=False, soft_wrap=True)
    # Wrapped between words by rich (a file is COLUMNS or 80 wide): no word cut at the edge.
    console.print(summary_line(batch.results, rs, lang), markup=False)


def _lines(results: list[Result], rs: RuleSet, lang: str, console: Console) -> list[Text]:
    """Every line of the table, each within the console's width (an overlong id aside)."""
    width = console.width
    gates = rs.gates
    thresholds = [_threshold(results, i) for i in range(len(gates))]
    heads = [Text(short_gate_header(g, th)) for g, th in zip(gates, thresholds, strict=True)]
    cells = [
        [
            _gate_text(short_gate_cell(g, with_threshold=thresholds[i] is None))
            for i, g in enumerate(r.gates)
        ]
        for r in results
    ]
    id_width = max(
        [cell_len(text("messages.h_id", lang)), *(cell_len(r.id or "") for r in results)]
    )
    gate_widths = [
        max([cell_len(h.plain), *(cell_len(row[i].plain) for row in cells if i < len(row))])
        for i, h in enumerate(heads)
    ]
    used = id_width + sum(w + len(_GAP) for w in gate_widths) + len(_GAP)
    track_width = max(width - used, _MIN_TRACK)
    widths = [id_width, *gate_widths]

    head = _row(
        console,
        [Text(text("messages.h_id", lang)), *heads],
        widths,
        Text(text("messages.h_track", lang)),
        track_width,
    )
    for line in head:
        line.stylize("bold")
    labels = [track_label(r, rs, lang) for r in results]
    if any(cell_len(x) > track_width for x in labels):
        # Too narrow for the full labels (long ids): the rule set's short ones, for every row.
        labels = [
            rs.verdict_short(r.verdict, lang) if r.verdict else x
            for r, x in zip(results, labels, strict=True)
        ]
    tracks = [
        Text(x, style=_STYLE.get(r.track or r.status, ""))
        for r, x in zip(results, labels, strict=True)
    ]
    longest = max(cell_len(x.plain) for x in tracks)
    longest = max(longest, cell_len(text("messages.h_track", lang)))
    out = [*head, Text("─" * min(width, used + longest), style="dim")]
    for r, row, track in zip(results, cells, tracks, strict=True):
        out += _row(console, [Text(r.id or ""), *row], widths, track, track_width)
        second = _second_line(r, rs, lang, width)
        if second is not None:
            out.append(second)
    return out


def _row(
    console: Console, cols: list[Text], widths: list[int], track: Text, track_width: int
) -> list[Text]:
    """One table row: fixed-width columns, the track folded in what is left."""
    folded = list(track.wrap(console, track_width, overflow="fold")) or [Text()]
    first = Text()
    for col, w in zip(cols, widths, strict=True):
        first.append_text(_padded(col, w))
        first.append(_GAP)
    first.append_text(folded[0])
    lines = [first]
    lead = " " * (sum(widths) + len(_GAP) * len(widths))
    for more in folded[1:]:
        lines.append(Text(lead) + more)
    for line in lines:
        line.rstrip()
    return lines


def _padded(text: Text, width: int) -> Text:

    padded = text.copy()
    padded.append(" " * max(width - cell_len(text.plain), 0))
    return padded


def _second_line(r: Result, rs: RuleSet, lang: str, width: int) -> Text | None:
    """The name where it fits, then what a reader needs besides the scores: form, decision."""
    parts = (form_label(r, rs, lang), decision_note(r, rs, lang), borderline(r, lang))
    extras = [x for x in parts if x]
    tail = " · ".join(extras)
    name = r.identity.name.get(lang) if r.identity else ""
    room = width - len(_INDENT) - (cell_len(tail) + 3 if tail else 0)
    line = Text(_INDENT)
    if name and room >= _MIN_NAME:
        shown = Text(name, style="dim")
        shown.truncate(room, overflow="ellipsis")
        line.append_text(shown)
        if tail:
            line.append(" · ")
    elif not tail:
        return None
    rest = Text(tail)
    # Never a third line: what does not fit is cut, with the ellipsis saying so.
    rest.truncate(max(width - cell_len(line.plain), 1), overflow="ellipsis")
    line.append_text(rest)
    return line


def _packed(items: list[str], width: int) -> list[str]:
    """Items joined by two spaces into lines of at most ``width`` cells, never split inside."""
    lines: list[str] = []
    for item in items:
        if lines and cell_len(lines[-1]) + len(_GAP) + cell_len(item) <= width:
            lines[-1] += _GAP + item
        else:
            lines.append(item)
    return lines


def _gate_text(cell: str) -> Text:

    text = Text(cell)
    style = _MARK_STYLE.get(cell[:1])
    if style:
        text.stylize(style, 0, 1)
    return text


def _threshold(results: list[Result], index: int) -> int | float | None:
    """The gate's threshold when every result shares it (then the header shows it), else None."""
    seen = {r.gates[index].threshold for r in results if index < len(r.gates)}
    return seen.pop() if len(seen) == 1 else None
