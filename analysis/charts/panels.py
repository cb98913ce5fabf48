"""What the chart kinds share: the rows as plain records, their sources and key figures, one
panel per procedure (side by side, or stacked for phones), and the range chart that the
likelihood and duration charts both draw.

Each chart kind (`likelihood`, `duration`, `grid`, `recovery_timeline`, ...) returns an
`analysis.charts.frame.Chart`: the plot (themed with `analysis.charts.theme`) and, beside it,
its title, a subtitle naming the filters in force, its sources and the sentences a presenter
would say about it. `analysis.charts.frame.framed` draws the whole for screen or export.

The range charts draw a figure once for all the skin types that share it: most figures were
not measured per skin type, and six identical bars would hide the few that differ. Figures are
built from plain dicts in a handful of traces (`analysis.charts.theme.new_figure`), because
plotly's per-property checks and pandas' per-row access cost more than the drawing itself.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.frame import Chart
from analysis.charts.theme import (
    BAR_TEXT_PX,
    BASE_PX,
    DERIVED_PATTERN,
    EVIDENCE_PATTERNS,
    NO_FIGURE_COLOUR,
    PANEL_TITLE_PX,
    SHARED_FIGURE_COLOUR,
    TEXT_COLOUR,
    new_figure,
    skin_types_colour,
)
from analysis.data.formatting import (
    format_duration_known,
    format_duration_words,
    is_missing,
    procedure_word,
    type_span,
)
from analysis.data.vocabulary import CATEGORIES, EVIDENCE_LEVELS, PROCEDURES, SKIN_TYPES

DURATION_TICKS = [1 / 24, 6 / 24, 1, 7, 30, 365]
DURATION_AXIS_MAX = 730

SLOT_PX = 24  # height of one bar's row, at screen scale
STACKED_SLOT_PX = 30  # stacked (phones): a bar's words take two lines, the figure and the types
BLOCK_GAP = 0.45  # space between two side effects, in rows
STACK_GAP_PX = 46  # between two stacked panels: room for the lower one's title
STACKED_HEADER = 0.85  # stacked panels: a row for the side effect's name above its bars
NOT_LISTED = "not listed"  # a side effect the other procedure has (burns: radiofrequency only)
SHARED_WORDS = "same figure, not split by type"  # the studies don't split their figures by type
DERIVED_NAME = "Derived: worked out, not measured"
_PATTERN_WORDS = {"/": "Hatched", ".": "Dotted", "x": "Cross-hatched"}
GAP = "\u00a0\u00a0"  # no-break spaces: text clear of the axis or of a point's marker


# --- The rows as plain records -------------------------------------------------------------

_COLUMNS = (
    "procedure",
    "side_effect",
    "category",
    "skin_type",
    "likelihood_low_pct",
    "likelihood_high_pct",
    "duration_low_days",
    "duration_high_days",
    "duration_basis",
    "duration_words",
    "duration_words_source_ids",
    "evidence",
    "source_ids",
    "measured_in",
)


# The last few tables turned into records, by identity: one view's charts (and their stacked
# versions) are built from the same rows, and the conversion costs more than a chart.
_RECENT: list[tuple[pd.DataFrame, pd.DataFrame, list[dict]]] = []


def as_records(rows: pd.DataFrame, catalog: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts (blank cells None) with the side effect's plain `label`: common
    effects first, then by label and skin type. Columns an older upload lacks read as blank.
    Shared between the charts of a view: read, never change them."""
    for seen_rows, seen_catalog, records in _RECENT.copy():  # other threads append
        if seen_rows is rows and seen_catalog is catalog:
            return records
    records = _convert(rows, catalog)
    _RECENT.append((rows, catalog, records))
    del _RECENT[:-4]
    return records


