"""The council report as a council member gets it: printed to A4 PDF by a real headless
Chromium (page count, page numbers, the meeting in the header, no near-empty pages, no raw
codes in the Japanese text, the decisions with their dates) and shown at 1280 px.

Needs ``chromium`` and poppler's ``pdftotext``/``pdfinfo``/``pdftoppm``; skipped without
them, except under CI (``CI`` set), where ``.ci/run`` installs them and a missing one fails.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from commonize import labels
from commonize.api import load_rules
from commonize.fields import catalogue
from test_report import run
from test_report_html import browse

ROOT = Path(__file__).resolve().parents[1]
ILLUSTRATIVE = [f"candidates/{p.name}" for p in sorted((ROOT / "candidates").glob("*.yaml"))]
# Measured on the shipped candidates before the report was reworked (issue 16): 79 pages.
PAGES_BEFORE = 79
MEETING = ["--meeting", "国・地方デジタル共通基盤推進連絡協議会", "--session", "第4回"]
MEETING += ["--document", "資料2", "--meeting-date", "2026-10-20"]


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing in CI: .ci/run should have installed it")
    pytest.skip(f"{name} is not installed (apt-get install chromium poppler-utils)")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped candidates' Japanese report, printed to A4 PDF."""
    chromium = _tool("chromium")
    for tool in ("pdftotext", "pdfinfo", "pdftoppm"):
        _tool(tool)
    tmp = tmp_path_factory.mktemp("print")
    html, pdf = tmp / "report.html", tmp / "report.pdf"
    proc = run("report", *ILLUSTRATIVE, "-o", str(html), *MEETING)
    assert proc.returncode == 0, proc.stderr
    proc = browse(chromium, tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    assert proc.returncode == 0 and pdf.exists(), proc.stderr
    return pdf


def pages(pdf: Path, layout: bool = True) -> list[str]:
    """The text of each page; ``layout``: as laid out (lines across columns), else in
    reading order (a table cell's lines together)."""
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1]  # every page ends with a form feed


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))  # type: ignore[union-attr]


def test_half_the_pages_of_before(printed: Path):
    n = page_count(printed)
    assert n <= PAGES_BEFORE // 2, n
    assert len(pages(printed)) == n


def test_every_page_is_numbered_and_carries_the_meeting(printed: Path):
    texts = pages(printed)
    for i, text in enumerate(texts, start=1):
        assert re.search(rf"\b{i} / {len(texts)}\b", text), f"page {i} has no page number"
        assert "第4回" in text and "資料2" in text, f"page {i} has no meeting header"


def test_table_of_contents_lists_every_part(printed: Path):
    first = pages(printed)[0]
    assert "目次" in first
    for key in ("h_glance", "h_decisions", "h_summary", "h_table", "h_standardized"):
        assert labels.text(f"report.{key}", "ja") in first, key


def test_no_raw_field_path_or_rule_id_in_the_japanese_text(printed: Path):
    text = "".join(pages(printed))
    flat = re.sub(r"\s+", "", text)  # a code could be broken across lines
    compiled = load_rules(None)
    for path in catalogue():
        assert path not in flat, path
    assert not re.search(r"\b(gates|rules)\.[a-z_-]+\.(threshold|points)", flat)
    for rule_id in compiled.ruleset.rules:
        assert rule_id not in flat, rule_id
    for clause_id in compiled.ruleset.meta.clauses:
        assert f"[{clause_id}]" not in flat, clause_id


def test_decisions_section_with_dates(printed: Path):
    texts = pages(printed, layout=False)
    heading = labels.text("report.h_decisions", "ja")
    (page,) = [t for t in texts[1:4] if re.search(rf"^\s*{heading}\s*$", t, re.M)]
    section = re.sub(r"\s+", "", page.split(heading)[-1])  # words broken in narrow cells
    # The shipped decisions: the meeting date, an expiry that has passed, a review date.
    for date in ("2026-09-30", "2027-03-31", "2027-09-30"):
        assert date in section, date
    for word in ("推奨と異なる決定", "見直し期限", "有効期限"):
        assert word in section, word


def test_no_page_under_a_third_full_except_at_a_section_end(printed: Path, tmp_path: Path):
    texts = pages(printed)
    # Pages that end a part of the material: the next one starts with a new part's heading.
    parts = [labels.text(f"report.{k}", "ja") for k in ("h_table", "h_candidates", "h_appendix")]
    fills = ink_fill(printed, tmp_path)
    for i, fill in enumerate(fills):
        if fill >= 1 / 3 or i == len(fills) - 1:
            continue
        following = texts[i + 1].strip().splitlines()[1:4]
        assert any(p in line for p in parts for line in following), (
            f"page {i + 1} is {fill:.0%} full and ends no part of the report"
        )


def ink_fill(pdf: Path, tmp: Path) -> list[float]:
    """How far down each page's body the ink goes (0 empty, 1 full), header and footer
    bands left out."""
    subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp / "p")], check=True)
    fills = []
    for image in sorted(tmp.glob("p-*.pgm")):
        width, height, pixels = read_pgm(image.read_bytes())
        top, bottom = int(height * 0.075), int(height * 0.93)  # inside the page margins
        inked = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < 160]
        fills.append((max(inked) - top) / (bottom - top) if inked else 0.0)
    return fills


def read_pgm(data: bytes) -> tuple[int, int, bytes]:
    magic, size, _maxval, pixels = data.split(b"\n", 3)
    assert magic == b"P5"
    width, height = map(int, size.split())
    return width, height, pixels


def test_english_table_fits_1280_px(tmp_path: Path):
    chromium = _tool("chromium")
    html, shot = tmp_path / "report.html", tmp_path / "shot.png"
    proc = run("report", *ILLUSTRATIVE, "-o", str(html), "--lang", "en", "--sensitivity", "10")
    assert proc.returncode == 0, proc.stderr
    # A page of the table alone, so that it is in the window.
    text = html.read_text(encoding="utf-8")
    table = text.split('<section id="table">')[1].split("</section>")[0]
    target = tmp_path / "table.html"
    target.write_text(
        text.split("<body>")[0] + f'<body><section id="table">{table}</section></body></html>',
        encoding="utf-8",
    )
    proc = browse(
        chromium, tmp_path, "--window-size=1280,1400", f"--screenshot={shot}", target.as_uri()
    )
    assert proc.returncode == 0, proc.stderr
    width, _height, rows = read_png_gray(shot.read_bytes())
    assert width == 1280
    # The body is centred: the table's right edge mirrors its left one, or it ran over.
    inked = [x for x in range(width) if any(row[x] < 200 for row in rows[::4])]
    left, right = min(inked), width - 1 - max(inked)
    assert abs(left - right) <= 4, f"the table runs {left - right} px past the body"


def read_png_gray(data: bytes) -> tuple[int, int, list[bytes]]:
    """A screenshot as rows of grey values (8-bit RGB or RGBA PNG, no interlace)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 3
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and color in (2, 6)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rows.append(bytes(min(line[x : x + 3]) for x in range(0, stride, channels)))
    return width, height, rows
