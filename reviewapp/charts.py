"""Inline SVG charts drawn on the server, so pages need no script and no outside asset.

Every chart returns `Markup` that a template embeds as is. Labels are escaped here; the
SVG scales to its container (`width="100%"` with a `viewBox`), so it fits a phone.
Each chart carries a `<title>` and `role="img"` for screen readers, and prints every
value as text next to its bar: colour never carries meaning alone.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

FONT_SIZE = 13
BAR_COLOUR = "#2f6db5"
OVER_COLOUR = "#b53a2f"
TRACK_COLOUR = "#e3e8ef"
TEXT_COLOUR = "#1f2933"

Number = int | Decimal


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the text printed beside it and an optional link."""

    label: str
    value: Number
    text: str = ""
    href: str | None = None


def text_width(text: str, font_size: int = FONT_SIZE) -> int:
    """Approximate rendered width in pixels: wide (CJK) glyphs take a full em, others 0.6."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.6 for ch in text)
    return int(ems * font_size + 0.5)


def _scaled(value: Number, largest: Number, span: int) -> int:
    """Length in pixels of `value` on a scale where `largest` fills `span`."""
    if largest <= 0 or value <= 0:
        return 0
    return int(Decimal(value) * span / Decimal(largest) + Decimal("0.5"))


def _linked(inner: str, href: str | None) -> str:
    """Wrap SVG content in a link when there is one."""
    if not href:
        return inner
    return f'<a href="{escape(href)}">{inner}</a>'


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    row_height: int = 24,
    max_label_width: int = 240,
) -> Markup:
    """A horizontal bar chart, one labelled row per bar, the value printed after each bar."""
    label_width = min(max((text_width(b.label) for b in bars), default=0) + 8, max_label_width)
    value_width = max((text_width(b.text or str(b.value)) for b in bars), default=0) + 8
    span = max(width - label_width - value_width, 40)
    largest = max((b.value for b in bars), default=0)
    height = max(len(bars), 1) * row_height + 4
    rows = []
    for index, bar in enumerate(bars):
        top = index * row_height + 2
        middle = top + row_height // 2
        length = _scaled(bar.value, largest, span)
        shown = bar.text or str(bar.value)
        row = (
            f'<text x="{label_width - 6}" y="{middle}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(bar.label)}</text>'
            f'<rect x="{label_width}" y="{top + 3}" width="{length}" '
            f'height="{row_height - 6}" fill="{BAR_COLOUR}"/>'
            f'<text x="{label_width + length + 4}" y="{middle}" '
            f'dominant-baseline="middle">{escape(shown)}</text>'
        )
        rows.append(f"<g>{_linked(row, bar.href)}</g>")
    return Markup(
        f'<svg class="chart chart-bars" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="100%" viewBox="0 0 {width} {height}" style="max-width:{width}px" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>{''.join(rows)}</svg>"
    )


def meter(
    value: Number,
    limit: Number | None,
    *,
    title: str,
    text: str,
    width: int = 360,
    height: int = 20,
) -> Markup:
    """A single bar of `value` against `limit`, drawn in the warning colour past the limit.

    With no limit (a budget not yet set) the bar is empty and only the text is shown.
    """
    over = limit is not None and value > limit
    if limit is None or limit <= 0:
        filled = 0
    elif over:
        filled = width
    else:
        filled = _scaled(value, limit, width)
    colour = OVER_COLOUR if over else BAR_COLOUR
    # The limit mark sits where the limit falls when the value runs past it.
    mark = ""
    if over and limit is not None and limit > 0:
        at = _scaled(limit, value, width)
        mark = f'<line x1="{at}" y1="0" x2="{at}" y2="{height}" stroke="{TEXT_COLOUR}" ' \
               f'stroke-width="2"/>'
    total_height = height + FONT_SIZE + 8
    return Markup(
        f'<svg class="chart chart-meter" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="100%" viewBox="0 0 {width} {total_height}" style="max-width:{width}px" '
        f'font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{TRACK_COLOUR}"/>'
        f'<rect x="0" y="0" width="{filled}" height="{height}" fill="{colour}"/>{mark}'
        f'<text x="0" y="{height + FONT_SIZE + 4}">{escape(text)}</text></svg>'
    )
