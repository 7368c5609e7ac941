"""The two sides of a decision diff: evaluated rule sets, or saved ``--format json`` results."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from commonize.analysis.diff import Diff, Side, View, compare, ruleset_changes, view_of
from commonize.api import evaluate_paths
from commonize.resultsfile import SavedResult, read_results_file
from commonize.rules.compiler import CompiledRuleset


def diff_rulesets(old: CompiledRuleset, new: CompiledRuleset, paths: Iterable[Path]) -> Diff:
    """Evaluate the same candidate files with both rule sets (on the real engine) and compare."""
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
    saved = read_results_file(path, "results file")
    rs = saved.ruleset
    return Side(str(path), rs.name, rs.version, rs.sha256), [_view(r) for r in saved.results]


def _view(r: SavedResult) -> View:
    head = (r.status, r.track, r.stopped_at, r.form, r.readiness, r.provisional)
    return View(r.id or r.path, r.path, *head, gates=r.gates, points=r.points)
