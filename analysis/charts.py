"""Plotly figures of the side-effects table: likelihood ranges, durations and a skin-type heatmap.

Each figure carries its own title, a subtitle naming the filters in force, and a footer with the
sources and "Educational use, not medical advice", so a screenshot or export keeps its context.
This module also holds the one colour palette of the app (colour-blind safe).
"""

from __future__ import annotations

import html
import math

import pandas as pd
import plotly.colors
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.formatting import format_duration, format_duration_range, format_pct_range
from analysis.vocabulary import EVIDENCE_LEVELS, PROCEDURES, SKIN_TYPES

# Viridis (colour-blind safe), light for type I to dark for type VI.
SKIN_TYPE_COLOURS: dict[str, str] = dict(
    zip(
        SKIN_TYPES,
        plotly.colors.sample_colorscale("Viridis", [0.85, 0.68, 0.52, 0.36, 0.2, 0.0]),
    )
)
# Solid bars for measured figures, hatching for weaker ones, so evidence shows in print too.
EVIDENCE_PATTERNS: dict[str, str] = {
    "review": "",
    "trial": "",
    "secondary": "/",
    "extrapolated": ".",
    "case_reports": "x",
    "regulator_report": "x",
}
HEATMAP_SCALE = "Blues"
NO_FIGURE_COLOUR = "#6b6b6b"
# Two groups side by side (Compare page): Okabe-Ito blue and vermillion, told apart in
# colour-blind vision and in greyscale.
GROUP_COLOURS: tuple[str, str] = ("#0072B2", "#D55E00")
DISCLAIMER = "Educational use, not medical advice"

LIKELIHOOD_TITLE = "How likely is each side effect?"
DURATION_TITLE = "How long does each side effect last?"
HEATMAP_TITLE = "Likelihood by skin type"

LOG_FLOOR_PCT = 0.1
DURATION_TICKS = [1 / 24, 6 / 24, 1, 7, 30, 365]
DURATION_AXIS_MAX = 730


