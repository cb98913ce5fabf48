"""Guide sections: takeaways are computed from the data, so they change when the data does."""

import dataclasses

import pytest

from analysis.data.dataset import load_dataset
from analysis.views.guide import (
    common_effects,
    complications,
    guide_sections,
    risk_factors,
    sources_cited,
)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def with_cell(dataset, side_effect, procedure, skin_type, **values):
    """The dataset with one side-effects row changed, as a curator's edit would."""
    effects = dataset.side_effects.copy()
    row = (
        (effects["side_effect"] == side_effect)
        & (effects["procedure"] == procedure)
        & (effects["skin_type"] == skin_type)
    )
    for column, value in values.items():
        effects.loc[row, column] = value
    return dataclasses.replace(dataset, side_effects=effects)


def test_pih_takeaway_compares_type_ii_and_type_v(dataset):
    takeaway = risk_factors(dataset, "pih").takeaway
    assert takeaway.startswith("Darkening of the skin: after traditional microneedling,")
    assert "about 0 to 17 in 100 people with type V" in takeaway


def test_pih_takeaway_follows_the_data(dataset):
    changed = with_cell(dataset, "pih", "traditional", "V", likelihood_high_pct=40.0)
    assert "about 0 to 40 in 100 people with type V" in risk_factors(changed, "pih").takeaway


def test_longest_lasting_common_effect_follows_the_data(dataset):
    assert (
        "darkening of the skin: 4 weeks – 2 months (derived) after"
        in common_effects(dataset, "V").takeaway
    )
    changed = with_cell(dataset, "dryness_flaking", "radiofrequency", "V", duration_high_days=120.0)
    takeaway = common_effects(changed, "V").takeaway
    assert "longest-lasting is dryness and flaking: 7 days – 4 months" in takeaway


def test_complications_takeaway_counts_figures_and_gaps(dataset):
    takeaway = complications(dataset, "traditional", "V").takeaway
    assert takeaway.startswith("Of 7 possible complications of traditional microneedling")
    assert "the highest is acne flare-up, up to 13 in 100 people" in takeaway
    changed = with_cell(dataset, "scarring", "traditional", "V", likelihood_high_pct=30.0)
    assert (
        "the highest is scarring, about 0 to 30 in 100 people"
        in complications(changed, "traditional", "V").takeaway
    )


def test_sources_cited_by_the_guide_exist_and_include_the_article(dataset):
    sources = sources_cited(guide_sections(dataset), dataset)
    assert {"ART", "R29", "R9", "R24"} <= set(sources["source_id"])


def test_the_risk_section_shows_where_research_on_darker_skin_is_thin(dataset):
    section = risk_factors(dataset, "pih")
    assert section.evidence is not None
    assert section.evidence.title == "Where each figure comes from, by skin type"
    assert section.charts == (section.chart, section.evidence)
    gap = section.literature[-1]
    assert gap.startswith("Research on the darkest skin is thin: of the 30 side effects")
    assert "3 have a figure measured in people with type VI skin, against 11 in type IV" in gap
    # Only this section carries the map.
    others = [s for s in guide_sections(dataset) if s.key != "risk"]
    assert all(s.evidence is None for s in others)


def test_the_darker_skin_sentence_follows_the_data(dataset):
    # A curator finds a study of RF darkening in type VI skin: one more figure measured there.
    changed = with_cell(dataset, "pih", "radiofrequency", "VI", evidence="trial")
    changed = with_cell(changed, "pih", "radiofrequency", "VI", duration_basis="measured")
    gap = risk_factors(changed, "pih").literature[-1]
    assert "4 have a figure measured in people with type VI skin" in gap
