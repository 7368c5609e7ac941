"""``--format markdown``: a compact report for a repository or a pull request.

Candidate text is escaped so that it renders as written: it can neither break a table
(``|``), open HTML (``<``), nor turn into emphasis, code or a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from commonize.labels import Labels
from commonize.report.model import CandidateView, Changes, Report

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~&:])")
# GitHub's renderer turns "www." and e-mail addresses into links even when escaped; a "."
# after "www" is escaped, and a word joiner (invisible) before "@" ends the address's name.
_WWW_DOT = re.compile(r"(?i)(?<=www)\.")


def esc(text: object) -> str:
    """Markdown-inert text: special characters backslash-escaped, one line, no autolink."""
    out = _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _WWW_DOT.sub(r"\\.", out).replace("@", "\u2060@")


def url(link: str) -> str:
    """A link destination that cannot end the link early."""
    return quote(link, safe=":/?#@!$&'*+,;=%~.-_[]")


def table(
    head: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[int] = ()
) -> list[str]:
    """A GFM table; the columns in ``numeric`` (and any cell holding a number) right-aligned."""
    rows = [tuple(row) for row in rows]
    right = set(numeric) | {
        i
        for i in range(len(head))
        if rows
        and all(isinstance(row[i], int | float) and not isinstance(row[i], bool) for row in rows)
    }
    rule = "|" + "".join("---:|" if i in right else "---|" for i in range(len(head)))
    lines = ["| " + " | ".join(esc(h) for h in head) + " |", rule]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def heading(level: int, text: str) -> list[str]:
    return [f"{'#' * level} {esc(text)}", ""]


def render(report: Report) -> str:
    L = Labels(report.lang)
    refs = {cid: i for i, (cid, _) in enumerate(report.clauses, start=1)}
    out = cover(report, L) + glance(report, L) + decisions(report, L) + summary(report, L)
    if report.changes is not None:
        out += changes(report.changes, L)
    out += all_candidates(report, L)
    out += heading(2, L("h_candidates"))
    for c in report.examined:
        out += candidate(c, L, refs)
    if report.invalid:
        out += heading(2, L("h_invalid"))
        out += [f"- `{f.path}`: {esc('; '.join(f.problems))}" for f in report.invalid] + [""]
    out += heading(2, L("h_appendix"))
    out += heading(3, L("h_clauses"))
    out += table(["#", L("clause")], [(f"[{refs[cid]}]", text) for cid, text in report.clauses])
    return "\n".join(out).rstrip("\n") + "\n"


def cover(r: Report, L: Labels) -> list[str]:
    source = L("date_from_option") if r.date_given else L("date_from_data")
    m = r.meeting
    meeting = " ".join(x for x in (m.name, m.session, m.date, m.document) if x)
    out = [f"# {esc(L('title'))}", ""]
    out += [esc(meeting), ""] if meeting else []
    return [
        *out,
        esc(L("subtitle")),
        "",
        f"- {esc(L('data_date'))}: {r.date.isoformat()} {esc(source)}",
        f"- {esc(L('ruleset'))}: {esc(r.ruleset_name)} {esc(r.ruleset_version)}",
        f"- {esc(L('ruleset_sha'))}: `{r.ruleset_sha256}`",
        f"- {esc(L('n_candidates'))}: {esc(L('n_candidates_value', n=r.total, invalid=len(r.invalid)))}",
        f"- {esc(L('tool_version'))}: {esc(r.tool_version)}",
        "",
        esc(L("recommendation_note")),
        "",
    ]


def glance(r: Report, L: Labels) -> list[str]:
    out = heading(2, L("h_glance"))
    for g in r.glance:
        out += heading(3, L("by_track", track=g.label, n=len(g.candidates)))
        if g.track == "standardize":
            out += [esc(L("glance_standardize")), ""]
        else:
            out += [f"- **{esc(c.name)}**: {esc(c.one_line)}{_flags(c)}" for c in g.candidates]
            out += [""] if g.candidates else [esc(L("none")), ""]
    return out


def _flags(c: CandidateView) -> str:
    marks = [*c.decision_flags, c.changed] if c.decision or c.changed else []
    return "".join(f" ({esc(x)})" for x in marks if x)


def decisions(r: Report, L: Labels) -> list[str]:
    out = heading(2, L("h_decisions"))
    if not r.decided:
        return [*out, esc(L("no_decisions")), ""]
    head = [L("name"), L("meeting"), L("decided_track"), L("recommendation"), L("reason")]
    head += [L("approved_by"), L("review_by"), L("expires"), L("status")]
    rows = []
    for c in r.decided:
        d = c.decision
        assert d is not None
        agreement = L("agrees") if d.agrees else L("decision_disagrees")
        rows.append(
            (
                c.name,
                f"{d.meeting} ({d.meeting_date})",
                d.track_label,
                f"{c.track_label} ({agreement})",
                d.reason,
                d.approved_by,
                d.review_by or "—",
                d.expires or "—",
                d.status_label,
            )
        )
    return out + table(head, rows)


def summary(r: Report, L: Labels) -> list[str]:
    s = r.summary
    out = heading(2, L("h_summary"))
    out += heading(3, L("h_key"))
    out += table([L("item"), L("count")], [(k.label, k.count) for k in s.key])
    out += heading(3, L("h_tracks"))
    out += table([L("track"), L("count")], [(t.label, t.count) for t in s.tracks])
    out += heading(3, L("h_forms"))
    out += table([L("form"), L("count")], [(f.label, f.count) for f in s.forms])
    out += heading(3, L("h_funnel"))
    out += [esc(L("funnel_note", n=s.examined)), ""]
    head = [L("gate"), L("funnel_reached"), L("status_pass"), L("status_fail")]
    out += table(
        [*head, L("status_unknown")],
        [(x.label, x.reached, x.passed, x.failed, x.open) for x in s.funnel],
    )
    out += heading(3, L("h_ministries"))
    out += table(
        [L("ministry"), *r.track_labels, L("total")],
        [(m.ministry, *m.counts, m.total) for m in s.ministries],
    )
    return out


def changes(ch: Changes, L: Labels) -> list[str]:
    state = L("ruleset_changed") if ch.rules_changed else L("ruleset_same")
    out = heading(2, L("h_changes"))
    out += [f"- {esc(L('previous_ruleset'))}: {esc(ch.previous_ruleset)} `{ch.previous_sha256}`"]
    out += [f"- {esc(state)}", ""]
    if ch.rule_changes:
        out += heading(3, L("h_rule_changes"))
        out += [f"- {esc(x)}" for x in ch.rule_changes] + [""]
    if ch.empty:
        out += [esc(L("no_changes")), ""]
    if ch.track_changes:
        out += heading(3, L("h_track_changes"))
        out += table(
            [L("id"), L("name"), L("before"), L("after"), L("cause"), L("score_changes")],
            [(x.id, x.name, x.before, x.after, x.cause_label, x.scores) for x in ch.track_changes],
        )
    for key, items in (("h_new", ch.new), ("h_removed", ch.removed)):
        if items:
            out += heading(3, L(key))
            out += [f"- `{x.id}` {esc(x.name)}: {esc(x.track_label)}" for x in items] + [""]
    return out


def all_candidates(r: Report, L: Labels) -> list[str]:
    head = [L("id"), L("name"), *(g.label for g in r.gates)]
    head += [L("form"), L("unknown_indicators"), L("notes")]
    head += [L("borderline")] if r.sensitivity else []
    out = [*heading(2, L("h_table")), esc(L("legend")), ""]
    for g in r.glance:
        if g.track == "standardize" or not g.candidates:
            continue
        out += heading(3, L("by_track", track=g.label, n=len(g.candidates)))
        out += table(head, [_row(c, r, L) for c in g.candidates])
    out += heading(3, L("h_standardized"))
    out += [esc(L("standardized_note")), ""]
    out += table(
        [L("id"), L("name"), L("ministry"), L("notes")],
        [
            (c.id, c.name, c.ministry, " ".join(x for x in (c.notes, c.changed) if x))
            for c in r.standardized
        ],
    )
    return out


def _row(c: CandidateView, r: Report, L: Labels) -> tuple[object, ...]:
    notes = L("list_sep").join(x for x in (c.notes, c.changed) if x)
    row: tuple[object, ...] = (
        c.id,
        c.name,
        *(g.cell for g in c.gates),
        " / ".join(x for x in (c.form_label, c.readiness_label, c.possible_tracks) if x),
        L("list_sep").join(c.changing_unknowns),
        notes,
    )
    if r.sensitivity:
        row += (L("borderline_mark") if c.borderline else "",)
    return row


def candidate(c: CandidateView, L: Labels, refs: dict[str, int]) -> list[str]:
    def ref(clause_id: str | None) -> str:
        return f" \\[{refs[clause_id]}\\]" if clause_id in refs else ""

    out = heading(3, f"{c.name} ({c.id})")
    out += [f"**{esc(c.track_label)}**: {esc(c.one_line)}{_flags(c)}", ""]
    out += [f"- {esc(x.text)}{ref(x.clause_id)}" for x in c.verdict]
    for track, lines in c.why_not:
        if lines:
            out += [f"- {esc(L('h_why_not'))} ({esc(track)}):"]
            out += [f"  - {esc(x.text)}{ref(x.clause_id)}" for x in lines]
    for gate, fired in c.counted_by_gate:
        reasons = L("list_sep").join(f"{f.reason} {f.points:+g}" for f in fired)
        out += [f"- {esc(L('h_fired'))} ({esc(gate)}): {esc(reasons)}"]
    if c.changing_unknowns:
        listed = L("list_sep").join(c.changing_unknowns)
        out += [f"- {esc(L('unknown_indicators'))}: {esc(listed)}"]
    if c.decision:
        d = c.decision
        line = L(
            "decision_line",
            meeting=d.meeting,
            date=d.meeting_date,
            track=d.track_label,
            reason=d.reason,
            approved_by=d.approved_by,
        )
        dates = f"{L('review_by')}: {d.review_by or '—'}{L('list_sep')}{L('expires')}: {d.expires or '—'}"
        flags = "".join(f" ({x})" for x in (d.status_label, *d.flags))
        out += [f"- {esc(L('h_decision'))}: {esc(line + ' ' + dates + flags)}"]
    for s in c.sources:
        title = f"[{esc(s.title)}]({url(s.url)})" if s.url else esc(s.title)
        out += [f"- {esc(L('h_sources'))}: {title}"]
    return [*out, ""]
