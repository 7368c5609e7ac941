"""``--set`` overrides: change a threshold or a rule's points for one run, without editing files.

gates.<gate>.threshold=<number>
rules.<rule-id>.points=<number>
"""

from __future__ import annotations

from typing import Any

from commonize.errors import UsageError
from commonize.loader import Document

SETTABLE = ("gates.<gate>.threshold", "rules.<rule-id>.points")


def parse_assignments(items: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        if not sep:
            raise UsageError(f"--set {item!r}: expected KEY=VALUE, e.g. gates.effect.threshold=6")
        try:
            value: Any = int(raw)
        except ValueError:
            try:
                value = float(raw)
            except ValueError:
                raise UsageError(f"--set {item!r}: {raw!r} is not a number") from None
        out[key.strip()] = value
    return out


def apply_overrides(docs: dict[str, Document], overrides: dict[str, Any]) -> None:
    gates = {doc.data.get("gate"): doc for name, doc in docs.items() if name.startswith("gates/")}
    for key, value in overrides.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "gates" and parts[2] == "threshold":
            doc = gates.get(parts[1])
            if doc is None:
                raise UsageError(
                    f"--set {key}: no gate {parts[1]!r}; gates are {', '.join(map(str, gates))}"
                )
            doc.data["threshold"] = value
        elif len(parts) == 3 and parts[0] == "rules" and parts[2] == "points":
            rule = _find_rule(gates.values(), parts[1])
            if rule is None:
                raise UsageError(f"--set {key}: no rule {parts[1]!r}")
            rule["points"] = value
        else:
            raise UsageError(f"--set {key}: can set only {' or '.join(SETTABLE)}")


def _find_rule(docs: Any, rule_id: str) -> dict[str, Any] | None:
    for doc in docs:
        for rule in doc.data.get("rules") or []:
            if isinstance(rule, dict) and rule.get("id") == rule_id:
                return rule
    return None
