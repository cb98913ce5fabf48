"""A chart as people see it: a header (title, subtitle, legend), the plot, and a footer (sources,
notes, the disclaimer, the export date).

The header and footer are data kept beside the plot (`Chart`), never parsed back out of a drawn
figure. `framed` lays them out for one canvas: the screen, an image at a slide preset, a slide or
the handout. It measures the text it places (DejaVu Sans, the font the exports draw with) so
nothing is cut off or overlaps, whatever the size.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from PIL import ImageFont

from analysis.theme import (
    BASE_PX,
    FOOTER_PX,
    MUTED_COLOUR,
    PANEL_TITLE_PX,
    SUBTITLE_PX,
    TEXT_COLOUR,
    TITLE_PX,
    themed,
)

COLOURBAR_PX = 110  # room at the right for a colour scale with its title and ticks
DISCLAIMER = "Educational use, not medical advice"
SOURCES_SHOWN = 24  # more ids than this read "and N more (see Data & sources)"
MIN_BAR_TEXT_PX = 11  # bar labels squeezed below this are left out (the numbers are in the CSV)
SCREEN_WRAP_PX = 760  # on screen the width is the page's: wrap as for a narrow desktop window
_EDGE = 14  # px between the figure's edge and its text, at screen scale


@dataclass(frozen=True)
class Chart:
    """A figure's parts: what it says (title, subtitle naming the filters, sources, notes),
    the plot itself (`body`: traces and axes, no title or footer), and the table behind it.

    `row_labels` are the category labels on the y axis (the left margin is made to fit them);
    `key_figures` are the sentences a presenter would say about it. `restack` rebuilds the
    chart with its panels one above the other; `framed` uses it below `min_width` pixels.
    """

    title: str
    subtitle: str
    body: go.Figure
    plot_height: int
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    row_labels: tuple[str, ...] = ()
    key_figures: tuple[str, ...] = ()
    table: pd.DataFrame | None = field(default=None, compare=False)
    restack: Callable[[], Chart] | None = field(default=None, compare=False)
    min_width: int = 0


@dataclass(frozen=True)
class Canvas:
    """Where a chart is drawn: `width` x `height` pixels (None: the page's width, the chart's
    own height), text `text_scale` times the screen size, and the export date if any."""

    width: int | None = None
    height: int | None = None
    text_scale: float = 1.0
    exported_on: date | None = None
    page_width: int = SCREEN_WRAP_PX  # with no `width`: the width text is wrapped for


SCREEN = Canvas()
PHONE = Canvas(page_width=360)


# --- Measuring text -------------------------------------------------------------------------

_TAGS = re.compile(r"<[^>]+>")


@functools.cache
def _font(size_px: float, bold: bool = False):
    try:
        return ImageFont.truetype("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf", size_px)
    except OSError:
        return None  # no DejaVu here: estimate from the size


def text_width(text: str, size_px: float, bold: bool = False) -> float:
    """Width in pixels of one line of `text` (tags ignored) in the exports' font."""
    plain = _TAGS.sub("", text)
    font = _font(round(size_px * 4) / 4, bold)
    return font.getlength(plain) if font else 0.62 * size_px * len(plain)


def wrap(text: str, max_px: float, size_px: float, bold: bool = False) -> list[str]:
    """`text` broken at spaces into lines no wider than `max_px`."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size_px, bold) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


# --- The frame ------------------------------------------------------------------------------


def source_line(source_ids: tuple[str, ...]) -> str:
    """'Source: R2, R5, ART' (ids in citation order), shortened past SOURCES_SHOWN ids."""
    if not source_ids:
        return "Source: see Data & sources"
    shown = ", ".join(source_ids[:SOURCES_SHOWN])
    more = len(source_ids) - SOURCES_SHOWN
    return f"Source: {shown}" + (f" and {more} more (see Data & sources)" if more > 0 else "")


def footer_lines(chart: Chart, exported_on: date | None = None) -> list[str]:
    """The footer's paragraphs: sources, notes, then the disclaimer (and the export date)."""
    last = DISCLAIMER + (f" · Exported {exported_on.isoformat()}" if exported_on else "")
    return [source_line(chart.sources), *chart.notes, last]


def _legend_entries(fig: go.Figure) -> list[str]:
    if fig.layout.showlegend is False:
        return []
    return [
        trace.name
        for trace in fig.data
        if trace.name and trace.showlegend is not False and trace.type not in ("heatmap", "table")
    ]


def _legend_rows(entries: list[str], max_px: float, size_px: float) -> int:
    """Rows a horizontal plotly legend takes (plotly.js legend/draw.js, traceorder 'normal'):
    entries keep their own width when all fit on one row, else all take the widest one's; a
    row holds what fits in the plot's width. An entry is 40 px of symbol and gaps plus text."""
    if not entries:
        return 0
    gap = 5
    widths = [text_width(entry, size_px) + 40 for entry in entries]
    if sum(widths) + gap * (len(widths) - 1) < max_px:
        return 1
    column = max(widths) + gap
    rows, used = 1, 0.0
    for _ in widths:
        if used and used + column - gap >= max_px:
            rows, used = rows + 1, 0.0
        used += column
    return rows


