"""`commonize report`: the report model, Markdown and Excel, changes since the last meeting."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
import yaml

from commonize import labels
from commonize.errors import UsageError
from commonize.report import FORMATS, render
from commonize.report.build import Inputs, build_report, collect
from commonize.report.changes import load_previous
from commonize.report.markdown import esc
from commonize.report.model import MaterialInfo, Report
from commonize.report.xlsx_io import formula_like
from commonize.results import Sensitivity
from conftest import minimal, run_cli, strong

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ROOT / "candidates"
# The illustrative examples (candidates/*.yaml, not candidates/real/): the set these report
# tests and the page-count baseline were written for; the real set has its own test below.
ILLUSTRATIVE = [f"candidates/{p.name}" for p in sorted(CANDIDATES.glob("*.yaml"))]
PACKAGE = ROOT / "src" / "commonize" / "report"
REPORT_KEYS = tuple(labels.catalogue()["report"])

EVIL_NAME = "<script>document.title='pwned'</script>悪意 | *x* _y_ [z](http://e.x) `c`"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, cwd=cwd)


def write_candidate(directory: Path, data: dict) -> Path:
    path = directory / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def evil(**overrides: object) -> dict:
    """A valid candidate whose texts try markup, Markdown and spreadsheet formulas."""
    return strong(
        id="evil",
        name={"ja": EVIL_NAME, "en": EVIL_NAME},
        ministry='=HYPERLINK("http://e.x","x")',
        description="<img src=x onerror=alert(1)> -cmd",
        as_of=dt.date(2026, 9, 1),
        sources=[{"title": "@SUM(A1)", "url": "https://example.org/a(b)<c>"}],
        **overrides,
    )


@pytest.fixture(scope="module")
def shipped() -> Inputs:
    return collect([ROOT / p for p in ILLUSTRATIVE], None, None)


@pytest.fixture(scope="module")
def ja(shipped: Inputs) -> Report:
    return build_report(shipped, "ja")


def evaluate_with_evil(directory: Path) -> Inputs:
    """A shipped candidate and the evil one, evaluated."""
    shutil.copy(CANDIDATES / "library-system.yaml", directory)
    write_candidate(directory, evil())
    return collect([directory], None, None)


@pytest.fixture(scope="module")
def with_evil(tmp_path_factory: pytest.TempPathFactory) -> Inputs:
    return evaluate_with_evil(tmp_path_factory.mktemp("evil"))


# The model ------------------------------------------------------------------------------


def test_data_date_is_the_latest_as_of_not_the_clock(shipped: Inputs, ja: Report):
    dates = [c.as_of for c in shipped.candidates.values() if c.as_of]
    assert ja.date == max(dates)
    assert not ja.date_given
    given = collect([CANDIDATES / "library-system.yaml"], None, dt.date(2027, 3, 31))
    assert given.date == dt.date(2027, 3, 31) and given.date_given


def test_without_any_as_of_a_date_must_be_given(tmp_path: Path):
    write_candidate(tmp_path, minimal())
    with pytest.raises(UsageError, match="--date"):
        collect([tmp_path], None, None)


def test_every_candidate_is_at_a_glance_once_with_a_reason(shipped: Inputs, ja: Report):
    listed = [c.id for g in ja.glance for c in g.candidates]
    ids = [r.id for r in shipped.batch.results if r.verdict]
    assert sorted(listed) == sorted(ids)
    for group in ja.glance:
        assert all(
            (c.track or "needs_information") == group.track and c.one_line for c in group.candidates
        )


def test_track_counts_and_funnel_match_the_results(shipped: Inputs, ja: Report):
    results = [r for r in shipped.batch.results if r.verdict]
    for count in ja.summary.tracks:
        assert count.count == sum(1 for r in results if r.verdict == count.key)
    steps = ja.summary.funnel
    assert ja.summary.examined == sum(1 for r in results if r.verdict != "standardize")
    assert steps[0].reached == ja.summary.examined
    for step, following in itertools.pairwise(steps):
        # Those that passed go on, and so do those it left open (their route is followed).
        assert following.reached == step.passed + step.open
    for step in steps:  # "not met" and "undetermined" apart, and nothing lost
        assert step.reached == step.passed + step.failed + step.open
    # Met every gate: commonized, unless a rule ruled it out (no owner) or it is already shared.
    commonized = sum(1 for r in results if r.verdict == "commonize")
    assert steps[-1].passed >= commonized
    assert sum(f.count for f in ja.summary.forms) == commonized
    assert sum(m.total for m in ja.summary.ministries) == len(results)


def test_sources_come_from_the_candidate_files(ja: Report):
    library = next(c for c in ja.candidates if c.id == "library-system")
    assert library.sources[0].url and library.sources[0].url.startswith("https://")
    assert library.sha256 and len(library.sha256) == 64


def test_english_report_uses_english_labels(shipped: Inputs):
    en = build_report(shipped, "en")
    assert {t.label for t in en.summary.tracks} == {
        "Standardize",
        "Commonize",
        "Prefectural joint procurement",
    }
    assert "基準" not in render(en, "md")


def test_borderline_marker_in_every_format(shipped: Inputs):
    # Sensitivity comes from `evaluate --sensitivity`; here it is set by hand on one result.
    moved = ("gates.effect.threshold +10%", "rules.ef-wide-1000.points -10%")
    results = tuple(
        replace(r, sensitivity=Sensitivity(10, True, ("commonize", "joint_procurement"), moved))
        if r.id == "resident-enquiry-chatbot"
        else r
        for r in shipped.batch.results
    )
    inputs = replace(shipped, batch=replace(shipped.batch, results=results), sensitivity=True)
    report = build_report(inputs, "ja")
    (view,) = [c for c in report.candidates if c.borderline]
    assert view.id == "resident-enquiry-chatbot"
    # The moves in words: no dotted path, no rule id.
    assert "②効果の見込みの基準 +10%" in view.borderline_note
    assert "の配点 -10%" in view.borderline_note and "ef-wide-1000" not in view.borderline_note
    html = render(report, "html")
    assert isinstance(html, str)
    row = html.split('data-id="resident-enquiry-chatbot">')[1].split("</tr>")[0]
    assert 'class="flag"' in row and ">境界</span>" in row
    row = next(x for x in render(report, "md").splitlines() if x.startswith("| resident-enquiry"))
    assert row.endswith("| 境界 |")
    sheet = read_xlsx(render(report, "xlsx"))["候補一覧"]  # type: ignore[arg-type]
    column = [c.value for c in sheet[1]].index("境界")
    flags = {row[0]: row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert flags["resident-enquiry-chatbot"] == "○" and flags["library-system"] is None


def test_no_borderline_column_without_sensitivity(ja: Report):
    html = render(ja, "html")
    assert isinstance(html, str)
    assert ">境界</th>" not in html and "境界事例" not in html
    head = next(x for x in render(ja, "md").splitlines() if x.startswith("| ID | 名称 |"))
    assert "境界" not in head
    sheet = read_xlsx(render(ja, "xlsx"))["候補一覧"]  # type: ignore[arg-type]
    assert "境界" not in [c.value for c in sheet[1]]


def test_sensitivity_option_marks_borderline_candidates(tmp_path: Path):
    out = tmp_path / "r.xlsx"
    proc = run("report", *ILLUSTRATIVE, "--sensitivity", "20", "-o", str(out), "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    sheet = openpyxl.load_workbook(out)["Candidates"]
    head = [c.value for c in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    flags = {row[0]: row[head.index("Borderline")] == "○" for row in rows}
    # analysed: every result is marked either way
    assert {row[head.index("Borderline")] for row in rows} == {"○", "×"}
    # A score exactly on its threshold cannot survive the threshold moving up.
    effect = head.index("② Expected effect: Score")
    on_edge = [row[0] for row in rows if row[effect] == row[effect + 1] and row[3] == "Commonize"]
    assert all(flags[cid] is True for cid in on_edge)


def test_council_decisions_are_shown_next_to_the_recommendation(ja: Report):
    decided = [c for c in ja.candidates if c.decision]
    assert decided, "the shipped candidates carry illustrative council decisions"
    for c in decided:
        assert "協議会の決定" in c.notes
    md = render(ja, "md")
    assert isinstance(md, str) and "- 協議会の決定: " in md
    # The decisions section: every decision with its meeting, dates and status.
    section = md.split("## 協議会の決定\n")[1].split("\n## ")[0]
    # The standardized businesses' decision is their law: told in their own list.
    listed = [c for c in decided if not (c.track == "standardize" and c.decision.agrees)]
    assert listed == list(ja.decided)
    for c in listed:
        d = c.decision
        assert d is not None and c.name in section and d.meeting_date in section
        assert (d.expires or d.review_by or "—") in section
    expired = [c for c in decided if c.decision and c.decision.expired]
    disagreeing = [c for c in decided if c.decision and not c.decision.agrees]
    assert disagreeing, "the shipped set shows a decision that differs from the rules"
    key = {k.key: k.count for k in ja.summary.key}
    assert key["key_decided"] == len(decided)
    assert key["key_expired"] == len(expired)
    assert key["key_disagreeing"] == len(disagreeing)
    # Flagged at a glance (not only in their own section) and in the Excel file.
    glance = md.split("## 推奨の一覧")[1].split("## 協議会の決定")[0]
    for c in expired:
        assert "有効期限切れ" in glance.split(c.name, 1)[1].split("\n")[0]
    wb = read_xlsx(render(ja, "xlsx"))  # type: ignore[arg-type]
    rows = list(wb["協議会の決定"].iter_rows(values_only=True))
    head, body = rows[0], rows[1:]
    assert len(body) == len(listed)
    for row in body:
        c = next(x for x in listed if x.id == row[0])
        assert c.decision is not None
        assert row[head.index("有効期限切れ")] == ("○" if c.decision.expired else "×")
        assert isinstance(row[head.index("開催日")], dt.datetime)


# Labels ---------------------------------------------------------------------------------


def test_every_report_label_has_both_languages():
    assert all(
        labels.text(f"report.{k}", "ja") and labels.text(f"report.{k}", "en") for k in REPORT_KEYS
    )


def test_every_label_used_exists():
    used: set[str] = set()
    for path in [*PACKAGE.glob("*.py"), *PACKAGE.glob("templates/*.j2")]:
        used |= set(re.findall(r"\bL\(\s*[\"'](\w+)[\"']", path.read_text(encoding="utf-8")))
    assert used, "no label lookups found"
    assert all(labels.has(f"report.{k}") for k in used), [
        k for k in used if not labels.has(f"report.{k}")
    ]


def test_templates_hold_no_words_of_their_own():
    text = (PACKAGE / "templates" / "report.html.j2").read_text(encoding="utf-8")
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"<style>.*?</style>|<[^>]*>", " ", text, flags=re.S)
    words = re.findall(r"[A-Za-z\u3040-\u30ff\u4e00-\u9fff]{2,}", text)
    assert words == [], words


# Markdown -------------------------------------------------------------------------------


def test_markdown_escapes_candidate_text():
    assert esc("a|b<c>`d`*e*_f_[g](h)") == r"a\|b\<c\>\`d\`\*e\*\_f\_\[g\](h)"
    assert esc("two\nlines") == "two lines"


def test_markdown_report(with_evil: Inputs):
    md = render(build_report(with_evil, "ja"), "md")
    assert isinstance(md, str)
    assert md.startswith("# 国・地方デジタル共通基盤")
    assert "<script>" not in md and r"\<script\>" in md
    assert "| library-system | 図書館システム |" in md
    # Summary tables have headings and right-aligned numbers.
    assert "### 取組の方向性ごとの件数\n\n| 取組 | 件数 |\n|---|---:|" in md
    # A link to an evidence source cannot be ended early by its own URL.
    assert "(https://example.org/a%28b%29%3Cc%3E)" in md
    lines = md.splitlines()
    (row,) = [line for line in lines if line.startswith("| evil |")]
    (head, *_) = [line for line in lines if line.startswith("| ID | 名称 | ①")]

    def cells(line: str) -> int:
        return len(re.split(r"(?<!\\)\|", line)) - 2  # unescaped pipes only

    assert cells(row) == cells(head) == 8  # the name's "|" split no column


# Excel ----------------------------------------------------------------------------------


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_reads_back_with_the_right_counts(shipped: Inputs, ja: Report):
    wb = read_xlsx(render(ja, "xlsx"))  # type: ignore[arg-type]
    assert wb.sheetnames == ["概要", "候補一覧", "協議会の決定", "適用ルール", "根拠資料"]
    sheet = wb["候補一覧"]
    head = [c.value for c in sheet[1]]
    assert head[:4] == ["ID", "名称", "制度所管府省庁", "推奨"]
    assert sheet.freeze_panes == "C2"  # the header row and the id and name columns
    assert (
        sheet.auto_filter.ref
        == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    )
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    results = [r for r in shipped.batch.results if r.verdict]
    assert len(rows) == len(results)
    labels = {t.label: t.key for t in ja.summary.tracks}
    for label, key in labels.items():
        assert sum(1 for row in rows if row[3] == label) == sum(
            1 for r in results if r.verdict == key
        )
    score = head.index("①利用者ニーズ 点数")
    assert all(isinstance(row[score], int | float) for row in rows)
    summary = list(wb["概要"].iter_rows(values_only=True))
    assert ("候補数", len(results)) in [row[:2] for row in summary]
    start = [row[:2] for row in summary].index(("取組", "件数")) + 1
    per_track = {row[0]: row[1] for row in summary[start : start + len(labels)]}
    assert per_track == {
        label: sum(1 for r in results if r.verdict == key) for label, key in labels.items()
    }
    fired = list(wb["適用ルール"].iter_rows(min_row=2, values_only=True))
    assert len(fired) == sum(len(g.fired) for r in results for g in r.gates)


def test_xlsx_neutralizes_formulas(with_evil: Inputs):
    wb = read_xlsx(render(build_report(with_evil, "en"), "xlsx"))  # type: ignore[arg-type]
    assert wb.sheetnames[1] == "Candidates"
    row = next(r for r in wb["Candidates"].iter_rows(min_row=2) if r[0].value == "evil")
    ministry = row[2]
    # The text as written, stored as text with the quote-prefix style: never a formula,
    # and no apostrophe in the value (which users would see and sort by).
    assert ministry.value == '=HYPERLINK("http://e.x","x")' and ministry.data_type == "s"
    assert ministry.quotePrefix
    sources = [r for r in wb["Sources"].iter_rows(min_row=2) if r[0].value == "evil"]
    assert sources[0][2].value == "@SUM(A1)" and sources[0][2].quotePrefix
    for sheet in wb:
        for cells in sheet.iter_rows():
            assert all(c.data_type != "f" for c in cells)
            assert not any(isinstance(c.value, str) and c.value.startswith("'") for c in cells)
            for c in cells:
                assert c.quotePrefix == formula_like(c.value), (sheet.title, c.coordinate)
    assert formula_like("-1") and not formula_like(-1) and not formula_like("a=b")


def test_xlsx_prints_on_a4_with_links_and_frozen_columns(ja: Report):
    wb = read_xlsx(
        render(replace(ja, meeting=MaterialInfo(name="連絡協議会", session="第4回")), "xlsx")
    )  # type: ignore[arg-type]
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert str(ws.page_setup.paperSize) == str(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert "連絡協議会 第4回" in ws.oddHeader.left.text
        assert ws.oddFooter.right.text == "&P / &N"
    for name in ("候補一覧", "協議会の決定", "適用ルール", "根拠資料"):
        assert wb[name].print_title_rows == "$1:$1", name  # the header on every page
        assert wb[name].freeze_panes == "C2", name
    sources = wb["根拠資料"]
    urls = [r[3] for r in sources.iter_rows(min_row=2) if r[3].value]
    assert urls and all(c.hyperlink and c.hyperlink.target == c.value for c in urls)
    cands = wb["候補一覧"]
    head = [c.value for c in cands[1]]
    rows = list(cands.iter_rows(min_row=2, values_only=True))
    # Yes/no as ○/×, never TRUE/FALSE.
    assert {row[head.index("暫定")] for row in rows} == {"○", "×"}
    assert not any(isinstance(v, bool) for row in rows for v in row)
    # An open gate keeps its range: score is the known minimum, then the maximum.
    lunch = next(row for row in rows if row[0] == "school-lunch-fees")
    i = head.index("①利用者ニーズ 点数")
    assert lunch[i + 2] == "未確定" and lunch[i] < lunch[i + 3]
    # Grouped by track, the standardized businesses last.
    tracks = [row[3] for row in rows]
    assert tracks[-1] == "標準化" and tracks.index("標準化") == len(rows) - 20
    # Long texts wrap.
    notes = head.index("理由(要約)") + 1
    assert cands.cell(2, notes).alignment.wrap_text


def test_xlsx_is_byte_identical_across_runs(ja: Report):
    first = render(ja, "xlsx")
    time.sleep(2.1)  # zip entry times have a two-second resolution: make the clock move
    assert render(ja, "xlsx") == first
    wb = read_xlsx(first)  # type: ignore[arg-type]
    assert wb.properties.modified == dt.datetime.combine(ja.date, dt.time())


# The command ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_one_command_per_format_for_the_shipped_candidates(fmt: str, tmp_path: Path):
    out = tmp_path / f"report.{fmt}"
    proc = run("report", *ILLUSTRATIVE, "--format", fmt, "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "" and str(out) in proc.stderr
    assert out.stat().st_size > 10_000
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_previous_with_a_changed_threshold_shows_rule_set_changes(tmp_path: Path):
    prev = tmp_path / "last-meeting.json"
    proc = run("evaluate", *ILLUSTRATIVE, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    prev.write_text(proc.stdout, encoding="utf-8")
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    gate = rules / "gates" / "2_effect.yaml"
    text = gate.read_text(encoding="utf-8")
    old = int(re.search(r"^threshold: (\d+)$", text, re.M).group(1))  # type: ignore[union-attr]
    gate.write_text(text.replace(f"threshold: {old}", f"threshold: {old + 3}"), encoding="utf-8")
    out = tmp_path / "report.xlsx"
    proc = run(
        "report", *ILLUSTRATIVE, "--rules", str(rules), "--previous", str(prev), "-o", str(out)
    )
    assert proc.returncode == 0, proc.stderr

    before = json.loads(prev.read_text(encoding="utf-8"))["results"]
    expected = {
        r["id"]
        for r in before
        if r["track"] == "commonize" and r["gates"]["effect"]["score"] < old + 3
    }
    assert expected, "the shipped data should have commonize candidates near the threshold"
    rows = list(
        openpyxl.load_workbook(out)["前回からの変更"].iter_rows(min_row=2, values_only=True)
    )
    changed = {row[1]: row for row in rows if row[0] == "推奨の変更"}
    # The commonized ones below the new bar move; so may ones the rules left open.
    assert expected <= set(changed)
    assert all(changed[c][3] == "要追加調査" for c in set(changed) - expected)
    for row in (changed[c] for c in expected):
        # Short of the new bar on evidence: not met, or open where unknowns could carry it.
        assert row[3] == "共通化" and row[4] in ("都道府県共同調達", "要追加調査")
        assert row[5:8] == ("ルールセットの変更", "○", "×")
        assert f"/{old} → " in row[8] and row[8].endswith(f"/{old + 3}")
    # The rule change is named, not only "the rule set changed".
    named = [row[2] for row in rows if row[0] == "基準点・配点の変更"]
    assert named == [f"②効果の見込みの基準点 {old} → {old + 3}"]


def test_previous_tells_data_changes_new_and_removed(tmp_path: Path):
    cands = tmp_path / "candidates"
    cands.mkdir()
    for name in ("library-system.yaml", "rpa-tools.yaml", "koseki.yaml"):
        shutil.copy(CANDIDATES / name, cands)
    proc = run("evaluate", str(cands), "--format", "json")
    prev = tmp_path / "prev.json"
    prev.write_text(proc.stdout, encoding="utf-8")
    # library-system loses its users: the data, not the rules, changes its track.
    path = cands / "library-system.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["user_needs"].update(users_per_year=1000, citizen_facing=False, requesting_governments=0)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (cands / "koseki.yaml").unlink()
    write_candidate(cands, strong(id="brand-new", as_of=dt.date(2026, 10, 1)))

    snapshot = load_previous(prev)
    changes = build_report(collect([cands], None, None), "en", snapshot).changes
    assert changes is not None and not changes.rules_changed
    assert [x.id for x in changes.new] == ["brand-new"]
    assert [x.id for x in changes.removed] == ["koseki"]
    (moved,) = changes.track_changes
    assert (moved.id, moved.cause, moved.data_changed) == ("library-system", "cause_data", True)

    # Without file hashes in the previous JSON, what the rules saw still tells.
    doc = json.loads(prev.read_text(encoding="utf-8"))
    for r in doc["results"]:
        r.pop("sha256", None)
    prev.write_text(json.dumps(doc), encoding="utf-8")
    changes = build_report(collect([cands], None, None), "en", load_previous(prev)).changes
    assert changes is not None
    assert [(x.id, x.cause) for x in changes.track_changes] == [("library-system", "cause_data")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not JSON"),
        ('{"format": "something-else"}', "not a commonize results file"),
        ('{"format": "commonize-results", "format_version": 99}', "format_version 99"),
        ('{"format": "commonize-results", "format_version": 1}', "damaged"),
    ],
)
def test_bad_previous_file_is_a_usage_error(content: str, message: str, tmp_path: Path):
    prev = tmp_path / "prev.json"
    prev.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match=message):
        load_previous(prev)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "x.pdf"], "cannot tell the format"),
        (["--output", "x.md", "--date", "2026-13-01"], "not a date"),
        (["--output", "x.md", "--previous", "missing.json"], "cannot read --previous"),
        (["--output", "no-such-dir/x.md"], "directory does not exist"),
        (["--output", "x.md", "no-such-candidates"], "no such file"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # In process: a subprocess each is slow, and the error handler is the same.
    from typer.testing import CliRunner

    from commonize.cli import app

    shutil.copy(CANDIDATES / "library-system.yaml", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["report", "library-system.yaml", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library-system.yaml"]


def test_invalid_candidate_is_reported_and_exits_1(tmp_path: Path):
    shutil.copy(CANDIDATES / "library-system.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nid: Broken!\n", encoding="utf-8")
    proc = run("report", ".", "-o", "r.md", "--lang", "en", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "## Candidate files that could not be read" in md and "broken.yaml" in md
    assert "- Candidates: 2 (1 invalid)" in md


def test_templates_ship_in_the_wheel(tmp_path: Path):
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("uv is needed to build the wheel")
    dist = tmp_path / "dist"
    proc = subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = dist.glob("commonize-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    assert (site / "commonize" / "report" / "templates" / "report.html.j2").is_file()
    # The unpacked wheel first on the path: the HTML renders from the packaged templates.
    code = (
        "import sys, commonize.report as r; assert 'site' in r.__file__, r.__file__;"
        "from commonize.cli import main;"
        "sys.argv = ['commonize', 'report', sys.argv[1], '-o', sys.argv[2]]; main()"
    )
    out = tmp_path / "r.html"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(CANDIDATES / "library-system.yaml"), str(out)],
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert 'id="candidates-table"' in out.read_text(encoding="utf-8")


# Markdown as GitHub renders it ----------------------------------------------------------

LINKY = "see http://e.x, www.e.com, HTTPS://E.X/a, mailto:a@b.co and a@b.co; <b>bold</b> ![i](x) &amp; ~~s~~"


def gfm(md: str) -> str:
    """Markdown rendered by cmark-gfm, GitHub's renderer, with its extensions on."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(md, options=Options.CMARK_OPT_UNSAFE)