def _convert(rows: pd.DataFrame, catalog: pd.DataFrame) -> list[dict]:
    labels = dict(zip(catalog["side_effect"], catalog["label"]))
    columns = {
        name: rows[name].tolist() if name in rows else [None] * len(rows) for name in _COLUMNS
    }
    records = []
    for values in zip(*columns.values()):
        record = {name: None if is_missing(v) else v for name, v in zip(columns, values)}
        record["label"] = labels.get(record["side_effect"], record["side_effect"])
        records.append(record)
    categories = list(CATEGORIES)

    def order(record: dict) -> tuple:
        category = record["category"]
        skin = record["skin_type"]
        return (
            categories.index(category) if category in categories else len(categories),
            record["label"],
            SKIN_TYPES.index(skin) if skin in SKIN_TYPES else len(SKIN_TYPES),
        )

    return sorted(records, key=order)


def source_ids(rows: pd.DataFrame) -> tuple[str, ...]:
    """The source ids cited by `rows` ('R2;R5' cells), in citation order."""
    ids = {s.strip() for cell in rows["source_ids"].dropna() for s in str(cell).split(";")}
    return tuple(sorted(ids - {""}, key=_id_key))


_SOURCE_ORDER = ("R", "G", "A")  # literature brief, gaps brief, appendix; the article last


def _id_key(source_id: str) -> tuple:
    head = source_id.rstrip("0123456789")
    tail = source_id[len(head) :]
    rank = _SOURCE_ORDER.index(head) if head in _SOURCE_ORDER else len(_SOURCE_ORDER)
    return rank, head, int(tail) if tail else 0


def cited_ids(records: list[dict]) -> tuple[str, ...]:
    """`source_ids` of records: each source once, in citation order."""
    ids = {s.strip() for r in records for s in str(r["source_ids"] or "").split(";")}
    return tuple(sorted(ids - {""}, key=_id_key))


def _cited(records: list[dict]) -> str:
    """'R2, R5, ART': the sources of these records, each once, in citation order."""
    return ", ".join(cited_ids(records))


def key_figures(records: list[dict], said: Callable[[dict], str | None]) -> tuple[str, ...]:
    """`key_figures` on records; `said(record)` is the figure in words, None without one."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for record in records:
        groups.setdefault((record["label"], record["procedure"]), []).append(record)
    sentences = []
    for (label, procedure), group in groups.items():
        by_figure: dict[str, list[str]] = {}
        for record in group:
            text = said(record)
            if text is not None:
                by_figure.setdefault(text, []).append(record["skin_type"])
        if not by_figure:
            continue
        name = procedure_word(procedure)
        shown = sum(len(types) for types in by_figure.values())
        if len(by_figure) == 1 and shown == len(group):
            parts = next(iter(by_figure))
        else:
            parts = "; ".join(f"{type_span(types)} {text}" for text, types in by_figure.items())
        sentences.append(f"{label}, {name}: {parts}")
    return tuple(sentences)


# --- Panels: one per procedure, side by side or stacked -------------------------------------


def panel_layout(
    procedures: list[str],
    stacked: bool,
    x_axis: dict,
    x_title: str,
    heights: list[float] | None = None,
) -> dict:
    """Layout of one panel per procedure, each with its title above it. Side by side they
    share the y axis ('y') and each has its x axis; stacked, each has its own y axis, and the
    x axes match the bottom one, which alone carries tick labels and the title. `heights` are
    the stacked panels' shares of the plot height."""
    count = max(len(procedures), 1)
    layout: dict = {"annotations": []}
    if not stacked:
        gap = 0.04
        width = (1 - gap * (count - 1)) / count
        for i, procedure in enumerate(procedures):
            start = i * (width + gap)
            layout[axis_name("xaxis", i)] = {
                **x_axis,
                "domain": [start, start + width],
                "anchor": "y",
                "title": {"text": x_title},
            }
            layout["annotations"].append(_panel_title(procedure, start + width / 2, 1.0))
        return layout
    heights = heights or [1.0] * count
    gap = 0.04 if count > 1 else 0.0
    usable = 1 - gap * (count - 1)
    total = sum(heights)
    top = 1.0
    for i, procedure in enumerate(procedures):
        bottom = max(top - usable * heights[i] / total, 0.0)
        last = i == count - 1
        layout[axis_name("xaxis", i)] = {
            **x_axis,
            "domain": [0.0, 1.0],
            "anchor": axis_name("y", i),
            **(
                {"title": {"text": x_title}}
                if last
                else {"matches": axis_name("x", count - 1), "showticklabels": False}
            ),
        }
        layout[axis_name("yaxis", i)] = {"domain": [bottom, top], "anchor": axis_name("x", i)}
        # At the left, where the side effects' names start: never cut at a narrow edge.
        layout["annotations"].append({**_panel_title(procedure, 0.0, top), "xanchor": "left"})
        top = bottom - gap
    return layout