def legend_height(rows: int, size_px: float) -> float:
    """Height of a legend of `rows` rows: each row its text's line (at least 16 px) plus 3 px,
    and 5 px of padding above and below."""
    return rows * (max(size_px * 1.3, 16) + 3) + 10 if rows else 0


def _top_panel_titles(fig: go.Figure) -> list[int]:
    """Indexes of make_subplots' titles of the top row of panels (annotations sitting on the
    plot top)."""
    return [
        i
        for i, a in enumerate(fig.layout.annotations)
        if a.yref == "paper" and a.yanchor == "bottom" and a.y is not None and a.y >= 0.999
    ]


def _bottom_axis(fig: go.Figure, plot_width: float, scale: float) -> float:
    """Room under the plot for the x axes: tick labels and titles. Titles are wrapped to their
    panel's width first, so two panels' titles never run into each other."""
    size = BASE_PX * scale
    lines = 0
    shown = False
    for name in [n for n in fig.layout if n.startswith("xaxis")]:
        axis = fig.layout[name]
        if axis.visible is False:
            continue
        shown = True
        if axis.title.text:
            domain = axis.domain or (0, 1)
            wrapped = wrap(axis.title.text, 0.95 * plot_width * (domain[1] - domain[0]), size)
            axis.title.text = "<br>".join(wrapped)
            lines = max(lines, len(wrapped))
    if not shown:
        return 8 * scale
    return size * 1.6 + 10 * scale + (lines * size * 1.3 + 10 * scale if lines else 0)


def _scale_body_text(fig: go.Figure, scale: float, bar_scale: float, skip: list[int]) -> None:
    """Every text of the plot `scale` times its screen size (but annotations numbered in
    `skip`); bar labels `bar_scale` times, left out when that makes them too small to read."""
    fig.update_layout(font_size=BASE_PX * scale)
    for index, annotation in enumerate(fig.layout.annotations):
        if index in skip:
            continue
        annotation.font.size = (annotation.font.size or BASE_PX) * scale
    if fig.layout.uniformtext.minsize:
        fig.update_layout(uniformtext_minsize=fig.layout.uniformtext.minsize * bar_scale)
    for trace in fig.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is None or textfont.size is None:
            continue
        if trace.type == "bar":
            textfont.size = textfont.size * bar_scale
            if textfont.size < MIN_BAR_TEXT_PX and scale > 1:
                trace.text = None
        else:
            textfont.size = textfont.size * scale


def _pixels(axis, plot_width: float):
    """value -> pixels from the left of the plot area, along an x axis with a fixed range."""
    low, high = axis.range
    domain = axis.domain or (0, 1)
    span = plot_width * (domain[1] - domain[0])

    def at(value: float) -> float:
        v = math.log10(value) if axis.type == "log" else value
        return plot_width * domain[0] + (v - low) / (high - low) * span

    return at


def _thin_ticks(fig: go.Figure, plot_width: float, size_px: float) -> None:
    """Leave out tick labels of the x axes that would overlap their neighbour at this width."""
    for name in [n for n in fig.layout if n.startswith("xaxis")]:
        axis = fig.layout[name]
        if not (axis.tickvals and axis.ticktext and axis.range) or axis.visible is False:
            continue
        at = _pixels(axis, plot_width)
        kept, right = [], -math.inf
        for value, label in zip(axis.tickvals, axis.ticktext):
            half = text_width(label, size_px) / 2
            if at(value) - half >= right + 0.6 * size_px:
                kept.append((value, label))
                right = at(value) + half
        axis.update(tickvals=[v for v, _ in kept], ticktext=[t for _, t in kept])


def _fit_texts(fig: go.Figure, plot_width: float, size_px: float) -> float:
    """Heatmap cell texts shrunk to fit their cells, bar labels that would leave their panel
    moved inside their bar; returns how far texts written to the right of a point run past the
    plot's right edge (pixels the right margin must add)."""
    overhang = 0.0
    for trace in fig.data:
        axis = fig.layout[f"xaxis{(trace.xaxis or 'x')[1:]}"]
        raw = trace.text
        texts = [] if raw is None or isinstance(raw, str) else [str(t) for t in raw]
        if trace.type == "heatmap" and trace.x is not None and len(trace.x):
            domain = axis.domain or (0, 1)
            cell = plot_width * (domain[1] - domain[0]) / len(trace.x)
            longest = max((text_width(t, 1) for row in raw or () for t in row), default=0)
            if longest:
                size = trace.textfont.size or size_px
                trace.textfont.size = min(size, 0.88 * cell / longest)
            continue
        if not texts or axis.range is None or trace.cliponaxis is not False:
            continue
        at = _pixels(axis, plot_width)
        size = trace.textfont.size or size_px
        if trace.type == "bar" and trace.orientation == "h" and trace.textposition == "outside":
            # A label that would run past its panel's right edge goes inside its bar instead.
            right = plot_width * (axis.domain or (0, 1))[1]
            bases = trace.base if trace.base is not None else [0] * len(trace.x)
            trace.textposition = [
                "inside" if at(b + x) + text_width(t, size) + 6 > right else "outside"
                for b, x, t in zip(bases, trace.x, texts)
            ]
        elif trace.type == "scatter" and "right" in str(trace.textposition):
            positions = trace.textposition
            if isinstance(positions, str):
                positions = [positions] * len(trace.x)
            for x, position, text in zip(trace.x, positions, texts):
                if "right" in position and (axis.type != "log" or x > 0):
                    overhang = max(overhang, at(x) + text_width(text, size) + 6 - plot_width)
    return overhang


