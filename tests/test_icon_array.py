"""Icon arrays: 100 dots, the published range as solid and lighter dots filled from the bottom."""

import math

import pandas as pd
import pytest

from analysis.charts.icon_array import (
    UNAFFECTED_COLOUR,
    UNCERTAIN_TINT,
    IconCounts,
    IconPanel,
    icon_array_chart,
    icon_counts,
    tint,
)
from analysis.charts.theme import GROUP_COLOURS

NAN = math.nan
SOURCES = pd.DataFrame({"source_ids": ["R12;G17"]})  # the rows behind a chart, for its footer


@pytest.mark.parametrize(
    "low, high, counts",
    [
        (5, 16.7, IconCounts(solid=5, uncertain=12, unaffected=83)),
        (0, 16.7, IconCounts(solid=0, uncertain=17, unaffected=83)),
        (30, 48, IconCounts(solid=30, uncertain=18, unaffected=52)),
        (100, 100, IconCounts(solid=100, uncertain=0, unaffected=0)),
        (7.5, 7.5, IconCounts(solid=8, uncertain=0, unaffected=92)),
        (NAN, 2.8, IconCounts(solid=0, uncertain=3, unaffected=97)),
        (0, 0, IconCounts(solid=0, uncertain=0, unaffected=100)),
        (0, 0.3, IconCounts(solid=0, uncertain=1, unaffected=99)),
    ],
)
def test_a_published_range_becomes_solid_and_lighter_dots(low, high, counts):
    assert icon_counts(low, high) == counts


def test_no_published_figure_draws_no_dot_as_an_event():
    counts = icon_counts(NAN, NAN)
    assert not counts.known
    assert (counts.solid, counts.uncertain) == (0, 0)


def fills(fig, axis):
    """Fill colours of one panel's dots, ordered bottom row first, left to right."""
    dots = [s for s in fig.layout.shapes if s.xref == axis]
    dots.sort(key=lambda s: (s.y0, s.x0))
    return [s.fillcolor for s in dots]


@pytest.fixture
def paired():
    panels = [
        IconPanel("Type II skin", icon_counts(0, 0), "None seen in the studies"),
        IconPanel("Type V skin", icon_counts(5, 16.7), "About 5 to 17 in 100 people"),
    ]
    return icon_array_chart(panels, "Darkening of the skin", "II vs V", SOURCES).body


def test_events_fill_from_the_bottom_row_up_solid_first(paired):
    colour = GROUP_COLOURS[1]
    assert fills(paired, "x2") == (
        [colour] * 5 + [tint(colour, UNCERTAIN_TINT)] * 12 + [UNAFFECTED_COLOUR] * 83
    )
    assert fills(paired, "x") == [UNAFFECTED_COLOUR] * 100


def test_paired_arrays_share_one_layout_and_carry_their_sentence(paired):
    def cells(axis):
        return sorted((s.x0, s.y0) for s in paired.layout.shapes if s.xref == axis)

    assert len(cells("x")) == 100 and cells("x") == cells("x2")
    titles = [a.text for a in paired.layout.annotations]
    assert any("Type V skin" in t and "About 5 to 17 in 100 people" in t for t in titles)
    assert any("None seen in the studies" in t for t in titles)


def test_a_panel_without_a_figure_says_so_and_fills_no_dot():
    panels = [
        IconPanel("Type II skin", icon_counts(NAN, NAN), "No published figure for people ..."),
        IconPanel("Type V skin", icon_counts(NAN, NAN), "No published figure for people ..."),
    ]
    chart = icon_array_chart(panels, "Pain", "II vs V", SOURCES)
    fig = chart.body
    assert set(fills(fig, "x")) == {"white"}
    assert sum(a.text == "No published figure" for a in fig.layout.annotations) == 2
