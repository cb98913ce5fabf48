"""Two groups compared: the view in the URL, the figures behind the dumbbells and icon arrays."""

import math

import pytest

from analysis.charts.comparison import duration_comparison_chart, likelihood_comparison_chart
from analysis.charts.icon_array import UNCERTAIN_TINT, tint
from analysis.charts.panels import DERIVED_NAME
from analysis.charts.theme import GROUP_COLOURS
from analysis.data.dataset import load_dataset
from analysis.views.comparison import (
    Comparison,
    Profile,
    comparison_table,
    frequency_sentence,
    icon_array_comparison,
    profile_rows,
    situation_flags,
)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def parse(dataset, **params):
    return Comparison.from_query_params(
        params, tuple(dataset.catalog["side_effect"]), tuple(dataset.factors["factor"])
    )


def rows_of(dataset, comparison):
    return (
        profile_rows(dataset.side_effects, comparison.a),
        profile_rows(dataset.side_effects, comparison.b),
    )


def line_of(fig, group_name, label, catalog):
    """(start, end) of one group's line for the side effect with this plain label."""
    y = list(fig.layout.yaxis.ticktext).index(label)
    trace = next(t for t in fig.data if t.name == group_name)
    xs = [x for x, row_y in zip(trace.x, trace.y) if row_y is not None and round(row_y) == y]
    return tuple(xs)


def test_the_default_is_the_teachers_case_type_ii_against_type_v_darkening(dataset):
    comparison, notices = parse(dataset)
    assert notices == []
    assert comparison == Comparison()
    assert (comparison.a, comparison.b) == (Profile("II"), Profile("V"))
    assert comparison.side_effect == "pih"
    assert comparison.to_query_params() == {}


@pytest.mark.parametrize(
    "comparison",
    [
        Comparison(a=Profile("I"), b=Profile("VI", "radiofrequency"), side_effect="scarring"),
        Comparison(mode="procedure", a=Profile("IV"), b=Profile("IV", "radiofrequency")),
        Comparison(
            mode="profile",
            a=Profile("III", "traditional", ("sensitive_skin", "active_acne")),
            b=Profile("V", "radiofrequency", ("eczema",)),
            presenting=True,
            slide=2,
        ),
    ],
)
def test_a_comparison_survives_the_round_trip_through_the_url(dataset, comparison):
    back, notices = parse(dataset, **comparison.to_query_params())
    assert notices == []
    assert back == comparison


def test_two_skin_types_share_one_procedure_and_drop_situations():
    comparison = Comparison(
        mode="skin",
        a=Profile("II", "radiofrequency", ("eczema",)),
        b=Profile("V", "traditional"),
    )
    assert comparison.b == Profile("V", "radiofrequency")
    assert comparison.a.factors == ()
    assert comparison.describe() == "Type II vs type V skin · Radiofrequency microneedling"


@pytest.mark.parametrize(
    "params, words",
    [
        ({"mode": "everything"}, "mode"),
        ({"skin_a": "VII"}, "skin_a"),
        ({"skin_b": "II,V"}, "skin_b"),
        ({"effect": "<script>"}, "effect"),
        ({"situation_a": "moon_phase"}, "situation"),
        ({"slide": "9"}, "slide"),
        ({"present": "yes"}, "present"),
        ({"colour": "red"}, "unknown link setting"),
        ({"skin_a": ["I", "III"]}, "used the last one"),
    ],
)
def test_bad_link_settings_fall_back_to_the_default_with_a_notice(dataset, params, words):
    comparison, notices = parse(dataset, **params)
    assert any(words in notice for notice in notices), notices
    if "skin_a" not in params:
        assert comparison.a.skin_type == "II"


def test_likelihood_lines_span_the_published_ranges(dataset):
    comparison = Comparison()
    chart = likelihood_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, comparison.describe()
    )
    fig = chart.body
    catalog = dataset.catalog
    assert line_of(fig, "Type II skin", "Darkening of the skin", catalog) == (0, 0)
    assert line_of(fig, "Type V skin", "Darkening of the skin", catalog) == (0, 16.7)
    # Only a maximum published ("up to 2.8%"): the line starts at 0 with an open dot.
    assert line_of(fig, "Type V skin", "Bruising", catalog) == (0, 2.8)
    trace = next(t for t in fig.data if t.name == "Type V skin")
    assert trace.line.color == GROUP_COLOURS[1]
    assert "circle-open" in trace.marker.symbol
    words = [t for trace in fig.data if trace.mode == "text" for t in trace.text]
    assert {"0–17%", "none seen"} <= {w.strip() for w in words}
    assert "Type II vs type V skin" in chart.subtitle


def test_effects_without_a_figure_say_so_once_when_both_groups_lack_it(dataset):
    comparison = Comparison()
    chart = likelihood_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    notes = fig.data[-1]
    dryness = list(fig.layout.yaxis.ticktext).index("Dryness and flaking")
    assert list(notes.y).count(dryness) == 1
    assert notes.text[list(notes.y).index(dryness)] == "no published figure"


def test_a_side_effect_of_one_procedure_only_is_named_as_not_listed_for_the_other(dataset):
    comparison = Comparison(mode="procedure", a=Profile("IV"), b=Profile("IV", "radiofrequency"))
    chart = likelihood_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    assert (
        "not listed for traditional microneedling (Traditional microneedling)" in fig.data[-1].text
    )
    assert line_of(fig, "Radiofrequency microneedling", "Burns", dataset.catalog) == (0, 0)


