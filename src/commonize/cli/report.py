"""report: the material for a liaison-council meeting, as HTML, Excel or Markdown."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from commonize.cli import Lang, PathsArg, RulesOpt, app, guard, paths_or_default
from commonize.cli._typer import option
from commonize.errors import UsageError


class ReportFormat(str, Enum):
    html = "html"
    xlsx = "xlsx"
    markdown = "markdown"
    md = "md"  # the same as markdown (render.ALIASES)


@app.command()
def report(
    paths: PathsArg = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="The file to write (- for standard output)", show_default=False
        ),
    ] = ...,  # type: ignore[assignment]
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html, xlsx or markdown (md) [default: from the --output suffix]",
            show_default=False,
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help="The previous meeting's `commonize evaluate --format json` output, "
            "to report what changed since",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the report")] = Lang.ja,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="Date of the data [default: the latest as_of of the candidates]",
            show_default=False,
        ),
    ] = None,
    rules: RulesOpt = None,
    sensitivity: Annotated[
        float | None,
        typer.Option(
            "--sensitivity",
            metavar="PCT",
            help="Mark borderline candidates: those whose track changes when a threshold or "
            "point value moves by ±PCT%",
            show_default=False,
        ),
    ] = None,
    meeting: Annotated[
        str | None, option("--meeting", help="The meeting's name, for the page header")
    ] = None,
    session: Annotated[
        str | None, option("--session", help="Session number (回次), e.g. 第4回")
    ] = None,
    document: Annotated[
        str | None, option("--document", help="Document number (資料番号), e.g. 資料2")
    ] = None,
    meeting_date: Annotated[
        str | None,
        option(
            "--meeting-date",
            metavar="YYYY-MM-DD",
            help="The meeting's date (not the date of the data)",
        ),
    ] = None,
) -> None:
    """Write the report for a liaison-council meeting: cover, recommendations at a glance,
    summary and funnel, the table of all candidates, one section per candidate, and the
    changes since the previous meeting (--previous).

    Exit codes: 0 written, 1 written but some candidate file is invalid, 2 usage error,
    3 rule set broken.
    """

    def run() -> int:
        from commonize.labels import Labels
        from commonize.report import SUFFIXES, write
        from commonize.report.build import build_report, collect
        from commonize.report.changes import load_previous
        from commonize.report.model import MaterialInfo

        chosen = fmt.value if fmt else SUFFIXES.get(output.suffix.lower())
        if chosen is None:
            raise UsageError(
                f"cannot tell the format from {output.name!r}; give --format html, xlsx or markdown"
            )
        snapshot = load_previous(previous) if previous else None
        day = parse_date(meeting_date, "--meeting-date")
        info = MaterialInfo(
            name=meeting or "",
            session=session or "",
            document=document or "",
            date=day.isoformat() if day else "",
        )
        inputs = collect(paths_or_default(paths), rules, parse_date(date), sensitivity)
        write(build_report(inputs, lang.value, snapshot, info), chosen, output)
        if str(output) != "-":
            typer.echo(Labels(lang.value)("wrote", path=output), err=True)
        return inputs.batch.exit_code

    raise typer.Exit(guard(run))


def parse_date(text: str | None, option: str = "--date") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{option} {text!r} is not a date; write it as YYYY-MM-DD") from None
