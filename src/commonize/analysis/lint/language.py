"""Every text a reader sees must exist in both languages, each in its own language.

The loader makes ``ja`` and ``en`` required; this catches what slips through: a copy of
one language in the other, English in ``ja``, Japanese in ``en``, and placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from commonize.analysis.lint.context import ERROR, Context, LintFinding
from commonize.errors import SourceLocation
from commonize.rules.model import Bilingual

ID = "language"
DESCRIPTION = "reasons, conditions, labels and clauses are written in both Japanese and English"

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_PLACEHOLDER = re.compile(r"^\W*$|\b(TODO|TBD|FIXME|XXX)\b|^(…|\.\.\.)$", re.IGNORECASE)


def check(ctx: Context) -> Iterable[LintFinding]:
    for text, what, where in _texts(ctx):
        for problem in problems(text):
            yield LintFinding(where, "reason-language", ERROR, f"{what}: {problem}")


def problems(text: Bilingual) -> list[str]:
    out = []
    if text.ja.strip() == text.en.strip():
        out.append("the Japanese and English texts are the same; translate one of them")
    if _PLACEHOLDER.search(text.ja) or _PLACEHOLDER.search(text.en):
        out.append("a placeholder is left in the text")
    if not _JAPANESE.search(text.ja):
        out.append(f"ja has no Japanese: {text.ja!r}")
    if _JAPANESE.search(text.en) or not re.search(r"[A-Za-z]", text.en):
        out.append(f"en is not English: {text.en!r}")
    return out


def _texts(ctx: Context) -> Iterator[tuple[Bilingual, str, SourceLocation]]:
    rs = ctx.ruleset
    for gate in rs.gates:
        yield gate.label, f"gate {gate.id} label", ctx.at_gate(gate.id, "label")
        for r in gate.rules:
            yield r.reason, f"rule {r.id} reason", ctx.at_rule(r.id, "reason")
            if r.condition is not None:
                yield r.condition, f"rule {r.id} condition", ctx.at_rule(r.id, "condition")
    for clause_id, text in rs.meta.clauses.items():
        yield text, f"clause {clause_id}", ctx.at_ruleset("clauses", clause_id)
    for name, track in rs.meta.tracks:
        yield track.label, f"track {name} label", ctx.at_ruleset("tracks", name, "label")
    for form_id, form in rs.meta.forms.items():
        yield form.label, f"form {form_id} label", ctx.at_ruleset("forms", form_id, "label")
    for name, readiness in rs.meta.readiness:
        yield readiness.label, f"readiness {name} label", ctx.at_ruleset("readiness", name, "label")
