"""The rulebook: the rule set in plain words, generated from the rule files (Markdown, HTML).

One structure (``book``) feeds both formats, so they cannot drift apart. Output carries the
rule set's data hash but no date, so regenerating an unchanged rule set changes nothing and
a test can check the committed copies are current.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from commonize.analysis import words
from commonize.analysis.bounds import gate_range
from commonize.labels import section, text
from commonize.rules.compiler import CompiledRuleset


def _t(key: str, lang: str, **fields: Any) -> str:
    return text(f"rulebook.{key}", lang, **fields)


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
    note_sep = _t("note_sep", lang)
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
                + ("" if rule.waivable else note_sep + _t("not_waivable", lang))
                + (note_sep + _t("recommends", lang) if rule.recommends else "")
                + (
                    note_sep
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
    sep = text("report.list_sep", lang)
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
        "clauses": [(cid, cited.get(lang)) for cid, cited in meta.clauses.items()],
        "t": section("rulebook", lang),
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
    out += [f"| `{cid}` | {_cell(cited)} |" for cid, cited in b["clauses"]]
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

    def md_bold(text: str) -> Markup:
        # Our own templates mark labels **bold**; escape first, then add the tags.
        return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", str(escape(text))))

    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True
    )
    env.filters["md_bold"] = md_bold
    b = book(compiled, lang)
    return env.from_string(_HTML).render(b=b, t=b["t"])