def test_markdown_candidate_text_makes_no_link_or_html_on_github(tmp_path: Path):
    shutil.copy(CANDIDATES / "road-occupancy-permits.yaml", tmp_path)  # carries a decision
    decision = {
        "meeting": {"date": dt.date(2026, 9, 30), "name": LINKY},
        "track": "commonize",
        "reason": LINKY,
        "approved_by": "a@b.co",
    }
    data = evil(decisions=[decision])
    data["name"] = {"ja": EVIL_NAME + " " + LINKY, "en": LINKY}
    data["ministry"] = "www.ministry.example"
    write_candidate(tmp_path, data)
    report = build_report(collect([tmp_path], None, None), "ja")
    html = gfm(render(report, "md"))  # type: ignore[arg-type]
    # The only links are the evidence sources' own, with their own addresses.
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    sources = {s.url for c in report.candidates for s in c.sources if s.url}
    assert hrefs and {h.replace("%28", "(").replace("%29", ")") for h in hrefs} <= {
        u.replace("<", "%3C").replace(">", "%3E") for u in sources
    }, hrefs
    tags = set(re.findall(r"<([a-z0-9]+)[\s>]", html))
    assert tags <= {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "a", "table"} | {
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }, tags
    # The text reads as written (the word joiner before "@" is invisible).
    text = html.replace("\u2060", "").replace("&amp;", "&").replace("&lt;", "<")
    text = text.replace("&gt;", ">").replace("&quot;", '"')
    assert "<b>bold</b> ![i](x) &amp; ~~s~~" in text
    assert "[z](http://e.x)" in text


