"""Spreadsheet plumbing: safe cell values, tidy sheets, and byte-identical files.

Candidate text is data: a cell that starts with ``=``, ``+``, ``-`` or ``@`` would be run as
a formula by Excel (and openpyxl itself stores a leading ``=`` as a formula), so such text
is prefixed with an apostrophe. A saved workbook normally carries the clock twice (the
document's modified time and every zip entry's time); both are pinned to the data date so
the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

Cell = str | int | float | bool | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
MAX_WIDTH = 60


def safe(value: Cell) -> Cell:
    """Text that a spreadsheet would read as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def append(ws: Worksheet, row: Sequence[Cell]) -> None:
    ws.append([safe(v) for v in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"


def header(ws: Worksheet, names: Sequence[str]) -> None:
    append(ws, names)
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def table_sheet(ws: Worksheet, names: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    """A header row, frozen and filterable, then one row per record."""
    header(ws, names)
    for row in rows:
        append(ws, row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    fit_columns(ws)


def fit_columns(ws: Worksheet) -> None:
    """Column widths from the longest text; CJK characters count double."""
    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                n = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in str(cell.value))
                widths[cell.column] = max(widths.get(cell.column, 0), n)
    for column, n in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(n + 2, MAX_WIDTH)
        if n > MAX_WIDTH:
            for (cell,) in ws.iter_rows(min_col=column, max_col=column):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def save(wb: Workbook, date: dt.date) -> bytes:
    """The workbook as bytes, with every timestamp set from ``date`` (not the clock)."""
    stamp = dt.datetime(max(date.year, 1980), date.month, date.day)
    wb.properties.creator = "commonize"
    wb.properties.created = wb.properties.modified = stamp
    raw = io.BytesIO()
    # ExcelWriter, not Workbook.save: save() sets `modified` to now.
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _pin_zip_times(raw.getvalue(), stamp)


def _pin_zip_times(data: bytes, stamp: dt.datetime) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()
