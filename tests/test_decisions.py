"""Council decisions in candidate files, and reproducible decision records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from commonize.api import default_rules_dir, evaluate_paths
from commonize.records import verify_record, write_records
from conftest import run_cli, strong

TODAY = dt.date(2026, 11, 27)
ROOT = Path(__file__).resolve().parents[1]


def decision(**overrides) -> dict:
    base = {
        "meeting": {"date": dt.date(2026, 9, 30), "name": "第3回 連絡協議会"},
        "track": "joint_procurement",
        "reason": "Prefectures already run a joint scheme.",
        "approved_by": "連絡協議会",
    }
    base.update(overrides)
    return base


def evaluate(tmp_path: Path, data: dict, today: dt.date = TODAY):
    path = tmp_path / f"{data['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (result,) = evaluate_paths([path], today=today).results
    return result


def test_override_shows_both_tracks_and_disagreement(tmp_path):
    r = evaluate(tmp_path, strong(decisions=[decision()]))
    assert r.track == "commonize" and r.decision is not None
    assert r.decision.track == "joint_procurement" and r.decision.disagrees
    assert not r.decision.expired


def test_latest_decision_wins(tmp_path):
    older = decision(meeting={"date": dt.date(2025, 1, 1), "name": "第1回"}, track="deferred")
    newer = decision(track="commonize")
    r = evaluate(tmp_path, strong(decisions=[newer, older]))
    assert r.decision.track == "commonize" and not r.decision.disagrees and r.decision.index == 0


@pytest.mark.parametrize("missing", ["reason", "approved_by"])
def test_decision_needs_reason_and_approver(tmp_path, missing):
    d = decision()
    del d[missing]
    r = evaluate(tmp_path, strong(decisions=[d]))
    assert r.status == "invalid"
    (p,) = r.problems
    assert p.field == f"decisions.0.{missing}" and p.location.line is not None
    assert p.message == "required key is missing"


def test_empty_reason_is_invalid(tmp_path):
    r = evaluate(tmp_path, strong(decisions=[decision(reason="  ")]))
    assert r.status == "invalid" and r.problems[0].field == "decisions.0.reason"


def test_non_waivable_rule_forbids_commonize(tmp_path):
    data = strong(solution={"general_tool": True}, decisions=[decision(track="commonize")])
    r = evaluate(tmp_path, data)
    assert r.status == "invalid"
    (p,) = r.problems
    assert "ef-general-tool" in p.message and "not waivable" in p.message
    assert p.field == "decisions.0.track" and p.location.line is not None


def test_standardize_only_for_the_twenty(tmp_path):
    r = evaluate(tmp_path, strong(decisions=[decision(track="standardize")]))
    assert r.status == "invalid" and "20 businesses" in r.problems[0].message


def test_expired_and_past_review(tmp_path):
    d = decision(expires=dt.date(2026, 10, 31), review_by=dt.date(2026, 11, 1))
    r = evaluate(tmp_path, strong(decisions=[d]))
    assert r.decision.expired and r.decision.past_review
    assert not evaluate(
        tmp_path, strong(decisions=[d]), today=dt.date(2026, 10, 1)
    ).decision.expired


def test_shipped_override_is_visible(compiled):
    (r,) = evaluate_paths(
        [ROOT / "candidates" / "road-occupancy-permits.yaml"], compiled, today=TODAY
    ).results
    assert (r.track, r.decision.track, r.decision.disagrees) == (
        "joint_procurement",
        "commonize",
        True,
    )


def test_record_reproduces_and_names_the_changed_hash(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    cand = tmp_path / "c.yaml"
    shutil.copy(ROOT / "candidates" / "library-system.yaml", cand)
    batch = evaluate_paths([cand], rules, today=TODAY)
    now = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    (record,) = write_records(batch, tmp_path / "records", rules, TODAY, now)
    data = json.loads(record.read_text(encoding="utf-8"))
    assert data["candidate"]["sha256"] == batch.results[0].sha256
    assert data["ruleset"]["sha256"] == batch.ruleset.sha256 and data["recorded_at"].startswith(
        "2026-11-27T09:00"
    )

    assert verify_record(record, rules_dir=rules).reproduced

    gate = rules / "gates" / "2_effect.yaml"
    gate.write_text(
        gate.read_text(encoding="utf-8").replace("threshold: 6", "threshold: 30"), encoding="utf-8"
    )
    v = verify_record(record, rules_dir=rules)  # the rules the user names, not the record's
    assert not v.reproduced
    assert [c.name for c in v.checks if not c.same] == ["rule set sha256"]
    assert "track" in v.differing_keys


def test_verify_record_cli_exit_codes(tmp_path):
    import subprocess
    import sys

    cand = tmp_path / "c.yaml"
    shutil.copy(ROOT / "candidates" / "library-system.yaml", cand)
    batch = evaluate_paths([cand], today=TODAY)
    (record,) = write_records(
        batch, tmp_path / "rec", default_rules_dir(), TODAY, dt.datetime.now(dt.UTC)
    )
    exe = str(Path(sys.executable).parent / "commonize")
    ok = subprocess.run([exe, "verify-record", str(record)], capture_output=True, text=True)
    assert ok.returncode == 0 and "reproduced exactly" in ok.stdout
    cand.write_text(cand.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    changed = subprocess.run([exe, "verify-record", str(record)], capture_output=True, text=True)
    assert changed.returncode == 1 and "DIFFERENT  candidate file sha256" in changed.stdout


def _cli(*args: str, cwd: Path = ROOT):
    return run_cli(*args, cwd=cwd)


def test_both_tracks_in_every_output(tmp_path):
    override = "candidates/road-occupancy-permits.yaml"
    sarif, junit, md = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "r.md"
    proc = _cli(
        "evaluate", override, "--today", "2026-11-27", "--no-cache", "--lang", "en",
        "-f", "text", "-f", f"sarif={sarif}", "-f", f"junit={junit}", "-f", f"markdown={md}",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert (
        "→ Prefectural joint procurement" in proc.stdout and "decided: Commonize ≠" in proc.stdout
    )
    for path in (sarif, junit, md):
        text = path.read_text(encoding="utf-8")
        assert "decided Commonize" in text, path.name
    doc = json.loads(_cli("evaluate", override, "--today", "2026-11-27", "-f", "json").stdout)
    (r,) = doc["results"]
    assert (r["track"], r["decision"]["track"], r["decision"]["disagrees"]) == (
        "joint_procurement",
        "commonize",
        True,
    )
    explained = _cli("explain", "road-occupancy-permits", "--lang", "en").stdout
    assert (
        "Council decision: Commonize" in explained
        and "differs from the recommendation" in explained
    )


def test_expired_decision_warns_and_fails_under_fail_on_expired():
    expired = "candidates/after-school-childcare.yaml"
    warn = _cli("evaluate", expired, "--today", "2027-06-01", "-f", "github")
    assert warn.returncode == 0
    assert "::warning file=candidates/after-school-childcare.yaml,line=" in warn.stdout
    fail = _cli(
        "evaluate", expired, "--today", "2027-06-01", "-f", "github", "--fail-on", "expired"
    )
    assert (
        fail.returncode == 1
        and "::error file=candidates/after-school-childcare.yaml" in fail.stdout
    )
    before = _cli("evaluate", expired, "--today", "2026-12-01", "--fail-on", "expired")
    assert before.returncode == 0


def test_the_shipped_set_passes_fail_on_expired_until_a_decision_lapses():
    # The meeting of 2026-09-30 decided "deferred" until 2027-03-31.
    ok = _cli("evaluate", "--today", "2026-12-01", "--fail-on", "expired", "-f", "json")
    assert (ok.returncode, ok.stderr) == (0, "")


@pytest.mark.parametrize(("key", "date"), [("expires", "2026-03-31"), ("review_by", "2026-01-01")])
def test_a_decision_that_lapses_before_its_meeting_is_an_error(tmp_path, key, date):
    text = (ROOT / "candidates" / "after-school-childcare.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "after-school-childcare.yaml"
    bad.write_text(text.replace("    expires: 2027-03-31", f"    {key}: {date}"), "utf-8")
    line = next(i for i, x in enumerate(bad.read_text("utf-8").splitlines(), 1) if key in x)
    en = _cli("evaluate", str(bad), "-f", "text", "--lang", "en")
    assert en.returncode == 1
    assert (
        f"{bad}:{line}:5: decisions.0.{key}: {key} {date} is before the meeting of 2026-09-30 "
        "(a decision cannot lapse before it is taken: check both dates)"
    ) in en.stdout
    ja = _cli("evaluate", str(bad), "-f", "text", "--lang", "ja")
    assert f"decisions.0.{key}: {key} の {date} が会議の日(2026-09-30)より前" in ja.stdout


def test_record_option_writes_verifiable_records(tmp_path):
    records = tmp_path / "records"
    proc = _cli(
        "evaluate", "candidates/library-system.yaml", "--record", str(records), "-f", "json"
    )
    assert proc.returncode == 0, proc.stderr
    (record,) = records.glob("*.json")
    assert record.name == "library-system.json"
    check = _cli("verify-record", str(record))
    assert check.returncode == 0 and "reproduced exactly" in check.stdout


def test_today_must_be_a_date():
    proc = _cli("evaluate", "candidates/library-system.yaml", "--today", "27/11/2026")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr
