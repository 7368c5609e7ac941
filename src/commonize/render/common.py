"""Small pieces shared by the human-readable formats."""

from __future__ import annotations

from commonize.messages import t
from commonize.results import GateResult, Result
from commonize.rules.load import RuleSet

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def track_label(result: Result, rs: RuleSet, lang: str) -> str:
    if result.track is None:
        return t("invalid", lang)
    return getattr(rs.meta.tracks, result.track).label.get(lang)


def form_label(result: Result, rs: RuleSet, lang: str) -> str:
    if result.form is None:
        return ""
    label = rs.meta.forms[result.form].label.get(lang)
    if result.readiness:
        label += " / " + rs.meta.readiness.__getattribute__(result.readiness).label.get(lang)
    return label


def gate_cell(g: GateResult) -> str:
    score = (
        f"{g.score}/{g.threshold}"
        if g.status != "unknown"
        else f"{g.minimum}~{g.maximum}/{g.threshold}"
    )
    if not g.examined:
        return f"({score})"
    return f"{MARK[g.status]} {score}"


def notes(result: Result, rs: RuleSet, lang: str) -> str:
    parts = []
    if result.stopped_at:
        parts.append(t("note_stopped", lang, gate=rs.gate(result.stopped_at).label.get(lang)))
    if result.provisional:
        n = sum(1 for u in result.unknowns if u.could_change_outcome)
        parts.append(t("note_provisional", lang, n=n))
    return "; ".join(parts)


def summary_line(results: tuple[Result, ...], rs: RuleSet, lang: str) -> str:
    counts = []
    for name, track in rs.meta.tracks:
        n = sum(1 for r in results if r.track == name)
        counts.append(f"{track.label.get(lang)} {n}")
    invalid = sum(1 for r in results if r.status == "invalid")
    return t("summary", lang, n=len(results), counts=", ".join(counts), invalid=invalid)
