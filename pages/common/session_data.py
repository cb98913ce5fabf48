"""The dataset each session shows: the bundled tables, read and validated once per server, or
the person's own side-effects table, uploaded for this browser tab only. A first visit to a
page's own URL is routed through app.py here too."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.data.dataset import Dataset, DatasetError, fingerprint, load_dataset
from pages.common.link import (
    UPLOAD_PARAM,
    UPLOADED_KEY,
    deck_from_link,
    keep_app_settings_in_link,
)


def _route_through_app() -> None:
    """Make a first visit straight to a page's URL go through app.py too.

    Until app.py has called st.navigation once, Streamlit treats a `pages/` folder as an old-style
    multipage app and runs /my_skin on its own: no disclaimer, no page config, every file listed
    in the sidebar. Leaving that mode and rerunning sends the visit through app.py's navigation.
    """
    # This run's own pages tell the mode (the old mode lists app.py as a page), not the shared
    # flag alone: when several first visits start at once on a fresh server, another session
    # may have cleared the flag after this run had already started in the old mode.
    pages = get_script_run_ctx().pages_manager.get_pages().values()
    old_mode = any(Path(page["script_path"]).name == "app.py" for page in pages)
    if PagesManager.uses_pages_directory or old_mode:
        PagesManager.uses_pages_directory = False
        # Rerun only on a session's first run: a later run may carry a click that a rerun
        # would drop (AppTest puts every run back in the old mode; a real server never does).
        if "routed_through_app" not in st.session_state:
            st.session_state["routed_through_app"] = True
            st.rerun()


@st.cache_resource(show_spinner="Loading the side-effects table…")
def bundled_dataset() -> Dataset:
    """Read and validate data/ once per server; every session shares the same read-only frames."""
    return load_dataset()


# Set when a link was made with an uploaded table this tab does not have (until dismissed).
UPLOAD_DROPPED_KEY = "upload_dropped"
# Where an upload lives, said wherever one is offered or in use.
UPLOAD_TAB_ONLY = (
    "Reloading the page, opening its link elsewhere, or the app moving you to another server "
    "drops it: every page then goes back to the bundled data (your filters and slide deck "
    "stay; charts drawn from your table can't be drawn again without it)."
)


def use_uploaded(name: str, side_effects: pd.DataFrame) -> None:
    """Show this validated side-effects table on every page, for this session only."""
    upload_id = fingerprint(side_effects)[:8]
    st.session_state[UPLOADED_KEY] = {"name": name, "side_effects": side_effects, "id": upload_id}
    st.session_state.pop(UPLOAD_DROPPED_KEY, None)


def use_bundled() -> None:
    """Go back to the bundled, published figures."""
    st.session_state.pop(UPLOADED_KEY, None)
    keep_app_settings_in_link()


def _dismiss_dropped_upload() -> None:
    st.session_state.pop(UPLOAD_DROPPED_KEY, None)


def dataset_or_stop() -> Dataset:
    """The dataset this session shows (bundled, or with the person's own side-effects table).

    With an upload in use, a banner says so and offers the way back; a link made with an upload
    this tab does not have gets the bundled data and a notice saying why. Shows a clear error
    (and stops) if the bundled tables are invalid.
    """
    _route_through_app()
    try:
        bundled = bundled_dataset()
    except DatasetError as error:
        st.error("The side-effects tables in data/ failed validation, so nothing can be shown:")
        st.code(str(error), language=None)
        st.stop()
    deck_from_link(bundled)
    uploaded = st.session_state.get(UPLOADED_KEY)
    if uploaded is None and UPLOAD_PARAM in st.query_params:
        st.session_state[UPLOAD_DROPPED_KEY] = True
    keep_app_settings_in_link()
    if uploaded is None:
        if st.session_state.get(UPLOAD_DROPPED_KEY):
            notice, dismiss = st.columns([3, 1], vertical_alignment="center")
            notice.info(
                "**Showing the bundled published figures.** This link was made with an "
                "uploaded table, which stays in the browser tab it was uploaded in: a reload, "
                "another browser or another server does not have it. Everything else in the "
                "link is kept. To see it again, upload the table on the Data & sources page.",
                icon="📤",
            )
            dismiss.button("Dismiss", on_click=_dismiss_dropped_upload, key="dismiss_upload")
        return bundled
    banner, back = st.columns([3, 1], vertical_alignment="center")
    with banner:
        st.warning(
            "**You are looking at your own data**, not the bundled published figures, on "
            "every page until you go back to the bundled data. It lives in this browser tab "
            f"only. {UPLOAD_TAB_ONLY}",
            icon="📤",
        )
        # The name comes from the upload: plain text, never Markdown.
        st.text(f"Your file: {uploaded['name']} ({len(uploaded['side_effects'])} rows)")
    back.button("Back to the bundled data", on_click=use_bundled, key="use_bundled_data")
    # Only the side-effects table is the person's; the rest stays the shared cached objects.
    return dataclasses.replace(bundled, side_effects=uploaded["side_effects"])
