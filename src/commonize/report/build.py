"""Evaluate the candidates and assemble the ``Report`` every format lays out.

Parse, then build, then run: the rule set is compiled once, the candidate files are loaded
(for what results do not carry: sources, description, ``as_of``), the date of the data is
settled *before* evaluating so that council decisions are judged on that date and not on
the clock, and the loaded candidates are evaluated (each file is read once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from commonize import __version__
from commonize.analysis.sensitivity import annotate_sensitivity
from commonize.api import Batch, evaluate_loaded, load_candidates, load_rules
from commonize.errors import UsageError
from commonize.labels import Labels
from commonize.models import Candidate
from commonize.report.candidates import candidate_view
from commonize.report.changes import Snapshot, compare
from commonize.report.model import CandidateView, Changes, InvalidFile, MaterialInfo, Report
from commonize.report.summary import cited_clauses, gate_infos, glance, summary, track_ids


@dataclass(frozen=True)
class Inputs:
    batch: Batch
    candidates: Mapping[str, Candidate]  # by path, as in Result.path
    date: dt.date
    date_given: bool
    sensitivity: bool = False


def collect(
    paths: Sequence[Path],
    rules_dir: Path | None,
    date: dt.date | None,
    sensitivity: float | None = None,
) -> Inputs:
    """Load and evaluate. Raises ``RuleSetError`` (exit 3) or ``UsageError`` (exit 2).

    ``sensitivity`` (percent): also mark borderline candidates, as ``evaluate --sensitivity``.
    """
    compiled = load_rules(rules_dir)
    loaded = load_candidates(paths, compiled.ruleset)
    candidates = {item.path: item.candidate for item in loaded if item.candidate is not None}
    day = date or data_date(candidates.values())
    batch = evaluate_loaded(loaded, compiled, today=day)
    if sensitivity is not None:
        batch = annotate_sensitivity(batch, compiled, sensitivity, candidates=candidates)
    return Inputs(batch, candidates, day, date is not None, sensitivity is not None)


def data_date(candidates: Iterable[Candidate]) -> dt.date:
    """The latest ``as_of`` of the candidates: the report describes the data, not the clock."""
    dates = [c.as_of for c in candidates if c.as_of is not None]
    if not dates:
        raise UsageError(
            "no candidate file has an as_of date; give the date of the data with --date YYYY-MM-DD"
        )
    return max(dates)


def build_report(
    inputs: Inputs,
    lang: str,
    previous: Snapshot | None = None,
    meeting: MaterialInfo | None = None,
) -> Report:
    batch, rs, L = inputs.batch, inputs.batch.ruleset, Labels(lang)
    # Every readable candidate, with or without a track (needs information).
    ok = tuple(r for r in batch.results if r.identity is not None and r.status != "invalid")
    views = tuple(candidate_view(r, inputs.candidates.get(r.path), rs, L) for r in ok)
    changes = compare(previous, batch.results, views, rs, L) if previous else None
    if changes is not None:
        views = mark_changed(views, changes, L)
    return Report(
        lang=lang,
        date=inputs.date,
        date_given=inputs.date_given,
        ruleset_name=rs.meta.name,
        ruleset_version=rs.meta.version,
        ruleset_sha256=rs.sha256,
        tool_version=__version__,
        track_ids=track_ids(rs),
        track_labels=tuple(t.label.get(lang) for _, t in rs.meta.tracks),
        gates=gate_infos(rs, lang),
        candidates=views,
        invalid=tuple(
            InvalidFile(r.path, tuple(str(p) for p in r.problems))
            for r in batch.results
            if r.status == "invalid"
        ),
        glance=glance(views, rs, L),
        summary=summary(views, rs, L, inputs.sensitivity),
        changes=changes,
        clauses=cited_clauses(views, rs, lang),
        meeting=meeting or MaterialInfo(),
        sensitivity=inputs.sensitivity,
    )


def mark_changed(
    views: tuple[CandidateView, ...], changes: Changes, L: Labels
) -> tuple[CandidateView, ...]:
    """Mark new candidates and track changes, so the table shows what moved."""
    marks = {x.id: L("changed_new") for x in changes.new}
    marks.update({x.id: L("changed_track", before=x.before) for x in changes.track_changes})
    return tuple(replace(v, changed=marks[v.id]) if v.id in marks else v for v in views)
