"""Every label and sentence the program writes, in Japanese and English: the one catalogue.

The words live in ``labels.json`` beside this module, one entry a line, in sections: the
CLI's sentences (``messages``), the CI formats' findings (``findings``), the council report
(``report``), what-if, diff and the rulebook, and the words for conditions and indicators
(``words``, ``fields``, ``negations``, ``values``, ``units``). A key names its section:
``text("report.h_table", "ja")``. An entry may carry a ``note`` for whoever edits it;
``fields`` entries carry the indicator's ``unit``.

Domain labels (tracks, statuses, gates, forms, readiness, policy clauses, rule reasons) are
not here: they live in the rule set (``rules/``), which analysts change.

The file is JSON, read on the first lookup: it parses in well under a millisecond, so
``commonize validate one.yaml`` pays nothing noticeable for it, and data does not count as
code repeated by shape (a table of 400 labels written as Python would).
"""

from __future__ import annotations

import json
import locale
import os
from functools import cache
from pathlib import Path
from typing import Any

LANGS = ("ja", "en")

_FILE = Path(__file__).with_name("labels.json")


@cache
def catalogue() -> dict[str, dict[str, dict[str, str]]]:
    """The whole catalogue: section -> key -> {"ja", "en", and maybe "note", "unit"}."""
    data: dict[str, dict[str, dict[str, str]]] = json.loads(_FILE.read_text(encoding="utf-8"))
    return data


def entry(key: str) -> dict[str, str]:
    """The entry of ``section.key``; keys of ``fields`` and ``values`` hold dots themselves."""
    section, _, name = key.partition(".")
    return catalogue()[section][name]


def has(key: str) -> bool:
    section, _, name = key.partition(".")
    return name in catalogue().get(section, {})


def text(key: str, lang: str, **fields: Any) -> str:
    """The label ``section.key`` in ``lang``, its ``{fields}`` filled when any are given."""
    words = entry(key)[lang]
    return words.format(**fields) if fields else words


def both(key: str, **fields: Any) -> dict[str, str]:
    """The label in every language at once (results carry both)."""
    return {lang: text(key, lang, **fields) for lang in LANGS}


def section(name: str, lang: str) -> dict[str, str]:
    """One section in one language, for a template that reads it as ``t.key``."""
    return {key: value[lang] for key, value in catalogue()[name].items()}


class Labels:
    """One section bound to one language; report templates call it: ``{{ L("h_table") }}``."""

    def __init__(self, lang: str, section: str = "report") -> None:
        self.lang = lang
        self.section = section

    def __call__(self, key: str, **fields: object) -> str:
        return text(f"{self.section}.{key}", self.lang, **fields)


def field_label(path: str, lang: str) -> str:
    """An indicator in words; one without an entry shows its dotted path, hiding nothing."""
    fields = catalogue()["fields"]
    return fields[path][lang] if path in fields else path


def count(n: int | float, noun: str, plural: str | None = None) -> str:
    """``1 file``, ``2 files``: an English count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def default_lang() -> str:
    """Japanese when the locale says so, else English (override with --lang)."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    loc = locale.getlocale()[0] or ""
    return "ja" if loc.lower().startswith("ja") else "en"
