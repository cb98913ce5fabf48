"""Checking a person's own side-effects CSV: accepted as the bundled one, or every problem named."""

import io
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.dataset import DATA_DIR, DatasetError, Problem, load_dataset
from analysis.data.readme import column_definitions
from analysis.data.upload import (
    COLUMNS,
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_MB,
    problem_table,
    upload_name,
    validate_upload,
)
from analysis.outputs.safe_csv import template_csv

BUNDLED_CSV = (DATA_DIR / "side_effects.csv").read_bytes()


@pytest.fixture(scope="module")
def bundled():
    return load_dataset()


def check(raw: bytes, bundled, name: str = "audit.csv") -> pd.DataFrame:
    return validate_upload(raw, name, bundled.catalog, set(bundled.sources["source_id"]))


def problems(raw: bytes, bundled) -> list[str]:
    with pytest.raises(DatasetError) as caught:
        check(raw, bundled)
    return [str(p) for p in caught.value.problems]


def spoilt(cells=None, rename=None) -> bytes:
    frame = pd.read_csv(io.BytesIO(BUNDLED_CSV), dtype=str, keep_default_na=False)
    for (row, column), value in (cells or {}).items():
        frame.loc[row, column] = value
    return frame.rename(columns=rename or {}).to_csv(index=False).encode()


def test_a_copy_of_the_bundled_table_is_accepted_as_the_same_rows(bundled):
    table = check(BUNDLED_CSV, bundled)
    pd.testing.assert_frame_equal(table, bundled.side_effects)


def test_a_renamed_column_is_named_with_the_columns_expected(bundled):
    assert problems(spoilt(rename={"severity": "sev"}), bundled) == [
        "audit.csv, column 'sev': unknown column; expected only: " + ", ".join(COLUMNS),
        "audit.csv, column 'severity': is missing; this table needs it",
    ]


def test_bad_cells_are_named_by_line_and_column(bundled):
    raw = spoilt({(0, "skin_type"): "VII", (3, "likelihood_high_pct"): "150"})
    assert problems(raw, bundled) == [
        "audit.csv, line 2, column 'skin_type': 'VII' is not one of: I, II, III, IV, V, VI",
        (
            "audit.csv, line 5, column 'likelihood_high_pct': 150 is outside the allowed range "
            "0 to 100"
        ),
    ]


def test_an_unknown_source_id_is_named(bundled):
    assert problems(spoilt({(1, "source_ids"): "R2;MY-AUDIT"}), bundled) == [
        "audit.csv, line 3, column 'source_ids': MY-AUDIT not found in sources.csv"
    ]


def test_a_file_over_the_size_cap_is_refused_before_it_is_read(bundled):
    too_big = BUNDLED_CSV + b" " * (MAX_UPLOAD_BYTES + 1 - len(BUNDLED_CSV))
    assert problems(too_big, bundled) == [
        (
            f"audit.csv: is {MAX_UPLOAD_BYTES + 1:,} bytes, over the limit of 1 MB (1,048,576 "
            "bytes); a full table is about 110,000 bytes, so remove extra rows or text and try again"
        )
    ]


def test_a_file_at_the_size_cap_is_read(bundled):
    padded = BUNDLED_CSV + b"\n" * (MAX_UPLOAD_BYTES - len(BUNDLED_CSV))
    assert len(check(padded, bundled)) == len(bundled.side_effects)


def test_a_file_that_is_not_utf8_says_how_to_save_it(bundled):
    latin1 = "procedure,note\ntraditional,café\n".encode("latin-1")
    assert problems(latin1, bundled) == [
        "audit.csv, line 2: is not UTF-8 text; save it as 'CSV UTF-8' and try again"
    ]


@pytest.mark.parametrize(
    "raw, message",
    [(b"", "audit.csv: is empty"), (b"\n  \n", "audit.csv: is empty")]
    + [(",".join(COLUMNS).encode() + b"\n", "audit.csv: has a header but no rows")],
)
def test_an_empty_file_is_refused(bundled, raw, message):
    assert problems(raw, bundled) == [message]


def test_the_template_passes_the_checks_and_has_every_column(bundled):
    raw = template_csv(bundled.side_effects)
    table = check(raw, bundled)
    assert list(table.columns) == list(COLUMNS)
    assert set(table["side_effect"]) == {"redness"} and len(table) == 12


def test_a_long_or_multiline_file_name_is_one_short_line():
    assert upload_name("a\nb.csv") == "a b.csv"
    assert upload_name("") == "your file"
    long = upload_name("x" * 500 + ".csv")
    assert len(long) == 80 and long.endswith("…")


def test_problem_table_says_where_what_and_what_the_column_holds():
    found = [
        Problem("audit.csv", 2, "skin_type", "'VII' is not one of: I, II, III, IV, V, VI"),
        Problem("audit.csv", None, None, "is empty"),
    ]
    table = problem_table(found, column_definitions())
    assert table["Line"].tolist()[0] == 2 and pd.isna(table["Line"].tolist()[1])
    assert table["Column"].tolist() == ["skin_type", "(whole file)"]
    assert table["What is wrong"].tolist()[0] == "'VII' is not one of: I, II, III, IV, V, VI"
    assert table["What the column should hold"].tolist() == ["I..VI.", ""]


def test_the_size_cap_matches_the_server_upload_limit():
    config = tomllib.loads((Path(__file__).parent.parent / ".streamlit/config.toml").read_text())
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB
