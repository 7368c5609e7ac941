"""``--format markdown``: a compact report for a repository or a pull request.

Candidate text is escaped so that it renders as written: it can neither break a table
(``|``), open HTML (``<``), nor turn into emphasis, code or a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from commonize.report.labels import Labels
from commonize.report.model import CandidateView, Changes, Report

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>|#!~&])")


def esc(text: object) -> str:
    """Markdown-inert text: special characters backslash-escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def url(link: str) -> str:
    """A link destination that cannot end the link early."""
    return quote(link, safe=":/?#@!$&'*+,;=%~.-_[]")


def table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(esc(h) for h in head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render(report: Report) -> str:
    L = Labels(report.lang)
    out = cover(report, L) + glance(report, L) + summary(report, L)
    if report.changes is not None:
        out += changes(report.changes, L)
    out += all_candidates(report, L)
    out += [f"## {esc(L('h_candidates'))}", ""]
    for group in report.glance:
        for c in group.candidates:
            out += candidate(c, L)
    if report.invalid:
        out += [f"## {esc(L('h_invalid'))}", ""]
        out += [f"- `{f.path}`: {esc('; '.join(f.problems))}" for f in report.invalid] + [""]
    out += [f"## {esc(L('h_appendix'))}", ""]
    out += table([L("clause_id"), L("clause")], report.clauses)
    return "\n".join(out).rstrip("\n") + "\n"


def cover(r: Report, L: Labels) -> list[str]:
    source = L("date_from_option") if r.date_given else L("date_from_data")
    return [
        f"# {esc(L('title'))}",
        "",
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
    out = [f"## {esc(L('h_glance'))}", ""]
    for g in r.glance:
        out += [f"### {esc(L('by_track', track=g.label, n=len(g.candidates)))}", ""]
        if g.track == "standardize":
            names = L("list_sep").join(c.name for c in g.candidates)
            out += [esc(f"{L('glance_standardize')} {names}"), ""]
        else:
            out += [f"- **{esc(c.name)}**: {esc(c.one_line)}" for c in g.candidates]
            out += [""] if g.candidates else [esc(L("none")), ""]
    return out


def summary(r: Report, L: Labels) -> list[str]:
    s = r.summary
    out = [f"## {esc(L('h_summary'))}", ""]
    out += table([L("track"), L("count")], [(t.label, t.count) for t in s.tracks])
    out += table([L("form"), L("count")], [(f.label, f.count) for f in s.forms])
    out += table([L("step"), L("count")], [(x.label, x.count) for x in s.funnel])
    out += table(
        [L("ministry"), *r.track_labels, L("total")],
        [(m.ministry, *m.counts, m.total) for m in s.ministries],
    )
    return out


def changes(ch: Changes, L: Labels) -> list[str]:
    state = L("ruleset_changed") if ch.rules_changed else L("ruleset_same")
    out = [f"## {esc(L('h_changes'))}", ""]
    out += [f"- {esc(L('previous_ruleset'))}: {esc(ch.previous_ruleset)} `{ch.previous_sha256}`"]
    out += [f"- {esc(state)}", ""]
    if ch.empty:
        out += [esc(L("no_changes")), ""]
    if ch.track_changes:
        out += [f"### {esc(L('h_track_changes'))}", ""]
        out += table(
            [L("id"), L("name"), L("before"), L("after"), L("cause"), L("score_changes")],
            [(x.id, x.name, x.before, x.after, x.cause_label, x.scores) for x in ch.track_changes],
        )
    for key, items in (("h_new", ch.new), ("h_removed", ch.removed)):
        if items:
            out += [f"### {esc(L(key))}", ""]
            out += [f"- `{x.id}` {esc(x.name)}: {esc(x.track_label)}" for x in items] + [""]
    return out


def all_candidates(r: Report, L: Labels) -> list[str]:
    head = [L("id"), L("name"), L("recommendation"), *(g.label for g in r.gates)]
    head += [L("form"), L("who_pays"), L("borderline"), L("unknown_indicators"), L("notes")]
    rows = [
        (
            c.id,
            c.name,
            c.track_label,
            *(g.cell for g in c.gates),
            " / ".join(x for x in (c.form_label, c.readiness_label) if x),
            c.who_pays,
            L("borderline_mark") if c.borderline else "",
            ", ".join(c.changing_unknowns),
            c.notes,
        )
        for c in r.candidates
    ]
    return [f"## {esc(L('h_table'))}", "", esc(L("legend")), "", *table(head, rows)]


def candidate(c: CandidateView, L: Labels) -> list[str]:
    out = [f"### {esc(c.name)} (`{c.id}`)", ""]
    out += [f"**{esc(c.track_label)}**: {esc(c.one_line)}", ""]
    out += [f"- {esc(x.text)}" + (f" `[{x.clause_id}]`" if x.clause_id else "") for x in c.verdict]
    for track, lines in c.why_not:
        out += [f"- {esc(L('h_why_not'))} ({esc(track)}):"]
        out += [f"  - {esc(x.text)}" for x in lines]
    if c.counted:
        rules = ", ".join(f"{f.rule} {f.points:+g} ({f.clause_id})" for f in c.counted)
        out += [f"- {esc(L('h_fired'))}: {esc(rules)}"]
    if c.changing_unknowns:
        out += [f"- {esc(L('unknown_indicators'))}: {esc(', '.join(c.changing_unknowns))}"]
    if c.decision:
        flags = "".join(f" ({x})" for x in c.decision_flags)
        out += [f"- {esc(L('h_decision'))}: {esc(c.decision + flags)}"]
    for s in c.sources:
        title = f"[{esc(s.title)}]({url(s.url)})" if s.url else esc(s.title)
        out += [f"- {esc(L('h_sources'))}: {title}"]
    return [*out, ""]
