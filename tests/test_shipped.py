"""The shipped candidates get the expected tracks, each with a readable, cited explanation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from commonize.api import evaluate_paths
from commonize.explain import explain

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = yaml.safe_load(
    (Path(__file__).parent / "expected_tracks.yaml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def batch(compiled):
    return evaluate_paths([ROOT / "candidates"], compiled)


def describe(r) -> str:
    parts = [r.verdict]
    if r.stopped_at:
        parts.append(f"stopped_at={r.stopped_at}")
    if r.form:
        parts.append(f"form={r.form}")
    if r.readiness:
        parts.append(f"readiness={r.readiness}")
    if r.needs_information:
        parts.append("could=" + "/".join(r.possible_tracks))
    return " ".join(parts)


def test_every_shipped_candidate_is_valid_and_expected(batch):
    assert batch.exit_code == 0
    assert {r.id: describe(r) for r in batch.results} == EXPECTED


def test_shipped_set_covers_every_track_form_and_gate(batch):
    outcomes = set(EXPECTED.values())
    text = " ".join(outcomes)
    for needle in (
        "standardize",
        "form=common_saas",
        "form=dpi",
        "form=infrastructure",
        "readiness=go",
        "readiness=conditional",
        "stopped_at=user_needs",
        "stopped_at=effect",
        "stopped_at=feasibility",
        "readiness=another_method",
        "needs_information",
    ):
        assert needle in text, needle
    assert sum(1 for r in batch.results if r.identity.standardized_business) == 20
    assert len(batch.results) - 20 >= 15


def test_every_explanation_cites_the_policy(batch):
    clauses = set(batch.ruleset.meta.clauses)
    for r in batch.results:
        ex = explain(r, batch.ruleset)
        assert ex.verdict and all(line.text["ja"] and line.text["en"] for line in ex.verdict)
        assert any(line.clause in clauses for line in ex.verdict), r.id
        assert set(ex.why_not) == {"standardize", "commonize", "joint_procurement"} - {r.track}
        assert all(lines for lines in ex.why_not.values()), r.id


def test_shipped_candidates_name_sources_or_say_illustrative():
    for path in sorted((ROOT / "candidates").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["figures"] in {"public", "illustrative", "mixed"}
        if data["figures"] != "illustrative":
            assert data.get("sources"), path.name
