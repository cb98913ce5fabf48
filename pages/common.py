"""Shared page pieces: the cached dataset and the sidebar filters kept in the URL.

Not a page itself (app.py lists the pages); the pages import it.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.dataset import Dataset, DatasetError, load_dataset
from analysis.deck import DeckChart
from analysis.export import (
    IMAGE_FORMATS,
    SLIDE_PRESETS,
    ExportUnavailable,
    figure_image,
    figure_title,
    modebar_config,
    start_export_browser,
    to_safe_csv,
)
from analysis.filters import FilterState
from analysis.vocabulary import (
    CATEGORIES,
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_LEVELS,
    PROCEDURES,
    SEVERITIES,
)


@st.cache_resource(show_spinner="Loading the side-effects table…")
def bundled_dataset() -> Dataset:
    """Read and validate data/ once per server; every session shares the same read-only frames."""
    return load_dataset()


def dataset_or_stop() -> Dataset:
    """The dataset, or a clear error on the page (and stop) if the tables are invalid."""
    try:
        return bundled_dataset()
    except DatasetError as error:
        st.error("The side-effects tables in data/ failed validation, so nothing can be shown:")
        st.code(str(error), language=None)
        st.stop()


# Session state: the charts picked for the slide deck (list of DeckChart), from any page.
DECK_KEY = "slide_deck"


@st.cache_resource(show_spinner=False)
def export_browser() -> str | None:
    """Start the app's one warm export browser, shared by every session (it launches in the
    background); return why images cannot be made here, or None when they can."""
    try:
        start_export_browser()
    except ExportUnavailable as error:
        return str(error)
    return None


def show_chart(fig: go.Figure, name: str, data: pd.DataFrame | None = None) -> None:
    """Show a chart with its modebar export; `name` is the file stem and the widget key.

    `data` is the table behind the chart (offered as CSV by the export controls).
    """
    st.plotly_chart(fig, width="stretch", key=f"chart_{name}", config=modebar_config(name))
    _export_controls(fig, name, data)


@st.fragment
def _export_controls(fig: go.Figure, name: str, data: pd.DataFrame | None) -> None:
    """Under a chart: the image at a slide size, the data as CSV, and "Add to slide deck".

    A fragment, so choosing a format reruns only these controls; files are made only when a
    download button is clicked (Streamlit calls the function given as `data` then).
    """
    with st.popover("Download or add to slides", icon=":material/download:"):
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
        unavailable = export_browser()
        st.download_button(
            f"Download {image_format.upper()}",
            data=lambda: figure_image(fig, image_format, preset),
            file_name=f"{name}-{preset.replace(':', 'x')}.{image_format}",
            mime=IMAGE_FORMATS[image_format],
            on_click="ignore",
            disabled=unavailable is not None,
            icon=":material/image:",
            key=f"export_image_{name}",
        )
        if unavailable:
            st.caption(f"{unavailable} The camera icon above the chart still saves a PNG.")
        if data is not None:
            st.download_button(
                "Download the data (CSV)",
                data=lambda: to_safe_csv(data),
                file_name=f"{name}.csv",
                mime="text/csv",
                on_click="ignore",
                icon=":material/table:",
                key=f"export_csv_{name}",
            )
        st.button(
            "Add to slide deck",
            on_click=_add_to_deck,
            args=(fig, data),
            icon=":material/add_to_queue:",
            key=f"export_deck_{name}",
        )


def _add_to_deck(fig: go.Figure, data: pd.DataFrame | None) -> None:
    deck: list[DeckChart] = st.session_state.setdefault(DECK_KEY, [])
    chart = DeckChart(go.Figure(fig), data)
    if any(figure_title(c.figure) == figure_title(chart.figure) for c in deck):
        st.toast("This chart, with these filters, is already in the slide deck.")
        return
    deck.append(chart)
    st.toast(f"Added to the slide deck ({len(deck)} charts). Build it on the Slide deck page.")


_STATE_KEY = "explorer_filters"
_URL_NOTICES_KEY = "explorer_url_notices"


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def sidebar_filters(dataset: Dataset) -> tuple[FilterState, list[str]]:
    """Draw the filter widgets; return the chosen state and notices about a bad link."""
    if _STATE_KEY not in st.session_state:
        state, notices = FilterState.from_query_params(_query_params())
        st.session_state[_STATE_KEY] = state
        st.session_state[_URL_NOTICES_KEY] = notices
    stored: FilterState = st.session_state[_STATE_KEY]
    skin_descriptions = dict(
        zip(dataset.skin_types["skin_type"], dataset.skin_types["description"])
    )
    widgets = {
        "procedures": ("Procedure", {p: label.split()[0] for p, label in PROCEDURES.items()}),
        "skin_types": ("Skin type (Fitzpatrick)", {t: f"Type {t}" for t in skin_descriptions}),
        "categories": ("Kind of side effect", CATEGORIES),
        "severities": ("Severity", SEVERITIES),
        "evidence": ("Evidence level", EVIDENCE_LEVELS),
    }
    helps = {
        "skin_types": "  \n".join(f"**Type {t}**: {d}" for t, d in skin_descriptions.items()),
        "evidence": "  \n".join(
            f"**{EVIDENCE_LEVELS[k]}**: {v}" for k, v in EVIDENCE_DESCRIPTIONS.items()
        ),
    }
    with st.sidebar:
        st.header("Filters")
        chosen = {}
        for name, (label, options) in widgets.items():
            key = f"filter_{name}"
            if key not in st.session_state:
                st.session_state[key] = list(getattr(stored, name))
            chosen[name] = tuple(
                st.multiselect(
                    label,
                    list(options),
                    format_func=options.get,
                    key=key,
                    help=helps.get(name),
                    filter_mode="prefix",
                    select_all=False,
                )
            )
        if "filter_log_scale" not in st.session_state:
            st.session_state["filter_log_scale"] = stored.log_scale
        chosen["log_scale"] = st.toggle(
            "Log scale for likelihood",
            key="filter_log_scale",
            help="Spreads out rare side effects (0.1% to 100%) so small risks stay visible.",
        )
        if st.button("Reset filters", width="stretch"):
            for name in widgets:
                st.session_state.pop(f"filter_{name}", None)
            st.session_state.pop("filter_log_scale", None)
            st.session_state[_STATE_KEY] = FilterState()
            st.rerun()
    state = FilterState(**chosen)
    st.session_state[_STATE_KEY] = state
    st.query_params.from_dict(state.to_query_params())
    return state, st.session_state[_URL_NOTICES_KEY]
