"""Readable tables of side-effect rows: plain labels, ranges in words, sources as citations."""

from __future__ import annotations

import pandas as pd

from analysis.formatting import format_duration_range, format_pct_range, natural_frequency
from analysis.vocabulary import CATEGORIES, EVIDENCE_LEVELS, PROCEDURES, SEVERITIES


def side_effect_label(side_effect: str, catalog: pd.DataFrame) -> str:
    """'Darkening of the skin (post-inflammatory hyperpigmentation, PIH)': plain words first."""
    row = catalog.set_index("side_effect").loc[side_effect]
    term = row["medical_term"]
    return row["label"] if pd.isna(term) else f"{row['label']} ({term})"


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
            "How long it lasts": [format_duration_range(a, b) for a, b in zip(d_low, d_high)],
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
