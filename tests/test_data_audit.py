"""Issue 13: what a source-by-source check of data/ found, one test per point, on the real tables."""

import pandas as pd
import pytest

from analysis.data.dataset import load_dataset
from analysis.data.formatting import format_duration_known
from analysis.data.vocabulary import SKIN_TYPES

DATASET = load_dataset()
EFFECTS = DATASET.side_effects
SOURCES = DATASET.sources.set_index("source_id")["citation"]


def rows(procedure: str, side_effect: str) -> pd.DataFrame:
    """The six rows of one procedure and side effect, indexed by skin type."""
    found = EFFECTS[(EFFECTS["procedure"] == procedure) & (EFFECTS["side_effect"] == side_effect)]
    return found.set_index("skin_type", drop=False).sort_index()


def ids(cell: str) -> list[str]:
    return [s.strip() for s in cell.split(";")]


def test_1_needle_scarring_runs_from_the_studies_that_saw_none_to_two_cases_in_thirty():
    scarring = rows("traditional", "scarring")
    assert len(scarring) == len(SKIN_TYPES)
    assert (scarring["likelihood_low_pct"] == 0).all()
    assert (scarring["likelihood_high_pct"] == 6.7).all()
    assert (scarring["events"] == 2).all()
    for note in scarring["note"]:
        assert "just 2 cases: 2 of the 30 people" in note
        assert "'up to 5.3%'" in note  # acne.org's figure for the same study [R5]
        assert all(f"[{s}]" in note for s in ("R12", "R7", "G1", "R5", "R18"))
        assert "rare but possible" in note  # the article
    for cell in scarring["source_ids"]:
        assert {"R18", "R12", "R7", "G1", "R5", "ART"} <= set(ids(cell))
    assert list(scarring.loc[["IV", "V"], "evidence"]) == ["trial", "trial"]
    assert (scarring.loc[["I", "II", "III", "VI"], "evidence"] == "extrapolated").all()


def test_2_rf_darkening_in_types_i_ii_cites_r14_and_is_extrapolated():
    pih = rows("radiofrequency", "pih").loc[["I", "II"]]
    assert (pih["likelihood_high_pct"] == 0).all()
    assert (pih["evidence"] == "extrapolated").all()
    assert pih["source_ids"].map(lambda cell: ids(cell)[0] == "R14").all()
    assert pih["note"].str.contains("'hyper/hypopigmentation' [R14]", regex=False).all()
    assert pih["measured_in"].str.contains("19 adults", regex=False).all()
    assert pih["note"].str.contains("measured in type III-V skin and is applied here").all()


def test_3_worked_out_durations_are_labelled_derived():
    pih = rows("radiofrequency", "pih")
    assert (pih["duration_basis"] == "derived").all()
    assert pih["note"].str.contains("How long: derived, not measured").all()
    assert pih["note"].str.contains("read off the share of people affected at each visit").all()
    dryness = rows("radiofrequency", "dryness_flaking")
    assert (dryness["duration_basis"] == "derived").all()
    # Day 3 was the peak of water loss, not a day by which dryness had cleared.
    assert (dryness["duration_low_days"] == 7).all() and (dryness["duration_high_days"] == 7).all()
    assert dryness["note"].str.contains("not of dryness itself").all()
    # Timed durations stay measured.
    assert (
        rows("radiofrequency", "redness").loc[["III", "IV", "V"], "duration_basis"] == "measured"
    ).all()


@pytest.mark.parametrize("procedure", ["traditional", "radiofrequency"])
def test_4_pain_and_swelling_carry_the_same_up_to_100_percent_as_redness(procedure):
    source = {"traditional": "R5", "radiofrequency": "R16"}[procedure]
    for effect in ("redness", "swelling", "pain"):
        effect_rows = rows(procedure, effect)
        assert (effect_rows["likelihood_high_pct"] == 100).all(), effect
        assert effect_rows["source_ids"].map(lambda cell: source in ids(cell)).all(), effect
    pain = rows(procedure, "pain")
    assert pain["likelihood_low_pct"].isna().all()
    assert pain["note"].str.contains("gives pain as 'up to 100%'", regex=False).all()
    assert not pain["note"].str.contains("No published figure for how many").any()
    assert (pain["evidence"] == "secondary").all()


def test_4_rf_swelling_spans_30_percent_to_acne_orgs_up_to_100_percent():
    swelling = rows("radiofrequency", "swelling")
    assert (swelling["likelihood_low_pct"] == 30).all()
    assert swelling["note"].str.contains("as 'up to 100%'", regex=False).all()


