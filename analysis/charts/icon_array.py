"""Icon arrays: 100 people as a 10 x 10 grid of dots, the affected ones filled from the bottom up.

A published range "low to high %" becomes solid dots for the low end and lighter dots for the
uncertain span up to the high end, so a bigger risk looks taller. Paired arrays share one layout.
Where no figure was published, no dot is drawn as an event and the panel says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.colors
from plotly.subplots import make_subplots

from analysis.charts.frame import Chart
from analysis.charts.panels import source_ids
from analysis.charts.theme import GROUP_COLOURS, NO_FIGURE_COLOUR, themed
from analysis.data.formatting import NO_FIGURE, is_missing

GRID = 10
PEOPLE = GRID * GRID
UNAFFECTED_COLOUR = "#d4d4d4"
UNCERTAIN_TINT = 0.4  # share of the group colour left in the lighter dots
KEY = (
    "Dark dots: affected, at the lowest published figure · light dots: may be affected, up to "
    "the highest published figure · grey dots: not affected"
)


@dataclass(frozen=True)
class IconCounts:
    """How many of 100 dots are solid, lighter (uncertain span) and grey; `known` is False when
    no figure was published (then no dot stands for an event)."""

    solid: int
    uncertain: int
    unaffected: int
    known: bool = True


def _dots(percent: float) -> int:
    """Percent of people as whole dots, half up; anything above 0 shows at least one dot."""
    return max(math.floor(percent + 0.5), 1) if percent > 0 else 0


def icon_counts(low: float | None, high: float | None) -> IconCounts:
    """Dots for a published range: 0-16.7 -> 0 solid, 17 lighter; 'up to 2.8' (no low) -> 0
    solid, 3 lighter; 0-0 -> none affected; no figure -> no events drawn."""
    if is_missing(high):
        return IconCounts(0, 0, PEOPLE, known=False)
    solid = 0 if is_missing(low) else _dots(low)
    upper = max(_dots(high), solid)
    return IconCounts(solid, upper - solid, PEOPLE - upper)


@dataclass(frozen=True)
class IconPanel:
    """One array: who it is about, its dots, the sentence written beside it, and any flags."""

    label: str
    counts: IconCounts
    sentence: str
    flags: tuple[str, ...] = ()


def tint(colour: str, strength: float) -> str:
    """`colour` (#RRGGBB) mixed with white, keeping `strength` of the colour."""
    rgb = plotly.colors.hex_to_rgb(colour)
    mixed = plotly.colors.find_intermediate_color((255, 255, 255), rgb, strength)
    return "#{:02x}{:02x}{:02x}".format(*(round(c) for c in mixed))


def dot_colours(counts: IconCounts, colour: str) -> list[str]:
    """Fill colour of each dot, from the bottom-left dot row by row upwards."""
    return (
        [colour] * counts.solid
        + [tint(colour, UNCERTAIN_TINT)] * counts.uncertain
        + [UNAFFECTED_COLOUR] * counts.unaffected
    )


def _panel_title(panel: IconPanel) -> str:
    """Who the array is about, its natural frequency and any flags, one paragraph each (the
    frame wraps them to the panel's width)."""
    return "<br>".join([f"<b>{panel.label}</b>", panel.sentence, *(f"⚑ {f}" for f in panel.flags)])


def icon_array_chart(
    panels: Sequence[IconPanel], title: str, subtitle: str, rows: pd.DataFrame
) -> Chart:
    """Side-by-side 10 x 10 icon arrays, one per panel.

    `rows` are the side-effect rows behind the panels (their sources go in the footer).
    """
    fig = themed(
        make_subplots(
            rows=1,
            cols=len(panels),
            subplot_titles=[_panel_title(p) for p in panels],
            horizontal_spacing=0.1,
        )
    )
    dots = []  # circles in data units, so they keep their place at any export size
    for col, (panel, colour) in enumerate(zip(panels, GROUP_COLOURS), start=1):
        axis = "" if col == 1 else str(col)
        colours = dot_colours(panel.counts, colour)
        for index in range(PEOPLE):
            x, y = index % GRID, index // GRID
            dots.append(
                {
                    "type": "circle",
                    "xref": f"x{axis}",
                    "yref": f"y{axis}",
                    "x0": x - 0.4,
                    "x1": x + 0.4,
                    "y0": y - 0.4,
                    "y1": y + 0.4,
                    "fillcolor": colours[index] if panel.counts.known else "white",
                    "line": {
                        "color": "white" if panel.counts.known else UNAFFECTED_COLOUR,
                        "width": 1,
                    },
                }
            )
        if not panel.counts.known:
            fig.add_annotation(
                text=NO_FIGURE.capitalize(),
                xref=f"x{axis}",
                yref=f"y{axis}",
                x=(GRID - 1) / 2,
                y=(GRID - 1) / 2,
                showarrow=False,
                font={"size": 18, "color": NO_FIGURE_COLOUR},
                bgcolor="white",
            )
        fig.update_xaxes(range=[-0.6, GRID - 0.4], constrain="domain", row=1, col=col)
        fig.update_yaxes(
            range=[-0.6, GRID - 0.4],
            scaleanchor=f"x{axis}",
            constrain="domain",
            row=1,
            col=col,
        )
    fig.update_layout(shapes=dots, showlegend=False)  # at once: 200 shapes one by one is slow
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return Chart(
        title,
        subtitle,
        fig,
        plot_height=420,
        sources=source_ids(rows),
        notes=(KEY,),
        key_figures=tuple(f"{p.label}: {p.sentence}" for p in panels),
    )
