"""Shared page pieces: the dataset each session shows (bundled, or the person's own upload),
the link each page keeps its view in, the cached charts of a view, the sidebar filters, and the
export controls under every chart, with "Add to slide deck".

Not a page itself (app.py lists the pages); the pages import it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx

from analysis.charts.frame import PHONE, SCREEN, Canvas, Chart, framed
from analysis.data.dataset import Dataset, DatasetError, fingerprint, load_dataset
from analysis.data.vocabulary import (
    CATEGORIES,
    EVIDENCE_LEGEND,
    EVIDENCE_LEVELS,
    PROCEDURES,
    SEVERITIES,
)
from analysis.outputs.images import (
    IMAGE_FORMATS,
    SLIDE_PRESETS,
    export_unavailable,
    figure_image,
    modebar_config,
    to_safe_csv,
    warm_export_browser,
)
from analysis.views.filters import FilterState
from analysis.views.specs import DECK_PARAMS, MAX_DECK_CHARTS, ChartSpec, Deck, draw_view


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


@st.fragment(run_every=dt.timedelta(hours=12))
def redraw_after_reconnecting() -> None:
    """Draws nothing. Its timer is what matters: while a page has a fragment that reruns on a
    timer, Streamlit's front end asks for a full run whenever its connection comes back.
    Without one, a tab moved to another replica (whose new session knows nothing yet) keeps
    showing its old page, with downloads that point at the dead replica, until the next click.
    With it, the page is drawn again at once, from its link. (The timer itself reruns this
    empty fragment twice a day.)"""


@st.cache_resource(show_spinner="Loading the side-effects table…")
def bundled_dataset() -> Dataset:
    """Read and validate data/ once per server; every session shares the same read-only frames."""
    return load_dataset()


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


# Session state: the person's own side-effects table, {"name": str, "side_effects": frame,
# "id": the start of its fingerprint}. It lives in this server's memory for this browser tab.
UPLOADED_KEY = "uploaded_side_effects"
# Set when a link was made with an uploaded table this tab does not have (until dismissed).
UPLOAD_DROPPED_KEY = "upload_dropped"
# The link setting that says "made with an uploaded table": every page keeps it while an upload
# is in use, so a reload or another server can say why the figures went back to the bundled data.
UPLOAD_PARAM = "upload"
# The link settings every page keeps beside its own view: that mark, and the slide deck, so a
# reload, another browser or another server keeps the deck whatever page the tab is on. The
# pages' own link readers never see them (link_params).
APP_PARAMS = (UPLOAD_PARAM, *DECK_PARAMS)
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
    _keep_app_settings_in_link()


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


def _keep_app_settings_in_link() -> None:
    """Bring the app-wide settings in the link up to date, leaving the page's own alone."""
    settings = _app_settings()
    for key in APP_PARAMS:
        if key in settings:
            st.query_params[key] = settings[key]
        else:
            st.query_params.pop(key, None)


def _deck_from_link(bundled: Dataset) -> None:
    """On a tab's first run (a new tab, a reload, another browser or server), take the slide
    deck its link carries; its notices wait for the Slide deck page."""
    if DECK_KEY in st.session_state:
        return
    params = {key: st.query_params.get_all(key) for key in DECK_PARAMS if key in st.query_params}
    st.session_state[DECK_KEY], st.session_state[DECK_NOTICES_KEY] = Deck.from_query_params(
        params, bundled
    )


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
    _deck_from_link(bundled)
    uploaded = st.session_state.get(UPLOADED_KEY)
    if uploaded is None and UPLOAD_PARAM in st.query_params:
        st.session_state[UPLOAD_DROPPED_KEY] = True
    _keep_app_settings_in_link()
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


# Session state: the charts picked for the slide deck (analysis.views.specs.Deck), from any page, and
# the notices about the deck link it was read from.
DECK_KEY = "slide_deck"
DECK_NOTICES_KEY = "slide_deck_notices"


def current_deck() -> Deck:
    """The slide deck of this session (the Slide deck page's link puts it back after a reload)."""
    return st.session_state.get(DECK_KEY) or Deck()


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
    _keep_app_settings_in_link()
    count = len(deck.specs) + 1
    st.toast(
        f"Added to the slide deck ({count} chart{'' if count == 1 else 's'}). Open it from "
        "here or from the Slide deck page: the link of that page keeps the deck."
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


def narrow_screen() -> bool:
    """Whether the browser says it is a phone: charts then stack their panels."""
    return "Mobi" in st.context.headers.get("User-Agent", "")


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