def axis_name(name: str, index: int) -> str:
    """'xaxis', 'xaxis2', ... (layout keys) or 'x', 'x2', ... (trace references)."""
    return name if index == 0 else f"{name}{index + 1}"


def _panel_title(procedure: str, x: float, y: float) -> dict:
    return {
        "text": PROCEDURES[procedure],
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": "center",
        "yanchor": "bottom",
        "showarrow": False,
        "font": {"size": PANEL_TITLE_PX},
    }


# --- Range charts: likelihood and duration --------------------------------------------------


def words_trace(
    y: list, x: list, text: list, position: str, font: dict, xref: str = "x", yref: str = "y"
) -> dict:
    """A trace of words only, written beside their points: no hover, no legend entry, and not
    cut at the axis' edge."""
    return {
        "type": "scatter",
        "mode": "text",
        "y": y,
        "x": x,
        "text": text,
        "textposition": position,
        "textfont": font,
        "cliponaxis": False,
        "hoverinfo": "skip",
        "showlegend": False,
        "xaxis": xref,
        "yaxis": yref,
    }


@dataclass(frozen=True)
class Measure:
    """What a range chart plots: its columns, a figure in words, where its bar runs."""

    low: str
    high: str
    words: Callable[[dict], str]
    span: Callable[[float | None, float | None], tuple[float, float]]
    axis_start: float
    hover_unit: str
    durations: bool = False

    def has_figure(self, record: dict) -> bool:
        return record[self.low if self.durations else self.high] is not None

    def key(self, record: dict) -> tuple:
        """Records with equal keys are drawn as one bar: the same figure, evidence and basis."""
        if self.has_figure(record):
            basis = record["duration_basis"] if self.durations else None
            return ("figure", record[self.low], record[self.high], record["evidence"], basis)
        if self.durations:
            words = format_duration_words(
                record["duration_words"], record["duration_words_source_ids"]
            )
            if words:
                return ("words", words)
        return ("none",)


@dataclass
class _Item:
    """One bar, point or line of words in one panel: a figure and the skin types it covers."""

    key: tuple
    records: list[dict] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.key[0]

    @property
    def types(self) -> list[str]:
        return [r["skin_type"] for r in self.records]


def _items(records: list[dict], measure: Measure) -> dict[str, dict[str, list[_Item]]]:
    """{procedure: {label: items}}: the records of each side effect grouped by `measure.key`."""
    panels: dict[str, dict[str, dict[tuple, _Item]]] = {}
    for record in records:
        by_key = panels.setdefault(record["procedure"], {}).setdefault(record["label"], {})
        key = measure.key(record)
        by_key.setdefault(key, _Item(key)).records.append(record)
    return {
        procedure: {label: list(items.values()) for label, items in labels.items()}
        for procedure, labels in panels.items()
    }


def _informative_first(labels: list[str], panels: dict[str, dict[str, list[_Item]]]) -> list[str]:
    """Side effects with a figure or words in some panel, then those with none (kept, last)."""

    def informative(label: str) -> bool:
        return any(
            item.kind != "none" for panel in panels.values() for item in panel.get(label, [])
        )

    return [lab for lab in labels if informative(lab)] + [
        lab for lab in labels if not informative(lab)
    ]


