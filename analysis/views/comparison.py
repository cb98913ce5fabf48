"""Two groups side by side: two skin types, two procedures, or two profiles.

A profile is a skin type, a procedure and, optionally, situation factors (sensitive skin, ...).
No source gives a number for how much a factor changes a risk, so factors are shown as flags
beside the figures, never folded into them. `Comparison` is the one place that turns a
comparison into query parameters and back; bad parameters fall back to the default with a notice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from analysis.charts.comparison import Group
from analysis.charts.frame import Chart
from analysis.charts.icon_array import PEOPLE, IconCounts, IconPanel, icon_array_chart, icon_counts
from analysis.data.formatting import (
    format_duration_range,
    format_pct_range,
    is_missing,
    natural_frequency,
    procedure_word,
)
from analysis.data.tables import effect_order, side_effect_label
from analysis.data.vocabulary import EVIDENCE_LEVELS, MODIFIER_EFFECTS, PROCEDURES, SKIN_TYPES
from analysis.views.filters import choice_param, clip, list_param, single_param

MODES: dict[str, str] = {
    "skin": "Two skin types",
    "procedure": "Two procedures",
    "profile": "Two profiles (skin type, procedure and situation)",
}
DEFAULT_SIDE_EFFECT = "pih"  # darkening of the skin: the effect that differs most by skin type
SLIDES: tuple[str, ...] = ("Icon arrays", "How likely", "How long")


@dataclass(frozen=True)
class Profile:
    """One group: a skin type, a procedure and the situation factors that apply (slugs)."""

    skin_type: str = "II"
    procedure: str = "traditional"
    factors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.skin_type not in SKIN_TYPES:
            raise ValueError(f"unknown skin type {self.skin_type!r}")
        if self.procedure not in PROCEDURES:
            raise ValueError(f"unknown procedure {self.procedure!r}")
        object.__setattr__(self, "factors", tuple(sorted(set(self.factors))))

    def reference_class(self) -> str:
        """Who the figures are about: 'type V skin after traditional microneedling'."""
        return f"type {self.skin_type} skin after {procedure_word(self.procedure)} microneedling"


@dataclass(frozen=True)
class Comparison:
    """What the Compare page shows: two groups, one side effect for the icon arrays, and
    whether it is presenting (one chart at a time, `slide` counting from 0)."""

    mode: str = "skin"
    a: Profile = field(default_factory=lambda: Profile("II"))
    b: Profile = field(default_factory=lambda: Profile("V"))
    side_effect: str = DEFAULT_SIDE_EFFECT
    presenting: bool = False
    slide: int = 0

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}")
        # Two skin types share the procedure; two procedures share the skin type.
        if self.mode == "skin":
            object.__setattr__(self, "b", Profile(self.b.skin_type, self.a.procedure))
            object.__setattr__(self, "a", Profile(self.a.skin_type, self.a.procedure))
        elif self.mode == "procedure":
            object.__setattr__(self, "b", Profile(self.a.skin_type, self.b.procedure))
            object.__setattr__(self, "a", Profile(self.a.skin_type, self.a.procedure))
        object.__setattr__(self, "slide", min(max(self.slide, 0), len(SLIDES) - 1))

    def group_labels(self) -> tuple[str, str]:
        """Short names for the two groups: 'Type II skin', 'Radiofrequency', ..."""
        if self.mode == "skin":
            return f"Type {self.a.skin_type} skin", f"Type {self.b.skin_type} skin"
        if self.mode == "procedure":
            return PROCEDURES[self.a.procedure], PROCEDURES[self.b.procedure]
        return tuple(
            f"Type {p.skin_type}, {procedure_word(p.procedure)}"
            + (" + situation" if p.factors else "")
            for p in (self.a, self.b)
        )

    def groups(self, rows_a: pd.DataFrame, rows_b: pd.DataFrame) -> tuple[Group, Group]:
        """Both groups as the comparison charts draw them; `rows_a` and `rows_b` are their rows
        (`profile_rows`)."""
        label_a, label_b = self.group_labels()
        return Group(label_a, rows_a, self.a.procedure), Group(label_b, rows_b, self.b.procedure)

    def describe(self, factor_labels: Mapping[str, str] | None = None) -> str:
        """Subtitle naming both groups: 'Type II vs type V skin · Traditional microneedling'."""
        a, b = self.a, self.b
        if self.mode == "skin":
            return f"Type {a.skin_type} vs type {b.skin_type} skin · {PROCEDURES[a.procedure]}"
        if self.mode == "procedure":
            return f"{PROCEDURES[a.procedure]} vs {procedure_word(b.procedure)} · Type {a.skin_type} skin"
        labels = factor_labels or {}
        parts = []
        for profile in (a, b):
            text = profile.reference_class()
            text = text[0].upper() + text[1:]
            if profile.factors:
                text += " + " + ", ".join(labels.get(f, f).lower() for f in profile.factors)
            parts.append(text)
        return " vs ".join(parts)

    def to_query_params(self) -> dict[str, str]:
        """Query parameters for this view; values left at their default are omitted."""
        default = Comparison()
        values = {
            "mode": (self.mode, default.mode),
            "skin_a": (self.a.skin_type, default.a.skin_type),
            "skin_b": (self.b.skin_type, default.b.skin_type),
            "procedure_a": (self.a.procedure, default.a.procedure),
            "procedure_b": (self.b.procedure, default.b.procedure),
            "situation_a": (",".join(self.a.factors), ""),
            "situation_b": (",".join(self.b.factors), ""),
            "effect": (self.side_effect, default.side_effect),
            "present": ("1" if self.presenting else "", ""),
            "slide": (str(self.slide + 1) if self.presenting else "1", "1"),
        }
        return {key: value for key, (value, unset) in values.items() if value != unset}

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, str | Sequence[str]],
        side_effects: Sequence[str],
        factors: Sequence[str],
    ) -> tuple[Comparison, list[str]]:
        """Read a comparison from query parameters (`side_effects` and `factors` are the known
        slugs); return it with plain notices about what was ignored."""
        notices: list[str] = []
        default = cls()
        choices = {
            "mode": tuple(MODES),
            "skin_a": SKIN_TYPES,
            "skin_b": SKIN_TYPES,
            "procedure_a": tuple(PROCEDURES),
            "procedure_b": tuple(PROCEDURES),
            "effect": tuple(side_effects),
        }
        picked: dict[str, str] = {}
        for key, allowed in choices.items():
            chosen = choice_param(params, key, allowed, key, notices)
            if chosen is not None:
                picked[key] = chosen
        situations = [
            list_param(params, key, tuple(factors), "situation", notices) or ()
            for key in ("situation_a", "situation_b")
        ]
        presenting = False
        raw = single_param(params, "present", notices)
        if raw is not None:
            if raw.strip() in ("0", "1"):
                presenting = raw.strip() == "1"
            else:
                notices.append(f"Ignored present '{clip(raw)}' in the link; use 1 or 0.")
        slide = 0
        raw = single_param(params, "slide", notices)
        if raw is not None:
            if raw.strip().isdigit() and 1 <= int(raw) <= len(SLIDES):
                slide = int(raw) - 1
            else:
                notices.append(
                    f"Ignored slide '{clip(raw)}' in the link; slides run from 1 to {len(SLIDES)}."
                )
        known = {*choices, "situation_a", "situation_b", "present", "slide"}
        notices += [
            f"Ignored the unknown link setting '{clip(k)}'." for k in params if k not in known
        ]
        comparison = cls(
            mode=picked.get("mode", default.mode),
            a=Profile(
                picked.get("skin_a", default.a.skin_type),
                picked.get("procedure_a", default.a.procedure),
                situations[0],
            ),
            b=Profile(
                picked.get("skin_b", default.b.skin_type),
                picked.get("procedure_b", default.b.procedure),
                situations[1],
            ),
            side_effect=picked.get("effect", default.side_effect),
            presenting=presenting,
            slide=slide,
        )
        return comparison, notices


def profile_rows(side_effects: pd.DataFrame, profile: Profile) -> pd.DataFrame:
    """The side-effect rows of one profile (one per side effect), indexed by side effect."""
    mask = (side_effects["procedure"] == profile.procedure) & (
        side_effects["skin_type"] == profile.skin_type
    )
    return side_effects[mask].set_index("side_effect")


def situation_flags(
    modifiers: pd.DataFrame,
    factors: pd.DataFrame,
    profile: Profile,
    side_effect: str | None = None,
) -> pd.DataFrame:
    """What the sources say about the profile's situation factors: flags, never numbers.

    With `side_effect`, only the rows about it or about all side effects (`*`). Columns:
    label (the factor in plain words), effect (plain words), side_effect, note, source_ids.
    """
    rows = modifiers[
        modifiers["factor"].isin(profile.factors)
        & modifiers["procedure"].isin(["*", profile.procedure])
    ]
    if side_effect is not None:
        rows = rows[rows["side_effect"].isin(["*", side_effect])]
    labels = factors.set_index("factor")["label"]
    return pd.DataFrame(
        {
            "label": rows["factor"].map(labels),
            "effect": rows["effect"].map(MODIFIER_EFFECTS),
            "side_effect": rows["side_effect"],
            "note": rows["note"],
            "source_ids": rows["source_ids"],
        }
    ).reset_index(drop=True)


def frequency_sentence(rows: pd.DataFrame, side_effect: str, profile: Profile) -> str:
    """'About 0 to 17 in 100 people with type V skin after traditional microneedling', or why
    there is no number. `rows` are the profile's rows (`profile_rows`)."""
    who = profile.reference_class()
    if side_effect not in rows.index:
        return f"Not listed for {procedure_word(profile.procedure)} microneedling"
    low = rows.at[side_effect, "likelihood_low_pct"]
    high = rows.at[side_effect, "likelihood_high_pct"]
    if is_missing(high):
        return f"No published figure for people with {who}"
    if high == 0:
        return f"None seen in the studies of people with {who}"
    return f"{natural_frequency(low, high).capitalize()} with {who}"


