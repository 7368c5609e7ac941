"""rules test / lint / doc: authoring tools for the rule set."""

from __future__ import annotations

import io
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import (
    FormatOpt,
    LangOpt,
    PathsArg,
    RulesOpt,
    SetOpt,
    app,
    guard,
    lang_or_default,
    paths_or_default,
)
from commonize.errors import UsageError

rules_app = typer.Typer(
    name="rules",
    help="Check and document a rule set: tests with coverage, lint, the rulebook.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(rules_app, name="rules")


class TestFormat(str, Enum):
    text = "text"
    junit = "junit"


class LintFormat(str, Enum):
    text = "text"
    json = "json"


class DocFormat(str, Enum):
    markdown = "markdown"
    md = "md"  # the same as markdown (render.ALIASES)
    html = "html"


OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output", show_default=False
    ),
]


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        from commonize.atomic import write_atomic

        write_atomic(output, text)


def _rules_dir(rules: Path | None) -> Path:
    """The rule-set directory, relative to here when inside it: shorter file:line output."""
    from commonize.api import default_rules_dir

    if rules is not None:
        return rules
    try:
        return default_rules_dir().relative_to(Path.cwd())
    except ValueError:
        return default_rules_dir()


@rules_app.command("test")
def run_tests(
    rules: RulesOpt = None,
    tests: Annotated[
        list[Path] | None,
        typer.Option(
            "--tests",
            "-t",
            help="Test files or directories [default: RULES/tests]",
            show_default=False,
        ),
    ] = None,
    candidates: Annotated[
        list[Path] | None,
        typer.Option(
            "--candidates", "-c", help="Candidate files or directories that count for coverage too"
        ),
    ] = None,
    min_coverage: Annotated[
        float | None,
        typer.Option(
            "--min-coverage", help="Fail when fewer than N% of the rules fired", min=0, max=100
        ),
    ] = None,
    fmt: Annotated[TestFormat, FormatOpt] = TestFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Show failing cases only")] = False,
    output: OutputOpt = None,
) -> None:
    """Run the rule tests (RULES/tests/*.yaml) and report rule coverage.

    Exit codes: 0 all passed, 1 a case failed or could not run or coverage is too low,
    2 usage error, 3 the rule set cannot be loaded.
    """

    def run() -> int:
        from commonize.analysis.ruletest import collect, coverage, report
        from commonize.analysis.ruletest import run as runner
        from commonize.api import evaluate_paths, load_rules
        from commonize.engine import DurableEngine

        compiled = load_rules(_rules_dir(rules))
        paths = tests or [_rules_dir(rules) / "tests"]
        files = collect.collect(paths, compiled.ruleset)
        if not files:
            raise UsageError(f"no test files under {', '.join(map(str, paths))}", "--tests")
        engine = DurableEngine(compiled)
        results = runner.run(files, compiled, lambda _c: engine)
        evaluated = [c.result for f in results for c in f.cases if c.result is not None]
        if candidates:
            evaluated += evaluate_paths(candidates, compiled, engine=lambda _c: engine).results
        cov = coverage.coverage(compiled, evaluated)
        if fmt is TestFormat.junit:
            _write(report.junit(results, cov, min_coverage), output)
            report.write_coverage(cov, sys.stderr, min_coverage)
        else:
            buffer = io.StringIO()
            report.write_text(results, cov, buffer, quiet=quiet, min_cov=min_coverage)
            _write(buffer.getvalue(), output)
        low = min_coverage is not None and cov.percent < min_coverage
        return 0 if report.totals(results).ok and not low else 1

    raise typer.Exit(guard(run))


@rules_app.command("lint")
def lint_cmd(
    rules: RulesOpt = None,
    fmt: Annotated[LintFormat, FormatOpt] = LintFormat.text,
) -> None:
    """Static checks of the rule set, each finding with file:line.

    Exit codes: 0 clean, 1 findings, 2 usage error, 3 the rule set cannot be loaded.
    """

    def run() -> int:
        from commonize.analysis.lint import CHECKS, lint
        from commonize.api import load_rules

        findings = lint(load_rules(_rules_dir(rules)))
        if fmt is LintFormat.json:
            import json

            doc = [
                {
                    "file": f.location.path,
                    "line": f.location.line,
                    "column": f.location.column,
                    "code": f.code,
                    "severity": f.severity,
                    "message": f.message,
                }
                for f in findings
            ]
            typer.echo(json.dumps(doc, ensure_ascii=False, indent=2))
        else:
            for f in findings:
                typer.echo(str(f))
            where = _rules_dir(rules)
            errors = sum(1 for f in findings if f.severity == "error")
            summary = (
                f"{where}: {len(findings)} problems ({errors} errors, {len(findings) - errors} warnings)"
                if findings
                else f"{where}: no problems ({len(CHECKS)} checks: {', '.join(CHECKS)})"
            )
            typer.echo(summary)
        return 1 if findings else 0

    raise typer.Exit(guard(run))


class AgreementFormat(str, Enum):
    table = "table"
    json = "json"


@rules_app.command("agreement")
def agreement_cmd(
    paths: PathsArg = None,
    rules: RulesOpt = None,
    set_: SetOpt = None,
    fmt: Annotated[AgreementFormat, FormatOpt] = AgreementFormat.table,
    lang: LangOpt = None,
) -> None:
    """Agreement of the rules' verdicts with the decisions recorded in candidate files.

    The confusion matrix of decided against recommended track, Cohen's kappa, form
    agreement, and what drives each disagreement. With --set, also what the change does to
    agreement. Exit codes: 0, 2 usage error, 3 the rule set cannot be loaded.
    """

    def run() -> int:
        import datetime as dt
        import json

        from commonize.analysis.agreement import agreement, to_json, to_text
        from commonize.api import evaluate_paths, load_rules
        from commonize.labels import text
        from commonize.rules.overrides import parse_assignments

        where = paths_or_default(paths)
        # Decisions are judged on a fixed day so the figures do not move with the clock.
        today = dt.date(2100, 1, 1)
        base = load_rules(rules)
        found = agreement(evaluate_paths(where, base, today=today).results, base.ruleset)
        before = None
        if set_:
            changed = load_rules(rules, parse_assignments(set_))
            before = found
            found = agreement(evaluate_paths(where, changed, today=today).results, base.ruleset)
        if fmt is AgreementFormat.json:
            typer.echo(json.dumps(to_json(found, before), ensure_ascii=False, indent=2))
            return 0
        language = lang_or_default(lang)
        label = {
            k: base.ruleset.verdict_label(k, language)
            for k in ("standardize", "commonize", "joint_procurement", "needs_information")
        }
        label["under_study"] = text("messages.under_study", language)
        sys.stdout.write(to_text(found, label, before))
        return 0

    raise typer.Exit(guard(run))


@rules_app.command("doc")
def doc_cmd(
    rules: RulesOpt = None,
    lang: LangOpt = None,
    fmt: Annotated[DocFormat, FormatOpt] = DocFormat.markdown,
    output: OutputOpt = None,
) -> None:
    """Generate the rulebook: every gate and rule in plain words, with points, reason and clause."""

    def run() -> int:
        from commonize.analysis import rulebook
        from commonize.api import load_rules

        compiled = load_rules(rules)
        render = rulebook.html if fmt is DocFormat.html else rulebook.markdown
        _write(render(compiled, lang_or_default(lang)), output)
        return 0

    raise typer.Exit(guard(run))
