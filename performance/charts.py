"""A small trend chart per indicator: inline SVG, no JavaScript, named and described in words.

The chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` stating every value; the page
shows the same values in a table beside it, and the direction in an arrow and a word.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from reports.charts import BAR, FONT, GRID, TEXT

WIDTH, HEIGHT, PAD = 240, 64, 8


def trend_chart(chart_id: str, title: str, points: list[tuple[str, float, str]]) -> SafeString:
    """A line through ``points`` (label, value, value as shown), the last one marked and named."""
    desc = "; ".join(f"{label}: {shown}" for label, _, shown in points) or "No values yet."
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="app-trend" role="img" '
            'viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-labelledby="{id}-t {id}-d">'
            '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>'
            '<line x1="{p}" x2="{r}" y1="{b}" y2="{b}" stroke="{grid}" stroke-width="1"/>',
            w=WIDTH,
            h=HEIGHT,
            id=chart_id,
            title=title,
            desc=desc,
            p=PAD,
            r=WIDTH - 60,
            b=HEIGHT - PAD,
            grid=GRID,
        )
    ]
    if points:
        values = [value for _, value, _ in points]
        low, high = min(values), max(values)
        span = (high - low) or 1
        step = (WIDTH - 60 - 2 * PAD) / max(len(points) - 1, 1)

        def xy(n: int, value: float) -> tuple[float, float]:
            y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * ((value - low) / span if high > low else 0.5)
            return round(PAD + n * step, 1), round(y, 1)

        coords = [xy(n, value) for n, value in enumerate(values)]
        parts.append(
            format_html(
                '<polyline points="{p}" fill="none" stroke="{bar}" stroke-width="2.5"/>',
                p=" ".join(f"{x},{y}" for x, y in coords),
                bar=BAR,
            )
        )
        for x, y in coords:
            parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"/>', x, y, BAR))
        x, y = coords[-1]
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" font-size="13" font-weight="bold" fill="{text}" {font}>'
                "{shown}</text>",
                x=x + 8,
                y=min(max(y + 4, 14), HEIGHT - 4),
                text=TEXT,
                font=mark_safe(FONT),
                shown=points[-1][2],
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))