def _blocks(
    labels: list[str], slots: dict[str, int], header: float = 0.0
) -> tuple[dict[str, float], float]:
    """Where each side effect's block starts on the y axis (a `header` row for its name, then
    its rows), and the axis' length."""
    starts, y = {}, 0.0
    for label in labels:
        starts[label] = y
        y += header + slots[label] + BLOCK_GAP
    return starts, max(y - BLOCK_GAP, 1.0)


class _Panel:
    """The traces of one panel, gathered point by point (one bar trace, one marker trace, one
    text trace), so a panel has three traces however many bars it shows."""

    def __init__(self) -> None:
        self.bars: dict[str, list] = {
            k: [] for k in ("y", "x", "base", "colour", "line", "width", "pattern", "text", "hover")
        }
        self.points: dict[str, list] = {k: [] for k in ("y", "x", "colour", "symbol", "hover")}
        self.words: dict[str, list] = {k: [] for k in ("y", "text", "colour")}
        # Stacked: the side effects' names above their bars.
        self.names: dict[str, list] = {k: [] for k in ("y", "text", "colour")}
        # The words of a bar that runs on to the axis' end ("1 year or longer"), before it.
        self.before: dict[str, list] = {k: [] for k in ("y", "x", "text")}

    def traces(self, xref: str, yref: str, axis_start: float, left_edge: float) -> list[dict]:
        out = []
        b, p, w, n = self.bars, self.points, self.words, self.names
        if b["y"]:
            out.append(
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": b["y"],
                    "x": b["x"],
                    "base": b["base"],
                    "width": 0.72,
                    "marker": {
                        "color": b["colour"],
                        "line": {"color": b["line"], "width": b["width"]},
                        "pattern": {
                            "shape": b["pattern"],
                            "fgcolor": "white",
                            "fillmode": "overlay",
                            "solidity": 0.3,
                        },
                    },
                    "text": b["text"],
                    "textposition": "outside",
                    "textfont": {"size": BAR_TEXT_PX - 1},
                    "cliponaxis": False,
                    "customdata": b["hover"],
                    "hovertemplate": _HOVER,
                    "showlegend": False,
                    "xaxis": xref,
                    "yaxis": yref,
                }
            )
        if p["y"]:
            out.append(
                {
                    "type": "scatter",
                    "mode": "markers",
                    "y": p["y"],
                    "x": p["x"],
                    "marker": {
                        "color": p["colour"],
                        "symbol": p["symbol"],
                        "size": 13,
                        "line": {"color": p["colour"], "width": 2},
                    },
                    "cliponaxis": False,  # a point at 0 shows whole, not cut by the axis
                    "customdata": p["hover"],
                    "hovertemplate": _HOVER,
                    "showlegend": False,
                    "xaxis": xref,
                    "yaxis": yref,
                }
            )
        if w["y"]:
            out.append(
                words_trace(
                    w["y"],
                    [axis_start] * len(w["y"]),
                    w["text"],
                    "middle right",
                    {"color": w["colour"], "size": BAR_TEXT_PX},
                    xref,
                    yref,
                )
            )
        if self.before["y"]:
            out.append(
                words_trace(
                    self.before["y"],
                    self.before["x"],
                    self.before["text"],
                    "middle left",
                    {"size": BAR_TEXT_PX - 1},
                    xref,
                    yref,
                )
            )
        if n["y"]:
            out.append(
                words_trace(
                    n["y"],
                    [left_edge] * len(n["y"]),
                    n["text"],
                    "middle right",
                    {"color": n["colour"], "size": BASE_PX},
                    xref,
                    yref,
                )
            )
        return out


_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>Evidence: %{customdata[2]}"
    "<br>Sources: %{customdata[3]}<br>%{customdata[4]}<extra></extra>"
)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _shared(item: _Item, selected: list[str]) -> bool:
    """Whether the item covers every skin type shown, two or more: one figure for them all."""
    return len(selected) > 1 and item.types == selected


