"""Explorer: filter the side-effects table and see how likely each effect is and how long it lasts."""

import streamlit as st

from analysis.charts import duration_chart, heatmap_chart, likelihood_chart
from analysis.dataset import Dataset, fingerprint
from analysis.export import to_safe_csv
from analysis.filters import FilterState, apply_filters, describe
from analysis.tables import cited_sources, readable_table
from analysis.vocabulary import EVIDENCE_LEGEND
from pages.common import dataset_or_stop, narrow_screen, show_chart, sidebar_filters


@st.cache_data(max_entries=256, show_spinner=False)
def explorer_view(
    _dataset: Dataset, fingerprint: str, _state: FilterState, view_key: tuple, stacked: bool
):
    """The three figures and the table of one view, built once and shared by every session
    showing it (a class following a teacher's link all asks for the same view). The cache key
    is the data's fingerprint and the view's query parameters."""
    rows = apply_filters(_dataset.side_effects, _state)
    subtitle = describe(_state)
    return (
        likelihood_chart(rows, _dataset.catalog, subtitle, _state.log_scale, stacked),
        duration_chart(rows, _dataset.catalog, subtitle, stacked),
        heatmap_chart(rows, _dataset.catalog, subtitle, stacked),
        readable_table(rows, _dataset.catalog),
    )


dataset = dataset_or_stop()
state, url_notices = sidebar_filters(dataset)

st.title("Explore side effects")
st.write(
    "How likely each side effect of microneedling is, and how long it lasts, by skin type and "
    "procedure, as published in clinical studies. Bars show the **range** the studies found; "
    "hatched bars are weaker evidence. Use the filters in the sidebar; the link in your "
    "browser's address bar always reproduces this view."
)
for notice in url_notices:
    st.warning(notice, icon="🔗")

rows = apply_filters(dataset.side_effects, state)
subtitle = describe(state)

if rows.empty:
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

st.caption(f"Showing {len(rows)} rows · {subtitle}")

likelihood, duration, heatmap, table = explorer_view(
    dataset,
    fingerprint(dataset.side_effects),
    state,
    tuple(sorted(state.to_query_params().items())),
    st.sidebar.toggle(
        "Stack the procedures",
        value=narrow_screen(),
        help="One panel under the other: easier to read on a phone.",
        key="explorer_stacked",
    ),
)
show_chart(likelihood, "microneedling-likelihood", table)
show_chart(duration, "microneedling-duration", table)
show_chart(heatmap, "microneedling-by-skin-type", table)

st.header("The figures behind the charts")
st.dataframe(
    table.drop(columns=[c for c in table.columns if c.endswith(("(%)", "(days)"))]),
    hide_index=True,
    width="stretch",
)
st.download_button(
    "Download these rows (CSV)",
    data=lambda: to_safe_csv(table),
    on_click="ignore",
    file_name="microneedling-side-effects.csv",
    mime="text/csv",
)

with st.expander("What the evidence levels mean"):
    for label, meaning in EVIDENCE_LEGEND.items():
        st.markdown(f"**{label}**: {meaning}")

with st.expander("Sources of these figures"):
    for source in cited_sources(rows, dataset.sources).itertuples():
        link = f" [{source.url}]({source.url})" if isinstance(source.url, str) else ""
        st.markdown(f"**{source.source_id}** {source.citation}{link}")
