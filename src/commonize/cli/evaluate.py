"""evaluate, validate, explain, version: the core commands.

Each command parses its options into a ``Run`` (flags over settings, see config.py), calls
the library, writes every requested format, and returns the exit code of the CI policy.
What needs no typer lives in ``core.py``, which the console script calls directly for
``commonize validate FILE…``.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import nullcontext
from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from commonize.cli import (
    CandidateIdArg,
    CandidatesOpt,
    LangOpt,
    PathsArg,
    RulesOpt,
    SetOpt,
    app,
    core,
    guard,
    paths_or_default,
)
from commonize.cli.core import (
    Run,
    explain_failures,
    failing_findings,
    lang_for,
    make_run,
    note_for,
    warn_if_empty,
)
from commonize.cli.streams import progress_after, progress_wanted
from commonize.errors import UsageError
from commonize.render import FORMAT_NAMES

if TYPE_CHECKING:
    from commonize.api import Batch

FormatsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT[=PATH]",
        # Choices come from the registry: a new format shows up here by itself.
        help=f"Output format: {', '.join(FORMAT_NAMES)} (md is markdown); FORMAT=PATH writes "
        "that format to "
        "a file; repeat for several "
        "[default: auto: GitHub annotations under Actions, table on a terminal, else text]",
        show_default=False,
    ),
]
FailOnOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--fail-on",
        metavar="WHAT",
        help="What fails the run (exit 1) besides invalid files: unknown (indicators that "
        "could change an outcome), track-change (a track differs from --baseline), expired "
        "(a council decision past its expiry or review date); repeatable",
        show_default=False,
    ),
]
BaselineOpt = Annotated[
    Path | None,
    typer.Option(
        "--baseline",
        metavar="RESULTS.json",
        help="A previous `--format json` output to compare tracks with",
        show_default=False,
    ),
]


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


ColorOpt = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Colour the table: auto (on a terminal, unless NO_COLOR is set or FORCE_COLOR "
        "asks for it in a pipe), always, never",
        case_sensitive=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress or notes on standard error")
]


def _finish(batch: Batch, run: Run) -> int:
    from commonize.findings import analyse
    from commonize.render.outputs import write_outputs

    write_outputs(batch, run.outputs, run.options, note=note_for(run))
    analysis = analyse(batch, run.options.policy, run.options.baseline)
    explain_failures(analysis.failing, run.options.lang)
    return analysis.exit_code


@app.command()
def evaluate(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    formats: FormatsOpt = None,
    explain: Annotated[
        bool, typer.Option("--explain", "-e", help="Print the full reasoning")
    ] = False,
    lang: LangOpt = None,
    set_: SetOpt = None,
    fail_on: FailOnOpt = None,
    baseline: BaselineOpt = None,
    quiet: QuietOpt = False,
    color: ColorOpt = Color.auto,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Worker processes, at most 4 per core [default: all cores]",
            show_default=False,
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Evaluate every file again; neither read nor write the cache"
        ),
    ] = False,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Where results of unchanged files are kept "
            "[default: $COMMONIZE_CACHE_DIR or ~/.cache/commonize]",
            show_default=False,
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            metavar="YYYY-MM-DD",
            help="The date council decisions' expiry and review dates are judged against "
            "[default: today, UTC]",
            show_default=False,
        ),
    ] = None,
    sensitivity: Annotated[
        float | None,
        typer.Option(
            "--sensitivity",
            metavar="PCT",
            help="Flag borderline candidates: re-evaluate with every threshold and point value "
            "moved by ±PCT% and mark those whose track changes",
            show_default=False,
        ),
    ] = None,
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            min=0,
            help="With --sensitivity: also this many random joint moves (seeded by --seed)",
        ),
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of --samples")] = 0,
    record: Annotated[
        Path | None,
        typer.Option(
            "--record",
            metavar="DIR",
            help="Write a decision record per candidate (hashes of the inputs, version, result, "
            "time) to DIR; check one later with `commonize verify-record`",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Evaluate candidate files with the rule set: scores, track, and why.

    Exit codes: 0 nothing failed, 1 some candidate invalid (or failed --fail-on), 2 usage
    error, 3 rule set broken. Settings may also come from COMMONIZE_* variables and
    [tool.commonize] in pyproject.toml or .commonize.toml (see docs/ci.md).
    """

    def run() -> int:
        from commonize.api import evaluate_paths, load_rules
        from commonize.discover import discover_names
        from commonize.rules.overrides import parse_assignments

        r = make_run(
            paths=paths, rules=rules, formats=formats, lang=lang, quiet=quiet,
            explain=explain, fail_on=fail_on, baseline=baseline, color=color.value,
        )  # fmt: skip
        from commonize.cache import default_cache_dir
        from commonize.pipeline import default_jobs, max_jobs

        day = _parse_day(today)
        if jobs is not None and jobs > (limit := max_jobs()):
            raise UsageError(
                f"--jobs {jobs}: at most {limit} on this machine (4 per available core); "
                "each worker holds a rule engine"
            )
        overrides = parse_assignments(set_ or [])
        compiled = load_rules(r.rules, overrides)
        files = discover_names(r.paths)
        warn_if_empty(files, r.paths, r.options.lang)
        how = {
            "today": day,
            "jobs": jobs or default_jobs(),
            "cache_dir": None if no_cache else (cache_dir or default_cache_dir()),
            "discovered": True,
        }
        show = progress_wanted(len(files), quiet=quiet)
        if show:
            from commonize.render.progress import progress  # rich: only for a bar
        bar = progress(len(files), enabled=True, after=progress_after()) if show else None
        with bar or nullcontext() as tick:
            if record is None and sensitivity is None and _streams(r):
                return _stream_json(files, compiled, r, tick, how)
            batch = evaluate_paths(files, compiled, progress=tick, **how)
        if sensitivity is not None:
            from commonize.analysis.sensitivity import annotate_sensitivity

            batch = annotate_sensitivity(batch, compiled, sensitivity, samples=samples, seed=seed)
        if record is not None:
            _write_records(batch, record, compiled.ruleset.path, day, quiet, overrides)
        return _finish(batch, r)

    raise typer.Exit(guard(run))


