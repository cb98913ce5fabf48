"""Shared page pieces: the dataset each session shows (bundled, or the person's own upload) and
the sidebar filters kept in the URL.

Not a page itself (app.py lists the pages); the pages import it.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analysis.dataset import Dataset, DatasetError, load_dataset
from analysis.export import modebar_config
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


# Session state: the person's own side-effects table, {"name": str, "side_effects": frame}.
UPLOADED_KEY = "uploaded_side_effects"


def use_uploaded(name: str, side_effects: pd.DataFrame) -> None:
    """Show this validated side-effects table on every page, for this session only."""
    st.session_state[UPLOADED_KEY] = {"name": name, "side_effects": side_effects}


def use_bundled() -> None:
    """Go back to the bundled, published figures."""
    st.session_state.pop(UPLOADED_KEY, None)


def dataset_or_stop() -> Dataset:
    """The dataset this session shows (bundled, or with the person's own side-effects table).

    With an upload in use, a banner says so and offers the way back. Shows a clear error (and
    stops) if the bundled tables are invalid.
    """
    if PagesManager.uses_pages_directory:
        # Until app.py's st.navigation has run once in this server, Streamlit treats pages/ as
        # its old pages directory: a link straight to /data_sources would run this page alone
        # (no disclaimer, every file in pages/ listed). Switch that off and run app.py instead.
        PagesManager.uses_pages_directory = False
        st.rerun()
    try:
        bundled = bundled_dataset()
    except DatasetError as error:
        st.error("The side-effects tables in data/ failed validation, so nothing can be shown:")
        st.code(str(error), language=None)
        st.stop()
    uploaded = st.session_state.get(UPLOADED_KEY)
    if uploaded is None:
        return bundled
    banner, back = st.columns([3, 1], vertical_alignment="center")
    with banner:
        st.warning(
            "**You are looking at your own data**, not the bundled published figures. "
            "Every page uses it until you go back to the bundled data or close this tab.",
            icon="📤",
        )
        # The name comes from the upload: plain text, never Markdown.
        st.text(f"Your file: {uploaded['name']} ({len(uploaded['side_effects'])} rows)")
    back.button("Back to the bundled data", on_click=use_bundled, key="use_bundled_data")
    # Only the side-effects table is the person's; the rest stays the shared cached objects.
    return dataclasses.replace(bundled, side_effects=uploaded["side_effects"])


def show_chart(fig: go.Figure, name: str, data: pd.DataFrame | None = None) -> None:
    """Show a chart with its modebar export; `name` is the file stem and the widget key.

    `data` is the table behind the chart (offered as CSV by the export controls).
    """
    st.plotly_chart(fig, width="stretch", key=f"chart_{name}", config=modebar_config(name))


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
