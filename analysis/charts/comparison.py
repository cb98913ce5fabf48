"""Two groups compared, as dumbbells: a line from the low to the high end of each side
effect's published range (how likely, how long), group A just above group B.

The charts draw plain `Group`s (a name, its rows, its procedure); which groups a comparison
holds, and the link that names them, is `analysis.views.comparison`'s. The paired icon arrays
are `analysis.charts.icon_array`'s.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.frame import Chart
from analysis.charts.panels import DERIVED_NAME, DURATION_AXIS_MAX, DURATION_TICKS, source_ids
from analysis.charts.theme import GROUP_COLOURS, NO_FIGURE_COLOUR, themed
from analysis.data.formatting import (
    NO_FIGURE,
    format_duration,
    format_duration_known,
    format_duration_words,
    format_pct_range,
    is_missing,
    procedure_word,
)
from analysis.data.tables import effect_order

LIKELIHOOD_TITLE = "How likely is each side effect? Two groups compared"
DURATION_TITLE = "How long does each side effect last? Two groups compared"

# Without 6 months, which crowds 1 year on a projector.
DURATION_TICKS_SHOWN = [d for d in DURATION_TICKS if d != 180]


@dataclass(frozen=True)
class Group:
    """One group as the charts draw it: its name ('Type II skin'), its rows (one per side
    effect, indexed by side effect) and its procedure (what a side effect missing from its rows
    is not listed for)."""

    label: str
    rows: pd.DataFrame
    procedure: str


@dataclass(frozen=True)
class Span:
    """Where one range line runs; an open end means the source gives no figure for that end."""

    start: float
    end: float
    open_start: bool = False
    open_end: bool = False
    derived: bool = False  # worked out, not measured (a duration's `duration_basis`)


def _dumbbell(
    groups: Sequence[Group],
    catalog: pd.DataFrame,
    words: Callable[[pd.Series], str],
    span: Callable[[pd.Series], Span | None],
    axis_start: float,
    title: str,
    subtitle: str,
    missing: Callable[[pd.Series], str] = lambda row: NO_FIGURE,
) -> Chart:
    """A line from the low to the high end of each side effect's range, group A just above
    group B. The range is written at the end of the line, once for both groups when they have
    the same; a derived figure's line is dotted; effects without a figure say why in words
    (`missing(row)`: 'no published figure', or a source's own words)."""
    effects = effect_order(catalog, {e for g in groups for e in g.rows.index})
    labels = catalog.set_index("side_effect").loc[effects, "label"].tolist()
    names = [g.label for g in groups]
    # (effect index, group) -> (span, words) for a line, or the reason there is none.
    found: dict[tuple[int, int], tuple[Span, str] | str] = {}
    for group, (rows, procedure) in enumerate((g.rows, g.procedure) for g in groups):
        for i, effect in enumerate(effects):
            if effect not in rows.index:
                found[i, group] = f"not listed for {procedure_word(procedure)} microneedling"
                continue
            row = rows.loc[effect]
            where = span(row)
            found[i, group] = missing(row) if where is None else (where, words(row))

    def offset(i: int, group: int) -> float:
        return i + (-0.17, 0.17)[group]

    fig = themed(go.Figure())
    shared = [i for i in range(len(effects)) if found[i, 0] == found[i, 1]]
    for group, (name, colour) in enumerate(zip(names, GROUP_COLOURS)):
        lines = [
            (i, *found[i, group])
            for i in range(len(effects))
            if not isinstance(found[i, group], str)
        ]
        x, y, symbols = [], [], []
        for i, where, _ in lines:
            x += [where.start, where.end, None]
            y += [offset(i, group)] * 2 + [None]
            symbols += [
                "circle-open" if where.open_start else "circle",
                "triangle-right" if where.open_end else "circle",
                "circle",
            ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                name=name,
                line={"color": colour, "width": 5},
                marker={
                    "color": colour,
                    "size": 13,
                    "symbol": symbols,
                    "line": {"color": colour, "width": 2},
                },
                hovertext=[
                    text
                    for i, _, said in lines
                    for text in [f"<b>{labels[i]}</b><br>{name}: {said}"] * 2 + [""]
                ],
                hoverinfo="text",
                cliponaxis=False,  # dots at 0 ("none seen") show whole, not cut by the axis
            )
        )
        derived = [(i, where) for i, where, _ in lines if where.derived]
        if derived:
            # White dots over the line: a derived figure reads dotted, in the group's colour.
            fig.add_trace(
                go.Scatter(
                    x=[x for _, where in derived for x in (where.start, where.end, None)],
                    y=[y for i, _ in derived for y in [offset(i, group)] * 2 + [None]],
                    mode="lines",
                    line={"color": "white", "width": 3, "dash": "dot"},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        own = [(where, offset(i, group), said) for i, where, said in lines if i not in shared]
        fig.add_trace(_range_words(own, colour))
    both = [
        (found[i, 0][0], i, f"{found[i, 0][1]} (both)")
        for i in shared
        if not isinstance(found[i, 0], str)
    ]
    fig.add_trace(_range_words(both, "#333333"))
    if any(not isinstance(f, str) and f[0].derived for f in found.values()):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=DERIVED_NAME,
                line={"color": "#777777", "width": 5, "dash": "dot"},
            )
        )
    # Where there is no line: once when both groups lack one for the same reason.
    notes = [(i, found[i, 0]) for i in shared if isinstance(found[i, 0], str)]
    notes += [
        (offset(i, group), f"{found[i, group]} ({names[group]})")
        for i in range(len(effects))
        for group in (0, 1)
        if i not in shared and isinstance(found[i, group], str)
    ]
    fig.add_trace(
        _words(
            [axis_start] * len(notes),
            [y for y, _ in notes],
            [t for _, t in notes],
            NO_FIGURE_COLOUR,
        )
    )
    fig.update_yaxes(
        tickvals=list(range(len(effects))),
        ticktext=labels,
        range=[len(effects) - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    fig.update_xaxes(showgrid=True)
    said = [
        f"{labels[i]}: "
        + (
            _said(found[i, 0]) + " (both)"
            if i in shared
            else "; ".join(f"{names[g]} {_said(found[i, g])}" for g in (0, 1))
        )
        for i in range(len(effects))
    ]
    return Chart(
        title,
        subtitle,
        fig,
        plot_height=46 * len(effects),
        sources=source_ids(pd.concat([g.rows for g in groups])),
        row_labels=tuple(labels),
        key_figures=tuple(said),
    )


def _said(found: tuple[Span, str] | str) -> str:
    """The words for one group's figure: its range, or why there is none."""
    return found if isinstance(found, str) else found[1]


def _words(
    x: list, y: list, texts: list[str], colour: str, position: str | list[str] = "middle right"
) -> go.Scatter:
    """Words written beside points. A trace of their own: plotly.js drops some texts of a
    lines+markers trace whose axis has ticktext."""
    return go.Scatter(
        x=x,
        y=y,
        mode="text",
        text=texts,
        textposition=position,
        textfont={"color": colour, "size": 12},
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


def _range_words(spans: list[tuple[Span, float, str]], colour: str) -> go.Scatter:
    """Each (span, y, words) written after the end of its line, or before its start when the
    line runs on to the axis end (no upper figure); no-break spaces clear the marker."""
    gap = "\u00a0" * 3
    before = [span.open_end for span, _, _ in spans]
    return _words(
        [span.start if b else span.end for (span, _, _), b in zip(spans, before)],
        [y for _, y, _ in spans],
        [words + gap if b else gap + words for (_, _, words), b in zip(spans, before)],
        colour,
        ["middle left" if b else "middle right" for b in before],
    )


def _likelihood_words(row: pd.Series) -> str:
    low, high = row["likelihood_low_pct"], row["likelihood_high_pct"]
    return "none seen" if high == 0 else format_pct_range(low, high)


def _likelihood_span(row: pd.Series) -> Span | None:
    """'Up to X' (only a maximum published) starts at 0 with an open dot."""
    low, high = row["likelihood_low_pct"], row["likelihood_high_pct"]
    if is_missing(high):
        return None
    return Span(0.0 if is_missing(low) else low, high, open_start=is_missing(low))


def _duration_words(row: pd.Series) -> str:
    """'4 weeks – 2 months (derived)', '3 h – 7 days'."""
    return format_duration_known(
        row["duration_low_days"], row["duration_high_days"], row.get("duration_basis")
    )


def _duration_span(row: pd.Series) -> Span | None:
    """'X or longer' (no upper end published) runs to the axis end, ending in an arrow head."""
    low, high = row["duration_low_days"], row["duration_high_days"]
    if is_missing(low):
        return None
    derived = row.get("duration_basis") == "derived"
    if is_missing(high):
        return Span(low, DURATION_AXIS_MAX, open_end=True, derived=derived)
    return Span(low, high, derived=derived)


def _duration_missing(row: pd.Series) -> str:
    """A source's own words for how long ('usually resolves within a few days (article)'),
    or 'no published figure'."""
    return (
        format_duration_words(row.get("duration_words"), row.get("duration_words_source_ids"))
        or NO_FIGURE
    )


def likelihood_comparison_chart(
    groups: Sequence[Group], catalog: pd.DataFrame, subtitle: str
) -> Chart:
    """Published likelihood range of every side effect for both groups, one under the other."""
    chart = _dumbbell(
        groups,
        catalog,
        _likelihood_words,
        _likelihood_span,
        axis_start=0.0,
        title=LIKELIHOOD_TITLE,
        subtitle=subtitle,
    )
    chart.body.update_xaxes(
        range=[-4, 125],  # room for the dots at 0 beside the labels
        tickvals=[0, 25, 50, 75, 100],
        ticksuffix="%",
        title_text="People affected (% of those treated; open dot: only a maximum was published)",
    )
    return chart


def duration_comparison_chart(
    groups: Sequence[Group], catalog: pd.DataFrame, subtitle: str
) -> Chart:
    """How long each side effect lasts for both groups, hours to months, on a log time axis."""
    chart = _dumbbell(
        groups,
        catalog,
        _duration_words,
        _duration_span,
        axis_start=DURATION_TICKS[0],
        title=DURATION_TITLE,
        subtitle=subtitle,
        missing=_duration_missing,
    )
    chart.body.update_xaxes(
        type="log",
        range=[math.log10(DURATION_TICKS[0]) - 0.1, math.log10(DURATION_AXIS_MAX) + 0.3],
        tickvals=DURATION_TICKS_SHOWN,
        ticktext=[format_duration(d) for d in DURATION_TICKS_SHOWN],
        tickangle=0,
        title_text="How long it lasts (log scale; an arrow: can last longer)",
    )
    return chart
