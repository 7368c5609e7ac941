"""``--format xlsx``: the workbook council members filter and annotate.

Sheets: summary; all candidates (one row each, numbers as numbers, grouped by track with
the standardized businesses last); council decisions; fired rules; evidence sources;
changes since the previous meeting (with ``--previous``). Every sheet prints on A4
landscape, as wide as the page, with its header row repeated.
"""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from commonize.labels import Labels
from commonize.report.model import CandidateView, Changes, Report
from commonize.report.xlsx_io import (
    Cell,
    append,
    header,
    link,
    print_setup,
    save,
    table_sheet,
)


def render(report: Report) -> bytes:
    L = Labels(report.lang)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = L("sheet_summary")
    summary_sheet(summary, report, L)
    # Id and name stay in view when scrolling right.
    table_sheet(wb.create_sheet(L("sheet_candidates")), *candidates_table(report, L), freeze="C2")
    table_sheet(wb.create_sheet(L("sheet_decisions")), *decisions_table(report, L), freeze="C2")
    table_sheet(wb.create_sheet(L("sheet_fired")), *fired_table(report, L), freeze="C2")
    sources = wb.create_sheet(L("sheet_sources"))
    table_sheet(sources, *sources_table(report, L), freeze="C2")
    link(sources, 4)
    if report.changes is not None:
        table_sheet(wb.create_sheet(L("sheet_changes")), *changes_table(report.changes, L))
    head, foot = page_texts(report, L)
    for ws in wb.worksheets:
        print_setup(ws, head, foot)
    wb.properties.title = L("title")
    return save(wb, report.date)


def page_texts(r: Report, L: Labels) -> tuple[str, str]:
    """The printed page header (meeting, 回次, date, document number) and footer."""
    m = r.meeting
    meeting = " ".join(x for x in (m.name, m.session, m.date, m.document) if x)
    return meeting or L("title_short"), f"{L('data_date')} {r.date.isoformat()}"


def summary_sheet(ws: Worksheet, r: Report, L: Labels) -> None:
    append(ws, [L("title")])
    ws["A1"].font = Font(bold=True, size=14)
    append(ws, [L("subtitle")])
    append(ws, [])
    m = r.meeting
    meeting = [("meeting", m.name), ("session", m.session), ("meeting_date", m.date)]
    meeting += [("document", m.document)]
    for key, text in meeting:
        if text:
            append(ws, [L(key), text])
    for key, value in (
        ("data_date", r.date),
        ("ruleset", f"{r.ruleset_name} {r.ruleset_version}"),
        ("ruleset_sha", r.ruleset_sha256),
        ("n_candidates", r.total),
        ("h_invalid", len(r.invalid)),
        ("tool_version", r.tool_version),
    ):
        append(ws, [L(key), value])
    if r.changes is not None:
        append(ws, [L("previous_ruleset"), r.changes.previous_ruleset])
        append(
            ws, [L("ruleset"), L("ruleset_changed" if r.changes.rules_changed else "ruleset_same")]
        )
    append(ws, [L("recommendation_note")])
    funnel_head = [L("gate"), L("funnel_reached"), L("status_pass"), L("status_fail")]
    blocks: list[tuple[list[str], list[list[Cell]]]] = [
        ([L("h_key"), L("count")], [[k.label, k.count] for k in r.summary.key]),
        ([L("track"), L("count")], [[t.label, t.count] for t in r.summary.tracks]),
        ([L("form"), L("count")], [[f.label, f.count] for f in r.summary.forms]),
        (
            [*funnel_head, L("status_unknown")],
            [[s.label, s.reached, s.passed, s.failed, s.open] for s in r.summary.funnel],
        ),
        (
            [L("ministry"), *r.track_labels, L("total")],
            [[m.ministry, *m.counts, m.total] for m in r.summary.ministries],
        ),
        (
            [L("recommendation"), L("id"), L("name"), L("one_line")],
            [[g.label, c.id, c.name, c.one_line] for g in r.glance for c in g.candidates],
        ),
    ]
    for names, rows in blocks:
        append(ws, [])
        header(ws, names)
        for row in rows:
            append(ws, row)
    ws.column_dimensions["A"].width = 34
    for col in "BCDE":
        ws.column_dimensions[col].width = 18


