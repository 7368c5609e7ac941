"""The durable-rules traps of DURABLE_RULES.md, one test each, and the engine doing the matching."""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path

import pytest
import yaml

from commonize.api import evaluate_paths, load_rules
from commonize.engine import DurableEngine
from commonize.errors import EngineError, RuleSetError
from commonize.evaluation import evaluate_candidate
from commonize.facts import candidate_fact, normalize_number
from commonize.models import Candidate
from commonize.rules.compiler import MAX_INDICATOR_RULES
from conftest import minimal, strong


def run(data: dict, compiled, engine=None):
    engine = engine or DurableEngine(compiled)
    return evaluate_candidate(Candidate.model_validate(data), "x.yaml", compiled, engine)


@pytest.fixture(scope="module")
def engine(compiled):
    return DurableEngine(compiled)


def test_facts_not_events_every_matching_rule_fires(compiled, engine):
    # Trap 1: an event is consumed by the first rule; facts let every matching rule fire.
    result = run(strong(), compiled, engine)
    fired = {f.id for g in result.gates for f in g.fired}
    assert {"un-citizen-facing", "un-users-100k", "un-users-1m", "un-government-demand"} <= fired


def test_no_id_key_in_facts_and_repeated_evaluation_works(compiled, engine):
    # Trap 2: `id` is durable's identity key; the same content twice raises unless retracted.
    fact = candidate_fact(Candidate.model_validate(strong()), compiled.ruleset.levels)
    assert "id" not in fact and fact["cid"] == "strong"
    first = run(strong(), compiled, engine)
    again = run(strong(), compiled, engine)
    assert first == again


def test_every_pattern_has_a_kind_discriminator(compiled):
    # Trap 3: a pattern of only $nex matches the session document and loops forever.
    for rule in compiled.rules:
        first = rule.pattern["$and"][0]
        assert set(first) == {"kind"}, rule.name


def test_loose_types_are_rejected_when_compiling(rules_copy: Path):
    # Trap 4: the engine matches "9" >= 10; the compiler refuses a text value on a number field.
    gate = rules_copy / "gates" / "2_effect.yaml"
    text = gate.read_text(encoding="utf-8").replace("gte: 1000}", 'gte: "1000"}', 1)
    gate.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_rules(rules_copy)
    problem = err.value.problems[0]
    assert problem.location.path.endswith("2_effect.yaml") and problem.location.line is not None
    assert "does not fit effect.governments_doing" in problem.message


def test_booleans_never_compare_with_numbers(rules_copy: Path):
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    text = gate.read_text(encoding="utf-8").replace(
        "citizen_facing, eq: true}", "citizen_facing, eq: 1}"
    )
    gate.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError, match="true or false"):
        load_rules(rules_copy)


@pytest.mark.parametrize("value", [1e-07, 0.00001, 123456.000001, 1e20, 2.5])
def test_numbers_never_reach_the_engine_in_exponent_form(value):
    # Trap 5: floats written as 1e-07 raise error 204 inside durable-rules.
    assert "e" not in json.dumps(normalize_number(value)).lower()


def test_tiny_percent_evaluates(compiled, engine):
    result = run(strong(user_needs={"online_share_pct": 0.00001}), compiled, engine)
    assert result.track == "commonize"


@pytest.mark.parametrize("failing", [1, 2, 10, 17, 21])
def test_action_exceptions_are_raised_not_swallowed(compiled, monkeypatch, failing):
    # Trap 6: durable-rules' glue stores an action's traceback in the session and carries
    # on. Our driver raises, and the engine stays usable (an abandoned action crashed it).
    eng = DurableEngine(compiled)
    fire = eng._fire
    calls = []

    def boom(message: str) -> None:
        calls.append(message)
        if len(calls) == failing:
            raise RuntimeError("boom")
        fire(message)

    monkeypatch.setattr(eng, "_fire", boom)
    with pytest.raises(EngineError, match="boom") as failed:
        run(strong(), compiled, eng)
    (rule,) = json.loads(calls[-1])
    assert f"rule action failed: {rule}: RuntimeError: boom" in str(failed.value)
    monkeypatch.setattr(eng, "_fire", fire)
    assert eng.live_facts() == []
    assert run(strong(), compiled, eng) == run(strong(), compiled)


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_an_interrupt_inside_an_action_leaves_the_engine_usable(compiled, monkeypatch, interrupt):
    # An action left started holds durable's session lease for about a minute: every later
    # candidate would find no rule firing. The queue is drained before the interrupt goes on.
    eng = DurableEngine(compiled)
    fire = eng._fire
    calls = []

    def stop(message: str) -> None:
        calls.append(message)
        if len(calls) == 3:
            raise interrupt()
        fire(message)

    monkeypatch.setattr(eng, "_fire", stop)
    with pytest.raises(interrupt):
        run(strong(), compiled, eng)
    monkeypatch.setattr(eng, "_fire", fire)
    assert run(strong(), compiled, eng) == run(strong(), compiled)


def test_rule_names_that_json_escapes_are_told_apart(compiled):
    # The fast path reads a fired rule's name as raw text: `a\\` must not shadow `a"b`.
    from commonize.rules.compiler import CompiledRuleset, EngineRule

    names = ["a\\", 'a"b', "plain"]
    rules = tuple(
        EngineRule(name, 1, {"$and": [{"kind": "candidate"}, {"n": i}]})
        for i, name in enumerate(names)
    )
    eng = DurableEngine(CompiledRuleset(compiled.ruleset, rules))
    for i, name in enumerate(names):
        fact = {"kind": "candidate", "cid": f"c{i}", "n": i}
        assert eng.run(fact) == [name]


