"""diff: which candidates change track, gate results or form between two rule sets or results."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import (
    FormatOpt,
    LangOpt,
    PathsArg,
    app,
    guard,
    lang_or_default,
    paths_or_default,
)
from commonize.cli._typer import option
from commonize.errors import UsageError


class DiffFormat(str, Enum):
    text = "text"
    table = "table"
    markdown = "markdown"
    md = "md"  # the same as markdown (render.ALIASES)
    json = "json"


@app.command("diff")
def diff_cmd(
    paths: PathsArg = None,
    rules_old: Annotated[
        Path | None, option("--rules", "-r", help="The old rule-set directory")
    ] = None,
    rules_new: Annotated[
        Path | None,
        option("--rules-new", help="The new rule-set directory [default: the shipped rules]"),
    ] = None,
    rules_ref: Annotated[
        str | None,
        option(
            "--rules-ref",
            metavar="REV",
            help="Instead of --rules: the new rule-set directory as it was at git revision REV "
            "(HEAD, main, a tag, a commit), read with git archive",
        ),
    ] = None,
    results_old: Annotated[
        Path | None, option("--results", help="Old `evaluate --format json` output")
    ] = None,
    results_new: Annotated[
        Path | None, option("--results-new", help="New `evaluate --format json` output")
    ] = None,
    fmt: Annotated[DiffFormat, FormatOpt] = DiffFormat.text,
    lang: LangOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file instead of standard output",
            show_default=False,
        ),
    ] = None,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when some candidate changes (like git diff)")
    ] = False,
) -> None:
    """Show which candidates change track, gate results or form, and why.

    \b
    commonize diff --rules-ref HEAD               (rules/ now against its last commit)
    commonize diff --rules rules-old/ --rules-new rules/ candidates/
    commonize diff --results old.json --results-new new.json

    Exit codes: 0 compared (1 with --exit-code when something changed), 2 usage error,
    3 a rule set cannot be loaded.
    """

    def run() -> int:
        from commonize.analysis.diff_render import RENDERERS

        diff = _compute(paths, rules_old, rules_new, results_old, results_new, rules_ref)
        buffer = io.StringIO()
        from commonize.render import canonical

        RENDERERS[canonical(fmt.value)](diff, buffer, lang_or_default(lang))
        if output is None:
            sys.stdout.write(buffer.getvalue())
        else:
            from commonize.atomic import write_atomic

            write_atomic(output, buffer.getvalue())
        return 1 if exit_code and diff.candidates else 0

    raise typer.Exit(guard(run))


def _shown(path: Path) -> str:
    """A path as short as it can be said: relative to here when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _compute(
    paths: list[Path] | None,
    rules_old: Path | None,
    rules_new: Path | None,
    results_old: Path | None,
    results_new: Path | None,
    rules_ref: str | None = None,
) -> object:
    from commonize.analysis import diff_sources

    if rules_ref is not None:
        if rules_old is not None or results_old or results_new:
            raise UsageError(
                "give the old rules once: --rules DIR or --rules-ref REV", "--rules-ref"
            )
        from commonize.api import default_rules_dir, load_rules
        from commonize.gitrev import rules_at

        new = rules_new or default_rules_dir()
        with rules_at(rules_ref, new) as old:
            compiled_old = load_rules(old)
        # Named by where it came from, not by the temporary copy that is gone now.
        named = replace(compiled_old.ruleset, path=f"{_shown(new)}@{rules_ref}")
        compiled_old = replace(compiled_old, ruleset=named)
        return diff_sources.diff_rulesets(compiled_old, load_rules(new), paths_or_default(paths))
    if results_old or results_new:
        if not (results_old and results_new):
            raise UsageError("give both --results OLD.json and --results-new NEW.json", "--results")
        if rules_old or rules_new or paths:
            raise UsageError(
                "compare either two rule sets (--rules) or two results files, not both", "--results"
            )
        return diff_sources.diff_results(results_old, results_new)
    if rules_old is None:
        raise UsageError(
            "nothing to compare: give --rules OLD_DIR or --rules-ref REV [--rules-new NEW_DIR] "
            "[PATHS], "
            "or --results OLD.json --results-new NEW.json",
            "diff",
        )
    from commonize.api import load_rules

    return diff_sources.diff_rulesets(
        load_rules(rules_old), load_rules(rules_new), paths_or_default(paths)
    )