def candidates_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("ministry"), L("recommendation")]
    for g in r.gates:
        names += [
            L("column_gate", gate=g.label, what=w)
            for w in (L("score"), L("threshold"), L("status"), L("maximum"))
        ]
    names += [L("form"), L("readiness"), L("who_pays")]
    names += [L("borderline")] if r.sensitivity else []
    names += [
        L("provisional"),
        L("unknown_indicators"),
        L("decided_track"),
        L("decision_status"),
        L("changed"),
        L("notes"),
        L("one_line"),
        L("file"),
        L("file_sha"),
    ]
    # Grouped as in the report: the examined candidates by track, the standardized last.
    ordered = (*r.examined, *r.standardized)
    return names, [_candidate_row(c, r, L) for c in ordered]


def _candidate_row(c: CandidateView, r: Report, L: Labels) -> list[Cell]:
    row: list[Cell] = [c.id, c.name, c.ministry, c.track_label]
    for g in c.gates:
        status = L(f"status_{g.status}") if g.examined else L("not_examined")
        # Score is the known minimum; with the maximum, an open gate keeps its range.
        row += [g.minimum if g.status == "unknown" else g.score, g.threshold, status]
        row += [g.maximum if g.status == "unknown" else g.score]
    row += [c.form_label, c.readiness_label, c.who_pays]
    row += [c.borderline] if r.sensitivity else []
    d = c.decision
    return [
        *row,
        c.provisional,
        L("list_sep").join(c.changing_unknowns),
        d.track_label if d else None,
        L("list_sep").join((d.status_label, *d.flags)) if d else None,
        c.changed or None,
        c.notes,
        c.one_line,
        c.path,
        c.sha256,
    ]


def decisions_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("meeting"), L("meeting_date"), L("decided_track")]
    names += [L("recommendation"), L("agrees"), L("reason"), L("approved_by")]
    names += [L("review_by"), L("expires"), L("status"), L("decision_expired")]
    names += [L("decision_review")]
    rows: list[list[Cell]] = []
    for c in r.decided:
        d = c.decision
        assert d is not None
        rows.append(
            [
                c.id,
                c.name,
                d.meeting,
                _date(d.meeting_date),
                d.track_label,
                c.track_label,
                d.agrees,
                d.reason,
                d.approved_by,
                _date(d.review_by),
                _date(d.expires),
                d.status_label,
                d.expired,
                d.past_review,
            ]
        )
    return names, rows


def _date(text: str | None) -> dt.date | str | None:
    """A date as a date cell, so Excel sorts and filters it as one."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return text


def fired_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("gate"), L("counted"), L("points"), L("reason")]
    names += [L("clause"), L("rule"), L("clause_id")]
    rows: list[list[Cell]] = [
        [c.id, c.name, f.gate_label, f.examined, f.points, f.reason, f.clause, f.rule, f.clause_id]
        for c in r.candidates
        for f in c.fired
    ]
    return names, rows


def sources_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("h_sources"), L("url"), L("source_document")]
    names += [L("source_accessed"), L("note")]
    rows: list[list[Cell]] = [
        [c.id, c.name, s.title, s.url, s.document, s.accessed, s.note]
        for c in r.candidates
        for s in c.sources
    ]
    return names, rows


def changes_table(ch: Changes, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("change_kind"), L("id"), L("name"), L("before"), L("after"), L("cause")]
    names += [L("rules_changed"), L("data_changed"), L("score_changes")]
    rows: list[list[Cell]] = [
        [
            L("change_track"),
            x.id,
            x.name,
            x.before,
            x.after,
            x.cause_label,
            x.rules_changed,
            x.data_changed,
            x.scores,
        ]
        for x in ch.track_changes
    ]
    rows += [[L("change_rules"), None, x] for x in ch.rule_changes]
    rows += [[L("change_new"), x.id, x.name, None, x.track_label] for x in ch.new]
    rows += [[L("change_removed"), x.id, x.name, x.track_label, None] for x in ch.removed]
    return names, rows
