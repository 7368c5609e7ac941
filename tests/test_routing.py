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
                "disaster_relevance": "none",
            }
        )
    )
    # un-citizen-facing 2 + un-residents-everywhere 2 (every municipality's residents).
    assert r.gates[0].score == threshold and r.gates[0].passed


def test_unknown_that_could_only_subtract_is_a_risk_not_a_stop(evaluate):
    # Gates are judged on known evidence: an unknown rule with negative points does not hold
    # back a gate met on evidence, but its fields are listed as able to change the outcome.
    r = evaluate(
        strong(
            solution={"general_tool": False, "joint_procurement_prefectures": None},
            feasibility={"national_role": None},
            effect={"annual_cost_jpy": 0},  # 7 points: one unknown -2 away from 5 of 6
        )
    )
    effect = r.gates[1]
    assert effect.status == "pass" and effect.minimum < effect.score
    assert r.track == "commonize"
    changing = {u.field for u in r.unknowns if u.could_change_outcome}
    assert "solution.joint_procurement_prefectures" in changing


def test_unknown_that_could_add_points_leaves_the_route_open(evaluate):
    r = evaluate(
        strong(
            effect={
                "annual_cost_jpy": None,
                "governments_doing": 1000,
                "expected_cost_reduction_pct": 0,
            }
        )
    )
    effect = r.gates[1]
    assert effect.status == "unknown" and effect.score < effect.threshold <= effect.maximum
    assert r.track is None and r.possible_tracks == ("commonize", "joint_procurement")
    assert r.stopped_at == "effect"
    assert r.unknowns[0].field == "effect.annual_cost_jpy" and r.unknowns[0].swing == 2


def test_a_gate_not_met_on_evidence_decides_whatever_an_earlier_open_gate_does(evaluate):
    # ① is open, ② is not met even at best: every way ① goes ends in joint procurement.
    r = evaluate(
        strong(
            user_needs={
                "citizen_facing": None,
                "users_per_year": None,
                "requesting_governments": None,
                "survey_support_pct": None,
            },
            effect={
                "governments_doing": 10,
                "annual_cost_jpy": 0,
                "expected_cost_reduction_pct": 0,
            },
        )
    )
    assert r.gates[0].status == "unknown" and r.gates[1].status == "fail"
    assert (r.track, r.stopped_at) == ("joint_procurement", "effect")


def test_a_forbidding_rule_rules_commonization_out_even_with_every_gate_met(evaluate, compiled):
    r = evaluate(
        strong(solution={"general_tool": True}, effect={"variation_between_governments": "none"})
    )
    assert all(g.passed for g in r.gates[:2])
    assert (r.track, r.stopped_at) == ("joint_procurement", "effect")
    lines = explain(r, compiled.ruleset).verdict
    assert any("not waivable" in line.text["en"] for line in lines)


def test_feasibility_outcomes_another_method_and_shelve(evaluate):
    failed = {"pilot": {"status": "completed", "result": "failure"}, "market_products": 0}
    another = evaluate(strong(feasibility=failed))
    assert (another.track, another.readiness) == ("joint_procurement", "another_method")
    hopeless = evaluate(
        strong(
            feasibility={
                **failed,
                "legal_change": "national_law",
                "network_segment": "individual_number",
                "personal_data": "special_care",
                "contracts_end_year": 2035,
            }
        )
    )
    assert hopeless.gates[2].maximum < 0
    assert (hopeless.track, hopeless.readiness) == ("joint_procurement", "shelve")


@pytest.mark.parametrize(
    ("level", "status"), [("all", "pass"), ("most", "unknown"), ("few", "fail")]
)
def test_a_level_word_proves_only_what_its_whole_range_proves(evaluate, level, status):
    # governments_doing: all = [1700, 1788] meets gte 1000 and 1700; most = [900, 1788] does
    # not prove gte 1000; few = [1, 19] disproves both.
    r = evaluate(
        strong(
            effect={
                "governments_doing": {"level": level, "source": "estimate"},
                "annual_cost_jpy": 0,
                "annual_staff_hours": 0,
                "expected_cost_reduction_pct": 0,
                "expected_staff_hours_reduction_pct": 0,
            },
            user_needs={
                "citizen_facing": False,
                "requesting_governments": 300,
                "survey_support_pct": 70,
                "users_per_year": 5_000_000,
            },
        )
    )
    fired = {f.id for f in r.gates[1].fired}
    assert ("ef-wide-1000" in fired) == (status == "pass")
    assert ("ef-wide-1000" in r.gates[1].unknown) == (status == "unknown")


def test_form_aware_criteria_do_not_penalize_national_dpi_for_what_it_is_made_of(evaluate):
    dpi = strong(
        solution={"shape": "authentication"},
        feasibility={
            "legal_change": "national_law",
            "network_segment": "individual_number",
            "personal_data": "special_care",
            "market_products": 0,
            "contracts_end_year": 2035,
        },
    )
    saas = strong(feasibility=dpi["feasibility"])
    fired_dpi = {f.id for f in evaluate(dpi).gates[2].fired}
    fired_saas = {f.id for f in evaluate(saas).gates[2].fired}
    penalties = {"fe-national-law", "fe-mynumber-segment", "fe-special-care-data"}
    assert penalties <= fired_saas and not penalties & fired_dpi


def test_minimal_candidate_is_provisional_at_first_gate(evaluate):
    r = evaluate(minimal())
    assert r.stopped_at == "user_needs" and r.gates[0].status == "unknown"


def test_an_unknown_forbidding_rule_alone_leaves_the_route_open_at_its_gate(evaluate):
    # Every gate met on evidence; whether it is a general tool is unknown, and a general
    # tool cannot be commonized: both tracks stay possible.
    r = evaluate(strong(solution={"general_tool": None}))
    assert all(g.passed for g in r.gates)
    assert (r.track, r.stopped_at) == (None, "effect")
    assert r.possible_tracks == ("commonize", "joint_procurement")
    assert r.unknowns[0].field == "solution.general_tool" and r.unknowns[0].could_change_outcome