def _groups(comparison: Comparison, rows_a: pd.DataFrame, rows_b: pd.DataFrame):
    """(label, rows, profile) of group A, then group B."""
    return zip(comparison.group_labels(), (rows_a, rows_b), (comparison.a, comparison.b))


def comparison_table(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    side_effects: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The numbers behind the comparison, one line per side effect and group (CSV export and
    speaker notes); `side_effects` keeps only those."""
    effects = effect_order(catalog, set(rows_a.index) | set(rows_b.index))
    if side_effects is not None:
        effects = [e for e in effects if e in side_effects]
    lines = []
    for effect in effects:
        for group, rows, profile in _groups(comparison, rows_a, rows_b):
            line = {"Side effect": side_effect_label(effect, catalog), "Group": group}
            if effect not in rows.index:
                line["How often"] = (
                    f"not listed for {procedure_word(profile.procedure)} microneedling"
                )
                lines.append(line)
                continue
            row = rows.loc[effect]
            low, high = row["likelihood_low_pct"], row["likelihood_high_pct"]
            d_low, d_high = row["duration_low_days"], row["duration_high_days"]
            lines.append(
                line
                | {
                    "How often": format_pct_range(low, high),
                    "In 100 people": natural_frequency(low, high),
                    "How long it lasts": format_duration_range(d_low, d_high),
                    "Evidence": EVIDENCE_LEVELS[row["evidence"]],
                    "Sources": row["source_ids"].replace(";", ", "),
                    "Likelihood low (%)": low,
                    "Likelihood high (%)": high,
                    "Duration low (days)": d_low,
                    "Duration high (days)": d_high,
                }
            )
    return pd.DataFrame(lines)


def icon_array_comparison(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    modifiers: pd.DataFrame,
    factors: pd.DataFrame,
) -> Chart:
    """Paired icon arrays of the chosen side effect, its natural frequency beside each and
    the situation factors flagged (no published figure says by how much)."""
    effect = comparison.side_effect
    panels = []
    for label, rows, profile in _groups(comparison, rows_a, rows_b):
        if effect in rows.index:
            counts = icon_counts(
                rows.at[effect, "likelihood_low_pct"], rows.at[effect, "likelihood_high_pct"]
            )
        else:
            counts = IconCounts(0, 0, PEOPLE, known=False)
        flags = situation_flags(modifiers, factors, profile, effect)
        flag_lines = dict.fromkeys(
            f"{f.label}: {f.effect.lower()} (no figure published)" for f in flags.itertuples()
        )
        panels.append(
            IconPanel(label, counts, frequency_sentence(rows, effect, profile), tuple(flag_lines))
        )
    entry = catalog.set_index("side_effect").loc[effect]
    subtitle = comparison.describe(factors.set_index("factor")["label"].to_dict())
    if isinstance(entry["medical_term"], str):
        subtitle = f"{entry['medical_term']} · {subtitle}"
    behind = pd.concat([rows_a, rows_b])
    rows = behind[behind.index == effect]
    return icon_array_chart(panels, f"{entry['label']}: how many in 100 people?", subtitle, rows)
