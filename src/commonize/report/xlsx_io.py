"""Spreadsheet plumbing: safe cell values, tidy sheets, and byte-identical files.

Candidate text is data: a cell that starts with ``=``, ``+``, ``-`` or ``@`` would be run as
a formula by Excel (and openpyxl itself stores a leading ``=`` as a formula), so such a cell
is stored as text with the cell's quote-prefix style: Excel shows the text as written and
never evaluates it, and the value itself stays the candidate's text (a literal apostrophe
would show, and would sort and filter as part of the text). Yes/no values are written as
○/×, which a council member reads at a glance. A saved workbook normally carries the clock
twice (the document's modified time and every zip entry's time); both are pinned to the data
date so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

Cell = str | int | float | bool | dt.date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
LINK_FONT = Font(color="1F4F99", underline="single")
MAX_WIDTH = 40
YES, NO = "○", "×"


def formula_like(value: Cell) -> bool:
    """Text that a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def shown(value: Cell) -> Cell:
    """A yes/no as ○/×; everything else as it is."""
    if isinstance(value, bool):
        return YES if value else NO
    return value


def append(ws: Worksheet, row: Sequence[Cell]) -> None:
    ws.append([shown(v) for v in row])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif formula_like(cell.value):
            # Text, never a formula: openpyxl typed it "f" from the leading "=".
            cell.data_type = "s"
            cell.quotePrefix = True


def link(ws: Worksheet, column: int, first_row: int = 2) -> None:
    """Make the web addresses in ``column`` clickable (http and https only)."""
    for (cell,) in ws.iter_rows(min_row=first_row, min_col=column, max_col=column):
        if isinstance(cell.value, str) and cell.value.startswith(("https://", "http://")):
            cell.hyperlink = cell.value
            cell.font = LINK_FONT


def print_setup(ws: Worksheet, header: str, footer: str) -> None:
    """A4 landscape, as wide as the page, the header row on every page, the meeting in the
    page header and the page number in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.oddHeader.left.text = _header_text(header)
    ws.oddFooter.left.text = _header_text(footer)
    ws.oddFooter.right.text = "&P / &N"


def header(ws: Worksheet, names: Sequence[str]) -> None:
    append(ws, names)
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def _header_text(text: str) -> str:
    # "&" starts a code in page headers (&P, &D); a literal one is written "&&".
    return text.replace("&", "&&")


def table_sheet(
    ws: Worksheet, names: Sequence[str], rows: Iterable[Sequence[Cell]], freeze: str = "A2"
) -> None:
    """A header row, frozen (with the id and name columns where given) and filterable,
    repeated on every printed page, then one row per record."""
    header(ws, names)
    for row in rows:
        append(ws, row)
    ws.freeze_panes = freeze
    ws.auto_filter.ref = ws.dimensions
    ws.print_title_rows = "1:1"
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
        wrap = n > MAX_WIDTH
        for (cell,) in ws.iter_rows(min_col=column, max_col=column):
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")


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
