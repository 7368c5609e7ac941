"""Counts over all candidates: per track, per form, the gate funnel, per ministry (pure)."""

from __future__ import annotations

from commonize.labels import Labels
from commonize.report.model import (
    NEEDS_INFORMATION,
    CandidateView,
    Count,
    FunnelStep,
    GateInfo,
    MinistryRow,
    Summary,
    TrackGroup,
)
from commonize.rules.load import RuleSet

COMMONIZE = "commonize"
STANDARDIZE = "standardize"


def track_ids(rs: RuleSet) -> tuple[str, ...]:
    return tuple(name for name, _ in rs.meta.tracks)


def glance(cands: tuple[CandidateView, ...], rs: RuleSet, L: Labels) -> tuple[TrackGroup, ...]:
    """Per track, its candidates; then those without a track (needs information), if any."""
    groups = [
        TrackGroup(
            track=name,
            label=track.label.get(L.lang),
            clause=rs.meta.clauses[track.clause].get(L.lang),
            candidates=tuple(c for c in cands if c.track == name),
        )
        for name, track in rs.meta.tracks
    ]
    open_ = tuple(c for c in cands if c.track is None)
    if open_:
        label = rs.verdict_label("needs_information", L.lang)
        groups.append(TrackGroup(NEEDS_INFORMATION, label, L("needs_information_help"), open_))
    return tuple(groups)


def summary(
    cands: tuple[CandidateView, ...], rs: RuleSet, L: Labels, sensitivity: bool = False
) -> Summary:
    lang = L.lang
    tracks = tuple(
        Count(name, track.label.get(lang), sum(1 for c in cands if c.track == name))
        for name, track in rs.meta.tracks
    )
    commonized = [c for c in cands if c.track == COMMONIZE]
    forms = [
        Count(fid, form.label.get(lang), sum(1 for c in commonized if c.form == fid))
        for fid, form in rs.meta.forms.items()
    ]
    open_forms = sum(1 for c in commonized if c.form is None)
    if open_forms:
        forms.append(Count("", L("form_unknown"), open_forms))
    examined = sum(1 for c in cands if c.track != STANDARDIZE)
    return Summary(
        tracks,
        tuple(forms),
        examined,
        funnel(cands, rs, L),
        ministries(cands, rs),
        key_counts(cands, L, sensitivity),
    )


def funnel(cands: tuple[CandidateView, ...], rs: RuleSet, L: Labels) -> tuple[FunnelStep, ...]:
    """Per gate, in the policy's order: of the candidates outside the 20 that reached it, how
    many passed, did not meet it, or are undetermined.

    A gate is examined only when the earlier ones passed, so each gate is reached by at most
    those that passed the one before: the funnel the policy describes.
    """
    examined = [c for c in cands if c.track != STANDARDIZE]
    steps = []
    for gate in rs.gates:
        seen = [g for c in examined for g in c.gates if g.id == gate.id and g.examined]
        steps.append(
            FunnelStep(
                gate=gate.id,
                label=gate.label.get(L.lang),
                reached=len(seen),
                passed=sum(1 for g in seen if g.status == "pass"),
                failed=sum(1 for g in seen if g.status == "fail"),
                open=sum(1 for g in seen if g.status == "unknown"),
            )
        )
    return tuple(steps)


def key_counts(cands: tuple[CandidateView, ...], L: Labels, sensitivity: bool) -> tuple[Count, ...]:
    """The counts analysts ask for first, each with the key of its label; borderline only
    when the sensitivity analysis ran (otherwise 0 would claim that none is)."""
    decided = [c.decision for c in cands if c.decision is not None]
    counts = (
        ("key_provisional", sum(1 for c in cands if c.provisional)),
        ("key_borderline", sum(1 for c in cands if c.borderline)),
        ("key_decided", len(decided)),
        ("key_disagreeing", sum(1 for d in decided if not d.agrees)),
        ("key_expired", sum(1 for d in decided if d.expired)),
        ("key_past_review", sum(1 for d in decided if d.past_review and not d.expired)),
    )
    return tuple(
        Count(key, L(key), n) for key, n in counts if sensitivity or key != "key_borderline"
    )


def ministries(cands: tuple[CandidateView, ...], rs: RuleSet) -> tuple[MinistryRow, ...]:
    """One row per owning ministry, the busiest first, then by name for a stable order."""
    ids = track_ids(rs)
    rows = []
    for ministry in sorted({c.ministry for c in cands}):
        mine = [c for c in cands if c.ministry == ministry]
        counts = tuple(sum(1 for c in mine if c.track == t) for t in ids)
        rows.append(MinistryRow(ministry, counts, len(mine)))
    return tuple(sorted(rows, key=lambda row: -row.total))


def gate_infos(rs: RuleSet, lang: str) -> tuple[GateInfo, ...]:
    return tuple(
        GateInfo(
            id=g.id,
            label=g.label.get(lang),
            threshold=g.threshold,
            max_points=sum(r.points for r in g.rules if r.points > 0),
            clause=rs.meta.clauses[g.clause].get(lang),
        )
        for g in rs.gates
    )


def cited_clauses(
    cands: tuple[CandidateView, ...], rs: RuleSet, lang: str
) -> tuple[tuple[str, str], ...]:
    """Every clause the report cites, in the rule set's order (the appendix)."""
    cited: set[str] = set()
    for c in cands:
        cited.update(f.clause_id for f in c.fired)
        cited.update(x.clause_id for x in c.verdict if x.clause_id)
        cited.update(x.clause_id for _, lines in c.why_not for x in lines if x.clause_id)
    return tuple((cid, text.get(lang)) for cid, text in rs.meta.clauses.items() if cid in cited)