def _types_shown(item: _Item, selected: list[str], stacked: bool) -> str:
    """' · types IV-V' after an item's words (on a line of its own when stacked, for narrow
    screens) when it covers some of the types shown; nothing when it covers them all (the
    legend says so) or one type is shown (the subtitle names it)."""
    if len(selected) < 2 or _shared(item, selected):
        return ""
    return ("<br>" if stacked else " · ") + type_span(item.types)


def _add_item(
    panel: _Panel,
    item: _Item,
    y: float,
    measure: Measure,
    label: str,
    selected: list[str],
    stacked: bool,
) -> None:
    """Put one item into its panel: a bar (a range), a marker (a point figure) or words."""
    if item.kind in ("none", "words"):
        panel.words["y"].append(y)
        if item.kind == "none":
            panel.words["text"].append(GAP + "no published figure")
            panel.words["colour"].append(NO_FIGURE_COLOUR)
        else:
            panel.words["text"].append(GAP + item.key[1] + _types_shown(item, selected, False))
            panel.words["colour"].append(TEXT_COLOUR)
        return
    _, low, high, evidence, basis = item.key
    colour = (
        SHARED_FIGURE_COLOUR if _shared(item, selected) else skin_types_colour(tuple(item.types))
    )
    derived = basis == "derived"
    pattern = DERIVED_PATTERN if derived else EVIDENCE_PATTERNS.get(evidence, "")
    said = measure.words(item.records[0])
    text = said + _types_shown(item, selected, stacked)
    if _shared(item, selected):
        who = f"{label}, {type_span(selected)}: {SHARED_WORDS}"
    else:
        who = label + (f", {type_span(item.types)}" if len(selected) > 1 else "")
    measured_in = dict.fromkeys(r["measured_in"] for r in item.records if r["measured_in"])
    hover = [
        who,
        said + measure.hover_unit,
        EVIDENCE_LEVELS.get(evidence, str(evidence))
        + (" · duration derived, not measured" if derived else ""),
        _cited(item.records),
        # Plotly reads tags in hover text; an uploaded cell stays text.
        html.escape("; ".join(measured_in), quote=False),
    ]
    start, end = measure.span(low, high)
    point = low is not None and high is not None and low == high
    panel.bars["y"].append(y)
    panel.bars["base"].append(start)
    panel.bars["hover"].append(hover)
    if point:
        # A bar of no length carries the words; the marker shows the point.
        panel.bars["x"].append(0)
        panel.bars["colour"].append("rgba(0,0,0,0)")
        panel.bars["line"].append("rgba(0,0,0,0)")
        panel.bars["width"].append(0)
        panel.bars["pattern"].append("")
        panel.bars["text"].append(GAP + GAP + text.replace("<br>", "<br>" + GAP + GAP))
        panel.points["y"].append(y)
        panel.points["x"].append(start)
        panel.points["colour"].append(colour)
        panel.points["symbol"].append("diamond" if pattern == "" else "diamond-open")
        panel.points["hover"].append(hover)
        return
    panel.bars["x"].append(end - start)
    panel.bars["colour"].append(colour)
    panel.bars["line"].append(colour)
    panel.bars["width"].append(1)
    panel.bars["pattern"].append(pattern)
    if high is None and measure.durations:  # runs on to the axis' end: words before it
        panel.bars["text"].append("")
        panel.before["y"].append(y)
        panel.before["x"].append(start)
        panel.before["text"].append(text.replace("<br>", GAP + "<br>") + GAP)
    else:
        panel.bars["text"].append(text)


