"""Command-line check for curators: `python -m analysis.data.validate FILE...`.

A file named like a bundled table (`side_effects.csv`, `sources.csv`, ...) is checked together
with the other tables in its folder when they are all there; any other CSV is checked as a
side-effects table (the format people upload) against the bundled catalog and sources.
Exits 0 when every file is valid, 1 otherwise, printing each problem on its own line.
"""

import sys
from pathlib import Path

from analysis.data.dataset import (
    SCHEMAS,
    DatasetError,
    check_side_effects,
    check_table,
    load_dataset,
    read_csv,
)


def _rows(count: int) -> str:
    return f"{count} row{'s' if count != 1 else ''}"


def validate_path(path: Path) -> str:
    """Validate one file; return a one-line summary of what was read, or raise DatasetError."""
    folder = path.parent
    if path.name in SCHEMAS and all((folder / name).exists() for name in SCHEMAS):
        dataset = load_dataset(folder)
        frame = {
            "side_effects.csv": dataset.side_effects,
            "side_effect_catalog.csv": dataset.catalog,
            "sources.csv": dataset.sources,
            "skin_types.csv": dataset.skin_types,
            "factors.csv": dataset.factors,
            "modifiers.csv": dataset.modifiers,
            "advice.csv": dataset.advice,
        }[path.name]
        return f"{path}: valid, {_rows(len(frame))} (checked with the other tables in {folder})"
    if path.name in SCHEMAS and path.name != "side_effects.csv":
        frame = check_table(read_csv(path, path.name), path.name)
        return f"{path}: valid on its own, {_rows(len(frame))} (other tables not beside it)"
    bundled = load_dataset()
    frame = check_side_effects(
        read_csv(path, path.name), path.name, bundled.catalog, set(bundled.sources["source_id"])
    )
    effects = frame["side_effect"].nunique()
    return (
        f"{path}: valid side-effects table, {_rows(len(frame))}, {effects} side effects "
        f"(checked against the bundled catalog and sources)"
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    failed = False
    for name in argv:
        try:
            print(validate_path(Path(name)))
        except DatasetError as error:
            failed = True
            print(f"{name}: INVALID, {len(error.problems)} problem(s)")
            for problem in error.problems:
                print(f"  - {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
