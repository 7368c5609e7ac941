"""``--format text``: plain lines for pipes and logs; with ``--explain`` the full reasoning."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from commonize.labels import text
from commonize.problem_text import problem_text
from commonize.render.common import (
    MARK,
    borderline,
    decision_lines,
    form_label,
    gate_cell,
    notes,
    summary_line,
    track_label,
    validated_line,
)

if TYPE_CHECKING:  # `commonize validate` needs none of them at import (start-up)
    from commonize.api import Batch
    from commonize.render import RenderOptions
    from commonize.results import Result
    from commonize.rules.load import RuleSet


def render(batch: Batch, out: TextIO, options: RenderOptions) -> None:
    rs, lang = batch.ruleset, options.lang
    if options.validate_only:
        write_validation(batch.results, out, options)
        return
    for r in batch.results:
        if r.status == "invalid":
            for p in r.problems:
                out.write(problem_text(p, lang) + "\n")
        elif options.explain:
            write_explanation(r, rs, lang, out)
        else:
            gates = "  ".join(gate_cell(g) for g in r.gates)
            extra = " ".join(x for x in (form_label(r, rs, lang), notes(r, rs, lang)) if x)
            out.write(
                f"{r.path}: {r.id} → {track_label(r, rs, lang)}  [{gates}] {extra}".rstrip() + "\n"
            )
    out.write(summary_line(batch.results, rs, lang) + "\n")


def write_validation(results: Iterable[Result], out: TextIO, options: RenderOptions) -> None:
    """`commonize validate`: every problem, then a count (no track: no rule ran).

    Written as the results come, so a batch or a stream of any size renders alike.
    """
    files = invalid = 0
    for r in results:
        files += 1
        invalid += r.status == "invalid"
        for p in r.problems:
            out.write(problem_text(p, options.lang) + "\n")
    out.write(validated_line(files, invalid, options.lang) + "\n")


def write_explanation(r: Result, rs: RuleSet, lang: str, out: TextIO) -> None:
    from commonize.explain import explain  # why: `validate` imports this module, never explains

    assert r.identity is not None
    ex = explain(r, rs)
    clause = text("messages.clause", lang)
    head = f"{r.identity.id}  {r.identity.name.get(lang)}  ({r.path})"
    out.write(f"{head}\n{'=' * min(len(head) + 8, 78)}\n")
    label = track_label(r, rs, lang)
    form = form_label(r, rs, lang)
    out.write(
        f"{text('messages.h_recommendation', lang)}: {label}"
        + (f" — {form}" if form else "")
        + "\n"
    )
    for line in decision_lines(r, rs, lang):
        out.write(f"{line}\n")
    for line in ex.verdict:
        out.write(f"  - {line.text[lang]}\n")
    if marker := borderline(r, lang):
        moves = r.sensitivity.moves if r.sensitivity else ()
        out.write(f"  - {marker}" + (f": {', '.join(moves)}" if moves else "") + "\n")
    if r.gates and r.track != "standardize":
        out.write(f"\n{text('messages.h_gates', lang)}:\n")
        for g in r.gates:
            gate = rs.gate(g.id)
            out.write(f"  {gate_cell(g):<14} {gate.label.get(lang)}\n")
            if not g.examined:
                continue
            for f in g.fired:
                cited = rs.meta.clauses[f.clause].get(lang)
                out.write(f"      {f.points:+} {f.id}: {f.reason.get(lang)}\n")
                out.write(f"         {clause}: {cited}\n")
    out.write(f"\n{text('messages.h_why_not', lang)}:\n")
    for track, lines in ex.why_not.items():
        label = getattr(rs.meta.tracks, track).label.get(lang)
        out.write(f"  {label}:\n")
        for line in lines:
            out.write(f"    - {line.text[lang]}\n")
    changing = [u for u in r.unknowns if u.could_change_outcome]
    if changing:
        out.write(f"\n{text('messages.h_unknown', lang)}:\n")
        for u in changing:  # ranked: the one that can move the most points first
            out.write(
                f"  {MARK['unknown']} {u.field}"
                + (f" ({', '.join(u.rules)}; ±{u.swing})" if u.rules else "")
                + "\n"
            )
    out.write("\n")
