"""Load the curated CSV tables from `data/`, validate them, and return typed frames.

Every problem found is reported with the file, the line and the column at fault, through one
error type, `DatasetError`, so that a curator (or an uploaded file) gets all of them at once.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.data.formatting import format_duration_range, format_pct_range
from analysis.data.vocabulary import (
    CATEGORIES,
    CATEGORY_DTYPE,
    DURATION_BASES,
    EVIDENCE_DTYPE,
    EVIDENCE_LEVELS,
    MODIFIER_EFFECTS,
    PROCEDURE_DTYPE,
    PROCEDURES,
    SEVERITIES,
    SEVERITY_DTYPE,
    SKIN_TYPE_DTYPE,
    SKIN_TYPES,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# A figure shared by all six skin types is a copy, and its note must say so in these words.
SAME_FOR_EVERY_TYPE = "every skin type"
# A point figure (low = high) from fewer people than this is shown as a range instead.
MIN_POINT_EVENTS = 3
SOURCE_KINDS = ("review", "trial", "case_report", "regulator", "secondary", "reference")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a table: where it is and what is wrong, in plain words."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DatasetError(ValueError):
    """A table could not be read or failed validation; `problems` lists every issue found."""

    def __init__(self, problems: list[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Dataset:
    """The validated tables the app works from."""

    side_effects: pd.DataFrame
    catalog: pd.DataFrame
    sources: pd.DataFrame
    skin_types: pd.DataFrame
    factors: pd.DataFrame
    modifiers: pd.DataFrame
    advice: pd.DataFrame


def _text(nullable: bool = False, **kwargs) -> pa.Column:
    return pa.Column(str, nullable=nullable, **kwargs)


def _choice(values, nullable: bool = False, required: bool = True) -> pa.Column:
    return pa.Column(str, pa.Check.isin(list(values)), nullable=nullable, required=required)


# "inf" and "1e999" read as floats but are no figure anyone published.
_FINITE = pa.Check(lambda values: ~np.isinf(values), name="finite")


def _number(*checks: pa.Check) -> pa.Column:
    return pa.Column(float, [_FINITE, *checks], nullable=True)


_PERCENT = pa.Check.in_range(0, 100)
_NOT_NEGATIVE = pa.Check.ge(0)

SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "side_effects.csv": pa.DataFrameSchema(
        {
            "procedure": _choice(PROCEDURES),
            "side_effect": _text(),
            "category": _choice(CATEGORIES),
            "skin_type": _choice(SKIN_TYPES),
            "likelihood_low_pct": _number(_PERCENT),
            "likelihood_high_pct": _number(_PERCENT),
            "events": pa.Column("Int64", _NOT_NEGATIVE, nullable=True, required=False),
            "duration_low_days": _number(_NOT_NEGATIVE),
            "duration_high_days": _number(_NOT_NEGATIVE),
            "duration_basis": _choice(DURATION_BASES, nullable=True, required=False),
            "duration_words": _text(nullable=True, required=False),
            "duration_words_source_ids": _text(nullable=True, required=False),
            "onset": _text(nullable=True),
            "severity": _choice(SEVERITIES),
            "evidence": _choice(EVIDENCE_LEVELS),
            "source_ids": _text(),
            "measured_in": _text(nullable=True),
            "note": _text(),
        },
        strict=True,
        coerce=True,
    ),
    "side_effect_catalog.csv": pa.DataFrameSchema(
        {
            "side_effect": _text(),
            "label": _text(),
            "medical_term": _text(nullable=True),
            "category": _choice(CATEGORIES),
            "description": _text(),
        },
        strict=True,
        coerce=True,
    ),
    "sources.csv": pa.DataFrameSchema(
        {
            "source_id": _text(),
            "citation": _text(),
            "year": pa.Column("Int64", pa.Check.in_range(1900, 2100), nullable=True),
            "kind": _choice(SOURCE_KINDS),
            "url": _text(nullable=True),
        },
        strict=True,
        coerce=True,
    ),
    "skin_types.csv": pa.DataFrameSchema(
        {
            "skin_type": _choice(SKIN_TYPES),
            "label": _text(),
            "description": _text(),
            "swatch_hex": _text(checks=pa.Check.str_matches(r"^#[0-9A-Fa-f]{6}$")),
            "source_ids": _text(),
        },
        strict=True,
        coerce=True,
    ),
    "factors.csv": pa.DataFrameSchema(
        {"factor": _text(), "label": _text(), "description": _text()},
        strict=True,
        coerce=True,
    ),
    "modifiers.csv": pa.DataFrameSchema(
        {
            "factor": _text(),
            "side_effect": _text(),
            "procedure": _choice([*PROCEDURES, "*"]),
            "effect": _choice(MODIFIER_EFFECTS),
            "multiplier": _number(pa.Check.gt(0)),
            "note": _text(),
            "source_ids": _text(),
        },
        strict=True,
        coerce=True,
    ),
    "advice.csv": pa.DataFrameSchema(
        {
            "kind": _choice(["lowers_risk", "question"]),
            "procedure": _choice([*PROCEDURES, "*"]),
            "text": _text(),
            "source_ids": _text(),
        },
        strict=True,
        coerce=True,
    ),
}

# Columns a table may leave out (an upload made before they existed): they read as empty.
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    file: tuple(name for name, column in schema.columns.items() if not column.required)
    for file, schema in SCHEMAS.items()
}

KEYS: dict[str, list[str]] = {
    "side_effects.csv": ["procedure", "side_effect", "skin_type"],
    "side_effect_catalog.csv": ["side_effect"],
    "sources.csv": ["source_id"],
    "skin_types.csv": ["skin_type"],
    "factors.csv": ["factor"],
    "modifiers.csv": ["factor", "side_effect", "procedure"],
    "advice.csv": ["kind", "procedure", "text"],
}


def fingerprint(frame: pd.DataFrame) -> str:
    """A content hash of a table: equal tables give equal fingerprints (for cache keys)."""
    row_hashes = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    return hashlib.sha1(row_hashes.tobytes()).hexdigest()


def read_csv(source: Path | bytes, file: str) -> pd.DataFrame:
    """Read a CSV (a path or uploaded bytes) as text cells, empty cells as missing."""
    try:
        raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as error:
        raise DatasetError([Problem(file, None, None, f"cannot be read ({error.strerror})")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DatasetError(
            [Problem(file, line, None, "is not UTF-8 text; save it as 'CSV UTF-8' and try again")]
        )
    if not text.strip():
        raise DatasetError([Problem(file, None, None, "is empty")])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DatasetError([Problem(file, None, None, f"is not a readable CSV table ({error})")])
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise DatasetError([Problem(file, None, None, "has a header but no rows")])
    return frame


def _line(index) -> int | None:
    """Turn a frame index into the line of the CSV file (line 1 is the header)."""
    try:
        return int(index) + 2
    except (TypeError, ValueError):
        return None


def _describe_failure(check: str, value) -> str | None:
    """Plain words for one pandera failure case; None for a knock-on failure not worth showing."""
    if isinstance(value, str) and value.startswith("TypeError("):
        return None
    if isinstance(value, float):
        value = f"{value:g}"
    if check.startswith(("coerce_dtype", "dtype")) and "Int64" in check:
        return f"'{value}' is not a whole number"
    if check.startswith(("coerce_dtype", "dtype")):
        return f"'{value}' is not a number"
    if check.startswith("isin"):
        allowed = re.findall(r"'([^']*)'", check)
        return f"'{value}' is not one of: {', '.join(allowed)}"
    if check.startswith("in_range"):
        low, high = re.findall(r"[-\d.]+", check)[:2]
        return f"{value} is outside the allowed range {low} to {high}"
    if check.startswith("greater_than_or_equal_to"):
        return f"{value} is negative; durations and counts cannot be below 0"
    if check.startswith("greater_than"):
        return f"{value} must be above 0"
    if check == "finite":
        return f"'{value}' is not a usable number; give the published figure or leave it empty"
    if check == "not_nullable":
        return "is empty; a value is required"
    if check.startswith("str_matches"):
        return f"'{value}' is not a colour written like #A1B2C3"
    return f"'{value}' fails the check {check}"


def _check_schema(frame: pd.DataFrame, file: str, schema: pa.DataFrameSchema) -> pd.DataFrame:
    """Check columns and cell values against the schema; return the coerced frame."""
    expected = list(schema.columns)
    optional = [name for name, column in schema.columns.items() if not column.required]
    problems = [
        Problem(file, None, col, f"unknown column; expected only: {', '.join(expected)}")
        for col in frame.columns
        if col not in expected
    ] + [
        Problem(file, None, col, "is missing; this table needs it")
        for col in expected
        if col not in frame.columns and col not in optional
    ]
    if problems:
        raise DatasetError(problems)
    absent = {col: pd.Series(np.nan, index=frame.index, dtype=object) for col in optional}
    frame = frame.assign(**{col: empty for col, empty in absent.items() if col not in frame})
    try:
        return schema.validate(frame[expected], lazy=True)
    except pa.errors.SchemaErrors as errors:
        seen: set[tuple] = set()
        for case in errors.failure_cases.itertuples(index=False):
            message = _describe_failure(str(case.check), case.failure_case)
            key = (case.index, case.column)
            if message is None or key in seen:
                continue
            seen.add(key)
            column = case.column if isinstance(case.column, str) else None
            problems.append(Problem(file, _line(case.index), column, message))
        problems.sort(key=lambda p: (p.line or 0, p.column or ""))
        raise DatasetError(problems or [Problem(file, None, None, str(errors))]) from None


def _duplicate_problems(frame: pd.DataFrame, file: str, key: list[str]) -> list[Problem]:
    repeated = frame[frame.duplicated(subset=key, keep="first")]
    return [
        Problem(
            file,
            _line(i),
            key[-1],
            "repeats the row "
            + ", ".join(f"{k}={row[k]}" for k in key)
            + " given earlier; each combination may appear once",
        )
        for i, row in repeated.iterrows()
    ]


def _unknown_value_problems(
    frame: pd.DataFrame, file: str, column: str, known: set[str], what: str, allow_star=False
) -> list[Problem]:
    problems = []
    for i, value in frame[column].items():
        if allow_star and value == "*":
            continue
        if value not in known:
            problems.append(Problem(file, _line(i), column, f"'{value}' is not a known {what}"))
    return problems


def _source_id_problems(frame: pd.DataFrame, file: str, known: set[str]) -> list[Problem]:
    problems = []
    for i, cell in frame["source_ids"].items():
        ids = [s.strip() for s in str(cell).split(";") if s.strip()]
        missing = [s for s in ids if s not in known]
        if not ids:
            problems.append(Problem(file, _line(i), "source_ids", "names no source"))
        elif missing:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "source_ids",
                    f"{', '.join(missing)} not found in sources.csv",
                )
            )
    return problems


def _range_problems(
    frame: pd.DataFrame, file: str, low: str, high: str, unit: str
) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        lo, hi = row[low], row[high]
        if pd.notna(lo) and pd.notna(hi) and lo > hi:
            problems.append(
                Problem(file, _line(i), low, f"low {lo:g}{unit} is above high {hi:g}{unit}")
            )
        elif unit == "%" and pd.notna(lo) and pd.isna(hi):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    high,
                    "is empty while the low end is given; a published maximum goes in "
                    "the high column (leave low empty for 'up to')",
                )
            )
        elif unit != "%" and pd.isna(lo) and pd.notna(hi):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    low,
                    "is empty while the high end is given; durations need a low end "
                    "(leave high empty for 'at least')",
                )
            )
    return problems


def _ids(cell) -> list[str]:
    return [] if pd.isna(cell) else [s.strip() for s in str(cell).split(";") if s.strip()]


def _duration_problems(frame: pd.DataFrame, file: str, known: set[str]) -> list[Problem]:
    """A duration in days says how it was obtained; a duration in words says who gave them."""
    problems = []
    for i, row in frame.iterrows():
        has_days = pd.notna(row["duration_low_days"])
        basis, words = row["duration_basis"], row["duration_words"]
        words_ids = _ids(row["duration_words_source_ids"])
        if has_days and pd.isna(basis):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_basis",
                    "is empty while a duration is given; say whether it was 'measured' or "
                    "'derived' (read off follow-up visits, a related measure or other skin types)",
                )
            )
        elif not has_days and pd.notna(basis):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_basis",
                    f"is '{basis}' but no duration in days is given; leave it empty "
                    "(a duration given only in words goes in duration_words)",
                )
            )
        if pd.notna(words) and has_days:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_words",
                    "is only for a duration given in words alone; this row has a duration in "
                    "days, so put the words in the note",
                )
            )
        if pd.notna(words) and not words_ids:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_words_source_ids",
                    "is empty; name the source of the words in duration_words (e.g. ART)",
                )
            )
        elif pd.isna(words) and words_ids:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_words_source_ids",
                    "names a source but duration_words is empty",
                )
            )
        unknown = [s for s in words_ids if s not in known]
        uncited = [s for s in words_ids if s in known and s not in _ids(row["source_ids"])]
        if unknown:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_words_source_ids",
                    f"{', '.join(unknown)} not found in sources.csv",
                )
            )
        if uncited:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "duration_words_source_ids",
                    f"{', '.join(uncited)} is not in this row's source_ids",
                )
            )
        if pd.notna(row["events"]) and pd.isna(row["likelihood_high_pct"]):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "events",
                    "counts people with the effect, but the row gives no likelihood figure",
                )
            )
    return problems


def _derived_label_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A derived duration is labelled as such where people read it: in the note."""
    derived = frame[
        (frame["duration_basis"] == "derived")
        & ~frame["note"].str.contains("derived", case=False, regex=False)
    ]
    return [
        Problem(
            file,
            _line(i),
            "note",
            "does not say the duration is derived; say so with the word 'derived' and what it "
            "was worked out from (follow-up visits, a related measure or other skin types)",
        )
        for i in derived.index
    ]


