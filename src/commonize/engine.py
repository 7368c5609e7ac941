"""The only module that imports durable-rules: one ruleset, its driver, and the fired-rule trace.

Every trap listed in DURABLE_RULES.md is handled here or upstream of here:
facts not events (every matching rule fires); no ``id`` key in facts (``cid``); a ``kind``
discriminator in every pattern (compiler); strict types and normalized numbers (facts);
action errors raised, not swallowed; every fact retracted after use (flat memory, one
session); no timer threads; one ruleset per process.

The rete network and the matching of every indicator rule are durable-rules' C engine
(``durable_rules_engine``). Its Python glue (``durable.engine``) is not used: per fired
rule it builds a ``Closure``, parses the whole session state and the matched fact from
JSON, and serializes the state back, about 30 µs of a measured 35 µs per fired rule
(docs/performance.md), for state we never read or change. This module drives the same C
calls the glue makes (assert, start action, complete and start the next, retract) and
reads only the name of the rule each message is for.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import durable_rules_engine as dre

from commonize.errors import EngineError
from commonize.rules.compiler import CompiledRuleset, EngineRule

RULESET = "commonize"

# Result codes of assert_fact / retract_fact (durable-rules' rules.h).
_OK, _NOT_HANDLED, _OBSERVED, _DEFERRED = 0, 1, 2, 3

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class DurableEngine:
    """Runs compiled rules on durable-rules. Not thread-safe: one per process."""

    def __init__(self, compiled: CompiledRuleset) -> None:
        self._thread = threading.get_ident()
        self._rules: dict[str, EngineRule] = {r.name: r for r in compiled.rules}
        # The C engine copies the matched fact, as JSON, into the message of every rule that
        # fires (some 17 a candidate): it is given only the keys a pattern reads, under
        # short names, which took its time from 50 to 35 µs a candidate.
        keys = sorted({k for r in compiled.rules for k in _pattern_keys(r.pattern)})
        self._alias = {k: f"f{i}" for i, k in enumerate(keys)}
        definition = {
            r.name: {"pri": r.pri, "all": [{"m": _renamed(r.pattern, self._alias)}]}
            for r in compiled.rules
        }
        try:
            self._handle = dre.create_ruleset(RULESET, _dumps(definition))
        except (dre.error, Exception) as e:  # the C extension raises a bare error type
            raise EngineError(f"durable-rules rejected the compiled rule set: {e}") from e
        self._trace: list[str] = []
        self._asserted: list[str] = []  # every fact of a run as asserted, to retract the same
        self._firing = ""  # the message whose action runs, for error messages

    def run(self, fact: dict[str, Any]) -> list[str]:
        """Assert ``fact``; return the name (indicator rule id) of every rule that fired."""
        if threading.get_ident() != self._thread:
            # durable-rules hosts lose actions or crash when shared between threads.
            raise EngineError("a DurableEngine is used from a thread other than its creator's")
        self._trace, self._asserted = [], []
        try:
            self._assert(fact)
        finally:
            for text in self._asserted:
                self._retract(text)
        # A rule whose `any:` holds on several branches fires once per branch.
        return list(dict.fromkeys(self._trace))

    def live_facts(self) -> list[dict[str, Any]]:
        """Facts still held by the engine: empty between runs (memory stays flat)."""
        try:
            return list(json.loads(dre.get_facts(self._handle, "0")))
        except dre.error:  # error 309: no session yet, so no facts
            return []

    def _assert(self, fact: dict[str, Any]) -> None:
        handle = self._handle
        alias = self._alias
        # `cid` too, though no pattern reads it: it keeps each candidate's fact distinct.
        engine_fact = {alias[k]: v for k, v in fact.items() if k in alias}
        engine_fact["cid"] = fact.get("cid")
        text = _dumps(engine_fact)
        self._asserted.append(text)
        try:
            code, state = dre.assert_fact(handle, text)
        except dre.error as e:
            raise EngineError(f"durable-rules failed on cid {fact.get('cid')!r}: {e}") from e
        if code == _OBSERVED:
            raise EngineError(f"fact asserted twice (cid {fact.get('cid')!r})")
        if code != _OK:
            return  # no rule matched (or deferred): a normal outcome
        try:
            self._run_actions(state)
        except dre.error as e:
            raise EngineError(f"durable-rules failed on cid {fact.get('cid')!r}: {e}") from e
        except EngineError:
            raise
        except Exception as e:
            name = self._rule_of(self._firing).name
            raise EngineError(f"rule action failed: {name}: {type(e).__name__}: {e}") from e

    def _run_actions(self, state: int) -> None:
        handle = self._handle
        started = dre.start_action_for_state(handle, state)
        message = started[1] if started else None
        try:
            while message is not None:
                self._firing = message
                self._fire(message)
                message = dre.complete_and_start_action(handle, state)
        finally:
            # Whatever stopped the loop (a failing action, ^C), the queued actions are
            # completed unrun: an action left started holds the session's lease for about
            # a minute (no rule fires meanwhile), and abandoning one leaves its results
            # queued, on which the next assert crashes the C engine (a segmentation fault).
            while message is not None:
                try:
                    message = dre.complete_and_start_action(handle, state)
                except dre.error:
                    break

    def _rule_of(self, message: str) -> EngineRule:
        # A message is {"<rule name>": {"m": <matched fact>}}; the name is read without
        # parsing the fact, which no action needs. A name JSON escapes (never a
        # slug) is parsed properly: its raw text could be another rule's name.
        name = message[2 : message.find('"', 2)]
        rule = self._rules.get(name) if "\\" not in name else None
        if rule is None:
            (name,) = json.loads(message)
            rule = self._rules[name]
        return rule

    def _fire(self, message: str) -> None:
        self._trace.append(self._rule_of(message).name)

    def _retract(self, text: str) -> None:
        try:
            dre.retract_fact(self._handle, text)
        except dre.error:
            pass


def _pattern_keys(pattern: Any) -> Iterator[str]:
    """The fact keys a durable-rules pattern reads: every key that is not an operator."""
    if isinstance(pattern, list):
        for item in pattern:
            yield from _pattern_keys(item)
    elif isinstance(pattern, dict):
        for key, value in pattern.items():
            if not key.startswith("$"):
                yield key
            yield from _pattern_keys(value)


def _renamed(pattern: Any, alias: dict[str, str]) -> Any:
    """``pattern`` reading ``alias[key]`` wherever it read ``key`` (values are unchanged)."""
    if isinstance(pattern, list):
        return [_renamed(item, alias) for item in pattern]
    if isinstance(pattern, dict):
        return {
            (key if key.startswith("$") else alias[key]): _renamed(value, alias)
            for key, value in pattern.items()
        }
    return pattern
