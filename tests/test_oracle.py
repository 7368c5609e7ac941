"""durable-rules and the pure-Python oracle fire the same rules on the same compiled rule set."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonize.api import load_candidates
from commonize.engine import DurableEngine
from commonize.evaluation import evaluate_candidate
from commonize.models import Candidate
from commonize.oracle import OracleEngine, matches
from strategies import candidates

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def engines(compiled):
    return DurableEngine(compiled), OracleEngine(compiled)


def _both(candidate: Candidate, compiled, engines):
    durable, oracle = engines
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
    assert a.track in {"standardize", "commonize", "joint_procurement"}


def test_oracle_rejects_multi_key_patterns():
    with pytest.raises(ValueError):
        matches({"a": 1, "b": 2}, {"a": 1, "b": 2})


@pytest.mark.parametrize(
    ("pattern", "fact", "expected"),
    [
        ({"$neq": {"x": 1}}, {}, False),  # missing never matches, $neq included
        ({"x": True}, {"x": 1}, False),  # no loose bool/int equality
        ({"$gte": {"x": 10}}, {"x": "9"}, False),  # no text/number comparison
        ({"$or": [{"x": 1}, {"x": 2}]}, {"x": 2}, True),
    ],
)
def test_oracle_is_strict(pattern, fact, expected):
    assert matches(pattern, fact) is expected