def _same_for_every_type_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A figure copied to all six skin types says so in each row's note."""
    problems = []
    figures = (
        ("likelihood", "likelihood_low_pct", "likelihood_high_pct", format_pct_range),
        ("duration", "duration_low_days", "duration_high_days", format_duration_range),
    )
    for (procedure, effect), group in frame.groupby(["procedure", "side_effect"], sort=False):
        if sorted(group["skin_type"]) != sorted(SKIN_TYPES):
            continue  # not a full set of skin types (or repeated ones, reported elsewhere)
        shared = []
        for name, low, high, words in figures:
            values = group[[low, high]]
            if not values.isna().all().all() and len(values.drop_duplicates()) == 1:
                shared.append(f"the {name} ({words(values[low].iloc[0], values[high].iloc[0])})")
        if not shared:
            continue
        silent = group[~group["note"].str.contains(SAME_FOR_EVERY_TYPE, case=False, regex=False)]
        problems += [
            Problem(
                file,
                _line(i),
                "note",
                f"{' and '.join(shared)} {'is' if len(shared) == 1 else 'are'} the same for all "
                f"six skin types of {procedure} {effect}; say so in the note with the words "
                f"'{SAME_FOR_EVERY_TYPE}' (e.g. 'the same figure is shown for every skin type')",
            )
            for i in silent.index
        ]
    return problems


