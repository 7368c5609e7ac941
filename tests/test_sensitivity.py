"""Borderline analysis: ±pct% moves of every threshold and point value, and joint samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonize.analysis.outcomes import FastEvaluator
from commonize.analysis.sensitivity import annotate_sensitivity
from commonize.analysis.variants import numbers, single_moves, with_numbers
from commonize.api import Batch, evaluate_paths, load_candidates, load_rules
from commonize.engine import DurableEngine
from commonize.errors import UsageError
from commonize.evaluation import evaluate_candidate
from commonize.models import Candidate
from commonize.oracle import OracleEngine
from commonize.rules.compiler import compile_ruleset
from conftest import CANDIDATES, strong


@pytest.fixture(scope="module")
def shipped(compiled) -> Batch:
    return evaluate_paths([CANDIDATES], compiled)


@pytest.fixture(scope="module")
def annotated(shipped, compiled) -> Batch:
    return annotate_sensitivity(shipped, compiled, 10)


def test_every_result_is_annotated_and_standardized_ones_never_move(annotated):
    ok = [r for r in annotated.results if r.status == "ok"]
    assert ok and all(r.sensitivity is not None and r.sensitivity.pct == 10 for r in ok)
    for r in ok:
        s = r.sensitivity
        assert r.verdict in s.tracks and s.borderline == (len(s.tracks) > 1) == bool(s.moves)
        if r.track == "standardize":
            assert s.tracks == ("standardize",)


def test_a_gate_passed_at_exactly_its_threshold_is_borderline(annotated):
    at_threshold = [
        (r, g)
        for r in annotated.results
        if r.track == "commonize"
        for g in r.gates
        if g.examined and g.margin == 0 and g.threshold > 0
    ]
    assert at_threshold, "the shipped candidates should include one passing a gate exactly"
    for r, g in at_threshold:
        assert r.sensitivity.borderline
        assert f"gates.{g.id}.threshold +10%" in r.sensitivity.moves


def test_every_reported_move_replays_with_set_overrides(annotated, compiled):
    """A move is named with its --set key: loading the rules with that override reproduces it."""
    by_move: dict[str, list] = {}
    for r in annotated.results:
        for move in r.sensitivity.moves if r.sensitivity else ():
            by_move.setdefault(move, []).append(r)
    assert by_move
    old = numbers(compiled.ruleset)
    for move, results in by_move.items():
        key, pct = move.rsplit(" ", 1)
        value = old[key] * (1 + float(pct.rstrip("%")) / 100)
        replay = evaluate_paths(
            [Path(r.path) for r in results], load_rules(None, {key: value}), engine=OracleEngine
        )
        for before, after in zip(results, replay.results, strict=True):
            assert after.track != before.track, (move, before.id)


def test_a_strong_candidate_is_not_borderline_and_a_knife_edge_one_is(compiled):
    knife = strong(
        id="knife",
        effect={
            "annual_cost_jpy": 2_000_000_000,
            "expected_cost_reduction_pct": 12,
            "governments_doing": 1200,
            "annual_staff_hours": 10,
            "expected_staff_hours_reduction_pct": 0,
            "realtime_data_value": "medium",
        },
    )
    cands = {
        "strong.yaml": Candidate.model_validate(strong()),
        "knife.yaml": Candidate.model_validate(knife),
    }
    oracle = OracleEngine(compiled)
    results = tuple(evaluate_candidate(c, path, compiled, oracle) for path, c in cands.items())
    assert [g.score for g in results[1].gates if g.id == "effect"] == [6]
    out = annotate_sensitivity(Batch(compiled.ruleset, results), compiled, 10, candidates=cands)
    strong_s, knife_s = (r.sensitivity for r in out.results)
    assert not strong_s.borderline and strong_s.tracks == ("commonize",)
    assert knife_s.borderline and knife_s.tracks == ("commonize", "joint_procurement")
    assert set(knife_s.moves) == {
        "gates.effect.threshold +10%",
        "rules.ef-wide-1000.points -10%",
        "rules.ef-cost-1bn.points -10%",
        "rules.ef-cost-cut-10.points -10%",
        "rules.ef-low-variation.points -10%",
        "rules.ef-realtime-medium.points -10%",
    }


def test_joint_samples_are_reproducible_with_a_seed(shipped, compiled):
    one = annotate_sensitivity(shipped, compiled, 20, samples=25, seed=7)
    two = annotate_sensitivity(shipped, compiled, 20, samples=25, seed=7)
    assert [r.sensitivity for r in one.results] == [r.sensitivity for r in two.results]
    joint = [
        m
        for r in one.results
        if r.sensitivity
        for m in r.sensitivity.moves
        if m.startswith("joint sample")
    ]
    assert joint and all(m.endswith("(seed 7)") for m in joint)


@pytest.mark.parametrize(("pct", "samples"), [(0, 0), (-5, 0), (101, 0), (10, -1), (10, 10_001)])
def test_bad_arguments_are_usage_errors(shipped, compiled, pct, samples):
    with pytest.raises(UsageError):
        annotate_sensitivity(shipped, compiled, pct, samples=samples)


def test_moves_skip_numbers_that_do_not_change():
    moves = single_moves(load_rules().ruleset, 10)
    assert not [m for m in moves if m.key == "rules.fe-size-differentiated.points"]  # 0 ± 10% is 0
    assert {str(m) for m in moves if m.key == "gates.effect.threshold"} == {
        "gates.effect.threshold +10%",
        "gates.effect.threshold -10%",
    }


def test_lean_evaluation_agrees_with_both_engines_on_moved_rule_sets(compiled):
    """The fast path the analyses use gives the tracks of the full pipeline, on durable-rules too."""
    items = [i for i in load_candidates([CANDIDATES], compiled.ruleset) if i.candidate]
    variants = [compiled] + [
        compile_ruleset(with_numbers(compiled.ruleset, {m.key: m.new}))
        for m in single_moves(compiled.ruleset, 10)
        if m.key.startswith("gates.")
    ]
    for variant in variants:
        fast = FastEvaluator(variant)
        durable = DurableEngine(variant)
        for item in items:
            full = evaluate_candidate(item.candidate, item.path, variant, durable)
            lean = fast.evaluate(item.candidate)
            assert (lean.track, lean.stopped_at, lean.form, lean.readiness) == (
                full.track,
                full.stopped_at,
                full.form,
                full.readiness,
            ), item.path
            assert lean.gates == tuple((g.id, g.status) for g in full.gates)
