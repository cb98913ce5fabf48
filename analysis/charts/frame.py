"""A chart as people see it: a header (title, subtitle, legend), the plot, and a footer (sources,
notes, the disclaimer, the export date).

The header and footer are data kept beside the plot (`Chart`), never parsed back out of a drawn
figure. `framed` lays them out for one canvas: the screen, an image at a slide preset, a slide or
the handout. It measures the text it places (DejaVu Sans, the font the exports draw with) so
nothing is cut off or overlaps, whatever the size.
"""

from __future__ import annotations

import base64
import functools
import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from PIL import ImageFont

from analysis.charts.theme import (
    BASE_PX,
    FOOTER_PX,
    MUTED_COLOUR,
    PANEL_TITLE_PX,
    SUBTITLE_PX,
    TEMPLATE_JSON,
    TEXT_COLOUR,
    TITLE_PX,
)

COLOURBAR_PX = 110  # room at the right for a colour scale with its title and ticks
COLOURBAR_MIN_WIDTH = 700  # narrower, a colour scale is left out: the cells say their figures
DISCLAIMER = "Educational use, not medical advice"
SOURCES_SHOWN = 24  # more ids than this read "and N more (see Data & sources)"
MIN_BAR_TEXT_PX = 11  # bar labels squeezed below this are left out (the numbers are in the CSV)
# On screen the width is the page's: lay out as for a 700 px desktop window (its charts are 668 px
# wide) and let wider pages stretch the plot.
SCREEN_WRAP_PX = 660
# On screen, the title keeps clear of the buttons above a chart's top right corner: plotly's
# camera (analysis.outputs.images.modebar_config) and Streamlit's full-screen button.
MODEBAR_PX = 76
# Row labels wider than this share of the width are wrapped: the bars get most of the width.
LABEL_SHARE = {"screen": 0.3, "fixed": 0.4}
PANEL_GAP = 0.04  # between panels side by side, a share of the plot's width
# Side by side, panels narrower than this share of an equal split (their texts need the rest)
# are stacked instead, when the chart can be.
MIN_PANEL_SHARE = 0.6
MIN_PANEL_SHARE_FIXED = 0.3  # on a canvas of fixed height (a slide), where stacking squeezes
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
    return _plain_width(_TAGS.sub("", text), round(size_px * 4) / 4, bold)


@functools.lru_cache(maxsize=16384)  # the same labels and figures are measured on every view
def _plain_width(plain: str, size_px: float, bold: bool) -> float:
    font = _font(size_px, bold)
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


# The frame works on the figure as plain dicts ({"data": [...], "layout": {...}}, plotly's own
# shape): reading and setting a plotly object's properties cost two thirds of a class's server
# CPU (bench/bench_class.py --profile), drawing and checking nothing the dicts don't.
Fig = dict  # {"data": [trace dicts], "layout": layout dict}


def _axes(layout: dict, kind: str) -> list[str]:
    """Names of the layout's x (`kind` 'xaxis') or y axes: 'xaxis', 'xaxis2', ..."""
    return [name for name in layout if name.startswith(kind)]


def _ref(trace: dict, kind: str = "x") -> str:
    """The axis a trace is drawn on: 'x', 'x2', ... (the layout key is 'xaxis' + the suffix)."""
    return trace.get(f"{kind}axis") or kind


def _layout_axis(layout: dict, ref: str) -> dict:
    return layout.get("xaxis" + ref[1:]) or {}


def _values(value) -> list:
    """A data array as a list: plotly writes numeric arrays as base64 ({"dtype", "bdata"})."""
    if value is None:
        return []
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def _font_size(item: dict, default: float | None = None) -> float | None:
    return (item.get("textfont") or {}).get("size", default)


