"""Small pieces shared by the human-readable formats."""

from __future__ import annotations

from typing import TYPE_CHECKING

from commonize.findings import decided_label
from commonize.labels import count, field_label, text

if TYPE_CHECKING:
    from commonize.api import Batch
    from commonize.results import GateResult, Result
    from commonize.rules.load import GateDef, RuleSet

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def borderline(result: Result, lang: str) -> str:
    """The borderline marker every format shows when ``--sensitivity`` found one."""
    s = result.sensitivity
    if s is None or not s.borderline:
        return ""
    return text("messages.borderline", lang, pct=f"{s.pct:g}")


def track_label(result: Result, rs: RuleSet, lang: str) -> str:
    verdict = result.verdict
    if verdict is None:
        return text("messages.invalid", lang)
    return rs.verdict_label(verdict, lang)


def form_label(result: Result, rs: RuleSet, lang: str) -> str:
    """The form and the feasibility outcome: "Common SaaS / Go", "Another method"."""
    parts = [rs.meta.forms[result.form].label.get(lang)] if result.form else []
    if result.readiness:
        parts.append(rs.readiness_label(result.readiness, lang))
    return " / ".join(parts)


def possible_tracks(result: Result, rs: RuleSet, lang: str) -> str:
    return " / ".join(rs.verdict_label(x, lang) for x in result.possible_tracks)


def find_out_first(result: Result, lang: str, limit: int = 3) -> str:
    """The unknown indicators that can still change the route, most points first."""
    ranked = [u for u in result.unknowns if u.could_change_outcome][:limit]
    return ", ".join(field_label(u.field, lang) for u in ranked)


def gate_cell(g: GateResult) -> str:
    score = (
        f"{g.score}/{g.threshold}"
        if g.status != "unknown"
        else f"{g.minimum}~{g.maximum}/{g.threshold}"
    )
    if not g.examined:
        return f"({score})"
    return f"{MARK[g.status]} {score}"


def short_gate_cell(g: GateResult, *, with_threshold: bool) -> str:
    """A gate in the table: the mark and the score, the threshold being in the header."""
    if not with_threshold:
        score = f"{g.score}" if g.status != "unknown" else f"{g.minimum}~{g.maximum}"
        return f"({score})" if not g.examined else f"{MARK[g.status]} {score}"
    return gate_cell(g)


def short_gate_header(gate: GateDef, threshold: int | float | None) -> str:
    """``① ≥4``: the gate's symbol (its label's first word) and the score that meets it."""
    for lang in ("en", "ja"):
        # "① User needs" / "①利用者ニーズ": a leading symbol is the whole header.
        label = gate.label.get(lang)
        if label and not label[0].isascii() and not label[0].isalpha():
            symbol = label[0]
            break
    else:
        symbol = gate.id
    return symbol if threshold is None else f"{symbol} ≥{threshold}"


def legend(rs: RuleSet, lang: str) -> str:
    """What the table's marks mean, under it (the rest of each verdict is behind --explain)."""
    gates = "  ".join(g.label.get(lang) for g in rs.gates)
    return text("messages.legend", lang, gates=gates)


def decision_note(result: Result, rs: RuleSet, lang: str) -> str:
    """The council's decision in a few words, ``≠`` when it differs from the recommendation."""
    d = result.decision
    # A standardized business's decision is its law: saying so on every line says nothing.
    if d is None or (d.track == "standardize" and not d.disagrees):
        return ""
    mark = " ≠" if d.disagrees else ""
    return text("messages.note_decided", lang, decided=decided_label(d.track, rs, lang)) + mark


def notes(result: Result, rs: RuleSet, lang: str) -> str:
    parts = []
    if result.stopped_at:
        key = "messages.note_open_at" if result.needs_information else "messages.note_stopped"
        parts.append(text(key, lang, gate=rs.gate(result.stopped_at).label.get(lang)))
    if result.track == "joint_procurement":
        blocking = [f.id for g in result.gates for f in g.fired if not f.waivable]
        shared = [f.id for g in result.gates for f in g.fired if rs.rules[f.id].recommends]
        if blocking:
            parts.append(text("messages.note_ruled_out", lang, rules=", ".join(blocking)))
        if shared:
            parts.append(text("messages.note_already_shared", lang, rules=", ".join(shared)))
    if result.needs_information:
        parts.append(text("messages.note_possible", lang, tracks=possible_tracks(result, rs, lang)))
        parts.append(text("messages.note_find_out", lang, fields=find_out_first(result, lang)))
    if marker := borderline(result, lang):
        parts.append(marker)
    if decided := decision_note(result, rs, lang):
        parts.append(decided)
    return "; ".join(parts)


def decision_lines(result: Result, rs: RuleSet, lang: str) -> list[str]:
    """The council's decision next to the recommendation, with what is wrong with it."""
    d = result.decision
    if d is None:
        return []
    head = text(
        "messages.decision_line",
        lang,
        decided=decided_label(d.track, rs, lang),
        date=d.meeting_date,
        meeting=d.meeting_name,
        approved_by=d.approved_by,
        reason=d.reason,
    )
    flags = [text("messages.decision_differs", lang)] if d.disagrees else []
    if d.expired:
        flags.append(text("messages.decision_expired", lang, date=d.expires))
    if d.past_review:
        flags.append(text("messages.decision_review", lang, date=d.review_by))
    return [
        f"{text('messages.h_decision', lang)}: {head}" + (f" [{'; '.join(flags)}]" if flags else "")
    ]


def summary_line(results: tuple[Result, ...], rs: RuleSet, lang: str) -> str:
    counts = []
    for name, track in rs.meta.tracks:
        n = sum(1 for r in results if r.track == name)
        counts.append(f"{track.label.get(lang)} {n}")
    open_ = sum(1 for r in results if r.needs_information)
    counts.append(f"{rs.verdict_label('needs_information', lang)} {open_}")
    invalid = sum(1 for r in results if r.status == "invalid")
    n = len(results)
    return text(
        "messages.summary", lang, n=n, n_candidates=count(n, "candidate"), counts=", ".join(counts),
        invalid=invalid,
    )  # fmt: skip


def batch_summary(batch: Batch, lang: str, validate_only: bool) -> str:
    """The last line of a run: tracks counted, or files validated."""
    if validate_only:
        return validated_line(len(batch.results), len(batch.invalid), lang)
    return summary_line(batch.results, batch.ruleset, lang)


def validated_line(files: int, invalid: int, lang: str) -> str:
    """The last line of `commonize validate`, from counts, so a stream need not keep results."""
    return text(
        "messages.validated",
        lang,
        n=files,
        n_files=count(files, "file"),
        ok=files - invalid,
        invalid=invalid,
    )
