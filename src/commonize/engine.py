"""The only module that imports durable-rules: a host, one ruleset, and the fired-rule trace.

Every trap listed in DURABLE_RULES.md is handled here or upstream of here:
facts not events (every matching rule fires); no ``id`` key in facts (``cid``); a ``kind``
discriminator in every pattern (compiler); strict types and normalized numbers (facts);
actions wrapped so their exceptions are raised, not swallowed; every fact retracted after
use (flat memory, one session); no timer threads (``_SyncHost``); one host per process.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

import durable_rules_engine as dre
from durable import engine as durable

from commonize.errors import EngineError
from commonize.rules.compiler import CompiledRuleset, EngineRule

RULESET = "commonize"

Summarize = Callable[[list[str]], dict[str, Any]]


class _SyncHost(durable.Host):
    """Runs every action in the caller's thread: no timer threads, deterministic order."""

    def _run(self) -> None:
        pass


class DurableEngine:
    """Runs compiled rules on durable-rules. Not thread-safe: one per process."""

    def __init__(self, compiled: CompiledRuleset) -> None:
        self._trace: list[str] = []
        self._emitted: list[dict[str, Any]] = []
        self._errors: list[str] = []
        self._thread = threading.get_ident()
        definition = {r.name: self._definition(r) for r in compiled.rules}
        self._host = _SyncHost()
        try:
            # set_rulesets pops "run" out of each rule: hand it a copy.
            self._host.set_rulesets({RULESET: copy.deepcopy(definition)})
        except (dre.error, Exception) as e:  # the C extension raises a bare error type
            raise EngineError(f"durable-rules rejected the compiled rule set: {e}") from e

    def _definition(self, rule: EngineRule) -> dict[str, Any]:
        return {"pri": rule.pri, "all": [{"m": rule.pattern}], "run": self._action(rule)}

    def _action(self, rule: EngineRule) -> Callable[[Any], None]:
        def run(c: Any) -> None:
            try:
                self._trace.append(rule.name)
                if rule.emit is not None:
                    matched = c.m._d
                    fact = dict(rule.emit)
                    fact.update({k: matched[k] for k in rule.copy if k in matched})
                    self._emitted.append(fact)
                    try:
                        c.assert_fact(fact)
                    except durable.MessageNotHandledException:
                        pass
            except Exception as e:  # durable-rules would swallow it: keep it and raise later
                self._errors.append(f"{rule.name}: {type(e).__name__}: {e}")

        return run

    def run(self, fact: dict[str, Any], summarize: Summarize) -> list[str]:
        """Assert ``fact``, then the summary built from what fired; return every fired rule."""
        if threading.get_ident() != self._thread:
            # durable-rules hosts lose actions or crash when shared between threads.
            raise EngineError("a DurableEngine is used from a thread other than its creator's")
        self._trace, self._emitted, self._errors = [], [], []
        asserted = [fact]
        try:
            self._assert(fact)
            summary = summarize(list(self._trace))
            asserted.append(summary)
            self._assert(summary)
        finally:
            for f in [*asserted, *self._emitted]:
                self._retract(f)
        if self._errors:
            raise EngineError("rule action failed: " + "; ".join(self._errors))
        return self._trace

    def live_facts(self) -> list[dict[str, Any]]:
        """Facts still held by the engine: empty between runs (memory stays flat)."""
        try:
            return list(self._host.get_facts(RULESET, "0"))
        except dre.error:  # error 309: no session yet, so no facts
            return []

    def _assert(self, fact: dict[str, Any]) -> None:
        try:
            self._host.assert_fact(RULESET, fact)
        except durable.MessageNotHandledException:
            pass  # no rule matched: a normal outcome
        except durable.MessageObservedException as e:
            raise EngineError(f"fact asserted twice (cid {fact.get('cid')!r}): {e}") from e
        except dre.error as e:
            raise EngineError(f"durable-rules failed on cid {fact.get('cid')!r}: {e}") from e

    def _retract(self, fact: dict[str, Any]) -> None:
        try:
            self._host.retract_fact(RULESET, fact)
        except (durable.MessageNotHandledException, dre.error):
            pass
