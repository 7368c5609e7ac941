"""A gate unknown indicators could still pass is undetermined, never worded as not met."""

from __future__ import annotations

import pytest

from commonize.analysis.whatif import whatif
from commonize.models import Candidate
from conftest import CANDIDATES, run_cli, strong

LUNCH = str(CANDIDATES / "school-lunch-fees.yaml")  # ① User needs: ? 2~8/4


@pytest.mark.parametrize(
    ("lang", "said", "never"),
    [
        ("en", "no track is recommended until they are known (needs information)", "does not meet"),
        ("ja", "取組を決めずに追加調査を求める(要追加調査)", "満たさないため"),
    ],
)
def test_explain_says_undetermined(lang, said, never):
    proc = run_cli("explain", "school-lunch-fees", "--lang", lang)
    assert proc.returncode == 0, proc.stderr
    assert said in proc.stdout and never not in proc.stdout
    gate = "undetermined, between 2 and 8" if lang == "en" else "未確定。2点〜8点"
    assert gate in proc.stdout


@pytest.mark.parametrize(
    ("lang", "note"), [("en", "① User needs undetermined"), ("ja", "①利用者ニーズが未確定")]
)
def test_text_note_says_undetermined(lang, note):
    proc = run_cli("evaluate", LUNCH, "-f", "text", "--lang", lang)
    assert note in proc.stdout and "stopped at" not in proc.stdout and "で停止" not in proc.stdout


def test_a_definite_stop_is_still_not_met():
    road = str(CANDIDATES / "road-occupancy-permits.yaml")
    proc = run_cli("explain", "road-occupancy-permits", "--candidates", road, "--lang", "en")
    assert "It does not meet ③ Feasibility" in proc.stdout


def test_whatif_never_suggests_a_change_that_only_makes_it_provisional(compiled):
    # ① fails for sure; the effect indicators are unknown, so any change that passes ① would
    # only stop the candidate, undetermined, at ②: no outcome to aim for.
    data = strong(
        user_needs={
            "citizen_facing": False,
            "users_per_year": 1000,
            "requesting_governments": 0,
            "survey_support_pct": 10,
            "online_share_pct": 90,
        },
        effect={
            "annual_cost_jpy": None,
            "annual_staff_hours": None,
            "expected_cost_reduction_pct": None,
            "expected_staff_hours_reduction_pct": None,
        },
    )
    result = whatif(Candidate.model_validate(data), compiled)
    assert (result.outcome.track, result.outcome.stopped_at) == ("joint_procurement", "user_needs")
    assert result.changes == ()  # passing ① alone would give "stops at ②, undetermined"


def test_whatif_now_line_says_undetermined():
    proc = run_cli("explain", "school-lunch-fees", "--whatif", "--lang", "en")
    assert "Now: Needs information (Commonize / Prefectural joint procurement)" in proc.stdout
