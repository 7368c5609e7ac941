"""One evaluated candidate → its ``CandidateView`` in the report's language (pure)."""

from __future__ import annotations

import re
from pathlib import Path

from commonize.explain import Line, explain
from commonize.fields import INDICATOR_SECTIONS
from commonize.labels import Labels, field_label
from commonize.models import Candidate
from commonize.report.model import (
    CandidateView,
    DecisionView,
    FiredView,
    GateView,
    LineView,
    SourceView,
    UnknownView,
)
from commonize.results import GateResult, Result
from commonize.rules.load import RuleSet

MARK = {"pass": "✓", "fail": "✗", "unknown": "?"}
# A dotted indicator path inside a sentence (older explanation texts carry them raw).
_FIELD_PATH = re.compile(rf"\b(?:{'|'.join(INDICATOR_SECTIONS)})(?:\.[a-z_]+)+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def anchor(candidate_id: str) -> str:
    return f"c-{candidate_id}"


def candidate_view(r: Result, c: Candidate | None, rs: RuleSet, L: Labels) -> CandidateView:
    """``c`` is the loaded candidate file (for sources and description); None if unavailable."""
    ident = r.identity
    assert ident is not None
    lang = L.lang
    # A result without a track (needs information) is explained only by an explain() that
    # knows that status (it carries possible_tracks); older ones assert a track.
    ex = explain(r, rs) if r.track is not None or hasattr(r, "possible_tracks") else None
    form = rs.meta.forms[r.form] if r.form else None
    sens = r.sensitivity
    # One language today; {ja, en} like names once the schema allows it.
    text = c.description if c else ""
    description = text.get(lang) if hasattr(text, "get") else str(text or "")
    return CandidateView(
        id=ident.id,
        anchor=anchor(ident.id),
        name=ident.name.get(lang),
        path=shown_path(r.path),
        sha256=r.sha256,
        ministry=ident.ministry or L("no_ministry"),
        kind=L(f"kind_{ident.kind}"),
        figures=L(f"figures_{c.figures}") if c else "",
        as_of=c.as_of.isoformat() if c and c.as_of else None,
        description=description,
        description_fallback=lang == "ja" and bool(description) and not _CJK.search(description),
        track=r.track,
        track_label=track_label(r.track, rs, L),
        possible_tracks=L("list_sep").join(
            track_label(t, rs, L) for t in getattr(r, "possible_tracks", ())
        ),
        form=r.form,
        form_label=form.label.get(lang) if form else "",
        readiness_label=_readiness(r, rs, lang),
        who_pays=rs.meta.clauses[form.clause].get(lang) if form else "",
        notes=_notes(r, rs, L),
        provisional=r.provisional or r.track is None,
        borderline=sens.borderline if sens else None,
        borderline_note=(
            L(
                "borderline_help",
                pct=f"{sens.pct:g}",
                moves=L("list_sep").join(move_words(m, rs, L) for m in sens.moves),
            )
            if sens and sens.borderline
            else ""
        ),
        one_line=one_line(r, rs, L),
        changed="",
        gates=tuple(gate_view(g, rs, L) for g in r.gates),
        verdict=tuple(_line(x, rs, lang) for x in ex.verdict) if ex else (),
        why_not=tuple(
            (track_label(t, rs, L), tuple(_line(x, rs, lang) for x in lines))
            for t, lines in (ex.why_not.items() if ex else ())
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
        unknowns=tuple(
            UnknownView(u.field, field_label(u.field, lang), u.rules, u.could_change_outcome)
            for u in r.unknowns
        ),
        conditions=tuple(f.condition.get(lang) for f in r.conditions if f.condition),
        sources=_sources(c, lang),
        decision=decision_view(r, rs, L),
    )


def shown_path(path: str) -> str:
    """The path relative to the working directory when it lies under it: a report handed
    round a council should not carry someone's home directory."""
    p = Path(path)
    if p.is_absolute():
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return path
    return path


def track_label(track: str | None, rs: RuleSet, L: Labels) -> str:
    """A track's label; no track (needs information) reads as that status."""
    try:
        return rs.verdict_label(track or "needs_information", L.lang)
    except AttributeError:  # a track another rule set named (a previous run): show its id
        return str(track)


def words(text: str, lang: str) -> str:
    """A sentence with every dotted indicator path replaced by the indicator's label."""
    return _FIELD_PATH.sub(lambda m: field_label(m.group(0), lang), text)


def move_words(move: str, rs: RuleSet, L: Labels) -> str:
    """A sensitivity move ("gates.effect.threshold +10%") in the report's words."""
    target, _, change = move.rpartition(" ")
    parts = target.split(".")
    if len(parts) == 3 and parts[0] == "gates" and parts[2] == "threshold":
        gate = next((g for g in rs.gates if g.id == parts[1]), None)
        if gate is not None:
            return L("move_threshold", gate=gate.label.get(L.lang), change=change)
    if len(parts) >= 3 and parts[0] == "rules" and parts[-1] == "points":
        rule = rs.rules.get(".".join(parts[1:-1]))
        if rule is not None:
            return L("move_points", reason=rule.reason.get(L.lang), change=change)
    return move


def gate_view(g: GateResult, rs: RuleSet, L: Labels) -> GateView:
    value = f"{g.minimum}~{g.maximum}" if g.status == "unknown" else f"{g.score}"
    # A gate that was not examined shows no score: a number there reads as passed.
    cell = f"{MARK[g.status]} {value}/{g.threshold}" if g.examined else L("not_examined_short")
    return GateView.of(g, label=rs.gate(g.id).label.get(L.lang), cell=cell)


def one_line(r: Result, rs: RuleSet, L: Labels) -> str:
    """The reason a newcomer reads first, on the report's front page."""
    lang = L.lang
    ident = r.identity
    assert ident is not None
    if r.track is None:
        tracks = L("list_sep").join(
            track_label(t, rs, L) for t in getattr(r, "possible_tracks", ())
        )
        return L("oneline_needs_information", tracks=tracks or L("none"))
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
    if r.provisional or r.track is None:
        parts.append(L("provisional"))
    if r.decision is not None:
        parts.append(L("note_decision", track=_decided_track(r, rs, L)))
        parts.extend(L(key) for key, on in _flags(r) if on)
    return L("list_sep").join(parts)


def _line(line: Line, rs: RuleSet, lang: str) -> LineView:
    clause = rs.meta.clauses.get(line.clause) if line.clause else None
    return LineView(words(line.text[lang], lang), line.clause, clause.get(lang) if clause else None)


def _sources(c: Candidate | None, lang: str) -> tuple[SourceView, ...]:
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
            note_fallback=lang == "ja" and bool(s.note) and not _CJK.search(s.note or ""),
        )
        for s in c.sources
    )


def decision_view(r: Result, rs: RuleSet, L: Labels) -> DecisionView | None:
    d = r.decision
    if d is None:
        return None
    status = "decision_expired" if d.expired else "decision_review" if d.past_review else None
    return DecisionView(
        meeting=d.meeting_name,
        meeting_date=d.meeting_date,
        track=d.track,
        track_label=_decided_track(r, rs, L),
        agrees=not d.disagrees,
        reason=d.reason,
        approved_by=d.approved_by,
        review_by=d.review_by,
        expires=d.expires,
        expired=d.expired,
        past_review=d.past_review,
        status_label=L(status or "decision_in_force"),
        flags=tuple(L(key) for key, on in _flags(r) if on),
    )


def _flags(r: Result) -> list[tuple[str, bool]]:
    d = r.decision
    if d is None:
        return []
    return [
        ("decision_disagrees", d.disagrees),
        ("decision_expired", d.expired),
        ("decision_review", d.past_review),
    ]


def _decided_track(r: Result, rs: RuleSet, L: Labels) -> str:
    track = r.decision.track if r.decision else ""
    if track == "deferred":
        return L("decision_deferred")
    return track_label(track, rs, L)
