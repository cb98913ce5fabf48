"""data/README.md is read, not restated: every column of every table has its definition."""

import pytest

from analysis.data.dataset import SCHEMAS
from analysis.data.readme import column_definitions, last_reviewed, section


@pytest.mark.parametrize("file", sorted(SCHEMAS))
def test_every_column_of_every_table_is_defined(file):
    assert set(column_definitions(file)) == set(SCHEMAS[file].columns)


def test_a_pair_of_columns_in_one_row_shares_its_definition():
    definitions = column_definitions()
    assert definitions["likelihood_low_pct"] == definitions["likelihood_high_pct"]
    assert definitions["likelihood_high_pct"].startswith("Percent of people affected (0-100")


def test_definitions_are_read_from_the_given_file(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "Last reviewed: 2030-01-02\n\n### side_effects.csv\n| column | meaning |\n|---|---|\n"
        "| skin_type | Type I to VI. |\n\n### sources.csv\n| column | meaning |\n|---|---|\n"
        "| url | A link. |\n\n## Method\nMeasured, then extrapolated.\n\n## Next\nOther.\n"
    )
    assert column_definitions(path=readme) == {"skin_type": "Type I to VI."}
    assert last_reviewed(readme) == "2030-01-02"
    assert section("Meth", readme) == "Measured, then extrapolated."


def test_the_review_date_and_method_sections_are_found():
    assert last_reviewed() == "2026-12-01"
    assert "R18" in section("Skin-type rules")
    assert "fat loss and nerve damage" in section("What has no published figure")
    with pytest.raises(KeyError):
        section("No such heading")
