"""``--format html``: one self-contained page (inline CSS and SVG, no script, no network)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from commonize.labels import Labels
from commonize.report.candidates import anchor
from commonize.report.charts import funnel_chart, gate_chart, track_chart
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
        return gate_chart(
            c.gates,
            report.gates,
            title,
            lambda t: L("chart_threshold", threshold=t),
            L("not_examined"),
        )

    charts = {
        "tracks": track_chart(report.summary.tracks, L("chart_tracks")),
        "funnel": funnel_chart(
            report.summary.funnel,
            L("chart_funnel"),
            {k: L(f"status_{k}") for k in ("pass", "fail", "unknown")},
        ),
    }
    template = environment().get_template("report.html.j2")
    return template.render(
        r=report,
        L=L,
        charts=charts,
        gate_chart=candidate_chart,
        anchor=anchor,
        clause_no={cid: i for i, (cid, _) in enumerate(report.clauses, start=1)},
        page_texts=page_texts(report, L),
    )


def page_texts(r: Report, L: Labels) -> dict[str, Markup]:
    """The running header and footer of every printed page, as CSS strings: the meeting
    (name, 回次, date) top left, the document number top right, the data date bottom left;
    the page number is in the style sheet."""
    m = r.meeting
    meeting = " ".join(x for x in (m.name, m.session, f"({m.date})" if m.date else "") if x)
    return {
        "top_left": css_string(meeting or L("title_short")),
        "top_right": css_string(m.document),
        "bottom_left": css_string(f"{L('data_date')} {r.date.isoformat()}"),
    }


def css_string(text: str) -> Markup:
    """A quoted CSS string that no text can end early: anything but letters, digits and
    spaces is written as a hex escape (so no quote, backslash, newline or ``</style>``)."""
    out = "".join(ch if ch.isalnum() or ch == " " else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{out}"')
