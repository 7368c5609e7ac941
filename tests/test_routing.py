"""Each gate and each routing branch of the shipped rule set, with the explanation it gives."""

from __future__ import annotations

import pytest

from commonize.engine import DurableEngine
from commonize.evaluation import evaluate_candidate
from commonize.explain import explain
from commonize.models import Candidate
from conftest import minimal, strong


@pytest.fixture(scope="module")
def evaluate(compiled):
    engine = DurableEngine(compiled)

    def go(data: dict):
        return evaluate_candidate(Candidate.model_validate(data), "x.yaml", compiled, engine)

    return go


def test_standardized_business_is_standardized(evaluate, compiled):
    r = evaluate(strong(standardized_business="koseki"))
    assert r.track == "standardize" and r.stopped_at is None and r.form is None
    assert not any(g.examined for g in r.gates)
    ex = explain(r, compiled.ruleset)
    assert ex.verdict[0].clause == "track-a" and "戸籍" in ex.verdict[0].text["ja"]
    assert set(ex.why_not) == {"commonize", "joint_procurement"}


def test_all_gates_pass_commonize_go_common_saas(evaluate, compiled):
    r = evaluate(strong())
    assert (r.track, r.form, r.readiness) == ("commonize", "common_saas", "go")
    assert all(g.passed and g.examined for g in r.gates)
    ex = explain(r, compiled.ruleset)
    assert any(line.clause == "cost-saas" for line in ex.verdict)
    assert ex.why_not["joint_procurement"][0].clause == "track-b"


@pytest.mark.parametrize(
    ("shape", "form"),
    [
        ("authentication", "dpi"),
        ("base_registry", "dpi"),
        ("data_hub", "dpi"),
        ("cloud", "infrastructure"),
        ("network", "infrastructure"),
    ],
)
def test_shape_decides_the_form(evaluate, shape, form):
    assert evaluate(strong(solution={"shape": shape})).form == form


def test_conditions_make_readiness_conditional(evaluate):
    r = evaluate(strong(feasibility={"legal_change": "ordinance", "size_differentiated": True}))
    assert (r.track, r.readiness) == ("commonize", "conditional")
    assert {f.id for f in r.conditions} == {"fe-ordinance-change", "fe-size-differentiated"}


def test_unknown_shape_leaves_form_open_and_says_so(evaluate):
    r = evaluate(strong(solution={"shape": None}))
    assert r.track == "commonize" and r.form is None
    assert any(u.field == "solution.shape" and u.could_change_outcome for u in r.unknowns)


def test_stops_at_user_needs(evaluate, compiled):
    r = evaluate(
        strong(
            user_needs={
                "citizen_facing": False,
                "requesting_governments": 10,
                "users_per_year": 500,
                "disaster_relevance": "none",
            }
        )
    )
    assert (r.track, r.stopped_at) == ("joint_procurement", "user_needs")
    assert [g.examined for g in r.gates] == [True, False, False]
    assert r.gates[0].status == "fail" and r.gates[0].margin < 0
    why = explain(r, compiled.ruleset).why_not["commonize"]
    assert "un-citizen-facing" in r.gates[0].not_fired
    assert any("Not met" in line.text["en"] for line in why)


def test_stops_at_effect(evaluate):
    r = evaluate(
        strong(
            effect={"governments_doing": 300, "annual_cost_jpy": 100_000_000},
            solution={"general_tool": True},
        )
    )
    assert (r.track, r.stopped_at) == ("joint_procurement", "effect")
    assert [g.examined for g in r.gates] == [True, True, False]


def test_stops_at_feasibility(evaluate):
    r = evaluate(
        strong(
            feasibility={
                "legal_change": "national_law",
                "responsible_ministry_identified": False,
                "market_products": 0,
                "pilot": {"status": "completed", "result": "failure"},
            }
        )
    )
    assert (r.track, r.stopped_at) == ("joint_procurement", "feasibility")
    assert r.gates[2].status == "fail"


def test_threshold_is_inclusive(evaluate, compiled):
    # Exactly at the threshold passes: gates use >=.
    threshold = compiled.ruleset.gate("user_needs").threshold
    r = evaluate(
        strong(
            user_needs={
                "users_per_year": 10,
                "online_share_pct": 90,
                "requesting_governments": 0,
                "survey_support_pct": 10,
                "disaster_relevance": "high",
            }
        )
    )
    assert r.gates[0].score == threshold and r.gates[0].passed


def test_unknown_that_could_fail_a_gate_is_not_a_pass(evaluate):
    # Negative rules on unknown fields lower the minimum: a gate passes only on its minimum.
    r = evaluate(
        strong(
            solution={"general_tool": None, "joint_procurement_prefectures": None},
            effect={"annual_cost_jpy": None, "realtime_data_value": None},
        )
    )
    effect = r.gates[1]
    assert effect.status == "unknown" and effect.minimum < effect.threshold <= effect.maximum
    assert r.stopped_at == "effect" and r.provisional
    changing = {u.field for u in r.unknowns if u.could_change_outcome}
    assert {"solution.general_tool", "solution.joint_procurement_prefectures"} <= changing


def test_minimal_candidate_is_provisional_at_first_gate(evaluate):
    r = evaluate(minimal())
    assert r.stopped_at == "user_needs" and r.gates[0].status == "unknown"