def _legend_entries(fig: Fig) -> list[str]:
    if fig["layout"].get("showlegend") is False:
        return []
    return [
        trace["name"]
        for trace in fig["data"]
        if trace.get("name")
        and trace.get("showlegend") is not False
        and trace.get("type") not in ("heatmap", "table")
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


def _top_panel_titles(fig: Fig) -> list[int]:
    """Indexes of the titles of the top row of panels (annotations sitting on the plot top)."""
    return [
        i
        for i, a in enumerate(fig["layout"].get("annotations", ()))
        if a.get("yref") == "paper"
        and a.get("yanchor") == "bottom"
        and a.get("y") is not None
        and a["y"] >= 0.999
    ]


def _bottom_axis(fig: Fig, plot_width: float, scale: float) -> float:
    """Room under the plot for the x axes: tick labels and titles. Titles are wrapped to their
    panel's width first, so two panels' titles never run into each other."""
    size = BASE_PX * scale
    title_size = round(1.2 * size)  # plotly.js draws axis titles 1.2 times the font (bigFont)
    lines = 0
    shown = False
    layout = fig["layout"]
    for name in _axes(layout, "xaxis"):
        axis = layout[name]
        if axis.get("visible") is False:
            continue
        shown = True
        title = axis.get("title") or {}
        if title.get("text"):
            domain = axis.get("domain") or (0, 1)
            room = 0.95 * plot_width * (domain[1] - domain[0])
            wrapped = wrap(title["text"], room, title_size)
            title["text"] = "<br>".join(wrapped)
            lines = max(lines, len(wrapped))
    if not shown:
        return 8 * scale
    return size * 1.6 + 10 * scale + (lines * title_size * 1.3 + 10 * scale if lines else 0)


def _scale_body_text(fig: Fig, scale: float, bar_scale: float, skip: list[int]) -> None:
    """Every text of the plot `scale` times its screen size (but annotations numbered in
    `skip`); bar labels and words written on the rows `bar_scale` times, bar labels left out
    when that makes them too small to read."""
    layout = fig["layout"]
    layout.setdefault("font", {})["size"] = BASE_PX * scale
    for index, annotation in enumerate(layout.get("annotations", ())):
        if index in skip:
            continue
        font = annotation.setdefault("font", {})
        font["size"] = (font.get("size") or BASE_PX) * scale
    uniform = layout.get("uniformtext") or {}
    if uniform.get("minsize"):
        uniform["minsize"] *= bar_scale
    for trace in fig["data"]:
        size = _font_size(trace)
        if size is None:
            continue
        if trace.get("type") == "bar":
            trace["textfont"]["size"] = size * bar_scale
            if size * bar_scale < MIN_BAR_TEXT_PX and scale > 1:
                trace.pop("text", None)
        elif trace.get("type") == "scatter":
            # Words on the rows (a side effect's name, "no published figure", a range's
            # words): the rows are squeezed as the bars are.
            trace["textfont"]["size"] = size * bar_scale
        else:
            trace["textfont"]["size"] = size * scale


def _pixels(axis: dict, plot_width: float):
    """value -> pixels from the left of the plot area, along an x axis with a fixed range."""
    low, high = axis["range"]
    domain = axis.get("domain") or (0, 1)
    span = plot_width * (domain[1] - domain[0])
    log = axis.get("type") == "log"

    def at(value: float) -> float:
        v = math.log10(value) if log else value
        return plot_width * domain[0] + (v - low) / (high - low) * span

    return at


def _thin_ticks(fig: Fig, plot_width: float, size_px: float) -> None:
    """Leave out tick labels of the x axes that would overlap their neighbour at this width."""
    layout = fig["layout"]
    for name in _axes(layout, "xaxis"):
        axis = layout[name]
        if not (axis.get("tickvals") and axis.get("ticktext") and axis.get("range")):
            continue
        if axis.get("visible") is False:
            continue
        at = _pixels(axis, plot_width)
        kept, right = [], -math.inf
        for value, label in zip(axis["tickvals"], axis["ticktext"]):
            half = text_width(label, size_px) / 2
            if at(value) - half >= right + 0.6 * size_px:
                kept.append((value, label))
                right = at(value) + half
        axis["tickvals"] = [v for v, _ in kept]
        axis["ticktext"] = [t for _, t in kept]


def _fit_texts(fig: Fig, plot_width: float, size_px: float) -> float:
    """Heatmap cell texts shrunk to fit their cells; returns how far texts written to the right
    of a bar or point run past the plot's right edge (pixels the right margin must add)."""
    overhang = 0.0
    layout = fig["layout"]
    for trace in fig["data"]:
        axis = _layout_axis(layout, _ref(trace))
        raw = trace.get("text")
        if trace.get("type") == "heatmap" and trace.get("x") is not None:
            columns = len(_values(trace["x"]))
            domain = axis.get("domain") or (0, 1)
            if not columns:
                continue
            cell = plot_width * (domain[1] - domain[0]) / columns
            longest = max((text_width(t, 1) for row in raw or () for t in row), default=0)
            if longest:
                size = _font_size(trace) or size_px
                trace.setdefault("textfont", {})["size"] = min(size, 0.88 * cell / longest)
            continue
        if raw is None or isinstance(raw, str) or not axis.get("range"):
            continue
        if trace.get("cliponaxis") is not False:
            continue
        at = _pixels(axis, plot_width)
        log = axis.get("type") == "log"
        size = _font_size(trace) or size_px
        for end, text in zip(_text_ends(trace), raw):
            if end is not None and text and (not log or end > 0):
                widest = max(text_width(line, size) for line in str(text).split("<br>"))
                overhang = max(overhang, at(end) + widest + 6 - plot_width)
    return overhang


def _wrap_row_labels(
    fig: Fig, labels: tuple[str, ...], max_px: float, size_px: float
) -> tuple[float, int]:
    """Row labels wider than `max_px` broken into lines on the y axes (tick texts) that show
    them; returns the widest line's width and the most lines a label takes."""
    if not labels:
        return 0.0, 0
    widest = max(text_width(label, size_px) for label in labels)
    if widest <= max_px:
        return widest, 1
    longest_word = max(text_width(w, size_px) for label in labels for w in label.split())
    lines = {label: wrap(label, max(max_px, longest_word), size_px) for label in labels}
    wrapped = {label: "<br>".join(parts) for label, parts in lines.items()}
    layout = fig["layout"]
    for name in _axes(layout, "yaxis"):
        axis = layout[name]
        if axis.get("ticktext"):
            axis["ticktext"] = [wrapped.get(t, t) for t in axis["ticktext"]]
        elif axis.get("categoryarray"):
            axis["tickvals"] = list(axis["categoryarray"])
            axis["ticktext"] = [wrapped.get(t, t) for t in axis["categoryarray"]]
    return (
        max(text_width(line, size_px) for parts in lines.values() for line in parts),
        max(len(parts) for parts in lines.values()),
    )


def _tick_rows(fig: Fig) -> int:
    """How many labelled rows the y axes show, in all."""
    layout = fig["layout"]
    return sum(
        len(layout[name].get("ticktext") or layout[name].get("categoryarray") or ())
        for name in _axes(layout, "yaxis")
    )


def _panel_row(fig: Fig) -> list[str]:
    """The x axes of panels side by side, left to right (disjoint domains), or []."""
    layout = fig["layout"]
    axes = [n for n in _axes(layout, "xaxis") if layout[n].get("domain")]
    axes.sort(key=lambda n: layout[n]["domain"][0])
    if len(axes) < 2:
        return []
    domains = [layout[n]["domain"] for n in axes]
    if any(a[1] > b[0] for a, b in itertools.pairwise(domains)):
        return []
    return axes


def _written_right(fig: Fig, axis_name: str, scale: float) -> list[tuple[float, float]]:
    """(where along the axis, 0 to 1; width in px) of every text written to the right of a
    bar or point of the traces on this x axis, at `scale` times its size."""
    axis = fig["layout"][axis_name]
    if not axis.get("range"):
        return []
    along, log = _along(axis), axis.get("type") == "log"
    ref = "x" + axis_name[5:]
    out = []
    for trace in fig["data"]:
        texts = trace.get("text")
        if _ref(trace) != ref or texts is None or isinstance(texts, str):
            continue
        size = (_font_size(trace) or BASE_PX) * scale
        for end, text in zip(_text_ends(trace), texts):
            if end is None or not text or (log and end <= 0):
                continue
            widest = max(text_width(line, size) for line in str(text).split("<br>"))
            out.append((along(end), widest + 6 * scale))
    return out


def _text_ends(trace: dict) -> list:
    """Where each text of a trace starts when it is written to the right of its bar or point
    (None for a text written elsewhere, or a trace that writes none that way)."""
    xs = _values(trace.get("x"))
    kind = trace.get("type")
    if kind == "bar" and trace.get("orientation") == "h" and trace.get("textposition") == "outside":
        base = trace.get("base", 0)
        bases = _values(base) if isinstance(base, (list, tuple, dict)) else [base] * len(xs)
        return [None if x is None else b + x for b, x in zip(bases, xs)]
    if kind == "scatter" and "text" in str(trace.get("mode")):
        positions = trace.get("textposition")
        if isinstance(positions, str) or positions is None:
            positions = [positions] * len(xs)
        return [x if "right" in str(p) else None for x, p in zip(xs, positions)]
    return [None] * len(xs)


def _panel_widths(fig: Fig, plot_w: float, nominal: bool = True) -> dict[str, float]:
    """Width in px each x axis' panel has: side by side, an equal share of the plot's width
    less the gaps (with `nominal`; else as their domains are now); otherwise its domain's."""
    layout = fig["layout"]
    row = _panel_row(fig) if nominal else []
    share = (plot_w * (1 - PANEL_GAP * (len(row) - 1)) / len(row)) if row else 0.0
    widths = {}
    for name in _axes(layout, "xaxis"):
        domain = layout[name].get("domain") or (0, 1)
        widths["x" + name[5:]] = share if name in row else plot_w * (domain[1] - domain[0])
    return widths


def _wrap_words(fig: Fig, plot_w: float, scale: float) -> None:
    """Lines of words written from near the start of an axis (a duration given only in words,
    "no published figure", a side effect's name) broken to fit their panel."""
    widths = _panel_widths(fig, plot_w)
    for trace in fig["data"]:
        raw = trace.get("text")
        if trace.get("type") != "scatter" or raw is None or isinstance(raw, str):
            continue
        along = _along(_layout_axis(fig["layout"], _ref(trace)))
        panel = widths.get(_ref(trace), plot_w)
        size = (_font_size(trace) or BASE_PX) * scale
        texts = []
        for start, text in zip(_text_ends(trace), raw):
            room = panel * (1 - max(along(start), 0.0)) * 0.95
            # Only lines that start near the axis (words in place of a figure): the words
            # after a bar or point get room past the plot's end instead (_overhang).
            near_start = start is not None and along(start) < 0.25
            if near_start and text and text_width(str(text), size) > room:
                words = str(text)
                gap = words[: len(words) - len(words.lstrip("\u00a0"))]  # kept: split() drops it
                text = gap + "<br>".join(wrap(words, max(room, 0.5 * panel), size))
            texts.append(text)
        trace["text"] = texts


def _along(axis: dict) -> Callable[[float | None], float]:
    """value -> where it sits along an axis with a fixed range, 0 (start) to 1 (end); 0 for
    an axis without a range, or a value it cannot show."""
    if not axis.get("range"):
        return lambda value: 0.0
    (low, high), log = axis["range"], axis.get("type") == "log"

    def at(value: float | None) -> float:
        if value is None or (log and value <= 0):
            return 0.0
        return ((math.log10(value) if log else value) - low) / (high - low)

    return at


def _spread_panels(fig: Fig, plot_w: float, scale: float, min_share: float = 0.0) -> bool:
    """Panels side by side, of equal width, each followed by the room its texts run past its
    right end (a bar's figure, a line of words), so no text reaches the next panel. Panel
    titles move with their panels. False when no width leaves the bars a fair share (the
    chart reads better stacked): narrower than `min_share` of an equal split; True otherwise,
    or when the panels are not side by side."""
    axes = _panel_row(fig)
    if not axes:
        return True
    layout = fig["layout"]
    count = len(axes)
    gap = PANEL_GAP * plot_w
    texts = [_written_right(fig, name, scale) for name in axes]

    def past_end(i: int, w: float) -> float:
        return max([0.0] + [at * w + px - w for at, px in texts[i]])

    def needed(w: float) -> float:
        return count * w + sum(past_end(i, w) for i in range(count)) + gap * (count - 1)

    low, high = 0.0, plot_w / count
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if needed(middle) <= plot_w else (low, middle)
    nominal = (plot_w - gap * (count - 1)) / count
    if low < min_share * nominal:
        return False
    old = {name: tuple(layout[name]["domain"]) for name in axes}
    start = 0.0
    new = {}
    for i, name in enumerate(axes):
        new[name] = [start / plot_w, (start + low) / plot_w]
        layout[name]["domain"] = new[name]
        start += low + past_end(i, low) + gap
    for annotation in layout.get("annotations", ()):
        x = annotation.get("x")
        for name in axes:
            if x is not None and abs(x - sum(old[name]) / 2) < 1e-6:
                annotation["x"] = sum(new[name]) / 2
    return True


def _words_before_fit(fig: Fig, plot_w: float, scale: float, nominal: bool = True) -> bool:
    """Words written before a bar ("1 year or longer" before a bar that runs on to the axis'
    end) that would run past their panel's left edge go after the axis' end instead; True
    when some did."""
    widths = _panel_widths(fig, plot_w, nominal)
    changed = False
    for trace in fig["data"]:
        positions = trace.get("textposition") if trace.get("type") == "scatter" else None
        texts = trace.get("text")
        if texts is None or positions is None or "left" not in str(positions):
            continue
        axis = _layout_axis(fig["layout"], _ref(trace))
        if not axis.get("range"):
            continue
        along, panel = _along(axis), widths.get(_ref(trace), plot_w)
        size = (_font_size(trace) or BASE_PX) * scale
        xs = _values(trace.get("x"))
        if isinstance(positions, str):
            positions = [positions] * len(xs)
        high = axis["range"][1]
        end = 10**high if axis.get("type") == "log" else high
        moved = list(positions)
        for i, (x, text) in enumerate(zip(xs, texts)):
            widest = max((text_width(line, size) for line in str(text).split("<br>")), default=0)
            if "left" in str(positions[i]) and along(x) * panel < widest + 6 * scale:
                xs[i], moved[i] = end, "middle right"
        if moved != list(positions):
            trace["x"], trace["textposition"] = xs, moved
            changed = True
    return changed


def _overhang(fig: Fig, plot_w: float, scale: float) -> float:
    """The room the right margin must add so that texts written to the right of bars and
    points (at `scale` times their size) end inside the figure: the plot narrows, and the
    texts move left with their bars. At most half the plot."""
    fits = plot_w
    layout = fig["layout"]
    for name in _axes(layout, "xaxis"):
        domain = layout[name].get("domain") or (0, 1)
        for at, px in _written_right(fig, name, scale):
            where = domain[0] + at * (domain[1] - domain[0])  # share of the plot's width
            if where > 0 and where * plot_w + px > plot_w:
                fits = min(fits, (plot_w - px) / where)
    return plot_w - max(fits, 0.5 * plot_w)


def _title_room(
    fig: Fig, annotation: dict, plot_w: float, right: float, margin_left: float = 0.0
) -> float:
    """Width in px a panel's title may take: its panel's, when centred over it; the figure's
    text width (`margin_left` and `right` px beside the plot), when it starts at the left."""
    x = annotation.get("x") or 0
    if annotation.get("xanchor") == "left":
        return plot_w * (1 - x) + right + margin_left
    layout = fig["layout"]
    for name in _axes(layout, "xaxis"):
        domain = layout[name].get("domain")
        if domain and abs(x - sum(domain) / 2) < 1e-6:
            return 0.92 * plot_w * (domain[1] - domain[0])
    return 0.92 * plot_w


def _text_block(fig: Fig, lines: list[str], size: float, colour: str, **place) -> None:
    fig["layout"].setdefault("annotations", []).append(
        {
            "text": "<br>".join(lines),
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "xanchor": "left",
            "align": "left",
            "showarrow": False,
            "font": {"size": size, "color": colour},
            **place,
        }
    )


def framed(chart: Chart, canvas: Canvas = SCREEN) -> go.Figure:
    """The chart drawn whole on `canvas`: header, plot and footer, sized and spaced so that
    no text is cut off or overlaps another. A new figure; `chart` is not changed."""
    if chart.restack is not None and (canvas.width or canvas.page_width) < chart.min_width:
        chart = chart.restack()
    s = canvas.text_scale
    width = canvas.width or canvas.page_width
    edge = _EDGE * s
    inner = width - 2 * edge
    fig = chart.body.to_dict()  # a deep copy, as plain dicts
    layout = fig["layout"]
    layout.setdefault("template", TEMPLATE_JSON)
    screen = canvas.width is None

    title_px, subtitle_px, footer_px = TITLE_PX * s, SUBTITLE_PX * s, FOOTER_PX * s
    base_px = BASE_PX * s
    header = inner - (MODEBAR_PX if screen else 0)
    title = wrap(chart.title, header, title_px)
    subtitle = wrap(chart.subtitle, header, subtitle_px)
    footer = [
        line
        for text in footer_lines(chart, canvas.exported_on)
        for line in wrap(text, inner, footer_px)
    ]
    legend = _legend_entries(fig)
    share = LABEL_SHARE["screen" if screen else "fixed"]
    label_w, label_lines = _wrap_row_labels(fig, chart.row_labels, share * width, base_px)
    margin_l = edge + label_w + (12 * s if chart.row_labels else 0)
    has_scale = any(t.get("showscale") for t in fig["data"])
    if has_scale and width < COLOURBAR_MIN_WIDTH:
        for trace in fig["data"]:
            if "showscale" in trace:
                trace["showscale"] = False
        has_scale = False
    margin_r = edge + 6 * s + (COLOURBAR_PX * s if has_scale else 0)
    plot_w = width - margin_l - margin_r
    _wrap_words(fig, plot_w, s)
    # On screen a stacked chart just grows taller; on a slide it is squeezed into the same
    # height, so panels side by side are kept there unless their bars would get almost nothing.
    min_share = MIN_PANEL_SHARE if not canvas.height else MIN_PANEL_SHARE_FIXED
    _words_before_fit(fig, plot_w, s)
    if not _spread_panels(fig, plot_w, s, min_share):
        if chart.restack is not None:
            return framed(chart.restack(), canvas)
        _spread_panels(fig, plot_w, s)  # nothing to stack: the best side by side
    if _words_before_fit(fig, plot_w, s, nominal=False):  # the panels came out narrower
        _spread_panels(fig, plot_w, s)
    # Room for the texts past the plot's end, at their largest size (exports may shrink them).
    overhang = _overhang(fig, plot_w, s)
    margin_r += overhang
    plot_w -= overhang
    legend_rows = _legend_rows(legend, plot_w, base_px)
    annotations = layout.setdefault("annotations", [])
    panel_titles = _top_panel_titles(fig)
    panel_px = PANEL_TITLE_PX * s
    for index in panel_titles:
        annotation = annotations[index]
        room = _title_room(fig, annotation, plot_w, margin_r - edge, margin_l - edge)
        annotation["text"] = "<br>".join(
            line
            for paragraph in str(annotation.get("text", "")).split("<br>")
            for line in wrap(paragraph, room, panel_px)
        )
        annotation.setdefault("font", {})["size"] = panel_px
    for annotation in annotations:
        if (
            annotation.get("xanchor") == "left"
            and annotation.get("x") == 0
            and annotation.get("yanchor") == "bottom"
        ):
            # A stacked panel's title starts where the figure's text does, at its left edge.
            annotation["xshift"] = -(margin_l - edge)
    panel_lines = max(
        (str(annotations[i].get("text", "")).count("<br>") + 1 for i in panel_titles), default=0
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

    plot_height = chart.plot_height
    if label_lines > 1 and not canvas.height:
        # Wrapped labels need their lines' height on every row.
        plot_height = max(plot_height, _tick_rows(fig) * label_lines * base_px * 1.3)
    if canvas.height:
        height = canvas.height
    else:
        height = round(margin_t + plot_height + margin_b)
    plot_h = height - margin_t - margin_b
    bar_scale = s * min(1.0, plot_h / plot_height)
    _scale_body_text(fig, s, bar_scale, skip=panel_titles)
    _thin_ticks(fig, plot_w, base_px)
    # Heatmap cells' texts fitted; any text still past the room already made for it.
    extra = _fit_texts(fig, plot_w, base_px) - overhang
    if extra > 0.5:
        margin_r += extra
        plot_w -= extra
        _fit_texts(fig, plot_w, base_px)

    if canvas.width:
        layout["width"] = canvas.width
    layout["height"] = height
    layout["margin"] = {**layout.get("margin", {}), "l": margin_l, "r": margin_r}
    layout["margin"].update(t=margin_t, b=margin_b)
    layout["font"] = {**layout.get("font", {}), "size": base_px, "color": TEXT_COLOUR}
    layout["showlegend"] = bool(legend)
    layout["legend"] = {
        **layout.get("legend", {}),
        "orientation": "h",
        "xref": "container",
        "yref": "container",
        "x": edge / width if canvas.width else 0,
        "xanchor": "left",
        "y": 1 - legend_top / height,
        "yanchor": "top",
        "font": {"size": base_px},
        "traceorder": "normal",
    }
    layout.pop("title", None)
    shift = -(margin_l - edge)
    top = {"y": 1, "yanchor": "top", "xshift": shift}
    _text_block(fig, title, title_px, TEXT_COLOUR, yshift=margin_t - edge, **top)
    _text_block(fig, subtitle, subtitle_px, MUTED_COLOUR, yshift=margin_t - edge - title_h, **top)
    _text_block(
        fig, footer, footer_px, MUTED_COLOUR, y=0, yanchor="top", yshift=-axis_h, xshift=shift
    )
    return go.Figure(fig, _validate=False)
