"""My skin: a person's own side-effect profile for their skin type, procedure and situation."""

import streamlit as st

from analysis.data.vocabulary import EVIDENCE_LEVELS, PROCEDURES, SKIN_TYPES
from analysis.outputs.images import ExportUnavailable
from analysis.outputs.summary import describe_profile, summary_html, summary_pdf
from analysis.views.risk import NOT_SURE, Profile, personal_profile
from analysis.views.specs import ChartSpec
from pages.common.chart_controls import show_chart
from pages.common.link import linked_state, set_link
from pages.common.session_data import dataset_or_stop
from pages.common.view_cache import view_charts

dataset = dataset_or_stop()
skin_types = dataset.skin_types.set_index("skin_type")
factors = dataset.factors.set_index("factor")

linked, notices = linked_state(
    "profile_my_skin",
    lambda params: Profile.from_query_params(params, list(factors.index)),
    "my_",
)
PROCEDURE_CHOICES = {"traditional": ("traditional",), "radiofrequency": ("radiofrequency",)}
PROCEDURE_CHOICES["both"] = tuple(PROCEDURES)
for key, value in (
    ("my_skin_type", linked.skin_type),
    ("my_procedure", next(k for k, v in PROCEDURE_CHOICES.items() if v == linked.procedures)),
    *((f"my_factor_{f}", f in linked.factors) for f in factors.index),
):
    st.session_state.setdefault(key, value)

st.title("My skin")
st.write(
    "What could microneedling do to **your** skin? Choose your skin type and anything that "
    "applies to you. The answer comes from the same published figures as the rest of the app, "
    "in plain words. It informs; it does not diagnose."
)
for notice in notices:
    st.warning(notice, icon="🔗")

left, right = st.columns([3, 2], gap="large")
with left:
    st.header("1. Your skin type")
    swatches = "".join(
        f"<div style='flex:1;text-align:center'><div style='height:28px;border-radius:6px;"
        f"background:{row.swatch_hex};border:1px solid #999'></div>"
        f"<small>Type {skin_type}</small></div>"
        for skin_type, row in skin_types.iterrows()
    )
    st.html(f"<div style='display:flex;gap:6px;margin-bottom:8px'>{swatches}</div>")
    skin_type = st.radio(
        "How does your skin react to the sun?",
        [*SKIN_TYPES, NOT_SURE],
        format_func=lambda t: "Not sure" if t == NOT_SURE else f"Type {t}",
        captions=[
            *skin_types["description"],
            (
                "We show the widest range over all six types. Your type is how your skin reacts "
                "to sun: the more easily it tans and the less it burns, the higher the type."
            ),
        ],
        key="my_skin_type",
    )
with right:
    st.header("2. The treatment")
    procedure_choice = st.radio(
        "Which kind of microneedling?",
        list(PROCEDURE_CHOICES),
        format_func=lambda c: "Both, to compare" if c == "both" else PROCEDURES[c],
        key="my_procedure",
    )
    st.header("3. Your situation")
    st.caption("Tick anything that applies now.")
    chosen_factors = tuple(
        factor
        for factor, row in factors.iterrows()
        if st.checkbox(row["label"], key=f"my_factor_{factor}", help=row["description"])
    )

profile = Profile(skin_type, PROCEDURE_CHOICES[procedure_choice], chosen_factors)
st.session_state["profile_my_skin"] = profile
link = profile.to_query_params()
set_link(link)
result = personal_profile(dataset, profile)
rows = result.side_effects
subtitle = describe_profile(profile, dataset)

st.divider()
st.header("What to know for your skin")
st.caption(subtitle)


def sources_of(flag) -> str:
    return f"*Sources: {flag.source_ids.replace(';', ', ')}*"


def scope_of(flag) -> str:
    """'acne flare-up, radiofrequency microneedling': what a flag is about, if not everything."""
    parts = [flag.side_effect_label.lower()] if flag.side_effect_label else []
    if flag.procedure:
        parts.append(PROCEDURES[flag.procedure].lower())
    return f" ({', '.join(parts)})" if parts else ""


