"""Guide: the article as an interactive lesson, with live charts and a handout to take away."""

import datetime as dt
from collections.abc import Callable

import streamlit as st

from analysis.data.vocabulary import PROCEDURES, SKIN_TYPES
from analysis.outputs.handout import handout_html, handout_pdf
from analysis.outputs.images import ExportUnavailable
from analysis.views.guide import (
    GuideExample,
    Section,
    common_effects,
    complications,
    guide_sections,
    introduction,
    lowering_risk,
    risk_factors,
    sources_cited,
    what_to_expect,
)
from analysis.views.specs import ChartSpec
from pages.common.chart_controls import show_chart
from pages.common.session_data import dataset_or_stop
from pages.common.view_cache import guide_section, view_charts

dataset = dataset_or_stop()
labels = dict(zip(dataset.catalog["side_effect"], dataset.catalog["label"]))

st.title("Microneedling: risks and side effects")
st.write(
    "A short guide in six steps, following the article this app grew from. Each step shows what "
    "the article says, what the published research adds, and a live chart you can change. "
    "Every figure has its source; the Data & sources are one click away in each chart's footer."
)


def step(
    build: Callable[[], Section],
    control: Callable[[], object] | None = None,
    example: Callable[[object], GuideExample] | None = None,
) -> object:
    """One step: the article's points and the research, then the step's control (if any), the
    live chart, the takeaway, the evidence map (where the article talks about skin type) and
    a deep link. `example` gives the examples the chart shows for the control's value (what a
    slide deck keeps). Returns the control's value."""
    top = st.container()
    value = control() if control else None
    section = build(value) if control else build()
    with top:
        st.header(section.title, anchor=section.key)
        st.markdown("**From the article** *(source: ART)*")
        st.markdown("\n".join(f"- {claim}" for claim in section.claims))
        if section.literature:
            st.markdown("**What the research adds**")
            st.markdown("\n".join(f"- {line}" for line in section.literature))
    if section.chart is not None and example is not None:
        # The chart kinds of the Guide are named after its steps (analysis.views.specs.KINDS).
        spec = ChartSpec.of(f"guide-{section.key}", example(value).to_query_params())
        show_chart(section.chart, f"microneedling-guide-{section.key}", spec)
    st.info(f"**Takeaway:** {section.takeaway}", icon=":material/lightbulb:")
    if section.evidence is not None:
        st.markdown(
            "**Where the evidence is thin.** Each cell says what a figure rests on: measured in "
            "people of that skin type, a secondary summary, derived, carried over from other "
            "skin types, or no figure at all."
        )
        show_chart(
            section.evidence,
            f"microneedling-guide-{section.key}-evidence-map",
            ChartSpec.of("evidence-map", {}),
            screen=view_charts(dataset, "evidence", {}, stacked=True)["map"],
        )
    if section.link is not None:
        st.page_link(
            section.link.page,
            label=section.link.label,
            icon=":material/arrow_forward:",
            query_params=section.link.query,
        )
    return value


def skin_type_picker(key: str) -> Callable[[], str]:
    return lambda: st.selectbox(
        "Pick a skin type",
        SKIN_TYPES,
        index=SKIN_TYPES.index("V"),
        format_func=lambda t: f"Type {t}",
        key=key,
    )


def procedure_picker(key: str) -> Callable[[], str]:
    return lambda: st.radio(
        "Procedure", list(PROCEDURES), format_func=PROCEDURES.get, horizontal=True, key=key
    )


def expect_pickers() -> tuple[str, str]:
    left, right = st.columns(2)
    with left:
        skin = skin_type_picker("guide_expect_skin")()
    with right:
        procedure = procedure_picker("guide_expect_procedure")()
    return skin, procedure


step(introduction)
skin_type = step(
    lambda s: guide_section(dataset, common_effects, s),
    skin_type_picker("guide_common_skin"),
    lambda s: GuideExample(skin_type=s),
)
procedure = step(
    lambda p: guide_section(dataset, complications, p, skin_type),
    procedure_picker("guide_complications_procedure"),
    lambda p: GuideExample(skin_type=skin_type, procedure=p),
)
side_effect = step(
    lambda e: guide_section(dataset, risk_factors, e),
    lambda: st.selectbox(
        "Side effect to compare across skin types",
        [s for s in labels if s in set(dataset.side_effects["side_effect"])],
        index=list(labels).index("pih"),
        format_func=labels.get,
        key="guide_risk_effect",
    ),
    lambda e: GuideExample(side_effect=e),
)
step(lambda: guide_section(dataset, lowering_risk))
expect_skin, expect_procedure = step(
    lambda c: guide_section(dataset, what_to_expect, *c), expect_pickers, lambda c: GuideExample(*c)
)

st.header("Take the guide with you", anchor="handout")
st.write(
    "The whole guide, with the examples chosen above, as one HTML file that works offline with "
    "interactive charts (for a class without internet), or as a printable PDF."
)
today = dt.date.today()


def handout_parts() -> tuple[list[Section], list[tuple[str, str]]]:
    """The guide's sections with the examples chosen above, and the sources they cite; built
    only when a handout is asked for, not on every rerun of the page."""
    sections = guide_sections(dataset, expect_skin, expect_procedure, side_effect)
    sources = sources_cited(sections, dataset)
    return sections, list(zip(sources["source_id"], sources["citation"]))


st.download_button(
    "Download the offline handout (HTML)",
    data=lambda: handout_html(*handout_parts(), today).encode("utf-8"),
    file_name="microneedling-guide.html",
    mime="text/html",
    on_click="ignore",
)
if st.button("Prepare the printable PDF"):
    with st.spinner("Drawing the PDF…"):
        try:
            st.session_state["guide_pdf"] = handout_pdf(*handout_parts(), today)
        except ExportUnavailable as error:
            st.session_state.pop("guide_pdf", None)
            st.error(
                f"The PDF could not be drawn on this server. {error} The HTML handout "
                "prints well from any browser."
            )
if "guide_pdf" in st.session_state:
    st.download_button(
        "Download the printable guide (PDF)",
        data=st.session_state["guide_pdf"],
        file_name="microneedling-guide.pdf",
        mime="application/pdf",
    )
