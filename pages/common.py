"""Shared page pieces: the dataset each session shows (bundled, or the person's own upload) and
the sidebar filters kept in the URL.

Not a page itself (app.py lists the pages); the pages import it.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from analysis.charts import duration_chart, heatmap_chart, likelihood_chart
from analysis.dataset import Dataset, DatasetError, fingerprint, load_dataset
from analysis.export import (
    IMAGE_FORMATS,
    SLIDE_PRESETS,
    export_unavailable,
    figure_image,
    modebar_config,
    to_safe_csv,
    warm_export_browser,
)
from analysis.filters import FilterState, describe, filter_mask
from analysis.frame import PHONE, SCREEN, Canvas, Chart, framed
from analysis.tables import cited_sources, readable_table
from analysis.vocabulary import (
    CATEGORIES,
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_LEVELS,
    PROCEDURES,
    SEVERITIES,
)


def _route_through_app() -> None:
    """Make a first visit straight to a page's URL go through app.py too.

    Until app.py has called st.navigation once, Streamlit treats a `pages/` folder as an old-style
    multipage app and runs /my_skin on its own: no disclaimer, no page config, every file listed
    in the sidebar. Leaving that mode and rerunning sends the visit through app.py's navigation.
    """
    if PagesManager.uses_pages_directory:
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


# id(table) -> (table, its fingerprint). The table is held, so its id is not reused; uploads
# are small (analysis.upload.MAX_UPLOAD_MB) and the oldest are dropped past a few dozen.
_FINGERPRINTS: dict[int, tuple[pd.DataFrame, str]] = {}
_FINGERPRINTS_LOCK = threading.Lock()


def table_fingerprint(table: pd.DataFrame) -> str:
    """`analysis.dataset.fingerprint(table)`, worked out once per table object: the bundled
    table is the same object for every session and run (a few ms a run otherwise)."""
    with _FINGERPRINTS_LOCK:  # sessions run on threads of their own
        known = _FINGERPRINTS.get(id(table))
        if known is not None and known[0] is table:
            return known[1]
        if len(_FINGERPRINTS) >= 32:
            _FINGERPRINTS.pop(next(iter(_FINGERPRINTS)))
        _FINGERPRINTS[id(table)] = (table, fingerprint(table))
        return _FINGERPRINTS[id(table)][1]


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
    _route_through_app()
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


# Session state: the charts picked for the slide deck (list of Chart), from any page.
DECK_KEY = "slide_deck"


# Seconds without a chart drawn before the warm export browser starts: by then people's pages
# are drawn, and it doesn't take a core from them.
EXPORT_BROWSER_QUIET_S = 2.0


def show_chart(
    chart: Chart, name: str, data: pd.DataFrame | None = None, figure: go.Figure | None = None
) -> None:
    """Show a chart, framed for this screen, with its modebar export; `name` is the file stem
    and the widget key. `data` is the table behind the chart (offered as CSV by the export
    controls), the chart's own table if not given. `figure` is the chart already framed for
    this screen (a cached one), framed here if not given.
    """
    if data is not None:
        chart = dataclasses.replace(chart, table=data)
    show_figure(figure if figure is not None else framed(chart, screen_canvas()), name)
    _export_controls(chart, name)
    warm_export_browser(EXPORT_BROWSER_QUIET_S)


def screen_canvas() -> Canvas:
    """The canvas of this person's screen: a phone's, or a desktop window's."""
    return PHONE if narrow_screen() else SCREEN


def show_figure(fig: go.Figure, name: str) -> None:
    """A framed figure as it is: its own template and colours (theme=None), not Streamlit's."""
    st.plotly_chart(
        fig, width="stretch", theme=None, key=f"chart_{name}", config=modebar_config(name)
    )


@st.fragment
def _export_controls(chart: Chart, name: str) -> None:
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
            args=(chart,),
            icon=":material/add_to_queue:",
            key=f"export_deck_{name}",
        )


def _add_to_deck(chart: Chart) -> None:
    deck: list[Chart] = st.session_state.setdefault(DECK_KEY, [])
    if any((c.title, c.subtitle) == (chart.title, chart.subtitle) for c in deck):
        st.toast("This chart, with these filters, is already in the slide deck.")
        return
    deck.append(chart)
    st.toast(f"Added to the slide deck ({len(deck)} charts). Build it on the Slide deck page.")


