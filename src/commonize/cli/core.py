"""What the core commands do once their options are parsed, without typer.

The typer commands (``evaluate.py``) and the console script's fast path for
``commonize validate FILE…`` (``commonize.cli.main``) call the same functions here, so the
two paths cannot give different output.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from commonize.cli import Lang, echo, paths_or_default
from commonize.errors import EXIT_INVALID, EXIT_OK

if TYPE_CHECKING:
    from commonize.config import Settings
    from commonize.findings import Finding, Policy
    from commonize.formats import Output
    from commonize.render import RenderOptions, ValidationWriter
    from commonize.results import Result
    from commonize.rules.load import RuleSet


@dataclass(frozen=True)
class Run:
    """What a command will do, once flags, variables and the config file are merged."""

    paths: list[Path]
    rules: Path | None
    outputs: tuple[Output, ...]
    options: RenderOptions
    quiet: bool


def make_run(
    *,
    paths: list[Path] | None,
    rules: Path | None,
    formats: list[str] | None,
    lang: Lang | None,
    quiet: bool,
    explain: bool = False,
    fail_on: list[str] | None = None,
    baseline: Path | None = None,
    validate_only: bool = False,
    color: str = "auto",
) -> Run:
    from commonize.config import load_settings, parse_fail_on
    from commonize.findings import Policy
    from commonize.formats import Output, parse_output, usage_error
    from commonize.render import RenderOptions
    from commonize.render.outputs import check_outputs

    settings: Settings = load_settings()
    outputs = (
        [parse_output(f) for f in formats]
        if formats
        else list(settings.formats) or [Output("auto")]
    )
    # validate runs no rule: only invalid files can fail it, whatever the settings say.
    chosen = [] if validate_only else parse_fail_on(fail_on) if fail_on else list(settings.fail_on)
    if "track-change" in chosen and baseline is None:
        raise usage_error("--fail-on", "track-change needs --baseline RESULTS.json to compare with")
    previous = None
    if baseline is not None:
        from commonize.render.baseline import load_baseline

        previous = load_baseline(baseline)
    options = RenderOptions(
        lang=lang_for(lang, settings),
        explain=explain,
        validate_only=validate_only,
        policy=Policy(frozenset({"invalid", *chosen})),
        baseline=previous,
        link_base=link_base(),
        color=color,
    )
    return Run(
        paths=paths_or_default(paths or list(settings.paths)),
        rules=rules or settings.rules,
        outputs=check_outputs(outputs),
        options=options,
        quiet=quiet,
    )


def lang_for(flag: Lang | None, settings: Settings) -> str:
    from commonize.labels import default_lang

    return flag.value if flag else settings.lang or default_lang()


def link_base() -> str | None:
    """Under GitHub Actions, Markdown links point at the files of the commit being checked."""
    env = os.environ
    parts = [env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")]
    return "{}/{}/blob/{}".format(*parts) if all(parts) else None


def note_for(run: Run) -> Callable[[str], None] | None:
    return None if run.quiet else echo


def warn_if_empty(files: list[str], paths: list[Path], lang: str) -> None:
    """An empty candidates folder is most likely a wrong path: say so (the run still passes)."""
    if files:
        return
    from commonize.labels import text

    shown = ", ".join(p.as_posix() for p in paths)
    echo(text("messages.no_candidates", lang, paths=shown))


# A run that fails says why on standard error, --quiet or not (the pre-commit hook is quiet),
# but a batch of thousands must not flood a CI log: the first few, then a count.
MAX_FAILURE_LINES = 20


def explain_failures(failing: Sequence[Finding], lang: str) -> None:
    """Why the exit code is 1: each failing finding, with its candidate, on standard error.

    An invalid file is one line (its problems are in the output, each at its line); every
    other finding is its message at the YAML key, after the candidate's id.
    """
    from commonize.labels import count, text

    lines: list[str] = []
    invalid: dict[str, int] = {}
    for f in failing:
        if f.rule == "invalid-file":
            invalid[f.location.path] = invalid.get(f.location.path, 0) + 1
            continue
        what = f"{f.candidate}: " if f.candidate else ""
        lines.append(f"  {f.location}: {what}{f.message[lang]} [{f.rule}]")
    lines[:0] = [
        f"  {path}: " + text("messages.failed_invalid", lang, n=n, n_problems=count(n, "problem"))
        for path, n in invalid.items()
    ]
    if not lines:
        return
    echo(text("messages.failed_head", lang, n=len(lines), n_findings=count(len(lines), "finding")))
    for line in lines[:MAX_FAILURE_LINES]:
        echo(line)
    if len(lines) > MAX_FAILURE_LINES:
        echo(text("messages.failed_more", lang, n=len(lines) - MAX_FAILURE_LINES))


def validate(
    *,
    paths: list[Path] | None,
    rules: Path | None = None,
    formats: list[str] | None = None,
    lang: Lang | None = None,
    quiet: bool = False,
) -> int:
    """`commonize validate`: schema checks only; the exit code (1 when a file is invalid).

    Results stream: a lone output is written as each file is checked, so memory stays flat
    however many files there are; several outputs, or a format that needs the whole batch,
    get the batch (its results, never the candidates). The rule set is loaded only for a
    format that describes it (JSON names it, SARIF lists its checks); the others need only
    the standardized business ids a candidate may name.
    """
    from commonize.discover import discover_names
    from commonize.loading import default_rules_dir, iter_validate
    from commonize.render import VALIDATION_STREAMS
    from commonize.render.outputs import format_of, write_outputs, write_streaming
    from commonize.results import Batch
    from commonize.rules.load import load_business_ids, load_ruleset

    run = make_run(
        paths=paths, rules=rules, formats=formats, lang=lang, quiet=quiet, validate_only=True
    )
    directory = run.rules or default_rules_dir()
    names = [format_of(o, sys.stdout) for o in run.outputs]
    ruleset: RuleSet | None = None
    if all(name in VALIDATION_STREAMS for name in names):
        known: RuleSet | tuple[str, ...] = load_business_ids(directory)
    else:
        ruleset = known = load_ruleset(directory)
    files = discover_names(run.paths)
    warn_if_empty(files, run.paths, run.options.lang)
    policy = run.options.policy
    failed: list[Result] = []

    def results() -> Iterator[Result]:
        for result in iter_validate(files, known, discovered=True):
            if policy.fails_result(result):
                failed.append(result)  # only failing ones: a stream stays small
            yield result

    write = _streaming(names[0], ruleset) if len(names) == 1 else None
    if write is not None:
        write_streaming(
            run.outputs[0], lambda out: write(results(), out, run.options), note=note_for(run)
        )
    else:
        # Without a rule set only the streaming formats are written, and they never read it.
        batch = Batch(ruleset, tuple(results()))  # type: ignore[arg-type]
        write_outputs(batch, run.outputs, run.options, note=note_for(run))
    explain_failures(failing_findings(failed, ruleset, policy), run.options.lang)
    return EXIT_INVALID if failed else EXIT_OK


def failing_findings(
    failed: list[Result], ruleset: RuleSet | None, policy: Policy
) -> list[Finding]:
    """The findings that fail these results (kept from a stream: only the failing ones)."""
    from commonize.findings import analyse
    from commonize.results import Batch

    batch = Batch(ruleset, tuple(failed))  # type: ignore[arg-type]
    return list(analyse(batch, policy).failing)


def _streaming(name: str, ruleset: RuleSet | None) -> ValidationWriter | None:
    """How format ``name`` writes validate results as they come; None if it needs them all."""
    from commonize.render import VALIDATION_STREAMS, validation_writer

    if name in VALIDATION_STREAMS:
        return validation_writer(name)
    if name == "json" and ruleset is not None:
        from commonize.resultsfile import write_results

        rs = ruleset
        return lambda results, out, _options: write_results(results, rs, out)
    return None