def test_facts_are_retracted_memory_stays_flat(compiled):
    # Trap 7: unretracted facts cost ~8 kB each; a session holds at most 1,024 ... we use one.
    eng = DurableEngine(compiled)
    for i in range(1100):
        run(strong(id=f"c{i}"), compiled, eng)
    assert eng.live_facts() == []


def test_one_engine_per_rule_set_is_reused(tmp_path: Path, compiled):
    # Trap 8: hosts cost ~350 kB each and cannot be freed: reuse one per process.
    from commonize import pipeline

    (tmp_path / "a.yaml").write_text(yaml.safe_dump(strong()), encoding="utf-8")
    evaluate_paths([tmp_path], compiled)
    engines = dict(pipeline._ENGINES)
    evaluate_paths([tmp_path], compiled)
    assert engines == pipeline._ENGINES and len(engines) == 1


def test_engine_refuses_other_threads(compiled):
    # Trap 9: hosts are not thread-safe; parallelism is by processes.
    eng = DurableEngine(compiled)
    errors = []

    def worker():
        try:
            run(strong(), compiled, eng)
        except EngineError as e:
            errors.append(e)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert errors and "thread" in str(errors[0])


def test_priorities_are_explicit_and_non_negative(compiled):
    # Trap 10: negative pri sorts last. Every rule fires on the one fact, so one explicit
    # priority; routing is a function of what fired, never an engine rule racing scoring.
    assert {r.pri for r in compiled.rules} == {1}
    assert [r.name for r in compiled.rules] == list(compiled.ruleset.rules)


def test_too_many_rules_is_a_rule_set_error(rules_copy: Path):
    # Trap 11: more than 64 rules matching one fact fails inside durable-rules.
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    data = yaml.safe_load(gate.read_text(encoding="utf-8"))
    template = data["rules"][0]
    data["rules"] += [
        copy.deepcopy(dict(template, id=f"extra-{i}")) for i in range(MAX_INDICATOR_RULES)
    ]
    gate.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleSetError, match="indicator rules"):
        load_rules(rules_copy)


def test_batch_apis_are_not_used():
    # Trap 12: post_batch / assert_facts abort on one unmatched fact and run actions late.
    source = (Path(__file__).parents[1] / "src" / "commonize" / "engine.py").read_text()
    assert "assert_facts(" not in source and "post_batch(" not in source


def test_changed_rule_file_changes_outcome_without_python_change(rules_copy: Path):
    # The engine really does the matching: editing data alone moves the candidate.
    data = strong()
    before = run(data, load_rules(rules_copy))
    gate = rules_copy / "gates" / "2_effect.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace("threshold: 6", "threshold: 60"), encoding="utf-8"
    )
    after = run(data, load_rules(rules_copy))
    assert (before.track, after.track) == ("commonize", "joint_procurement")
    assert after.stopped_at == "effect"


def test_unknown_is_never_a_pass(compiled, engine):
    # Nor a failure: a candidate whose route hangs on unknowns gets no track.
    result = run(minimal(), compiled, engine)
    assert result.track is None and result.needs_information
    assert result.possible_tracks == ("commonize", "joint_procurement")
    assert result.stopped_at == "user_needs"
    assert result.gates[0].status == "unknown"
    assert any(u.could_change_outcome for u in result.unknowns)


def test_the_engine_is_given_only_the_keys_patterns_read(compiled, monkeypatch):
    # Every fired rule's message carries the fact: keys no pattern reads (a long name, a
    # text) are left out, and the rest renamed; which rules fire is unchanged.
    from commonize import engine as engine_module

    fact = candidate_fact(Candidate.model_validate(strong()), compiled.ruleset.levels)
    plain = DurableEngine(compiled).run(fact)
    asserted: list[dict] = []
    real = engine_module.dre.assert_fact
    monkeypatch.setattr(
        engine_module.dre,
        "assert_fact",
        lambda handle, text: asserted.append(json.loads(text)) or real(handle, text),
    )
    padded = fact | {"unread__text": "x" * 10_000}
    assert DurableEngine(compiled).run(padded) == plain
    (sent,) = asserted
    read = {k for r in compiled.rules for k in engine_module._pattern_keys(r.pattern)}
    assert [k for k in fact if k not in read and k != "cid"]  # the fact has unread keys
    assert len(sent) == len([k for k in fact if k in read]) + 1  # and the cid
    assert sent["cid"] == fact["cid"] and "x" * 10_000 not in json.dumps(sent)


def test_pattern_renaming_keeps_operators_and_values():
    from commonize.engine import _pattern_keys, _renamed

    pattern = {
        "$and": [
            {"kind": "candidate"},
            {"$or": [{"$gte": {"a__lo": 5}}, {"b": "$literal"}]},
        ]
    }
    assert sorted(_pattern_keys(pattern)) == ["a__lo", "b", "kind"]
    assert _renamed(pattern, {"kind": "f0", "a__lo": "f1", "b": "f2"}) == {
        "$and": [{"f0": "candidate"}, {"$or": [{"$gte": {"f1": 5}}, {"f2": "$literal"}]}]
    }
