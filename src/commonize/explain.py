"""Why a result has its track, and why not the other two (pure; both languages at once)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from commonize.labels import LANGS, count, field_label, text
from commonize.results import TRACKS, GateResult, Result
from commonize.rules.load import RuleSet
from commonize.rules.model import Bilingual


@dataclass(frozen=True)
class Line:
    text: dict[str, str]
    clause: str | None = None


@dataclass(frozen=True)
class Explanation:
    verdict: tuple[Line, ...]
    why_not: dict[str, tuple[Line, ...]]


def _line(key: str, clause: str | None = None, **fields: object) -> Line:
    return _worded(key, clause, tuple(sorted(fields.items())))


@lru_cache(maxsize=4096)
def _worded(key: str, clause: str | None, fields: tuple[tuple[str, object], ...]) -> Line:
    # The same few sentences with the same few numbers recur across a batch: worded once.
    # A Line is frozen and never changed after it is made, so results can share one.
    words = {}
    for lang in LANGS:
        values = {k: v.get(lang) if isinstance(v, Bilingual) else v for k, v in fields}
        words[lang] = text(f"messages.{key}", lang, **values)
    return Line(words, clause)


def explain(result: Result, ruleset: RuleSet) -> Explanation:
    verdict: list[Line] = []
    why_not: dict[str, list[Line]] = {t: [] for t in TRACKS if t != result.track}
    cites = ruleset.meta.explanation_clauses
    ident = result.identity
    assert ident is not None and result.gates
    if result.track is None:
        return _needs_information(result, ruleset, why_not)
    track_clause = getattr(ruleset.meta.tracks, result.track).clause
    if result.track == "standardize":
        business = ruleset.businesses[ident.standardized_business or ""]
        verdict.append(
            _line(
                "is_standardized", track_clause, business=Bilingual(ja=business.ja, en=business.en)
            )
        )
        why_not["commonize"].append(_line("standardize_first", cites.standardize_first))
        why_not["joint_procurement"].append(_line("standardize_first", cites.standardize_first))
        return _freeze(verdict, why_not)
    why_not["standardize"].append(_line("not_standardized", cites.not_standardized))
    gate_lines = [line for g in result.gates for line in _gate_lines(g, ruleset)]
    if result.track == "commonize":
        verdict.extend(gate_lines)
        verdict.extend(_form_lines(result, ruleset))
        verdict.append(_line("voluntary", cites.voluntary))
        why_not["joint_procurement"].append(_line("meets_all", track_clause))
    else:
        stop = ruleset.gate(result.stopped_at or "")
        verdict.append(_line("stopped_jp", track_clause, gate=stop.label))
        verdict.extend(_blocked(result, ruleset))
        if result.readiness:
            outcome = getattr(ruleset.meta.readiness, result.readiness).label
            verdict.append(_line("feasibility_outcome", cites.feasibility_outcome, outcome=outcome))
        verdict.append(_line("voluntary", cites.voluntary))
        why_not["commonize"].extend(gate_lines)
    return _freeze(verdict, why_not)


def _blocked(result: Result, ruleset: RuleSet) -> list[Line]:
    fired = [f for g in result.gates for f in g.fired]
    lines = [_line("blocked", f.clause, reason=f.reason) for f in fired if not f.waivable]
    lines += [
        _line("already_shared", f.clause, reason=f.reason)
        for f in fired
        if ruleset.rules[f.id].recommends
    ]
    return lines


def _needs_information(
    result: Result, ruleset: RuleSet, why_not: dict[str, list[Line]]
) -> Explanation:
    cites = ruleset.meta.explanation_clauses
    tracks = {
        lang: " / ".join(ruleset.verdict_label(t, lang) for t in result.possible_tracks)
        for lang in LANGS
    }
    verdict = [
        Line({lang: text("messages.needs_info", lang, tracks=tracks[lang]) for lang in LANGS})
    ]
    # The open gates in full (what is unknown there, what is not met); the others by their
    # headline, so the explanation stays short enough to read (and to print on a page).
    for g in result.gates:
        # What is unknown decides an open gate; what is not met is in the rule list below.
        lines = _gate_lines(g, ruleset, not_met=False)
        verdict.extend(lines if g.examined and g.status == "unknown" else lines[:1])
    ranked = [u.field for u in result.unknowns if u.could_change_outcome]
    if ranked:
        fields = {lang: ", ".join(field_label(f, lang) for f in ranked) for lang in LANGS}
        verdict.append(
            Line(
                {lang: text("messages.find_out_first", lang, fields=fields[lang]) for lang in LANGS}
            )
        )
    verdict.append(_line("voluntary", cites.voluntary))
    for track in why_not:
        if track == "standardize":
            why_not[track].append(_line("not_standardized", cites.not_standardized))
        elif track in result.possible_tracks:
            why_not[track].append(_line("still_possible"))
        elif track == "commonize":
            why_not[track].extend(_blocked(result, ruleset))
    return _freeze(verdict, why_not)


def _gate_lines(g: GateResult, ruleset: RuleSet, not_met: bool = True) -> list[Line]:
    gate = ruleset.gate(g.id)
    fields = {
        "gate": gate.label,
        "score": g.score,
        "score_points": count(g.score, "point"),
        "threshold": g.threshold,
        "minimum": g.minimum,
        "maximum": g.maximum,
    }
    if not g.examined:
        return [_line("not_examined", ruleset.meta.explanation_clauses.not_examined, **fields)]
    key = {"pass": "gate_passed", "fail": "gate_failed", "unknown": "gate_unknown"}[g.status]
    lines = [_line(key, gate.clause, **fields)]
    if g.status != "pass":
        for rule_id in g.not_fired if not_met else ():
            r = ruleset.rules[rule_id]
            if r.points > 0:
                lines.append(_line("not_met", r.clause, reason=r.reason))
        for rule_id in g.unknown:
            r = ruleset.rules[rule_id]
            names = Bilingual(
                ja="、".join(field_label(f, "ja") for f in r.fields),
                en=", ".join(field_label(f, "en") for f in r.fields),
            )
            lines.append(_line("unknown_rule", r.clause, reason=r.reason, fields=names))
    return lines


def _form_lines(result: Result, ruleset: RuleSet) -> list[Line]:
    if result.form is None:
        return [_line("form_unknown")]
    form = ruleset.meta.forms[result.form]
    payer = ruleset.meta.clauses[form.clause]
    lines = [_line("form", form.clause, form=form.label, payer=payer)]
    if result.readiness == "go":
        lines.append(_line("readiness_go"))
    lines.extend(_line("condition", f.clause, condition=f.condition) for f in result.conditions)
    return lines


def _freeze(verdict: list[Line], why_not: dict[str, list[Line]]) -> Explanation:
    return Explanation(tuple(verdict), {k: tuple(v) for k, v in why_not.items()})
