"""The curators' command line: exit codes and messages on real good and bad files."""

import shutil
import subprocess
import sys
from pathlib import Path

from analysis.data.dataset import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
HEADER = (
    "procedure,side_effect,category,skin_type,likelihood_low_pct,likelihood_high_pct,"
    "duration_low_days,duration_high_days,onset,severity,evidence,source_ids,measured_in,note\n"
)


def validate(*paths):
    return subprocess.run(
        [sys.executable, "-m", "analysis.data.validate", *map(str, paths)],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bundled_tables_are_valid_and_the_summary_says_what_was_read():
    result = validate(DATA_DIR / "side_effects.csv", DATA_DIR / "sources.csv")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "side_effects.csv: valid, 180 rows" in result.stdout
    assert "sources.csv: valid" in result.stdout


def test_an_uploaded_style_table_is_checked_against_the_bundled_catalog(tmp_path):
    audit = tmp_path / "clinic_audit.csv"
    audit.write_text(HEADER + "traditional,pih,common,V,2,10,,,,moderate,trial,R18,30 clients,ok\n")
    result = validate(audit)
    assert result.returncode == 0, result.stdout
    assert "valid side-effects table, 1 row, 1 side effects" in result.stdout


def test_bad_cells_exit_1_and_print_each_problem(tmp_path):
    audit = tmp_path / "audit.csv"
    audit.write_text(HEADER + "laser,pih,common,VII,abc,,,-1,,awful,trial,R18,,x\n")
    result = validate(audit)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{audit}: INVALID, 5 problem(s)"
    assert "  - audit.csv, line 2, column 'procedure': 'laser' is not one of" in result.stdout
    assert "column 'skin_type': 'VII' is not one of: I, II, III, IV, V, VI" in result.stdout
    assert "column 'likelihood_low_pct': 'abc' is not a number" in result.stdout
    assert "column 'duration_high_days': -1 is negative" in result.stdout
    assert "column 'severity': 'awful' is not one of: mild, moderate, severe" in result.stdout


def test_cross_checks_run_once_cells_are_valid(tmp_path):
    audit = tmp_path / "audit.csv"
    audit.write_text(
        HEADER
        + "traditional,pih,common,V,20,10,,,,moderate,trial,R18,,x\n"
        + "traditional,hair_loss,common,V,1,2,,,,mild,trial,R99,,x\n"
    )
    result = validate(audit)
    assert result.returncode == 1
    assert "line 2, column 'likelihood_low_pct': low 20% is above high 10%" in result.stdout
    assert "line 3, column 'side_effect': 'hair_loss' is not a known side effect" in result.stdout
    assert "line 3, column 'source_ids': R99 not found in sources.csv" in result.stdout


def test_a_broken_bundled_folder_is_reported_by_file(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    (folder / "skin_types.csv").write_text("skin_type,label\n")
    result = validate(folder / "side_effects.csv")
    assert result.returncode == 1
    assert "skin_types.csv: has a header but no rows" in result.stdout


def test_the_audit_rules_are_enforced_on_an_uploaded_table(tmp_path):
    header = HEADER.replace("likelihood_high_pct,", "likelihood_high_pct,events,").replace(
        "duration_high_days,", "duration_high_days,duration_basis,"
    )
    audit = tmp_path / "audit.csv"
    audit.write_text(
        header
        # A point figure from 2 people, and a derived duration whose note does not say so.
        + "traditional,scarring,complication,V,6.7,6.7,2,,,,,severe,trial,R18,30 clients,x\n"
        + "radiofrequency,pih,common,V,0,12,3,28,60,derived,,moderate,trial,R9,25 clients,x\n"
    )
    result = validate(audit)
    assert result.returncode == 1
    assert "line 2, column 'likelihood_low_pct': 6.7% as both low and high rests on 2" in (
        result.stdout
    )
    assert "line 3, column 'note': does not say the duration is derived" in result.stdout