def test_markdown_numbers_right_aligned_and_tables_have_headings(ja: Report):
    html = gfm(render(ja, "md"))  # type: ignore[arg-type]
    for heading in ("h_key", "h_tracks", "h_forms", "h_funnel", "h_ministries"):
        label = labels.text(f"report.{heading}", "ja")
        part = html.split(f"<h3>{label}</h3>")[1].split("</table>")[0]
        assert "<table>" in part, heading
        assert 'td align="right">' in part, heading


def test_a_result_without_a_track_is_shown_as_needing_information(shipped: Inputs):
    # "Needs information" (no track yet) is coming to the evaluation core; the report must
    # show such a result by its status and count it as provisional, in every format.
    results = tuple(
        replace(r, track=None, stopped_at=None) if r.id == "school-lunch-fees" else r
        for r in shipped.batch.results
    )
    report = build_report(replace(shipped, batch=replace(shipped.batch, results=results)), "ja")
    (view,) = [c for c in report.candidates if c.id == "school-lunch-fees"]
    assert view.track is None and view.track_label == "要追加調査" and view.provisional
    assert report.glance[-1].label == "要追加調査" and view in report.glance[-1].candidates
    assert view in report.examined
    html = render(report, "html")
    assert isinstance(html, str)
    row = html.split('data-id="school-lunch-fees">')[1].split("</tr>")[0]
    assert "track-needs_information" in html and "暫定" in row
    assert "### 要追加調査(" in render(report, "md")  # type: ignore[operator]
    sheet = read_xlsx(render(report, "xlsx"))["候補一覧"]  # type: ignore[arg-type]
    assert any(row[3] == "要追加調査" for row in sheet.iter_rows(min_row=2, values_only=True))