def _legend(panels: list[_Panel], items: list[_Item], selected: list[str], durations: bool):
    """Legend-only traces (they carry no data): the shared-figure grey, the hatchings in use,
    'derived' beside them, and the hollow marker of a weaker point figure."""
    entries = []
    drawn = [i for i in items if i.kind == "figure"]
    if any(_shared(i, selected) for i in drawn):
        entries.append(_legend_bar(f"{_capital(type_span(selected))}: {SHARED_WORDS}", ""))
    patterns = {p for panel in panels for p in panel.bars["pattern"]}
    for evidence, label in EVIDENCE_LEVELS.items():
        shape = EVIDENCE_PATTERNS[evidence]
        if shape and shape in patterns and any(i.key[3] == evidence for i in drawn):
            entries.append(_legend_bar(f"{_PATTERN_WORDS[shape]}: {label.lower()}", shape))
    if durations and DERIVED_PATTERN in patterns:
        entries.append(_legend_bar(DERIVED_NAME, DERIVED_PATTERN))
    if any(s == "diamond-open" for panel in panels for s in panel.points["symbol"]):
        entries.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [None],
                "y": [None],
                "name": "Hollow: weaker evidence",
                "marker": {
                    "symbol": "diamond-open",
                    "size": 11,
                    "color": SHARED_FIGURE_COLOUR,
                    "line": {"width": 2, "color": SHARED_FIGURE_COLOUR},
                },
                "showlegend": True,
            }
        )
    return entries


def _legend_bar(name: str, shape: str) -> dict:
    return {
        "type": "bar",
        "orientation": "h",
        "x": [None],
        "y": [None],
        "name": name,
        "marker": {
            "color": SHARED_FIGURE_COLOUR,
            "pattern": {"shape": shape, "fgcolor": "white", "fillmode": "overlay"},
        },
        "showlegend": True,
    }


def range_chart(
    title: str,
    subtitle: str,
    records: list[dict],
    measure: Measure,
    x_axis: dict,
    x_title: str,
    stacked: bool,
    said: Callable[[dict], str | None],
    restacked: Callable[[], Chart] | None,
) -> Chart:
    """A range chart (likelihood or duration) of `records`, with its sources, its row labels and
    its key figures (`said(record)`: a figure in words, None without one)."""
    fig, labels, height = _range_figure(records, measure, x_axis, x_title, stacked)
    return Chart(
        title,
        subtitle,
        fig,
        plot_height=height,
        sources=cited_ids(records),
        row_labels=tuple(labels),
        key_figures=key_figures(records, said),
        restack=restacked,
    )


