"""Inline SVG charts, drawn here so the HTML report needs no script and no network.

Every text that goes into an SVG passes through ``escape``; the result is ``Markup`` so the
template can insert it as is. Coordinates are rounded to one decimal so output is stable.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup, escape

from commonize.report.model import Count, GateInfo, GateView

WIDTH = 520
LABEL_W = 150
VALUE_W = 90
ROW_H = 28
BAR_H = 16
FONT = 'font-size="12"'

STATUS_FILL = {"pass": "#2e7d32", "fail": "#c62828", "unknown": "#e0a100"}
NOT_EXAMINED = "#9e9e9e"
TRACK_FILL = {"standardize": "#3b6fb6", "commonize": "#2e7d32", "joint_procurement": "#d9822b"}
FUNNEL_FILL = "#3b6fb6"


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
) -> Markup:
    """One bar per gate: the score (or the known minimum and the possible maximum when
    indicators are unknown) against a vertical threshold line, on a scale shared by all gates
    so that bars can be compared."""
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
        fill = STATUS_FILL[g.status] if g.examined else NOT_EXAMINED
        opacity = "1" if g.examined else "0.45"
        body.append(
            f'<text x="{x0 - 8}" y="{_n(y + BAR_H - 3)}" text-anchor="end" {FONT}>'
            f"{escape(g.label)}</text>"
        )
        body.append(
            f'<rect x="{_n(x0)}" y="{_n(y)}" width="{_n(span)}" height="{BAR_H}" fill="#f0f0f0"/>'
        )
        low = g.minimum if g.status == "unknown" else g.score
        left, right = sorted((x(0), x(low)))
        body.append(
            f'<rect class="bar bar-{g.status}" x="{_n(left)}" y="{_n(y)}" '
            f'width="{_n(right - left)}" height="{BAR_H}" fill="{fill}" opacity="{opacity}"/>'
        )
        if g.status == "unknown" and g.maximum > g.minimum:
            body.append(
                f'<rect class="bar-open" x="{_n(x(g.minimum))}" y="{_n(y + 1)}" '
                f'width="{_n(x(g.maximum) - x(g.minimum))}" height="{BAR_H - 2}" '
                f'fill="{fill}" fill-opacity="0.25" stroke="{fill}" stroke-dasharray="3 2"/>'
            )
        tx = x(g.threshold)
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


def funnel_chart(steps: tuple[Count, ...], title: str) -> Markup:
    """Bars centred on one axis, narrowing from the examined candidates to gate ③."""
    most = max([s.count for s in steps] + [1])
    span = WIDTH - LABEL_W - 40
    centre = LABEL_W + span / 2
    body = []
    for i, step in enumerate(steps):
        y = 6 + i * ROW_H
        w = max(step.count / most * span, 2)
        body.append(
            f'<text x="{LABEL_W - 8}" y="{_n(y + BAR_H - 3)}" text-anchor="end" {FONT}>'
            f"{escape(step.label)}</text>"
        )
        body.append(
            f'<rect class="funnel-step" x="{_n(centre - w / 2)}" y="{_n(y)}" width="{_n(w)}" '
            f'height="{BAR_H}" fill="{FUNNEL_FILL}" opacity="{_n(1 - i * 0.15)}"/>'
        )
        body.append(
            f'<text x="{_n(centre + w / 2 + 6)}" y="{_n(y + BAR_H - 3)}" {FONT}>{step.count}</text>'
        )
    return _svg(title, 10 + len(steps) * ROW_H, body, "funnel-chart")


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
