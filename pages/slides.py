"""Slide deck: the charts picked with "Add to slide deck" on any page, as one PowerPoint file."""

import streamlit as st

from analysis.deck import build_deck
from analysis.export import export_unavailable, warm_export_browser
from pages.common import DECK_KEY, dataset_or_stop

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

dataset = dataset_or_stop()
deck = st.session_state.setdefault(DECK_KEY, [])

st.title("Slide deck")
st.write(
    "Charts you added with **Add to slide deck** (under any chart, in *Download or add to "
    "slides*), each with the filters it had. The PowerPoint file has a title slide, one chart "
    "per slide with the numbers behind it in the speaker notes, and the sources; every slide "
    "carries the source line and *Educational use, not medical advice*."
)

if not deck:
    st.info(
        "No charts yet. Open **Download or add to slides** under a chart on the Explore or "
        "Compare page and choose **Add to slide deck**.",
        icon="🗂️",
    )
    st.stop()


def _move(index: int, step: int) -> None:
    deck[index], deck[index + step] = deck[index + step], deck[index]


for index, chart in enumerate(deck):
    text, up, down, remove = st.columns([6, 1, 1, 1.2], vertical_alignment="center")
    text.markdown(f"**{index + 1}. {chart.title}**  \n{chart.subtitle}")
    up.button(
        "Up",
        icon=":material/arrow_upward:",
        help="Move up",
        key=f"deck_up_{index}",
        on_click=_move,
        args=(index, -1),
        disabled=index == 0,
    )
    down.button(
        "Down",
        icon=":material/arrow_downward:",
        help="Move down",
        key=f"deck_down_{index}",
        on_click=_move,
        args=(index, 1),
        disabled=index == len(deck) - 1,
    )
    remove.button(
        "Remove",
        icon=":material/delete:",
        help="Remove from the deck",
        key=f"deck_remove_{index}",
        on_click=deck.pop,
        args=(index,),
    )

title = st.text_input("Title of the deck", "Microneedling: how likely are the side effects?")
charts = list(deck)  # what the button builds, even if the deck changes before the click
unavailable = export_unavailable()
warm_export_browser()  # this page is for exporting: start it now
st.download_button(
    f"Download the deck (PowerPoint, {len(charts) + 2} slides or more)",
    data=lambda: build_deck(charts, dataset.sources, title),
    file_name="microneedling-side-effects.pptx",
    mime=PPTX_MIME,
    on_click="ignore",
    disabled=unavailable is not None,
    type="primary",
    icon=":material/slideshow:",
)
if unavailable:
    st.warning(f"{unavailable} The charts' own camera icons still save each chart as a PNG.")
st.button("Empty the deck", on_click=deck.clear, icon=":material/delete_sweep:")
