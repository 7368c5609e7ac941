"""``--format html``: one self-contained page (inline CSS and SVG, no script, no network)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from commonize.report.candidates import anchor
from commonize.report.charts import funnel_chart, gate_chart, track_chart
from commonize.report.labels import Labels
from commonize.report.model import CandidateView, Report


@cache
def environment() -> Environment:
    # autoescape on for every template: candidate text is data, never markup.
    return Environment(
        loader=PackageLoader("commonize.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(report: Report) -> str:
    L = Labels(report.lang)

    def candidate_chart(c: CandidateView) -> Markup:
        title = L("chart_gates", name=c.name)
        return gate_chart(c.gates, report.gates, title, lambda t: L("chart_threshold", threshold=t))

    charts = {
        "tracks": track_chart(report.summary.tracks, L("chart_tracks")),
        "funnel": funnel_chart(report.summary.funnel, L("chart_funnel")),
    }
    template = environment().get_template("report.html.j2")
    return template.render(r=report, L=L, charts=charts, gate_chart=candidate_chart, anchor=anchor)