def test_5_infection_zeros_rest_on_the_sources_that_name_infection():
    needle = rows("traditional", "infection")
    assert (needle["likelihood_high_pct"] == 0).all()
    assert needle["source_ids"].map(lambda cell: ids(cell)[0] == "R21").all()
    assert (
        needle["note"].str.contains("'no reports of bacterial infections' [R21]", regex=False).all()
    )
    rf = rows("radiofrequency", "infection")
    assert rf["source_ids"].map(lambda cell: ids(cell)[0] == "R15").all()
    assert rf["note"].str.contains("named infection among the serious adverse events").all()
    assert (rf.loc[["I", "II", "VI"], "evidence"] == "extrapolated").all()
    for note in pd.concat([needle["note"], rf["note"]]):
        assert "infection included" not in note  # G1 does not name infection
        assert "without naming infection [G1]" in note


@pytest.mark.parametrize(
    "procedure, side_effect",
    [
        ("traditional", "bruising"),
        ("traditional", "infection"),
        ("traditional", "acne_flare"),
        ("traditional", "granulomatous_reaction"),
        ("radiofrequency", "grid_marks"),
    ],
)
def test_6_a_figure_shown_for_every_skin_type_says_so(procedure, side_effect):
    effect_rows = rows(procedure, side_effect)
    figures = ["likelihood_low_pct", "likelihood_high_pct", "duration_low_days"]
    assert len(effect_rows[figures].drop_duplicates()) == 1
    assert effect_rows["note"].str.contains("every skin type").all()


def test_7_unconfirmed_numbers_and_wording_slips_are_fixed():
    assert "count of 2,805 patients comes from that summary" in SOURCES["R2"]
    cold_sores = rows("traditional", "cold_sore_reactivation")
    assert cold_sores["note"].str.contains("laser, chemical peel or dermabrasion").all()
    assert not EFFECTS["measured_in"].fillna("").str.contains("published summary").any()
    dryness = rows("traditional", "dryness_flaking")
    assert dryness["measured_in"].str.contains("a case report that describes").all()
    assert not EFFECTS["note"].str.contains("in most reports [R4]", regex=False).any()
    assert SOURCES["R23"].startswith("King M.") and "10(1):E5-E7" in SOURCES["R23"]
    assert "2022;12(10):2371-82" in SOURCES["R17"]
    assert "doi:10.25259/jcas_175_23" in SOURCES["R8"]


@pytest.mark.parametrize(
    "procedure, side_effect, words",
    [
        ("traditional", "bruising", "usually resolves within a few days"),
        ("radiofrequency", "bruising", "usually resolves within a few days"),
        ("radiofrequency", "swelling", "usually resolves within a few days"),
        ("traditional", "prolonged_inflammation", "may persist for several weeks or months"),
        ("radiofrequency", "prolonged_inflammation", "may persist for several weeks or months"),
    ],
)
def test_8_the_articles_own_durations_are_recorded_in_its_words(procedure, side_effect, words):
    effect_rows = rows(procedure, side_effect)
    assert effect_rows["duration_words"].str.contains(words).all()
    assert (effect_rows["duration_words_source_ids"] == "ART").all()
    assert effect_rows["duration_low_days"].isna().all()
    assert effect_rows["duration_basis"].isna().all()


def test_needle_scarring_keeps_the_reviews_word_persistent_rather_than_a_year():
    scarring = rows("traditional", "scarring")
    assert scarring["duration_low_days"].isna().all()
    assert (scarring["duration_words"] == "persistent").all()
    assert (scarring["duration_words_source_ids"] == "R2").all()


def test_durations_read_as_derived_or_in_the_sources_words():
    def known(procedure, side_effect, skin_type):
        row = rows(procedure, side_effect).loc[skin_type]
        return format_duration_known(
            row["duration_low_days"],
            row["duration_high_days"],
            row["duration_basis"],
            row["duration_words"],
            row["duration_words_source_ids"],
        )

    assert known("radiofrequency", "pih", "V") == "4 weeks – 2 months (derived)"
    assert known("radiofrequency", "dryness_flaking", "III") == "7 days (derived)"
    assert known("traditional", "bruising", "VI") == "usually resolves within a few days (article)"
    assert known("traditional", "scarring", "V") == "persistent (R2)"
    assert known("radiofrequency", "redness", "IV") == "10 h – 7 days"
