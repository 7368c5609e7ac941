"""The generated rulebook: committed copies are current, texts are escaped, words are complete."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonize import labels
from commonize.analysis import rulebook, words
from commonize.analysis.regions import Region
from commonize.api import load_rules
from commonize.cli import app
from commonize.fields import catalogue
from commonize.rules.conditions import parse

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_committed_rulebook_is_up_to_date(compiled, lang, update_golden):
    path = DOCS / f"rulebook.{lang}.md"
    text = rulebook.markdown(compiled, lang)
    if update_golden:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{path.name} is stale: run `uv run commonize rules doc --lang {lang} -o docs/{path.name}`"
    )


def test_rulebook_names_every_rule_with_its_condition_points_and_clause(compiled):
    en = rulebook.markdown(compiled, "en")
    for gate in compiled.ruleset.gates:
        assert f"## {gate.label.en}" in en and f"Threshold **{gate.threshold}** points" in en
        for rule in gate.rules:
            row = next(line for line in en.splitlines() if line.startswith(f"| `{rule.id}` |"))
            assert words.condition(rule.when, "en") in row and f"`{rule.clause}`" in row
            assert row.split(" | ")[2] == (f"{rule.points:+}" if rule.points else "0")
    assert "(the rules give -11 to 17)" in en  # bounds count exclusive rules once


def test_every_indicator_has_words_in_both_languages():
    assert set(labels.catalogue()["fields"]) == set(catalogue())
    values = labels.catalogue()["values"]
    for spec in catalogue().values():
        for choice in spec.choices:
            assert choice in values or f"{spec.path}={choice}" in values, spec.path


def test_conditions_in_plain_words():
    cond = parse(
        {
            "any": [
                {"field": "effect.expected_cost_reduction_pct", "gte": 20},
                {
                    "all": [
                        {"field": "feasibility.legal_change", "in": ["none", "ordinance"]},
                        {"field": "solution.general_tool", "neq": True},
                    ]
                },
            ]
        }
    )
    assert words.condition(cond, "en") == (
        "expected cost reduction: at least 20% or (legal change needed: none or ordinances and it is not a general tool)"
    )
    assert (
        words.condition(cond, "ja")
        == "費用削減の見込みが20%以上、または(必要な法令改正が不要・条例・規則の改正のいずれか、かつ汎用ツールではない)"
    )
    assert words.formal(cond) == (
        "effect.expected_cost_reduction_pct ≥ 20 or "
        "(feasibility.legal_change in [none, ordinance] and solution.general_tool ≠ true)"
    )
    assert words.value("effect.annual_cost_jpy", 1_000_000_000, "ja") == "10億円"
    assert words.value("effect.annual_cost_jpy", 1_000_000_000, "en") == "JPY 1,000,000,000"


def test_spans_in_plain_words():
    pct = "effect.expected_staff_hours_reduction_pct"
    assert words.span(pct, Region(20, 20, True, 100, True, True), "en") == "at least 20%"
    assert words.span(pct, Region(10, 10, False, 20, False, True), "ja") == "10%超20%未満"
    assert words.span(pct, Region(0, 0, True, 100, True, True), "en") == "any value"
    assert words.span(pct, Region(5, 5, True, 5, True, True), "en") == "5%"


def _hostile_rules(rules_copy: Path) -> Path:
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    text = gate.read_text(encoding="utf-8").replace(
        "en: Residents or businesses use the service directly",
        'en: "<script>alert(1)</script> A | B & C"',
    )
    gate.write_text(text, encoding="utf-8")
    return rules_copy


def test_html_escapes_every_rule_text(rules_copy: Path):
    html = rulebook.html(load_rules(_hostile_rules(rules_copy)), "en")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A | B &amp; C" in html
    assert html.startswith("<!DOCTYPE html>") and "<strong>Standardize</strong>" in html


def test_markdown_cells_cannot_break_the_table(rules_copy: Path):
    md = rulebook.markdown(load_rules(_hostile_rules(rules_copy)), "en")
    row = next(line for line in md.splitlines() if line.startswith("| `un-citizen-facing` |"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; A \\| B &amp; C" in row
    assert row.count(" | ") == 4


def test_doc_command_writes_a_file(tmp_path: Path):
    out = tmp_path / "rulebook.html"
    result = CliRunner().invoke(app, ["rules", "doc", "--lang", "ja", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and '<html lang="ja">' in out.read_text(encoding="utf-8")
    md = CliRunner().invoke(app, ["rules", "doc", "--lang", "en"])
    assert md.stdout == (DOCS / "rulebook.en.md").read_text(encoding="utf-8")
    refused = CliRunner().invoke(app, ["rules", "doc", "-o", str(tmp_path)])
    assert refused.exit_code == 2 and "is a directory" in refused.stderr
