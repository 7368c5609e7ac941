"""The default rule set as a GoRules zen-engine decision graph (JDM), end to end.

    uv sync --extra bench --inexact      # zen-engine is the optional extra `bench`
    uv run python -m benchmarks.zen_pipeline DIR [--outcomes OUT.json] [--dump-graph G.json]

The graph is generated from the compiled rule set (rules/ as ``commonize`` loads it), not
copied by hand, so a changed threshold, rule, form or level range changes the graph:

    input ─▶ expression node: each quantity a rule reads as a range [lo, hi] (a figure, a
             level word or {value|level, source}; the level ranges of rules/levels.yaml)
          ─▶ one decision table per gate (hit policy *collect*; rows per rule)
          ─▶ expression node: sums → each gate met / not met / undetermined, the route:
             standardize / joint procurement at the first gate not met, or where a
             non-waivable rule fired / needs information (no track) when unknowns leave it
             open / commonize; readiness and the feasibility study's outcome
          ─▶ decision table (hit policy *first*): form by solution shape
          ─▶ expression node: the outcome only (track, stopped_at, form, readiness,
             possible tracks)

The semantics are commonize's (src/commonize/scoring.py, routing.py). A rule is true, false
or unknown on a candidate: a null field leaves it unknown, and a level's range proves a
comparison only when every value of the range satisfies it. Each rule gives a "fires" row
(true: its points count to the score and the best case, it marks readiness conditional if
the rule has a condition, and it forbids commonization if the rule is not waivable) and,
when its points are positive or it is not waivable, an "unknown" row (neither true nor
false: its points count to the best case only; a non-waivable one might forbid). A gate is
met when the score reaches the threshold, not met when even the best case misses it.
Comparisons are guarded with ``!= null`` because zen raises on ``null >= 5`` instead of
answering false.

Each file is read and parsed with the C loader like every other pipeline. zen's Python
binding cannot take ``datetime.date`` values (``as_of``, decision dates), so the pipeline
passes only the sections the rules read (computed from the rule set), which is also what
a decision service would be sent.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

from benchmarks.common import Outcome, load, pipeline_main

TRACK_STANDARDIZE, TRACK_COMMONIZE, TRACK_STOP = "standardize", "commonize", "joint_procurement"
PASS, FAIL, OPEN = "pass", "fail", "unknown"


def _literal(value: Any) -> str:
    """A value in zen's expression language."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no zen literal for {value!r}")


def _key(field: str) -> str:
    return field.replace(".", "__")


def lo(field: str) -> str:
    """The input key holding the low end of a quantity's range (null: unknown)."""
    return f"{_key(field)}__lo"


def hi(field: str) -> str:
    """The input key holding the high end (null: no upper bound, or unknown)."""
    return f"{_key(field)}__hi"


def _ranges(ruleset: Any) -> list[tuple[str, str]]:
    """(key, expression) for both ends of every quantity a rule reads: a figure is the range
    of one point, a level word (bare or ``{level, source}``) the range rules/levels.yaml
    gives it; ``{value, source}`` an exact figure."""
    quantities = dict.fromkeys(
        leaf.field
        for g in ruleset.gates
        for r in g.rules
        for leaf in _leaves(r.when)
        if leaf.number
    )
    out = []
    for field in quantities:
        x = field
        levels = ruleset.levels.get(field)
        for key, end in ((lo(field), 0), (hi(field), 1)):
            if not levels:  # a plain number (a year): no level words
                out.append((key, f"type({x}) == 'number' ? {x} : null"))
                continue
            table = f"({_literal({w: list(r) for w, r in levels.items()})})"
            word = f"(type({x}) == 'string' ? {x} : {x}.level)"
            out.append(
                (
                    key,
                    f"type({x}) == 'number' ? {x} : "
                    f"(type({x}) == 'object' and {x}.value != null ? {x}.value : "
                    f"(type({x}) == 'string' or type({x}) == 'object' ? {table}[{word}][{end}] "
                    ": null))",
                )
            )
    return out


def _leaves(cond: Any) -> list[Any]:
    if hasattr(cond, "items"):  # a Group
        return [leaf for c in cond.items for leaf in _leaves(c)]
    return [cond]


def _in_list(subject: str, values: Any) -> str:
    return f"{subject} in {_literal(list(values))}"