def _point_figure_problems(frame: pd.DataFrame, file: str) -> list[Problem]:
    """A point figure above 0 gives its count of people, and that count is at least 3."""
    point = frame[
        (frame["likelihood_low_pct"] == frame["likelihood_high_pct"])
        & (frame["likelihood_high_pct"] > 0)
    ]
    problems = []
    for i, row in point.iterrows():
        figure, events = f"{row['likelihood_high_pct']:g}%", row["events"]
        if pd.isna(events):
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "events",
                    f"is empty for the point figure {figure} (low = high); give how many people "
                    "had the effect, so a figure from very few people can be caught",
                )
            )
        elif events < MIN_POINT_EVENTS:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "likelihood_low_pct",
                    f"{figure} as both low and high rests on {events} "
                    f"{'person' if events == 1 else 'people'}, fewer than {MIN_POINT_EVENTS}: "
                    "give the range from the studies that saw none to the highest published "
                    "rate, or leave low empty for 'up to'",
                )
            )
    return problems


def check_side_effects(
    frame: pd.DataFrame,
    file: str,
    catalog: pd.DataFrame,
    known_sources: set[str],
) -> pd.DataFrame:
    """Validate a side-effects table (bundled or uploaded) against the catalog and sources."""
    frame = _check_schema(frame, file, SCHEMAS["side_effects.csv"])
    known_effects = set(catalog["side_effect"])
    problems = _unknown_value_problems(frame, file, "side_effect", known_effects, "side effect")
    category_of = dict(zip(catalog["side_effect"], catalog["category"]))
    for i, row in frame.iterrows():
        expected = category_of.get(row["side_effect"])
        if expected is not None and row["category"] != expected:
            problems.append(
                Problem(
                    file,
                    _line(i),
                    "category",
                    f"'{row['category']}' but {row['side_effect']} is a '{expected}'",
                )
            )
    problems += _range_problems(frame, file, "likelihood_low_pct", "likelihood_high_pct", "%")
    problems += _range_problems(frame, file, "duration_low_days", "duration_high_days", " days")
    problems += _duration_problems(frame, file, known_sources)
    problems += _derived_label_problems(frame, file)
    problems += _same_for_every_type_problems(frame, file)
    problems += _point_figure_problems(frame, file)
    problems += _duplicate_problems(frame, file, KEYS["side_effects.csv"])
    problems += _source_id_problems(frame, file, known_sources)
    if problems:
        raise DatasetError(sorted(problems, key=lambda p: (p.line or 0, p.column or "")))
    return frame.astype(
        {
            "procedure": PROCEDURE_DTYPE,
            "category": CATEGORY_DTYPE,
            "skin_type": SKIN_TYPE_DTYPE,
            "severity": SEVERITY_DTYPE,
            "evidence": EVIDENCE_DTYPE,
        }
    ).reset_index(drop=True)


