"""The loader accepts the bundled tables and rejects broken ones with file, line and column."""

import shutil

import pandas as pd
import pytest

from analysis.data.dataset import DATA_DIR, DatasetError, fingerprint, load_dataset
from analysis.data.vocabulary import SKIN_TYPES


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of data/ to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(folder, file, cells=None, rename=None):
    """Rewrite one CSV with some cells changed ({(row, column): text}) or columns renamed."""
    path = folder / file
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for (row, column), value in (cells or {}).items():
        frame.loc[row, column] = value
    frame.rename(columns=rename or {}).to_csv(path, index=False)


def problems_of(folder):
    with pytest.raises(DatasetError) as caught:
        load_dataset(folder)
    return [str(p) for p in caught.value.problems]


def test_bundled_tables_load_with_every_skin_type_for_every_effect():
    dataset = load_dataset()
    counts = dataset.side_effects.groupby(["procedure", "side_effect"], observed=True).size()
    assert (counts == len(SKIN_TYPES)).all()
    assert list(dataset.skin_types["skin_type"]) == list(SKIN_TYPES)


def test_the_article_side_effects_are_all_present_for_both_procedures():
    effects = load_dataset().side_effects
    article = {
        "redness", "swelling", "bruising", "pain", "dryness_flaking", "pih",
        "infection", "scarring", "allergic_reaction", "prolonged_inflammation",
    }  # fmt: skip
    for procedure in ("traditional", "radiofrequency"):
        present = set(effects.loc[effects["procedure"] == procedure, "side_effect"])
        assert article <= present, procedure
    rf_only = {"burns", "grid_marks", "fat_loss", "nerve_damage"}
    assert rf_only <= set(effects.loc[effects["procedure"] == "radiofrequency", "side_effect"])
    assert not rf_only & set(effects.loc[effects["procedure"] == "traditional", "side_effect"])


def test_skin_types_are_an_ordered_category():
    effects = load_dataset().side_effects
    assert effects["skin_type"].cat.ordered
    assert effects["skin_type"].min() == "I" and effects["skin_type"].max() == "VI"


def test_pih_likelihood_rises_with_skin_type():
    effects = load_dataset().side_effects
    pih = effects[effects["side_effect"] == "pih"].set_index(["procedure", "skin_type"])
    for procedure in ("traditional", "radiofrequency"):
        assert (
            pih.loc[(procedure, "V"), "likelihood_high_pct"]
            > pih.loc[(procedure, "II"), "likelihood_high_pct"]
        )


def test_no_published_figure_is_empty_never_zero_for_fda_only_effects():
    effects = load_dataset().side_effects
    fda = effects[effects["side_effect"].isin(["fat_loss", "nerve_damage"])]
    assert fda["likelihood_high_pct"].isna().all()


def test_every_figure_has_a_source_and_extrapolations_say_so():
    effects = load_dataset().side_effects
    assert effects["source_ids"].str.len().gt(0).all()
    has_figure = effects["likelihood_high_pct"].notna() | effects["duration_low_days"].notna()
    extrapolated = effects[(effects["evidence"] == "extrapolated") & has_figure]
    assert len(extrapolated) > 0
    assert extrapolated["note"].str.contains("measured|extrapolat|applied", case=False).all()


def test_likelihood_above_100_names_file_line_and_column(data_copy):
    edit(data_copy, "side_effects.csv", {(3, "likelihood_high_pct"): "150"})
    problems = problems_of(data_copy)
    assert any(
        p.startswith("side_effects.csv, line 5, column 'likelihood_high_pct'") and "150" in p
        for p in problems
    ), problems


def test_low_above_high_is_rejected(data_copy):
    edit(
        data_copy,
        "side_effects.csv",
        {(0, "likelihood_low_pct"): "50", (0, "likelihood_high_pct"): "10"},
    )
    problems = problems_of(data_copy)
    assert any("line 2" in p and "low 50% is above high 10%" in p for p in problems), problems


def test_negative_duration_is_rejected(data_copy):
    edit(data_copy, "side_effects.csv", {(1, "duration_low_days"): "-2"})
    problems = problems_of(data_copy)
    assert any("line 3, column 'duration_low_days'" in p and "negative" in p for p in problems)


def test_text_in_a_number_column_is_rejected(data_copy):
    edit(data_copy, "side_effects.csv", {(2, "likelihood_low_pct"): "often"})
    problems = problems_of(data_copy)
    assert any("line 4" in p and "'often' is not a number" in p for p in problems), problems


def test_unknown_and_missing_columns_are_named(data_copy):
    edit(data_copy, "side_effects.csv", rename={"severity": "sev"})
    problems = problems_of(data_copy)
    assert any("column 'sev': unknown column" in p for p in problems)
    assert any("column 'severity': is missing" in p for p in problems)


