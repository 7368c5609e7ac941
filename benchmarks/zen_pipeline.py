"""The default rule set as a GoRules zen-engine decision graph (JDM), end to end.

    uv sync --extra bench --inexact      # zen-engine is the optional extra `bench`
    uv run python -m benchmarks.zen_pipeline DIR [--outcomes OUT.json] [--dump-graph G.json]

The graph is generated from the compiled rule set (rules/ as ``commonize`` loads it), not
copied by hand, so a changed threshold or rule changes the graph:

    input ─▶ one decision table per gate (hit policy *collect*; a row per rule)
          ─▶ expression node: sums → each gate's minimum, routing standardize / stop at the
             first gate whose minimum misses its threshold / commonize, readiness
          ─▶ decision table (hit policy *first*): form by solution shape
          ─▶ expression node: the outcome only (track, stopped_at, form, readiness)

Unknown (null) indicators are treated as commonize treats them for routing: a gate passes
on its *minimum* over the unknowns. Each rule gives a "fires" row (its condition is true on
known values: adds its points, and marks readiness conditional if the rule has a
condition) and, when its points are negative, an "unknown" row (the fields left null
decide it: adds its points to the minimum only). Comparisons are guarded with ``!= null``
because zen raises on ``null >= 5`` instead of answering false.

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


def _literal(value: Any) -> str:
    """A value in zen's expression language."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    raise TypeError(f"no zen literal for {value!r}")


_OPS = {"eq": "==", "neq": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def _test(subject: str, op: str, value: Any) -> str:
    """``subject OP value`` for a known subject."""
    if op == "in":
        return f"{subject} in [{', '.join(_literal(v) for v in value)}]"
    return f"{subject} {_OPS[op]} {_literal(value)}"


def fires(cond: Any, subject: str | None = None) -> str:
    """True when the condition holds on known values (what durable-rules fires on).

    ``subject`` is ``$`` for a leaf in its own field column (a unary test); otherwise the
    field's dotted path, which zen resolves in the input (null when missing).
    """
    if hasattr(cond, "items"):  # a Group
        joined = " and " if cond.op == "all" else " or "
        return joined.join(f"({fires(c)})" for c in cond.items)
    x = subject or cond.field
    if cond.op in ("eq", "in"):
        return _test(x, cond.op, cond.value)  # null == v and null in [..] are false in zen
    return f"{x} != null and {_test(x, cond.op, cond.value)}"


def possible(cond: Any, subject: str | None = None) -> str:
    """True unless the condition is false on known values (true, or decided by nulls)."""
    if hasattr(cond, "items"):
        joined = " and " if cond.op == "all" else " or "
        return joined.join(f"({possible(c)})" for c in cond.items)
    x = subject or cond.field
    return f"{x} == null or {_test(x, cond.op, cond.value)}"


def unknown(cond: Any, subject: str | None = None) -> str:
    """Decided by null fields: neither true nor false on what is known (three-valued None)."""
    if hasattr(cond, "items"):
        return f"not ({fires(cond)}) and ({possible(cond)})"
    return f"{subject or cond.field} == null"


def _gate_table(gate: Any) -> dict[str, Any]:
    """One decision table per gate: a column per field tested by a single-field rule (cells
    are unary tests on ``$``), one expression column for rules over several fields."""
    leaf_fields = list(
        dict.fromkeys(r.when.field for r in gate.rules if not hasattr(r.when, "items"))
    )
    columns = {f: f"in{i}" for i, f in enumerate(leaf_fields)}
    inputs = [{"id": columns[f], "name": f, "field": f} for f in leaf_fields]
    compound = any(hasattr(r.when, "items") for r in gate.rules)
    if compound:
        inputs.append({"id": "expr", "name": "several fields"})
    outputs = [
        {"id": "o_rule", "name": "rule", "field": "rule"},
        {"id": "o_min", "name": "points to the minimum", "field": "min"},
        {"id": "o_cond", "name": "names a condition", "field": "conditional"},
    ]
    empty = {c["id"]: "" for c in inputs}
    rows: list[dict[str, str]] = []

    def row(rule: Any, kind: str, cell: Any, points: Any, conditional: bool) -> None:
        group = hasattr(rule.when, "items")
        column = "expr" if group else columns[rule.when.field]
        rows.append(
            {
                **empty,
                "_id": f"{rule.id}:{kind}",
                "_description": rule.reason.en,
                column: cell(rule.when, None if group else "$"),
                "o_rule": _literal(f"{rule.id}:{kind}"),
                "o_min": _literal(points),
                "o_cond": _literal(conditional),
            }
        )

    for r in gate.rules:
        row(r, "fires", fires, r.points, r.condition is not None)
        if r.points < 0:
            row(r, "unknown", unknown, r.points, False)
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


def _routing(ruleset: Any) -> list[dict[str, str]]:
    """Sums, then the route: the first gate whose minimum misses its threshold stops it."""
    gates = ruleset.gates
    exprs = [(f"min_{g.id}", f"sum(map(rows.{g.id}, #.min))") for g in gates]
    every_row = "flatten([" + ", ".join(f"rows.{g.id}" for g in gates) + "])"
    exprs.append(("conditions", f"len(filter({every_row}, #.conditional))"))
    track, stopped = _literal(TRACK_COMMONIZE), "null"
    for g in reversed(gates):
        miss = f"$.min_{g.id} < {_literal(g.threshold)}"
        track = f"({miss} ? {_literal(TRACK_STOP)} : {track})"
        stopped = f"({miss} ? {_literal(g.id)} : {stopped})"
    standardized = "standardized_business != null"
    exprs.append(("track", f"{standardized} ? {_literal(TRACK_STANDARDIZE)} : {track}"))
    exprs.append(("stopped_at", f"{standardized} ? null : {stopped}"))
    ready = f"($.conditions > 0 ? {_literal('conditional')} : {_literal('go')})"
    exprs.append(("readiness", f"$.track == {_literal(TRACK_COMMONIZE)} ? {ready} : null"))
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
    nodes += [
        _node(f"gate_{g.id}", "decisionTableNode", g.label.en, _gate_table(g)) for g in rs.gates
    ]
    nodes.append(_node("route", "expressionNode", "route", _expressions(_routing(rs), True)))
    nodes.append(_node("form", "decisionTableNode", "form by shape", _form_table(rs)))
    outcome = [
        {"id": f"x{i}", "key": k, "value": k}
        for i, k in enumerate(("track", "stopped_at", "form", "readiness"))
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
        # zen leaves a key out when its value is null.
        return Outcome(
            data["id"], out["track"], out.get("stopped_at"), out.get("form"), out.get("readiness")
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