def fires(cond: Any) -> str:
    """True when the condition holds for every value the candidate's fields may take (what
    durable-rules fires on); false when a field is null or a range leaves it open."""
    if hasattr(cond, "items"):
        joined = " and " if cond.op == "all" else " or "
        return joined.join(f"({fires(c)})" for c in cond.items)
    if cond.number:
        return _range_test(cond, holds=True)
    x, v = cond.field, cond.value
    if cond.op == "eq":
        return f"{x} == {_literal(v)}"  # null == v is false in zen
    if cond.op == "in":
        return _in_list(x, v)  # null in [..] is false in zen
    if cond.op == "neq":
        return f"{x} != null and {x} != {_literal(v)}"
    return f"{x} != null and {x} {_OPS[cond.op]} {_literal(v)}"


def refuted(cond: Any) -> str:
    """True when the condition fails for every value the candidate's fields may take."""
    if hasattr(cond, "items"):  # all: one refuted item refutes it; any: every item must be
        joined = " or " if cond.op == "all" else " and "
        return joined.join(f"({refuted(c)})" for c in cond.items)
    if cond.number:
        return _range_test(cond, holds=False)
    x, v = cond.field, cond.value
    if cond.op == "eq":
        return f"{x} != null and {x} != {_literal(v)}"
    if cond.op == "in":
        return f"{x} != null and not ({_in_list(x, v)})"
    if cond.op == "neq":
        return f"{x} == {_literal(v)}"
    return f"{x} != null and not ({x} {_OPS[cond.op]} {_literal(v)})"


def unknown(cond: Any) -> str:
    """Neither true nor false on what is known (three-valued None)."""
    return f"not ({fires(cond)}) and not ({refuted(cond)})"


