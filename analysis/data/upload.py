"""A person's own side-effects table: check an uploaded CSV (the template to start from is
`analysis.outputs.safe_csv.template_csv`).

An upload is checked exactly like the bundled `side_effects.csv` (same columns, values, ranges
and cross-checks against the bundled catalog and sources), after a size cap.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.data.dataset import SCHEMAS, DatasetError, Problem, check_side_effects, read_csv

# Keep equal to server.maxUploadSize in .streamlit/config.toml (a test checks it).
MAX_UPLOAD_MB = 1
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
COLUMNS: tuple[str, ...] = tuple(SCHEMAS["side_effects.csv"].columns)
# A name from an upload is shown back to the person; long ones are cut.
MAX_NAME_LENGTH = 80


def upload_name(file_name: str) -> str:
    """The uploaded file's name as shown in messages: one line, at most MAX_NAME_LENGTH long."""
    name = " ".join(file_name.split()) or "your file"
    return name if len(name) <= MAX_NAME_LENGTH else name[: MAX_NAME_LENGTH - 1] + "…"


def validate_upload(
    raw: bytes, file_name: str, catalog: pd.DataFrame, known_sources: set[str]
) -> pd.DataFrame:
    """The validated side-effects table in `raw`, or DatasetError listing what to fix."""
    name = upload_name(file_name)
    if len(raw) > MAX_UPLOAD_BYTES:
        message = (
            f"is {len(raw):,} bytes, over the limit of {MAX_UPLOAD_MB} MB "
            f"({MAX_UPLOAD_BYTES:,} bytes); a full table is about 110,000 bytes, so remove "
            "extra rows or text and try again"
        )
        raise DatasetError([Problem(name, None, None, message)])
    return check_side_effects(read_csv(raw, name), name, catalog, known_sources)


def _plain(markdown: str) -> str:
    """README Markdown as plain text for a table cell: no backticks or bold markers."""
    return markdown.replace("`", "").replace("**", "")


def problem_table(problems: Sequence[Problem], definitions: dict[str, str]) -> pd.DataFrame:
    """One line per problem: where it is, what is wrong, and what the column should hold."""
    return pd.DataFrame(
        {
            "Line": [p.line for p in problems],
            "Column": [p.column or "(whole file)" for p in problems],
            "What is wrong": [p.message for p in problems],
            "What the column should hold": [
                _plain(definitions.get(p.column, "")) if p.column else "" for p in problems
            ],
        }
    ).astype({"Line": "Int64"})
