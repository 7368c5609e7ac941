"""The rulebook: the rule set in plain words, generated from the rule files (Markdown, HTML).

One structure (``book``) feeds both formats, so they cannot drift apart. Output carries the
rule set's data hash but no date, so regenerating an unchanged rule set changes nothing and
a test can check the committed copies are current.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.analysis import words
from commonize.analysis.bounds import gate_range
from commonize.rules.compiler import CompiledRuleset

_T: dict[str, dict[str, str]] = {
    "title": {"ja": "ルールブック", "en": "Rulebook"},
    "generated": {
        "ja": "ルールファイルから `commonize rules doc --lang ja` で生成。手で編集しないこと",
        "en": "Generated from the rule files by `commonize rules doc --lang en`; do not edit by hand",
    },
    "how": {"ja": "判定の流れ", "en": "How a candidate is judged"},
    "step_standardize": {
        "ja": "標準化対象の20業務の一つであれば **{track}**({clause})。",
        "en": "One of the 20 standardized businesses → **{track}** ({clause}).",
    },
    "step_gates": {
        "ja": "それ以外は基準を順に適用する: {gates}。条件を満たすルールの点数を合計し、"
        "判明している根拠だけで基準点に達すれば充足、不明な指標が全て有利でも届かなければ"
        "不充足、その間は未確定。不明な指標は満たしたとも満たさないともみなさない。",
        "en": "Otherwise the gates apply in order: {gates}. The points of every rule whose "
        "condition holds add up; a gate is met when the known evidence reaches the threshold, "
        "not met when even every unknown in its favour would not, undetermined in between. "
        "An unknown indicator counts neither as met nor as not met.",
    },
    "step_stop": {
        "ja": "判明している根拠で満たさない基準で止まり **{track}**({clause})。"
        "未確定の基準によって取組が分かれるときは取組を決めず **{open}**(不明な指標を影響の大きい順に示す)。",
        "en": "A gate not met on known evidence stops the candidate → **{track}** ({clause}). "
        "When undetermined gates leave it between tracks, no track: **{open}**, with the "
        "unknown indicators ranked by how much each can move the outcome.",
    },
    "step_commonize": {
        "ja": "全ての基準を通過すれば **{track}**({clause})。形態は解決策の形で決まる。",
        "en": "Every gate passed → **{track}** ({clause}); the form follows the solution shape.",
    },
    "step_readiness": {
        "ja": "条件付きのルールが適用されれば「{conditional}」、なければ「{go}」。"
        "③で止まれば「{another}」、最善でも{shelve_below}点未満なら「{shelve}」。",
        "en": "If a rule with a condition fired: “{conditional}”; otherwise “{go}”. Stopped at "
        "③: “{another}”, or “{shelve}” when even its best case is below {shelve_below}.",
    },
    "form": {"ja": "形態", "en": "Form"},
    "shapes": {"ja": "解決策の形", "en": "Solution shapes"},
    "who_pays": {"ja": "費用負担", "en": "Who pays"},
    "threshold": {
        "ja": "基準点 **{threshold}** 点(ルールで取り得る点数: {lowest}〜{highest} 点)。",
        "en": "Threshold **{threshold}** points (the rules give {lowest} to {highest}).",
    },
    "clause": {"ja": "根拠", "en": "Clause"},
    "rule": {"ja": "ルール", "en": "Rule"},
    "condition": {"ja": "条件", "en": "When"},
    "points": {"ja": "点数", "en": "Points"},
    "reason": {"ja": "理由", "en": "Reason"},
    "not_waivable": {
        "ja": "(このルールが適用されると、協議会の判断でも共通化を決定できない)",
        "en": "(when it fires, a council decision cannot choose commonize)",
    },
    "to_meet": {"ja": "共通化の前に満たす条件", "en": "Conditions to meet before commonizing"},
    "only_forms": {"ja": "(対象: {forms}のみ)", "en": "(only for: {forms})"},
    "recommends": {
        "ja": "(適用されると、基準を満たしても都道府県共同調達を推奨する。協議会は別に判断できる)",
        "en": "(when it fires, joint procurement is recommended even with every gate met; the "
        "council may decide otherwise)",
    },
    "clauses": {"ja": "政策上の根拠", "en": "Policy clauses"},
    "text": {"ja": "内容", "en": "Text"},
}


_NOTE_SEP = {"ja": "", "en": " "}  # Japanese parentheses are full-width and need no space


def _t(key: str, lang: str, **fields: Any) -> str:
    return _T[key][lang].format(**fields)


@dataclass(frozen=True)
class RuleRow:
    id: str
    plain: str
    formal: str
    points: str
    reason: str
    clause: str
    condition: str | None


@dataclass(frozen=True)
class GateSection:
    id: str
    label: str
    threshold_line: str
    clause: str
    clause_text: str
    rules: tuple[RuleRow, ...]


def book(compiled: CompiledRuleset, lang: str) -> dict[str, Any]:
    rs = compiled.ruleset
    meta = rs.meta
    track = {name: t.label.get(lang) for name, t in meta.tracks}
    gates = []
    for g in rs.gates:
        r = gate_range(g)
        rows = tuple(
            RuleRow(
                rule.id,
                words.condition(rule.when, lang),
                words.formal(rule.when),
                f"{rule.points:+}" if rule.points else "0",
                rule.reason.get(lang)
                + ("" if rule.waivable else _NOTE_SEP[lang] + _t("not_waivable", lang))
                + (_NOTE_SEP[lang] + _t("recommends", lang) if rule.recommends else "")
                + (
                    _NOTE_SEP[lang]
                    + _t(
                        "only_forms",
                        lang,
                        forms=" / ".join(meta.forms[f].label.get(lang) for f in rule.forms),
                    )
                    if rule.forms
                    else ""
                ),
                rule.clause,
                rule.condition.get(lang) if rule.condition else None,
            )
            for rule in g.rules
        )
        line = _t("threshold", lang, threshold=g.threshold, lowest=r.lowest, highest=r.highest)
        gates.append(
            GateSection(
                g.id, g.label.get(lang), line, g.clause, meta.clauses[g.clause].get(lang), rows
            )
        )
    steps = [
        _t(
            "step_standardize",
            lang,
            track=track["standardize"],
            clause=meta.tracks.standardize.clause,
        ),
        _t("step_gates", lang, gates=" → ".join(g.label for g in gates)),
        _t(
            "step_stop",
            lang,
            track=track["joint_procurement"],
            clause=meta.tracks.joint_procurement.clause,
            open=meta.statuses.needs_information.label.get(lang),
        ),
        _t("step_commonize", lang, track=track["commonize"], clause=meta.tracks.commonize.clause),
        _t(
            "step_readiness",
            lang,
            go=meta.readiness.go.label.get(lang),
            conditional=meta.readiness.conditional.label.get(lang),
            another=meta.readiness.another_method.label.get(lang),
            shelve=meta.readiness.shelve.label.get(lang),
            shelve_below=rs.gates[-1].shelve_below,
        ),
    ]
    sep = "、" if lang == "ja" else ", "
    forms = [
        (
            f.label.get(lang),
            sep.join(words.value("solution.shape", s, lang) for s in f.shapes),
            f.clause,
        )
        for f in meta.forms.values()
    ]
    return {
        "lang": lang,
        "title": f"{_t('title', lang)}: {meta.name} {meta.version}",
        "generated": _t("generated", lang),
        "steps": steps,
        "forms": forms,
        "gates": gates,
        "clauses": [(cid, text.get(lang)) for cid, text in meta.clauses.items()],
        "t": {k: v[lang] for k, v in _T.items()},
    }


def markdown(compiled: CompiledRuleset, lang: str) -> str:
    b = book(compiled, lang)
    t = b["t"]
    out = [f"# {b['title']}", "", f"<!-- {b['generated']} -->", ""]
    out += [f"## {t['how']}", ""]
    out += [f"{i}. {step}" for i, step in enumerate(b["steps"], 1)]
    out += ["", f"| {t['form']} | {t['shapes']} | {t['who_pays']} |", "|---|---|---|"]
    out += [
        f"| {_cell(label)} | {_cell(shapes)} | `{clause}` |" for label, shapes, clause in b["forms"]
    ]
    for g in b["gates"]:
        out += [
            "",
            f"## {g.label}",
            "",
            f"{g.threshold_line} {t['clause']}: `{g.clause}` — {_cell(g.clause_text)}",
            "",
        ]
        out += [
            f"| {t['rule']} | {t['condition']} | {t['points']} | {t['reason']} | {t['clause']} |"
        ]
        out += ["|---|---|---:|---|---|"]
        for r in g.rules:
            when = f"{_cell(r.plain)}<br>`{_code(r.formal)}`"
            out.append(f"| `{r.id}` | {when} | {r.points} | {_cell(r.reason)} | `{r.clause}` |")
        conditional = [r for r in g.rules if r.condition]
        if conditional:
            out += ["", f"{t['to_meet']}:", ""]
            out += [f"- `{r.id}`: {_cell(r.condition or '')}" for r in conditional]
    out += ["", f"## {t['clauses']}", "", f"| {t['clause']} | {t['text']} |", "|---|---|"]
    out += [f"| `{cid}` | {_cell(text)} |" for cid, text in b["clauses"]]
    return "\n".join(out) + "\n"


def _code(text: str) -> str:
    """Safe inside a code span in a table cell: entities would show literally there."""
    return text.replace("|", "\\|").replace("`", "'")


def _cell(text: str) -> str:
    """Safe inside a Markdown table cell: no pipe, no HTML, no line break."""
    for raw, safe in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|"), ("\n", " ")):
        text = text.replace(raw, safe)
    return text


_HTML = """<!DOCTYPE html>
<html lang="{{ b.lang }}">
<head><meta charset="utf-8"><title>{{ b.title }}</title>
<style>body{font-family:sans-serif;max-width:70em;margin:auto}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.3em;vertical-align:top}code{font-size:.9em}</style></head>
<body>
<!-- {{ b.generated }} -->
<h1>{{ b.title }}</h1>
<h2>{{ t.how }}</h2>
<ol>{% for step in b.steps %}<li>{{ step | md_bold }}</li>{% endfor %}</ol>
<table><tr><th>{{ t.form }}</th><th>{{ t.shapes }}</th><th>{{ t.who_pays }}</th></tr>
{% for label, shapes, clause in b.forms %}<tr><td>{{ label }}</td><td>{{ shapes }}</td><td><code>{{ clause }}</code></td></tr>
{% endfor %}</table>
{% for g in b.gates %}<h2 id="{{ g.id }}">{{ g.label }}</h2>
<p>{{ g.threshold_line | md_bold }} {{ t.clause }}: <code>{{ g.clause }}</code> — {{ g.clause_text }}</p>
<table><tr><th>{{ t.rule }}</th><th>{{ t.condition }}</th><th>{{ t.points }}</th>
<th>{{ t.reason }}</th><th>{{ t.clause }}</th></tr>
{% for r in g.rules %}<tr id="{{ r.id }}"><td><code>{{ r.id }}</code></td>
<td>{{ r.plain }}<br><code>{{ r.formal }}</code></td><td>{{ r.points }}</td>
<td>{{ r.reason }}{% if r.condition %}<br><em>{{ t.to_meet }}: {{ r.condition }}</em>{% endif %}</td>
<td><code>{{ r.clause }}</code></td></tr>
{% endfor %}</table>
{% endfor %}<h2>{{ t.clauses }}</h2>
<table>{% for cid, text in b.clauses %}<tr><td><code>{{ cid }}</code></td><td>{{ text }}</td></tr>
{% endfor %}</table>
</body>
</html>
"""


def html(compiled: CompiledRuleset, lang: str) -> str:
    """The same rulebook as HTML; every rule-file text is escaped (jinja2 autoescape)."""
    import re

    import jinja2
    from markupsafe import Markup, escape

    def md_bold(text: str) -> Markup:
        # Our own templates mark labels **bold**; escape first, then add the tags.
        return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", str(escape(text))))

    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    env.filters["md_bold"] = md_bold
    b = book(compiled, lang)
    return env.from_string(_HTML).render(b=b, t=b["t"])
