"""CSV safe to open in a spreadsheet: no formula cell, no row split by a line break."""

import io

import pandas as pd

from analysis.outputs.safe_csv import to_safe_csv


def test_formula_cells_are_neutralised_and_numbers_kept():
    hostile = pd.DataFrame(
        {
            "note": ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "plain", "\tTAB"],
            "likelihood": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )
    back = pd.read_csv(io.BytesIO(to_safe_csv(hostile)), keep_default_na=False)
    assert list(back["note"]) == [
        "'=HYPERLINK(\"http://x\")", "'+1+1", "'-2+3", "'@SUM(A1)", "plain", "'\tTAB",
    ]  # fmt: skip
    assert list(back["likelihood"]) == [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_cells_holding_line_breaks_are_quoted_so_no_reader_splits_the_row():
    cells = ["a\r=1+1", "b\n=2+2", "c\r\n=3+3", "plain"]
    text = to_safe_csv(pd.DataFrame({"note": cells, "n": [1, 2, 3, 4]})).decode("utf-8")
    for cell in cells[:3]:
        assert f'"{cell}"' in text
    assert list(pd.read_csv(io.StringIO(text))["note"]) == cells


def test_a_hostile_header_is_neutralised_too():
    text = to_safe_csv(pd.DataFrame({"=cmd": ["x"]})).decode("utf-8")
    assert text.splitlines()[0] == "'=cmd"
