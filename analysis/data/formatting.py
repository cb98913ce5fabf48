"""Numbers into plain words: percentage ranges, natural frequencies and durations.

Figures come from small studies, so they are rounded to what they can honestly claim.
"""

from __future__ import annotations

import math

from analysis.data.vocabulary import PROCEDURES, SKIN_TYPES

NO_FIGURE = "no published figure"


def is_missing(value) -> bool:
    """A blank cell: None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def procedure_word(procedure: str) -> str:
    """The procedure in one word, as in 'type V skin after traditional microneedling'."""
    return PROCEDURES[procedure].split()[0].lower()


def format_pct(value: float) -> str:
    """16.7 -> '17', 2.8 -> '2.8', 0 -> '0': whole numbers from 10 up, one decimal below."""
    rounded = round(value) if value >= 10 else round(value, 1)
    return f"{rounded:g}"


def format_pct_range(low: float | None, high: float | None) -> str:
    """'5–17%', '100%', 'up to 17%' (only a maximum published), '0% (none seen)' or
    'no published figure'."""
    if is_missing(high):
        return NO_FIGURE
    if is_missing(low):
        return f"up to {format_pct(high)}%"
    if high == 0:
        return "0% (none seen)"  # seen in none of a few dozen people: not proof of no risk
    if format_pct(low) == format_pct(high):
        return f"{format_pct(high)}%"
    return f"{format_pct(low)}–{format_pct(high)}%"


def natural_frequency(low: float | None, high: float | None, denominator: int = 100) -> str:
    """'about 5 to 17 in 100 people', 'up to 17 in 100 people', 'none seen in the studies',
    or 'no published figure'."""
    if is_missing(high):
        return NO_FIGURE
    if high == 0:
        return "none seen in the studies"
    scale = denominator / 100
    if is_missing(low):
        return f"up to {format_pct(high * scale)} in {denominator:,} people"
    a, b = format_pct(low * scale), format_pct(high * scale)
    if a == b:
        return f"about {b} in {denominator:,} people"
    return f"about {a} to {b} in {denominator:,} people"


_UNITS = (  # (upper bound in days, unit name, days per unit)
    (1, "h", 1 / 24),
    (14, "day", 1),
    (60, "week", 7),
    (365, "month", 30),
    (math.inf, "year", 365),
)


def _duration_parts(days: float) -> tuple[float, str]:
    for bound, unit, size in _UNITS:
        if days < bound:
            return round(days / size, 0 if days / size >= 2 or unit == "h" else 1), unit
    raise AssertionError("unreachable")


def _with_unit(number: float, unit: str) -> str:
    text = f"{number:g}"
    if unit == "h":
        return f"{text} h"
    return f"{text} {unit}{'' if number == 1 else 's'}"


def format_duration(days: float) -> str:
    """0.25 -> '6 h', 3 -> '3 days', 60 -> '2 months', 365 -> '1 year'."""
    number, unit = _duration_parts(days)
    return _with_unit(number, unit)


def format_duration_range(low: float | None, high: float | None) -> str:
    """'3–6 h', '1–2 days', '6 h – 3 days', '9 months or longer', or 'no published figure'."""
    if is_missing(low):
        return NO_FIGURE
    if is_missing(high):
        return f"{format_duration(low)} or longer"
    (a, unit_a), (b, unit_b) = _duration_parts(low), _duration_parts(high)
    if (a, unit_a) == (b, unit_b):
        return _with_unit(b, unit_b)
    if unit_a == unit_b:
        return f"{a:g}–{_with_unit(b, unit_b)}"
    return f"{_with_unit(a, unit_a)} – {_with_unit(b, unit_b)}"


def type_span(skin_types: list[str]) -> str:
    """['I', 'II', 'III', 'V'] -> 'types I-III, V'; ['IV'] -> 'type IV'."""
    positions = sorted(SKIN_TYPES.index(t) for t in skin_types)
    runs: list[list[int]] = []
    for p in positions:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    parts = [
        SKIN_TYPES[r[0]] if len(r) == 1 else f"{SKIN_TYPES[r[0]]}-{SKIN_TYPES[r[-1]]}" for r in runs
    ]
    return ("type " if len(positions) == 1 else "types ") + ", ".join(parts)


def _source_words(source_ids: str) -> str:
    """'ART' -> 'article', 'R2;R5' -> 'R2, R5': how a row's notes name their sources."""
    ids = [s.strip() for s in source_ids.split(";") if s.strip()]
    return ", ".join("article" if s == "ART" else s for s in ids)


def format_duration_words(words: str | None, source_ids: str | None) -> str | None:
    """'usually resolves within a few days (article)', 'persistent (R2)'; None without words."""
    if is_missing(words) or not str(words).strip():
        return None
    source = "" if is_missing(source_ids) else _source_words(str(source_ids))
    return f"{str(words).strip()} ({source})" if source else str(words).strip()


def format_duration_known(
    low: float | None,
    high: float | None,
    basis: str | None = None,
    words: str | None = None,
    words_source_ids: str | None = None,
) -> str:
    """What is known of how long it lasts: '4 weeks – 2 months (derived)', a source's own
    words with their source, or 'no published figure'."""
    if not is_missing(low):
        days = format_duration_range(low, high)
        return f"{days} (derived)" if basis == "derived" else days
    return format_duration_words(words, words_source_ids) or NO_FIGURE