def test_unknown_slug_skin_type_and_procedure_are_rejected(data_copy):
    spoilt = {(0, "side_effect"): "hair_loss", (1, "skin_type"): "VII", (2, "procedure"): "laser"}
    edit(data_copy, "side_effects.csv", spoilt)
    problems = "\n".join(problems_of(data_copy))
    assert "'VII' is not one of: I, II, III, IV, V, VI" in problems
    assert "'laser' is not one of: traditional, radiofrequency" in problems
    # Slugs are checked once the cell types are right: fix the other two and look again.
    edit(data_copy, "side_effects.csv", {(1, "skin_type"): "I"})
    edit(data_copy, "side_effects.csv", {(2, "procedure"): "traditional"})
    problems = "\n".join(problems_of(data_copy))
    assert "line 2, column 'side_effect': 'hair_loss' is not a known side effect" in problems


def test_missing_source_id_is_rejected(data_copy):
    edit(data_copy, "side_effects.csv", {(0, "source_ids"): "R2;X99"})
    problems = problems_of(data_copy)
    assert any("line 2, column 'source_ids': X99 not found in sources.csv" in p for p in problems)


def test_duplicate_key_is_rejected(data_copy):
    first = pd.read_csv(data_copy / "side_effects.csv", dtype=str, keep_default_na=False).loc[0]
    edit(data_copy, "side_effects.csv", {(1, column): value for column, value in first.items()})
    problems = problems_of(data_copy)
    assert any("line 3" in p and "repeats the row" in p for p in problems), problems


def test_empty_file_is_rejected(data_copy):
    (data_copy / "sources.csv").write_text("")
    assert problems_of(data_copy) == ["sources.csv: is empty"]


def test_non_utf8_file_is_rejected_with_its_line(data_copy):
    path = data_copy / "factors.csv"
    path.write_bytes(path.read_bytes() + "sun,Caf\u00e9 au lait,x\n".encode("latin-1"))
    problems = problems_of(data_copy)
    assert len(problems) == 1 and "factors.csv, line" in problems[0] and "not UTF-8" in problems[0]


def test_dataset_error_is_a_value_error():
    assert issubclass(DatasetError, ValueError)


def test_fingerprint_changes_with_any_cell_and_only_then():
    effects = load_dataset().side_effects
    assert fingerprint(effects) == fingerprint(effects.copy())
    changed = effects.copy()
    changed.loc[5, "note"] = changed.loc[5, "note"] + " "
    assert fingerprint(changed) != fingerprint(effects)


def row_of(folder, procedure, side_effect, skin_type):
    """The 0-based row of a side-effects key (its CSV line is this + 2)."""
    frame = pd.read_csv(folder / "side_effects.csv", dtype=str, keep_default_na=False)
    match = frame.index[
        (frame["procedure"] == procedure)
        & (frame["side_effect"] == side_effect)
        & (frame["skin_type"] == skin_type)
    ]
    return int(match[0])


def test_a_duration_without_its_basis_is_rejected(data_copy):
    row = row_of(data_copy, "traditional", "redness", "I")
    edit(data_copy, "side_effects.csv", {(row, "duration_basis"): ""})
    problems = problems_of(data_copy)
    assert any(
        f"line {row + 2}, column 'duration_basis': is empty while a duration is given" in p
        for p in problems
    ), problems


def test_a_basis_without_a_duration_and_an_unknown_basis_are_rejected(data_copy):
    bruising = row_of(data_copy, "traditional", "bruising", "I")
    redness = row_of(data_copy, "traditional", "redness", "I")
    edit(
        data_copy,
        "side_effects.csv",
        {(bruising, "duration_basis"): "measured", (redness, "duration_basis"): "guessed"},
    )
    problems = "\n".join(problems_of(data_copy))
    assert "'guessed' is not one of: measured, derived" in problems
    edit(data_copy, "side_effects.csv", {(redness, "duration_basis"): "measured"})
    problems = "\n".join(problems_of(data_copy))
    assert (
        f"line {bruising + 2}, column 'duration_basis': is 'measured' but no duration" in problems
    )


