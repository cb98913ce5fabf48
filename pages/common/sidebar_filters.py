"""The Explorer's filters in the sidebar, kept in the link, with a reset."""

from __future__ import annotations

import streamlit as st

from analysis.data.dataset import Dataset
from analysis.data.vocabulary import (
    CATEGORIES,
    EVIDENCE_LEGEND,
    EVIDENCE_LEVELS,
    PROCEDURES,
    SEVERITIES,
)
from analysis.views.filters import FilterState
from pages.common.link import linked_state, set_link

_STATE_KEY = "explorer_filters"


def _reset_filters() -> None:
    """Back to every row and a clean link (a button callback: runs before the page reruns)."""
    for key in [k for k in st.session_state if str(k).startswith("filter_")]:
        del st.session_state[key]
    st.session_state[_STATE_KEY] = FilterState()
    set_link({})


def sidebar_filters(dataset: Dataset) -> tuple[FilterState, list[str]]:
    """Draw the filter widgets; return the chosen state and notices about a bad link."""
    stored, notices = linked_state(_STATE_KEY, FilterState.from_query_params, "filter_")
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
        "evidence": "  \n".join(f"**{label}**: {v}" for label, v in EVIDENCE_LEGEND.items()),
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
        st.button("Reset filters", width="stretch", on_click=_reset_filters)
    state = FilterState(**chosen)
    st.session_state[_STATE_KEY] = state
    set_link(state.to_query_params())
    return state, notices
