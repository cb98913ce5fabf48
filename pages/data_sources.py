"""Data & sources: the whole table, what each column means, where each figure comes from,
how the data was built, and a person's own table for this session."""

import streamlit as st

from analysis.charts.evidence_map import darker_skin_gap
from analysis.data.dataset import DatasetError
from analysis.data.evidence_map import evidence_map
from analysis.data.readme import column_definitions, last_reviewed, section
from analysis.data.tables import (
    READABLE_SOURCE_COLUMNS,
    cited_sources,
    evidence_summary,
    readable_table,
    search_rows,
    source_list,
)
from analysis.data.upload import MAX_UPLOAD_MB, problem_table, upload_name, validate_upload
from analysis.data.vocabulary import (
    EVIDENCE_DESCRIPTIONS,
    EVIDENCE_LEGEND,
    EVIDENCE_MAP_BASES,
    EVIDENCE_MAP_DESCRIPTIONS,
)
from analysis.outputs.safe_csv import template_csv, to_safe_csv
from analysis.views.filters import single_param
from analysis.views.specs import ChartSpec
from pages.common.chart_controls import show_chart
from pages.common.link import UPLOADED_KEY, link_params
from pages.common.session_data import (
    UPLOAD_TAB_ONLY,
    bundled_dataset,
    dataset_or_stop,
    use_uploaded,
)
from pages.common.view_cache import view_charts

_SEARCH_KEY = "data_search"
_UPLOAD_WIDGET_KEY = "upload_file"
_PROBLEMS_KEY = "upload_problems"


def _check_upload() -> None:
    """On a new upload: use it if valid, else keep what is shown and keep the problems to show."""
    uploaded = st.session_state.get(_UPLOAD_WIDGET_KEY)
    st.session_state.pop(_PROBLEMS_KEY, None)
    if uploaded is None:
        return
    name = upload_name(uploaded.name)
    bundled = bundled_dataset()
    try:
        side_effects = validate_upload(
            uploaded.getvalue(), name, bundled.catalog, set(bundled.sources["source_id"])
        )
    except DatasetError as error:
        st.session_state[_PROBLEMS_KEY] = (name, error.problems)
        return
    use_uploaded(name, side_effects)


dataset = dataset_or_stop()
definitions = column_definitions()

st.title("Data & sources")
st.write(
    "Every figure in this app, with its range, how strong the evidence is and the published "
    "source it comes from. Search and sort the table, tick a row to see its sources, and "
    f"download it all. Last reviewed: **{last_reviewed()}**. "
    "Have a table of your own? See [Use your own data](#use-your-own-data) below."
)

# The search box is part of the link, like the Explorer's filters.
if _SEARCH_KEY not in st.session_state:
    url_notices: list[str] = []
    params = link_params()
    st.session_state[_SEARCH_KEY] = single_param(params, "search", url_notices) or ""
    st.session_state["data_url_notices"] = url_notices
for notice in st.session_state["data_url_notices"]:
    st.warning(notice, icon="🔗")

st.header("The whole table")
query = st.text_input(
    "Search the table",
    key=_SEARCH_KEY,
    max_chars=200,
    placeholder="e.g. darkening type VI, or R18",
    help="Shows the rows that contain every word you type, in any column.",
)
if query.strip():
    st.query_params["search"] = query.strip()
else:
    st.query_params.pop("search", None)

table = readable_table(dataset.side_effects, dataset.catalog)
shown = search_rows(table, query)
st.caption(
    f"{len(shown)} of {len(table)} rows. Click a column heading to sort; hover over it to see "
    "what the column means; tick a row to see only its sources below."
)
event = st.dataframe(
    shown,
    hide_index=True,
    width="stretch",
    key="data_table",
    on_select="rerun",
    selection_mode="single-row",
    placeholder="—",
    column_config={
        label: st.column_config.Column(help=definitions.get(column))
        for label, column in READABLE_SOURCE_COLUMNS.items()
    },
)

selected = [shown.index[i] for i in event.selection.rows if i < len(shown)]
if selected:
    row = shown.loc[selected[0]]
    st.subheader("Sources of the ticked row")
    # Row text may come from an upload: shown as plain text, never Markdown.
    st.text(f"{row['Side effect']} · {row['Procedure']} · {row['Skin type']}")
    evidence = dataset.side_effects.loc[selected[0], "evidence"]
    st.text(f"Evidence: {row['Evidence']}. {EVIDENCE_DESCRIPTIONS[evidence]}")
    st.text(f"Note: {row['Note']}")
    cited = cited_sources(dataset.side_effects.loc[selected], dataset.sources)
else:
    st.subheader("Sources of the rows shown")
    cited = cited_sources(dataset.side_effects.loc[shown.index], dataset.sources)
st.dataframe(
    source_list(cited),
    hide_index=True,
    width="stretch",
    placeholder="—",
    row_height=80,  # room for a citation to wrap onto three lines
    column_config={
        "Citation": st.column_config.TextColumn(width="large"),
        "Year": st.column_config.NumberColumn(format="%d"),
        "Link": st.column_config.LinkColumn(
            help="Opens the source in a new tab", display_text=r"https?://(?:www\.)?([^/]+)"
        ),
    },
)

