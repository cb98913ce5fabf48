"""The link each page keeps its view in, beside the settings every page keeps in it: the slide
deck of this tab and the mark of an uploaded table in use. A reload, another browser or
another server reads the same view back from the link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import streamlit as st

from analysis.data.dataset import Dataset
from analysis.views.specs import DECK_PARAMS, Deck


@st.fragment(run_every=dt.timedelta(hours=12))
def redraw_after_reconnecting() -> None:
    """Draws nothing. Its timer is what matters: while a page has a fragment that reruns on a
    timer, Streamlit's front end asks for a full run whenever its connection comes back.
    Without one, a tab moved to another replica (whose new session knows nothing yet) keeps
    showing its old page, with downloads that point at the dead replica, until the next click.
    With it, the page is drawn again at once, from its link. (The timer itself reruns this
    empty fragment twice a day.)"""


# Session state: the person's own side-effects table, {"name": str, "side_effects": frame,
# "id": the start of its fingerprint}. It lives in this server's memory for this browser tab.
UPLOADED_KEY = "uploaded_side_effects"
# The link setting that says "made with an uploaded table": every page keeps it while an upload
# is in use, so a reload or another server can say why the figures went back to the bundled data.
UPLOAD_PARAM = "upload"
# The link settings every page keeps beside its own view: that mark, and the slide deck, so a
# reload, another browser or another server keeps the deck whatever page the tab is on. The
# pages' own link readers never see them (link_params).
APP_PARAMS = (UPLOAD_PARAM, *DECK_PARAMS)
# Session state: the charts picked for the slide deck (analysis.views.specs.Deck), from any
# page, and the notices about the deck link it was read from.
DECK_KEY = "slide_deck"
DECK_NOTICES_KEY = "slide_deck_notices"


def current_deck() -> Deck:
    """The slide deck of this session (the Slide deck page's link puts it back after a reload)."""
    return st.session_state.get(DECK_KEY) or Deck()


def upload_id() -> str:
    """The id of the uploaded table in use in this tab, "" for the bundled data."""
    uploaded = st.session_state.get(UPLOADED_KEY)
    return uploaded["id"] if uploaded else ""


def link_params() -> dict[str, list[str]]:
    """This page's query parameters that describe its view (not the app-wide settings)."""
    return {key: st.query_params.get_all(key) for key in st.query_params if key not in APP_PARAMS}


def set_link(params: dict[str, str]) -> None:
    """Put this view in the browser's address bar, with the app-wide settings of this tab."""
    st.query_params.from_dict({**params, **_app_settings()})


def _app_settings() -> dict[str, str]:
    """The slide deck of this tab and the mark of an uploaded table in use, as link settings."""
    settings = current_deck().to_query_params()
    if upload_id():
        settings[UPLOAD_PARAM] = upload_id()
    return settings


def keep_app_settings_in_link() -> None:
    """Bring the app-wide settings in the link up to date, leaving the page's own alone."""
    settings = _app_settings()
    for key in APP_PARAMS:
        if key in settings:
            st.query_params[key] = settings[key]
        else:
            st.query_params.pop(key, None)


def deck_from_link(bundled: Dataset) -> None:
    """On a tab's first run (a new tab, a reload, another browser or server), take the slide
    deck its link carries; its notices wait for the Slide deck page."""
    if DECK_KEY in st.session_state:
        return
    params = {key: st.query_params.get_all(key) for key in DECK_PARAMS if key in st.query_params}
    st.session_state[DECK_KEY], st.session_state[DECK_NOTICES_KEY] = Deck.from_query_params(
        params, bundled
    )


def linked_state(session_key: str, parse: Callable, widget_prefix: str) -> tuple[Any, list[str]]:
    """A view's state: read from the link on arrival or when a new link is followed, otherwise
    as the widgets left it. `parse(params)` returns (state, notices); the state has
    `to_query_params()`. Widgets whose keys start with `widget_prefix` are reseeded from a link.
    """
    params = link_params()
    stored = st.session_state.get(session_key)
    followed_new_link = (
        stored is not None
        and params
        and params != {key: [value] for key, value in stored.to_query_params().items()}
    )
    if stored is None or followed_new_link:
        state, notices = parse(params)
        st.session_state[session_key] = state
        st.session_state[f"{session_key}_notices"] = notices
        for key in [k for k in st.session_state if str(k).startswith(widget_prefix)]:
            del st.session_state[key]
    return st.session_state[session_key], st.session_state.get(f"{session_key}_notices", [])
