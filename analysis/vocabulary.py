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
