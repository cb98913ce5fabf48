"""How likely each side effect is: its published range per procedure, drawn once for the
skin types that share it."""

from __future__ import annotations

import math

import pandas as pd

from analysis.charts.frame import Chart
from analysis.charts.panels import (
    Measure,
    as_records,
    empty_chart,
    range_chart,
    restack,
)
from analysis.charts.theme import GRID_COLOUR
from analysis.data.formatting import format_pct_range

LIKELIHOOD_TITLE = "How likely is each side effect?"
LOG_FLOOR_PCT = 0.1


def likelihood_chart(
    rows: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str,
    log_scale: bool = False,
    stacked: bool = False,
) -> Chart:
    """Published likelihood range of each side effect, per procedure, drawn once for the skin
    types that share it."""
    if rows.empty:
        return empty_chart(LIKELIHOOD_TITLE, "No rows match these filters.")

    floor = LOG_FLOOR_PCT if log_scale else 0.0

    def span(low, high):
        start = floor if low is None else max(low, floor)
        return start, max(high, start)

    measure = Measure(
        "likelihood_low_pct",
        "likelihood_high_pct",
        lambda r: format_pct_range(r["likelihood_low_pct"], r["likelihood_high_pct"]),
        span,
        floor,
        " of people",
    )
    axis_title = "People affected (% of those treated)"
    if log_scale:
        x_axis = {
            "type": "log",
            "range": [math.log10(LOG_FLOOR_PCT) - 0.06, math.log10(100) + 0.04],
            "tickvals": [0.1, 0.3, 1, 3, 10, 30, 100],
            "ticktext": ["≤0.1%", "0.3%", "1%", "3%", "10%", "30%", "100%"],
        }
        axis_title += ", log scale"
    else:
        x_axis = {
            # Room for a point at 0 beside the labels; the words after a bar get their own room
            # (analysis.charts.frame).
            "range": [-4, 104],
            "tickvals": [0, 25, 50, 75, 100],
            "ticktext": ["0%", "25%", "50%", "75%", "100%"],
        }
    x_axis.update(showgrid=True, gridcolor=GRID_COLOUR)
    records = as_records(rows, catalog)
    return range_chart(
        LIKELIHOOD_TITLE,
        subtitle,
        records,
        measure,
        x_axis,
        axis_title,
        stacked,
        lambda r: measure.words(r) if measure.has_figure(r) else None,
        restack(rows, stacked, likelihood_chart, rows, catalog, subtitle, log_scale),
    )
