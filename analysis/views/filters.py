"""The Explorer's filter state: one frozen object, applied to the data and kept in the URL.

`FilterState.to_query_params()` and `FilterState.from_query_params()` are the one place that
turns a view into a link and back. Bad parameters never raise: they fall back to the default
for that filter and come back as plain-language notices for the page to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.data.vocabulary import CATEGORIES, EVIDENCE_LEVELS, PROCEDURES, SEVERITIES, SKIN_TYPES

MAX_PARAM_LENGTH = 200

# field name -> (query parameter, allowed values in display order, what a person calls it)
_LIST_FIELDS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "procedures": ("procedure", tuple(PROCEDURES), "procedure"),
    "skin_types": ("skin", SKIN_TYPES, "skin type"),
    "categories": ("category", tuple(CATEGORIES), "kind of side effect"),
    "severities": ("severity", tuple(SEVERITIES), "severity"),
    "evidence": ("evidence", tuple(EVIDENCE_LEVELS), "evidence level"),
}
_SCALES = ("linear", "log")


@dataclass(frozen=True)
class FilterState:
    """What the person chose to see. Empty tuple = nothing chosen (so nothing matches)."""

    procedures: tuple[str, ...] = tuple(PROCEDURES)
    skin_types: tuple[str, ...] = SKIN_TYPES
    categories: tuple[str, ...] = tuple(CATEGORIES)
    severities: tuple[str, ...] = tuple(SEVERITIES)
    evidence: tuple[str, ...] = tuple(EVIDENCE_LEVELS)
    log_scale: bool = False

    def __post_init__(self) -> None:
        # Keep every selection in the vocabulary's order, so equal views have equal URLs.
        for name, (_, allowed, _) in _LIST_FIELDS.items():
            chosen = set(getattr(self, name))
            unknown = chosen - set(allowed)
            if unknown:
                raise ValueError(f"unknown {name}: {', '.join(sorted(unknown))}")
            object.__setattr__(self, name, tuple(v for v in allowed if v in chosen))

    def to_query_params(self) -> dict[str, str]:
        """Query parameters for this view; filters left at their default are omitted."""
        params: dict[str, str] = {}
        default = FilterState()
        for name, (param, _, _) in _LIST_FIELDS.items():
            value = getattr(self, name)
            if value != getattr(default, name):
                params[param] = ",".join(value)
        if self.log_scale:
            params["scale"] = "log"
        return params

    @classmethod
    def from_query_params(
        cls, params: Mapping[str, str | Sequence[str]]
    ) -> tuple[FilterState, list[str]]:
        """Read a view from query parameters; return it with notices about what was ignored."""
        notices: list[str] = []
        values: dict[str, object] = {}
        known = {param for param, _, _ in _LIST_FIELDS.values()} | {"scale"}
        for key in params:
            if key not in known:
                notices.append(f"Ignored the unknown link setting '{clip(key)}'.")
        for name, (param, allowed, what) in _LIST_FIELDS.items():
            chosen = list_param(params, param, allowed, what, notices)
            if chosen is not None:
                values[name] = chosen
        scale = single_param(params, "scale", notices)
        if scale is not None:
            if scale.strip().lower() in _SCALES:
                values["log_scale"] = scale.strip().lower() == "log"
            else:
                notices.append(f"Ignored scale '{clip(scale)}' in the link; use linear or log.")
        return cls(**values), notices


def clip(text: str, limit: int = 30) -> str:
    """A value from a link as quoted back in a notice: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit] + "…"


def single_param(
    params: Mapping[str, str | Sequence[str]],
    key: str,
    notices: list[str],
    limit: int = MAX_PARAM_LENGTH,
) -> str | None:
    """The one value of a parameter; the last if repeated; None if absent or longer than
    `limit` characters."""
    if key not in params:
        return None
    value = params[key]
    if not isinstance(value, str):
        value = list(value)
        if not value:
            return None
        if len(value) > 1:
            notices.append(f"The link gives '{key}' {len(value)} times; used the last one.")
        value = value[-1]
    if len(value) > limit:
        notices.append(f"Ignored '{key}' in the link: it is too long to be a real setting.")
        return None
    return value


def list_param(
    params: Mapping[str, str | Sequence[str]],
    key: str,
    allowed: tuple[str, ...],
    what: str,
    notices: list[str],
) -> tuple[str, ...] | None:
    """The known values of a comma-separated link setting, in `allowed` order; None keeps the
    default (absent, or nothing usable). Unknown values are reported in `notices`."""
    raw = single_param(params, key, notices)
    if raw is None:
        return None
    chosen, unknown = parse_list(raw, allowed)
    if unknown:
        notices.append(
            f"Ignored unknown {what} {', '.join(repr(clip(u)) for u in unknown)} "
            f"in the link; choose from {', '.join(allowed)}."
        )
    if unknown and not chosen:
        return None
    return tuple(a for a in allowed if a in chosen)


def choice_param(
    params: Mapping[str, str | Sequence[str]],
    key: str,
    allowed: tuple[str, ...],
    what: str,
    notices: list[str],
) -> str | None:
    """The one known value of a link setting; None keeps the default (absent, or not exactly
    one known value, which is reported in `notices`)."""
    raw = single_param(params, key, notices)
    if raw is None:
        return None
    chosen, unknown = parse_list(raw, allowed)
    if len(chosen) == 1 and not unknown:
        return chosen[0]
    notices.append(
        f"Ignored {what} '{clip(raw)}' in the link; choose one of: {', '.join(allowed)}."
    )
    return None


def parse_list(raw: str, allowed: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Split a comma-separated value into known items (any case) and unknown ones."""
    by_lower = {a.lower(): a for a in allowed}
    chosen, unknown = [], []
    for item in (part.strip() for part in raw.split(",")):
        if not item:
            continue
        if item.lower() in by_lower:
            chosen.append(by_lower[item.lower()])
        else:
            unknown.append(item)
    return chosen, unknown


def filter_mask(side_effects: pd.DataFrame, state: FilterState) -> pd.Series:
    """True for the rows of the side-effects table that match every filter in `state`."""
    return (
        side_effects["procedure"].isin(state.procedures)
        & side_effects["skin_type"].isin(state.skin_types)
        & side_effects["category"].isin(state.categories)
        & side_effects["severity"].isin(state.severities)
        & side_effects["evidence"].isin(state.evidence)
    )


def apply_filters(side_effects: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Rows of the side-effects table that match every filter in `state`."""
    return side_effects[filter_mask(side_effects, state)].reset_index(drop=True)


def describe(state: FilterState) -> str:
    """A one-line summary of the filters in force, for chart subtitles and exports."""
    parts = []
    if state.skin_types == SKIN_TYPES:
        parts.append("All skin types")
    else:
        parts.append("Skin type " + (", ".join(state.skin_types) or "none"))
    if state.procedures == tuple(PROCEDURES):
        parts.append("Traditional and radiofrequency")
    else:
        parts.append(
            " and ".join(PROCEDURES[p].split()[0] for p in state.procedures) or "No procedure"
        )
    for name in ("categories", "severities", "evidence"):
        _, allowed, what = _LIST_FIELDS[name]
        value = getattr(state, name)
        if value != allowed:
            labels = {**CATEGORIES, **SEVERITIES, **EVIDENCE_LEVELS}
            parts.append(f"{what.capitalize()}: " + (", ".join(labels[v] for v in value) or "none"))
    return " · ".join(parts)
