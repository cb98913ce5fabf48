"""The look of every figure: one plotly template, the palettes and the text sizes.

Every figure the app builds names `TEMPLATE` itself. Nothing reads plotly's global default
template, which `import streamlit` replaces with Streamlit's own (no automargin, placeholder
colours that only Streamlit's front end fills in): a figure comes out the same in the app's
process, in a test and in an export.
"""

from __future__ import annotations

import functools

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio

from analysis.data.vocabulary import SKIN_TYPES

FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
TEXT_COLOUR = "#1a1a1a"
MUTED_COLOUR = "#444444"  # footers and notes: 9.7:1 on white
GRID_COLOUR = "#e5e5e5"
NO_FIGURE_COLOUR = "#595959"  # "no published figure" words: 7:1 on white

# Text sizes in pixels at screen scale; exports multiply them by their preset's text scale.
BASE_PX = 13
TITLE_PX = 20
SUBTITLE_PX = 14
PANEL_TITLE_PX = 15
FOOTER_PX = 11
BAR_TEXT_PX = 11

# Viridis (colour-blind safe), light for type I to dark for type VI.
_VIRIDIS_AT: dict[str, float] = dict(zip(SKIN_TYPES, (0.85, 0.68, 0.52, 0.36, 0.2, 0.0)))
SKIN_TYPE_COLOURS: dict[str, str] = dict(
    zip(SKIN_TYPES, plotly.colors.sample_colorscale("Viridis", list(_VIRIDIS_AT.values())))
)
# One bar for every skin type shown (the studies don't split by type): grey, so that the bars
# that do differ by type stand out in colour. 5.1:1 on white.
SHARED_FIGURE_COLOUR = "#6b6b6b"
# Solid bars for measured figures, hatching for weaker ones, so evidence shows in print too.
EVIDENCE_PATTERNS: dict[str, str] = {
    "review": "",
    "trial": "",
    "secondary": "/",
    "extrapolated": ".",
    "case_reports": "x",
    "regulator_report": "x",
}
# A duration worked out rather than measured (`duration_basis` = derived): its own hatching.
DERIVED_PATTERN = "|"
# ColorBrewer Blues, light to dark, spelled out: plotly.js's own "Blues" runs the other way, and a
# name is only turned into these colours when plotly checks the figure (new_figure doesn't).
HEATMAP_SCALE = plotly.colors.make_colorscale(plotly.colors.sequential.Blues)
# Two groups side by side (Compare page): Okabe-Ito blue and vermillion, told apart in
# colour-blind vision and in greyscale.
GROUP_COLOURS: tuple[str, str] = ("#0072B2", "#D55E00")
# One colour per procedure (recovery timeline): Okabe-Ito blue and orange.
PROCEDURE_COLOURS: dict[str, str] = {"traditional": "#0072B2", "radiofrequency": "#E69F00"}
# The evidence map's bases (analysis.data.vocabulary.EVIDENCE_MAP_BASES), strongest first: Okabe-Ito
# colours, told apart in colour-blind vision; dark to light so the thin evidence reads lighter in
# greyscale print too, and each cell also carries its word.
EVIDENCE_MAP_COLOURS: dict[str, str] = {
    "measured": "#0072B2",  # blue
    "secondary": "#56B4E9",  # sky blue
    "derived": "#009E73",  # bluish green
    "carried_over": "#E69F00",  # orange
    "missing": "#D9D9D9",  # light grey: nothing there
}


# What of plotly_white the app's figures use: the trace types they draw, and the layout of a 2-D
# chart. The rest (3-D scenes, maps, polar and ternary axes, every other trace type) went into
# every figure sent to a browser, a third of a chart's bytes, which the server serialises and
# hashes on every run.
TRACE_TYPES = ("bar", "scatter", "heatmap")
_UNUSED_LAYOUT = ("polar", "ternary", "scene", "geo", "mapbox", "colorscale", "coloraxis")


def _template() -> go.layout.Template:
    """plotly's 'plotly_white' template for the trace types the app draws (defaults for each,
    no placeholder colours) with the app's fonts, colours and automargins on top."""
    white = pio.templates["plotly_white"].to_plotly_json()
    template = go.layout.Template(
        data={kind: white["data"][kind] for kind in TRACE_TYPES},
        layout={k: v for k, v in white["layout"].items() if k not in _UNUSED_LAYOUT},
    )
    axis = {
        "automargin": True,
        "gridcolor": GRID_COLOUR,
        "linecolor": "#bbbbbb",
        "zeroline": False,
        "title": {"standoff": 10},
    }
    template.layout.update(
        font={"family": FONT_FAMILY, "size": BASE_PX, "color": TEXT_COLOUR},
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(GROUP_COLOURS) + ["#009E73", "#CC79A7", "#56B4E9", "#E69F00"],
        xaxis=axis,
        yaxis=axis,
        legend={"title": {"text": ""}, "bgcolor": "rgba(255,255,255,0)"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        margin={"l": 10, "r": 20, "t": 40, "b": 40, "autoexpand": True},
    )
    return template


TEMPLATE = _template()


@functools.cache
def skin_types_colour(skin_types: tuple[str, ...]) -> str:
    """The colour of a bar for these skin types: the type's own, or the Viridis colour halfway
    between theirs (lighter for lighter skin)."""
    if len(skin_types) == 1:
        return SKIN_TYPE_COLOURS[skin_types[0]]
    at = sum(_VIRIDIS_AT[t] for t in skin_types) / len(skin_types)
    return plotly.colors.sample_colorscale("Viridis", [at])[0]


def themed(fig: go.Figure) -> go.Figure:
    """`fig` with the app's template, whatever plotly's global default is; returns `fig`."""
    fig.update_layout(template=TEMPLATE)
    return fig


TEMPLATE_JSON = TEMPLATE.to_plotly_json()  # the template as plain dicts, for figures made so


def new_figure(data: list[dict] | None = None, layout: dict | None = None) -> go.Figure:
    """A figure with the app's template, made from plain dicts without plotly's check of every
    property on the way in: the checks cost more than the rest of a chart (a tenth of a second
    for a busy one). tests/test_theme.py checks every chart kind once with them."""
    return go.Figure(
        data=data or [], layout={**(layout or {}), "template": TEMPLATE_JSON}, _validate=False
    )
