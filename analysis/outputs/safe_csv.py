"""Tables as CSV that is safe to open in a spreadsheet: no cell can run as a formula, and a
cell holding a line break stays one cell. Every CSV the app offers is made here."""

from __future__ import annotations

import pandas as pd

from analysis.data.upload import COLUMNS

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(cell):
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of `frame` in which no text cell (or header) can run as a spreadsheet formula."""
    safe = frame.copy()
    safe.columns = [_neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    # CRLF line ends (RFC 4180) make the csv writer quote every cell holding \r or \n: Calc and
    # Gnumeric end a row at a lone \r outside quotes, and would read what follows as a formula.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def template_csv(side_effects: pd.DataFrame, side_effect: str = "redness") -> bytes:
    """A valid CSV to start from: every column, with the bundled rows of one side effect."""
    example = side_effects[side_effects["side_effect"] == side_effect]
    return to_safe_csv(example[list(COLUMNS)])
