"""Broken, hostile or odd links to the Explorer and to a slide deck: defaults and a notice,
never a traceback, and every good part of the link kept."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.data.vocabulary import SKIN_TYPES

APP = Path(__file__).resolve().parent.parent / "app.py"

# (query parameters, words the notice must contain)
BAD_LINKS = [
    ({"skin": "VII"}, "unknown skin type 'VII'"),
    ({"skin": "banana;DROP TABLE"}, "unknown skin type"),
    ({"skin": "<script>alert(1)</script>"}, "unknown skin type"),
    ({"skin": "I," * 5000}, "too long"),
    ({"scale": "9" * 400}, "too long"),
    ({"scale": "1e999"}, "Ignored scale"),
    ({"skin": ["II", "V"]}, "gives 'skin' 2 times"),
    ({"procedure": ["laser", "traditional", "rf"]}, "gives 'procedure' 3 times"),
    ({"skin": "Ⅱ"}, "unknown skin type 'Ⅱ'"),  # the one-character Roman numeral
    ({"skin": "タイプII,\u202eV"}, "unknown skin type"),
    ({"evidence": "\x00\x01"}, "unknown evidence level"),
    ({"scale": ""}, "Ignored scale ''"),
    ({"": "II"}, "unknown link setting ''"),
    ({"k" * 300: "1"}, "unknown link setting 'kkkkk"),
]


def run_app(query: dict) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page("pages/explorer.py").run()


@pytest.mark.parametrize("query, notice", BAD_LINKS)
def test_a_bad_link_shows_the_default_view_with_a_notice(query, notice):
    at = run_app(query)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(notice in w for w in warnings), warnings
    assert len(at.get("plotly_chart")) == 3


def test_an_empty_skin_setting_is_an_empty_selection_with_guidance():
    # `?skin=` is what the app itself writes when no skin type is chosen, so it round-trips.
    at = run_app({"skin": ""})
    assert not at.exception
    assert "Choose at least one skin type" in at.info[0].value
    assert at.multiselect(key="filter_skin_types").value == []


def test_good_settings_beside_a_bad_one_are_kept():
    at = run_app({"skin": "II,VII", "procedure": "radiofrequency"})
    assert not at.exception
    assert at.multiselect(key="filter_skin_types").value == ["II"]
    assert at.multiselect(key="filter_procedures").value == ["radiofrequency"]
    assert any("'VII'" in w.value for w in at.warning)


GOOD = "compare-icons~explorer-grid?skin=II"
# (deck link, words the notice must contain, how many charts are kept)
BAD_DECK_LINKS = [
    ({"deck": "nonsense"}, "'nonsense' is not a chart this app draws", 0),
    ({"deck": f"<script>alert(1)</script>~{GOOD}"}, "'<script>alert(1)</script>' is not", 2),
    ({"deck": f"{GOOD}~explorer-grid?skin=VII"}, "Chart 3 of the deck link: Ignored unknown", 3),
    ({"deck": f"explorer-grid?skin=II&skin=V~{GOOD}"}, "gives 'skin' 2 times", 3),
    ({"deck": f"compare-icons?effect=../../etc/passwd~{GOOD}"}, "Ignored effect '../../", 2),
    ({"deck": f"compare-icons?upload=../x~{GOOD}"}, "not the id of an uploaded table", 2),
    ({"deck": f"{GOOD}~compare-icons"}, "chart 3 of the deck link: it repeats another", 2),
    ({"deck": f"explorer-grid?scale={'9' * 400}~{GOOD}"}, "Ignored 'scale' in the link", 3),
    ({"deck": "~".join([GOOD] * 2000)}, "too long to be a real setting", 0),
    (
        {"deck": "~".join(f"explorer-grid?skin={t}" for t in SKIN_TYPES * 4)},
        "kept the first 20",
        6,
    ),
    ({"deck": [GOOD, "nonsense"]}, "gives 'deck' 2 times", 0),
    ({"deck": "\x00~%00%ff~\u202e"}, "is not a chart this app draws", 0),
    ({"deck": GOOD, "slide": "7"}, "unknown link setting 'slide'", 2),
    ({"deck": GOOD, "deck_title": "t" * 300}, "Ignored 'deck_title' in the link", 2),
]


@pytest.mark.parametrize("query, notice, kept", BAD_DECK_LINKS)
def test_a_bad_deck_link_keeps_every_good_chart_with_a_notice(query, notice, kept):
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/slides.py").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(notice in w for w in warnings), warnings
    listed = [m for m in at.markdown if m.value.startswith("**")]
    assert len(listed) == kept
    if kept:
        deck_buttons = [b for b in at.get("download_button") if "deck" in b.proto.label]
        assert deck_buttons[0].proto.label.startswith(f"Download the deck (PowerPoint, {kept + 2}")


def test_a_title_from_a_link_is_kept_as_plain_text():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["deck"] = GOOD
    at.query_params["deck_title"] = "**Week 3**\x00 <b>PIH</b>"
    at.switch_page("pages/slides.py").run()
    assert not at.exception
    assert at.text_input(key="deck_title").value == "**Week 3** <b>PIH</b>"