def _text_block(fig: go.Figure, lines: list[str], size: float, colour: str, **place) -> None:
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        xanchor="left",
        align="left",
        showarrow=False,
        font={"size": size, "color": colour},
        **place,
    )


def framed(chart: Chart, canvas: Canvas = SCREEN) -> go.Figure:
    """The chart drawn whole on `canvas`: header, plot and footer, sized and spaced so that
    no text is cut off or overlaps another. A new figure; `chart` is not changed."""
    if canvas.width and chart.restack is not None and canvas.width < chart.min_width:
        chart = chart.restack()
    s = canvas.text_scale
    width = canvas.width or canvas.page_width
    edge = _EDGE * s
    inner = width - 2 * edge
    fig = themed(go.Figure(chart.body))

    title_px, subtitle_px, footer_px = TITLE_PX * s, SUBTITLE_PX * s, FOOTER_PX * s
    base_px = BASE_PX * s
    title = wrap(chart.title, inner, title_px)
    subtitle = wrap(chart.subtitle, inner, subtitle_px)
    footer = [
        line
        for text in footer_lines(chart, canvas.exported_on)
        for line in wrap(text, inner, footer_px)
    ]
    legend = _legend_entries(fig)
    label_w = max((text_width(label, base_px) for label in chart.row_labels), default=0)
    margin_l = edge + label_w + (12 * s if chart.row_labels else 0)
    has_scale = any(getattr(t, "showscale", None) for t in fig.data)
    margin_r = edge + 6 * s + (COLOURBAR_PX * s if has_scale else 0)
    plot_w = width - margin_l - margin_r
    legend_rows = _legend_rows(legend, plot_w, base_px)
    panel_titles = _top_panel_titles(fig)
    panel_px = PANEL_TITLE_PX * s
    for index in panel_titles:
        annotation = fig.layout.annotations[index]
        annotation.text = "<br>".join(
            line
            for paragraph in str(annotation.text).split("<br>")
            for line in wrap(paragraph, 0.92 * plot_w / len(panel_titles), panel_px)
        )
        annotation.font.size = panel_px
    panel_lines = max(
        (str(fig.layout.annotations[i].text).count("<br>") + 1 for i in panel_titles), default=0
    )

    title_h = len(title) * title_px * 1.25
    subtitle_h = len(subtitle) * subtitle_px * 1.3
    legend_top = edge + title_h + subtitle_h + 6 * s
    legend_h = legend_height(legend_rows, base_px)
    panel_h = panel_lines * panel_px * 1.3 + (6 * s if panel_lines else 0)
    margin_t = legend_top + legend_h + 8 * s + panel_h
    axis_h = _bottom_axis(fig, plot_w, s)
    footer_h = len(footer) * footer_px * 1.3 + edge
    margin_b = axis_h + footer_h + 6 * s

    if canvas.height:
        height = canvas.height
    else:
        height = round(margin_t + chart.plot_height + margin_b)
    plot_h = height - margin_t - margin_b
    bar_scale = s * min(1.0, plot_h / chart.plot_height)
    _scale_body_text(fig, s, bar_scale, skip=panel_titles)
    _thin_ticks(fig, plot_w, base_px)
    overhang = _fit_texts(fig, plot_w, base_px)
    if overhang > 0:
        margin_r += overhang
        plot_w -= overhang
        _fit_texts(fig, plot_w, base_px)

    fig.update_layout(
        width=canvas.width,
        height=height,
        margin={"l": margin_l, "r": margin_r, "t": margin_t, "b": margin_b},
        font={"size": base_px, "color": TEXT_COLOUR},
        showlegend=bool(legend),
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": edge / width if canvas.width else 0,
            "xanchor": "left",
            "y": 1 - legend_top / height,
            "yanchor": "top",
            "font": {"size": base_px},
            "traceorder": "normal",
        },
        title=None,
    )
    shift = -(margin_l - edge)
    top = {"y": 1, "yanchor": "top", "xshift": shift}
    _text_block(fig, title, title_px, TEXT_COLOUR, yshift=margin_t - edge, **top)
    _text_block(fig, subtitle, subtitle_px, MUTED_COLOUR, yshift=margin_t - edge - title_h, **top)
    _text_block(
        fig, footer, footer_px, MUTED_COLOUR, y=0, yanchor="top", yshift=-axis_h, xshift=shift
    )
    return fig
