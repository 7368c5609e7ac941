"""Random rule sets: lint never crashes, its bounds are sound, the compiled routing never has a
gap or overlap, and rule tests written from one evaluation pass and fail exactly when it moves."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonize.analysis.bounds import gate_range
from commonize.analysis.lint import lint
from commonize.analysis.outcomes import FastEvaluator
from commonize.analysis.regions import is_integer
from commonize.analysis.ruletest import collect
from commonize.analysis.ruletest import run as runner
from commonize.api import default_rules_dir, load_rules
from commonize.facts import candidate_fact, normalize_number
from commonize.fields import catalogue
from commonize.models import Candidate
from commonize.oracle import OracleEngine
from commonize.scoring import score
from strategies import candidates

GATES = ("user_needs", "effect", "feasibility")
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _number(path: str):
    spec = catalogue()[path]
    hi = min(spec.maximum or 2000, 2000)
    lo = spec.minimum or 0
    ints = st.integers(int(lo), int(hi))
    return (
        ints
        if is_integer(path)
        else st.one_of(ints, st.floats(lo, hi, allow_nan=False).map(lambda x: round(x, 2)))
    )


@st.composite
def leaves(draw) -> dict:
    path = draw(st.sampled_from(sorted(catalogue())))
    spec = catalogue()[path]
    if spec.kind == "bool":
        return {"field": path, draw(st.sampled_from(["eq", "neq"])): draw(st.booleans())}
    if spec.kind == "enum":
        op = draw(st.sampled_from(["eq", "neq", "in"]))
        if op == "in":
            return {
                "field": path,
                "in": draw(
                    st.lists(st.sampled_from(spec.choices), min_size=1, max_size=3, unique=True)
                ),
            }
        return {"field": path, op: draw(st.sampled_from(spec.choices))}
    op = draw(st.sampled_from(["gte", "gt", "lt", "lte", "eq", "neq"]))
    return {"field": path, op: draw(_number(path))}


conditions = st.one_of(
    leaves(),
    st.builds(
        lambda op, items: {op: items},
        st.sampled_from(["all", "any"]),
        st.lists(leaves(), min_size=1, max_size=3),
    ),
)


@st.composite
def rule_sets(draw) -> dict[str, dict]:
    counter = iter(range(1000))
    out = {}
    for gate in GATES:
        rules = [
            {
                "id": f"r{next(counter)}",
                "when": draw(conditions),
                "points": draw(st.integers(-3, 3)),
                "clause": "criteria-1",
                "reason": {"ja": "理由", "en": "A reason"},
            }
            for _ in range(draw(st.integers(1, 5)))
        ]
        out[gate] = {
            "gate": gate,
            "label": {"ja": "基準", "en": "A gate"},
            "clause": "criteria-1",
            "threshold": draw(st.integers(-4, 10)),
            "rules": rules,
        }
    return out


def _materialize(tmp: Path, gates: dict[str, dict]) -> Path:
    rules = tmp / "rules"
    (rules / "gates").mkdir(parents=True)
    for name in ("ruleset.yaml", "standardized_businesses.yaml", "levels.yaml"):
        shutil.copy(default_rules_dir() / name, rules / name)
    for i, (gate, data) in enumerate(gates.items()):
        # JSON is YAML: no yaml import needed outside the loader.
        (rules / "gates" / f"{i}_{gate}.yaml").write_text(
            json.dumps(data, ensure_ascii=False), encoding="utf-8"
        )
    return rules


@SETTINGS
@given(rule_sets(), st.lists(candidates(), min_size=1, max_size=8))
def test_lint_is_sound_on_random_rule_sets(gates, sample):
    with tempfile.TemporaryDirectory() as tmp:
        compiled = load_rules(_materialize(Path(tmp), gates))
        findings = lint(compiled)
        assert all(Path(f.location.path).is_relative_to(tmp) for f in findings)
        # Routing is one function that excludes commonization whenever a forbidding rule
        # fires: lint must never find it otherwise, whatever the rules.
        assert not [f for f in findings if f.code == "forbidden-track-recommended"]
        unreachable = {
            f.message.split(":")[0].split()[-1]
            for f in findings
            if f.code == "unreachable-threshold"
        }
        evaluator = FastEvaluator(compiled)
        for data in sample:
            fact = candidate_fact(Candidate.model_validate(data), compiled.ruleset.levels)
            scores = {g.id: g for g in score(compiled.ruleset, fact, evaluator.fired(fact))}
            for gate in compiled.ruleset.gates:
                r = gate_range(gate)
                s = scores[gate.id]
                assert r.lowest <= s.minimum <= r.highest
                if gate.id in unreachable:
                    assert s.minimum < gate.threshold


def _rounded(value):
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, float):
        return normalize_number(value)
    return value


@SETTINGS
@given(rule_sets(), st.lists(candidates(standardized=st.none()), min_size=1, max_size=6))
def test_rule_tests_written_from_an_evaluation_pass_and_catch_a_moved_threshold(gates, sample):
    with tempfile.TemporaryDirectory() as tmp:
        rules = _materialize(Path(tmp), gates)
        compiled = load_rules(rules)
        oracle = OracleEngine(compiled)
        from commonize.evaluation import evaluate_candidate

        # The test file is JSON read as YAML 1.1, which reads 1e-05 as text: round floats
        # the way facts are normalized, and evaluate exactly what the file will say.
        sample = [_rounded(data) for data in sample]
        cases = []
        for i, data in enumerate(sample):
            r = evaluate_candidate(Candidate.model_validate(data), "x", compiled, oracle)
            fired = sorted({f.id for g in r.gates for f in g.fired})
            expect = {
                "track": r.verdict,
                "stopped_at": r.stopped_at,
                "form": r.form,
                "readiness": r.readiness,
                "provisional": r.provisional,
                "gates": {
                    g.id: {"status": g.status, "score": g.score, "examined": g.examined}
                    for g in r.gates
                },
                "must_fire": fired,
                "must_not_fire": sorted(set(compiled.ruleset.rules) - set(fired)),
            }
            cases.append({"name": f"case {i}", "candidate": data, "expect": expect})
        test_file = Path(tmp) / "t.yaml"
        test_file.write_text(json.dumps({"cases": cases}, ensure_ascii=False), encoding="utf-8")
        files = collect.collect([test_file], compiled.ruleset)
        results = runner.run(files, compiled, OracleEngine)
        assert [c.status for c in results[0].cases] == ["pass"] * len(sample)

        moved = load_rules(rules, {"gates.effect.threshold": gates["effect"]["threshold"] + 1})
        after = runner.run(collect.collect([test_file], moved.ruleset), moved, OracleEngine)
        for case, data in zip(after[0].cases, sample, strict=True):
            r = evaluate_candidate(Candidate.model_validate(data), "x", moved, OracleEngine(moved))
            changed = r.verdict != case.spec.expect.track or any(
                g.status != case.spec.expect.gates[g.id].status for g in r.gates
            )
            assert (case.status == "fail") == changed
