"""The evidence map on the real data: where figures were measured, copied, derived or missing."""

import pandas as pd
import pytest

from analysis.data.dataset import load_dataset
from analysis.data.evidence_map import basis_counts, evidence_basis, evidence_map
from analysis.data.vocabulary import EVIDENCE_MAP_BASES, SKIN_TYPES

DATASET = load_dataset()
CELLS = evidence_map(DATASET.side_effects, DATASET.catalog)


def bases(procedure: str, side_effect: str) -> list[str]:
    """The basis of each skin type I..VI for one procedure and side effect."""
    found = CELLS[(CELLS["procedure"] == procedure) & (CELLS["side_effect"] == side_effect)]
    return list(found.sort_values("skin_type")["basis"].astype(str))


def test_the_map_has_one_cell_per_procedure_side_effect_and_skin_type():
    assert len(CELLS) == len(DATASET.side_effects)
    assert not CELLS.duplicated(["procedure", "side_effect", "skin_type"]).any()
    assert set(CELLS["basis"].astype(str)) <= set(EVIDENCE_MAP_BASES)
    assert list(CELLS["basis"].cat.categories) == list(EVIDENCE_MAP_BASES)
    assert (CELLS["basis_label"] == CELLS["basis"].astype(str).map(EVIDENCE_MAP_BASES)).all()
    assert list(CELLS.columns) == [
        "procedure", "side_effect", "label", "category", "skin_type", "basis", "basis_label",
        "evidence", "has_likelihood", "has_duration", "duration_in_words", "measured_in",
    ]  # fmt: skip


def test_darkening_after_needling_was_measured_up_to_type_v_and_carried_over_to_type_vi():
    assert bases("traditional", "pih") == ["measured"] * 5 + ["carried_over"]


def test_rf_darkening_is_carried_over_at_both_ends_and_derived_in_between():
    # Rates measured in type III-V skin; the duration there is read off follow-up visits.
    assert bases("radiofrequency", "pih") == ["carried_over"] * 2 + ["derived"] * 3 + [
        "carried_over"
    ]


def test_rf_dryness_is_derived_where_measured_and_carried_over_elsewhere():
    assert bases("radiofrequency", "dryness_flaking") == [
        "carried_over", "carried_over", "derived", "derived", "carried_over", "carried_over",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "procedure, side_effect, basis",
    [
        ("traditional", "redness", "secondary"),
        ("radiofrequency", "grid_marks", "secondary"),
        ("traditional", "infection", "measured"),
        ("radiofrequency", "fat_loss", "missing"),
        ("traditional", "allergic_reaction", "missing"),
    ],
)
def test_effects_with_one_basis_for_every_skin_type(procedure, side_effect, basis):
    assert bases(procedure, side_effect) == [basis] * len(SKIN_TYPES)


def test_a_duration_in_words_alone_is_still_a_missing_figure_but_says_so():
    inflammation = CELLS[
        (CELLS["procedure"] == "traditional") & (CELLS["side_effect"] == "prolonged_inflammation")
    ]
    assert (inflammation["basis"] == "missing").all()
    assert inflammation["duration_in_words"].all()


def test_research_on_the_darkest_skin_is_thinnest():
    counts = basis_counts(CELLS)
    assert list(counts.index) == list(SKIN_TYPES)
    thin = counts["carried_over"] + counts["missing"]
    assert thin["VI"] > thin["IV"] and thin["VI"] > thin["III"]
    assert counts.loc["VI", "measured"] < counts.loc["IV", "measured"]
    rf = basis_counts(CELLS[CELLS["procedure"] == "radiofrequency"])
    assert rf.loc["VI", "measured"] == 0 and rf.loc["IV", "measured"] > 0


def test_the_weakest_figure_decides_a_cell():
    row = pd.Series(
        {
            "likelihood_high_pct": 12.0,
            "duration_low_days": 28.0,
            "duration_basis": "derived",
            "evidence": "trial",
        }
    )
    assert evidence_basis(row) == "derived"
    assert evidence_basis(row.replace({"trial": "extrapolated"})) == "carried_over"
    assert evidence_basis(row.replace({"derived": "measured"})) == "measured"
    none = row.copy()
    none["likelihood_high_pct"] = none["duration_low_days"] = float("nan")
    assert evidence_basis(none) == "missing"
