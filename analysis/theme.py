"""The look of every figure: one plotly template, the palettes and the text sizes.

Every figure the app builds names `TEMPLATE` itself. Nothing reads plotly's global default
template, which `import streamlit` replaces with Streamlit's own (no automargin, placeholder
colours that only Streamlit's front end fills in): a figure comes out the same in the app's
process, in a test and in an export.
"""

from __future__ import annotations

import plotly.colors
import plotly.graph_objects as go
import plotly.io as pio

from analysis.vocabulary import SKIN_TYPES

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
# Two groups side by side (Compare page): Okabe-Ito blue and vermillion, told apart in
# colour-blind vision and in greyscale.
GROUP_COLOURS: tuple[str, str] = ("#0072B2", "#D55E00")
# One colour per procedure (recovery timeline): Okabe-Ito blue and orange.
PROCEDURE_COLOURS: dict[str, str] = {"traditional": "#0072B2", "radiofrequency": "#E69F00"}
# The evidence map's bases (analysis.vocabulary.EVIDENCE_MAP_BASES), strongest first: Okabe-Ito
# colours, told apart in colour-blind vision; dark to light so the thin evidence reads lighter in
# greyscale print too, and each cell also carries its word.
EVIDENCE_MAP_COLOURS: dict[str, str] = {
    "measured": "#0072B2",  # blue
    "secondary": "#56B4E9",  # sky blue
    "derived": "#009E73",  # bluish green
    "carried_over": "#E69F00",  # orange
    "missing": "#D9D9D9",  # light grey: nothing there
}


def _template() -> go.layout.Template:
    """plotly's complete 'plotly_white' template (every trace type has its defaults, no
    placeholder colours) with the app's fonts, colours and automargins on top."""
    template = go.layout.Template(pio.templates["plotly_white"])
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


def themed(fig: go.Figure) -> go.Figure:
    """`fig` with the app's template, whatever plotly's global default is; returns `fig`."""
    fig.update_layout(template=TEMPLATE)
    return fig
