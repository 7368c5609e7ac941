"""What-if presentation: sentences in Japanese or English, and a JSON form."""

from __future__ import annotations

from typing import Any, TextIO

from commonize.analysis import words
from commonize.analysis.outcomes import Outcome
from commonize.analysis.whatif import IndicatorChange, WhatIf
from commonize.labels import field_label, text
from commonize.rules.load import RuleSet


def _t(key: str, lang: str, **fields: Any) -> str:
    return text(f"whatif.{key}", lang, **fields)


def outcome_text(o: Outcome, rs: RuleSet, lang: str) -> str:
    track = rs.verdict_label(o.track or "needs_information", lang)
    if o.track is None:
        return f"{track} ({' / '.join(rs.verdict_label(t, lang) for t in o.possible)})"
    if o.stopped_at:
        key = "undetermined" if o.provisional else "stops"  # unknowns could still pass it
        return f"{track} ({_t(key, lang, gate=rs.gate(o.stopped_at).label.get(lang))})"
    parts = []
    if o.form:
        parts.append(rs.meta.forms[o.form].label.get(lang))
    if o.readiness:
        parts.append(getattr(rs.meta.readiness, o.readiness).label.get(lang))
    return f"{track} ({' / '.join(parts)})" if parts else track


def change_text(c: IndicatorChange, rs: RuleSet, lang: str) -> str:
    return f"{_condition(c, lang)} → {outcome_text(c.outcome, rs, lang)}"


def _condition(c: IndicatorChange, lang: str) -> str:
    if isinstance(c.example, bool):
        current = (
            words.value(c.field, None, lang)
            if c.current is None
            else words.statement(c.field, c.current, lang)
        )
        return _t("yes_no", lang, new=words.statement(c.field, c.example, lang), current=current)
    values = (words.value(c.field, v, lang) for v in c.values)
    span = (
        text("words.in_sep", lang).join(values) if c.values else words.span(c.field, c.span, lang)
    )
    is_point = not c.span.numeric or (c.span.low is not None and c.span.low == c.span.high)
    if not is_point and words.value(c.field, c.example, lang) not in span:
        span += _t("example", lang, value=words.value(c.field, c.example, lang))
    label = field_label(c.field, lang)
    if c.current is None:
        return _t("unknown", lang, label=label, span=span)
    current = words.value(c.field, c.current, lang)
    return _t("known", lang, label=label, span=span, current=current)


def write_whatif(w: WhatIf, rs: RuleSet, lang: str, out: TextIO) -> None:
    out.write(f"{_t('now', lang)}: {outcome_text(w.outcome, rs, lang)}\n")
    if w.outcome.track == "standardize":
        out.write(f"  {_t('standardized', lang)}\n")
        return
    out.write(f"\n{_t('track_changes', lang)}:\n")
    if not w.track_changes:
        out.write(f"  {_t('none', lang)}\n")
    out.writelines(f"  - {change_text(c, rs, lang)} [{c.field}]\n" for c in w.track_changes)
    if w.gate_changes:
        out.write(f"\n{_t('gate_changes', lang)}:\n")
        out.writelines(f"  - {change_text(c, rs, lang)} [{c.field}]\n" for c in w.gate_changes)


def _attrs(obj: object, names: tuple[str, ...]) -> dict[str, Any]:
    """The JSON document names its keys after the attributes it reports."""
    return {name: getattr(obj, name) for name in names}


def document(w: WhatIf) -> dict[str, Any]:
    def outcome(o: Outcome) -> dict[str, Any]:
        return _attrs(o, ("track", "stopped_at", "form", "readiness"))

    def change(c: IndicatorChange) -> dict[str, Any]:
        span: dict[str, Any] = {"values": list(c.values) or [c.span.example]}
        if c.span.numeric:
            span = _attrs(c.span, ("low", "low_closed", "high", "high_closed"))
        fields = _attrs(c, ("field", "current", "example", "changes_track"))
        return {**fields, "span": span, "outcome": outcome(c.outcome)}

    return {
        "format": "commonize-whatif",
        "format_version": 1,
        "candidate": w.candidate,
        "outcome": outcome(w.outcome),
        "changes": [change(c) for c in w.changes],
    }
