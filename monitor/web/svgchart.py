"""A bar-and-line chart drawn as SVG on the server: no JavaScript, nothing inline but markup.

The page's CSP forbids inline scripts and styles; SVG presentation attributes (fill, stroke)
are markup, not style, so the chart needs no exception. Every value is a number or an escaped
label (the caller's dates), so nothing a user typed reaches the SVG.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 10, 16, 40


def _step(top: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 5:
            return step
    return max(1, top // 5)


def days_chart(days: Sequence[tuple[date, int, int]], title: str, bars: str, line: str) -> str:
    """Bars for the first count per day, a line with dots for the second; a legend and the title."""
    n = max(len(days), 1)
    top = max([1] + [max(a, b) for _, a, b in days])
    step = _step(top)
    top = -(-top // step) * step
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = inner_w / n

    def y(v: int) -> float:
        return TOP + inner_h - inner_h * v / top

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
           f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for v in range(0, top + 1, step):
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e6eb"/>'
                   f'<text x="{LEFT - 4}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end" '
                   f'fill="#5b6576">{v}</text>')
    points = []
    for i, (day, a, b) in enumerate(days):
        x = LEFT + i * slot
        out.append(f'<rect x="{x + slot * 0.15:.1f}" y="{y(a):.1f}" width="{slot * 0.7:.1f}" '
                   f'height="{TOP + inner_h - y(a):.1f}" fill="#9db9d8"><title>{day:%d.%m}: {a}</title></rect>')
        points.append(f"{x + slot / 2:.1f},{y(b):.1f}")
        if i % 5 == 0 or i == len(days) - 1:
            out.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 14}" font-size="10" '
                       f'text-anchor="middle" fill="#5b6576">{day:%d.%m}</text>')
    if points:
        out.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" stroke-width="2"/>')
        out += [f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="#1f4e79"/>' for p in points]
    legend_y = HEIGHT - 8
    out.append(f'<rect x="{LEFT}" y="{legend_y - 9}" width="12" height="10" fill="#9db9d8"/>'
               f'<text x="{LEFT + 16}" y="{legend_y}" font-size="11">{escape(bars)}</text>'
               f'<line x1="{LEFT + 180}" x2="{LEFT + 196}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="#1f4e79" '
               f'stroke-width="2"/><text x="{LEFT + 200}" y="{legend_y}" font-size="11">{escape(line)}</text>')
    out.append("</svg>")
    return "".join(out)
