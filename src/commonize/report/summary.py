"""Counts over all candidates: per track, per form, the gate funnel, per ministry (pure)."""

from __future__ import annotations

from commonize.report.labels import Labels
from commonize.report.model import (
    CandidateView,
    Count,
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
    return tuple(
        TrackGroup(
            track=name,
            label=track.label.get(L.lang),
            clause=rs.meta.clauses[track.clause].get(L.lang),
            candidates=tuple(c for c in cands if c.track == name),
        )
        for name, track in rs.meta.tracks
    )


def summary(cands: tuple[CandidateView, ...], rs: RuleSet, L: Labels) -> Summary:
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
    return Summary(tracks, tuple(forms), funnel(cands, rs, L), ministries(cands, rs))


def funnel(cands: tuple[CandidateView, ...], rs: RuleSet, L: Labels) -> tuple[Count, ...]:
    """How many candidates outside the 20 reach and pass each gate, in the policy's order.

    A gate is examined only when the earlier ones passed, so each count is at most the one
    before it: the funnel the policy describes.
    """
    examined = [c for c in cands if c.track != STANDARDIZE]
    steps = [Count("", L("funnel_start"), len(examined))]
    for gate in rs.gates:
        passed = sum(
            1
            for c in examined
            if any(g.id == gate.id and g.examined and g.status == "pass" for g in c.gates)
        )
        steps.append(Count(gate.id, L("funnel_passed", gate=gate.label.get(L.lang)), passed))
    return tuple(steps)


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