# --- The Explorer's views -------------------------------------------------------------------
# Here, not in pages/explorer.py: a page's script runs again on every rerun, and with it every
# decorator in it (Streamlit reads a cached function's source each time it is decorated).

EXPLORER_CHART_NAMES = (
    "microneedling-likelihood",
    "microneedling-duration",
    "microneedling-by-skin-type",
)


@dataclass(frozen=True)
class ExplorerView:
    """Everything the page shows for one view: the rows' count, the three charts with their
    figures framed for the screen, the table (whole for the CSV, and as shown) and sources."""

    rows: int
    subtitle: str
    charts: tuple[tuple[Chart, go.Figure], ...]
    table: pd.DataFrame
    shown_table: pd.DataFrame
    sources_markdown: str


@st.cache_resource(max_entries=4, show_spinner=False)
def readable_rows(_dataset: Dataset, fingerprint: str) -> pd.DataFrame:
    """The whole table in readable words, once per dataset: a view takes its rows from it."""
    return readable_table(_dataset.side_effects, _dataset.catalog)


# 64 views: a class's links and then some; each holds three charts and their figures (about
# 1 MB), and the server's memory stays bounded whatever links people make.
@st.cache_resource(max_entries=64, show_spinner=False)
def explorer_view(
    _dataset: Dataset,
    fingerprint: str,
    _state: FilterState,
    view_key: tuple,
    stacked: bool,
    _canvas: Canvas,
    canvas_key: str,
) -> ExplorerView:
    """One view, built once and shared by every session showing it (a class following a
    teacher's link asks for the same view). The key is the data's fingerprint, the view's query
    parameters and the screen. A resource, not data: sessions get the same objects, never
    copies (unpickling three figures would cost more than drawing them), and nothing changes
    them (`framed` draws on a copy)."""
    mask = filter_mask(_dataset.side_effects, _state).to_numpy()
    rows = _dataset.side_effects[mask].reset_index(drop=True)
    subtitle = describe(_state)
    table = readable_rows(_dataset, fingerprint)[mask].reset_index(drop=True)
    charts = ()
    if not rows.empty:
        built = (
            likelihood_chart(rows, _dataset.catalog, subtitle, _state.log_scale, stacked),
            duration_chart(rows, _dataset.catalog, subtitle, stacked),
            heatmap_chart(rows, _dataset.catalog, subtitle, stacked),
        )
        charts = tuple((chart, framed(chart, _canvas)) for chart in built)
    return ExplorerView(
        rows=len(rows),
        subtitle=subtitle,
        charts=charts,
        table=table,
        shown_table=table.drop(columns=[c for c in table.columns if c.endswith(("(%)", "(days)"))]),
        sources_markdown="\n\n".join(
            f"**{source.source_id}** {source.citation}"
            + (f" [{source.url}]({source.url})" if isinstance(source.url, str) else "")
            for source in cited_sources(rows, _dataset.sources).itertuples()
        ),
    )


def linked_state(session_key: str, parse: Callable, widget_prefix: str) -> tuple[Any, list[str]]:
    """A view's state: read from the link on arrival or when a new link is followed, otherwise
    as the widgets left it. `parse(params)` returns (state, notices); the state has
    `to_query_params()`. Widgets whose keys start with `widget_prefix` are reseeded from a link.
    """
    params = {key: st.query_params.get_all(key) for key in st.query_params}
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
    return st.session_state[session_key], st.session_state[f"{session_key}_notices"]


def narrow_screen() -> bool:
    """Whether the browser says it is a phone: charts then stack their panels."""
    return "Mobi" in st.context.headers.get("User-Agent", "")


_STATE_KEY = "explorer_filters"


def _reset_filters() -> None:
    """Back to every row and a clean link (a button callback: runs before the page reruns)."""
    for key in [k for k in st.session_state if str(k).startswith("filter_")]:
        del st.session_state[key]
    st.session_state[_STATE_KEY] = FilterState()
    st.query_params.clear()


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
        st.button("Reset filters", width="stretch", on_click=_reset_filters)
    state = FilterState(**chosen)
    st.session_state[_STATE_KEY] = state
    st.query_params.from_dict(state.to_query_params())
    return state, notices
