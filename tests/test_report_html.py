"""The HTML council report: self-contained, escaped, and working in a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from commonize.report import render
from commonize.report.build import Inputs, build_report
from test_report import evaluate_with_evil, evil, run, write_candidate


class Resources(HTMLParser):
    """Every tag with the attributes that can make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.fetching: list[tuple[str, str, str]] = []  # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "poster", "action") and value:
                self.fetching.append((tag, name, value))


def parse(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def with_evil(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return evaluate_with_evil(tmp_path_factory.mktemp("evil"))


@pytest.fixture(scope="module")
def html(with_evil: Inputs) -> str:
    out = render(build_report(with_evil, "ja"), "html")
    assert isinstance(out, str)
    return out


def test_html_is_self_contained(html: str):
    page = parse(html)
    assert not {"script", "link", "iframe", "img", "object", "embed"} & set(page.tags)
    for tag, attribute, value in page.fetching:
        # Links to evidence sources may leave the page; nothing may be loaded from outside.
        assert tag == "a" and attribute == "href", (tag, attribute, value)
        assert value.startswith(("#", "https://", "http://")), value
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # and the browser is told to refuse any fetch


def test_html_escapes_candidate_text(html: str):
    assert "<script" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    # The source's URL stays inside its attribute.
    assert 'href="https://example.org/a(b)&lt;c&gt;"' in html


def test_html_has_the_parts_the_council_reads(html: str, with_evil: Inputs):
    n = len([r for r in with_evil.batch.results if r.track])
    assert html.count('<tr class="track-') == n + 3  # the table, plus the per-track counts
    assert html.count('class="chart gate-chart"') == n
    assert 'class="chart funnel-chart"' in html and 'class="chart track-chart"' in html
    assert "@media print" in html and "size: A4" in html
    assert '"Noto Sans CJK JP"' in html


def test_html_is_byte_identical_for_the_same_inputs(with_evil: Inputs, html: str):
    assert render(build_report(with_evil, "ja"), "html") == html


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is missing in CI: .ci/run should have installed it")
    pytest.skip("chromium is not installed (apt-get install chromium fonts-noto-cjk)")


def browse(chromium: str, tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / "profile"
    return subprocess.run(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_in_headless_chromium(chromium: str, tmp_path: Path):
    candidates = tmp_path / "candidates"
    # The illustrative examples, the set the counts below are written for (not candidates/real/).
    shutil.copytree(
        Path(__file__).resolve().parents[1] / "candidates",
        candidates,
        ignore=shutil.ignore_patterns("real"),
    )
    write_candidate(candidates, evil())
    n = len(list(candidates.glob("*.yaml")))
    report = tmp_path / "report.html"
    proc = run("report", str(candidates), "--format", "html", "--output", str(report))
    assert proc.returncode == 0, proc.stderr
    url = report.as_uri()

    # One browser run loads the page once and prints the DOM, a screenshot and a PDF.
    shot, pdf = tmp_path / "shot.png", tmp_path / "report.pdf"
    proc = browse(
        chromium,
        tmp_path,
        "--window-size=1200,1800",
        f"--screenshot={shot}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        "--dump-dom",
        url,
    )
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout
    assert "<title>国・地方デジタル共通基盤" in page and "pwned" not in page.split("</title>")[0]
    assert 'id="candidates-table"' in page
    # One chart per candidate outside the 20 standardized businesses (listed in one table).
    assert page.count('class="chart gate-chart"') == n - 20
    assert 'class="chart funnel-chart"' in page and 'class="chart track-chart"' in page
    # The script is text on the page, not an element the browser ran.
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;悪意" in page
    assert "<script" not in page
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_meeting_texts_cannot_break_out_of_the_page_header(with_evil: Inputs):
    from commonize.report.model import MaterialInfo

    hostile = 'a"; } body { display:none } </style><script>x</script>\\'
    page = render(
        build_report(with_evil, "ja", meeting=MaterialInfo(name=hostile, document="資料2")), "html"
    )
    assert isinstance(page, str)
    assert "<script" not in page and page.count("</style>") == 1
    header = page.split("@top-left { content: ")[1].split(";")[0]
    assert header.startswith('"a\\22 ') and header.endswith('\\5c "')
    assert "資料2" in page.split("@top-right { content: ")[1].split(";")[0]


def test_bad_meeting_date_is_a_usage_error(tmp_path: Path):
    proc = run(
        "report", "candidates", "-o", str(tmp_path / "r.html"), "--meeting-date", "2026-10-32"
    )
    assert (
        proc.returncode == 2 and "--meeting-date" in proc.stderr and "Traceback" not in proc.stderr
    )
