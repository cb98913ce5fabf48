"""Property-based tests of the loader: whatever the bytes, a DatasetError or a valid table.

The loader is the path an upload takes (read_csv, then check_side_effects against the bundled
catalog and sources); any other exception would reach the page as a traceback.
"""

import csv
import io
import os

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.charts.duration import duration_chart
from analysis.charts.grid import heatmap_chart
from analysis.charts.likelihood import likelihood_chart
from analysis.data.dataset import DATA_DIR, DatasetError, load_dataset
from analysis.data.tables import readable_table
from analysis.data.upload import COLUMNS, validate_upload
from analysis.data.vocabulary import SKIN_TYPE_DTYPE

BUNDLED = load_dataset()
REAL_LINES = (DATA_DIR / "side_effects.csv").read_text(encoding="utf-8").splitlines(keepends=True)
REAL_ROWS = list(csv.reader(io.StringIO("".join(REAL_LINES))))
HEADER, BODY = REAL_ROWS[0], REAL_ROWS[1:]

# LOADER_EXAMPLES=1000 for a longer hunt than the suite's.
PROPERTY_SETTINGS = settings(
    max_examples=int(os.environ.get("LOADER_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def load_strictly(raw: bytes) -> pd.DataFrame:
    return validate_upload(raw, "upload.csv", BUNDLED.catalog, set(BUNDLED.sources["source_id"]))


def load(raw: bytes) -> pd.DataFrame | None:
    """The validated table, or None after a DatasetError that names at least one problem."""
    try:
        table = load_strictly(raw)
    except DatasetError as error:
        assert error.problems, "a DatasetError must name what is wrong"
        assert all(str(problem).startswith("upload.csv") for problem in error.problems)
        return None
    assert list(table.columns) == list(COLUMNS)
    assert table["skin_type"].dtype == SKIN_TYPE_DTYPE
    assert not table.duplicated(["procedure", "side_effect", "skin_type"]).any()
    assert table["likelihood_high_pct"].dropna().between(0, 100).all()
    readable_table(table, BUNDLED.catalog)  # what every page shows must be showable
    return table


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


some_rows = st.lists(st.sampled_from(BODY), min_size=1, max_size=8)
cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "nan", "inf", "-1", "1e309", "0x10", " 5 ", "=1+1", '"', ",", "\n"]),
)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_dataset_error_or_a_table(raw):
    load(raw)


@PROPERTY_SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text_after_the_real_header_gives_an_error_or_a_table(text):
    load(("".join(REAL_LINES[:1]) + text).encode("utf-8", errors="surrogatepass"))


@PROPERTY_SETTINGS
@given(some_rows, st.lists(st.sampled_from(range(len(HEADER))), min_size=1, max_size=20))
def test_dropped_duplicated_or_reordered_columns_give_an_error_or_a_table(rows, order):
    load(to_csv([[row[i] for i in order] for row in [HEADER, *rows]]))


@PROPERTY_SETTINGS
@given(
    st.integers(0, len(REAL_LINES) - 1),
    st.integers(2, 40),
    st.integers(0, 2000),
    st.sampled_from(["", "\n", '"', ",", "\r"]),
)
def test_truncated_lines_give_an_error_or_a_table(first, count, cut, ending):
    lines = REAL_LINES[:1] + REAL_LINES[1 + first : 1 + first + count]
    text = "".join(lines)
    position = cut % (len(text) + 1)
    load((text[:position] + ending).encode("utf-8"))


@PROPERTY_SETTINGS
@given(some_rows, st.data())
def test_random_cell_replacements_give_an_error_or_a_table(rows, data):
    rows = [list(row) for row in rows]
    for _ in range(data.draw(st.integers(1, 6))):
        row = data.draw(st.sampled_from(rows))
        row[data.draw(st.integers(0, len(HEADER) - 1))] = data.draw(cell_text)
    table = load(to_csv([HEADER, *rows]))
    if table is not None:
        for chart in (likelihood_chart, duration_chart, heatmap_chart):
            chart(table, BUNDLED.catalog, "Uploaded")


NUMBER_COLUMNS = [HEADER.index(c) for c in HEADER if c.endswith(("_pct", "_days"))]
number_text = st.one_of(
    st.floats().map(repr),
    st.integers(-(10**400), 10**400).map(str),
    st.sampled_from(["", "inf", "-inf", "1e309", "NaN", "1,5", "5%", " 3 "]),
)


@PROPERTY_SETTINGS
@given(some_rows, st.data())
def test_numbers_of_any_size_give_an_error_or_a_table_that_can_be_drawn(rows, data):
    rows = [list(row) for row in rows]
    for row in rows:
        for column in data.draw(st.lists(st.sampled_from(NUMBER_COLUMNS), max_size=2)):
            row[column] = data.draw(number_text)
    table = load(to_csv([HEADER, *rows]))
    if table is not None:
        for chart in (likelihood_chart, duration_chart, heatmap_chart):
            chart(table, BUNDLED.catalog, "Uploaded")


def test_replacing_a_cell_with_a_good_value_keeps_the_table_valid():
    rows = [list(row) for row in BODY[:6]]
    # The six rows share one figure, so a note must still say so (a rule of the loader).
    rows[0][HEADER.index("note")] = "A clinic's own note, with a comma, for every skin type"
    assert len(load(to_csv([HEADER, *rows]))) == 6


@pytest.mark.parametrize("value", ["inf", "1e309", "-inf"])
def test_an_infinite_duration_is_refused_with_its_line_and_column(value):
    rows = [list(row) for row in BODY[:1]]
    rows[0][HEADER.index("duration_high_days")] = value
    with pytest.raises(DatasetError) as caught:
        load_strictly(to_csv([HEADER, *rows]))
    shown = "-inf" if value == "-inf" else "inf"
    assert str(caught.value.problems[0]) == (
        f"upload.csv, line 2, column 'duration_high_days': '{shown}' is not a usable number; "
        "give the published figure or leave it empty"
    )
