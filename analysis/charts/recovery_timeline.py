"""What to expect after treatment: days after treatment, each side effect solid until it has
usually gone, lighter until it may last."""

from __future__ import annotations

import pandas as pd

from analysis.charts.frame import Chart
from analysis.charts.panels import (
    GAP,
    as_records,
    duration_words,
    empty_chart,
    source_ids,
    words_trace,
)
from analysis.charts.theme import (
    BAR_TEXT_PX,
    NO_FIGURE_COLOUR,
    PROCEDURE_COLOURS,
    TEXT_COLOUR,
    new_figure,
)
from analysis.data.formatting import (
    format_duration_known,
    format_duration_words,
    procedure_word,
)
from analysis.data.vocabulary import PROCEDURES

TIMELINE_TITLE = "What to expect after treatment"
TIMELINE_DAYS = 35


def _lighter(hex_colour: str, amount: float = 0.62) -> str:
    """The colour mixed with white: the uncertain part of a range, still readable in print."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def recovery_timeline_chart(rows: pd.DataFrame, catalog: pd.DataFrame, subtitle: str) -> Chart:
    """Days after treatment: solid until the effect has usually gone, lighter until it may last.

    `rows` are a person's side effects (analysis.views.risk): `side_effect`, `procedure` and the
    duration columns. Effects lasting past the axis run to its end, with their duration; a
    derived duration says so in its words (not hatched: on a chart this small, hatching beside
    the labels garbles them for a reader that reads pixels); a duration given only in words is
    written out.
    """
    if rows.empty:
        return empty_chart(TIMELINE_TITLE, "No side effects to show for this choice.")
    # The person's rows come most likely first (analysis.views.risk): keep that order.
    order = {s: i for i, s in enumerate(dict.fromkeys(rows["side_effect"]))}
    records = sorted(as_records(rows, catalog), key=lambda r: order[r["side_effect"]])
    labels = list(dict.fromkeys(r["label"] for r in records))
    traces = []
    for procedure in [p for p in PROCEDURES if any(r["procedure"] == p for r in records)]:
        group = [
            r for r in records if r["procedure"] == procedure and r["duration_low_days"] is not None
        ]
        colour = PROCEDURE_COLOURS[procedure]
        low = [min(r["duration_low_days"], TIMELINE_DAYS) for r in group]
        high = [
            min(
                TIMELINE_DAYS if r["duration_high_days"] is None else r["duration_high_days"],
                TIMELINE_DAYS,
            )
            for r in group
        ]
        name = PROCEDURES[procedure]
        y = [r["label"] for r in group]
        common = {"type": "bar", "orientation": "h", "y": y, "offsetgroup": procedure}
        traces.append(
            {
                **common,
                "x": low,
                "base": 0,
                "name": f"{name}: usually gone by",
                "marker": {"color": colour},
                "hovertemplate": "<b>%{y}</b><br>" + name + "<extra></extra>",
            }
        )
        traces.append(
            {
                **common,
                "x": [max(h - lo, 0.15) for lo, h in zip(low, high)],
                "base": low,
                "name": f"{name}: can last until",
                "marker": {"color": _lighter(colour)},
                "text": [duration_words(r) for r in group],
                "textposition": "outside",
                "textfont": {"size": BAR_TEXT_PX},
                "cliponaxis": False,
                "hovertemplate": "<b>%{y}</b><br>" + name + ": %{text}<extra></extra>",
            }
        )
    with_duration = {r["label"] for r in records if r["duration_low_days"] is not None}
    words = {}
    for r in records:
        said = format_duration_words(r["duration_words"], r["duration_words_source_ids"])
        if r["label"] not in with_duration and said:
            words.setdefault(r["label"], said)
    missing = [label for label in labels if label not in with_duration]
    if missing:
        traces.append(
            words_trace(
                missing,
                [0.2] * len(missing),
                [GAP + words.get(label, "no published figure for how long") for label in missing],
                "middle right",
                {
                    "color": [
                        TEXT_COLOUR if label in words else NO_FIGURE_COLOUR for label in missing
                    ],
                    "size": BAR_TEXT_PX,
                },
            )
        )
    layout = {
        "yaxis": {
            "categoryorder": "array",
            "categoryarray": labels,
            "autorange": "reversed",
            "ticklabelstandoff": 6,  # labels clear of the bars that start at day 0
        },
        "xaxis": {
            "range": [0, TIMELINE_DAYS * 1.3],
            "tickvals": [0, 7, 14, 21, 28, 35],
            "ticktext": ["Day 0", "1 week", "2 weeks", "3 weeks", "4 weeks", "5 weeks +"],
            "title": {"text": "Days after treatment (day 0 = treatment day)"},
            "showgrid": True,
        },
        "barmode": "group",
        "bargap": 0.25,
    }
    key = tuple(
        f"{r['label']}, {procedure_word(r['procedure'])}: "
        + format_duration_known(
            r["duration_low_days"],
            r["duration_high_days"],
            r["duration_basis"],
            r["duration_words"],
            r["duration_words_source_ids"],
        )
        for r in records
    )
    return Chart(
        TIMELINE_TITLE,
        subtitle,
        new_figure(traces, layout),
        plot_height=26 * len(labels) * len({r["procedure"] for r in records}),
        sources=source_ids(rows) if "source_ids" in rows else (),
        row_labels=tuple(labels),
        key_figures=key,
    )
