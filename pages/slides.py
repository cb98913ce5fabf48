"""Slide deck: the charts picked with "Add to slide deck" on any page, as one PowerPoint file.

The deck is a list of chart specs kept in the link (analysis.views.specs.Deck): a reload, another
browser or another server shows the same deck, and each chart is drawn again from its spec
when the page shows it or the file is built. A link followed to this page with another deck
replaces the tab's deck; links to the other pages never do.
"""

from urllib.parse import urlencode

import streamlit as st

from analysis.data.dataset import DatasetError
from analysis.outputs.deck import build_deck
from analysis.outputs.images import export_unavailable, warm_export_browser
from analysis.views.specs import Deck
from pages.common.link import DECK_KEY, DECK_NOTICES_KEY, UPLOAD_PARAM, current_deck, set_link
from pages.common.session_data import bundled_dataset, dataset_or_stop
from pages.common.view_cache import spec_chart

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def linked_deck() -> tuple[Deck, list[str]]:
    """The deck in this page's link when the session has none yet (a reload, another browser or
    server) or when a link to another deck is followed; otherwise the session's deck, which
    the other pages add to. A link without a deck never empties the session's deck.

    Read before dataset_or_stop(), which writes the session's deck into every page's link."""
    params = {key: st.query_params.get_all(key) for key in st.query_params if key != UPLOAD_PARAM}
    stored = st.session_state.get(DECK_KEY)
    expected = {key: [value] for key, value in current_deck().to_query_params().items()}
    if stored is None or ("deck" in params and params != expected):
        try:
            deck, notices = Deck.from_query_params(params, bundled_dataset())
        except DatasetError:
            return Deck(), []  # dataset_or_stop() says what is wrong with the data, and stops
        st.session_state[DECK_KEY] = deck
        st.session_state[DECK_NOTICES_KEY] = notices
        st.session_state.pop("deck_title", None)
    return st.session_state[DECK_KEY], st.session_state.get(DECK_NOTICES_KEY, [])


deck, notices = linked_deck()
dataset = dataset_or_stop()

st.title("Slide deck")
st.write(
    "Charts you added with **Add to slide deck** (under any chart, in *Download or add to "
    "slides*), each with the filters it had. The PowerPoint file has a title slide, one chart "
    "per slide with the numbers behind it in the speaker notes, and the sources; every slide "
    "carries the source line and *Educational use, not medical advice*."
)
for notice in notices:
    st.warning(notice, icon="🔗")

if "deck_title" not in st.session_state:
    st.session_state["deck_title"] = deck.title
deck = Deck(deck.specs, st.text_input("Title of the deck", key="deck_title"))
st.session_state[DECK_KEY] = deck
set_link(deck.to_query_params())

if not deck.specs:
    st.info(
        "No charts yet. Open **Download or add to slides** under a chart on the Explore or "
        "Compare page and choose **Add to slide deck**.",
        icon="🗂️",
    )
    st.stop()


def _change(changed: Deck) -> None:
    """Keep the changed deck, and its link (a button callback: runs before the page reruns;
    a link that differs from the deck kept would read as a new link followed)."""
    st.session_state[DECK_KEY] = changed
    set_link(changed.to_query_params())


charts = [spec_chart(spec) for spec in deck.specs]
for index, chart in enumerate(charts):
    text, up, down, remove = st.columns([6, 1, 1, 1.2], vertical_alignment="center")
    if chart is None:
        text.markdown(
            f"**{index + 1}. A chart from an uploaded table**  \nIt can't be drawn here: the "
            "table stays in the browser tab it was uploaded in. It is left out of the "
            "PowerPoint file; upload the same table on the Data & sources page to bring it back."
        )
    else:
        own = " · *from your uploaded table*" if deck.specs[index].upload else ""
        text.markdown(f"**{index + 1}. {chart.title}**  \n{chart.subtitle}{own}")
    up.button(
        "Up",
        icon=":material/arrow_upward:",
        help="Move up",
        key=f"deck_up_{index}",
        on_click=_change,
        args=(deck.moved(index, -1) if index > 0 else deck,),
        disabled=index == 0,
    )
    down.button(
        "Down",
        icon=":material/arrow_downward:",
        help="Move down",
        key=f"deck_down_{index}",
        on_click=_change,
        args=(deck.moved(index, 1) if index < len(charts) - 1 else deck,),
        disabled=index == len(charts) - 1,
    )
    remove.button(
        "Remove",
        icon=":material/delete:",
        help="Remove from the deck",
        key=f"deck_remove_{index}",
        on_click=_change,
        args=(deck.without(index),),
    )

drawn = [chart for chart in charts if chart is not None]
if len(drawn) < len(charts):
    st.warning(
        f"{len(charts) - len(drawn)} of the {len(charts)} charts came from an uploaded table "
        "that this browser tab does not have, so the PowerPoint file leaves them out. The "
        "other charts are all here.",
        icon="📤",
    )
unavailable = export_unavailable()
warm_export_browser()  # this page is for exporting: start it now
if drawn:
    title = deck.title
    st.download_button(
        f"Download the deck (PowerPoint, {len(drawn) + 2} slides or more)",
        data=lambda: build_deck(drawn, dataset.sources, title),
        file_name="microneedling-side-effects.pptx",
        mime=PPTX_MIME,
        on_click="ignore",
        disabled=unavailable is not None,
        type="primary",
        icon=":material/slideshow:",
    )
if unavailable:
    st.warning(f"{unavailable} The charts' own camera icons still save each chart as a PNG.")
st.button("Empty the deck", on_click=_change, args=(Deck(),), icon=":material/delete_sweep:")

st.subheader("This deck's link")
st.write(
    "The deck lives in this link: bookmark it or send it, and it opens this deck, in this "
    "order, in any browser, after a reload or a restart."
)
st.code(
    f"{st.context.url or '/slides'}?{urlencode(deck.to_query_params(), safe=',')}",
    language=None,
    wrap_lines=True,
)
