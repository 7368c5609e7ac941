"""Compile a ``RuleSet`` into engine rules: plain data, no engine import.

The engine matches one kind of fact, the candidate, against every indicator rule; which
rules fire is its answer. Gate status and routing are one pure function (``routing``) over
the scores, not engine rules, so the meaning of a rule never travels in its name: an engine
rule is named by its indicator rule's id and nothing else.

Each pattern carries a ``kind`` discriminator: a pattern of only ``$nex`` would match
durable-rules' session document and loop (DURABLE_RULES.md, trap 3).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from commonize.errors import Problem, RuleSetError, SourceLocation
from commonize.facts import CANDIDATE
from commonize.rules.conditions import to_durable
from commonize.rules.limits import check_engine_size
from commonize.rules.load import RuleSet

# durable-rules fails past 64 rules matching one fact and hangs past ~512 rules a ruleset.
MAX_INDICATOR_RULES = 60
MAX_ENGINE_RULES = 400
PRI = 1  # one priority for all: every matching rule fires, order does not matter


@dataclass(frozen=True)
class EngineRule:
    name: str  # the indicator rule's id
    pri: int
    pattern: dict[str, Any]


@dataclass(frozen=True)
class CompiledRuleset:
    ruleset: RuleSet
    rules: tuple[EngineRule, ...]


def compile_ruleset(ruleset: RuleSet) -> CompiledRuleset:
    rules = [
        EngineRule(r.id, PRI, {"$and": [{"kind": CANDIDATE}, to_durable(r.when)]})
        for gate in ruleset.gates
        for r in gate.rules
    ]
    _check_limits(ruleset, rules)
    check_engine_size(ruleset, rules)
    return CompiledRuleset(ruleset, tuple(rules))


def _check_limits(ruleset: RuleSet, rules: list[EngineRule]) -> None:
    where = SourceLocation(ruleset.path)
    if len(rules) > MAX_INDICATOR_RULES:
        raise RuleSetError(
            [
                Problem(
                    where,
                    f"{len(rules)} indicator rules; the engine allows at most {MAX_INDICATOR_RULES}",
                )
            ]
        )
