"""Benchmark runner: commonize against the YAML parse floor, zen-engine and plain Python.

    uv sync --extra bench --inexact          # zen-engine, once
    uv run python -m benchmarks.run          # 1k and 10k; table on stdout, benchmarks/results.json
    uv run python -m benchmarks.run --sizes 1000 10000 100000 --repeat 1   # 100k on demand

Every figure runs as its own process, end to end (start-up included), on the same generated
files, interleaved round by round so that a change in the machine's load hits every figure
alike; the median of the rounds is reported, as files per second and as a ratio of the floor.
See docs/performance.md for what each figure means and the latest results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python benchmarks/run.py` as well as `python -m benchmarks.run`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    ROOT,
    agreement,
    dataset,
    outcomes_from_results,
    read_outcomes,
    warm,
    yaml_files,
)
from benchmarks.split import parts as split_parts

PYTHON = sys.executable
# The installed console script, as a user runs it (not `python -m`, not through `uv run`,
# whose own start-up would be counted).
COMMONIZE = str(Path(sys.executable).with_name("commonize"))
ONE_FILE = ROOT / "candidates" / "library-system.yaml"


# ── running one process ─────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall clock, process start to exit
    maxrss_kib: int  # peak resident set of the process
    returncode: int
    error: str | None = None  # the end of standard error, when the exit code was not ok
    # user + system CPU seconds of the process and the children it waited for (--jobs
    # workers): tells a pipeline that burns more CPU from one starved by other load.
    cpu_seconds: float | None = None


class BenchError(RuntimeError):
    pass


def _gnu_time() -> str | None:
    """GNU time, to read a child's peak RSS without the runner's own RSS in it.

    ``wait4`` on our own child is not enough: Linux carries the RSS high-water mark of the
    address space a process had before ``execve`` into its ``ru_maxrss``, and a child of
    this (large) runner starts as a copy of it (fork) or in it (vfork). GNU time is a tiny
    process, so its child's figure is the command's own.
    """
    exe = shutil.which("time") or "/usr/bin/time"
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return exe if "GNU" in out.stdout + out.stderr else None


GNU_TIME = _gnu_time()


def spawn(
    cmd: Sequence[str],
    *,
    stdout: Path | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    ok: tuple[int, ...] = (0,),
    strict: bool = True,
) -> Sample:
    """Run ``cmd`` once: wall time with ``perf_counter``, peak RSS from GNU time (else from
    ``wait4``, which then also counts the runner's RSS). A bad exit code raises
    ``BenchError`` when ``strict``, else it is returned in the sample: one failed run of a
    long benchmark (the tree is edited concurrently) must not throw the others away."""
    with (
        open(stdout or os.devnull, "wb") as out,
        tempfile.TemporaryFile() as err,
        tempfile.NamedTemporaryFile("r", suffix=".rss") as rss,
    ):
        argv = [GNU_TIME, "-f", "%M %U %S", "-o", rss.name, *cmd] if GNU_TIME else list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        maxrss, cpu = usage.ru_maxrss, None
        if GNU_TIME:
            # "Command exited with non-zero status N" may come first; ours is the last line.
            last = (rss.read().strip().splitlines() or [""])[-1].split()
            if len(last) == 3:
                maxrss, cpu = int(last[0]), float(last[1]) + float(last[2])
        error = None
        if proc.returncode not in ok:
            err.seek(0)
            tail = err.read().decode("utf-8", "replace")[-2000:]
            error = f"{' '.join(cmd)} exited {proc.returncode}:\n{tail}"
            if strict:
                raise BenchError(error)
    return Sample(seconds, maxrss, proc.returncode, error, cpu)


def snapshot_code(ref: str) -> Path | None:
    """``src/`` and ``rules/`` as committed at ``ref``, extracted once and reused.

    Others edit the tree while a benchmark runs for twenty minutes; measuring a fixed commit
    keeps every round and every figure on the same code. ``worktree`` measures the files as
    they are (through the editable install) instead.
    """
    if ref == "worktree":
        return None
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short=12", ref],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    target = Path(tempfile.gettempdir()) / "commonize-bench" / f"code-{commit}"
    if not target.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)  # a fresh machine: no data set yet
        scratch = Path(tempfile.mkdtemp(prefix=".code-", dir=target.parent))
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", commit, "src", "rules"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(scratch)], input=archive, check=True)
        os.replace(scratch, target)
    return target


def child_env(pycache: Path | None, code: Path | None) -> dict[str, str]:
    """The environment of every measured process.

    - COMMONIZE_* and CI variables removed: settings must not leak in from the caller.
    - ``code``: the snapshot's ``src`` first on the path, ahead of the editable install.
    - A bytecode cache under ``pycache``: this machine sets PYTHONDONTWRITEBYTECODE=1 and
      the virtualenv has no .pyc files, so without it every start-up compiles every module
      from source (pydantic's import alone goes from ~0.13 s to ~0.7 s), which is not what
      users with an installed package see. PYTHONPYCACHEPREFIX keeps the .pyc files out of
      the source tree and the virtualenv.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("COMMONIZE_") and k not in ("GITHUB_ACTIONS", "CI")
    }
    # python -m benchmarks.X from any directory; the measured commonize from the snapshot.
    env["PYTHONPATH"] = os.pathsep.join([*([str(code / "src")] if code else []), str(ROOT)])
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def cli_options(command: str, env: dict[str, str]) -> set[str]:
    """The long options ``commonize COMMAND --help`` lists (the CLI gains options over time)."""
    help_env = {**env, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
    proc = subprocess.run(
        [COMMONIZE, command, "--help"], capture_output=True, text=True, env=help_env, check=False
    )
    return set(re.findall(r"--[a-z][a-z0-9-]*", proc.stdout))


# ── figures ─────────────────────────────────────────────────────────────────────────────


@dataclass
class Figure:
    key: str
    label: str
    cmd: list[str]
    output: Path | None = None  # standard output of the last successful run
    samples: list[Sample] = field(default_factory=list)  # successful runs
    failures: list[Sample] = field(default_factory=list)
    loop_seconds: list[float] = field(default_factory=list)  # in-process pipelines' own timing

    def run(self, env: dict[str, str], cwd: Path) -> Sample:
        # A failed run must not leave its (empty) output where the checks would read it.
        partial = self.output.with_suffix(".partial") if self.output else None
        sample = spawn(self.cmd, stdout=partial, env=env, cwd=cwd, strict=False)
        if sample.error is not None:
            self.failures.append(sample)
            return sample
        self.samples.append(sample)
        if partial is not None and self.output is not None:
            os.replace(partial, self.output)
            if self.key in _SELF_TIMED:
                self.loop_seconds.append(json.loads(self.output.read_text())["seconds"])
        return sample

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def maxrss_mib(self) -> float:
        return max(s.maxrss_kib for s in self.samples) / 1024


_SELF_TIMED = {"floor", "zen", "plain"}


@dataclass(frozen=True)
class Modes:
    """How commonize is driven, decided from what ``--help`` shows."""

    evaluate_cli: bool  # evaluate has --jobs, --no-cache and --cache-dir
    validate_jobs: bool
    jobs: int

    def evaluate(self, directory: Path, jobs: int, cache: Path | None) -> list[str]:
        if self.evaluate_cli:
            cmd = [COMMONIZE, "evaluate", str(directory), "--format", "json", "--jobs", str(jobs)]
            return cmd + (["--cache-dir", str(cache)] if cache else ["--no-cache"])
        # Until the CLI has --jobs: the same pipeline through the API (benchmarks/evaluate_api.py).
        cmd = [PYTHON, "-m", "benchmarks.evaluate_api", str(directory), "--jobs", str(jobs)]
        return cmd + (["--cache-dir", str(cache)] if cache else [])


def throughput_figures(directory: Path, work: Path, modes: Modes) -> list[Figure]:
    n = modes.jobs
    via = "CLI" if modes.evaluate_cli else "API"
    figures = [
        Figure(
            "floor",
            "floor: read + yaml.load (CSafeLoader)",
            [PYTHON, "-m", "benchmarks.floor", str(directory)],
        ),
        Figure("validate", "commonize validate", [COMMONIZE, "validate", str(directory)]),
    ]
    if modes.validate_jobs:
        figures[-1].label += " --jobs 1"
        figures[-1].cmd += ["--jobs", "1"]
        figures.append(
            Figure(
                "validate_n",
                f"commonize validate --jobs {n}",
                [COMMONIZE, "validate", str(directory), "--jobs", str(n)],
            )
        )
    if not modes.evaluate_cli:
        # The CLI as it is today (one process, no cache), so the user-facing figure is there.
        figures.append(
            Figure(
                "evaluate_cli",
                "commonize evaluate --format json (CLI)",
                [COMMONIZE, "evaluate", str(directory), "--format", "json"],
            )
        )
    figures += [
        Figure(
            "evaluate_1", f"commonize evaluate, 1 job ({via})", modes.evaluate(directory, 1, None)
        ),
        Figure(
            "evaluate_n",
            f"commonize evaluate, {n} jobs ({via})",
            modes.evaluate(directory, n, None),
        ),
        Figure(
            "split",
            f"{n} × evaluate --jobs 1 on 1/{n} of the files (the ceiling)",
            [PYTHON, "-m", "benchmarks.split", str(directory), "--parts", str(n)],
        ),
        Figure(
            "zen", "zen-engine pipeline", [PYTHON, "-m", "benchmarks.zen_pipeline", str(directory)]
        ),
        Figure(
            "plain",
            "plain Python if/else",
            [PYTHON, "-m", "benchmarks.plain_python", str(directory)],
        ),
    ]
    for f in figures:
        f.output = work / f"{f.key}.out"
        if f.key in ("zen", "plain"):
            f.cmd += ["--outcomes", str(work / f"{f.key}.outcomes.json")]
    return figures


def measure_size(
    count: int, args: argparse.Namespace, modes: Modes, env: dict[str, str], work: Path
) -> dict[str, Any]:
    directory = dataset(count, args.seed)
    files = yaml_files(directory)
    if len(files) != count:
        raise BenchError(f"{directory} holds {len(files)} files, expected {count}")
    size_work = work / str(count)
    size_work.mkdir()
    warm(files)
    figures = throughput_figures(directory, size_work, modes)
    if not args.only or "split" in args.only:
        split_parts(directory, modes.jobs, directory.with_name(directory.name + ".parts"))
    cache_cold = Figure("cache_cold", "evaluate, 1 job, cache: first run (fills it)", [])
    cache_warm = Figure("cache_warm", "evaluate, 1 job, cache: second run", [])
    cache_cold.output, cache_warm.output = (
        size_work / "cache_cold.out",
        size_work / "cache_warm.out",
    )
    load = [os.getloadavg()[0]]
    for round_ in range(args.repeat):
        for f in figures:
            if args.only and f.key not in args.only:
                continue
            _progress(count, round_, args.repeat, f.label, f.run(env, size_work))
        if not args.only or "cache" in args.only:
            cache = size_work / f"cache-{round_}"  # empty: the first run fills it
            for f in (cache_cold, cache_warm):
                f.cmd = modes.evaluate(directory, 1, cache)
                _progress(count, round_, args.repeat, f.label, f.run(env, size_work))
            shutil.rmtree(cache, ignore_errors=True)
        load.append(os.getloadavg()[0])
    done = [f for f in [*figures, cache_cold, cache_warm] if f.samples or f.failures]
    return _summarise(count, done, load)


def _progress(count: int, round_: int, repeat: int, label: str, s: Sample) -> None:
    failed = f"  FAILED: {s.error}" if s.error else ""
    print(
        f"  [{count:>6}] round {round_ + 1}/{repeat}  {label:<46} {s.seconds:8.2f} s"
        f"  {s.maxrss_kib / 1024:7.1f} MiB{failed}",
        file=sys.stderr,
        flush=True,
    )


def _summarise(count: int, figures: list[Figure], load: list[float]) -> dict[str, Any]:
    by_key = {f.key: f for f in figures}
    floor = by_key.get("floor")
    out: dict[str, Any] = {"files": count, "load_avg_1min": load, "figures": {}}
    for f in figures:
        failures = [s.error for s in f.failures]
        if not f.samples:
            out["figures"][f.key] = {
                "label": f.label,
                "command": " ".join(f.cmd),
                "failures": failures,
            }
            continue
        out["figures"][f.key] = {
            "label": f.label,
            "command": " ".join(f.cmd),
            "seconds": round(f.seconds, 4),
            "seconds_all": [round(s.seconds, 4) for s in f.samples],
            "files_per_s": round(count / f.seconds, 1),
            "x_floor": round(floor.seconds / f.seconds, 3) if floor and floor.samples else None,
            "peak_rss_mib": round(f.maxrss_mib, 1),
            "cpu_seconds": _median_cpu(f.samples),
            "loop_seconds": [round(x, 4) for x in f.loop_seconds] or None,
            "failures": failures,
        }
    out["checks"] = _checks(by_key)
    out["per_round"] = _per_round(by_key)
    return out


def _per_round(by_key: dict[str, Figure]) -> dict[str, float]:
    """Medians of ratios taken within each round: on a shared machine the load moves between
    rounds, and a ratio of two runs a second apart is steadier than a ratio of medians."""
    pairs = {
        "floor_over_evaluate_1": ("floor", "evaluate_1"),
        "floor_over_evaluate_n": ("floor", "evaluate_n"),
        "floor_over_split": ("floor", "split"),
        "split_over_evaluate_n": ("split", "evaluate_n"),
    }
    out = {}
    for name, (a, b) in pairs.items():
        fa, fb = by_key.get(a), by_key.get(b)
        # Only rounds where both ran: a failed run leaves no sample, and would misalign them.
        if (
            fa
            and fb
            and fa.samples
            and len(fa.samples) == len(fb.samples)
            and not fa.failures + fb.failures
        ):
            ratios = [x.seconds / y.seconds for x, y in zip(fa.samples, fb.samples, strict=True)]
            out[name] = round(statistics.median(ratios), 3)
    return out


def _median_cpu(samples: list[Sample]) -> float | None:
    cpu = [s.cpu_seconds for s in samples if s.cpu_seconds is not None]
    return round(statistics.median(cpu), 3) if cpu else None


def _checks(by_key: dict[str, Figure]) -> dict[str, Any]:
    """Do the pipelines agree, and are commonize's outputs the same whatever jobs and cache?"""
    checks: dict[str, Any] = {}
    one = by_key.get("evaluate_1")
    if one is None or one.output is None or not one.output.exists():
        return checks
    reference_text = one.output.read_bytes()
    reference = outcomes_from_results(json.loads(reference_text))
    for key in ("zen", "plain"):
        f = by_key.get(key)
        outcomes = f.output.with_name(f"{key}.outcomes.json") if f and f.output else None
        if outcomes is not None and outcomes.exists():
            checks[f"{key}_agreement"] = agreement(reference, read_outcomes(outcomes)).as_dict()
    for key in ("evaluate_n", "cache_warm", "evaluate_cli"):
        f = by_key.get(key)
        if f is not None and f.output is not None and f.output.exists():
            checks[f"{key}_identical_to_evaluate_1"] = f.output.read_bytes() == reference_text
    return checks


# ── start-up ────────────────────────────────────────────────────────────────────────────


def find_yamllint(requested: str | None, work: Path) -> str | None:
    """yamllint from --yamllint, the PATH, or a throwaway virtualenv made with uv."""
    if requested:
        return requested
    found = shutil.which("yamllint")
    if found:
        return found
    venv = Path(tempfile.gettempdir()) / "commonize-bench" / "yamllint-venv"
    exe = venv / "bin" / "yamllint"
    if exe.exists():
        return str(exe)
    uv = shutil.which("uv")
    if uv is None:
        return None
    try:
        subprocess.run([uv, "venv", "-q", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), "yamllint"],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError) as e:
        print(f"note: no yamllint ({e}); its start-up figure is left out", file=sys.stderr)
        return None
    return str(exe)


_SCHEMA_FLOOR = (
    "import sys, yaml; from commonize.models import Candidate; "
    "Candidate.model_validate(yaml.load(open(sys.argv[1], 'rb'), Loader=yaml.CSafeLoader))"
)


def measure_startup(
    args: argparse.Namespace, env: dict[str, str], work: Path, yamllint: str | None
) -> dict[str, Any]:
    one = work / "one.yaml"
    shutil.copyfile(ONE_FILE, one)  # a private copy: candidates/ is edited concurrently
    commands: dict[str, tuple[str, list[str]]] = {
        "validate_one": ("commonize validate one.yaml", [COMMONIZE, "validate", str(one)]),
        "python_pass": ("python -c pass", [PYTHON, "-c", "pass"]),
        "pydantic_yaml": (
            'python -c "from pydantic import BaseModel; import yaml"',
            [PYTHON, "-c", "from pydantic import BaseModel; import yaml"],
        ),
    }
    # What the target's baseline leaves out and commonize cannot: the CLI framework, and
    # pydantic building and running the candidate's validator (nothing else of commonize).
    commands["pydantic_yaml_typer"] = (
        'python -c "from pydantic import BaseModel; import yaml; import typer"',
        [PYTHON, "-c", "from pydantic import BaseModel; import yaml; import typer"],
    )
    commands["schema_floor"] = (
        "import commonize.models and validate one.yaml with pydantic",
        [PYTHON, "-c", _SCHEMA_FLOOR, str(one)],
    )
    commands["evaluate_one"] = (
        "commonize evaluate one.yaml --format json --no-cache",
        [COMMONIZE, "evaluate", str(one), "--format", "json", "--no-cache"],
    )
    if yamllint:
        commands["yamllint_one"] = ("yamllint one.yaml", [yamllint, str(one)])
    runs: dict[str, list[Sample]] = {k: [] for k in commands}
    for i in range(args.startup_runs + 2):
        for key, (_, cmd) in commands.items():
            # yamllint exits 1 when it finds problems: that is a normal run.
            sample = spawn(cmd, env=env, cwd=work, ok=(0, 1) if key == "yamllint_one" else (0,))
            if i >= 2:  # the first two fill the page and bytecode caches
                runs[key].append(sample)
    return {
        key: {
            "label": label,
            "median_ms": round(1000 * statistics.median(s.seconds for s in runs[key]), 1),
            "runs_ms": [round(1000 * s.seconds, 1) for s in runs[key]],
            "peak_rss_mib": round(max(s.maxrss_kib for s in runs[key]) / 1024, 1),
        }
        for key, (label, _) in commands.items()
    }


# ── targets (issue 7) ───────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Target:
    name: str
    value: float | None
    goal: str
    met: bool | None

    def row(self) -> str:
        value = "n/a" if self.value is None else f"{self.value:.2f}"
        verdict = {True: "met", False: "NOT met", None: "not measured"}[self.met]
        return f"| {self.name} | {value} | {self.goal} | {verdict} |"


def targets(sizes: dict[str, Any], startup: dict[str, Any] | None) -> list[Target]:
    main = sizes.get("10000") or sizes[max(sizes, key=int)]
    fig = main["figures"]

    def ratio(a: str, b: str) -> float | None:
        if "seconds" in fig.get(a, {}) and "seconds" in fig.get(b, {}):
            return fig[b]["seconds"] / fig[a]["seconds"]  # a's speed over b's
        return None

    def check(name: str, value: float | None, goal: str, ok: Callable[[float], bool]) -> Target:
        return Target(name, value, goal, None if value is None else ok(value))

    n = main["files"]
    out = [
        check(
            f"evaluate, 1 job, {n:,} files ÷ floor",
            ratio("evaluate_1", "floor"),
            "≥ 0.5",
            lambda v: v >= 0.5,
        ),
        check(
            "evaluate, all cores ÷ floor",
            ratio("evaluate_n", "floor"),
            "≥ 0.9",
            lambda v: v >= 0.9,
        ),
        check(
            "evaluate, all cores ÷ zen-engine",
            ratio("evaluate_n", "zen"),
            "≥ 1.0",
            lambda v: v >= 1.0,
        ),
        check(
            "--jobs scaling (all cores ÷ 1 job)",
            ratio("evaluate_n", "evaluate_1"),
            "≥ 1.7 on 2 cores",
            lambda v: v >= 1.7,
        ),
        check(
            "cache: 2nd run speed-up over an uncached run",
            ratio("cache_warm", "evaluate_1"),
            "≥ 5",
            lambda v: v >= 5,
        ),
    ]
    if startup and "validate_one" in startup and "pydantic_yaml" in startup:
        v = startup["validate_one"]["median_ms"] / startup["pydantic_yaml"]["median_ms"]
        out.append(
            check(
                "start-up: validate one.yaml ÷ pydantic+yaml import", v, "≤ 1.3", lambda x: x <= 1.3
            )
        )
    rss = {int(k): s["figures"].get("evaluate_1", {}).get("peak_rss_mib") for k, s in sizes.items()}
    rss = {k: v for k, v in rss.items() if v}
    if len(rss) >= 2:
        lo, hi = min(rss), max(rss)
        out.append(
            check(
                f"peak RSS {hi:,} ÷ {lo:,} files (evaluate, 1 job)",
                rss[hi] / rss[lo],
                "≤ 1.5 (100k ÷ 1k)",
                lambda v: v <= 1.5,
            )
        )
    return out


# ── output ──────────────────────────────────────────────────────────────────────────────


def table(result: dict[str, Any]) -> str:
    lines = []
    for count, size in result["sizes"].items():
        loads = ", ".join(f"{x:.2f}" for x in size["load_avg_1min"])
        lines += [
            f"\n{int(count):,} files (load average during the run: {loads})\n",
            "| figure | median s | files/s | × floor | CPU s | peak RSS MiB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for f in size["figures"].values():
            failed = f" (failed {len(f['failures'])}×)" if f.get("failures") else ""
            if "seconds" not in f:
                lines.append(f"| {f['label']}{failed} | – | – | – | – | – |")
                continue
            x_floor = "–" if f["x_floor"] is None else f"{f['x_floor']:.2f}"
            cpu = "–" if f.get("cpu_seconds") is None else f"{f['cpu_seconds']:.1f}"
            lines.append(
                f"| {f['label']}{failed} | {f['seconds']:.2f} | {f['files_per_s']:,.0f} "
                f"| {x_floor} | {cpu} | {f['peak_rss_mib']:.0f} |"
            )
        if size.get("per_round"):
            ratios = ", ".join(f"{k} {v:.3f}" for k, v in size["per_round"].items())
            lines.append(f"\nmedians of per-round ratios: {ratios}")
        for name, check in size["checks"].items():
            if isinstance(check, dict):
                lines.append(
                    f"\n{name}: tracks {check['track_pct']:.2f}%, whole outcome "
                    f"{check['outcome_pct']:.2f}% of {check['compared']:,} (missing {check['missing']})"
                )
                lines += [f"  {e}" for e in check["examples"]]
            else:
                lines.append(f"{name}: {check}")
    if result.get("startup"):
        lines += [
            "\nStart-up (median of runs)\n",
            "| command | median ms | ÷ pydantic + yaml | runs |",
            "|---|---:|---:|---:|",
        ]
        base = result["startup"].get("pydantic_yaml", {}).get("median_ms")
        for s in result["startup"].values():
            times = f"{s['median_ms'] / base:.2f}" if base else "–"
            lines.append(f"| {s['label']} | {s['median_ms']:.0f} | {times} | {len(s['runs_ms'])} |")
    lines += ["\nTargets (issue 7)\n", "| target | value | goal | verdict |", "|---|---:|---|---|"]
    lines += [Target(**t).row() for t in result["targets"]]
    return "\n".join(lines)


def machine(env: dict[str, str]) -> dict[str, Any]:
    def version(module: str) -> str | None:
        proc = subprocess.run(
            [PYTHON, "-c", f"import importlib.metadata as m; print(m.version({module!r}))"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        return proc.stdout.strip() or None

    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)),
        "load_avg_at_start": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commonize": version("commonize"),
        "zen-engine": version("zen-engine"),
        "pyyaml": version("pyyaml"),
        "git_head": subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
    }


def profile(
    count: int, args: argparse.Namespace, env: dict[str, str], work: Path, modes: Modes
) -> str:
    """cProfile of ``commonize evaluate DIR --format json``, 1 job, no cache: top functions
    by own time (with --jobs N the parent mostly waits on a lock, which says nothing)."""
    import pstats
    from io import StringIO

    directory = dataset(count, args.seed)
    stats_file = work / "evaluate.prof"
    evaluate = modes.evaluate(directory, 1, None)
    if evaluate[0] == PYTHON:  # the API fallback: python -m benchmarks.evaluate_api …
        evaluate = evaluate[1:]
    cmd = [PYTHON, "-m", "cProfile", "-o", str(stats_file), *evaluate]
    spawn(cmd, env=env, cwd=work)
    text = StringIO()
    stats = pstats.Stats(str(stats_file), stream=text)
    stats.sort_stats("tottime").print_stats(30)
    # The pipeline's own stages, by time including what they call.
    stats.sort_stats("cumulative").print_stats(r"commonize/(?!cli)", 25)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3, help="rounds per figure (median)")
    parser.add_argument("--startup-runs", type=int, default=15, help="runs per start-up figure")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--jobs", type=int, default=len(os.sched_getaffinity(0)), help="'all cores'"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results.json")
    parser.add_argument(
        "--only", nargs="+", help="figure keys to run (floor, evaluate_1, …, split, cache)"
    )
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--yamllint", help="yamllint executable [default: PATH, else a uv venv]")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="keep the caller's PYTHONDONTWRITEBYTECODE"
    )
    parser.add_argument(
        "--code",
        default="HEAD",
        help="the commit of src/ and rules/ to measure, or 'worktree' for the files as they are",
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", help="also cProfile evaluate on N files"
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="commonize-bench-") as tmp:
        work = Path(tmp)
        pycache = (
            None
            if args.no_bytecode_cache
            else Path(tempfile.gettempdir()) / "commonize-bench" / "pycache"
        )
        code = snapshot_code(args.code)
        env = child_env(pycache, code)
        evaluate_opts = cli_options("evaluate", env)
        modes = Modes(
            evaluate_cli={"--jobs", "--no-cache", "--cache-dir"} <= evaluate_opts,
            validate_jobs="--jobs" in cli_options("validate", env),
            jobs=args.jobs,
        )
        result: dict[str, Any] = {
            "machine": machine(env),
            "settings": {
                "sizes": args.sizes,
                "repeat": args.repeat,
                "seed": args.seed,
                "jobs": args.jobs,
                "evaluate_via": "cli" if modes.evaluate_cli else "api",
                "bytecode_cache": pycache is not None,
                "code": args.code if code is None else code.name.removeprefix("code-"),
                "peak_rss_via": "GNU time" if GNU_TIME else "wait4 (includes the runner's RSS)",
            },
            "sizes": {},
        }
        print(
            f"commonize evaluate measured through the {result['settings']['evaluate_via'].upper()}",
            file=sys.stderr,
        )
        from benchmarks.plain_python import RULES_FINGERPRINT, fingerprint
        from commonize.api import load_rules

        if fingerprint(load_rules(code / "rules" if code else None)) != RULES_FINGERPRINT:
            result["settings"]["plain_python_warning"] = (
                "rules/ changed since plain_python.py was written"
            )
            print(
                "warning: rules/ changed since benchmarks/plain_python.py was written",
                file=sys.stderr,
            )
        for count in args.sizes:
            result["sizes"][str(count)] = measure_size(count, args, modes, env, work)
        if not args.no_startup:
            yamllint = find_yamllint(args.yamllint, work)
            result["startup"] = measure_startup(args, env, work, yamllint)
        result["machine"]["load_avg_at_end"] = os.getloadavg()
        result["targets"] = [t.__dict__ for t in targets(result["sizes"], result.get("startup"))]
        if args.profile:
            result["profile"] = profile(args.profile, args, env, work, modes)
    args.output.write_text(
        json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(table(result))
    if args.profile:
        print("\n" + result["profile"])
    m = result["machine"]
    print(
        f"\nload average: {m['load_avg_at_start'][0]:.2f} at start, {m['load_avg_at_end'][0]:.2f} at end "
        f"({m['usable_cpus']} cores); results in {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
