"""Broken rule files stop the run with exit-code-3 errors naming file:line; edits take effect."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonize.api import evaluate_paths, load_rules
from commonize.errors import EXIT_RULES, RuleSetError, UsageError
from commonize.explain import explain
from commonize.rules.load import load_ruleset


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(rules: Path) -> list:
    with pytest.raises(RuleSetError) as err:
        load_rules(rules)
    assert err.value.exit_code == EXIT_RULES
    return err.value.problems


def test_shipped_rules_load(compiled):
    rs = compiled.ruleset
    assert [g.id for g in rs.gates] == ["user_needs", "effect", "feasibility"]
    assert len(rs.businesses) == 20
    assert len(rs.sha256) == 64


def test_unknown_operator(rules_copy):
    gate = rules_copy / "gates" / "2_effect.yaml"
    edit(
        gate,
        "{field: effect.governments_doing, gte: 1000}",
        "{field: effect.governments_doing, gt3: 1000}",
    )
    (p,) = problems(rules_copy)
    assert (p.location.path, p.location.line, p.location.column) == (str(gate), 12, 45)
    assert "unknown operator 'gt3'" in p.message


def test_unknown_field_suggests(rules_copy):
    edit(
        rules_copy / "gates" / "2_effect.yaml",
        "effect.governments_doing, gte: 1000",
        "effect.government_doing, gte: 1000",
    )
    (p,) = problems(rules_copy)
    assert "did you mean 'effect.governments_doing'" in p.message


def test_threshold_of_wrong_type(rules_copy):
    edit(rules_copy / "gates" / "3_feasibility.yaml", "threshold: 4", 'threshold: "four"')
    (p,) = problems(rules_copy)
    assert p.field == "threshold" and p.location.line is not None


def test_unknown_clause_and_duplicate_rule_id(rules_copy):
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    edit(gate, "clause: criteria-1\n    reason:", "clause: criteria-9\n    reason:")
    edit(gate, "id: un-users-1m", "id: un-users-100k")
    messages = " | ".join(p.message for p in problems(rules_copy))
    assert "unknown policy clause 'criteria-9'" in messages
    assert "rule id 'un-users-100k' is also used at" in messages


def test_gate_listed_but_missing(rules_copy):
    (rules_copy / "gates" / "3_feasibility.yaml").unlink()
    (p,) = problems(rules_copy)
    assert "no file in gates/ defines gate 'feasibility'" in p.message
    assert p.location.path.endswith("ruleset.yaml") and p.location.line is not None


def test_yaml_error_in_rule_file(rules_copy):
    (rules_copy / "gates" / "2_effect.yaml").write_text(
        "gate: effect\nrules: [\n", encoding="utf-8"
    )
    (p,) = problems(rules_copy)
    assert "YAML syntax error" in p.message and p.location.line is not None


def test_not_a_rule_set_directory(tmp_path):
    with pytest.raises(RuleSetError, match=r"ruleset\.yaml"):
        load_ruleset(tmp_path)


def test_hash_ignores_comments_but_not_numbers(rules_copy):
    before = load_ruleset(rules_copy).sha256
    edit(rules_copy / "gates" / "2_effect.yaml", "# Gate ②", "# A new comment\n# Gate ②")
    assert load_ruleset(rules_copy).sha256 == before
    edit(rules_copy / "gates" / "2_effect.yaml", "threshold: 6", "threshold: 7")
    assert load_ruleset(rules_copy).sha256 != before


def test_set_overrides(rules_copy):
    rs = load_ruleset(rules_copy, {"gates.effect.threshold": 7, "rules.ef-wide-1000.points": 3})
    assert rs.gate("effect").threshold == 7 and rs.rules["ef-wide-1000"].points == 3
    with pytest.raises(UsageError):
        load_ruleset(rules_copy, {"rules.nope.points": 1})
    with pytest.raises(UsageError):
        load_ruleset(rules_copy, {"gates.effect.label": 1})


@pytest.mark.parametrize("bad", ["\\0", "\\x1b[31m", "\\u202e"])
def test_rule_texts_are_plain_text(rules_copy, bad):
    # A NUL, an escape sequence or a bidi override would reach reports and JSON as is.
    edit(
        rules_copy / "gates" / "3_feasibility.yaml",
        "ja: 参加団体の条例・規則の改正",
        f'ja: "参加団体の{bad}条例・規則の改正"',
    )
    (p,) = problems(rules_copy)
    assert p.location.path.endswith("3_feasibility.yaml") and p.location.line is not None
    assert p.field is not None and p.field.endswith("condition.ja")


def test_explanation_clauses_come_from_the_rule_set(rules_copy):
    koseki = Path(__file__).parent / "examples" / "golden" / "candidates" / "koseki.yaml"
    ruleset = rules_copy / "ruleset.yaml"
    edit(ruleset, "standardize_first: track-a", "standardize_first: target-total-cost")
    batch = evaluate_paths([koseki], load_rules(rules_copy))
    (result,) = batch.results
    lines = explain(result, batch.ruleset).why_not["commonize"]
    assert [line.clause for line in lines] == ["target-total-cost"]


def test_a_rule_set_from_before_explanation_clauses_still_loads(rules_copy):
    # Forks, old revisions (diff --rules-ref) and the rules of old decision records have no
    # explanation_clauses: they explain with the clauses cited before the key existed.
    ruleset = rules_copy / "ruleset.yaml"
    text = ruleset.read_text(encoding="utf-8")
    start = text.index("explanation_clauses:")
    end = text.index("\n\n", start)
    ruleset.write_text(text[:start] + text[end + 2 :], encoding="utf-8")
    cites = load_rules(rules_copy).ruleset.meta.explanation_clauses
    assert (cites.not_standardized, cites.standardize_first) == ("track-a", "track-a")
    assert (cites.not_examined, cites.feasibility_outcome) == ("funnel", "feasibility-study")
    assert cites.voluntary == "voluntary"


def test_an_unknown_explanation_clause_stops_the_load(rules_copy):
    ruleset = rules_copy / "ruleset.yaml"
    edit(ruleset, "voluntary: voluntary", "voluntary: volunteer")
    (p,) = problems(rules_copy)
    assert "unknown policy clause 'volunteer'" in p.message
    line = ruleset.read_text(encoding="utf-8").splitlines()[p.location.line - 1]
    assert line.lstrip().startswith("voluntary: volunteer")
