"""The Guide: the seed article as a lesson, section by section, each with a live figure and a
takeaway computed from the data (so it stays true when the data changes).

The Guide page and the offline handout are both built from `guide_sections`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.charts.duration import duration_chart
from analysis.charts.evidence_map import darker_skin_gap, evidence_map_chart
from analysis.charts.frame import Chart
from analysis.charts.likelihood import likelihood_chart
from analysis.charts.recovery_timeline import recovery_timeline_chart
from analysis.data.dataset import Dataset
from analysis.data.evidence_map import evidence_map
from analysis.data.formatting import format_duration_known, natural_frequency
from analysis.data.vocabulary import PROCEDURES, SKIN_TYPES
from analysis.views.filters import FilterState, apply_filters, choice_param, clip, describe
from analysis.views.risk import Profile, personal_profile


@dataclass(frozen=True)
class Link:
    """A deep link into another page with its view already set."""

    page: str  # path under pages/, as app.py registers it
    label: str
    query: dict[str, str]


@dataclass(frozen=True)
class Section:
    """One step of the lesson: the article's claims, what the literature adds, a figure."""

    key: str
    title: str
    claims: tuple[str, ...]  # the article's own points, in plain words (source: ART)
    literature: tuple[str, ...]  # what the research adds or qualifies, each with its sources
    takeaway: str
    chart: Chart | None = None
    link: Link | None = None
    evidence: Chart | None = None  # the evidence map, where the article talks about skin type

    @property
    def charts(self) -> tuple[Chart, ...]:
        """The section's charts in the order shown: its live chart, then the evidence map."""
        return tuple(chart for chart in (self.chart, self.evidence) if chart is not None)


@dataclass(frozen=True)
class GuideExample:
    """The examples the Guide's live charts show: a skin type, a procedure, a side effect.

    Kept in the link of a Guide chart put in a slide deck, so the chart can be drawn again.
    """

    skin_type: str = "V"
    procedure: str = "traditional"
    side_effect: str = "pih"

    def to_query_params(self) -> dict[str, str]:
        """Query parameters for these examples; values left at their default are omitted."""
        default = GuideExample()
        values = {
            "skin": (self.skin_type, default.skin_type),
            "procedure": (self.procedure, default.procedure),
            "effect": (self.side_effect, default.side_effect),
        }
        return {key: value for key, (value, unset) in values.items() if value != unset}

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Sequence[str]], side_effects: Sequence[str]
    ) -> tuple[GuideExample, list[str]]:
        """Read the examples from a link (`side_effects`: the known slugs), with notices."""
        notices: list[str] = []
        values = {}
        for name, key, allowed, what in (
            ("skin_type", "skin", SKIN_TYPES, "skin type"),
            ("procedure", "procedure", tuple(PROCEDURES), "procedure"),
            ("side_effect", "effect", tuple(side_effects), "side effect"),
        ):
            chosen = choice_param(params, key, allowed, what, notices)
            if chosen is not None:
                values[name] = chosen
        notices += [
            f"Ignored the unknown link setting '{clip(k)}'."
            for k in params
            if k not in ("skin", "procedure", "effect")
        ]
        return cls(**values), notices


def _label(dataset: Dataset, side_effect: str) -> str:
    return dataset.catalog.set_index("side_effect").loc[side_effect, "label"]


def _type_name(skin_type: str) -> str:
    return f"type {skin_type} skin"


def introduction() -> Section:
    return Section(
        key="what",
        title="What microneedling is",
        claims=(
            (
                "Microneedling is a cosmetic procedure that creates controlled micro-injuries in the "
                "skin with tiny needles. This stimulates the production of collagen and elastin, "
                "proteins essential for skin rejuvenation and improvement."
            ),
            (
                "There are two main types. **Traditional microneedling** uses a roller or pen with "
                "fine needles to create micro-channels in the skin. **Radiofrequency microneedling** "
                "combines microneedling with radiofrequency energy for deeper tissue heating."
            ),
        ),
        literature=(
            (
                "The US Food and Drug Administration (FDA, 15 October 2025) qualifies the word "
                "'cosmetic' for radiofrequency microneedling: it calls it \"a medical procedure, not a "
                'cosmetic treatment", says the devices should not be used at home, and has reports '
                "of burns, scarring, fat loss, disfigurement and nerve damage. (R29)"
            ),
        ),
        takeaway="Two procedures, two risk profiles: the rest of this guide shows both.",
        link=Link("pages/explorer.py", "Explore both procedures side by side", {}),
    )