def test_duration_words_need_a_cited_source_and_no_days(data_copy):
    redness = row_of(data_copy, "traditional", "redness", "I")
    fat = row_of(data_copy, "radiofrequency", "fat_loss", "I")
    nerve = row_of(data_copy, "radiofrequency", "nerve_damage", "I")
    edit(
        data_copy,
        "side_effects.csv",
        {
            (redness, "duration_words"): "a few days",
            (redness, "duration_words_source_ids"): "ART",
            (fat, "duration_words"): "months",
            (fat, "duration_words_source_ids"): "",
            (nerve, "duration_words"): "months",
            (nerve, "duration_words_source_ids"): "R5",
        },
    )
    problems = "\n".join(problems_of(data_copy))
    assert f"line {redness + 2}, column 'duration_words': is only for a duration given" in problems
    assert f"line {fat + 2}, column 'duration_words_source_ids': is empty" in problems
    assert (
        f"line {nerve + 2}, column 'duration_words_source_ids': R5 is not in this row's "
        "source_ids" in problems
    )


def test_events_must_be_a_whole_count_beside_a_likelihood(data_copy):
    scarring = row_of(data_copy, "traditional", "scarring", "IV")
    fat = row_of(data_copy, "radiofrequency", "fat_loss", "I")
    edit(data_copy, "side_effects.csv", {(scarring, "events"): "2.5"})
    problems = "\n".join(problems_of(data_copy))
    assert f"line {scarring + 2}, column 'events': '2.5' is not a whole number" in problems
    edit(data_copy, "side_effects.csv", {(scarring, "events"): "2", (fat, "events"): "4"})
    problems = "\n".join(problems_of(data_copy))
    assert f"line {fat + 2}, column 'events': counts people with the effect, but" in problems


def test_a_table_without_the_optional_columns_reads_them_as_empty(data_copy):
    path = data_copy / "side_effects.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    optional = ["events", "duration_basis", "duration_words", "duration_words_source_ids"]
    no_durations = frame[(frame["duration_low_days"] == "") & (frame["duration_words"] == "")]
    no_durations.drop(columns=optional).to_csv(path, index=False)
    effects = load_dataset(data_copy).side_effects
    assert len(effects) == len(no_durations)
    assert effects[optional].isna().all().all()


def test_a_derived_duration_whose_note_does_not_say_so_is_rejected(data_copy):
    row = row_of(data_copy, "radiofrequency", "pih", "IV")
    frame = pd.read_csv(data_copy / "side_effects.csv", dtype=str, keep_default_na=False)
    unlabelled = frame.loc[row, "note"].replace("derived, not measured", "as shown")
    edit(data_copy, "side_effects.csv", {(row, "note"): unlabelled})
    problems = problems_of(data_copy)
    assert problems == [
        (
            f"side_effects.csv, line {row + 2}, column 'note': does not say the duration is "
            "derived; say so with the word 'derived' and what it was worked out from (follow-up "
            "visits, a related measure or other skin types)"
        )
    ]


def test_a_figure_shared_by_every_skin_type_must_say_so_in_each_note(data_copy):
    bruising = [row_of(data_copy, "traditional", "bruising", t) for t in SKIN_TYPES]
    frame = pd.read_csv(data_copy / "side_effects.csv", dtype=str, keep_default_na=False)
    silent = frame.loc[bruising[0], "note"].replace(
        ", so the same figure is shown for every skin type", ""
    )
    edit(data_copy, "side_effects.csv", {(row, "note"): silent for row in bruising[:2]})
    problems = problems_of(data_copy)
    assert problems == [
        f"side_effects.csv, line {row + 2}, column 'note': the likelihood (up to 2.8%) is the "
        "same for all six skin types of traditional bruising; say so in the note with the words "
        "'every skin type' (e.g. 'the same figure is shown for every skin type')"
        for row in bruising[:2]
    ]
    # Once one skin type has its own figure, the others are no longer copies of one figure.
    edit(data_copy, "side_effects.csv", {(bruising[5], "likelihood_high_pct"): "3"})
    load_dataset(data_copy)


def test_a_point_figure_from_fewer_than_three_events_is_flagged(data_copy):
    scarring = row_of(data_copy, "traditional", "scarring", "IV")
    grid = row_of(data_copy, "radiofrequency", "grid_marks", "I")
    edit(
        data_copy,
        "side_effects.csv",
        {(scarring, "likelihood_low_pct"): "6.7", (grid, "events"): ""},
    )
    problems = problems_of(data_copy)
    assert (
        f"side_effects.csv, line {scarring + 2}, column 'likelihood_low_pct': 6.7% as both low "
        "and high rests on 2 people, fewer than 3: give the range from the studies that saw "
        "none to the highest published rate, or leave low empty for 'up to'"
    ) in problems
    assert (
        f"side_effects.csv, line {grid + 2}, column 'events': is empty for the point figure "
        "7.5% (low = high); give how many people had the effect, so a figure from very few "
        "people can be caught"
    ) in problems
    # Three people are enough, and 'none seen' (0 = 0) needs no count.
    edit(data_copy, "side_effects.csv", {(scarring, "events"): "3", (grid, "events"): "3"})
    load_dataset(data_copy)
