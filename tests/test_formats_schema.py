"""The JSON Schema of candidate files: generated, committed, and named by every candidate."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from commonize.cli.schema import schema_text
from commonize.loader import load_document

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "schema" / "candidate.schema.json"
DIRS = [ROOT / "candidates", ROOT / "tests" / "examples" / "golden" / "candidates"]
FILES = sorted(p for d in DIRS for p in d.glob("*.yaml"))
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def test_committed_schema_is_up_to_date(update_golden):
    if update_golden:
        COMMITTED.write_text(schema_text(), encoding="utf-8")
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schema/candidate.schema.json is stale: run `uv run --group dev pytest --update-golden` "
        "(or `uv run commonize schema > schema/candidate.schema.json`) and review the diff"
    )


def test_schema_is_a_valid_json_schema():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema).check_schema(schema)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_candidate_names_the_schema_on_its_first_line(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path}: first line should be the yaml-language-server modeline"
    assert (path.parent / match.group(1)).resolve() == COMMITTED


def _plain(value: Any) -> Any:
    """YAML data as JSON would hold it: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def test_schema_agrees_with_the_model_on_shipped_and_broken_files():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    for path in FILES:
        errors = list(validator.iter_errors(_plain(load_document(path).data)))
        if path.name == "broken.yaml":
            # What an editor shows: the typo'd key and the boolean where text belongs.
            text = " ".join(e.message for e in errors)
            assert "users_per_yer" in text and "False is not of type 'string'" in text
        else:
            assert errors == [], (path, [e.message for e in errors])
