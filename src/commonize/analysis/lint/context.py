"""What every lint check gets: the compiled rule set, and the place of any key in its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonize.errors import CommonizeError, SourceLocation
from commonize.loader import Document, load_document
from commonize.rules.compiler import CompiledRuleset
from commonize.rules.load import RULESET_FILE

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, order=True)
class LintFinding:
    location: SourceLocation
    code: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"


class Context:
    def __init__(self, compiled: CompiledRuleset) -> None:
        self.compiled = compiled
        self.ruleset = compiled.ruleset
        self._docs: dict[str, Document | None] = {}

    def _doc(self, path: str) -> Document | None:
        # Rule sets built in memory (tests, variants) may have no file to point into.
        if path not in self._docs:
            try:
                self._docs[path] = load_document(Path(path))
            except (CommonizeError, OSError):
                self._docs[path] = None
        return self._docs[path]

    def at_rule(self, rule_id: str, *keys: str | int) -> SourceLocation:
        rule = self.ruleset.rules[rule_id]
        doc = self._doc(rule.location.path)
        rules: Any = doc.data.get("rules") if doc and isinstance(doc.data, dict) else None
        for i, raw in enumerate(rules or []):
            if isinstance(raw, dict) and raw.get("id") == rule_id:
                return doc.locate(("rules", i, *keys))  # type: ignore[union-attr]
        return rule.location

    def at_gate(self, gate_id: str, *keys: str | int) -> SourceLocation:
        gate = self.ruleset.gate(gate_id)
        doc = self._doc(gate.location.path)
        return doc.locate(keys) if doc else gate.location

    def at_ruleset(self, *keys: str | int) -> SourceLocation:
        path = str(Path(self.ruleset.path) / RULESET_FILE)
        doc = self._doc(path)
        return doc.locate(keys) if doc else SourceLocation(path)
