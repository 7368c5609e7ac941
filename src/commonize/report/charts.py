"""Inline SVG charts, drawn here so the HTML report needs no script and no network.

Every text that goes into an SVG passes through ``escape``; the result is ``Markup`` so the
template can insert it as is. Coordinates are rounded to one decimal so output is stable.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from commonize.report.model import Count, FunnelStep, GateInfo, GateView

WIDTH = 520
LABEL_W = 150
VALUE_W = 90
ROW_H = 28
BAR_H = 16
FONT = 'font-size="12"'

STATUS_FILL = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#e0a100"}
NOT_EXAMINED = "#9e9e9e"
TRACK_FILL = {"standardize": "#3b6fb6", "commonize": "#2e7d32", "joint_procurement": "#d9822b"}


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(title: str, height: float, body: list[str], css_class: str) -> Markup:
    head = (
        f'<svg class="chart {css_class}" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'width="{WIDTH}" height="{_n(height)}" font-family="inherit">'
        f"<title>{escape(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def gate_chart(
    gates: tuple[GateView, ...],
    infos: tuple[GateInfo, ...],
    title: str,
    threshold_label: Callable[[int | float], str],
    not_examined: str,
) -> Markup:
    """One bar per gate: the score (or the known minimum and the possible maximum when
    indicators are unknown) against a vertical threshold line, on a scale shared by all gates
    so that bars can be compared. A gate that was not examined gets no bar and no score,
    only its threshold and the words "not examined": a bar would read as passed."""
    top = max(
        [i.max_points for i in infos]
        + [g.maximum for g in gates]
        + [g.threshold for g in gates]
        + [1]
    )
    bottom = min([0] + [g.minimum for g in gates] + [g.score for g in gates])
    span = WIDTH - LABEL_W - VALUE_W
    x0 = LABEL_W

    def x(v: float) -> float:
        return x0 + (v - bottom) / (top - bottom) * span

    body = []
    if bottom < 0:  # negative points exist: show where zero is
        zx = _n(x(0))
        body.append(
            f'<line class="zero" x1="{zx}" x2="{zx}" y1="4" y2="{_n(8 + len(gates) * ROW_H - 8)}" '
            'stroke="#777" stroke-dasharray="2 2"/>'
        )
    for i, g in enumerate(gates):
        y = 8 + i * ROW_H
        fill = STATUS_FILL[g.status]
        body.append(
            f'<text x="{x0 - 8}" y="{_n(y + BAR_H - 3)}" text-anchor="end" {FONT}>'
            f"{escape(g.label)}</text>"
        )
        body.append(
            f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(span)}" height="{BAR_H}" fill="#f0f0f0"/>'
        )
        tx = x(g.threshold)
        if not g.examined:
            body.append(
                f'<line class="threshold" x1="{_n(tx)}" x2="{_n(tx)}" y1="{_n(y - 4)}" '
                f'y2="{_n(y + BAR_H + 4)}" stroke="{NOT_EXAMINED}" stroke-width="2"/>'
            )
            body.append(
                f'<text class="not-examined" x="{_n(WIDTH - VALUE_W + 6)}" y="{_n(y + BAR_H - 3)}" '
                f'fill="{NOT_EXAMINED}" {FONT}>{escape(not_examined)}</text>'
            )
            continue
        low = g.minimum if g.status == "unknown" else g.score
        left, right = sorted((x(0), x(low)))
        body.append(
            f'<rect class="bar bar-{g.status}" x="{_n(left)}" y="{_n(y)}" '
            f'width="{_n(right - left)}" height="{BAR_H}" fill="{fill}"/>'
        )
        if g.status == "unknown" and g.maximum > g.minimum:
            body.append(
                f'<rect class="bar-open" x="{_n(x(g.minimum))}" y="{_n(y + 1)}" '
                f'width="{_n(x(g.maximum) - x(g.minimum))}" height="{BAR_H - 2}" '
                f'fill="{fill}" fill-opacity="0.25" stroke="{fill}" stroke-dasharray="3 2"/>'
            )
        body.append(
            f'<line class="threshold" x1="{_n(tx)}" x2="{_n(tx)}" y1="{_n(y - 4)}" '
            f'y2="{_n(y + BAR_H + 4)}" stroke="#111" stroke-width="2"/>'
        )
        value = f"{g.minimum}~{g.maximum}" if g.status == "unknown" else f"{g.score}"
        label = f"{value} ({threshold_label(g.threshold)})"
        body.append(
            f'<text x="{_n(WIDTH - VALUE_W + 6)}" y="{_n(y + BAR_H - 3)}" {FONT}>'
            f"{escape(label)}</text>"
        )
    return _svg(title, 12 + len(gates) * ROW_H, body, "gate-chart")


def funnel_chart(steps: tuple[FunnelStep, ...], title: str, words: dict[str, str]) -> Markup:
    """One bar per gate, on the scale of the candidates that reached the first: how many
    passed (solid), did not meet it (red) or are undetermined (amber, hatched outline)."""
    most = max([s.reached for s in steps] + [1])
    span = WIDTH - LABEL_W - 10
    body = []
    for i, step in enumerate(steps):
        y = 6 + i * ROW_H
        body.append(
            f'<text x="{LABEL_W - 8}" y="{_n(y + BAR_H - 3)}" text-anchor="end" {FONT}>'
            f"{escape(step.label)}</text>"
        )
        x = float(LABEL_W)
        for status, n in (("pass", step.passed), ("fail", step.failed), ("unknown", step.open)):
            if not n:
                continue
            w = n / most * span
            fill = STATUS_FILL[status]
            body.append(
                f'<rect class="funnel-{status}" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" '
                f'height="{BAR_H}" fill="{fill}" fill-opacity="{"1" if status != "unknown" else "0.35"}" '
                f'stroke="#fff"><title>{escape(words[status])} {n}</title></rect>'
            )
            if w >= 20:
                body.append(
                    f'<text x="{_n(x + w / 2)}" y="{_n(y + BAR_H - 3)}" text-anchor="middle" '
                    f'fill="{"#fff" if status != "unknown" else "#111"}" {FONT}>{n}</text>'
                )
            x += w
    legend_y = 6 + len(steps) * ROW_H + 4
    lx = float(LABEL_W)
    for status in ("pass", "fail", "unknown"):
        op = "1" if status != "unknown" else "0.35"
        body.append(
            f'<rect x="{_n(lx)}" y="{legend_y}" width="12" height="12" '
            f'fill="{STATUS_FILL[status]}" fill-opacity="{op}"/>'
        )
        body.append(
            f'<text x="{_n(lx + 16)}" y="{legend_y + 10}" {FONT}>{escape(words[status])}</text>'
        )
        lx += 16 + _text_width(words[status]) + 14
    return _svg(title, legend_y + 18, body, "funnel-chart")


def track_chart(tracks: tuple[Count, ...], title: str) -> Markup:
    """One stacked bar of all candidates by track, with a legend underneath."""
    total = sum(t.count for t in tracks) or 1
    body = []
    x = 0.0
    for t in tracks:
        w = t.count / total * WIDTH
        fill = TRACK_FILL.get(t.key, "#777")
        body.append(
            f'<rect class="track-seg" x="{_n(x)}" y="4" width="{_n(w)}" height="24" fill="{fill}"/>'
        )
        if w >= 24:
            body.append(
                f'<text x="{_n(x + w / 2)}" y="21" text-anchor="middle" fill="#fff" {FONT}>'
                f"{t.count}</text>"
            )
        x += w
    lx = 0.0
    for t in tracks:
        fill = TRACK_FILL.get(t.key, "#777")
        text = f"{t.label} {t.count}"
        body.append(f'<rect x="{_n(lx)}" y="38" width="12" height="12" fill="{fill}"/>')
        body.append(f'<text x="{_n(lx + 16)}" y="48" {FONT}>{escape(text)}</text>')
        lx += 16 + _text_width(text) + 14
    return _svg(title, 56, body, "track-chart")


def _text_width(text: str) -> float:
    """Rough width at 12px: CJK glyphs are square, Latin ones about half as wide."""
    return sum(12.0 if ord(ch) >= 0x2E80 else 7.0 for ch in text)
