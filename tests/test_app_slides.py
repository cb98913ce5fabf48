"""The Slide deck page, run headless with AppTest: charts added on other pages are listed,
can be reordered or removed, and the deck downloads as one PowerPoint file."""

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from analysis.data.dataset import DATA_DIR

APP = Path(__file__).resolve().parent.parent / "app.py"


def compare_page():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("pages/compare.py")
    return at.run()


def open_exports(at, *names: str):
    """Open the "Download or add to slides" of the charts named (their controls are made only
    while it is open), as a click on it does."""
    for name in names:
        at.session_state[f"export_open_{name}"] = True
    return at.run()


def add_chart(at, name: str):
    """Open a chart's "Download or add to slides" and click "Add to slide deck"."""
    open_exports(at, name).button(key=f"export_deck_{name}").click().run()


def add(at, chart: str):
    add_chart(at, f"microneedling-compare-{chart}")


def chart_titles_listed(at) -> list[str]:
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**")]


def test_an_empty_deck_explains_how_to_add_charts():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("pages/slides.py")
    at.run()
    assert not at.exception
    assert "Add to slide deck" in at.info[0].value
    assert not at.get("download_button")


def test_charts_added_on_the_compare_page_are_listed_once_each_with_their_filters():
    at = compare_page()
    add(at, "icon-arrays")
    add(at, "likelihood")
    add(at, "likelihood")  # twice: kept once
    assert len(at.session_state["slide_deck"].specs) == 2

    at.switch_page("pages/slides.py").run()
    assert chart_titles_listed(at) == [
        "1. Darkening of the skin: how many in 100 people?",
        "2. How likely is each side effect? Two groups compared",
    ]
    assert any("Type II vs type V skin" in m.value for m in at.markdown)
    (deck_button,) = [b for b in at.get("download_button") if "deck" in b.proto.label]
    assert deck_button.proto.label == "Download the deck (PowerPoint, 4 slides or more)"
    assert deck_button.proto.deferred_file_id  # built only when clicked


def test_charts_can_be_reordered_and_removed():
    at = compare_page()
    add(at, "icon-arrays")
    add(at, "duration")
    at.switch_page("pages/slides.py").run()
    at.button(key="deck_down_0").click().run()
    assert chart_titles_listed(at)[0].startswith("1. How long")
    at.button(key="deck_remove_0").click().run()
    assert chart_titles_listed(at) == ["1. Darkening of the skin: how many in 100 people?"]


