"""Charts of the side-effects table: likelihood ranges, durations, a skin-type grid and a
recovery timeline.

Each builder returns an `analysis.frame.Chart`: the plot (themed with `analysis.theme`) and,
beside it, its title, a subtitle naming the filters in force, its sources and the sentences a
presenter would say about it. `analysis.frame.framed` draws the whole for screen or export.
"""

from __future__ import annotations

import functools
import html
import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.formatting import (
    format_duration,
    format_duration_range,
    format_pct_range,
    type_span,
)
from analysis.frame import Chart
from analysis.theme import (
    BAR_TEXT_PX,
    EVIDENCE_PATTERNS,
    GRID_COLOUR,
    HEATMAP_SCALE,
    NO_FIGURE_COLOUR,
    PROCEDURE_COLOURS,
    SKIN_TYPE_COLOURS,
    themed,
)
from analysis.vocabulary import EVIDENCE_LEVELS, PROCEDURES, SKIN_TYPES

LIKELIHOOD_TITLE = "How likely is each side effect?"
DURATION_TITLE = "How long does each side effect last?"
HEATMAP_TITLE = "Likelihood by skin type"
TIMELINE_TITLE = "What to expect after treatment"

LOG_FLOOR_PCT = 0.1
DURATION_TICKS = [1 / 24, 6 / 24, 1, 7, 30, 365]
DURATION_AXIS_MAX = 730
TIMELINE_DAYS = 35
HEATMAP_MIN_WIDTH = 1700  # narrower than this, the two procedures' grids stack


def _labelled(rows: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Rows with the plain label of each side effect, common effects first."""
    labels = catalog.set_index("side_effect")["label"]
    out = rows.assign(label=rows["side_effect"].map(labels).fillna(rows["side_effect"]))
    return out.sort_values(["category", "label", "skin_type"], kind="stable")


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


def key_figures(
    rows: pd.DataFrame, catalog: pd.DataFrame, low: str, high: str, words, present: str
) -> tuple[str, ...]:
    """One sentence per side effect and procedure with a figure (`present` filled): its range,
    written once for the skin types that share it ('Darkening of the skin, traditional:
    types I-III 0% (none seen); types IV-VI 0–17%')."""
    sentences = []
    rows = _labelled(rows, catalog)
    for (label, procedure), group in rows.groupby(
        ["label", "procedure"], sort=False, observed=True
    ):
        shown = group[group[present].notna()]
        if shown.empty:
            continue
        by_figure: dict[str, list[str]] = {}
        for row in shown.itertuples():
            text = words(getattr(row, low), getattr(row, high))
            by_figure.setdefault(text, []).append(row.skin_type)
        name = PROCEDURES[procedure].split()[0].lower()
        if len(by_figure) == 1 and len(shown) == len(group):
            parts = next(iter(by_figure))
        else:
            parts = "; ".join(f"{type_span(types)} {text}" for text, types in by_figure.items())
        sentences.append(f"{label}, {name}: {parts}")
    return tuple(sentences)


def _no_figure_text(labels: list[str], x: float, words: str) -> go.Scatter:
    """Grey words in place of a bar, for side effects with no published figure."""
    return go.Scatter(
        y=labels,
        x=[x] * len(labels),
        mode="text",
        text=["\u00a0\u00a0" + words] * len(labels),  # a gap after the axis labels
        textposition="middle right",
        textfont={"color": NO_FIGURE_COLOUR, "size": BAR_TEXT_PX},
        showlegend=False,
        hoverinfo="skip",
    )


def _panels(procedures: list[str], stacked: bool = False) -> go.Figure:
    """One panel per procedure: side by side, or stacked for narrow screens (phones)."""
    count = max(len(procedures), 1)
    return themed(
        make_subplots(
            rows=count if stacked else 1,
            cols=1 if stacked else count,
            shared_yaxes=not stacked,
            shared_xaxes=stacked,  # one axis under the last panel: only its title between them
            subplot_titles=[PROCEDURES[p] for p in procedures],
            horizontal_spacing=0.04,
            vertical_spacing=0.14 / count,
        )
    )


def _x_title(fig: go.Figure, text: str, panels: int, stacked: bool) -> None:
    """The x axis title: under each panel side by side, once under the last when stacked."""
    where = {"row": panels, "col": 1} if stacked else {}
    fig.update_xaxes(title_text=text, **where)


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
    Returns the figure, the side-effect labels and the plot's height in pixels.
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
                    textfont={"size": BAR_TEXT_PX - 1},
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
    fig.update_xaxes(showgrid=True, gridcolor=GRID_COLOUR)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_layout(uniformtext={"minsize": BAR_TEXT_PX - 1, "mode": "show"})
    panel_height = len(labels) * (14 + 14 * max(len(skin_types), 1))
    return fig, labels, panel_height * (len(procedures) if stacked else 1)


def empty_chart(title: str, message: str) -> Chart:
    """A chart that says plainly why there is nothing to plot."""
    fig = themed(go.Figure())
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False})
    fig.add_annotation(text=message, showarrow=False, font={"size": 15, "color": "#444"})
    return Chart(title, "", fig, plot_height=120)


