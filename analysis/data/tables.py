"""Readable tables of side-effect rows: plain labels, ranges in words, sources as citations."""

from __future__ import annotations

import pandas as pd

from analysis.data.formatting import (
    format_duration_known,
    format_pct_range,
    natural_frequency,
    type_span,
)
from analysis.data.vocabulary import CATEGORIES, EVIDENCE_LEVELS, PROCEDURES, SEVERITIES


def side_effect_label(side_effect: str, catalog: pd.DataFrame) -> str:
    """'Darkening of the skin (post-inflammatory hyperpigmentation, PIH)': plain words first."""
    row = catalog.set_index("side_effect").loc[side_effect]
    term = row["medical_term"]
    return row["label"] if pd.isna(term) else f"{row['label']} ({term})"


def effect_order(catalog: pd.DataFrame, effects: set[str]) -> list[str]:
    """Side effects in the Explorer's order: common ones first, then by plain label."""
    listed = catalog[catalog["side_effect"].isin(effects)]
    return list(listed.sort_values(["category", "label"], kind="stable")["side_effect"])


def how_long(rows: pd.DataFrame) -> list[str]:
    """What is known of how long each row's effect lasts: days ('(derived)' when worked out,
    not measured), the source's own words with their source, or 'no published figure'."""
    return [
        format_duration_known(*known)
        for known in zip(
            rows["duration_low_days"],
            rows["duration_high_days"],
            rows["duration_basis"],
            rows["duration_words"],
            rows["duration_words_source_ids"],
        )
    ]


def readable_table(rows: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """One line per row with the words a person reads; raw numbers kept for sorting."""
    labels = {s: side_effect_label(s, catalog) for s in catalog["side_effect"]}
    low, high = rows["likelihood_low_pct"], rows["likelihood_high_pct"]
    d_low, d_high = rows["duration_low_days"], rows["duration_high_days"]
    return pd.DataFrame(
        {
            "Side effect": rows["side_effect"].map(labels).fillna(rows["side_effect"]),
            "Procedure": rows["procedure"].astype(str).map(PROCEDURES),
            "Skin type": "Type " + rows["skin_type"].astype(str),
            "Kind": rows["category"].astype(str).map(CATEGORIES),
            "How often": [format_pct_range(a, b) for a, b in zip(low, high)],
            "In 100 people": [natural_frequency(a, b) for a, b in zip(low, high)],
            "How long it lasts": how_long(rows),
            "Starts": rows["onset"].fillna("not reported"),
            "Severity": rows["severity"].astype(str).map(SEVERITIES),
            "Evidence": rows["evidence"].astype(str).map(EVIDENCE_LEVELS),
            "Sources": rows["source_ids"].str.replace(";", ", "),
            "Measured in": rows["measured_in"].fillna(""),
            "Note": rows["note"],
            "Likelihood low (%)": low,
            "Likelihood high (%)": high,
            "Duration low (days)": d_low,
            "Duration high (days)": d_high,
        }
    )


def cited_sources(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """The sources that the given rows cite, in citation order (R1, R2, ..., G1, ...)."""
    ids = {s.strip() for cell in rows["source_ids"] for s in str(cell).split(";") if s.strip()}
    return sources[sources["source_id"].isin(ids)].reset_index(drop=True)


# The column of side_effects.csv behind each column of readable_table (whose definition it has).
def collapse_skin_types(table: pd.DataFrame) -> pd.DataFrame:
    """A readable table with the rows that differ only by skin type merged into one, its
    'Skin type' reading 'Types I-VI' (most figures were not measured per skin type)."""
    others = [c for c in table.columns if c != "Skin type"]
    key = table[others].astype(str).agg("\x1f".join, axis=1)
    types = table["Skin type"].str.removeprefix("Type ").groupby(key, sort=False).agg(list)
    merged = table.drop_duplicates(subset=others).copy()
    merged["Skin type"] = (
        key.loc[merged.index].map(types).map(type_span).str.replace("type", "Type", n=1)
    )
    return merged.reset_index(drop=True)


READABLE_SOURCE_COLUMNS: dict[str, str] = {
    "Side effect": "side_effect",
    "Procedure": "procedure",
    "Skin type": "skin_type",
    "Kind": "category",
    "How often": "likelihood_low_pct",
    "In 100 people": "likelihood_low_pct",
    "How long it lasts": "duration_low_days",
    "Starts": "onset",
    "Severity": "severity",
    "Evidence": "evidence",
    "Sources": "source_ids",
    "Measured in": "measured_in",
    "Note": "note",
    "Likelihood low (%)": "likelihood_low_pct",
    "Likelihood high (%)": "likelihood_high_pct",
    "Duration low (days)": "duration_low_days",
    "Duration high (days)": "duration_high_days",
}


def search_rows(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows of a readable table whose text holds every word of `query` (any case, any column)."""
    words = query.casefold().split()
    if not words:
        return table
    text = pd.Series("", index=table.index)
    for column in table.columns:
        text += " " + table[column].astype(str).fillna("").str.casefold()
    mask = pd.Series(True, index=table.index)
    for word in words:
        mask &= text.str.contains(word, regex=False)
    return table[mask]


def evidence_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per evidence level: how many rows, and how many have a likelihood or only a note."""
    has_figure = rows["likelihood_high_pct"].notna()
    counts = (
        pd.DataFrame({"evidence": rows["evidence"].astype(str), "has_figure": has_figure})
        .groupby("evidence")["has_figure"]
        .agg(["size", "sum"])
    )
    levels = [level for level in EVIDENCE_LEVELS if level in counts.index]
    counts = counts.loc[levels]
    return pd.DataFrame(
        {
            "Evidence": [EVIDENCE_LEVELS[level] for level in levels],
            "Rows": counts["size"].to_numpy(),
            "With a likelihood figure": counts["sum"].astype(int).to_numpy(),
            "No published likelihood": (counts["size"] - counts["sum"]).astype(int).to_numpy(),
        }
    )


def source_list(sources: pd.DataFrame) -> pd.DataFrame:
    """The sources as a person reads them: id, full citation, year, kind of source and link."""
    return pd.DataFrame(
        {
            "Source": sources["source_id"],
            "Citation": sources["citation"],
            "Year": sources["year"],
            "Kind": sources["kind"].str.replace("_", " ").str.capitalize(),
            "Link": sources["url"],
        }
    )
