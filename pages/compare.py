"""Compare: two skin types, two procedures or two profiles side by side, for a class or a talk.

The comparison lives in the URL (a teacher shares the exact view); a presentation mode shows one
chart at a time in large type, the sidebar out of the way.
"""

from dataclasses import replace

import pandas as pd
import streamlit as st

from analysis.charts.frame import Canvas, framed
from analysis.data.tables import cited_sources
from analysis.data.vocabulary import PROCEDURES, SKIN_TYPES
from analysis.views.comparison import (
    MODES,
    SLIDES,
    Comparison,
    Profile,
    profile_rows,
    situation_flags,
)
from analysis.views.specs import ChartSpec
from pages.common.chart_controls import show_chart, show_figure
from pages.common.link import link_params, set_link
from pages.common.session_data import dataset_or_stop
from pages.common.view_cache import view_charts

PRESENTATION_TEXT_SCALE = 1.5
PRESENTATION_HEIGHT = 780
# Presentation mode: no sidebar, the whole width, large dark type on white.
PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"] { display: none; }
[data-testid="stMainBlockContainer"] { max-width: 100%; padding: 2rem 2rem 1rem; }
[data-testid="stMain"] { background: #ffffff; color: #000000; }
[data-testid="stMain"] p { font-size: 1.35rem; }
</style>
"""

dataset = dataset_or_stop()
side_effects = tuple(dataset.catalog["side_effect"])
effect_labels = dict(zip(dataset.catalog["side_effect"], dataset.catalog["label"]))
factor_labels = dict(zip(dataset.factors["factor"], dataset.factors["label"]))

_STATE_KEY = "compare_view"
_URL_NOTICES_KEY = "compare_url_notices"
if _STATE_KEY not in st.session_state:
    params = link_params()
    view, notices = Comparison.from_query_params(params, side_effects, tuple(factor_labels))
    st.session_state[_STATE_KEY] = view
    st.session_state[_URL_NOTICES_KEY] = notices
stored: Comparison = st.session_state[_STATE_KEY]


def _present(presenting: bool, slide: int = 0) -> None:
    """Start, leave or move through the presentation (a button callback, run before the page)."""
    view: Comparison = st.session_state[_STATE_KEY]
    st.session_state[_STATE_KEY] = replace(view, presenting=presenting, slide=slide)


def _seed(key: str, value) -> str:
    """Widget key, filled from the stored view when the widget was not on the last run."""
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def pick_groups() -> Comparison:
    """The group widgets: what is shared in the chosen mode first, then group A beside B."""
    mode = st.radio(
        "Compare",
        list(MODES),
        format_func=MODES.get,
        horizontal=True,
        key=_seed("compare_mode", stored.mode),
    )
    skin_label = {t: f"Type {t}" for t in SKIN_TYPES}

    def skin(key: str, value: str, label: str = "Skin type (Fitzpatrick)") -> str:
        return st.selectbox(label, SKIN_TYPES, format_func=skin_label.get, key=_seed(key, value))

    def procedure(key: str, value: str, label: str = "Procedure") -> str:
        return st.selectbox(
            label, list(PROCEDURES), format_func=PROCEDURES.get, key=_seed(key, value)
        )

    def situation(key: str, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(
            st.multiselect(
                "Situation (flags only: no source gives numbers)",
                list(factor_labels),
                format_func=factor_labels.get,
                key=_seed(key, list(value)),
            )
        )

    a, b = stored.a, stored.b
    left, right, shared_column = st.columns(3)
    if mode == "skin":
        with shared_column:
            shared = procedure("compare_procedure_a", a.procedure, "Procedure (both groups)")
        with left:
            a = Profile(skin("compare_skin_a", a.skin_type, "Group A: skin type"), shared)
        with right:
            b = Profile(skin("compare_skin_b", b.skin_type, "Group B: skin type"), shared)
    elif mode == "procedure":
        with shared_column:
            shared = skin("compare_skin_a", a.skin_type, "Skin type (both groups)")
        with left:
            a = Profile(shared, procedure("compare_procedure_a", a.procedure, "Group A: procedure"))
        with right:
            b = Profile(shared, procedure("compare_procedure_b", b.procedure, "Group B: procedure"))
    else:
        left, right = st.columns(2)
        chosen = []
        for column, group, profile in ((left, "a", a), (right, "b", b)):
            with column:
                st.markdown(f"**Group {group.upper()}**")
                chosen.append(
                    Profile(
                        skin(f"compare_skin_{group}", profile.skin_type),
                        procedure(f"compare_procedure_{group}", profile.procedure),
                        situation(f"compare_situation_{group}", profile.factors),
                    )
                )
        a, b = chosen
    effect_column, present_column = st.columns([2, 1], vertical_alignment="bottom")
    effect = effect_column.selectbox(
        "Side effect for the icon arrays",
        side_effects,
        format_func=effect_labels.get,
        key=_seed("compare_effect", stored.side_effect),
    )
    present_column.button(
        "Present: one chart at a time",
        on_click=_present,
        args=(True,),
        icon=":material/slideshow:",
        type="primary",
        width="stretch",
    )
    return Comparison(mode=mode, a=a, b=b, side_effect=effect)


if stored.presenting:
    view = stored
else:
    st.title("Compare two groups")
    st.write(
        "Put two skin types, two procedures or two profiles side by side: how many people in "
        "100 get each side effect, and for how long, as published. The link in your browser's "
        "address bar reproduces this comparison, so you can share it with a class."
    )
    for notice in st.session_state[_URL_NOTICES_KEY]:
        st.warning(notice, icon="🔗")
    view = pick_groups()
st.session_state[_STATE_KEY] = view
set_link(view.to_query_params())

rows_a = profile_rows(dataset.side_effects, view.a)
rows_b = profile_rows(dataset.side_effects, view.b)
# The charts as a still view: presenting is how they are shown, not what they show.
link = replace(view, presenting=False, slide=0).to_query_params()
drawn = view_charts(dataset, "compare", link)
charts = [
    (drawn[chart], f"microneedling-compare-{name}", ChartSpec.of(f"compare-{chart}", link))
    for chart, name in (
        ("icons", "icon-arrays"),
        ("likelihood", "likelihood"),
        ("duration", "duration"),
    )
]

if view.presenting:
    st.html(PRESENTATION_CSS)
    previous, position, following, leave = st.columns([1, 2, 1, 1], vertical_alignment="center")
    previous.button(
        "Previous",
        on_click=_present,
        args=(True, view.slide - 1),
        disabled=view.slide == 0,
        icon=":material/arrow_back:",
        shortcut="Left",
        width="stretch",
    )
    position.markdown(f"**Slide {view.slide + 1} of {len(SLIDES)}** · {SLIDES[view.slide]}")
    following.button(
        "Next",
        on_click=_present,
        args=(True, view.slide + 1),
        disabled=view.slide == len(SLIDES) - 1,
        icon=":material/arrow_forward:",
        shortcut="Right",
        width="stretch",
    )
    leave.button("Leave presentation", on_click=_present, args=(False,), width="stretch")
    chart, name, _ = charts[view.slide]
    canvas = Canvas(height=PRESENTATION_HEIGHT, text_scale=PRESENTATION_TEXT_SCALE, page_width=1400)
    show_figure(framed(chart, canvas), f"present-{name}")
    st.stop()

for chart, name, spec in charts:
    show_chart(chart, name, spec)

flags = {
    label: situation_flags(dataset.modifiers, dataset.factors, profile)
    for label, profile in zip(view.group_labels(), (view.a, view.b))
    if profile.factors
}
if flags:
    with st.expander("What the sources say about the situations", expanded=True):
        st.caption("No source gives a number for how much these change a risk.")
        for label, rows in flags.items():
            st.markdown(f"**{label}**")
            for flag in rows.itertuples():
                about = effect_labels.get(flag.side_effect, "all side effects").lower()
                st.markdown(
                    f"- {flag.label} ({about}): **{flag.effect}**. {flag.note} [{flag.source_ids}]"
                )

with st.expander("Sources of these figures"):
    for source in cited_sources(pd.concat([rows_a, rows_b]), dataset.sources).itertuples():
        link = f" [{source.url}]({source.url})" if isinstance(source.url, str) else ""
        st.markdown(f"**{source.source_id}** {source.citation}{link}")