def test_durations_without_an_upper_end_run_to_the_axis_end_with_an_arrow(dataset):
    comparison = Comparison()
    chart = duration_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    lumps = "Lumps from serums pushed into the skin"
    start, end = line_of(fig, "Type V skin", lumps, dataset.catalog)
    assert start == 270 and end == 730
    assert "triangle-right" in next(t for t in fig.data if t.name == "Type V skin").marker.symbol
    assert fig.layout.xaxis.type == "log"


def test_icon_arrays_show_none_for_type_ii_and_up_to_17_in_100_for_type_v(dataset):
    comparison = Comparison()
    chart = icon_array_comparison(
        comparison,
        *rows_of(dataset, comparison),
        dataset.catalog,
        dataset.modifiers,
        dataset.factors,
    )
    fig = chart.body
    fills = {
        axis: [s.fillcolor for s in fig.layout.shapes if s.xref == axis] for axis in ("x", "x2")
    }
    assert fills["x"].count(GROUP_COLOURS[0]) == 0
    assert fills["x"].count(tint(GROUP_COLOURS[0], UNCERTAIN_TINT)) == 0
    assert fills["x2"].count(tint(GROUP_COLOURS[1], UNCERTAIN_TINT)) == 17
    titles = " ".join(a.text for a in fig.layout.annotations).replace("<br>", " ")
    assert "About 0 to 17 in 100 people with type V skin" in titles
    assert "None seen in the studies of people with type II skin" in titles
    assert chart.title == "Darkening of the skin: how many in 100 people?"


def test_situation_factors_are_flags_that_leave_the_numbers_alone(dataset):
    plain = Comparison(mode="profile", side_effect="redness")
    sensitive = Comparison(
        mode="profile", a=Profile("II", "traditional", ("sensitive_skin",)), side_effect="redness"
    )
    assert rows_of(dataset, plain)[0].equals(rows_of(dataset, sensitive)[0])
    flags = situation_flags(dataset.modifiers, dataset.factors, sensitive.a, "redness")
    assert set(flags["label"]) == {"Sensitive skin"}
    assert set(flags["effect"]) == {"Raises the risk"}
    chart = icon_array_comparison(
        sensitive, *rows_of(dataset, sensitive), dataset.catalog, dataset.modifiers, dataset.factors
    )
    fig = chart.body
    assert any("⚑ Sensitive skin: raises the risk" in a.text for a in fig.layout.annotations)


def test_frequency_sentences_name_who_the_figure_is_about(dataset):
    rows = profile_rows(dataset.side_effects, Profile("V", "radiofrequency"))
    assert frequency_sentence(rows, "pih", Profile("V", "radiofrequency")) == (
        "About 0 to 12 in 100 people with type V skin after radiofrequency microneedling"
    )
    assert frequency_sentence(rows, "pain", Profile("V", "radiofrequency")).startswith(
        "Up to 100 in 100 people with type V skin"
    )
    assert frequency_sentence(rows, "bruising", Profile("V", "radiofrequency")).startswith(
        "No published figure for people with type V skin"
    )


def test_the_table_behind_the_charts_has_both_groups_for_every_side_effect(dataset):
    comparison = Comparison()
    table = comparison_table(comparison, *rows_of(dataset, comparison), dataset.catalog)
    pih = table[table["Side effect"].str.startswith("Darkening")]
    assert list(pih["Group"]) == ["Type II skin", "Type V skin"]
    assert list(pih["How often"]) == ["0% (none seen)", "0–17%"]
    assert math.isclose(pih["Likelihood high (%)"].iloc[1], 16.7)
    assert len(table) == 2 * table["Side effect"].nunique()


def test_a_range_both_groups_share_is_written_once(dataset):
    comparison = Comparison()
    chart = likelihood_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    words = [t.strip() for trace in fig.data if trace.mode == "text" for t in trace.text]
    assert words.count("up to 100% (both)") == 3  # redness, swelling and pain
    assert "0–17%" in words and "0–17% (both)" not in words


def test_a_derived_duration_is_dotted_and_says_derived(dataset):
    comparison = Comparison(a=Profile("II", "radiofrequency"), b=Profile("V", "radiofrequency"))
    chart = duration_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    words = {w.strip() for t in fig.data if t.mode == "text" for w in t.text}
    assert "4 weeks – 2 months (derived) (both)" in words
    assert DERIVED_NAME in {t.name for t in fig.data}
    (dots,) = [t for t in fig.data if t.line.dash == "dot" and t.x[0] is not None][:1]
    pih = list(fig.layout.yaxis.ticktext).index("Darkening of the skin")
    assert round(dots.y[0]) == pih and (dots.x[0], dots.x[1]) == (28, 60)


def test_a_duration_given_only_in_words_is_written_instead_of_no_published_figure(dataset):
    comparison = Comparison()
    chart = duration_comparison_chart(
        comparison.groups(*rows_of(dataset, comparison)), dataset.catalog, "s"
    )
    fig = chart.body
    notes = fig.data[-1]
    bruising = list(fig.layout.yaxis.ticktext).index("Bruising")
    assert notes.text[list(notes.y).index(bruising)] == (
        "usually resolves within a few days (article)"
    )
    assert "Bruising: usually resolves within a few days (article) (both)" in chart.key_figures