def _range_figure(
    records: list[dict],
    measure: Measure,
    x_axis: dict,
    x_title: str,
    stacked: bool,
) -> tuple[go.Figure, list[str], int]:
    """A range chart's figure, the side-effect labels on its y axis and its plot height in
    pixels.

    One panel per procedure; in each, one bar (or marker, for a point figure) per distinct
    figure of a side effect, labelled with the skin types it covers; side effects with nothing
    published last, saying so. Side by side, the panels share the labels at the left; stacked
    (for phones), each panel names its own side effects above their bars, so the bars get the
    whole width, and no labels are returned."""
    procedures = [p for p in PROCEDURES if any(r["procedure"] == p for r in records)]
    selected = [t for t in SKIN_TYPES if any(r["skin_type"] == t for r in records)]
    by_panel = _items(records, measure)
    labels = _informative_first(list(dict.fromkeys(r["label"] for r in records)), by_panel)
    every_item = [i for panel in by_panel.values() for items in panel.values() for i in items]
    header = STACKED_HEADER if stacked else 0.0
    # Per panel: its side effects, their rows, where their blocks start, the axis' length, and
    # (stacked) the side effects with nothing published, named together on one last line.
    plans = []
    for procedure in procedures:
        if stacked:
            panel_items = by_panel[procedure]
            own = [
                lab
                for lab in labels
                if any(item.kind != "none" for item in panel_items.get(lab, ()))
            ]
            unknown = [lab for lab in labels if lab in panel_items and lab not in own]
            slots = {lab: len(panel_items[lab]) for lab in own}
        else:  # one y axis for both: as many rows as the panel that has most
            own, unknown = labels, []
            slots = {
                lab: max(len(by_panel[p].get(lab, ())) for p in procedures) or 1 for lab in own
            }
        starts, length = _blocks(own, slots, header)
        if unknown:  # room for the line's words when wrapped on a phone (~40 letters a line)
            letters = len("No published figure: " + ", ".join(unknown))
            length += BLOCK_GAP + 0.6 * math.ceil(letters / 40)
        plans.append((own, slots, starts, length, unknown))
    low = x_axis["range"][0]
    left_edge = 10**low if x_axis.get("type") == "log" else low
    panels, traces = [], []
    for index, (procedure, plan) in enumerate(zip(procedures, plans)):
        own, slots, starts, length, unknown = plan
        panel = _Panel()
        for label in own:
            top = starts[label] + header
            if stacked:
                panel.names["y"].append(starts[label] + header / 2)
                panel.names["text"].append(label)
                panel.names["colour"].append(TEXT_COLOUR)
            items = by_panel[procedure].get(label)
            if not items:
                panel.words["y"].append(top + slots[label] / 2)
                panel.words["text"].append(GAP + NOT_LISTED)
                panel.words["colour"].append(NO_FIGURE_COLOUR)
                continue
            offset = (slots[label] - len(items)) / 2
            for j, item in enumerate(items):
                _add_item(panel, item, top + offset + j + 0.5, measure, label, selected, stacked)
        if unknown:
            blocks_end = starts[own[-1]] + header + slots[own[-1]] + BLOCK_GAP if own else 0.0
            panel.names["y"].append((blocks_end + length) / 2)
            panel.names["text"].append("No published figure: " + ", ".join(unknown))
            panel.names["colour"].append(NO_FIGURE_COLOUR)
        panels.append(panel)
        yref = axis_name("y", index if stacked else 0)
        traces += panel.traces(axis_name("x", index), yref, measure.axis_start, left_edge)
    traces += _legend(panels, every_item, selected, measure.durations)
    lengths = [plan[3] for plan in plans]
    layout = panel_layout(procedures, stacked, x_axis, x_title, lengths if stacked else None)
    for index, (own, slots, starts, length, _) in enumerate(plans if stacked else plans[:1]):
        layout.setdefault(axis_name("yaxis", index), {}).update(
            showgrid=False,
            zeroline=False,
            ticks="",
            ticklabelstandoff=6,  # labels clear of a point at 0
            # Room above the first row for its words when they take two lines.
            range=[length + 0.1, -0.45],
            tickvals=[] if stacked else [starts[lab] + slots[lab] / 2 for lab in own],
            ticktext=[] if stacked else own,
            showticklabels=not stacked,
        )
    if stacked:
        plot_height = STACKED_SLOT_PX * sum(lengths) + STACK_GAP_PX * (len(procedures) - 1)
    else:
        plot_height = SLOT_PX * lengths[0]
    layout.update(
        barmode="overlay",
        hovermode="closest",
        uniformtext={"minsize": BAR_TEXT_PX - 1, "mode": "show"},
    )
    return new_figure(traces, layout), [] if stacked else labels, round(plot_height)


def restack(rows: pd.DataFrame, stacked: bool, builder, *args) -> Callable[[], Chart] | None:
    """The same chart with its procedures one under the other, for `framed` to use when the
    panels side by side leave the bars too little room; None when there is nothing to stack."""
    if stacked or rows["procedure"].nunique() < 2:
        return None
    # Built once: the screen and every export of a chart that needs it share it.
    return functools.cache(functools.partial(builder, *args, stacked=True))


def empty_chart(title: str, message: str) -> Chart:
    """A chart that says plainly why there is nothing to plot."""
    fig = new_figure(
        layout={
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [
                {"text": message, "showarrow": False, "font": {"size": 15, "color": "#444"}}
            ],
        }
    )
    return Chart(title, "", fig, plot_height=120)


def duration_words(record: dict) -> str:
    """How long, in the words a person reads: days ('4 weeks – 2 months (derived)')."""
    return format_duration_known(
        record["duration_low_days"], record["duration_high_days"], record["duration_basis"]
    )
