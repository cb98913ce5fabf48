"""Explorer: filter the side-effects table and see how likely each effect is and how long it lasts."""

import pyarrow as pa
import streamlit as st

from analysis.data.vocabulary import EVIDENCE_LEGEND
from analysis.outputs.safe_csv import to_safe_csv
from analysis.views.specs import ChartSpec
from pages.common.chart_controls import narrow_screen, show_chart
from pages.common.session_data import dataset_or_stop
from pages.common.sidebar_filters import sidebar_filters
from pages.common.view_cache import once, view_charts

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

# The view's charts are built once for every session showing it, each with the rows behind it.
link = state.to_query_params()
charts = view_charts(dataset, "explorer", link, stacked)
table = charts["likelihood"].table

if table.empty:
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

st.caption(f"Showing {len(table)} rows · {charts['likelihood'].subtitle}")

for chart, name in (
    ("likelihood", "microneedling-likelihood"),
    ("duration", "microneedling-duration"),
    ("grid", "microneedling-by-skin-type"),
):
    show_chart(charts[chart], name, ChartSpec.of(f"explorer-{chart}", link))

st.header("The figures behind the charts")
# Worked out once per view, not on every run (the view's charts are shared): the table as
# shown, in Arrow (what st.dataframe sends), and the sources' list.
shown = once(
    table,
    "shown",
    lambda: pa.Table.from_pandas(
        table.drop(columns=[c for c in table.columns if c.endswith(("(%)", "(days)"))]),
        preserve_index=False,
    ),
)
st.dataframe(shown, hide_index=True, width="stretch")
st.download_button(
    "Download these rows (CSV)",
    data=lambda: to_safe_csv(table),
    on_click="ignore",
    file_name="microneedling-side-effects.csv",
    mime="text/csv",
)

# One Markdown element each (not one per line): every element costs the server on every run.
with st.expander("What the evidence levels mean"):
    st.markdown(
        "\n\n".join(f"**{label}**: {meaning}" for label, meaning in EVIDENCE_LEGEND.items())
    )

sources = once(
    table,
    "sources",
    lambda: "\n\n".join(
        f"**{source.source_id}** {source.citation}"
        + (f" [{source.url}]({source.url})" if isinstance(source.url, str) else "")
        for source in dataset.sources[
            dataset.sources["source_id"].isin(charts["likelihood"].sources)
        ].itertuples()
    ),
)
with st.expander("Sources of these figures"):
    st.markdown(sources)
