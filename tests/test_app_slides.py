"""The Slide deck page, run headless with AppTest: charts added on other pages are listed,
can be reordered or removed, and the deck downloads as one PowerPoint file."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


def compare_page():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page("pages/compare.py")
    return at.run()


def add(at, chart: str):
    """Open the chart's "Download or add to slides" and click "Add to slide deck"."""
    at.session_state[f"export_open_microneedling-compare-{chart}"] = True
    at.run()
    at.button(key=f"export_deck_microneedling-compare-{chart}").click().run()


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
    assert len(at.session_state["slide_deck"]) == 2

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
