"""Turn frames and figures into downloadable bytes, and configure the charts' own export."""

from __future__ import annotations

import pandas as pd

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
    return safe.to_csv(index=False).encode("utf-8")


def modebar_config(file_stem: str) -> dict:
    """Plotly config: the modebar camera saves a 2x PNG at slide size under a meaningful name."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_stem,
            "width": 1920,
            "height": 1080,
            "scale": 2,
        },
    }
