"""One evaluated candidate → its ``CandidateView`` in the report's language (pure)."""

from __future__ import annotations

from commonize.explain import Line, explain
from commonize.models import Candidate
from commonize.report.labels import Labels
from commonize.report.model import (
    CandidateView,
    FiredView,
    GateView,
    LineView,
    SourceView,
    UnknownView,
)
from commonize.results import GateResult, Result
from commonize.rules.load import RuleSet

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}


def anchor(candidate_id: str) -> str:
    return f"c-{candidate_id}"


def candidate_view(r: Result, c: Candidate | None, rs: RuleSet, L: Labels) -> CandidateView:
    """``c`` is the loaded candidate file (for sources and description); None if unavailable."""
    ident = r.identity
    assert ident is not None and r.track is not None
    lang = L.lang
    ex = explain(r, rs)
    form = rs.meta.forms[r.form] if r.form else None
    sens = r.sensitivity
    return CandidateView(
        id=ident.id,
        anchor=anchor(ident.id),
        name=ident.name.get(lang),
        path=r.path,
        sha256=r.sha256,
        ministry=ident.ministry,
        kind=L(f"kind_{ident.kind}"),
        figures=L(f"figures_{c.figures}") if c else "",
        as_of=c.as_of.isoformat() if c and c.as_of else None,
        description=c.description if c else "",
        track=r.track,
        track_label=getattr(rs.meta.tracks, r.track).label.get(lang),
        form=r.form,
        form_label=form.label.get(lang) if form else "",
        readiness_label=_readiness(r, rs, lang),
        who_pays=rs.meta.clauses[form.clause].get(lang) if form else "",
        notes=_notes(r, rs, L),
        provisional=r.provisional,
        borderline=sens.borderline if sens else None,
        borderline_note=(
            "; ".join((L("borderline_help", pct=f"{sens.pct:g}"), *sens.moves))
            if sens and sens.borderline
            else ""
        ),
        one_line=one_line(r, rs, L),
        gates=tuple(gate_view(g, rs, lang) for g in r.gates),
        verdict=tuple(_line(x, rs, lang) for x in ex.verdict),
        why_not=tuple(
            (getattr(rs.meta.tracks, t).label.get(lang), tuple(_line(x, rs, lang) for x in lines))
            for t, lines in ex.why_not.items()
        ),
        fired=tuple(
            FiredView(
                gate=g.id,
                gate_label=rs.gate(g.id).label.get(lang),
                examined=g.examined,
                rule=f.id,
                points=f.points,
                reason=f.reason.get(lang),
                clause_id=f.clause,
                clause=rs.meta.clauses[f.clause].get(lang),
            )
            for g in r.gates
            for f in g.fired
        ),
        unknowns=tuple(UnknownView(u.field, u.rules, u.could_change_outcome) for u in r.unknowns),
        conditions=tuple(f.condition.get(lang) for f in r.conditions if f.condition),
        sources=_sources(c),
        decision=_decision(r, rs, L),
        decision_flags=_decision_flags(r, L),
    )


def gate_view(g: GateResult, rs: RuleSet, lang: str) -> GateView:
    value = f"{g.minimum}~{g.maximum}" if g.status == "unknown" else f"{g.score}"
    score = f"{value}/{g.threshold}"
    cell = f"{MARK[g.status]} {score}" if g.examined else f"({score})"
    return GateView(
        id=g.id,
        label=rs.gate(g.id).label.get(lang),
        status=g.status,
        examined=g.examined,
        score=g.score,
        threshold=g.threshold,
        minimum=g.minimum,
        maximum=g.maximum,
        cell=cell,
    )


def one_line(r: Result, rs: RuleSet, L: Labels) -> str:
    """The reason a newcomer reads first, on the report's front page."""
    lang = L.lang
    ident = r.identity
    assert ident is not None
    if r.track == "standardize":
        business = rs.businesses[ident.standardized_business or ""]
        return L("oneline_standardize", business=business.ja if lang == "ja" else business.en)
    if r.track == "commonize":
        if r.form is None:
            text = L("oneline_form_unknown")
        else:
            text = L(
                "oneline_commonize",
                form=rs.meta.forms[r.form].label.get(lang),
                readiness=_readiness(r, rs, lang),
            )
        conditions = [f.condition.get(lang) for f in r.conditions if f.condition]
        if conditions:
            listed = L("list_sep").join(conditions)
            text += L("sentence_sep") + L("oneline_conditions", conditions=listed)
        return text
    g = next(g for g in r.gates if g.id == r.stopped_at)
    key = "oneline_unknown" if g.status == "unknown" else "oneline_failed"
    return L(
        key,
        gate=rs.gate(g.id).label.get(lang),
        score=g.score,
        threshold=g.threshold,
        minimum=g.minimum,
        maximum=g.maximum,
    )


def _readiness(r: Result, rs: RuleSet, lang: str) -> str:
    if not r.readiness:
        return ""
    return getattr(rs.meta.readiness, r.readiness).label.get(lang)


def _notes(r: Result, rs: RuleSet, L: Labels) -> str:
    parts = []
    if r.stopped_at:
        parts.append(L("stopped_at", gate=rs.gate(r.stopped_at).label.get(L.lang)))
    if r.provisional:
        parts.append(L("provisional"))
    if r.decision is not None:
        parts.append(L("note_decision", track=_decided_track(r, rs, L)))
        if r.decision.disagrees:
            parts.append(L("decision_disagrees"))
    return "; ".join(parts)


def _line(line: Line, rs: RuleSet, lang: str) -> LineView:
    clause = rs.meta.clauses.get(line.clause) if line.clause else None
    return LineView(line.text[lang], line.clause, clause.get(lang) if clause else None)


def _sources(c: Candidate | None) -> tuple[SourceView, ...]:
    if c is None:
        return ()
    return tuple(
        SourceView(
            title=s.title,
            # The schema allows only http(s) URLs; checked again so no other scheme can
            # ever reach an href.
            url=s.url if s.url and s.url.startswith(("https://", "http://")) else None,
            document=s.document,
            accessed=s.accessed.isoformat() if s.accessed else None,
            note=s.note,
        )
        for s in c.sources
    )


def _decision(r: Result, rs: RuleSet, L: Labels) -> str | None:
    d = r.decision
    if d is None:
        return None
    return L(
        "decision_line",
        meeting=d.meeting_name,
        date=d.meeting_date,
        track=_decided_track(r, rs, L),
        reason=d.reason,
        approved_by=d.approved_by,
    )


def _decided_track(r: Result, rs: RuleSet, L: Labels) -> str:
    track = r.decision.track if r.decision else ""
    if track == "deferred":
        return L("decision_deferred")
    return getattr(rs.meta.tracks, track).label.get(L.lang)


def _decision_flags(r: Result, L: Labels) -> tuple[str, ...]:
    d = r.decision
    if d is None:
        return ()
    flags = [("decision_disagrees", d.disagrees), ("decision_expired", d.expired)]
    flags.append(("decision_review", d.past_review))
    return tuple(L(key) for key, on in flags if on)