def likelihood_chart(
    rows: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str,
    log_scale: bool = False,
    stacked: bool = False,
) -> Chart:
    """Published likelihood range of each side effect, per procedure and skin type."""
    if rows.empty:
        return empty_chart(LIKELIHOOD_TITLE, "No rows match these filters.")

    floor = LOG_FLOOR_PCT if log_scale else 0.0

    def display_range(low, high):
        if high is None:
            return floor, None
        start = floor if pd.isna(low) else max(low, floor)
        end = max(high, start * 1.25) if log_scale else max(high, start + 0.6)
        return start, end

    fig, labels, height = _range_bars(
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
        )
        axis_title += ", log scale"
    else:
        fig.update_xaxes(
            range=[0, 135],
            tickvals=[0, 25, 50, 75, 100],
            ticktext=["0%", "25%", "50%", "75%", "100%"],
        )
    _x_title(fig, axis_title, len(set(rows["procedure"])), stacked)
    return Chart(
        LIKELIHOOD_TITLE,
        subtitle,
        fig,
        plot_height=height,
        sources=source_ids(rows),
        row_labels=tuple(labels),
        key_figures=key_figures(
            rows,
            catalog,
            "likelihood_low_pct",
            "likelihood_high_pct",
            format_pct_range,
            "likelihood_high_pct",
        ),
    )


def duration_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> Chart:
    """Typical duration range of each side effect, hours to months, on a log time axis."""
    if rows.empty:
        return empty_chart(DURATION_TITLE, "No rows match these filters.")

    def display_range(low, high):
        if low is None:
            return DURATION_TICKS[0], None
        end = DURATION_AXIS_MAX if pd.isna(high) else max(high, low * 1.25)
        return low, end

    fig, labels, height = _range_bars(
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
    )
    _x_title(fig, "How long it lasts (log scale)", len(set(rows["procedure"])), stacked)
    return Chart(
        DURATION_TITLE,
        subtitle,
        fig,
        plot_height=height,
        sources=source_ids(rows),
        row_labels=tuple(labels),
        key_figures=key_figures(
            rows,
            catalog,
            "duration_low_days",
            "duration_high_days",
            format_duration_range,
            "duration_low_days",
        ),
    )


def _cell_text(range_text: str) -> str:
    """Short words for a heatmap cell: '–' for no published figure, 'none seen' for 0%."""
    return {"no published figure": "–", "0% (none seen)": "none seen"}.get(range_text, range_text)


def heatmap_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> Chart:
    """Skin type x side effect grid, coloured by the upper end of the published range."""
    if rows.empty:
        return empty_chart(HEATMAP_TITLE, "No rows match these filters.")
    labelled = _labelled(rows, catalog)
    procedures = [p for p in PROCEDURES if p in set(labelled["procedure"])]
    labels = list(dict.fromkeys(labelled["label"]))
    skin_types = [t for t in SKIN_TYPES if t in set(labelled["skin_type"])]
    fig = _panels(procedures, stacked)
    for col, procedure in enumerate(procedures, start=1):
        panel = labelled[labelled["procedure"] == procedure].set_index(["label", "skin_type"])
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
                textfont={"size": BAR_TEXT_PX},
                colorscale=HEATMAP_SCALE,
                zmin=0,
                zmax=100,
                xgap=2,
                ygap=2,
                showscale=col == len(procedures),
                colorbar={
                    "title": {"text": "Upper end<br>of range (%)"},
                    "ticksuffix": "%",
                    # below their tick: the top label stays clear of the title above the bar
                    "ticklabelposition": "outside bottom",
                },
                hovertemplate="<b>%{y}</b>, %{x}<br>%{text}<extra></extra>",
            ),
            **_cell(col, stacked),
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels, autorange="reversed")
    fig.update_xaxes(showgrid=False)
    _x_title(fig, "Fitzpatrick skin type", len(procedures), stacked)
    fig.update_layout(plot_bgcolor="#f3f3f3")
    return Chart(
        HEATMAP_TITLE,
        subtitle,
        fig,
        plot_height=28 * len(labels) * (len(procedures) if stacked else 1),
        sources=source_ids(rows),
        notes=("Each cell: the published range; '–': no published figure.",),
        row_labels=tuple(labels),
        key_figures=key_figures(
            rows,
            catalog,
            "likelihood_low_pct",
            "likelihood_high_pct",
            format_pct_range,
            "likelihood_high_pct",
        ),
        restack=None
        if stacked or len(procedures) < 2
        else functools.partial(heatmap_chart, rows, catalog, subtitle, stacked=True),
        min_width=HEATMAP_MIN_WIDTH,
    )


def _lighter(hex_colour: str, amount: float = 0.62) -> str:
    """The colour mixed with white: the uncertain part of a range, still readable in print."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def recovery_timeline_chart(rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str) -> Chart:
    """Days after treatment: solid until the effect has usually gone, lighter until it may last.

    `rows` are a person's side effects (analysis.risk): `side_effect`, `procedure`, duration
    columns and `how_long`. Effects lasting past the axis run to its end, with their duration.
    """
    if rows.empty:
        return empty_chart(TIMELINE_TITLE, "No side effects to show for this choice.")
    labels_of = catalog.set_index("side_effect")["label"]
    rows = rows.assign(label=rows["side_effect"].map(labels_of))
    labels = list(dict.fromkeys(rows["label"]))
    fig = themed(go.Figure())
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
                textfont={"size": BAR_TEXT_PX},
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
    )
    fig.update_layout(barmode="group", bargap=0.25)
    key = tuple(
        f"{row.label}, {PROCEDURES[row.procedure].split()[0].lower()}: {row.how_long}"
        for row in rows.itertuples()
    )
    return Chart(
        TIMELINE_TITLE,
        subtitle,
        fig,
        plot_height=26 * len(labels) * len(set(rows["procedure"])),
        sources=source_ids(rows) if "source_ids" in rows else (),
        row_labels=tuple(labels),
        key_figures=key,
    )
