"""Two groups side by side: two skin types, two procedures, or two profiles.

A profile is a skin type, a procedure and, optionally, situation factors (sensitive skin, ...).
No source gives a number for how much a factor changes a risk, so factors are shown as flags
beside the figures, never folded into them. `Comparison` is the one place that turns a
comparison into query parameters and back; bad parameters fall back to the default with a notice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.frame import Chart
from analysis.charts.icon_array import PEOPLE, IconCounts, IconPanel, icon_array_chart, icon_counts
from analysis.charts.panels import DERIVED_NAME, DURATION_AXIS_MAX, DURATION_TICKS, source_ids
from analysis.charts.theme import GROUP_COLOURS, NO_FIGURE_COLOUR, themed
from analysis.data.formatting import (
    NO_FIGURE,
    format_duration,
    format_duration_known,
    format_duration_range,
    format_duration_words,
    format_pct_range,
    natural_frequency,
)
from analysis.data.tables import side_effect_label
from analysis.data.vocabulary import EVIDENCE_LEVELS, MODIFIER_EFFECTS, PROCEDURES, SKIN_TYPES
from analysis.views.filters import choice_param, clip, list_param, single_param

MODES: dict[str, str] = {
    "skin": "Two skin types",
    "procedure": "Two procedures",
    "profile": "Two profiles (skin type, procedure and situation)",
}
DEFAULT_SIDE_EFFECT = "pih"  # darkening of the skin: the effect that differs most by skin type
SLIDES: tuple[str, ...] = ("Icon arrays", "How likely", "How long")

# Without 6 months, which crowds 1 year on a projector.
DURATION_TICKS_SHOWN = [d for d in DURATION_TICKS if d != 180]

LIKELIHOOD_TITLE = "How likely is each side effect? Two groups compared"
DURATION_TITLE = "How long does each side effect last? Two groups compared"


def _short(procedure: str) -> str:
    return PROCEDURES[procedure].split()[0].lower()


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
        return f"type {self.skin_type} skin after {_short(self.procedure)} microneedling"


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
            f"Type {p.skin_type}, {_short(p.procedure)}" + (" + situation" if p.factors else "")
            for p in (self.a, self.b)
        )

    def describe(self, factor_labels: Mapping[str, str] | None = None) -> str:
        """Subtitle naming both groups: 'Type II vs type V skin · Traditional microneedling'."""
        a, b = self.a, self.b
        if self.mode == "skin":
            return f"Type {a.skin_type} vs type {b.skin_type} skin · {PROCEDURES[a.procedure]}"
        if self.mode == "procedure":
            return f"{PROCEDURES[a.procedure]} vs {_short(b.procedure)} · Type {a.skin_type} skin"
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


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def frequency_sentence(rows: pd.DataFrame, side_effect: str, profile: Profile) -> str:
    """'About 0 to 17 in 100 people with type V skin after traditional microneedling', or why
    there is no number. `rows` are the profile's rows (`profile_rows`)."""
    who = profile.reference_class()
    if side_effect not in rows.index:
        return f"Not listed for {_short(profile.procedure)} microneedling"
    low = rows.at[side_effect, "likelihood_low_pct"]
    high = rows.at[side_effect, "likelihood_high_pct"]
    if _missing(high):
        return f"No published figure for people with {who}"
    if high == 0:
        return f"None seen in the studies of people with {who}"
    return f"{natural_frequency(low, high).capitalize()} with {who}"


def _effect_order(catalog: pd.DataFrame, effects: set[str]) -> list[str]:
    """Side effects in the Explorer's order: common ones first, then by plain label."""
    listed = catalog[catalog["side_effect"].isin(effects)]
    return list(listed.sort_values(["category", "label"], kind="stable")["side_effect"])


def _groups(comparison: Comparison, rows_a: pd.DataFrame, rows_b: pd.DataFrame):
    """(label, rows, profile, colour) of group A, then group B."""
    return zip(
        comparison.group_labels(), (rows_a, rows_b), (comparison.a, comparison.b), GROUP_COLOURS
    )