def open_slides(**query) -> AppTest:
    """A new session (a reload, another browser, another server) opening the Slide deck page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page("pages/slides.py").run()


def test_the_deck_lives_in_the_page_s_link_and_a_new_session_shows_the_same_deck():
    at = compare_page()
    add(at, "icon-arrays")
    add(at, "duration")
    at.switch_page("pages/slides.py").run()
    at.text_input(key="deck_title").set_value("Week 3").run()
    link = dict(at.query_params)
    assert link == {"deck": "compare-icons~compare-duration", "deck_title": "Week 3"}
    assert at.code[0].value == "/slides?deck=compare-icons~compare-duration&deck_title=Week+3"

    again = open_slides(**link)
    assert not again.exception and not again.warning
    assert chart_titles_listed(again) == chart_titles_listed(at)
    assert again.text_input(key="deck_title").value == "Week 3"


def test_a_link_without_a_deck_keeps_the_session_s_deck():
    at = compare_page()
    add(at, "icon-arrays")
    at.query_params.clear()
    at.query_params["skin"] = "I"  # a link to another page's view, opened on this page
    at.switch_page("pages/slides.py").run()
    assert chart_titles_listed(at) == ["1. Darkening of the skin: how many in 100 people?"]
    assert at.query_params["deck"] == "compare-icons"


def test_moving_or_removing_a_chart_changes_the_link_and_stays_changed():
    at = open_slides(deck="compare-icons~compare-duration~explorer-grid")
    at.button(key="deck_down_0").click().run()
    assert at.query_params["deck"] == "compare-duration~compare-icons~explorer-grid"
    at.button(key="deck_remove_2").click().run()
    at.run()  # a later rerun does not read the old link back
    assert at.query_params["deck"] == "compare-duration~compare-icons"
    assert len(chart_titles_listed(at)) == 2
    next(b for b in at.button if b.label == "Empty the deck").click().run()
    assert "deck" not in at.query_params
    assert "No charts yet" in at.info[0].value


def test_every_chart_offers_the_way_to_the_deck_whose_page_shows_its_link():
    at = open_exports(
        compare_page(),
        *(f"microneedling-compare-{c}" for c in ("icon-arrays", "likelihood", "duration")),
    )
    links = at.get("page_link")
    assert [(link.proto.label, link.proto.page) for link in links] == [
        ("Open the slide deck", "slides")
    ] * 3
    add(at, "likelihood")
    at.switch_page("pages/slides.py").run()
    assert at.code[0].value == "/slides?deck=compare-likelihood"


def test_charts_from_the_guide_my_skin_and_the_explorer_are_drawn_again_in_the_deck():
    at = AppTest.from_file(str(APP), default_timeout=60).switch_page("pages/guide.py").run()
    at.selectbox(key="guide_risk_effect").set_value("redness").run()
    add_chart(at, "microneedling-guide-risk")
    at.switch_page("pages/my_skin.py").run()
    at.radio(key="my_skin_type").set_value("VI").run()
    add_chart(at, "microneedling-recovery-timeline")
    at.query_params.clear()  # as the sidebar's page links do
    at.query_params["skin"] = "I"
    at.switch_page("pages/explorer.py").run()
    add_chart(at, "microneedling-by-skin-type")

    at.query_params.clear()
    at.switch_page("pages/slides.py").run()
    assert not at.exception
    assert at.query_params["deck"] == (
        "guide-risk?effect=redness~my-skin-timeline?skin=VI&procedure=traditional"
        "~explorer-grid?skin=I"
    )
    assert chart_titles_listed(at) == [
        "1. How likely is each side effect?",
        "2. What to expect after treatment",
        "3. Likelihood by skin type",
    ]
    subtitles = [m.value.split("  \n")[1] for m in at.markdown if m.value.startswith("**")]
    assert subtitles == [
        "Redness · all skin types",
        "Common side effects · Skin type VI · Traditional microneedling",
        "Skin type I · Traditional and radiofrequency",
    ]


def test_a_chart_of_an_uploaded_table_is_marked_and_where_the_table_is_gone_left_out():
    at = AppTest.from_file(str(APP), default_timeout=60).switch_page("pages/data_sources.py")
    at.run()
    own = pd.read_csv(DATA_DIR / "side_effects.csv", dtype=str, keep_default_na=False)
    own = own[own["side_effect"] == "redness"].to_csv(index=False).encode()
    at.file_uploader(key="upload_file").set_value(("audit.csv", own, "text/csv")).run()
    upload_id = at.query_params["upload"]
    at.query_params.clear()
    at.switch_page("pages/explorer.py").run()
    add_chart(at, "microneedling-likelihood")
    at.query_params.clear()
    at.switch_page("pages/slides.py").run()
    assert at.query_params["deck"] == f"explorer-likelihood?upload={upload_id}"
    assert "*from your uploaded table*" in at.markdown[1].value

    # A reload, another browser or another server: the table is not there, the rest is.
    again = open_slides(deck=f"explorer-likelihood?upload={upload_id}~compare-icons")
    assert not again.exception
    assert chart_titles_listed(again) == [
        "1. A chart from an uploaded table",
        "2. Darkening of the skin: how many in 100 people?",
    ]
    assert "It can't be drawn here" in again.markdown[1].value
    assert "1 of the 2 charts came from an uploaded table" in again.warning[0].value
    (deck_button,) = [b for b in again.get("download_button") if "deck" in b.proto.label]
    assert deck_button.proto.label == "Download the deck (PowerPoint, 3 slides or more)"
    assert again.query_params["deck"] == f"explorer-likelihood?upload={upload_id}~compare-icons"


def test_a_deck_started_on_another_page_is_in_that_page_s_link_and_survives_a_reload():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["skin"] = "II"
    at.switch_page("pages/explorer.py").run()
    add_chart(at, "microneedling-duration")
    assert dict(at.query_params) == {"skin": "II", "deck": "explorer-duration?skin=II"}

    # A reload, another browser or another server: a new session on the same link.
    again = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in at.query_params.items():
        again.query_params[key] = value
    again.switch_page("pages/explorer.py").run()
    assert again.multiselect(key="filter_skin_types").value == ["II"]
    again.query_params.clear()  # as the sidebar's page links do
    again.switch_page("pages/slides.py").run()
    assert chart_titles_listed(again) == ["1. How long does each side effect last?"]


def test_a_link_to_another_page_never_replaces_the_deck_of_the_tab():
    at = compare_page()
    add(at, "icon-arrays")
    at.query_params.clear()
    at.query_params["deck"] = "explorer-grid"  # someone else's link to the Explorer
    at.switch_page("pages/explorer.py").run()
    assert at.query_params["deck"] == "compare-icons"
