"""A chart on the page: framed for this screen (a phone's or a desktop's), with its export
controls under it (an image at a slide size, its data as CSV) and "Add to slide deck"."""

from __future__ import annotations

import dataclasses

import plotly.graph_objects as go
import streamlit as st

from analysis.charts.frame import PHONE, SCREEN, Canvas, Chart, framed
from analysis.outputs.images import (
    IMAGE_FORMATS,
    SLIDE_PRESETS,
    export_unavailable,
    figure_image,
    modebar_config,
    warm_export_browser,
)
from analysis.outputs.safe_csv import to_safe_csv
from analysis.views.specs import MAX_DECK_CHARTS, ChartSpec
from pages.common.link import DECK_KEY, current_deck, keep_app_settings_in_link, upload_id
from pages.common.view_cache import once

# Seconds without a chart drawn before the warm export browser starts: by then people's pages
# are drawn, and it doesn't take a core from them.
EXPORT_BROWSER_QUIET_S = 2.0


def show_chart(chart: Chart, name: str, spec: ChartSpec, screen: Chart | None = None) -> None:
    """Show a chart, framed for this screen, with its modebar export; `name` is the file stem
    and the widget key, `spec` what drew it (what "Add to slide deck" keeps). The chart's
    table is offered as CSV. `screen`, if given, is drawn on the page instead of `chart` (e.g.
    its panels stacked to read at a page's width); the images, the CSV and the slide deck still
    use `chart`, which lays itself out for each slide size.
    """
    show_figure(framed_for_screen(screen or chart, screen_canvas()), name)
    _export_controls(chart, name, dataclasses.replace(spec, upload=upload_id()))
    warm_export_browser(EXPORT_BROWSER_QUIET_S)


def screen_canvas() -> Canvas:
    """The canvas of this person's screen: a phone's, or a desktop window's."""
    return PHONE if narrow_screen() else SCREEN


def framed_for_screen(chart: Chart, canvas: Canvas) -> go.Figure:
    """`framed(chart, canvas)`, once per chart object and canvas: st.plotly_chart only reads it."""
    return once(chart, canvas, lambda: framed(chart, canvas))


def show_figure(fig: go.Figure, name: str) -> None:
    """A framed figure as it is: its own template and colours (theme=None), not Streamlit's."""
    st.plotly_chart(
        fig, width="stretch", theme=None, key=f"chart_{name}", config=modebar_config(name)
    )


@st.fragment
def _export_controls(chart: Chart, name: str, spec: ChartSpec) -> None:
    """Under a chart: the image at a slide size, the data as CSV, and "Add to slide deck".

    A fragment, so choosing a format reruns only these controls. The popover's controls are
    made only while it is open (every page run would otherwise build them for every chart), and
    opening it starts the export browser if it is not running yet; files are made only when a
    download button is clicked (Streamlit calls the function given as `data` then).
    """
    popover = st.popover(
        "Download or add to slides",
        icon=":material/download:",
        on_change="rerun",
        key=f"export_open_{name}",
    )
    if not popover.open:
        return
    warm_export_browser()
    with popover:
        image_format = st.radio(
            "Image format",
            list(IMAGE_FORMATS),
            format_func=lambda f: {"png": "PNG (for slides)", "svg": "SVG (to edit)"}.get(
                f, "PDF (to print)"
            ),
            horizontal=True,
            key=f"export_format_{name}",
        )
        preset = st.selectbox(
            "Size",
            list(SLIDE_PRESETS),
            format_func=lambda p: SLIDE_PRESETS[p].label,
            key=f"export_size_{name}",
        )
        unavailable = export_unavailable()
        st.download_button(
            f"Download {image_format.upper()}",
            data=lambda: figure_image(chart, image_format, preset),
            file_name=f"{name}-{preset.replace(':', 'x')}.{image_format}",
            mime=IMAGE_FORMATS[image_format],
            on_click="ignore",
            disabled=unavailable is not None,
            icon=":material/image:",
            key=f"export_image_{name}",
        )
        if unavailable:
            st.caption(f"{unavailable} The camera icon above the chart still saves a PNG.")
        if chart.table is not None:
            st.download_button(
                "Download the data (CSV)",
                data=lambda: to_safe_csv(chart.table),
                file_name=f"{name}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/table:",
                key=f"export_csv_{name}",
            )
        st.button(
            "Add to slide deck",
            on_click=_add_to_deck,
            args=(spec,),
            icon=":material/add_to_queue:",
            key=f"export_deck_{name}",
        )
        # The Slide deck page puts the deck in its link. This link carries none: the other
        # charts' controls are not redrawn when one adds, so a deck here could be out of date.
        st.page_link("pages/slides.py", label="Open the slide deck", icon=":material/slideshow:")


def _add_to_deck(spec: ChartSpec) -> None:
    deck = current_deck()
    if spec in deck.specs:
        st.toast("This chart, with these filters, is already in the slide deck.")
        return
    if len(deck.specs) >= MAX_DECK_CHARTS:
        st.toast(f"The slide deck is full ({MAX_DECK_CHARTS} charts): remove one first.")
        return
    st.session_state[DECK_KEY] = deck.with_chart(spec)
    keep_app_settings_in_link()
    count = len(deck.specs) + 1
    st.toast(
        f"Added to the slide deck ({count} chart{'' if count == 1 else 's'}). Open it from "
        "here or from the Slide deck page: the link of that page keeps the deck."
    )


def narrow_screen() -> bool:
    """Whether the browser says it is a phone: charts then stack their panels."""
    return "Mobi" in st.context.headers.get("User-Agent", "")
