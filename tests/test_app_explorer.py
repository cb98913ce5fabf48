"""The Explorer page, run headless with AppTest: filters drive the charts, the URL keeps the view."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.data.dataset import load_dataset
from analysis.data.tables import cited_sources
from analysis.views.filters import FilterState, apply_filters
from tests.readers import figure_texts

APP = Path(__file__).resolve().parent.parent / "app.py"


def run_app(**query):
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page("pages/explorer.py").run()


def chart_specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def legend_names(spec):
    return {
        t.get("name") for t in spec["data"] if t.get("showlegend") is not False and t.get("name")
    }


def bar_texts(spec) -> str:
    """Every word written beside a bar or point, joined."""
    return " | ".join(
        str(text) for t in spec["data"] if t.get("type") == "bar" for text in t.get("text") or ()
    )


def test_page_shows_disclaimer_three_charts_and_table():
    at = run_app()
    assert not at.exception
    assert any("not medical advice" in c.value for c in at.caption)
    assert at.title[0].value == "Explore side effects"
    specs = chart_specs(at)
    assert len(specs) == 3
    assert "How likely" in figure_texts(specs[0])
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 0


def test_url_preselects_skin_type_and_a_filter_change_changes_the_chart():
    at = run_app(skin="II")
    skin = at.multiselect(key="filter_skin_types")
    assert skin.value == ["II"]
    before = chart_specs(at)[0]
    assert "Skin type II" in figure_texts(before)
    assert "type V" not in bar_texts(before)  # one skin type: the subtitle names it

    skin.set_value(["II", "V"]).run()
    after = chart_specs(at)[0]
    assert "Skin type II, V" in figure_texts(after)
    # Darkening of the skin differs: its figures name their type; the rest share one figure.
    assert "0–17%<br>type V" in bar_texts(after) or "0–17% · type V" in bar_texts(after)
    assert "Types II, V: same figure, not split by type" in legend_names(after)
    assert at.query_params["skin"] == "II,V"


def test_procedure_filter_removes_the_other_panel():
    at = run_app(procedure="radiofrequency")
    titles = [a["text"] for a in chart_specs(at)[0]["layout"]["annotations"]]
    assert "Radiofrequency microneedling" in titles
    assert "Traditional microneedling" not in titles


def test_empty_filter_set_shows_a_kind_empty_state():
    at = run_app()
    at.multiselect(key="filter_skin_types").set_value([]).run()
    assert not at.exception
    assert any("No rows match these filters" in i.value for i in at.info)
    assert "skin type" in at.info[0].value
    assert chart_specs(at) == []


@pytest.mark.parametrize("query", [{"skin": "VII"}, {"scale": "huge"}, {"bogus": "1"}])
def test_bad_link_settings_show_a_notice_not_a_traceback(query):
    at = run_app(**query)
    assert not at.exception
    assert at.warning and "link" in at.warning[0].value
    assert len(chart_specs(at)) == 3


def test_log_scale_toggle_switches_the_axis():
    at = run_app()
    at.toggle(key="filter_log_scale").set_value(True).run()
    assert chart_specs(at)[0]["layout"]["xaxis"]["type"] == "log"
    assert at.query_params["scale"] == "log"


def test_csv_download_is_offered():
    at = run_app(skin="V")
    labels = [button.proto.label for button in at.get("download_button")]
    assert "Download these rows (CSV)" in labels


def test_a_link_followed_later_in_the_session_applies_its_filters():
    at = run_app(skin="II")
    at.multiselect(key="filter_skin_types").set_value(["II", "IV"]).run()
    at.query_params["skin"] = "V"  # as st.page_link(..., query_params=...) from another page
    at.run()
    assert at.multiselect(key="filter_skin_types").value == ["V"]
    assert "Skin type V" in figure_texts(chart_specs(at)[0])


def test_reset_returns_to_every_skin_type_and_a_clean_link():
    at = run_app(skin="II", category="common")
    next(b for b in at.button if b.label == "Reset filters").click().run()
    assert at.multiselect(key="filter_skin_types").value == ["I", "II", "III", "IV", "V", "VI"]
    assert dict(at.query_params) == {}


def test_the_evidence_levels_expander_puts_derived_beside_extrapolated():
    text = "\n".join(m.value for m in run_app().markdown)
    assert (
        text.index("**Extrapolated**")
        < text.index("**Derived (a duration)**: Worked out, not measured")
        < text.index("**Case reports only**")
    )


def test_the_table_and_the_sources_are_those_of_the_filtered_rows_and_follow_a_change():
    dataset = load_dataset()

    def expected(state: FilterState):
        rows = apply_filters(dataset.side_effects, state)
        return len(rows), list(cited_sources(rows, dataset.sources)["source_id"])

    def shown(at):
        table = at.dataframe[0].value
        (sources,) = [e.markdown[0].value for e in at.expander if e.label.startswith("Sources")]
        return table, re.findall(r"\*\*(\w+)\*\*", sources)

    at = run_app(skin="V", procedure="radiofrequency")
    table, ids = shown(at)
    count, cited = expected(FilterState(procedures=("radiofrequency",), skin_types=("V",)))
    assert len(table) == count and set(table["Skin type"]) == {"Type V"}
    assert set(table["Procedure"]) == {"Radiofrequency microneedling"}
    assert not [c for c in table.columns if c.endswith(("(%)", "(days)"))]
    assert ids == cited
    assert f"Showing {count} rows" in " ".join(c.value for c in at.caption)

    at.multiselect(key="filter_procedures").set_value(["traditional"]).run()
    table, ids = shown(at)
    count, cited = expected(FilterState(procedures=("traditional",), skin_types=("V",)))
    assert len(table) == count and set(table["Procedure"]) == {"Traditional microneedling"}
    assert ids == cited
