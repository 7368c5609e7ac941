"""Rule conditions, values and ranges in plain Japanese and English.

The rule files name fields by dotted path; analysts and councils read words. Each
indicator's label and unit, the enum values and the grammar's small words are in the label
catalogue (``commonize.labels``; a test checks every field of the candidate schema has a
label); unknown ones fall back to the dotted path, so nothing is ever hidden.
"""

from __future__ import annotations

from typing import Any

from commonize.analysis.regions import Region
from commonize.fields import catalogue
from commonize.labels import entry, field_label, has, text
from commonize.rules.conditions import Condition, Group, Leaf


def value(path: str, v: Any, lang: str) -> str:
    """A value of ``path`` in words: yes/no, an enum word, or a number with its unit."""
    if v is None:
        return text("words.unknown", lang)
    if isinstance(v, bool):
        return text("words.yes" if v else "words.no", lang)
    if isinstance(v, str):
        for key in (f"values.{path}={v}", f"values.{v}"):
            if has(key):
                return text(key, lang)
        return v
    unit = entry(f"fields.{path}").get("unit", "") if has(f"fields.{path}") else ""
    if unit == "year":
        number = str(v)
    elif unit == "pct" or lang == "en":
        number = f"{v:,}"
    else:
        number = _compact_ja(v)
    return text(f"units.{unit}", lang, n=number)


def _compact_ja(v: float) -> str:
    """``10億``: a round Japanese figure in its largest unit of ten thousand."""
    for size, word in ((10**12, "兆"), (10**8, "億"), (10**4, "万")):
        if isinstance(v, int) and v >= size and v % size == 0:
            return f"{v // size:,}{word}"
    return f"{v:,}"


def statement(path: str, v: bool, lang: str) -> str:
    """A yes/no field as a statement: "citizen-facing" / "not citizen-facing"."""
    if v:
        return field_label(path, lang)
    if has(f"negations.{path}"):
        return text(f"negations.{path}", lang)
    return text("words.not", lang, label=field_label(path, lang))


def condition(cond: Condition, lang: str) -> str:
    """A ``when:`` condition as a sentence fragment."""
    if isinstance(cond, Leaf):
        return _leaf(cond, lang)
    parts = [
        f"({condition(c, lang)})" if isinstance(c, Group) else condition(c, lang)
        for c in cond.items
    ]
    return text(f"words.{cond.op}", lang).join(parts)


def _leaf(leaf: Leaf, lang: str) -> str:
    name = field_label(leaf.field, lang)
    if isinstance(leaf.value, bool) and leaf.op in ("eq", "neq"):
        return statement(leaf.field, leaf.value == (leaf.op == "eq"), lang)
    if leaf.op == "in":
        words = [value(leaf.field, v, lang) for v in leaf.value]
        return text("words.in", lang, name=name, values=text("words.in_sep", lang).join(words))
    shown = value(leaf.field, leaf.value, lang)
    if leaf.op in ("eq", "neq"):
        return text(f"words.{leaf.op}", lang, name=name, value=shown)
    return text("words.compare", lang, name=name, bound=text(f"words.{leaf.op}", lang, value=shown))


_SYMBOLS = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


def formal(cond: Condition) -> str:
    """The condition as the rule file states it, compactly: ``effect.governments_doing ≥ 1000``."""
    if isinstance(cond, Group):
        parts = [f"({formal(c)})" if isinstance(c, Group) else formal(c) for c in cond.items]
        return (" and " if cond.op == "all" else " or ").join(parts)
    if cond.op == "in":
        return f"{cond.field} in [{', '.join(_raw(v) for v in cond.value)}]"
    return f"{cond.field} {_SYMBOLS[cond.op]} {_raw(cond.value)}"


def _raw(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def span(path: str, region: Region, lang: str) -> str:
    """The values of a region: "at least 20%", "1,000以上1,700未満", "high"."""
    if not region.numeric:
        return value(path, region.example, lang)
    if region.low is not None and region.low == region.high:
        return value(path, region.low, lang)
    parts = []
    if region.low is not None and not _is_range_end(path, region.low, "min"):
        parts.append(("gte" if region.low_closed else "gt", region.low))
    if region.high is not None and not _is_range_end(path, region.high, "max"):
        parts.append(("lte" if region.high_closed else "lt", region.high))
    if not parts:
        return text("words.any_value", lang)
    bounds = (text(f"words.{op}", lang, value=value(path, v, lang)) for op, v in parts)
    return text("words.span_sep", lang).join(bounds)


def _is_range_end(path: str, v: float, end: str) -> bool:
    spec = catalogue()[path]
    return v == (spec.minimum if end == "min" else spec.maximum)
