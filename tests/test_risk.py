"""A person's profile, checked against the seed article's claims and the data's honesty rules."""

import pytest

from analysis.data.dataset import load_dataset
from analysis.views.risk import NOT_SURE, Profile, personal_profile


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def row(result, side_effect, procedure="traditional"):
    rows = result.side_effects
    (match,) = rows[(rows["side_effect"] == side_effect) & (rows["procedure"] == procedure)].index
    return rows.loc[match]


@pytest.mark.parametrize("procedure", ["traditional", "radiofrequency"])
def test_pih_is_higher_for_type_v_than_type_ii(dataset, procedure):
    type_ii = personal_profile(dataset, Profile("II", (procedure,)))
    type_v = personal_profile(dataset, Profile("V", (procedure,)))
    assert (
        row(type_v, "pih", procedure)["likelihood_high_pct"]
        > row(type_ii, "pih", procedure)["likelihood_high_pct"]
    )


def test_active_infection_is_a_stop_and_nothing_else_is(dataset):
    stopped = personal_profile(dataset, Profile("III", ("traditional",), ("active_infection",)))
    assert [flag.factor_label for flag in stopped.stops] == ["Active skin infection or cold sore"]
    assert "not recommended" in stopped.stops[0].note
    assert personal_profile(dataset, Profile("III", ("traditional",), ("eczema",))).stops == ()


def test_sensitive_skin_flags_redness_with_the_article_as_source(dataset):
    result = personal_profile(dataset, Profile("II", ("traditional",), ("sensitive_skin",)))
    assert row(result, "redness")["raised_by"] == ["Sensitive skin"]
    assert row(result, "pih")["raised_by"] == []
    # No source gives a multiplier, so the figures are flagged, never changed.
    plain = personal_profile(dataset, Profile("II", ("traditional",)))
    assert (
        row(result, "redness")["likelihood_high_pct"]
        == row(plain, "redness")["likelihood_high_pct"]
    )
    assert not result.side_effects["adjusted"].any()


def test_active_acne_raises_scarring_and_is_a_general_caution(dataset):
    result = personal_profile(dataset, Profile("V", ("traditional",), ("active_acne",)))
    assert "Active acne" in row(result, "scarring")["raised_by"]
    assert any(
        f.factor_label == "Active acne" and f.side_effect_label is None for f in result.cautions
    )


def test_home_radiofrequency_is_a_stop_but_home_needling_only_raises_risk(dataset):
    rf = personal_profile(dataset, Profile("IV", ("radiofrequency",), ("untrained_practitioner",)))
    assert any(f.procedure == "radiofrequency" for f in rf.stops)
    needle = personal_profile(dataset, Profile("IV", ("traditional",), ("untrained_practitioner",)))
    assert needle.stops == ()
    assert "At-home device or untrained practitioner" in row(needle, "infection")["raised_by"]


def test_side_effects_come_most_likely_first_and_unknowns_last(dataset):
    rows = personal_profile(dataset, Profile("V", ("traditional",))).side_effects
    highs = rows["likelihood_high_pct"]
    known = highs.dropna()
    assert list(known) == sorted(known, reverse=True)
    assert highs.isna().sum() > 0 and highs.iloc[len(known) :].isna().all()


def test_plain_words_for_figures_and_no_zero_for_unknowns(dataset):
    result = personal_profile(dataset, Profile("V", ("traditional",)))
    assert row(result, "pih")["in_100_people"] == "about 0 to 17 in 100 people"
    assert row(result, "allergic_reaction")["in_100_people"] == "no published figure"
    assert row(result, "redness")["how_long"] == "3 h – 7 days"


def test_not_sure_shows_the_widest_range_over_skin_types(dataset):
    result = personal_profile(dataset, Profile(NOT_SURE, ("radiofrequency",)))
    pih = dataset.side_effects.query("side_effect == 'pih' and procedure == 'radiofrequency'")
    assert (
        row(result, "pih", "radiofrequency")["likelihood_low_pct"]
        == pih["likelihood_low_pct"].min()
    )
    assert (
        row(result, "pih", "radiofrequency")["likelihood_high_pct"]
        == pih["likelihood_high_pct"].max()
    )
    assert row(result, "pih", "radiofrequency")["note"].startswith("Widest range")


def test_both_procedures_give_rows_for_each(dataset):
    rows = personal_profile(dataset, Profile("V", ("traditional", "radiofrequency"))).side_effects
    assert set(rows["procedure"]) == {"traditional", "radiofrequency"}
    assert "burns" in set(rows.loc[rows["procedure"] == "radiofrequency", "side_effect"])


def test_profile_round_trips_through_the_url(dataset):
    factors = list(dataset.factors["factor"])
    profile = Profile("V", ("traditional", "radiofrequency"), ("active_acne", "eczema"))
    restored, notices = Profile.from_query_params(profile.to_query_params(), factors)
    assert restored == profile and notices == []


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"skin": "VII"}, Profile()),
        ({"skin": "v", "situation": "active_acne,flying"}, Profile("V", factors=("active_acne",))),
        ({"procedure": "laser"}, Profile()),
    ],
)
def test_bad_profile_links_fall_back_with_a_notice(dataset, params, expected):
    profile, notices = Profile.from_query_params(params, list(dataset.factors["factor"]))
    assert profile == expected
    assert notices


def test_how_long_says_derived_where_the_duration_was_worked_out(dataset):
    result = personal_profile(dataset, Profile("V", ("radiofrequency",)))
    assert row(result, "pih", "radiofrequency")["how_long"] == "4 weeks – 2 months (derived)"
    assert row(result, "redness", "radiofrequency")["how_long"] == "10 h – 7 days"  # measured


def test_how_long_gives_the_sources_words_where_only_words_exist(dataset):
    result = personal_profile(dataset, Profile("II", ("traditional",)))
    assert row(result, "bruising")["how_long"] == "usually resolves within a few days (article)"
    assert row(result, "scarring")["how_long"] == "persistent (R2)"
    assert row(result, "infection")["how_long"] == "no published figure"


def test_not_sure_widest_duration_is_derived_if_any_skin_types_is(dataset):
    # RF redness: measured in type III-V, carried over (derived) to I, II and VI.
    result = personal_profile(dataset, Profile(NOT_SURE, ("radiofrequency",)))
    assert row(result, "redness", "radiofrequency")["how_long"] == "10 h – 7 days (derived)"
    assert row(result, "grid_marks", "radiofrequency")["how_long"] == "7 days"
