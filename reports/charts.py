"""Server-rendered SVG charts: no JavaScript, readable by screen readers.

Each chart is ``role="img"`` named by its ``<title>`` and described by its ``<desc>`` (which
states the figures in words); the page always shows the same figures in a table beside it.
Colours are never the only signal: every bar carries its number, and series have a legend.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

TEXT = "#0b0c0c"
GRID = "#b1b4b6"
BAR = "#1d70b8"
RAG_COLOURS = {
    "RED": "#b0281a",
    "AMBER": "#ffbf47",
    "GREEN": "#00703c",
    "BLUE": "#5694ca",
    "none": "#b1b4b6",
}
FONT = 'font-family="Arial, Helvetica, sans-serif"'


def _open(chart_id: str, width: int, height: int, title: str, desc: str) -> str:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
    )


def _clip(label: str, length: int = 40) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, int]], *, unit: str) -> SafeString:
    """Horizontal bars, one per label, each with its number at the end."""
    desc = "; ".join(f"{label}: {value} {unit}" for label, value in bars) or "No data."
    row, left, width = 26, 300, 900
    height = max(row * len(bars) + 10, 40)
    top = max((value for _, value in bars), default=0) or 1
    parts = [_open(chart_id, width, height, title, desc)]
    for n, (label, value) in enumerate(bars):
        y = 5 + n * row
        length = round((width - left - 60) * value / top)
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="14" fill="{text}" {font}>'
                '{label}</text><rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{bar}"/>'
                '<text x="{vx}" y="{ty}" font-size="14" fill="{text}" {font}>{value}</text>',
                lx=left - 8,
                ty=y + 15,
                text=TEXT,
                font=mark_safe(FONT),
                label=_clip(label),
                x=left,
                y=y,
                w=max(length, 1),
                h=row - 8,
                bar=BAR,
                vx=left + length + 6,
                value=value,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def stacked_bar_chart(
    chart_id: str,
    title: str,
    rows: list[tuple[str, list[int]]],
    series: list[tuple[str, str]],
) -> SafeString:
    """Horizontal stacked bars (one per row) with a legend naming each series in words."""
    names = [name for _, name in series]
    desc = "; ".join(
        f"{label}: " + ", ".join(f"{v} {n}" for n, v in zip(names, values, strict=True))
        for label, values in rows
    )
    row, left, width, legend = 26, 300, 900, 30
    height = max(row * len(rows) + legend + 10, 60)
    top = max((sum(values) for _, values in rows), default=0) or 1
    parts = [_open(chart_id, width, height, title, desc or "No data.")]
    x = left
    for (key, name), _ in zip(series, names, strict=True):
        parts.append(
            format_html(
                '<rect x="{x}" y="4" width="14" height="14" fill="{fill}" stroke="{text}" '
                'stroke-width="0.5"/><text x="{tx}" y="16" font-size="13" fill="{text}" {font}>'
                "{name}</text>",
                x=x,
                fill=RAG_COLOURS.get(key, BAR),
                text=TEXT,
                tx=x + 18,
                font=mark_safe(FONT),
                name=name,
            )
        )
        x += 18 + 9 * len(name) + 12
    for n, (label, values) in enumerate(rows):
        y = legend + 5 + n * row
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" font-size="14" fill="{text}" {font}>'
                "{label}</text>",
                lx=left - 8,
                ty=y + 15,
                text=TEXT,
                font=mark_safe(FONT),
                label=_clip(label),
            )
        )
        x = left
        for (key, _), value in zip(series, values, strict=True):
            length = round((width - left - 60) * value / top)
            if length:
                parts.append(
                    format_html(
                        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
                        'stroke="#ffffff" stroke-width="1"/>',
                        x=x,
                        y=y,
                        w=length,
                        h=row - 8,
                        fill=RAG_COLOURS.get(key, BAR),
                    )
                )
            x += length
        parts.append(
            format_html(
                '<text x="{x}" y="{ty}" font-size="14" fill="{text}" {font}>{total}</text>',
                x=x + 6,
                ty=y + 15,
                text=TEXT,
                font=mark_safe(FONT),
                total=sum(values),
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def line_chart(
    chart_id: str, title: str, points: list[tuple[str, int]], *, unit: str
) -> SafeString:
    """A line over time with a dot and number at each point; every third month is labelled."""
    desc = "; ".join(f"{label}: {value} {unit}" for label, value in points) or "No data."
    width, height, left, right, top_pad, bottom = 900, 300, 50, 30, 20, 40
    top = max((value for _, value in points), default=0) or 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(points) - 1, 1)

    def xy(n: int, value: int) -> tuple[float, float]:
        return round(left + n * step, 1), round(top_pad + plot_h - plot_h * value / top, 1)

    parts = [_open(chart_id, width, height, title, desc)]
    for fraction in (0, 0.5, 1):
        y = round(top_pad + plot_h - plot_h * fraction, 1)
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="{grid}" stroke-width="1"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" font-size="12" fill="{text}" {font}>'
                "{value}</text>",
                l=left,
                r=width - right,
                y=y,
                grid=GRID,
                tx=left - 6,
                ty=y + 4,
                text=TEXT,
                font=mark_safe(FONT),
                value=round(top * fraction),
            )
        )
    coords = " ".join(f"{x},{y}" for x, y in (xy(n, v) for n, (_, v) in enumerate(points)))
    parts.append(
        format_html(
            '<polyline points="{p}" fill="none" stroke="{bar}" stroke-width="3"/>',
            p=coords,
            bar=BAR,
        )
    )
    for n, (label, value) in enumerate(points):
        x, y = xy(n, value)
        parts.append(
            format_html('<circle cx="{x}" cy="{y}" r="3.5" fill="{bar}"/>', x=x, y=y, bar=BAR)
        )
        if n % 3 == 0 or n == len(points) - 1:
            parts.append(
                format_html(
                    '<text x="{x}" y="{ly}" text-anchor="middle" font-size="12" fill="{text}" '
                    "{font}>{label}</text>",
                    x=x,
                    ly=height - bottom + 18,
                    text=TEXT,
                    font=mark_safe(FONT),
                    label=label,
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
