"""The pure-Python engine: the condition evaluator (``rules.conditions.evaluate``) run over
every indicator rule. Analyses that re-run the rules thousands of times use it (what-if,
sensitivity, lint, diff, agreement), and the differential test proves it fires exactly what
durable-rules fires on every shipped and generated candidate. It never imports the engine.
"""

from __future__ import annotations

from typing import Any

from commonize.rules.compiler import CompiledRuleset
from commonize.rules.conditions import evaluate


class OracleEngine:
    def __init__(self, compiled: CompiledRuleset) -> None:
        self._rules = [(r.id, r.when) for g in compiled.ruleset.gates for r in g.rules]

    def run(self, fact: dict[str, Any]) -> list[str]:
        return [rule_id for rule_id, when in self._rules if evaluate(when, fact) is True]
