"""``commonize rules lint``: each check finds its problem at the right file:line; exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonize.analysis.lint import CHECKS, lint
from commonize.api import load_rules
from commonize.cli import app


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    lines = [
        i
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    ]
    return lines[nth - 1]


def codes(rules: Path) -> list[tuple[str, str, int | None]]:
    return [(f.code, Path(f.location.path).name, f.location.line) for f in lint(load_rules(rules))]


def test_the_shipped_rule_set_is_clean(compiled):
    assert lint(compiled) == []
    result = invoke("rules", "lint")
    assert result.exit_code == 0
    assert "no problems" in result.stdout and all(name in result.stdout for name in CHECKS)


def test_unreachable_threshold(rules_copy: Path):
    gate = rules_copy / "gates" / "1_user_needs.yaml"
    edit(gate, "threshold: 4", "threshold: 23")
    assert codes(rules_copy) == [
        ("unreachable-threshold", gate.name, line_of(gate, "threshold: 23"))
    ]
    message = lint(load_rules(rules_copy))[0].message
    assert "threshold 23 cannot be reached; its rules give at most 22 points" in message


def test_reachable_only_by_the_exact_maximum_is_fine(rules_copy: Path):
    # 22 needs every rule at once with disaster relevance high (not medium) and a DPI or
    # infrastructure shape (un-reused-widely): exclusivity and forms count.
    edit(rules_copy / "gates" / "1_user_needs.yaml", "threshold: 4", "threshold: 22")
    assert codes(rules_copy) == []


def test_threshold_every_candidate_passes(rules_copy: Path):
    gate = rules_copy / "gates" / "2_effect.yaml"
    edit(gate, "threshold: 6", "threshold: -11")
    (finding,) = lint(load_rules(rules_copy))
    assert finding.code == "threshold-always-met" and finding.severity == "warning"
    assert finding.location.line == line_of(gate, "threshold: -11")
    assert "at least -11 points" in finding.message


def test_duplicate_and_equivalent_conditions(rules_copy: Path):
    gate = rules_copy / "gates" / "2_effect.yaml"
    # ef-cost-10bn gets ef-cost-1bn's condition; gt 999999999 on a whole number is gte 1e9.
    edit(
        gate,
        "{field: effect.annual_cost_jpy, gte: 10000000000}",
        "{field: effect.annual_cost_jpy, gt: 999999999}",
    )
    found = lint(load_rules(rules_copy))
    assert [(f.code, f.location.line) for f in found] == [
        ("duplicate-condition", line_of(gate, "gt: 999999999"))
    ]
    assert "equivalent to that of ef-cost-1bn" in found[0].message
    edit(gate, "gt: 999999999", "gte: 1000000000")
    assert "identical to that of ef-cost-1bn" in lint(load_rules(rules_copy))[0].message


def test_rules_that_cannot_matter(rules_copy: Path):
    gate = rules_copy / "gates" / "3_feasibility.yaml"
    edit(
        gate,
        "{field: feasibility.market_products, gte: 3}",
        "{field: feasibility.market_products, lt: 0}",
    )
    edit(
        gate,
        "{field: feasibility.responsible_ministry_identified, eq: true}",
        "{field: feasibility.responsible_ministry_identified, in: [true, false]}",
    )
    edit(
        gate,
        "    points: 0\n    clause: size-differentiated",
        "    points: 0\n    clause: size-differentiated\n    waivable: true",
    )
    text = gate.read_text(encoding="utf-8")
    # Strip the condition of the zero-point size rule: it then changes nothing.
    start = text.index("  - id: fe-size-differentiated")
    gate.write_text(text[:start] + text[start:].split("    condition:")[0], encoding="utf-8")
    assert sorted(codes(rules_copy)) == sorted(
        [
            ("rule-never-fires", gate.name, line_of(gate, "lt: 0")),
            ("rule-always-fires", gate.name, line_of(gate, "in: [true, false]")),
            ("rule-without-effect", gate.name, line_of(gate, "points: 0", 2)),
        ]
    )


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            "ja: 法令・条例の改正が不要",
            "ja: No change of law or ordinance is needed",
            "ja has no Japanese",
        ),
        (
            "en: No change of law or ordinance is needed",
            "en: 法令・条例の改正が不要です",
            "en is not English",
        ),
        (
            "en: No change of law or ordinance is needed",
            "en: 法令・条例の改正が不要",
            "the Japanese and English texts are the same",
        ),
        ("en: No change of law or ordinance is needed", "en: TODO", "a placeholder"),
    ],
)
def test_texts_in_both_languages(rules_copy: Path, old, new, what):
    gate = rules_copy / "gates" / "3_feasibility.yaml"
    edit(gate, old, new)
    found = lint(load_rules(rules_copy))
    assert found and all(f.code == "reason-language" for f in found)
    assert any(what in f.message for f in found)
    reason_line = line_of(gate, "reason:", 1)
    assert (
        found[0].location.line == reason_line
        and "rule fe-no-legal-change reason" in found[0].message
    )


def test_clause_texts_are_checked_too(rules_copy: Path):
    ruleset = rules_copy / "ruleset.yaml"
    edit(ruleset, "en: Feasibility is examined", "en: 実現可能性 Feasibility is examined")
    (finding,) = lint(load_rules(rules_copy))
    assert finding.location.path.endswith("ruleset.yaml") and "clause funnel" in finding.message


def test_a_shape_without_a_form_is_found(rules_copy: Path):
    ruleset = rules_copy / "ruleset.yaml"
    edit(ruleset, "shapes: [cloud, network]", "shapes: [cloud]")
    (finding,) = lint(load_rules(rules_copy))
    assert finding.code == "shape-without-form" and "'network'" in finding.message
    assert finding.location.line == line_of(ruleset, "forms:")


def test_a_forbidding_rule_that_adds_points_is_a_contradiction(rules_copy: Path):
    gate = rules_copy / "gates" / "2_effect.yaml"
    edit(gate, "points: -3", "points: 3")  # ef-general-tool, waivable: false
    found = [f for f in lint(load_rules(rules_copy)) if f.code == "forbidding-rule-adds-points"]
    assert len(found) == 1 and "ef-general-tool" in found[0].message


def test_no_forbidding_rule_ever_leaves_commonization_open(compiled):
    # Every non-waivable rule of the shipped set is proved on every region where it fires.
    assert [r for r in compiled.ruleset.rules.values() if not r.waivable]
    assert [f for f in lint(compiled) if f.code == "forbidden-track-recommended"] == []


def test_cli_exit_codes_and_json(rules_copy: Path):
    edit(rules_copy / "gates" / "1_user_needs.yaml", "threshold: 4", "threshold: 23")
    text = invoke("rules", "lint", "--rules", str(rules_copy))
    assert text.exit_code == 1
    first = text.stdout.splitlines()[0]
    assert re.match(
        r".*1_user_needs\.yaml:\d+:\d+: error: gate user_needs: threshold 23 .*\[unreachable-threshold\]$",
        first,
    )
    assert "1 problems (1 errors, 0 warnings)" in text.stdout
    js = invoke("rules", "lint", "--rules", str(rules_copy), "-f", "json")
    assert js.exit_code == 1 and '"code": "unreachable-threshold"' in js.stdout
    edit(rules_copy / "gates" / "1_user_needs.yaml", "threshold: 23", "threshold: many")
    broken = invoke("rules", "lint", "--rules", str(rules_copy))
    assert (
        broken.exit_code == 3
        and "1_user_needs.yaml:" in broken.stderr
        and "threshold" in broken.stderr
    )
