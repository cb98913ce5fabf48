"""How long each side effect lasts: its typical range per procedure, hours to months, on a log
time axis."""

from __future__ import annotations

import math

import pandas as pd

from analysis.charts.frame import Chart
from analysis.charts.panels import (
    DURATION_AXIS_MAX,
    DURATION_TICKS,
    Measure,
    as_records,
    duration_words,
    empty_chart,
    range_chart,
    restack,
)
from analysis.charts.theme import GRID_COLOUR
from analysis.data.formatting import format_duration, format_duration_words

DURATION_TITLE = "How long does each side effect last?"


def duration_chart(
    rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str, stacked: bool = False
) -> Chart:
    """Typical duration range of each side effect, hours to months, on a log time axis; a
    derived duration hatched as such, a duration given only in words written out."""
    if rows.empty:
        return empty_chart(DURATION_TITLE, "No rows match these filters.")

    def span(low, high):
        return low, DURATION_AXIS_MAX if high is None else max(high, low)

    measure = Measure(
        "duration_low_days",
        "duration_high_days",
        duration_words,
        span,
        DURATION_TICKS[0],
        "",
        durations=True,
    )
    x_axis = {
        "type": "log",
        "range": [math.log10(DURATION_TICKS[0]) - 0.1, math.log10(DURATION_AXIS_MAX) + 0.05],
        "tickvals": DURATION_TICKS,
        "ticktext": [format_duration(d) for d in DURATION_TICKS],
        "tickangle": 0,
        "showgrid": True,
        "gridcolor": GRID_COLOUR,
    }
    records = as_records(rows, catalog)

    def said(record: dict) -> str | None:
        if measure.has_figure(record):
            return duration_words(record)
        return format_duration_words(record["duration_words"], record["duration_words_source_ids"])

    return range_chart(
        DURATION_TITLE,
        subtitle,
        records,
        measure,
        x_axis,
        "How long it lasts (log scale)",
        stacked,
        said,
        restack(rows, stacked, duration_chart, rows, catalog, subtitle),
    )
