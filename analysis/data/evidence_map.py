"""The evidence map: what stands behind the figures for each side effect, skin type and procedure.

A teacher's view of where research is thin, notably on darker skin: each cell is measured in
people of that skin type, taken from a secondary summary, derived from something else, carried
over from other skin types, or missing. Plain frames only; the chart is built elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from analysis.data.vocabulary import EVIDENCE_MAP_BASES, EVIDENCE_MAP_DTYPE


def evidence_basis(row: Mapping) -> str:
    """The weakest basis of a row's figures (likelihood, duration in days); 'missing' if none."""
    if pd.isna(row["likelihood_high_pct"]) and pd.isna(row["duration_low_days"]):
        return "missing"
    if row["evidence"] == "extrapolated":
        return "carried_over"
    if pd.notna(row["duration_low_days"]) and row["duration_basis"] == "derived":
        return "derived"
    if row["evidence"] == "secondary":
        return "secondary"
    return "measured"


def evidence_map(side_effects: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """One row per procedure, side effect and skin type with the basis of its figures.

    Columns: procedure, side_effect, label, category, skin_type, basis (ordered, strongest
    first), basis_label, evidence, has_likelihood, has_duration, duration_in_words,
    measured_in. A cell with only a duration in words counts as missing a figure and says so
    in duration_in_words.
    """
    labels = catalog.set_index("side_effect")["label"]
    # Plain dicts, not iterrows: a Series per row made this most of the chart's build time.
    basis = [evidence_basis(row) for row in side_effects.to_dict("records")]
    tidy = pd.DataFrame(
        {
            "procedure": side_effects["procedure"],
            "side_effect": side_effects["side_effect"],
            "label": side_effects["side_effect"].map(labels).fillna(side_effects["side_effect"]),
            "category": side_effects["category"],
            "skin_type": side_effects["skin_type"],
            "basis": pd.Categorical(basis, dtype=EVIDENCE_MAP_DTYPE),
            "evidence": side_effects["evidence"],
            "has_likelihood": side_effects["likelihood_high_pct"].notna(),
            "has_duration": side_effects["duration_low_days"].notna(),
            "duration_in_words": side_effects["duration_words"].notna(),
            "measured_in": side_effects["measured_in"],
        }
    )
    tidy.insert(6, "basis_label", tidy["basis"].astype(str).map(EVIDENCE_MAP_BASES))
    return tidy.sort_values(
        ["procedure", "category", "label", "skin_type"], kind="stable"
    ).reset_index(drop=True)


def basis_counts(cells: pd.DataFrame) -> pd.DataFrame:
    """How many cells of each basis per skin type (skin types as rows, bases as columns)."""
    return pd.crosstab(cells["skin_type"], cells["basis"], dropna=False).reindex(
        columns=list(EVIDENCE_MAP_BASES), fill_value=0
    )
