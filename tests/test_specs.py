"""Charts as specs (analysis.views.specs): every chart kind is drawn again from its view's link by the
page's own builders, and a deck is a readable link that reads back the same, bad parts left out."""

from urllib.parse import urlencode

import pytest

from analysis.charts.likelihood import likelihood_chart
from analysis.charts.recovery_timeline import recovery_timeline_chart
from analysis.data.dataset import load_dataset
from analysis.views.comparison import Comparison, icon_array_comparison, profile_rows
from analysis.views.filters import FilterState, apply_filters, describe
from analysis.views.guide import GuideExample, risk_factors
from analysis.views.risk import Profile, personal_profile
from analysis.views.specs import (
    DEFAULT_DECK_TITLE,
    KINDS,
    MAX_DECK_CHARTS,
    MAX_DECK_LINK,
    VIEWS,
    ChartSpec,
    Deck,
    draw_chart,
    read_spec,
)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def same_chart(a, b) -> bool:
    return (a.title, a.subtitle, a.sources, a.body.to_json()) == (
        b.title,
        b.subtitle,
        b.sources,
        b.body.to_json(),
    )


def test_every_kind_names_a_chart_its_view_draws(dataset):
    for kind, (view, chart) in KINDS.items():
        state, notices = VIEWS[view].read(dataset, {})
        assert not notices
        assert chart in VIEWS[view].draw(dataset, state, False), kind


def test_an_explorer_spec_draws_the_explorer_chart_of_those_filters(dataset):
    state = FilterState(skin_types=("II", "V"), log_scale=True)
    spec = ChartSpec.of("explorer-likelihood", state.to_query_params())
    rows = apply_filters(dataset.side_effects, state)
    expected = likelihood_chart(rows, dataset.catalog, describe(state), log_scale=True)
    drawn = draw_chart(dataset, spec)
    assert same_chart(drawn, expected)
    assert drawn.subtitle == "Skin type II, V · Traditional and radiofrequency"
    assert len(drawn.table) == len(rows)  # the rows behind it, for the CSV and the appendix


def test_a_compare_spec_draws_the_comparison_and_ignores_presentation_mode(dataset):
    view = Comparison(b=Profile("VI"), side_effect="redness", presenting=True, slide=2)
    spec, notices = read_spec(f"compare-icons?{urlencode(view.to_query_params())}", dataset)
    assert not notices
    assert dict(spec.params) == {"skin_b": "VI", "effect": "redness"}
    rows_a = profile_rows(dataset.side_effects, view.a)
    rows_b = profile_rows(dataset.side_effects, view.b)
    expected = icon_array_comparison(
        view, rows_a, rows_b, dataset.catalog, dataset.modifiers, dataset.factors
    )
    assert same_chart(draw_chart(dataset, spec), expected)


def test_a_my_skin_spec_draws_that_profile_s_recovery_timeline(dataset):
    profile = Profile("V", ("radiofrequency",))
    spec = ChartSpec.of("my-skin-timeline", profile.to_query_params())
    rows = personal_profile(dataset, profile).side_effects
    common = rows[rows["category"] == "common"]
    expected = recovery_timeline_chart(
        common, dataset.catalog, "Common side effects · Skin type V · Radiofrequency microneedling"
    )
    assert same_chart(draw_chart(dataset, spec), expected)


def test_a_guide_spec_draws_the_guide_step_s_chart_for_its_example(dataset):
    spec = ChartSpec.of("guide-risk", GuideExample(side_effect="redness").to_query_params())
    assert spec.params == (("effect", "redness"),)
    assert same_chart(draw_chart(dataset, spec), risk_factors(dataset, "redness").chart)


def test_a_deck_link_is_readable_and_reads_back_the_same_deck(dataset):
    deck = Deck(
        (
            ChartSpec.of("explorer-likelihood", {"skin": "II,V", "scale": "log"}),
            ChartSpec.of("compare-icons", {"skin_b": "VI"}),
            ChartSpec.of("my-skin-timeline", {"skin": "V", "procedure": "traditional"}, "0a1b2c3d"),
        ),
        "Week 3: side effects",
    )
    params = deck.to_query_params()
    assert params == {
        "deck": "explorer-likelihood?skin=II,V&scale=log~compare-icons?skin_b=VI"
        "~my-skin-timeline?skin=V&procedure=traditional&upload=0a1b2c3d",
        "deck_title": "Week 3: side effects",
    }
    assert Deck.from_query_params(params, dataset) == (deck, [])
    assert Deck().to_query_params() == {}


def test_a_deck_link_keeps_every_chart_it_can_read_and_names_the_rest(dataset):
    link = "explorer-grid?skin=VII~nonsense~compare-icons?upload=zz~explorer-grid~compare-icons"
    deck, notices = Deck.from_query_params({"deck": link, "colour": "red"}, dataset)
    assert [spec.kind for spec in deck.specs] == ["explorer-grid", "compare-icons"]
    assert deck.specs[0].params == ()  # the bad skin type falls back to every skin type
    assert notices == [
        (
            "Chart 1 of the deck link: Ignored unknown skin type 'VII' in the link; "
            "choose from I, II, III, IV, V, VI."
        ),
        "Left out chart 2 of the deck link: 'nonsense' is not a chart this app draws.",
        "Left out chart 3 of the deck link: 'zz' is not the id of an uploaded table.",
        "Left out chart 4 of the deck link: it repeats another.",
        "Ignored the unknown link setting 'colour'.",
    ]


def test_a_deck_link_holds_a_bounded_number_of_charts(dataset):
    kinds = [f"explorer-likelihood?skin={t}" for t in ("I", "II", "III", "IV", "V", "VI")]
    link = "~".join(f"{k}&procedure={p}" for k in kinds for p in ("traditional", "radiofrequency"))
    link += "~" + "~".join(f"compare-icons?skin_b={t}" for t in ("I", "III", "IV", "V", "VI"))
    link += "~" + "~".join(f"compare-likelihood?skin_b={t}" for t in ("I", "III", "IV", "V"))
    deck, notices = Deck.from_query_params({"deck": link}, dataset)
    assert len(deck.specs) == MAX_DECK_CHARTS
    assert notices == [f"The deck link lists 21 charts; kept the first {MAX_DECK_CHARTS}."]

    too_long, notices = Deck.from_query_params({"deck": "~" * (MAX_DECK_LINK + 1)}, dataset)
    assert too_long == Deck() and "too long" in notices[0]


def test_a_title_from_a_link_is_one_printable_line():
    assert Deck(title="Week\x00 3\n\tside effects\u202e").title == "Week 3 side effects"
    assert Deck(title="\x07  ").title == DEFAULT_DECK_TITLE
    assert len(Deck(title="x" * 500).title) == 121  # 120 characters and an ellipsis