_OPS = {"eq": "==", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _range_test(cond: Any, holds: bool) -> str:
    """A comparison on the range [L, H] (H null: no upper bound): it *holds* when every
    value of the range satisfies it, and is *refuted* when none does."""
    low, high = lo(cond.field), hi(cond.field)
    known = f"{low} != null"
    bounded = f"{high} != null"
    op, t = cond.op, _literal(cond.value) if cond.op != "in" else None
    if op in ("eq", "in", "neq"):
        values = cond.value if op == "in" else (cond.value,)
        exact = f"{known} and {low} == {high} and {_in_list(low, values)}"
        outside = " and ".join(
            f"({low} > {_literal(v)} or ({bounded} and {high} < {_literal(v)}))" for v in values
        )
        none_of = f"{known} and {outside}"
        if op == "neq":
            exact, none_of = none_of, exact
        return exact if holds else none_of
    every = {  # the whole range satisfies it / none of the range does
        "gte": (f"{low} >= {t}", f"{bounded} and {high} < {t}"),
        "gt": (f"{low} > {t}", f"{bounded} and {high} <= {t}"),
        "lte": (f"{bounded} and {high} <= {t}", f"{low} > {t}"),
        "lt": (f"{bounded} and {high} < {t}", f"{low} >= {t}"),
    }[op]
    return f"{known} and {every[0] if holds else every[1]}"


def _gate_table(gate: Any) -> dict[str, Any]:
    """One decision table per gate: every cell is an expression over the candidate's fields
    and ranges (a comparison on a range reads two keys, which no unary column can)."""
    inputs = [{"id": "expr", "name": "rule condition"}]
    outputs = [
        {"id": "o_rule", "name": "rule", "field": "rule"},
        {"id": "o_score", "name": "points to the score", "field": "score"},
        {"id": "o_best", "name": "points to the best case", "field": "best"},
        {"id": "o_cond", "name": "names a condition", "field": "conditional"},
        {"id": "o_block", "name": "forbids commonization", "field": "blocks"},
        {"id": "o_may", "name": "might forbid commonization", "field": "may_block"},
    ]
    rows: list[dict[str, str]] = []

    def row(
        rule: Any, kind: str, cell: str, score: Any, best: Any, cond: bool, block: bool, may: bool
    ) -> None:
        rows.append(
            {
                "_id": f"{rule.id}:{kind}",
                "_description": rule.reason.en,
                "expr": cell,
                "o_rule": _literal(f"{rule.id}:{kind}"),
                "o_score": _literal(score),
                "o_best": _literal(best),
                "o_cond": _literal(cond),
                "o_block": _literal(block),
                "o_may": _literal(may),
            }
        )

    for r in gate.rules:
        forbids = not r.waivable
        # A rule that recommends joint procurement routes there when it fires, as a forbidding
        # rule does; unknown, it leaves nothing open (a signal, not a ban).
        routes = forbids or r.recommends is not None
        row(r, "fires", fires(r.when), r.points, r.points, r.condition is not None, routes, False)
        if r.points > 0 or forbids:
            row(r, "unknown", unknown(r.when), 0, max(r.points, 0), False, False, forbids)
    return {
        "hitPolicy": "collect",
        "inputs": inputs,
        "outputs": outputs,
        "rules": rows,
        "passThrough": True,
        "inputField": None,
        "outputPath": f"rows.{gate.id}",
        "executionMode": "single",
    }


def _first(gates: Any, test: str) -> str:
    """The id of the first gate for which ``test`` (with ``{g}`` for the gate id) holds,
    else null."""
    out = "null"
    for g in reversed(gates):
        out = f"({test.format(g=g.id)} ? {_literal(g.id)} : {out})"
    return out


def _routing(ruleset: Any) -> list[dict[str, str]]:
    """Sums, gate statuses, then the route (routing.py): a gate not met stops the funnel; a
    fired non-waivable rule forbids commonization; an undetermined gate, or a non-waivable
    rule that might fire, leaves the candidate between tracks: needs information."""
    gates = ruleset.gates
    exprs: list[tuple[str, str]] = []
    for g in gates:
        t = _literal(g.threshold)
        exprs.append((f"score_{g.id}", f"sum(map(rows.{g.id}, #.score))"))
        exprs.append((f"best_{g.id}", f"sum(map(rows.{g.id}, #.best))"))
        exprs.append(
            (
                f"status_{g.id}",
                f"$.score_{g.id} >= {t} ? {_literal(PASS)} : "
                f"($.best_{g.id} < {t} ? {_literal(FAIL)} : {_literal(OPEN)})",
            )
        )
        exprs.append((f"blocks_{g.id}", f"len(filter(rows.{g.id}, #.blocks)) > 0"))
        exprs.append((f"may_block_{g.id}", f"len(filter(rows.{g.id}, #.may_block)) > 0"))
    every_row = "flatten([" + ", ".join(f"rows.{g.id}" for g in gates) + "])"
    exprs.append(("conditions", f"len(filter({every_row}, #.conditional))"))
    exprs.append(("failed", _first(gates, "$.status_{g} == " + _literal(FAIL))))
    exprs.append(("open", _first(gates, "$.status_{g} == " + _literal(OPEN))))
    exprs.append(("blocked", _first(gates, "$.blocks_{g}")))
    exprs.append(("may_block", _first(gates, "$.may_block_{g}")))
    standardized = "standardized_business != null"
    stop, commonize = _literal(TRACK_STOP), _literal(TRACK_COMMONIZE)
    exprs.append(
        (
            "track",
            f"{standardized} ? {_literal(TRACK_STANDARDIZE)} : "
            f"($.failed != null or $.blocked != null ? {stop} : "
            f"($.open != null or $.may_block != null ? null : {commonize}))",
        )
    )
    exprs.append(
        (
            "stopped_at",
            f"{standardized} ? null : ($.failed != null ? $.failed : "
            f"($.blocked != null ? $.blocked : ($.open != null ? $.open : $.may_block)))",
        )
    )
    exprs.append(
        (
            "possible",
            f"$.track == null ? {_literal([TRACK_COMMONIZE, TRACK_STOP])} : [$.track]",
        )
    )
    last = gates[-1]
    another = _literal("another_method")
    outcome = another
    if last.shelve_below is not None:  # the feasibility study's outcomes
        outcome = (
            f"($.best_{last.id} < {_literal(last.shelve_below)} ? {_literal('shelve')} : {another})"
        )
    ready = f"($.conditions > 0 ? {_literal('conditional')} : {_literal('go')})"
    exprs.append(
        (
            "readiness",
            f"$.track == {commonize} ? {ready} : "
            f"($.track == {stop} and $.stopped_at == {_literal(last.id)} ? {outcome} : null)",
        )
    )
    return [{"id": f"e{i}", "key": k, "value": v} for i, (k, v) in enumerate(exprs)]


def _form_table(ruleset: Any) -> dict[str, Any]:
    return {
        "hitPolicy": "first",
        "inputs": [
            {"id": "track", "name": "track", "field": "track"},
            {"id": "shape", "name": "solution shape", "field": "solution.shape"},
        ],
        "outputs": [{"id": "form", "name": "form", "field": "form"}],
        "rules": [
            {
                "_id": f"form:{form_id}",
                "track": _literal(TRACK_COMMONIZE),
                "shape": ", ".join(_literal(s) for s in form.shapes),
                "form": _literal(form_id),
            }
            for form_id, form in ruleset.meta.forms.items()
        ],
        "passThrough": True,
        "inputField": None,
        "outputPath": None,
        "executionMode": "single",
    }


def build_graph(compiled: Any) -> dict[str, Any]:
    """The JDM document (nodes and edges) for a compiled commonize rule set."""
    rs = compiled.ruleset
    nodes: list[dict[str, Any]] = [_node("input", "inputNode", "candidate", {"schema": ""})]
    ranges = [{"id": f"r{i}", "key": k, "value": v} for i, (k, v) in enumerate(_ranges(rs))]
    nodes.append(
        _node("ranges", "expressionNode", "quantities as ranges", _expressions(ranges, True))
    )
    nodes += [
        _node(f"gate_{g.id}", "decisionTableNode", g.label.en, _gate_table(g)) for g in rs.gates
    ]
    nodes.append(_node("route", "expressionNode", "route", _expressions(_routing(rs), True)))
    nodes.append(_node("form", "decisionTableNode", "form by shape", _form_table(rs)))
    outcome = [
        {"id": f"x{i}", "key": k, "value": k}
        for i, k in enumerate(("track", "stopped_at", "form", "readiness", "possible"))
    ]
    nodes.append(_node("outcome", "expressionNode", "outcome", _expressions(outcome, False)))
    nodes.append(_node("output", "outputNode", "outcome", {"schema": ""}))
    edges = [
        {"id": f"edge{i}", "sourceId": a["id"], "targetId": b["id"], "type": "edge"}
        for i, (a, b) in enumerate(itertools.pairwise(nodes))
    ]
    return {"nodes": nodes, "edges": edges}


def _node(node_id: str, kind: str, name: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": kind,
        "name": name,
        "position": {"x": 0, "y": 0},
        "content": content,
    }


def _expressions(expressions: list[dict[str, str]], pass_through: bool) -> dict[str, Any]:
    return {
        "expressions": expressions,
        "passThrough": pass_through,
        "inputField": None,
        "outputPath": None,
        "executionMode": "single",
    }


def sections(compiled: Any) -> tuple[str, ...]:
    """The top-level keys the graph reads: every rule field's section, the shape's, and
    ``standardized_business``."""
    fields = [f for g in compiled.ruleset.gates for r in g.rules for f in r.fields]
    return tuple(
        dict.fromkeys(["standardized_business", "solution", *(f.split(".")[0] for f in fields)])
    )


class ZenPipeline:
    def __init__(self, compiled: Any = None) -> None:
        import zen  # the optional extra `bench`

        if compiled is None:
            from commonize.api import load_rules

            compiled = load_rules()
        self.graph = build_graph(compiled)
        self.sections = sections(compiled)
        self.decision = zen.ZenEngine().create_decision(json.dumps(self.graph))

    def evaluate(self, data: dict[str, Any]) -> Outcome:
        # Only the sections the rules read: zen refuses dates, and the rest is not needed.
        context = {k: data.get(k) for k in self.sections}
        out = self.decision.evaluate(context)["result"]
        # zen leaves a key out when its value is null (no track: needs information).
        return Outcome(
            data["id"],
            out.get("track"),
            out.get("stopped_at"),
            out.get("form"),
            out.get("readiness"),
            tuple(out["possible"]),
        )


def run(files: list[Path], pipeline: ZenPipeline | None = None) -> list[Outcome]:
    pipeline = pipeline or ZenPipeline()
    return [pipeline.evaluate(load(p)) for p in files]


def main(argv: list[str] | None = None) -> None:
    import argparse
    import sys

    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--dump-graph", type=Path)
    known, rest = parser.parse_known_args(argv if argv is not None else sys.argv[1:])
    # Building the graph (importing commonize to compile rules/) is start-up, not throughput.
    pipeline = ZenPipeline()
    if known.dump_graph is not None:
        known.dump_graph.write_text(json.dumps(pipeline.graph, indent=2, ensure_ascii=False))
    pipeline_main(__doc__.splitlines()[0], lambda files: run(files, pipeline), rest)


if __name__ == "__main__":
    main()