def comparison_table(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    side_effects: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The numbers behind the comparison, one line per side effect and group (CSV export and
    speaker notes); `side_effects` keeps only those."""
    effects = _effect_order(catalog, set(rows_a.index) | set(rows_b.index))
    if side_effects is not None:
        effects = [e for e in effects if e in side_effects]
    lines = []
    for effect in effects:
        for group, rows, profile, _ in _groups(comparison, rows_a, rows_b):
            line = {"Side effect": side_effect_label(effect, catalog), "Group": group}
            if effect not in rows.index:
                line["How often"] = f"not listed for {_short(profile.procedure)} microneedling"
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


@dataclass(frozen=True)
class Span:
    """Where one range line runs; an open end means the source gives no figure for that end."""

    start: float
    end: float
    open_start: bool = False
    open_end: bool = False
    derived: bool = False  # worked out, not measured (a duration's `duration_basis`)


def _dumbbell(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    words: Callable[[pd.Series], str],
    span: Callable[[pd.Series], Span | None],
    axis_start: float,
    title: str,
    subtitle: str,
    missing: Callable[[pd.Series], str] = lambda row: NO_FIGURE,
) -> Chart:
    """A line from the low to the high end of each side effect's range, group A just above
    group B. The range is written at the end of the line, once for both groups when they have
    the same; a derived figure's line is dotted; effects without a figure say why in words
    (`missing(row)`: 'no published figure', or a source's own words)."""
    effects = _effect_order(catalog, set(rows_a.index) | set(rows_b.index))
    labels = catalog.set_index("side_effect").loc[effects, "label"].tolist()
    names = comparison.group_labels()
    # (effect index, group) -> (span, words) for a line, or the reason there is none.
    found: dict[tuple[int, int], tuple[Span, str] | str] = {}
    for group, (_, rows, profile, _) in enumerate(_groups(comparison, rows_a, rows_b)):
        for i, effect in enumerate(effects):
            if effect not in rows.index:
                found[i, group] = f"not listed for {_short(profile.procedure)} microneedling"
                continue
            row = rows.loc[effect]
            where = span(row)
            found[i, group] = missing(row) if where is None else (where, words(row))

    def offset(i: int, group: int) -> float:
        return i + (-0.17, 0.17)[group]

    fig = themed(go.Figure())
    shared = [i for i in range(len(effects)) if found[i, 0] == found[i, 1]]
    for group, (name, colour) in enumerate(zip(names, GROUP_COLOURS)):
        lines = [
            (i, *found[i, group])
            for i in range(len(effects))
            if not isinstance(found[i, group], str)
        ]
        x, y, symbols = [], [], []
        for i, where, _ in lines:
            x += [where.start, where.end, None]
            y += [offset(i, group)] * 2 + [None]
            symbols += [
                "circle-open" if where.open_start else "circle",
                "triangle-right" if where.open_end else "circle",
                "circle",
            ]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                name=name,
                line={"color": colour, "width": 5},
                marker={
                    "color": colour,
                    "size": 13,
                    "symbol": symbols,
                    "line": {"color": colour, "width": 2},
                },
                hovertext=[
                    text
                    for i, _, said in lines
                    for text in [f"<b>{labels[i]}</b><br>{name}: {said}"] * 2 + [""]
                ],
                hoverinfo="text",
                cliponaxis=False,  # dots at 0 ("none seen") show whole, not cut by the axis
            )
        )
        derived = [(i, where) for i, where, _ in lines if where.derived]
        if derived:
            # White dots over the line: a derived figure reads dotted, in the group's colour.
            fig.add_trace(
                go.Scatter(
                    x=[x for _, where in derived for x in (where.start, where.end, None)],
                    y=[y for i, _ in derived for y in [offset(i, group)] * 2 + [None]],
                    mode="lines",
                    line={"color": "white", "width": 3, "dash": "dot"},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
        own = [(where, offset(i, group), said) for i, where, said in lines if i not in shared]
        fig.add_trace(_range_words(own, colour))
    both = [
        (found[i, 0][0], i, f"{found[i, 0][1]} (both)")
        for i in shared
        if not isinstance(found[i, 0], str)
    ]
    fig.add_trace(_range_words(both, "#333333"))
    if any(not isinstance(f, str) and f[0].derived for f in found.values()):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=DERIVED_NAME,
                line={"color": "#777777", "width": 5, "dash": "dot"},
            )
        )
    # Where there is no line: once when both groups lack one for the same reason.
    notes = [(i, found[i, 0]) for i in shared if isinstance(found[i, 0], str)]
    notes += [
        (offset(i, group), f"{found[i, group]} ({names[group]})")
        for i in range(len(effects))
        for group in (0, 1)
        if i not in shared and isinstance(found[i, group], str)
    ]
    fig.add_trace(
        _words(
            [axis_start] * len(notes),
            [y for y, _ in notes],
            [t for _, t in notes],
            NO_FIGURE_COLOUR,
        )
    )
    fig.update_yaxes(
        tickvals=list(range(len(effects))),
        ticktext=labels,
        range=[len(effects) - 0.5, -0.5],
        showgrid=False,
        zeroline=False,
        automargin=True,
    )
    fig.update_xaxes(showgrid=True)
    said = [
        f"{labels[i]}: "
        + (
            _said(found[i, 0]) + " (both)"
            if i in shared
            else "; ".join(f"{names[g]} {_said(found[i, g])}" for g in (0, 1))
        )
        for i in range(len(effects))
    ]
    return Chart(
        title,
        subtitle,
        fig,
        plot_height=46 * len(effects),
        sources=source_ids(pd.concat([rows_a, rows_b])),
        row_labels=tuple(labels),
        key_figures=tuple(said),
    )