def _streams(run: Run) -> bool:
    """A lone JSON output needs no second look at the batch: write results as they come."""
    only = run.outputs[0] if len(run.outputs) == 1 else None
    return only is not None and only.name == "json" and run.options.baseline is None


def _stream_json(files: list[str], compiled: Any, run: Run, tick: Any, how: dict[str, Any]) -> int:
    """JSON written result by result, so memory stays flat for national-scale batches."""
    from commonize.api import iter_evaluate_serialized
    from commonize.atomic import open_atomic
    from commonize.resultsfile import Serialized, write_document

    failed: list[Any] = []

    def results() -> Iterator[Serialized]:
        for item in iter_evaluate_serialized(files, compiled, progress=tick, **how):
            # Asked of the outline: a worker's result is decoded only if it fails the run.
            if run.options.policy.fails_result(item.outline):
                failed.append(item.result)  # only the failing ones: memory stays flat
            yield item

    target = run.outputs[0].path
    if target is None:
        write_document(results(), compiled.ruleset, sys.stdout)
    else:
        with open_atomic(target) as fh:
            write_document(results(), compiled.ruleset, fh)
        if not run.quiet:
            typer.echo(f"wrote {target} (json)", err=True)
    policy = run.options.policy
    explain_failures(failing_findings(failed, compiled.ruleset, policy), run.options.lang)
    return 1 if failed else 0


def _parse_day(value: str | None) -> dt.date:
    if value is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--today {value!r}: write the date as YYYY-MM-DD") from None


def _write_records(
    batch: Batch,
    directory: Path,
    rules: str,
    day: dt.date,
    quiet: bool,
    overrides: dict[str, Any] | None = None,
) -> None:
    from commonize.records import write_records

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"--record {directory}: not a directory")
    now = dt.datetime.now(dt.UTC)
    written = write_records(batch, directory, Path(rules), day, now, overrides)
    if not quiet:
        typer.echo(f"wrote {len(written)} decision records to {directory}", err=True)


@app.command()
def validate(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    formats: FormatsOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Check candidate files against the schema only (no rules are run).

    Exit codes: 0 every file valid, 1 some file invalid, 2 usage error.
    """
    # The same call as the console script's fast path for `commonize validate FILE…`.
    run = partial(core.validate, paths=paths, rules=rules, formats=formats, lang=lang, quiet=quiet)
    raise typer.Exit(guard(run))


@app.command("explain")
def explain_cmd(
    candidate_id: CandidateIdArg,
    paths: CandidatesOpt = None,
    rules: RulesOpt = None,
    lang: LangOpt = None,
    whatif: Annotated[
        bool,
        typer.Option(
            "--whatif", help="Also list the smallest single-indicator changes that change the track"
        ),
    ] = False,
) -> None:
    """Why a candidate gets its track, and why not the other two."""

    def run() -> int:
        import difflib

        from commonize.api import Batch, evaluate_paths
        from commonize.config import load_settings
        from commonize.render.text import write_explanation

        settings = load_settings()
        batch = evaluate_paths(
            paths_or_default(paths or list(settings.paths)), rules or settings.rules
        )
        found = [x for x in batch.results if x.id == candidate_id]
        if not found:
            ids = [x.id for x in batch.results if x.id]
            close = difflib.get_close_matches(candidate_id, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            bad = [str(p) for x in batch.invalid for p in x.problems]
            extra = ("\n" + "\n".join(bad)) if bad else ""
            raise UsageError(f"no valid candidate with id {candidate_id!r}{hint}{extra}")
        write_explanation(found[0], batch.ruleset, lang_for(lang, settings), sys.stdout)
        if whatif:
            from commonize.api import load_rules
            from commonize.cli.whatif import write_whatif_for

            compiled = load_rules(rules or settings.rules)
            write_whatif_for(
                Path(found[0].path), compiled, lang_for(lang, settings), sys.stdout, header=False
            )
        return Batch(batch.ruleset, tuple(found)).exit_code

    raise typer.Exit(guard(run))


@app.command()
def version() -> None:
    """Print the version of commonize."""
    from commonize import __version__

    typer.echo(__version__)
