"""A person's own side-effect profile: their skin type, procedure and situation applied to the data.

`personal_profile` takes the base rows for the skin type and procedure, then the modifiers: a
numeric change only where a source gives a multiplier, otherwise a flag with its reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.data.dataset import Dataset
from analysis.data.formatting import natural_frequency
from analysis.data.tables import how_long, side_effect_label
from analysis.data.vocabulary import PROCEDURES, SEVERITIES, SKIN_TYPES
from analysis.views.filters import choice_param, list_param

NOT_SURE = "not_sure"


@dataclass(frozen=True)
class Profile:
    """Who is asking: skin type (or not sure), procedures to look at, and their situation."""

    skin_type: str = NOT_SURE
    procedures: tuple[str, ...] = ("traditional",)
    factors: tuple[str, ...] = ()

    def to_query_params(self) -> dict[str, str]:
        params = {"skin": self.skin_type, "procedure": ",".join(self.procedures)}
        if self.factors:
            params["situation"] = ",".join(self.factors)
        return params

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Sequence[str]], known_factors: Sequence[str]
    ) -> tuple[Profile, list[str]]:
        """Read a profile from a link; unknown values fall back to defaults with a notice."""
        notices: list[str] = []
        values: dict[str, object] = {}
        skin = choice_param(params, "skin", (*SKIN_TYPES, NOT_SURE), "skin type", notices)
        if skin is not None:
            values["skin_type"] = skin
        for name, param, allowed, what in (
            ("procedures", "procedure", tuple(PROCEDURES), "procedure"),
            ("factors", "situation", tuple(known_factors), "situation"),
        ):
            chosen = list_param(params, param, allowed, what, notices)
            if chosen is not None:
                values[name] = chosen
        return cls(**values), notices


@dataclass(frozen=True)
class Flag:
    """One reason for care that applies to this person, with its source."""

    effect: str  # contraindicated | caution | raises
    factor_label: str
    side_effect_label: str | None  # None when it concerns the procedure as a whole
    procedure: str | None  # None when it concerns every procedure
    note: str
    source_ids: str


@dataclass(frozen=True)
class PersonalProfile:
    """What the page shows: stop signs first, then cautions, then the person's side effects."""

    stops: tuple[Flag, ...]
    cautions: tuple[Flag, ...]
    side_effects: pd.DataFrame


def _flags(dataset: Dataset, profile: Profile) -> list[tuple[Flag, str, float | None]]:
    """Modifier rows that apply to this profile, as (flag, side_effect slug or '*', multiplier)."""
    factor_labels = dict(zip(dataset.factors["factor"], dataset.factors["label"]))
    plain_labels = dict(zip(dataset.catalog["side_effect"], dataset.catalog["label"]))
    applicable = dataset.modifiers[
        dataset.modifiers["factor"].isin(profile.factors)
        & dataset.modifiers["procedure"].isin([*profile.procedures, "*"])
    ]
    out = []
    for row in applicable.itertuples():
        out.append(
            (
                Flag(
                    effect=row.effect,
                    factor_label=factor_labels[row.factor],
                    side_effect_label=None
                    if row.side_effect == "*"
                    else plain_labels[row.side_effect],
                    procedure=None if row.procedure == "*" else row.procedure,
                    note=row.note,
                    source_ids=row.source_ids,
                ),
                row.side_effect,
                None if pd.isna(row.multiplier) else float(row.multiplier),
            )
        )
    return out


def _base_rows(dataset: Dataset, profile: Profile) -> pd.DataFrame:
    """The rows for this skin type; for 'not sure', the widest range over all skin types."""
    rows = dataset.side_effects[dataset.side_effects["procedure"].isin(profile.procedures)]
    if profile.skin_type != NOT_SURE:
        return rows[rows["skin_type"] == profile.skin_type].reset_index(drop=True)
    grouped = rows.groupby(["procedure", "side_effect"], observed=True, sort=False)
    first = grouped.first()
    widest = grouped.agg(
        likelihood_low_pct=("likelihood_low_pct", "min"),
        likelihood_high_pct=("likelihood_high_pct", "max"),
        duration_low_days=("duration_low_days", "min"),
        duration_high_days=("duration_high_days", "max"),
    )
    first.update(widest)
    # The widest duration is derived if any skin type's is: the range holds that figure.
    derived = grouped["duration_basis"].agg(lambda basis: (basis == "derived").any())
    first.loc[derived, "duration_basis"] = "derived"
    first["skin_type"] = "any"
    first["note"] = "Widest range over skin types I to VI. " + first["note"]
    return first.reset_index()


def personal_profile(dataset: Dataset, profile: Profile) -> PersonalProfile:
    """Base rows for the person's skin type and procedures, with their situation applied."""
    rows = _base_rows(dataset, profile).copy()
    rows["raised_by"] = [[] for _ in range(len(rows))]
    rows["adjusted"] = False
    stops, cautions = [], []
    for flag, side_effect, multiplier in _flags(dataset, profile):
        if flag.effect == "contraindicated":
            stops.append(flag)
            continue
        if side_effect == "*" or flag.effect == "caution":
            cautions.append(flag)
        if side_effect == "*":
            continue  # a general reason for care: shown once, not on every side effect
        targets = rows.index[rows["side_effect"] == side_effect]
        if flag.procedure is not None:
            targets = targets.intersection(rows.index[rows["procedure"] == flag.procedure])
        for i in targets:
            if flag.factor_label not in rows.at[i, "raised_by"]:
                rows.at[i, "raised_by"] = [*rows.at[i, "raised_by"], flag.factor_label]
            if multiplier is not None and pd.notna(rows.at[i, "likelihood_high_pct"]):
                for column in ("likelihood_low_pct", "likelihood_high_pct"):
                    rows.at[i, column] = min(100.0, rows.at[i, column] * multiplier)
                rows.at[i, "adjusted"] = True
    rows["label"] = [side_effect_label(s, dataset.catalog) for s in rows["side_effect"]]
    rows["in_100_people"] = [
        natural_frequency(a, b)
        for a, b in zip(rows["likelihood_low_pct"], rows["likelihood_high_pct"])
    ]
    rows["how_long"] = how_long(rows)
    rows["seriousness"] = rows["severity"].astype(str).map(SEVERITIES)
    rows = rows.sort_values(
        ["likelihood_high_pct", "likelihood_low_pct", "label"],
        ascending=[False, False, True],
        na_position="last",
    ).reset_index(drop=True)
    return PersonalProfile(tuple(stops), tuple(cautions), rows)
