"""The two sides of a decision diff: evaluated rule sets, or saved ``--format json`` results."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from commonize.analysis.diff import Diff, GateView, Side, View, compare, ruleset_changes, view_of
from commonize.errors import UsageError
from commonize.jsonfile import read_json
from commonize.rules.compiler import CompiledRuleset

RESULTS_FORMAT = "commonize-results"


def diff_rulesets(old: CompiledRuleset, new: CompiledRuleset, paths: Iterable[Path]) -> Diff:
    """Evaluate the same candidate files with both rule sets (on the real engine) and compare."""
    from commonize.api import evaluate_paths

    paths = list(paths)
    before = evaluate_paths(paths, old)
    after = evaluate_paths(paths, new)
    return compare(
        [view_of(r, old.ruleset) for r in before.results],
        [view_of(r, new.ruleset) for r in after.results],
        old_side=_side(old),
        new_side=_side(new),
        rule_changes=ruleset_changes(old.ruleset, new.ruleset),
    )


def diff_results(old: Path, new: Path) -> Diff:
    side_a, views_a = read_results(old)
    side_b, views_b = read_results(new)
    return compare(views_a, views_b, old_side=side_a, new_side=side_b)


def _side(compiled: CompiledRuleset) -> Side:
    rs = compiled.ruleset
    return Side(rs.path, rs.meta.name, rs.meta.version, rs.sha256)


def read_results(path: Path) -> tuple[Side, list[View]]:
    """Read a ``commonize evaluate --format json`` document. Raises ``UsageError``."""
    doc = read_json(path, "results file")
    if not isinstance(doc, dict) or doc.get("format") != RESULTS_FORMAT:
        raise UsageError(
            f"not a {RESULTS_FORMAT} document; write one with `commonize evaluate --format json`",
            path,
        )
    try:
        ruleset = doc.get("ruleset") or {}
        side = Side(str(path), ruleset.get("name"), ruleset.get("version"), ruleset.get("sha256"))
        return side, [_view(r) for r in doc["results"]]
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise UsageError(f"results file is missing {e} or has it in the wrong shape", path) from e


def _view(r: dict[str, Any]) -> View:
    points = {f["rule"]: f["points"] for f in r.get("fired") or []}
    gates = {
        gate: GateView(
            g["status"],
            g["examined"],
            g["score"],
            g["threshold"],
            g["min"],
            g["max"],
            {rule: points.get(rule, 0) for rule in g["fired"]},
            tuple(g.get("unknown") or ()),
        )
        for gate, g in (r.get("gates") or {}).items()
    }
    return View(
        r.get("id") or r["path"],
        r["path"],
        r["status"],
        r.get("track"),
        r.get("stopped_at"),
        r.get("form"),
        r.get("readiness"),
        bool(r.get("provisional")),
        gates,
    )
