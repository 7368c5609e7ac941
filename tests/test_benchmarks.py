"""The benchmark scripts still run and still decide what commonize decides.

Timings are never asserted (they depend on the machine and its load): this only keeps
benchmarks/ from rotting as the rule set, the schema and the CLI change. Uses ~20 generated
files plus variants with unknown (null) indicators, the case the peer pipelines must
handle the way commonize routes it.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest
import yaml

from commonize.fields import catalogue

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # benchmarks/ is a directory of scripts, not an installed package
    sys.path.insert(0, str(ROOT))

from benchmarks import common, evaluate_api, floor, plain_python, run  # noqa: E402

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# Passes every gate with a margin (the README's example): nulling one indicator at a time
# then moves it to "stop at effect" or "stop at feasibility" only where the negative points
# of an unknown rule count against the minimum, which is what the variants test.
STRONG = """
schema_version: 1
id: strong
kind: system
name: {ja: 図書館システム, en: Library management system}
ministry: 文部科学省
description: Catalogue, lending and reservations of public libraries.
standardized_business: null
figures: illustrative
as_of: 2026-10-01
user_needs:
  users: residents
  users_per_year: 30000000
  citizen_facing: true
  online_share_pct: 45
  requesting_governments: 120
  survey_support_pct: 64
  disaster_relevance: none
effect:
  governments_doing: 1380
  annual_cost_jpy: 12000000000
  annual_staff_hours: 700000
  expected_cost_reduction_pct: 25
  expected_staff_hours_reduction_pct: 20
  variation_between_governments: low
  realtime_data_value: low
feasibility:
  legal_change: none
  responsible_ministry_identified: true
  market_products: 9
  contracts_end_year: 2029
  network_segment: internet
  personal_data: low
  pilot: {status: completed, result: success}
  size_differentiated: true
solution:
  shape: application
  general_tool: false
  joint_procurement_prefectures: 3
