"""The one label catalogue: complete in both languages, and every key the code asks for exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonize.labels import Labels, both, catalogue, field_label, has, text

SRC = Path(__file__).resolve().parents[1] / "src" / "commonize"

# Helpers that look a key up in one section of the catalogue.
_SECTION_HELPERS = {
    "analysis/whatif_render.py": ("_t", "whatif"),
    "analysis/rulebook.py": ("_t", "rulebook"),
    "analysis/diff_render.py": ("_w", "diff"),
    "render/markdown.py": ("_l", "markdown"),
    "findings.py": ("text", "findings"),
}


def test_every_entry_is_in_both_languages():
    for section, entries in catalogue().items():
        for key, entry in entries.items():
            where = f"{section}.{key}"
            assert {"ja", "en"} <= set(entry) <= {"ja", "en", "note", "unit"}, where
            assert all(isinstance(v, str) for v in entry.values()), where
            # Only a separator may be empty in one language (Japanese needs no space).
            assert key.endswith("_sep") or (entry["ja"] and entry["en"]), where


def test_every_key_the_code_names_exists():
    asked: set[str] = set()
    for path in SRC.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r"\btext\(\s*\"([a-z_]+\.[^\"{]+)\"", source))
        helper = _SECTION_HELPERS.get(path.relative_to(SRC).as_posix())
        if helper:
            name, section = helper
            keys = re.findall(rf"\b{name}\(\s*[\"']([\w-]+)[\"']", source)
            asked |= {f"{section}.{k}" for k in keys}
    assert len(asked) > 50, "the scan found too few lookups to be looking at the code"
    assert not [k for k in asked if not has(k)]


def test_lookup_fills_fields_only_when_given():
    assert text("messages.failed_more", "en", n=3) == "  … and 3 more"
    assert text("report.score_range", "ja") == "{minimum}〜{maximum}"
    assert both("messages.not_met", reason="x") == {"ja": "満たさない: x", "en": "Not met: x"}
    assert Labels("ja")("h_table") == "全候補の一覧"
    assert Labels("en", "diff")("title") == "Decision diff"


def test_an_unknown_key_fails_loudly_and_an_unknown_field_shows_its_path():
    with pytest.raises(KeyError):
        text("report.no_such_label", "en")
    assert not has("nosuchsection.x")
    assert field_label("effect.annual_cost_jpy", "en") == "total annual cost"
    assert field_label("effect.not_a_field", "ja") == "effect.not_a_field"


def test_sheet_names_are_ones_excel_accepts():
    sheets = {k: v for k, v in catalogue()["report"].items() if k.startswith("sheet_")}
    assert sheets
    for key, entry in sheets.items():
        for lang in ("ja", "en"):
            name = entry[lang]
            assert len(name) <= 31 and not set(name) & set("[]:*?/\\"), (key, lang)


def test_every_check_of_the_ci_formats_has_its_sentence():
    from commonize.findings import _CHECKS

    assert not [c for c in _CHECKS if not has(f"findings.{c}")]
