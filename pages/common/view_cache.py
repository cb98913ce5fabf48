"""A view's charts and the Guide's steps, built once and shared by every session that shows
them (a class following a teacher's link all asks for the same view)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analysis.charts.frame import Chart
from analysis.data.dataset import Dataset, fingerprint
from analysis.views.specs import ChartSpec, draw_view
from pages.common.link import UPLOADED_KEY
from pages.common.session_data import bundled_dataset

# (id(obj), what) -> (obj, what was worked out from it). The object is held, so its id is not
# reused while its entry lives; the oldest entries go past a few hundred.
_ONCE: dict[tuple[int, Any], tuple[Any, Any]] = {}
_ONCE_LOCK = threading.Lock()  # sessions run on threads of their own


def once(obj: Any, what: Any, make: Callable[[], Any]) -> Any:
    """`make()`, worked out once per object and `what`: the bundled table and a view's charts are
    the same objects for every session and run (st.cache_resource), so their fingerprint and
    framed figures need not be worked out again. Nothing changes what is kept here."""
    key = (id(obj), what)
    with _ONCE_LOCK:
        known = _ONCE.get(key)
    if known is not None and known[0] is obj:
        return known[1]
    made = make()
    with _ONCE_LOCK:
        if len(_ONCE) >= 512:
            _ONCE.pop(next(iter(_ONCE)))
        _ONCE[key] = (obj, made)
    return made


def table_fingerprint(table: pd.DataFrame) -> str:
    """`analysis.data.dataset.fingerprint(table)`, once per table object (a few ms a run otherwise)."""
    return once(table, "fingerprint", lambda: fingerprint(table))


def view_charts(
    dataset: Dataset, view: str, params: dict[str, str], stacked: bool = False
) -> dict[str, Chart]:
    """The charts of one view (a page and its link): what the page shows, and what a slide
    deck holding one of them draws (analysis.views.specs.VIEWS)."""
    link = tuple(params.items())
    return _cached_view(dataset, table_fingerprint(dataset.side_effects), view, link, stacked)


# A resource, not data: the charts are shared, not copied per session. They are read-only
# (framed() draws a new figure from a chart), and copying through pickle would turn a figure's
# numpy arrays into plotly's base64 dicts, which the frame cannot measure.
@st.cache_resource(max_entries=256, show_spinner=False)
def _cached_view(_dataset: Dataset, data_fingerprint: str, view: str, link: tuple, stacked: bool):
    """Built once and shared by every session showing the view (a class following a teacher's
    link all asks for the same one) and every deck holding its charts. The cache key is the
    data's fingerprint and the view's query parameters."""
    return draw_view(_dataset, view, dict(link), stacked)


def guide_section(dataset: Dataset, build: Callable[..., Any], *args: str) -> Any:
    """A Guide step, `build(dataset, *args)`, built once per table and choice and shared by every
    session (a rerun of the Guide otherwise builds all its steps and their charts again)."""
    key = (build.__module__, build.__qualname__)
    return _cached_section(dataset, table_fingerprint(dataset.side_effects), key, build, args)


# A resource, as views are: a step's chart is shared read-only, never pickled.
@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_section(_dataset: Dataset, data_fingerprint: str, key: tuple, _build, args: tuple):
    return _build(_dataset, *args)


def spec_chart(spec: ChartSpec) -> Chart | None:
    """The chart a spec names, drawn again through the views' cache; None for a chart of an
    uploaded table that this tab no longer has."""
    dataset = bundled_dataset()
    if spec.upload:
        uploaded = st.session_state.get(UPLOADED_KEY)
        if uploaded is None or uploaded["id"] != spec.upload:
            return None
        dataset = dataclasses.replace(dataset, side_effects=uploaded["side_effects"])
    return view_charts(dataset, spec.view, dict(spec.params))[spec.chart]
