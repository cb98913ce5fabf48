"""The fixed vocabularies of the dataset: slugs, their order and their display labels.

This is the one place that maps a slug to the words people see. Side-effect and factor labels
live in the data (`side_effect_catalog.csv`, `factors.csv`) because curators add those.
"""

import pandas as pd

PROCEDURES: dict[str, str] = {
    "traditional": "Traditional microneedling",
    "radiofrequency": "Radiofrequency microneedling",
}

SKIN_TYPES: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI")

CATEGORIES: dict[str, str] = {
    "common": "Common side effect",
    "complication": "Potential complication",
}

SEVERITIES: dict[str, str] = {
    "mild": "Mild",
    "moderate": "Moderate",
    "severe": "Severe",
}

# Strongest first. The label is what a person reads; the description says what it means.
EVIDENCE_LEVELS: dict[str, str] = {
    "review": "Systematic review",
    "trial": "Clinical study",
    "secondary": "Secondary report",
    "extrapolated": "Extrapolated",
    "case_reports": "Case reports only",
    "regulator_report": "Regulator reports",
}

EVIDENCE_DESCRIPTIONS: dict[str, str] = {
    "review": "Stated in a systematic review that pooled many studies.",
    "trial": "Measured in a clinical study of people with this skin type (small studies, 19-40 people).",
    "secondary": "Read on a secondary page (a summary or aggregator); the original paper was not checked.",
    "extrapolated": "Measured in other skin types or a similar procedure, and applied here.",
    "case_reports": "Only individual case reports: it happens, but no rate is known.",
    "regulator_report": "Reported to a regulator (the FDA); no rate is known.",
}

# How a duration in days was obtained (`duration_basis`). "Derived" sits beside "extrapolated":
# both are figures nobody measured in these people as such.
DURATION_BASES: dict[str, str] = {
    "measured": "Measured",
    "derived": "Derived",
}

DURATION_BASIS_DESCRIPTIONS: dict[str, str] = {
    "measured": "A study or review gave how long it lasted, or the time by which it had cleared.",
    "derived": (
        "Worked out, not measured: read off the share of people still affected at each "
        "follow-up visit, off a related measure, or off other skin types."
    ),
}

# What the evidence words mean, as legends and help texts list them: "Derived" (how a duration
# was obtained, marked "(derived)" wherever a duration shows) sits beside "Extrapolated".
_LEVEL_LEGEND = [(label, EVIDENCE_DESCRIPTIONS[level]) for level, label in EVIDENCE_LEVELS.items()]
_AFTER_EXTRAPOLATED = list(EVIDENCE_LEVELS).index("extrapolated") + 1
EVIDENCE_LEGEND: dict[str, str] = dict(
    _LEVEL_LEGEND[:_AFTER_EXTRAPOLATED]
    + [(f"{DURATION_BASES['derived']} (a duration)", DURATION_BASIS_DESCRIPTIONS["derived"])]
    + _LEVEL_LEGEND[_AFTER_EXTRAPOLATED:]
)

# The evidence map: what stands behind the figures for one side effect, skin type and
# procedure. Strongest first; a cell takes the weakest basis of the figures it has.
EVIDENCE_MAP_BASES: dict[str, str] = {
    "measured": "Measured in this skin type",
    "secondary": "From a secondary summary",
    "derived": "Derived from something else",
    "carried_over": "Carried over from other skin types",
    "missing": "No figure",
}

EVIDENCE_MAP_DESCRIPTIONS: dict[str, str] = {
    "measured": (
        "Measured in people: a study, review or case series that included this skin type (or "
        "did not report skin types)."
    ),
    "secondary": "Read on a secondary page (a summary or aggregator), not in the study itself.",
    "derived": (
        "A duration worked out from follow-up visits or a related measure, not timed in people."
    ),
    "carried_over": "Measured in other skin types (or a similar procedure) and applied here.",
    "missing": "No published rate or duration: case reports, regulator reports or words at most.",
}

# The same bases in a word or two, written in the map's cells.
EVIDENCE_MAP_CELL_WORDS: dict[str, str] = {
    "measured": "measured",
    "secondary": "summary",
    "derived": "derived",
    "carried_over": "carried over",
    "missing": "no figure",
}

MODIFIER_EFFECTS: dict[str, str] = {
    "contraindicated": "Not recommended",
    "raises": "Raises the risk",
    "caution": "Take care",
}

SKIN_TYPE_DTYPE = pd.CategoricalDtype(list(SKIN_TYPES), ordered=True)
SEVERITY_DTYPE = pd.CategoricalDtype(list(SEVERITIES), ordered=True)
EVIDENCE_DTYPE = pd.CategoricalDtype(list(EVIDENCE_LEVELS), ordered=True)
PROCEDURE_DTYPE = pd.CategoricalDtype(list(PROCEDURES), ordered=True)
CATEGORY_DTYPE = pd.CategoricalDtype(list(CATEGORIES), ordered=True)
EVIDENCE_MAP_DTYPE = pd.CategoricalDtype(list(EVIDENCE_MAP_BASES), ordered=True)