"""


def _set(data: dict, dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        if data.get(p) is None:
            data[p] = {}
        data = data[p]
    data[last] = value


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """20 files from benchmarks/generate.py (through the runner's cached ``dataset``), and
    variants of a strong candidate: each indicator unknown in turn, then all of them, each
    value of each choice field, each pilot status × result, each level word of each
    quantity, each shape × national role."""
    base = tmp_path_factory.mktemp("bench")
    generated = common.dataset(20, seed=7, base=base)
    directory = base / "mixed"
    directory.mkdir()
    for p in common.yaml_files(generated):
        (directory / p.name).write_bytes(p.read_bytes())
    template = yaml.safe_load(STRONG)
    variants = []
    for i, path in enumerate(sorted(catalogue())):
        data = copy.deepcopy(template)
        _set(data, path, None)
        variants.append(data | {"id": f"unknown-{i:02d}"})
    empty = copy.deepcopy(template) | {"id": "unknown-all"}
    empty.update({s: None for s in ("user_needs", "effect", "feasibility", "solution")})
    variants.append(empty)
    # Every value of every choice field, so a rule on a value the generator rarely writes
    # (a failed pilot, a national law) is still checked; and every pilot status × result,
    # the one rule over two fields with negative points.
    for path, spec in sorted(catalogue().items()):
        choices = (True, False) if spec.kind == "bool" else spec.choices
        for value in choices:
            data = copy.deepcopy(template)
            _set(data, path, value)
            variants.append(data | {"id": f"value-{len(variants):03d}"})
    pilot = catalogue()["feasibility.pilot.status"], catalogue()["feasibility.pilot.result"]
    for status in (*pilot[0].choices, None):
        for result in (*pilot[1].choices, None):
            data = copy.deepcopy(template)
            data["feasibility"]["pilot"] = {"status": status, "result": result}
            variants.append(data | {"id": f"pilot-{len(variants):03d}"})
    # Every level word of every quantity (schema 2), a range that may prove, refute or leave
    # a rule open, and once in each written form: bare word, {level, source}, {value, source}.
    for path, spec in sorted(catalogue().items()):
        for level in spec.levels:
            data = copy.deepcopy(template) | {"schema_version": 2}
            _set(data, path, level)
            variants.append(data | {"id": f"level-{len(variants):03d}"})
        if spec.levels:
            data = copy.deepcopy(template) | {"schema_version": 2}
            _set(data, path, {"level": spec.levels[-2], "source": "estimate"})
            variants.append(data | {"id": f"level-{len(variants):03d}"})
            data = copy.deepcopy(template) | {"schema_version": 2}
            _set(data, path, {"value": 2, "source": "estimate"})
            variants.append(data | {"id": f"level-{len(variants):03d}"})
    # Each shape with its own indicators unknown, level words and a national role: rules
    # restricted by `forms:` and routes that hang on several unknowns at once.
    shapes = catalogue()["solution.shape"].choices
    for i, shape in enumerate((*shapes, None)):
        for role in (*catalogue()["feasibility.national_role"].choices, None):
            data = copy.deepcopy(template) | {"schema_version": 2}
            data["solution"]["shape"] = shape
            data["feasibility"]["national_role"] = role
            data["effect"]["reused_by_services"] = ("small", "medium", "large", None)[i % 4]
            data["effect"]["governments_doing"] = ("most", "all", 1380, None)[i % 4]
            data["user_needs"]["requesting_governments"] = ("many", None, "some")[i % 3]
            data["solution"]["joint_procurement_prefectures"] = ("many", "some", None)[i % 3]
            variants.append(data | {"id": f"shape-{len(variants):03d}"})
    # Feasibility not met even in its best case below the gate's floor: shelve.
    data = copy.deepcopy(template) | {"id": "shelve"}
    data["feasibility"] |= {
        "legal_change": "national_law",
        "responsible_ministry_identified": False,
        "market_products": 0,
        "network_segment": "individual_number",
        "personal_data": "special_care",
        "pilot": {"status": "completed", "result": "failure"},
        "national_role": "none",
    }
    variants.append(data | {"schema_version": 2})
    # User needs not met on known evidence: every indicator of gate ① known and against it.
    data = copy.deepcopy(template) | {"id": "no-user-need", "schema_version": 2}
    data["user_needs"] = {
        "users": "staff",
        "users_per_year": 0,
        "citizen_facing": False,
        "online_share_pct": 100,
        "requesting_governments": 0,
        "survey_support_pct": 0,
        "disaster_relevance": "none",
        "multi_government_filing": False,
        "priority_dx_project": False,
    }
    data["effect"] = dict(data.get("effect") or {}, reused_by_services=0)
    variants.append(data)
    for data in variants:
        text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
        (directory / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    return common.yaml_files(directory)


@pytest.fixture(scope="module")
def reference(files: list[Path]) -> dict[str, common.Outcome]:
    """commonize's outcomes, through the runner's API fallback and its JSON output."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = evaluate_api.main([str(files[0].parent)])
    assert code == 0
    outcomes = common.outcomes_from_results(json.loads(out.getvalue()))
    assert len(outcomes) == len(files)
    return outcomes


def test_dataset_is_cached_and_complete(tmp_path: Path) -> None:
    first = common.dataset(3, seed=1, base=tmp_path)
    assert len(common.yaml_files(first)) == 3
    assert common.dataset(3, seed=1, base=tmp_path) == first  # reused, not regenerated
    assert not list(tmp_path.glob(".partial-*"))


def test_floor_reads_every_file(files: list[Path]) -> None:
    floor.run(files)
    assert common.warm(files) > 0


def test_every_route_is_covered(reference: dict[str, common.Outcome]) -> None:
    """The files exercise every track, every stopping gate, every readiness label and
    feasibility outcome, and needs information (no track) at more than one gate."""
    seen = {(o.track, o.stopped_at, o.readiness) for o in reference.values()}
    assert {
        ("standardize", None, None),
        ("joint_procurement", "user_needs", None),
        ("joint_procurement", "effect", None),
        ("joint_procurement", "feasibility", "another_method"),
        ("joint_procurement", "feasibility", "shelve"),
        ("commonize", None, "go"),
        ("commonize", None, "conditional"),
        (None, "user_needs", None),
        (None, "effect", None),
    } <= seen


def test_plain_python_agrees_with_commonize(
    files: list[Path], reference: dict[str, common.Outcome]
) -> None:
    outcomes = {o.id: o for o in plain_python.run(files)}
    result = common.agreement(reference, outcomes)
    assert result.same_outcome == result.compared == len(files), result.examples


def test_zen_pipeline_agrees_with_commonize(
    files: list[Path], reference: dict[str, common.Outcome]
) -> None:
    pytest.importorskip("zen", reason="zen-engine is the optional extra `bench`")
    from benchmarks import zen_pipeline

    outcomes = {o.id: o for o in zen_pipeline.run(files)}
    result = common.agreement(reference, outcomes)
    assert result.same_outcome == result.compared == len(files), result.examples


def test_zen_graph_is_generated_from_the_rule_set(compiled) -> None:
    from benchmarks import zen_pipeline

    graph = zen_pipeline.build_graph(compiled)
    tables = [n for n in graph["nodes"] if n["id"].startswith("gate_")]
    assert [t["id"] for t in tables] == [f"gate_{g.id}" for g in compiled.ruleset.gates]
    rows = {r["_id"] for t in tables for r in t["content"]["rules"]}
    for gate in compiled.ruleset.gates:
        for rule in gate.rules:
            assert f"{rule.id}:fires" in rows
            # An unknown rule matters to the route when it could still carry its gate
            # (positive points) or forbid commonization (not waivable).
            assert (f"{rule.id}:unknown" in rows) == (rule.points > 0 or not rule.waivable)


def test_runner_spawn_measures_a_child() -> None:
    sample = run.spawn([sys.executable, "-c", "pass"])
    assert sample.returncode == 0
    assert sample.seconds > 0
    assert sample.maxrss_kib > 0
    with pytest.raises(run.BenchError):
        run.spawn([sys.executable, "-c", "raise SystemExit(3)"])


def test_runner_targets_and_table() -> None:
    def size(files: int, rss: float) -> dict:
        seconds = {
            "floor": 1.0,
            "evaluate_1": 4.0,
            "evaluate_n": 2.0,
            "zen": 2.0,
            "cache_warm": 0.5,
        }
        figures = {
            k: {
                "label": k,
                "seconds": s,
                "files_per_s": files / s,
                "x_floor": 1.0 / s,
                "peak_rss_mib": rss,
            }
            for k, s in seconds.items()
        }
        return {"files": files, "load_avg_1min": [1.0], "figures": figures, "checks": {}}

    sizes = {"1000": size(1000, 60.0), "10000": size(10000, 120.0)}
    startup = {"validate_one": {"median_ms": 130.0}, "pydantic_yaml": {"median_ms": 100.0}}
    found = [(round(t.value, 2), t.met) for t in run.targets(sizes, startup)]
    assert found == [
        (0.25, False),  # evaluate 1 job ÷ floor
        (0.5, False),  # evaluate all cores ÷ floor
        (1.0, True),  # ÷ zen-engine
        (2.0, True),  # --jobs scaling
        (8.0, True),  # cache
        (1.3, True),  # start-up
        (2.0, False),  # peak RSS 10k ÷ 1k
    ]
    result = {
        "sizes": sizes,
        "startup": {},
        "targets": [t.__dict__ for t in run.targets(sizes, startup)],
    }
    assert "| evaluate_1 |" in run.table(result)


def test_breakdown_times_every_stage(files: list[Path]) -> None:
    from benchmarks import breakdown

    ms = breakdown.breakdown(files[:10], rounds=1)
    assert ms["rules fired per candidate (count)"] > 0
    assert all(v > 0 for v in ms.values())


def test_memory_probe_reports_each_stage(files: list[Path], capsys) -> None:
    from benchmarks import memory

    memory.main([str(files[0].parent)])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [
        "imports",
        f"{len(list(files[0].parent.glob('*.yaml'))):,}",
        "all",
    ]
    assert all("peak" in line and "MiB" in line for line in lines)
    with pytest.raises(SystemExit):
        memory.main([])


def test_split_runs_each_part_as_its_own_evaluate(files: list[Path], tmp_path: Path) -> None:
    # The ceiling figure of --jobs N: every file in exactly one part, every part evaluated.
    from benchmarks import split

    directory = files[0].parent
    work = tmp_path / "parts"
    assert split.main([str(directory), "--parts", "3", "--work", str(work)]) == 0
    folders = split.parts(directory, 3, work)
    names = [f.name for folder in folders for f in split.yaml_files(folder)]
    assert names == [f.name for f in files]
    evaluated = [json.loads(folder.with_suffix(".json").read_text()) for folder in folders]
    assert sum(d["summary"]["candidates"] for d in evaluated) == len(files)


def test_ab_compares_two_commits_round_by_round(capsys) -> None:
    from benchmarks import ab

    assert ab.main(["HEAD", "HEAD", "--count", "20", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "| floor |" in out and "| HEAD |" in out
    assert "identical in every round: True" in out