if result.stops:
    reasons = "\n".join(
        f"- **{flag.factor_label}**{scope_of(flag)}: {flag.note} {sources_of(flag)}"
        for flag in result.stops
    )
    st.error(
        f"### Not recommended for you right now\n{reasons}", icon=":material/do_not_disturb_on:"
    )
for flag in result.cautions:
    st.warning(
        f"**{flag.factor_label}**{scope_of(flag)}: {flag.note} {sources_of(flag)}",
        icon=":material/warning:",
    )

st.subheader("Your side effects, most likely first")
st.write(
    "Each figure is the range published studies found, as a number of people out of 100. "
    "*No published figure* means nobody has measured it, not that it cannot happen. A "
    "duration marked *(derived)* was worked out (from follow-up visits, a related measure or "
    "other skin types), not timed in people; one in words is the source's own words."
)
with_figure = rows[rows["likelihood_high_pct"].notna()]
for row in with_figure.head(3).itertuples():
    procedure = f", {PROCEDURES[row.procedure].lower()}" if len(profile.procedures) > 1 else ""
    st.markdown(
        f"- **{row.label}**{procedure}: {row.in_100_people}; how long: {row.how_long}; "
        f"{row.seriousness.lower()}."
    )
st.dataframe(
    rows.assign(
        procedure=rows["procedure"].astype(str).map(PROCEDURES),
        raised_by=rows["raised_by"].map(lambda r: ", ".join(r)),
        evidence=rows["evidence"].astype(str).map(EVIDENCE_LEVELS),
        source_ids=rows["source_ids"].str.replace(";", ", "),
    )[
        [
            "label",
            "procedure",
            "in_100_people",
            "how_long",
            "seriousness",
            "raised_by",
            "evidence",
            "source_ids",
            "note",
        ]
    ],
    column_config={
        "label": "Side effect",
        "procedure": "Procedure",
        "in_100_people": "How many people",
        "how_long": "How long it lasts",
        "seriousness": "How serious",
        "raised_by": "Raised for you by",
        "evidence": "Evidence",
        "source_ids": "Sources",
        "note": st.column_config.TextColumn("What the figure means", width="large"),
    },
    hide_index=True,
    width="stretch",
)

show_chart(
    view_charts(dataset, "my_skin", link)["timeline"],
    "microneedling-recovery-timeline",
    ChartSpec.of("my-skin-timeline", link),
)

st.subheader("What lowers the risk")
advice = dataset.advice[dataset.advice["procedure"].isin(["*", *profile.procedures])]
for kind, heading in (("lowers_risk", None), ("question", "Questions to ask a practitioner")):
    if heading:
        st.subheader(heading)
    for item in advice[advice["kind"] == kind].itertuples():
        st.markdown(f"- {item.text} *({item.source_ids.replace(';', ', ')})*")

st.subheader("Take it with you")
st.write(
    "A summary to print or take to a consultation: today's date, your choices, every side "
    "effect with its figures, and the sources in full."
)
if st.button("Prepare my summary", type="primary"):
    with st.spinner("Printing your summary…"):
        try:
            st.session_state["summary_my_skin"] = (profile, summary_pdf(dataset, profile, result))
        except ExportUnavailable as error:
            st.session_state.pop("summary_my_skin", None)
            st.error(
                f"The summary could not be printed on this server. {error} The web page "
                "version below has the same content."
            )
prepared = st.session_state.get("summary_my_skin")
if prepared and prepared[0] == profile:
    st.download_button(
        "Download my summary (PDF)",
        data=prepared[1],
        file_name="microneedling-my-skin-summary.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
    )
st.download_button(
    "Download my summary as a web page (HTML)",
    data=lambda: summary_html(dataset, profile, result),
    file_name="microneedling-my-skin-summary.html",
    mime="text/html",
    on_click="ignore",
    icon=":material/description:",
)