def _labelled(rows: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Rows with the plain label of each side effect, common effects first."""
    labels = catalog.set_index("side_effect")["label"]
    out = rows.assign(label=rows["side_effect"].map(labels).fillna(rows["side_effect"]))
    return out.sort_values(["category", "label", "skin_type"], kind="stable")


def _footer(sources: str | None) -> str:
    source_line = f"Source: {sources}" if sources else "Source: see Data & sources"
    return f"{source_line} · {DISCLAIMER}"


def _layout(
    fig: go.Figure,
    title: str,
    subtitle: str,
    sources: str | None,
    height: int,
    stacked: bool = False,
) -> None:
    """Header (title, filters, legend), plot, footer (sources, disclaimer), sized in pixels."""
    legend_entries = sum(1 for trace in fig.data if trace.showlegend is not False and trace.name)
    top = 125 if legend_entries <= 6 else 150  # a long legend wraps onto a second line
    if stacked:
        top = 230  # on a phone the legend wraps to one entry per line
    fig.update_layout(
        title={
            "text": f"{title}<br><sup>{subtitle}</sup>",
            "x": 0,
            "xanchor": "left",
            "y": 1 - 12 / height,
            "yanchor": "top",
            "yref": "container",
        },
        height=height,
        margin={"l": 10, "r": 20, "t": top, "b": 110},
        barmode="group",
        bargap=0.25,
        bargroupgap=0.05,
        legend={
            "orientation": "h",
            "yref": "container",
            "y": 1 - 62 / height,
            "yanchor": "top",
            "x": 0,
            "title": None,
        },
        plot_bgcolor="white",
        font={"size": 13},
        uniformtext={"minsize": 10, "mode": "show"},
    )
    fig.add_annotation(
        text=_footer(sources),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-72,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": 11, "color": "#444"},
    )


def add_header_and_footer(
    fig: go.Figure, title: str, subtitle: str, rows: pd.DataFrame, height: int
) -> None:
    """The app's chart frame for figures built elsewhere: title, filters, legend, sources."""
    _layout(fig, title, subtitle, _sources_of(rows), height)


def add_text_block(fig: go.Figure, text: str, y: float = 1, size: int = 13, colour=None) -> None:
    """A left-aligned block of text (lines joined by <br>) hung from height `y` of the page."""
    fig.add_annotation(
        text=text,
        xref="paper",
        yref="paper",
        x=0,
        y=y,
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font={"size": size, "color": colour},
    )


def _no_figure_text(labels: list[str], x: float, words: str) -> go.Scatter:
    """Grey words in place of a bar, for side effects with no published figure."""
    return go.Scatter(
        y=labels,
        x=[x] * len(labels),
        mode="text",
        text=[words] * len(labels),
        textposition="middle right",
        textfont={"color": NO_FIGURE_COLOUR, "size": 11},
        showlegend=False,
        hoverinfo="skip",
    )


def _panels(procedures: list[str], stacked: bool = False) -> go.Figure:
    """One panel per procedure: side by side, or stacked for narrow screens (phones)."""
    count = max(len(procedures), 1)
    return make_subplots(
        rows=count if stacked else 1,
        cols=1 if stacked else count,
        shared_yaxes=not stacked,
        subplot_titles=[PROCEDURES[p] for p in procedures],
        horizontal_spacing=0.04,
        vertical_spacing=0.12 / count,
    )


def _cell(index: int, stacked: bool) -> dict[str, int]:
    """Where panel `index` (from 1) sits: row and column for add_trace."""
    return {"row": index, "col": 1} if stacked else {"row": 1, "col": index}


def _range_bars(
    rows: pd.DataFrame,
    catalog: pd.DataFrame,
    low_col: str,
    high_col: str,
    describe_range,
    display_range,
    hover_unit: str,
    present_col: str,
    stacked: bool = False,
) -> tuple[go.Figure, list[str], int]:
    """Grouped horizontal low-high bars: one panel per procedure, one colour per skin type.

    A row has a figure when `present_col` is filled; the others are named "no published figure".
    """
    rows = _labelled(rows, catalog)
    procedures = [p for p in PROCEDURES if p in set(rows["procedure"])]
    labels = list(dict.fromkeys(rows["label"]))
    skin_types = [t for t in SKIN_TYPES if t in set(rows["skin_type"])]
    fig = _panels(procedures, stacked)
    for col, procedure in enumerate(procedures, start=1):
        panel = rows[rows["procedure"] == procedure]
        for skin_type in skin_types:
            group = panel[(panel["skin_type"] == skin_type) & panel[present_col].notna()]
            spans = [display_range(lo, hi) for lo, hi in zip(group[low_col], group[high_col])]
            starts, ends = [s for s, _ in spans], [e for _, e in spans]
            fig.add_trace(
                go.Bar(
                    y=group["label"],
                    x=[e - s for s, e in zip(starts, ends)],
                    base=list(starts),
                    orientation="h",
                    name=f"Type {skin_type}",
                    legendgroup=skin_type,
                    offsetgroup=skin_type,
                    showlegend=col == 1,
                    marker={
                        "color": SKIN_TYPE_COLOURS[skin_type],
                        "pattern": {
                            "shape": [EVIDENCE_PATTERNS[e] for e in group["evidence"]],
                            "fgcolor": "white",
                            "fillmode": "overlay",
                            "solidity": 0.3,
                        },
                        "line": {"color": SKIN_TYPE_COLOURS[skin_type], "width": 1},
                    },
                    text=[
                        describe_range(lo, hi) for lo, hi in zip(group[low_col], group[high_col])
                    ],
                    textposition="outside",
                    textfont={"size": 10},
                    cliponaxis=False,
                    customdata=list(
                        zip(
                            [EVIDENCE_LEVELS[e] for e in group["evidence"]],
                            group["source_ids"],
                            # Plotly reads tags in hover text; an uploaded cell stays text.
                            group["measured_in"]
                            .fillna("")
                            .map(lambda text: html.escape(text, quote=False)),
                        )
                    ),
                    hovertemplate=(
                        f"<b>%{{y}}</b>, type {skin_type}<br>%{{text}}{hover_unit}"
                        "<br>Evidence: %{customdata[0]}<br>Sources: %{customdata[1]}"
                        "<br>%{customdata[2]}<extra></extra>"
                    ),
                ),
                **_cell(col, stacked),
            )
        missing = [
            lab for lab in labels if panel.loc[panel["label"] == lab, present_col].isna().all()
        ]
        if missing:
            fig.add_trace(
                _no_figure_text(missing, display_range(None, None)[0], "no published figure"),
                **_cell(col, stacked),
            )
    # Legend entries for the evidence hatching (legend-only traces carry no data).
    for evidence, shape in (("secondary", "/"), ("extrapolated", ".")):
        if (rows["evidence"] == evidence).any():
            fig.add_trace(
                go.Bar(
                    y=[None],
                    x=[None],
                    orientation="h",
                    name=f"Hatched: {EVIDENCE_LEVELS[evidence].lower()}",
                    marker={
                        "color": "#777",
                        "pattern": {"shape": shape, "fgcolor": "white", "fillmode": "overlay"},
                    },
                    showlegend=True,
                    offsetgroup=skin_types[0],  # shares a slot: takes no room from the bars
                )
            )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(showgrid=True, gridcolor="#e5e5e5", zeroline=False)
    panel_height = len(labels) * (14 + 14 * max(len(skin_types), 1))
    height = 260 + panel_height * (len(procedures) if stacked else 1)
    return fig, labels, height


def _sources_of(rows: pd.DataFrame, shown: int = 12) -> str:
    """'R2, R5, ... and 14 more (see Data & sources)': ids in citation order, kept to one line."""
    ids = sorted({s.strip() for cell in rows["source_ids"] for s in cell.split(";")}, key=_id_key)
    if len(ids) <= shown:
        return ", ".join(ids)
    return ", ".join(ids[:shown]) + f" and {len(ids) - shown} more (see Data & sources)"


_SOURCE_ORDER = ("R", "G", "A")  # literature brief, gaps brief, appendix; the article last


def _id_key(source_id: str) -> tuple:
    head = source_id.rstrip("0123456789")
    tail = source_id[len(head) :]
    rank = _SOURCE_ORDER.index(head) if head in _SOURCE_ORDER else len(_SOURCE_ORDER)
    return rank, head, int(tail) if tail else 0


def empty_figure(title: str, message: str) -> go.Figure:
    """A figure that says plainly why there is nothing to plot."""
    fig = go.Figure()
    fig.update_layout(
        title={"text": title, "x": 0},
        height=260,
        xaxis={"visible": False},
        yaxis={"visible": False},
        plot_bgcolor="white",
    )
    fig.add_annotation(text=message, showarrow=False, font={"size": 15, "color": "#444"})
    return fig


def likelihood_chart(
    rows: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str,
    log_scale: bool = False,
    stacked: bool = False,
) -> go.Figure:
    """Published likelihood range of each side effect, per procedure and skin type."""
    if rows.empty:
        return empty_figure(LIKELIHOOD_TITLE, "No rows match these filters.")

    floor = LOG_FLOOR_PCT if log_scale else 0.0

    def display_range(low, high):
        if high is None:
            return floor, None
        start = floor if pd.isna(low) else max(low, floor)
        end = max(high, start * 1.25) if log_scale else max(high, start + 0.6)
        return start, end

    fig, _, height = _range_bars(
        rows,
        catalog,
        "likelihood_low_pct",
        "likelihood_high_pct",
        format_pct_range,
        display_range,
        " of people",
        present_col="likelihood_high_pct",
        stacked=stacked,
    )
    axis_title = "People affected (% of those treated)"
    if log_scale:
        fig.update_xaxes(
            type="log",
            range=[math.log10(LOG_FLOOR_PCT), math.log10(100) + 0.15],
            tickvals=[0.1, 0.3, 1, 3, 10, 30, 100],
            ticktext=["≤0.1%", "0.3%", "1%", "3%", "10%", "30%", "100%"],
            title_text=axis_title + ", log scale",
        )
    else:
        fig.update_xaxes(
            range=[0, 135], tickvals=[0, 25, 50, 75, 100], ticksuffix="%", title_text=axis_title
        )
    _layout(fig, LIKELIHOOD_TITLE, subtitle, _sources_of(rows), height, stacked)
    return fig


def duration_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> go.Figure:
    """Typical duration range of each side effect, hours to months, on a log time axis."""
    if rows.empty:
        return empty_figure(DURATION_TITLE, "No rows match these filters.")

    def display_range(low, high):
        if low is None:
            return DURATION_TICKS[0], None
        end = DURATION_AXIS_MAX if pd.isna(high) else max(high, low * 1.25)
        return low, end

    fig, _, height = _range_bars(
        rows,
        catalog,
        "duration_low_days",
        "duration_high_days",
        format_duration_range,
        display_range,
        "",
        present_col="duration_low_days",
        stacked=stacked,
    )
    fig.update_xaxes(
        type="log",
        range=[math.log10(DURATION_TICKS[0]) - 0.1, math.log10(DURATION_AXIS_MAX) + 0.35],
        tickvals=DURATION_TICKS,
        ticktext=[format_duration(d) for d in DURATION_TICKS],
        tickangle=0,
        title_text="How long it lasts (log scale)",
    )
    _layout(fig, DURATION_TITLE, subtitle, _sources_of(rows), height, stacked)
    return fig


def _cell_text(range_text: str) -> str:
    """Short words for a heatmap cell: '–' for no published figure, 'none seen' for 0%."""
    return {"no published figure": "–", "0% (none seen)": "none seen"}.get(range_text, range_text)


def heatmap_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> go.Figure:
    """Skin type x side effect grid, coloured by the upper end of the published range."""
    if rows.empty:
        return empty_figure(HEATMAP_TITLE, "No rows match these filters.")
    rows = _labelled(rows, catalog)
    procedures = [p for p in PROCEDURES if p in set(rows["procedure"])]
    labels = list(dict.fromkeys(rows["label"]))
    skin_types = [t for t in SKIN_TYPES if t in set(rows["skin_type"])]
    fig = _panels(procedures, stacked)
    for col, procedure in enumerate(procedures, start=1):
        panel = rows[rows["procedure"] == procedure].set_index(["label", "skin_type"])
        z, text = [], []
        for label in labels:
            z_row, text_row = [], []
            for skin_type in skin_types:
                if (label, skin_type) in panel.index:
                    row = panel.loc[(label, skin_type)]
                    z_row.append(row["likelihood_high_pct"])
                    text_row.append(
                        format_pct_range(row["likelihood_low_pct"], row["likelihood_high_pct"])
                    )
                else:
                    z_row.append(None)
                    text_row.append("")
            z.append(z_row)
            text.append([_cell_text(t) for t in text_row])
        fig.add_trace(
            go.Heatmap(
                z=z,
                x=[f"Type {t}" for t in skin_types],
                y=labels,
                text=text,
                texttemplate="%{text}",
                textfont={"size": 11},
                colorscale=HEATMAP_SCALE,
                zmin=0,
                zmax=100,
                xgap=2,
                ygap=2,
                showscale=col == len(procedures),
                colorbar={"title": {"text": "Upper end<br>of range (%)"}, "ticksuffix": "%"},
                hovertemplate="<b>%{y}</b>, %{x}<br>%{text}<extra></extra>",
            ),
            **_cell(col, stacked),
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(title_text="Fitzpatrick skin type")
    _layout(
        fig,
        HEATMAP_TITLE,
        subtitle + " · cell = published range, '–' = no published figure",
        _sources_of(rows),
        280 + 28 * len(labels) * (len(procedures) if stacked else 1),
    )
    fig.update_layout(plot_bgcolor="#f3f3f3")
    return fig


TIMELINE_TITLE = "What to expect after treatment"
TIMELINE_DAYS = 35
# Okabe-Ito blue and orange: one colour per procedure, told apart in colour-blind vision too.
PROCEDURE_COLOURS: dict[str, str] = {"traditional": "#0072B2", "radiofrequency": "#E69F00"}


def _lighter(hex_colour: str, amount: float = 0.62) -> str:
    """The colour mixed with white: the uncertain part of a range, still readable in print."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def recovery_timeline_chart(rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str) -> go.Figure:
    """Days after treatment: solid until the effect has usually gone, lighter until it may last.

    `rows` are a person's side effects (analysis.risk): `side_effect`, `procedure`, duration
    columns and `how_long`. Effects lasting past the axis run to its end, with their duration.
    """
    if rows.empty:
        return empty_figure(TIMELINE_TITLE, "No side effects to show for this choice.")
    labels_of = catalog.set_index("side_effect")["label"]
    rows = rows.assign(label=rows["side_effect"].map(labels_of))
    labels = list(dict.fromkeys(rows["label"]))
    fig = go.Figure()
    for procedure in [p for p in PROCEDURES if p in set(rows["procedure"])]:
        group = rows[(rows["procedure"] == procedure) & rows["duration_low_days"].notna()]
        colour = PROCEDURE_COLOURS[procedure]
        low = group["duration_low_days"].clip(upper=TIMELINE_DAYS)
        high = group["duration_high_days"].fillna(TIMELINE_DAYS).clip(upper=TIMELINE_DAYS)
        name = PROCEDURES[procedure]
        fig.add_trace(
            go.Bar(
                y=group["label"],
                x=low,
                base=0,
                orientation="h",
                name=f"{name}: usually gone by",
                marker={"color": colour},
                offsetgroup=procedure,
                hovertemplate="<b>%{y}</b><br>" + name + "<extra></extra>",
            )
        )
        fig.add_trace(
            go.Bar(
                y=group["label"],
                x=(high - low).clip(lower=0.15),
                base=low,
                orientation="h",
                name=f"{name}: can last until",
                marker={"color": _lighter(colour)},
                offsetgroup=procedure,
                text=group["how_long"],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="<b>%{y}</b><br>" + name + ": %{text}<extra></extra>",
            )
        )
    with_duration = set(rows.loc[rows["duration_low_days"].notna(), "label"])
    missing = [label for label in labels if label not in with_duration]
    if missing:
        fig.add_trace(_no_figure_text(missing, 0.2, "no published figure for how long"))
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(
        range=[0, TIMELINE_DAYS * 1.3],
        tickvals=[0, 7, 14, 21, 28, 35],
        ticktext=["Day 0", "1 week", "2 weeks", "3 weeks", "4 weeks", "5 weeks +"],
        title_text="Days after treatment (day 0 = treatment day)",
        showgrid=True,
        gridcolor="#e5e5e5",
    )
    sources = _sources_of(rows) if "source_ids" in rows else None
    _layout(
        fig, TIMELINE_TITLE, subtitle, sources, 280 + 26 * len(labels) * len(set(rows["procedure"]))
    )
    fig.update_layout(barmode="group")
    return fig
