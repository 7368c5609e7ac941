"""Why a result has its track, and why not the other two (pure; both languages at once)."""

from __future__ import annotations

from dataclasses import dataclass

from commonize.messages import LANGS, MESSAGES, count
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
    text = {}
    for lang in LANGS:
        values = {k: v.get(lang) if isinstance(v, Bilingual) else v for k, v in fields.items()}
        text[lang] = MESSAGES[key][lang].format(**values)
    return Line(text, clause)


def explain(result: Result, ruleset: RuleSet) -> Explanation:
    verdict: list[Line] = []
    why_not: dict[str, list[Line]] = {t: [] for t in TRACKS if t != result.track}
    ident = result.identity
    assert ident is not None and result.track is not None
    track_clause = getattr(ruleset.meta.tracks, result.track).clause
    if result.track == "standardize":
        business = ruleset.businesses[ident.standardized_business or ""]
        verdict.append(
            _line(
                "is_standardized", track_clause, business=Bilingual(ja=business.ja, en=business.en)
            )
        )
        why_not["commonize"].append(_line("standardize_first", "track-a"))
        why_not["joint_procurement"].append(_line("standardize_first", "track-a"))
        return _freeze(verdict, why_not)
    why_not["standardize"].append(_line("not_standardized", "track-a"))
    gate_lines = [line for g in result.gates for line in _gate_lines(g, ruleset)]
    if result.track == "commonize":
        verdict.extend(gate_lines)
        verdict.extend(_form_lines(result, ruleset))
        verdict.append(_line("voluntary", "voluntary"))
        why_not["joint_procurement"].append(_line("meets_all", track_clause))
    else:
        stop = ruleset.gate(result.stopped_at or "")
        # A gate unknown indicators could still pass is undetermined, not failed.
        key = "undetermined_jp" if result.provisional else "stopped_jp"
        verdict.append(_line(key, track_clause, gate=stop.label))
        if result.provisional:
            verdict.append(_line("provisional"))
        verdict.append(_line("voluntary", "voluntary"))
        why_not["commonize"].extend(gate_lines)
    return _freeze(verdict, why_not)


def _gate_lines(g: GateResult, ruleset: RuleSet) -> list[Line]:
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
        return [_line("not_examined", "funnel", **fields)]
    key = {"pass": "gate_passed", "fail": "gate_failed", "unknown": "gate_unknown"}[g.status]
    lines = [_line(key, gate.clause, **fields)]
    if g.status != "pass":
        for rule_id in g.not_fired:
            r = ruleset.rules[rule_id]
            if r.points > 0:
                lines.append(_line("not_met", r.clause, reason=r.reason))
        for rule_id in g.unknown:
            r = ruleset.rules[rule_id]
            lines.append(
                _line("unknown_rule", r.clause, reason=r.reason, fields=", ".join(r.fields))
            )
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
