"""The chart of `python main.py bench record`: one horizontal bar a row, messages/second on a log scale.

Hand-written SVG (no plotting library): the rates span three orders of magnitude, so the axis is
logarithmic with a grid line at every power of ten; each bar carries its rate and p99.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Protocol


class Measured(Protocol):
    @property
    def rate(self) -> float: ...

    @property
    def p99_ms(self) -> float: ...

    @property
    def real_share(self) -> float: ...


class ChartRow(Protocol):
    @property
    def label(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def platform(self) -> str: ...

    @property
    def load(self) -> Measured: ...


COLOURS = {"ceiling": "#9e9e9e", "echo": "#607d8b", "yimen": "#1e88e5"}
DOWN_COLOUR = "#e53935"  # Yimen with the platform unreachable
LABEL_W, BAR_W, ROW_H, TOP, RIGHT = 330, 520, 26, 44, 250


def write_chart(path: Path, rows: Sequence[ChartRow]) -> None:
    path.write_text(chart_svg(rows), encoding="utf-8")


def chart_svg(rows: Sequence[ChartRow]) -> str:
    rates = [max(r.load.rate, 1.0) for r in rows] or [1.0]
    low, high = 0, max(1, math.ceil(math.log10(max(rates))))
    width, height = LABEL_W + BAR_W + RIGHT, TOP + ROW_H * len(rows) + 40

    def x(rate: float) -> float:
        return LABEL_W + BAR_W * (math.log10(max(rate, 1.0)) - low) / (high - low)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">'
             "Signed WeChat text messages a second (log scale), one run</text>"]
    bottom = TOP + ROW_H * len(rows)
    for power in range(low, high + 1):
        gx = x(10 ** power)
        parts.append(f'<line x1="{gx:.1f}" y1="{TOP - 6}" x2="{gx:.1f}" y2="{bottom}" stroke="#ddd"/>')
        parts.append(f'<text x="{gx:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#555">{10 ** power:,}</text>')
    for n, row in enumerate(rows):
        y = TOP + n * ROW_H
        colour = DOWN_COLOUR if row.kind == "yimen" and row.platform == "unreachable" else COLOURS.get(row.kind, "#888")
        bar = x(row.load.rate) - LABEL_W
        note = f"{row.load.rate:,.0f}/s · p99 {row.load.p99_ms:,.0f} ms"
        if row.kind == "yimen":
            note += f" · {row.load.real_share:.0%} answered"
        parts += [f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(row.label)}</text>',
                  f'<rect x="{LABEL_W}" y="{y + 3}" width="{max(bar, 1):.1f}" height="{ROW_H - 8}" fill="{colour}"/>',
                  f'<text x="{LABEL_W + max(bar, 1) + 6:.1f}" y="{y + 15}" fill="#222">{escape(note)}</text>']
    parts.append(f'<text x="{LABEL_W + BAR_W / 2}" y="{bottom + 32}" text-anchor="middle" fill="#555">'
                 "messages / second</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
