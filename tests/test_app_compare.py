"""The Compare page, run headless with AppTest: the comparison lives in the URL, a change of group
changes the figures, bad links get a notice, presentation mode shows one chart at a time."""

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from analysis.charts.icon_array import UNCERTAIN_TINT, tint
from analysis.charts.theme import GROUP_COLOURS
from tests.readers import figure_texts

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_compare(**query):
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/compare.py")
    return at.run()


def chart_specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def title(spec) -> str:
    return figure_texts(spec)


def light_dots(spec, axis: str, colour: str) -> int:
    shapes = [s for s in spec["layout"]["shapes"] if s["xref"] == axis]
    return sum(s["fillcolor"] == tint(colour, UNCERTAIN_TINT) for s in shapes)


def test_by_default_type_ii_and_type_v_are_compared_for_darkening_of_the_skin():
    at = run_compare()
    assert not at.exception
    assert at.title[0].value == "Compare two groups"
    icons, likelihood, duration = chart_specs(at)
    assert "Darkening of the skin: how many in 100 people?" in title(icons)
    assert "Type II vs type V skin · Traditional microneedling" in title(likelihood)
    assert light_dots(icons, "x", GROUP_COLOURS[0]) == 0
    assert light_dots(icons, "x2", GROUP_COLOURS[1]) == 17
    assert "How long" in title(duration)
    assert dict(at.query_params) == {}


def test_a_shared_link_reproduces_the_comparison():
    at = run_compare(skin_a="III", skin_b="VI", procedure_a="radiofrequency", effect="scarring")
    assert not at.warning
    assert at.selectbox(key="compare_skin_a").value == "III"
    assert at.selectbox(key="compare_skin_b").value == "VI"
    assert at.selectbox(key="compare_procedure_a").value == "radiofrequency"
    icons, likelihood, _ = chart_specs(at)
    assert "Scarring: how many in 100 people?" in title(icons)
    assert "Type III vs type VI skin · Radiofrequency microneedling" in title(likelihood)


def test_changing_a_group_changes_the_figures_and_the_link():
    at = run_compare()
    at.selectbox(key="compare_skin_b").set_value("VI").run()
    icons, likelihood, _ = chart_specs(at)
    assert {t["name"] for t in likelihood["data"] if t.get("name")} == {
        "Type II skin",
        "Type VI skin",
    }
    assert "Type VI skin" in " ".join(a["text"] for a in icons["layout"]["annotations"])
    assert at.query_params["skin_b"] == "VI"

    at.selectbox(key="compare_procedure_a").set_value("radiofrequency").run()
    icons, _, _ = chart_specs(at)
    assert light_dots(icons, "x2", GROUP_COLOURS[1]) == 12  # 0-12% after RF microneedling
    assert at.query_params["procedure_a"] == "radiofrequency"


def test_bad_link_settings_show_a_notice_and_the_default_comparison():
    at = run_compare(skin_a="VII", effect="<script>", mode="everything")
    assert not at.exception
    notices = " ".join(w.value for w in at.warning)
    assert "skin_a 'VII'" in notices and "effect" in notices and "mode" in notices
    assert at.selectbox(key="compare_skin_a").value == "II"
    assert len(chart_specs(at)) == 3


def test_two_profiles_show_situations_as_flags_beside_unchanged_numbers():
    at = run_compare(mode="profile", situation_a="sensitive_skin", effect="redness")
    assert at.multiselect(key="compare_situation_a").value == ["sensitive_skin"]
    icons = chart_specs(at)[0]
    panel_titles = " ".join(a["text"] for a in icons["layout"]["annotations"])
    assert "⚑ Sensitive skin: raises the risk" in panel_titles
    assert "Up to 100 in 100 people with type II skin" in panel_titles.replace("<br>", " ")
    assert any("No source gives a number" in c.value for c in at.caption)


def test_presentation_mode_shows_one_chart_at_a_time_with_next_and_previous():
    at = run_compare()
    present = next(b for b in at.button if b.label.startswith("Present"))
    present.click().run()
    (spec,) = chart_specs(at)
    assert "Darkening of the skin" in title(spec)
    assert spec["layout"]["font"]["size"] > 13  # large type
    assert at.query_params["present"] == "1"

    next(b for b in at.button if b.label == "Next").click().run()
    (spec,) = chart_specs(at)
    assert "How likely" in title(spec)
    assert at.query_params["slide"] == "2"

    next(b for b in at.button if b.label == "Leave presentation").click().run()
    assert len(chart_specs(at)) == 3
    assert "present" not in at.query_params


def test_a_link_can_open_straight_into_the_presentation():
    at = run_compare(present="1", slide="3")
    (spec,) = chart_specs(at)
    assert "How long" in title(spec)