def common_effects(dataset: Dataset, skin_type: str) -> Section:
    """How long the common side effects last for one skin type."""
    state = FilterState(skin_types=(skin_type,), categories=("common",))
    rows = apply_filters(dataset.side_effects, state)
    lasting = rows[rows["duration_low_days"].notna()]
    within_week = lasting[lasting["duration_high_days"] <= 7]
    longest = lasting.sort_values("duration_high_days", ascending=False).iloc[0]
    low, high = longest["duration_low_days"], longest["duration_high_days"]
    takeaway = (
        f"For {_type_name(skin_type)}, {within_week['side_effect'].nunique()} of the "
        f"{lasting['side_effect'].nunique()} common side effects with a published duration are "
        f"gone within a week. The longest-lasting is "
        f"{_label(dataset, longest['side_effect']).lower()}: "
        f"{format_duration_known(low, high, longest['duration_basis'])} "
        f"after {PROCEDURES[longest['procedure']].lower()}."
    )
    return Section(
        key="common",
        title="Common side effects",
        claims=(
            (
                "**Temporary redness, swelling and bruising** usually resolve within a few days. "
                "They are more pronounced in sensitive skin."
            ),
            (
                "**Mild pain or discomfort** during the procedure: numbing cream can be applied to "
                "reduce discomfort."
            ),
            "**Dryness and flakiness**: gentle moisturisers help to alleviate dryness.",
            (
                "**Darkening of the skin (post-inflammatory hyperpigmentation, PIH)**: temporary "
                "darkening of the treated area, more common in people with darker skin tones."
            ),
        ),
        literature=(
            (
                "Reviews agree that most effects clear within 1 to 7 days, such as transient redness, "
                "swelling and pain (R2, R4)."
            ),
            (
                "'Temporary' darkening can last weeks: after radiofrequency microneedling it was "
                "still seen at 4 weeks and gone by 2 months (R9). No study measured how long it "
                "lasts after traditional microneedling."
            ),
        ),
        takeaway=takeaway,
        chart=duration_chart(rows, dataset.catalog, describe(state)),
        link=Link(
            "pages/explorer.py",
            f"Open the common side effects for type {skin_type} in the Explorer",
            state.to_query_params(),
        ),
    )


def complications(dataset: Dataset, procedure: str, skin_type: str) -> Section:
    """How likely the rarer complications are, on a log axis, for one procedure and skin type."""
    state = FilterState(
        procedures=(procedure,),
        skin_types=(skin_type,),
        categories=("complication",),
        log_scale=True,
    )
    rows = apply_filters(dataset.side_effects, state)
    per_effect = rows.groupby("side_effect", observed=True).agg(
        low=("likelihood_low_pct", "min"), high=("likelihood_high_pct", "max")
    )
    measured = per_effect[per_effect["high"].notna()]
    unknown = per_effect[per_effect["high"].isna()]
    top = measured.sort_values("high", ascending=False)
    if top.empty or top["high"].iloc[0] == 0:
        highest = "none has a published rate above zero"
    else:
        name = top.index[0]
        highest = (
            f"the highest is {_label(dataset, name).lower()}, "
            f"{natural_frequency(top['low'].iloc[0], top['high'].iloc[0])}"
        )
    takeaway = (
        f"Of {len(per_effect)} possible complications of {PROCEDURES[procedure].lower()} "
        f"for {_type_name(skin_type)}, "
        f"{len(measured)} have a published rate and {highest}; {len(unknown)} have no "
        "published figure at all (which is not the same as never happening)."
    )
    return Section(
        key="complications",
        title="Rarer complications",
        claims=(
            (
                "**Infection**: proper sterilisation of equipment and post-treatment care can "
                "minimise the risk."
            ),
            (
                "**Scarring**: rare but possible, especially if the procedure is performed too "
                "aggressively or on active acne."
            ),
            (
                "**Allergic reactions**: some people react to the numbing cream or other topical "
                "products used during the procedure."
            ),
            (
                "**Prolonged inflammation**: in rare cases, inflammation may persist for several "
                "weeks or months."
            ),
        ),
        literature=(
            (
                "Unsterile equipment has spread bloodborne infection: clients of an unlicensed spa "
                "caught HIV after microneedling with platelet-rich plasma (R24)."
            ),
            (
                "Serums pushed into the skin, most often vitamin C, caused lumps (granulomatous "
                "reactions) that lasted 9 months or more (R25, R26)."
            ),
            "Tram-track scarring was seen in 2 of 30 people with type IV-V skin (R18).",
        ),
        takeaway=takeaway,
        chart=likelihood_chart(rows, dataset.catalog, describe(state), log_scale=True),
        link=Link(
            "pages/explorer.py",
            f"Open the complications of {PROCEDURES[procedure].lower()} in the Explorer",
            state.to_query_params(),
        ),
    )


