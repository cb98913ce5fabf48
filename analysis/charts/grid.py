"""Likelihood by skin type: a skin type x side effect grid per procedure, coloured by the upper
end of the published range."""

from __future__ import annotations

import pandas as pd

from analysis.charts.frame import Chart
from analysis.charts.panels import (
    as_records,
    axis_name,
    cited_ids,
    empty_chart,
    key_figures,
    panel_layout,
    restack,
)
from analysis.charts.theme import BAR_TEXT_PX, HEATMAP_SCALE, new_figure
from analysis.data.formatting import format_pct_range
from analysis.data.vocabulary import PROCEDURES, SKIN_TYPES

HEATMAP_TITLE = "Likelihood by skin type"
HEATMAP_MIN_WIDTH = 1700  # narrower than this, the two procedures' grids stack


def _cell_text(range_text: str, compact: bool = False) -> str:
    """Short words for a heatmap cell: '–' for no published figure, 'none seen' for 0%; when
    `compact` (stacked grids, for phones), 'none' and '≤2.8%' for 'up to 2.8%'."""
    if compact and range_text.startswith("up to "):
        return "≤" + range_text.removeprefix("up to ")
    short = {"no published figure": "–", "0% (none seen)": "none" if compact else "none seen"}
    return short.get(range_text, range_text)


def heatmap_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> Chart:
    """Skin type x side effect grid, coloured by the upper end of the published range."""
    if rows.empty:
        return empty_chart(HEATMAP_TITLE, "No rows match these filters.")
    records = as_records(rows, catalog)
    procedures = [p for p in PROCEDURES if any(r["procedure"] == p for r in records)]
    labels = list(dict.fromkeys(r["label"] for r in records))
    skin_types = [t for t in SKIN_TYPES if any(r["skin_type"] == t for r in records)]
    cells = {(r["procedure"], r["label"], r["skin_type"]): r for r in records}
    traces = []
    for index, procedure in enumerate(procedures):
        z, text = [], []
        for label in labels:
            z_row, text_row = [], []
            for skin_type in skin_types:
                record = cells.get((procedure, label, skin_type))
                if record is None:
                    z_row.append(None)
                    text_row.append("")
                    continue
                z_row.append(record["likelihood_high_pct"])
                text_row.append(
                    _cell_text(
                        format_pct_range(
                            record["likelihood_low_pct"], record["likelihood_high_pct"]
                        ),
                        compact=stacked,
                    )
                )
            z.append(z_row)
            text.append(text_row)
        traces.append(
            {
                "type": "heatmap",
                "z": z,
                # Roman numerals under "Fitzpatrick skin type": six fit a narrow panel level.
                "x": skin_types,
                "y": labels,
                "text": text,
                "texttemplate": "%{text}",
                "textfont": {"size": BAR_TEXT_PX},
                "colorscale": HEATMAP_SCALE,
                "zmin": 0,
                "zmax": 100,
                "xgap": 2,
                "ygap": 2,
                "showscale": index == len(procedures) - 1,
                "colorbar": {
                    "title": {"text": "Upper end<br>of range (%)"},
                    "ticksuffix": "%",
                    # below their tick: the top label stays clear of the title above the bar
                    "ticklabelposition": "outside bottom",
                },
                "hovertemplate": "<b>%{y}</b>, %{x}<br>%{text}<extra></extra>",
                "xaxis": axis_name("x", index),
                "yaxis": axis_name("y", index if stacked else 0),
            }
        )
    layout = panel_layout(
        procedures, stacked, {"showgrid": False, "tickangle": 0}, "Fitzpatrick skin type"
    )
    y_axis = {"categoryorder": "array", "categoryarray": labels, "autorange": "reversed"}
    for index in range(len(procedures) if stacked else 1):
        layout.setdefault(axis_name("yaxis", index), {}).update(y_axis)
    layout["plot_bgcolor"] = "#f3f3f3"
    return Chart(
        HEATMAP_TITLE,
        subtitle,
        new_figure(traces, layout),
        plot_height=28 * len(labels) * (len(procedures) if stacked else 1),
        sources=cited_ids(records),
        notes=(
            "Each cell: the published range"
            + ("; ≤: up to; none: none seen" if stacked else "")
            + "; '–': no published figure.",
        ),
        row_labels=tuple(labels),
        key_figures=key_figures(
            records,
            lambda r: (
                None
                if r["likelihood_high_pct"] is None
                else format_pct_range(r["likelihood_low_pct"], r["likelihood_high_pct"])
            ),
        ),
        restack=restack(rows, stacked, heatmap_chart, rows, catalog, subtitle),
        min_width=HEATMAP_MIN_WIDTH,
    )