def check_table(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """Check one table on its own (columns, values, repeated keys), without cross-table checks."""
    frame = _check_schema(frame, file, SCHEMAS[file])
    problems = _duplicate_problems(frame, file, KEYS[file])
    if problems:
        raise DatasetError(problems)
    return frame


def _load_reference(data_dir: Path, file: str) -> pd.DataFrame:
    return check_table(read_csv(data_dir / file, file), file)


def load_dataset(data_dir: Path = DATA_DIR) -> Dataset:
    """Read and validate every table in `data_dir`; raise DatasetError listing all problems."""
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for file in (
        "sources.csv",
        "side_effect_catalog.csv",
        "skin_types.csv",
        "factors.csv",
        "advice.csv",
    ):
        try:
            tables[file] = _load_reference(data_dir, file)
        except DatasetError as error:
            problems += error.problems
    if problems:
        raise DatasetError(problems)

    known_sources = set(tables["sources.csv"]["source_id"])
    catalog = tables["side_effect_catalog.csv"]
    skin_types = tables["skin_types.csv"]
    missing_types = [t for t in SKIN_TYPES if t not in set(skin_types["skin_type"])]
    if missing_types:
        problems.append(
            Problem("skin_types.csv", None, "skin_type", f"lacks {', '.join(missing_types)}")
        )
    problems += _source_id_problems(skin_types, "skin_types.csv", known_sources)
    problems += _source_id_problems(tables["advice.csv"], "advice.csv", known_sources)

    side_effects = None
    try:
        side_effects = check_side_effects(
            read_csv(data_dir / "side_effects.csv", "side_effects.csv"),
            "side_effects.csv",
            catalog,
            known_sources,
        )
    except DatasetError as error:
        problems += error.problems

    modifiers = None
    try:
        modifiers = _load_reference(data_dir, "modifiers.csv")
        file = "modifiers.csv"
        problems += _unknown_value_problems(
            modifiers, file, "factor", set(tables["factors.csv"]["factor"]), "factor"
        )
        problems += _unknown_value_problems(
            modifiers, file, "side_effect", set(catalog["side_effect"]), "side effect", True
        )
        problems += _source_id_problems(modifiers, file, known_sources)
    except DatasetError as error:
        problems += error.problems

    if problems:
        raise DatasetError(problems)
    skin_types = skin_types.assign(skin_type=skin_types["skin_type"].astype(SKIN_TYPE_DTYPE))
    return Dataset(
        side_effects=side_effects,
        catalog=catalog,
        sources=tables["sources.csv"],
        skin_types=skin_types.sort_values("skin_type").reset_index(drop=True),
        factors=tables["factors.csv"],
        modifiers=modifiers,
        advice=tables["advice.csv"],
    )
