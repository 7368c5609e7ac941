"""``--format xlsx``: the workbook council members filter and annotate.

Sheets: summary; all candidates (one row each, numbers as numbers); fired rules; evidence
sources; changes since the previous meeting (with ``--previous``).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from commonize.report.labels import Labels
from commonize.report.model import CandidateView, Changes, Report
from commonize.report.xlsx_io import Cell, append, header, save, table_sheet


def render(report: Report) -> bytes:
    L = Labels(report.lang)
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = L("sheet_summary")
    summary_sheet(summary, report, L)
    table_sheet(wb.create_sheet(L("sheet_candidates")), *candidates_table(report, L))
    table_sheet(wb.create_sheet(L("sheet_fired")), *fired_table(report, L))
    table_sheet(wb.create_sheet(L("sheet_sources")), *sources_table(report, L))
    if report.changes is not None:
        table_sheet(wb.create_sheet(L("sheet_changes")), *changes_table(report.changes, L))
    wb.properties.title = L("title")
    return save(wb, report.date)


def summary_sheet(ws: Worksheet, r: Report, L: Labels) -> None:
    append(ws, [L("title")])
    ws["A1"].font = Font(bold=True, size=14)
    append(ws, [L("subtitle")])
    append(ws, [])
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
    blocks: list[tuple[list[str], list[list[Cell]]]] = [
        ([L("track"), L("count")], [[t.label, t.count] for t in r.summary.tracks]),
        ([L("form"), L("count")], [[f.label, f.count] for f in r.summary.forms]),
        ([L("step"), L("count")], [[s.label, s.count] for s in r.summary.funnel]),
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
    for col in "BCD":
        ws.column_dimensions[col].width = 18


def candidates_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("ministry"), L("recommendation")]
    for g in r.gates:
        names += [L("column_gate", gate=g.label, what=w) for w in (L("score"), L("threshold"))]
        names += [L("column_gate", gate=g.label, what=L("status"))]
    names += [
        L("form"),
        L("readiness"),
        L("who_pays"),
        L("borderline"),
        L("provisional"),
        L("unknown_indicators"),
        L("notes"),
        L("one_line"),
        L("file"),
        L("file_sha"),
    ]
    return names, [_candidate_row(c, L) for c in r.candidates]


def _candidate_row(c: CandidateView, L: Labels) -> list[Cell]:
    row: list[Cell] = [c.id, c.name, c.ministry, c.track_label]
    for g in c.gates:
        status = L(f"status_{g.status}") if g.examined else L("not_examined")
        row += [g.score, g.threshold, status]
    return [
        *row,
        c.form_label,
        c.readiness_label,
        c.who_pays,
        c.borderline,
        c.provisional,
        ", ".join(c.changing_unknowns),
        c.notes,
        c.one_line,
        c.path,
        c.sha256,
    ]


def fired_table(r: Report, L: Labels) -> tuple[list[str], list[list[Cell]]]:
    names = [L("id"), L("name"), L("gate"), L("counted"), L("rule"), L("points"), L("reason")]
    names += [L("clause_id"), L("clause")]
    rows: list[list[Cell]] = [
        [c.id, c.name, f.gate_label, f.examined, f.rule, f.points, f.reason, f.clause_id, f.clause]
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
    rows += [[L("change_new"), x.id, x.name, None, x.track_label] for x in ch.new]
    rows += [[L("change_removed"), x.id, x.name, x.track_label, None] for x in ch.removed]
    return names, rows
