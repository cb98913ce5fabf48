"""Plain-language numbers: honest rounding, natural frequencies and readable durations."""

import math

import pytest

from analysis.data.formatting import (
    format_duration,
    format_duration_known,
    format_duration_range,
    format_duration_words,
    format_pct_range,
    natural_frequency,
)


@pytest.mark.parametrize(
    "low, high, text",
    [
        (0, 16.7, "0–17%"),
        (2.8, 2.8, "2.8%"),
        (100, 100, "100%"),
        (0, 0, "0% (none seen)"),
        (math.nan, math.nan, "no published figure"),
    ],
)
def test_percent_ranges_round_to_what_small_studies_support(low, high, text):
    assert format_pct_range(low, high) == text


def test_natural_frequency_says_people_not_percent():
    assert natural_frequency(5, 16.7) == "about 5 to 17 in 100 people"
    assert natural_frequency(0, 0) == "none seen in the studies"
    assert natural_frequency(math.nan, math.nan) == "no published figure"
    assert natural_frequency(0.5, 2.8, denominator=1000) == "about 5 to 28 in 1,000 people"


@pytest.mark.parametrize(
    "days, text",
    [
        (0.25, "6 h"),
        (1, "1 day"),
        (3, "3 days"),
        (14, "2 weeks"),
        (60, "2 months"),
        (365, "1 year"),
    ],
)
def test_durations_read_as_hours_days_weeks_months(days, text):
    assert format_duration(days) == text


@pytest.mark.parametrize(
    "low, high, text",
    [
        (0.125, 0.25, "3–6 h"),
        (1, 2, "1–2 days"),
        (0.25, 3, "6 h – 3 days"),
        (270, math.nan, "9 months or longer"),
        (math.nan, math.nan, "no published figure"),
        (7, 7, "7 days"),
    ],
)
def test_duration_ranges(low, high, text):
    assert format_duration_range(low, high) == text


@pytest.mark.parametrize(
    "words, sources, text",
    [
        (
            "usually resolves within a few days",
            "ART",
            "usually resolves within a few days (article)",
        ),
        ("persistent", "R2", "persistent (R2)"),
        (" in rare cases, may persist ", "ART;R2", "in rare cases, may persist (article, R2)"),
        ("persistent", math.nan, "persistent"),
        (math.nan, "ART", None),
        ("  ", "ART", None),
    ],
)
def test_a_duration_in_words_keeps_the_words_and_names_the_source(words, sources, text):
    assert format_duration_words(words, sources) == text


def test_a_known_duration_is_days_marked_derived_or_the_sources_words():
    assert format_duration_known(28, 60, "derived") == "4 weeks – 2 months (derived)"
    assert format_duration_known(0.125, 7, "measured") == "3 h – 7 days"
    assert format_duration_known(365, math.nan, "measured") == "1 year or longer"
    assert (
        format_duration_known(math.nan, math.nan, None, "usually resolves within a few days", "ART")
        == "usually resolves within a few days (article)"
    )
    assert format_duration_known(math.nan, math.nan) == "no published figure"