own_data = UPLOADED_KEY in st.session_state
left, right = st.columns(2)
left.download_button(
    "Download the whole table (CSV)",
    data=to_safe_csv(dataset.side_effects),
    file_name="my-side-effects.csv" if own_data else "microneedling-side-effects.csv",
    mime="text/csv",
    help="In the format of data/side_effects.csv: edit it and upload it below.",
)
right.download_button(
    "Download the sources list (CSV)",
    data=to_safe_csv(source_list(dataset.sources)),
    file_name="microneedling-sources.csv",
    mime="text/csv",
)

with st.expander("What each column means"):
    lines = ["| Column in the file | Shown as | What it means |", "|---|---|---|"]
    for column, meaning in definitions.items():
        labels = [label for label, c in READABLE_SOURCE_COLUMNS.items() if c == column]
        lines.append(f"| `{column}` | {', '.join(labels)} | {meaning} |")
    st.markdown("\n".join(lines))

st.header("How the data was built")
st.write(
    "No study splits its results by skin type, so each row is either **measured** in a group "
    "that included that skin type, or **extrapolated** from other skin types or a similar "
    "procedure (the row's note says where). A duration nobody timed, worked out from "
    "follow-up visits, a related measure or other skin types, is marked **(derived)**; a "
    "duration a source gives only in words is shown in its words, with its source. Where "
    "nothing was published, the figure is left empty, never 0. Evidence levels, strongest first:"
)
st.dataframe(evidence_summary(dataset.side_effects), hide_index=True)
with st.expander("What the evidence levels mean"):
    for label, meaning in EVIDENCE_LEGEND.items():
        st.markdown(f"**{label}**: {meaning}")

side_by_side = view_charts(dataset, "evidence", {})["map"]
stacked = view_charts(dataset, "evidence", {}, stacked=True)["map"]
st.subheader("Where the evidence is thin")
st.write(
    "For each side effect, skin type and procedure: was the figure measured in people with "
    "that skin type, read in a secondary summary, derived, carried over from other skin types, "
    f"or is there none? {darker_skin_gap(evidence_map(dataset.side_effects, dataset.catalog))}"
)
show_chart(
    side_by_side, "microneedling-evidence-map", ChartSpec.of("evidence-map", {}), screen=stacked
)
with st.expander("What each colour of the evidence map means"):
    for basis, label in EVIDENCE_MAP_BASES.items():
        st.markdown(f"**{label}**: {EVIDENCE_MAP_DESCRIPTIONS[basis]}")
with st.expander("How rows were filled in for each skin type"):
    st.markdown(section("Skin-type rules"))
with st.expander("What has no published figure"):
    st.markdown(section("What has no published figure"))

st.header("Use your own data")
st.write(
    "Explore your own table (a clinic's audit, a teaching scenario) on every page; nothing is "
    "saved. It must have the columns of the bundled table, side effects from the bundled "
    "catalog and source ids from the bundled sources list. Start from the template. Files up "
    f"to {MAX_UPLOAD_MB} MB."
)
st.info(
    f"**Your table stays private to this browser tab**, and nothing is saved. {UPLOAD_TAB_ONLY}",
    icon="🔒",
)
st.download_button(
    "Download a template (CSV)",
    data=template_csv(bundled_dataset().side_effects),
    file_name="side-effects-template.csv",
    mime="text/csv",
)
st.file_uploader(
    "Upload a side-effects table (CSV, UTF-8)",
    type=["csv"],
    max_upload_size=MAX_UPLOAD_MB,
    key=_UPLOAD_WIDGET_KEY,
    on_change=_check_upload,
)
# Streamlit 1.67 gives its drop zone role="presentation" and also names it (aria-label), a
# conflict screen readers and axe flag. Without the role it is a named region, as intended.
st.html(
    "<script>new MutationObserver(() => document"
    ".querySelectorAll('[data-testid=stFileUploaderDropzone][role=presentation]')"
    ".forEach(z => z.removeAttribute('role')))"
    ".observe(document.body, {childList: true, subtree: true});</script>",
    unsafe_allow_javascript=True,
)
if _PROBLEMS_KEY in st.session_state:
    name, problems = st.session_state[_PROBLEMS_KEY]
    still = "your earlier file" if own_data else "the bundled data"
    st.error(
        f"**That file was not used**: {len(problems)} problem(s) to fix, listed below. "
        f"The app still shows {still}.",
        icon="🚫",
    )
    st.text(f"File: {name}")
    st.dataframe(
        problem_table(problems, definitions),
        hide_index=True,
        width="stretch",
        column_config={
            "Line": st.column_config.NumberColumn(
                help="Line of your file; line 1 is the header, so the first row is line 2"
            ),
            "What is wrong": st.column_config.TextColumn(width="large"),
            "What the column should hold": st.column_config.TextColumn(width="large"),
        },
        placeholder="—",
        row_height=80,
    )
    st.caption(
        "Fix these and upload the file again. Some checks (known side effects and sources, "
        "repeated rows) run only once every cell holds the right kind of value, so a second "
        "round can find more."
    )
elif own_data:
    st.success("Your file passed every check and is in use on every page.", icon="✅")