def _said(found: tuple[Span, str] | str) -> str:
    """The words for one group's figure: its range, or why there is none."""
    return found if isinstance(found, str) else found[1]


def _words(
    x: list, y: list, texts: list[str], colour: str, position: str | list[str] = "middle right"
) -> go.Scatter:
    """Words written beside points. A trace of their own: plotly.js drops some texts of a
    lines+markers trace whose axis has ticktext."""
    return go.Scatter(
        x=x,
        y=y,
        mode="text",
        text=texts,
        textposition=position,
        textfont={"color": colour, "size": 12},
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )


def _range_words(spans: list[tuple[Span, float, str]], colour: str) -> go.Scatter:
    """Each (span, y, words) written after the end of its line, or before its start when the
    line runs on to the axis end (no upper figure); no-break spaces clear the marker."""
    gap = "\u00a0" * 3
    before = [span.open_end for span, _, _ in spans]
    return _words(
        [span.start if b else span.end for (span, _, _), b in zip(spans, before)],
        [y for _, y, _ in spans],
        [words + gap if b else gap + words for (_, _, words), b in zip(spans, before)],
        colour,
        ["middle left" if b else "middle right" for b in before],
    )


def _likelihood_words(row: pd.Series) -> str:
    low, high = row["likelihood_low_pct"], row["likelihood_high_pct"]
    return "none seen" if high == 0 else format_pct_range(low, high)


def _likelihood_span(row: pd.Series) -> Span | None:
    """'Up to X' (only a maximum published) starts at 0 with an open dot."""
    low, high = row["likelihood_low_pct"], row["likelihood_high_pct"]
    if _missing(high):
        return None
    return Span(0.0 if _missing(low) else low, high, open_start=_missing(low))


def _duration_words(row: pd.Series) -> str:
    """'4 weeks – 2 months (derived)', '3 h – 7 days'."""
    return format_duration_known(
        row["duration_low_days"], row["duration_high_days"], row.get("duration_basis")
    )


def _duration_span(row: pd.Series) -> Span | None:
    """'X or longer' (no upper end published) runs to the axis end, ending in an arrow head."""
    low, high = row["duration_low_days"], row["duration_high_days"]
    if _missing(low):
        return None
    derived = row.get("duration_basis") == "derived"
    if _missing(high):
        return Span(low, DURATION_AXIS_MAX, open_end=True, derived=derived)
    return Span(low, high, derived=derived)


def _duration_missing(row: pd.Series) -> str:
    """A source's own words for how long ('usually resolves within a few days (article)'),
    or 'no published figure'."""
    return (
        format_duration_words(row.get("duration_words"), row.get("duration_words_source_ids"))
        or NO_FIGURE
    )


def likelihood_comparison_chart(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str,
) -> Chart:
    """Published likelihood range of every side effect for both groups, one under the other."""
    chart = _dumbbell(
        comparison,
        rows_a,
        rows_b,
        catalog,
        _likelihood_words,
        _likelihood_span,
        axis_start=0.0,
        title=LIKELIHOOD_TITLE,
        subtitle=subtitle,
    )
    chart.body.update_xaxes(
        range=[-4, 125],  # room for the dots at 0 beside the labels
        tickvals=[0, 25, 50, 75, 100],
        ticksuffix="%",
        title_text="People affected (% of those treated; open dot: only a maximum was published)",
    )
    return chart


def duration_comparison_chart(
    comparison: Comparison,
    rows_a: pd.DataFrame,
    rows_b: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str,
) -> Chart:
    """How long each side effect lasts for both groups, hours to months, on a log time axis."""
    chart = _dumbbell(
        comparison,
        rows_a,
        rows_b,
        catalog,
        _duration_words,
        _duration_span,
        axis_start=DURATION_TICKS[0],
        title=DURATION_TITLE,
        subtitle=subtitle,
        missing=_duration_missing,
    )
    chart.body.update_xaxes(
        type="log",
        range=[math.log10(DURATION_TICKS[0]) - 0.1, math.log10(DURATION_AXIS_MAX) + 0.3],
        tickvals=DURATION_TICKS_SHOWN,
        ticktext=[format_duration(d) for d in DURATION_TICKS_SHOWN],
        tickangle=0,
        title_text="How long it lasts (log scale; an arrow: can last longer)",
    )
    return chart


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
    for label, rows, profile, _ in _groups(comparison, rows_a, rows_b):
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
