"""Readable tables: every column traced to a defined column, search, evidence counts, sources."""

import io

import pandas as pd
import pytest

from analysis.data.dataset import load_dataset
from analysis.data.readme import column_definitions
from analysis.data.tables import (
    READABLE_SOURCE_COLUMNS,
    evidence_summary,
    readable_table,
    search_rows,
    source_list,
)
from analysis.outputs.safe_csv import to_safe_csv


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def table(dataset):
    return readable_table(dataset.side_effects, dataset.catalog)


def test_every_readable_column_comes_from_a_defined_column(table):
    assert list(READABLE_SOURCE_COLUMNS) == list(table.columns)
    assert set(READABLE_SOURCE_COLUMNS.values()) <= set(column_definitions())


def test_search_keeps_rows_holding_every_word_in_any_case(table):
    found = search_rows(table, "  GRANULOMATOUS   radiofrequency ")
    assert len(found) == 6
    assert found["Side effect"].str.contains("granulomatous", case=False).all()
    assert set(found["Procedure"]) == {"Radiofrequency microneedling"}


def test_search_finds_source_ids_and_keeps_the_original_index(table):
    found = search_rows(table, "R18")
    assert len(found) > 0 and found["Sources"].str.contains("R18").all()
    assert found.index.isin(table.index).all()


def test_an_empty_search_keeps_everything_and_a_missing_word_nothing(table):
    assert search_rows(table, "   ") is table
    assert search_rows(table, "no-such-word").empty


def test_search_treats_regex_characters_as_text(table):
    assert search_rows(table, "(.*").empty


def test_evidence_summary_counts_every_row_once_strongest_first(dataset):
    summary = evidence_summary(dataset.side_effects)
    assert summary["Rows"].sum() == len(dataset.side_effects)
    assert (
        summary["With a likelihood figure"] + summary["No published likelihood"] == summary["Rows"]
    ).all()
    assert summary["Evidence"].iloc[0] == "Systematic review"
    case_reports = summary.set_index("Evidence").loc["Case reports only"]
    assert case_reports["With a likelihood figure"] == 0


def test_source_list_has_readable_kinds_and_links(dataset):
    sources = source_list(dataset.sources)
    assert list(sources.columns) == ["Source", "Citation", "Year", "Kind", "Link"]
    assert "Case report" in set(sources["Kind"])
    r1 = sources.set_index("Source").loc["R1"]
    assert r1["Link"] == "https://pubmed.ncbi.nlm.nih.gov/26549251/"
    assert pd.isna(sources.set_index("Source").loc["ART", "Link"])


def how_long_of(table, side_effect_words: str, procedure: str, skin_type: str) -> str:
    row = table[
        table["Side effect"].str.startswith(side_effect_words)
        & (table["Procedure"] == procedure)
        & (table["Skin type"] == f"Type {skin_type}")
    ]
    (value,) = row["How long it lasts"]
    return value


@pytest.mark.parametrize(
    "side_effect, procedure, skin_type, shown",
    [
        # Read off the share still affected at each follow-up visit [R9].
        ("Darkening", "Radiofrequency microneedling", "IV", "4 weeks – 2 months (derived)"),
        # Read off water loss through the skin [R17].
        ("Dryness", "Radiofrequency microneedling", "III", "7 days (derived)"),
        # Measured in type III-V skin, carried over to type I.
        ("Redness", "Radiofrequency microneedling", "I", "10 h – 7 days (derived)"),
        ("Redness", "Radiofrequency microneedling", "IV", "10 h – 7 days"),
        # Only words exist: the source's words with the source, not "no published figure".
        (
            "Bruising",
            "Traditional microneedling",
            "V",
            "usually resolves within a few days (article)",
        ),
        ("Scarring", "Traditional microneedling", "II", "persistent (R2)"),
        (
            "Long-lasting redness",
            "Radiofrequency microneedling",
            "VI",
            "in rare cases, may persist for several weeks or months (article)",
        ),
        ("Infection", "Traditional microneedling", "III", "no published figure"),
    ],
)
def test_how_long_it_lasts_says_derived_or_gives_the_sources_words(
    table, side_effect, procedure, skin_type, shown
):
    assert how_long_of(table, side_effect, procedure, skin_type) == shown


def test_every_derived_duration_and_every_duration_in_words_is_marked(dataset, table):
    rows = dataset.side_effects
    derived = (rows["duration_basis"] == "derived").to_numpy()
    assert derived.sum() == 17
    assert table.loc[derived, "How long it lasts"].str.endswith("(derived)").all()
    assert not table.loc[~derived, "How long it lasts"].str.contains("derived").any()
    in_words = rows["duration_words"].notna().to_numpy()
    assert not table.loc[in_words, "How long it lasts"].str.contains("no published figure").any()


def test_the_csv_download_carries_the_derived_label_and_the_words(table):
    downloaded = pd.read_csv(io.BytesIO(to_safe_csv(table)))
    shown = set(downloaded["How long it lasts"])
    assert {"4 weeks – 2 months (derived)", "usually resolves within a few days (article)"} <= shown
