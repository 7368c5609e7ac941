"""Counterfactuals: every reported change really changes the outcome, and is the nearest one."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from commonize.analysis.regions import is_integer
from commonize.analysis.whatif import IndicatorChange, whatif
from commonize.analysis.whatif_render import write_whatif
from commonize.api import load_candidates
from commonize.cli import app
from commonize.engine import DurableEngine
from commonize.evaluation import evaluate_candidate
from commonize.models import Candidate
from conftest import CANDIDATES, strong

# Stops at the expected effect with 5 of 6: 1,200 governments, JPY 2 bn, 12% saving, low variation.
NEAR = strong(
    id="near",
    effect={
        "governments_doing": 1200,
        "annual_cost_jpy": 2_000_000_000,
        "annual_staff_hours": 10,
        "expected_cost_reduction_pct": 12,
        "expected_staff_hours_reduction_pct": 0,
        "variation_between_governments": "low",
        "realtime_data_value": "low",
    },
)


@pytest.fixture(scope="module")
def engine(compiled):
    return DurableEngine(compiled)


def with_value(candidate: Candidate, path: str, value: Any) -> Candidate:
    data = candidate.model_dump()
    node = data
    *parents, leaf = path.split(".")
    for part in parents:
        node = node[part]
    node[leaf] = value
    return Candidate.model_validate(data)


def outcome(candidate: Candidate, compiled, engine) -> tuple[str, str | None]:
    r = evaluate_candidate(candidate, "x.yaml", compiled, engine)
    return r.track, r.stopped_at


def _just_outside(c: IndicatorChange) -> Any:
    """The value next to the span on the side of the current value."""
    step = 1 if is_integer(c.field) else 0.01
    if c.span.low is not None and c.current < c.span.low + (0 if c.span.low_closed else step):
        return c.span.low - step if c.span.low_closed else c.span.low
    return c.span.high + step if c.span.high_closed else c.span.high


def test_the_issue_example(compiled, engine):
    candidate = Candidate.model_validate(NEAR)
    assert outcome(candidate, compiled, engine) == ("joint_procurement", "effect")
    w = whatif(candidate, compiled)
    (first,) = [c for c in w.track_changes if c.field == "effect.expected_cost_reduction_pct"]
    assert (first.current, first.example) == (12, 20)
    assert (first.outcome.track, first.outcome.form, first.outcome.readiness) == (
        "commonize",
        "common_saas",
        "go",
    )
    out = io.StringIO()
    write_whatif(w, compiled.ruleset, "en", out)
    assert (
        "  - if expected cost reduction were at least 20% instead of 12% → Commonize (Common SaaS / Go)"
        " [effect.expected_cost_reduction_pct]\n"
    ) in out.getvalue()
    out = io.StringIO()
    write_whatif(w, compiled.ruleset, "ja", out)
    assert "費用削減の見込みが12%ではなく20%以上なら → 共通化 (共通SaaS / 推進)" in out.getvalue()


def test_every_change_on_every_shipped_candidate_is_real_and_nearest(compiled, engine):
    items = [i for i in load_candidates([CANDIDATES], compiled.ruleset) if i.candidate]
    checked = 0
    for item in items:
        w = whatif(item.candidate, compiled)
        base = outcome(item.candidate, compiled, engine)
        assert (w.outcome.track, w.outcome.stopped_at) == base
        if item.candidate.standardized_business:
            assert w.changes == ()
        for c in w.changes:
            for value in c.values or (c.example,):
                changed = outcome(with_value(item.candidate, c.field, value), compiled, engine)
                assert changed == (c.outcome.track, c.outcome.stopped_at) != base, (item.path, c)
                assert c.changes_track == (changed[0] != base[0])
            if c.span.numeric and c.current is not None:
                nearer = _just_outside(c)
                assert (
                    outcome(with_value(item.candidate, c.field, nearer), compiled, engine) == base
                ), (item.path, c)
            checked += 1
    assert checked > 20


def test_unknown_indicators_say_what_knowing_them_would_do(compiled):
    data = strong(
        effect={
            "expected_cost_reduction_pct": None,
            "annual_cost_jpy": 2_000_000_000,
            "governments_doing": 1200,
            "annual_staff_hours": 10,
            "expected_staff_hours_reduction_pct": 0,
        }
    )
    w = whatif(Candidate.model_validate(data), compiled)
    assert w.outcome.stopped_at == "effect" and w.outcome.track is None  # needs information
    unknown = [c for c in w.changes if c.field == "effect.expected_cost_reduction_pct"]
    assert unknown and all(c.current is None for c in unknown)
    # Knowing it settles the route either way: below 20% (a cost increase included) it stops
    # at effect, from 20% on it is commonized.
    assert {(c.span.low, c.outcome.track) for c in unknown} == {
        (-1000, "joint_procurement"),
        (20, "commonize"),
    }
    out = io.StringIO()
    write_whatif(w, compiled.ruleset, "en", out)
    # 10% to 20% would add a point, not enough: only 20% and more changes the track.
    assert (
        "if expected cost reduction, now unknown, were at least 20% → Commonize" in out.getvalue()
    )
    assert sorted(c.span.low for c in unknown) == [-1000, 20]


def test_a_result_works_as_well_as_a_candidate(compiled, engine):
    path = CANDIDATES / "library-system.yaml"
    (item,) = load_candidates([path], compiled.ruleset)
    result = evaluate_candidate(item.candidate, path.as_posix(), compiled, engine)
    assert whatif(result, compiled) == whatif(item.candidate, compiled)


def test_categories_with_the_same_outcome_are_one_change(compiled):
    w = whatif(Candidate.model_validate(NEAR), compiled)
    realtime = [c for c in w.changes if c.field == "effect.realtime_data_value"]
    assert [(set(c.values), c.outcome.track) for c in realtime] == [
        ({"medium", "high"}, "commonize")
    ]


def test_cli_text_json_and_errors():
    runner = CliRunner()
    text = runner.invoke(app, ["whatif", "library-system", "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith(
        "library-system  Library management system  (candidates/library-system.yaml)\nNow: Commonize"
    )
    js = runner.invoke(app, ["whatif", "library-system", "-f", "json"])
    doc = json.loads(js.stdout)
    assert doc["format"] == "commonize-whatif" and doc["outcome"]["track"] == "commonize"
    assert all({"field", "span", "outcome", "changes_track"} <= set(c) for c in doc["changes"])
    std = runner.invoke(app, ["whatif", "koseki", "--lang", "en"])
    assert "no indicator changes the track" in std.stdout
    missing = runner.invoke(app, ["whatif", "library-sytem"])
    assert missing.exit_code == 2 and "did you mean 'library-system'?" in missing.stderr
