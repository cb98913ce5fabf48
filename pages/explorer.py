"""Explorer: filter the side-effects table and see how likely each effect is and how long it lasts."""

import streamlit as st

from analysis.export import to_safe_csv
from analysis.vocabulary import EVIDENCE_DESCRIPTIONS, EVIDENCE_LEVELS
from pages.common import (
    EXPLORER_CHART_NAMES,
    dataset_or_stop,
    explorer_view,
    narrow_screen,
    screen_canvas,
    show_chart,
    sidebar_filters,
    table_fingerprint,
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

for name, (chart, figure) in zip(EXPLORER_CHART_NAMES, view.charts):
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
