"""Broken, hostile or odd links to the Explorer: defaults and a notice, never a traceback."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

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
