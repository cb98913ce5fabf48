"""Explorer: filter the side-effects table and see how likely each effect is and how long it lasts."""

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from analysis.charts import duration_chart, heatmap_chart, likelihood_chart
from analysis.dataset import Dataset
from analysis.export import to_safe_csv
from analysis.filters import FilterState, describe, filter_mask
from analysis.frame import Canvas, Chart, framed
from analysis.tables import cited_sources, readable_table
from analysis.vocabulary import EVIDENCE_DESCRIPTIONS, EVIDENCE_LEVELS
from pages.common import (
    dataset_or_stop,
    narrow_screen,
    screen_canvas,
    show_chart,
    sidebar_filters,
    table_fingerprint,
)

CHART_NAMES = ("microneedling-likelihood", "microneedling-duration", "microneedling-by-skin-type")


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


@st.cache_resource(max_entries=256, show_spinner=False)
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


dataset = dataset_or_stop()
state, url_notices = sidebar_filters(dataset)
stacked = st.sidebar.toggle(
    "Stack the procedures",
    value=narrow_screen(),
    help=(
        "One panel under the other: easier to read on a phone. Charts whose panels would leave "
        "the bars too little room side by side are stacked anyway."
    ),
    key="explorer_stacked",
)

st.title("Explore side effects")
st.write(
    "How likely each side effect of microneedling is, and how long it lasts, by skin type and "
    "procedure, as published in clinical studies. Bars show the **range** the studies found, "
    "drawn once for the skin types that share it; a diamond is a single figure; hatched bars "
    "and hollow diamonds are weaker evidence. Use the filters in the sidebar; the link in your "
    "browser's address bar always reproduces this view."
)
for notice in url_notices:
    st.warning(notice, icon="🔗")

canvas = screen_canvas()
view = explorer_view(
    dataset,
    table_fingerprint(dataset.side_effects),
    state,
    tuple(sorted(state.to_query_params().items())),
    stacked,
    canvas,
    repr(canvas),
)

if not view.rows:
    empty = [
        label
        for label, chosen in (
            ("procedure", state.procedures),
            ("skin type", state.skin_types),
            ("kind of side effect", state.categories),
            ("severity", state.severities),
            ("evidence level", state.evidence),
        )
        if not chosen
    ]
    hint = (
        f"Choose at least one {' and one '.join(empty)} in the sidebar."
        if empty
        else "Try adding more skin types, severities or evidence levels in the sidebar."
    )
    st.info(f"**No rows match these filters.** {hint}", icon="🔍")
    st.stop()

st.caption(f"Showing {view.rows} rows · {view.subtitle}")

for name, (chart, figure) in zip(CHART_NAMES, view.charts):
    show_chart(chart, name, view.table, figure)

st.header("The figures behind the charts")
st.dataframe(view.shown_table, hide_index=True, width="stretch")
st.download_button(
    "Download these rows (CSV)",
    data=lambda: to_safe_csv(view.table),
    on_click="ignore",
    file_name="microneedling-side-effects.csv",
    mime="text/csv",
)

# One Markdown element each (not one per line): every element costs the server on every run.
with st.expander("What the evidence levels mean"):
    st.markdown(
        "\n\n".join(
            f"**{label}**: {EVIDENCE_DESCRIPTIONS[level]}"
            for level, label in EVIDENCE_LEVELS.items()
        )
    )

with st.expander("Sources of these figures"):
    st.markdown(view.sources_markdown)
