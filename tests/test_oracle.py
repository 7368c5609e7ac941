"""Differential test: durable-rules and the condition evaluator fire the same rules.

durable-rules is the engine `evaluate` runs; every analysis runs the pure evaluator
(``rules.conditions.evaluate`` through ``OracleEngine``). They must agree on every shipped
and generated candidate, figures and level words alike, or an analysis would explain a
result the engine never gave.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonize.api import load_candidates
from commonize.engine import DurableEngine
from commonize.evaluation import evaluate_candidate
from commonize.facts import candidate_fact
from commonize.models import Candidate
from commonize.oracle import OracleEngine
from commonize.rules.conditions import evaluate, parse
from strategies import candidates

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def engines(compiled):
    return DurableEngine(compiled), OracleEngine(compiled)


def _both(candidate: Candidate, compiled, engines):
    durable, oracle = engines
    fact = candidate_fact(candidate, compiled.ruleset.levels)
    assert sorted(durable.run(fact)) == sorted(oracle.run(fact))
    a = evaluate_candidate(candidate, "x.yaml", compiled, durable)
    b = evaluate_candidate(candidate, "x.yaml", compiled, oracle)
    return a, b


def test_shipped_candidates_agree(compiled, engines):
    loaded = [
        item for item in load_candidates([ROOT / "candidates"], compiled.ruleset) if item.candidate
    ]
    assert len(loaded) >= 35
    for item in loaded:
        a, b = _both(item.candidate, compiled, engines)
        assert a == b, item.path


businesses = st.one_of(st.none(), st.sampled_from(["koseki", "kaigo_hoken"]))


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(candidates(standardized=businesses))
def test_generated_candidates_agree(compiled, engines, data):
    a, b = _both(Candidate.model_validate(data), compiled, engines)
    assert a == b
    if a.track is None:
        assert len(a.possible_tracks) > 1
    else:
        assert a.possible_tracks == (a.track,)


def _fact(lo, hi=None):
    fact = {"kind": "candidate", "effect__governments_doing__lo": lo}
    if hi is not None:
        fact["effect__governments_doing__hi"] = hi
    return fact


@pytest.mark.parametrize(
    ("when", "fact", "expected"),
    [
        # An exact figure decides.
        ({"field": "effect.governments_doing", "gte": 1000}, _fact(1000, 1000), True),
        ({"field": "effect.governments_doing", "gte": 1000}, _fact(999, 999), False),
        # A range decides only when every value of it agrees.
        ({"field": "effect.governments_doing", "gte": 1000}, _fact(1700, 1788), True),
        ({"field": "effect.governments_doing", "gte": 1000}, _fact(900, 1788), None),
        ({"field": "effect.governments_doing", "lt": 1000}, _fact(20, 299), True),
        ({"field": "effect.governments_doing", "gte": 1000}, _fact(300), None),  # no top
        ({"field": "effect.governments_doing", "lt": 10}, _fact(300), False),
        ({"field": "effect.governments_doing", "eq": 5}, _fact(0, 4), False),
        ({"field": "effect.governments_doing", "neq": 5}, _fact(0, 9), None),
        # Unknown is neither true nor false; any/all follow Kleene's logic.
        ({"field": "solution.general_tool", "eq": True}, {}, None),
        (
            {
                "any": [
                    {"field": "solution.general_tool", "eq": True},
                    {"field": "effect.governments_doing", "gte": 1},
                ]
            },
            _fact(5, 5),
            True,
        ),
        (
            {
                "all": [
                    {"field": "solution.general_tool", "eq": True},
                    {"field": "effect.governments_doing", "gte": 10},
                ]
            },
            _fact(5, 5),
            False,
        ),
    ],
)
def test_evaluator_is_three_valued_over_ranges(when, fact, expected):
    assert evaluate(parse(when), fact) is expected