def risk_factors(dataset: Dataset, side_effect: str = "pih") -> Section:
    """One side effect across the six skin types, both procedures."""
    rows = dataset.side_effects[dataset.side_effects["side_effect"] == side_effect]
    label = _label(dataset, side_effect)
    parts = []
    for procedure in PROCEDURES:
        by_type = rows[rows["procedure"] == procedure].set_index("skin_type")
        if by_type.empty:
            continue
        ii, v = by_type.loc["II"], by_type.loc["V"]
        parts.append(
            f"after {PROCEDURES[procedure].lower()}, "
            f"{natural_frequency(ii['likelihood_low_pct'], ii['likelihood_high_pct'])} with type II "
            f"skin and {natural_frequency(v['likelihood_low_pct'], v['likelihood_high_pct'])} "
            "with type V"
        )
    modifiers = dataset.modifiers.merge(dataset.factors, on="factor")
    factor_lines = tuple(
        f"**{row.label}**: {row.note} ({row.source_ids.replace(';', ', ')})"
        for row in modifiers[modifiers["side_effect"] == "*"].itertuples()
    )
    cells = evidence_map(dataset.side_effects, dataset.catalog)
    return Section(
        key="risk",
        title="What raises the risk",
        claims=(
            (
                "**Individual skin type**: sensitive skin is more prone to side effects. Thicker skin "
                "may require more aggressive treatment, increasing the risk of complications."
            ),
            (
                "**Skill and experience of the practitioner**: choosing a qualified and experienced "
                "practitioner can minimise the risk of complications."
            ),
            (
                "**Underlying skin conditions**: active acne, eczema or rosacea may increase the risk "
                "of adverse reactions. Microneedling is generally not recommended for people with "
                "active skin infections."
            ),
        ),
        literature=(*factor_lines, darker_skin_gap(cells)),
        takeaway=f"{label}: " + "; ".join(parts) + ".",
        chart=likelihood_chart(rows, dataset.catalog, f"{label} · all skin types"),
        link=Link(
            "pages/explorer.py",
            "Compare type II and type V in the Explorer",
            FilterState(skin_types=("II", "V")).to_query_params(),
        ),
        evidence=evidence_map_chart(dataset.side_effects, dataset.catalog),
    )


def lowering_risk(dataset: Dataset) -> Section:
    advice = dataset.advice[dataset.advice["kind"] == "lowers_risk"]
    return Section(
        key="lower",
        title="How to lower the risk",
        claims=(
            (
                "**Choose a qualified practitioner**: research their credentials and experience, and "
                "read reviews and testimonials from previous clients."
            ),
            (
                "**Proper pre- and post-treatment care**: follow the practitioner's instructions, "
                "avoid sun exposure and use sunscreen after the procedure, and keep the treated area "
                "clean and moisturised."
            ),
            (
                "**Manage expectations**: individual results vary, and several sessions may be "
                "necessary for the best outcome."
            ),
        ),
        literature=tuple(
            f"{row.text} ({row.source_ids.replace(';', ', ')})"
            for row in advice.itertuples()
            if "ART" not in row.source_ids.split(";")
        ),
        takeaway=f"{len(advice)} sourced steps that lower the risk, listed on the My skin page "
        "with questions to ask a practitioner.",
        link=Link("pages/my_skin.py", "See them for your own skin", {}),
    )


def what_to_expect(dataset: Dataset, skin_type: str, procedure: str) -> Section:
    profile = Profile(skin_type, (procedure,))
    rows = personal_profile(dataset, profile).side_effects
    common = rows[rows["category"] == "common"]
    timed = common[common["duration_low_days"].notna()]
    longest = timed.sort_values("duration_high_days", ascending=False).iloc[0]
    quick = timed[timed["duration_high_days"] <= 7]
    takeaway = (
        f"With {_type_name(skin_type)} and {PROCEDURES[procedure].lower()}, "
        f"{len(quick)} of {len(timed)} common side effects with a published duration are over "
        f"within a week; {_label(dataset, longest['side_effect']).lower()} can last "
        f"{longest['how_long']}."
    )
    return Section(
        key="expect",
        title="What to expect",
        claims=(
            (
                "Microneedling is generally safe and effective when performed by a qualified "
                "practitioner."
            ),
            (
                "Common side effects are usually mild and temporary. Potential complications are "
                "rare but can be minimised with proper care and technique."
            ),
            (
                "Choosing a qualified practitioner, following pre- and post-treatment instructions "
                "and managing expectations help to ensure a positive experience."
            ),
        ),
        literature=(
            (
                "The figures behind 'generally safe' come from small studies of 19 to 40 people; "
                "they are not population rates, and no study split its rates by skin type (R2, R19)."
            ),
        ),
        takeaway=takeaway,
        chart=recovery_timeline_chart(
            common,
            dataset.catalog,
            f"Common side effects · Skin type {skin_type} · {PROCEDURES[procedure]}",
        ),
        link=Link(
            "pages/my_skin.py",
            f"Open My skin for type {skin_type}",
            profile.to_query_params(),
        ),
    )


def guide_sections(
    dataset: Dataset,
    skin_type: str = "V",
    procedure: str = "traditional",
    side_effect: str = "pih",
) -> list[Section]:
    """Every section of the guide, in the article's order, for the chosen examples."""
    return [
        introduction(),
        common_effects(dataset, skin_type),
        complications(dataset, procedure, skin_type),
        risk_factors(dataset, side_effect),
        lowering_risk(dataset),
        what_to_expect(dataset, skin_type, procedure),
    ]


def sources_cited(sections: list[Section], dataset: Dataset) -> pd.DataFrame:
    """Sources named in the sections' text, plus the article itself."""
    text = " ".join(" ".join(s.claims + s.literature) for s in sections)
    ids = [
        i for i in dataset.sources["source_id"] if i == "ART" or f"{i}," in text or f"{i})" in text
    ]
    return dataset.sources[dataset.sources["source_id"].isin(ids)].reset_index(drop=True)
