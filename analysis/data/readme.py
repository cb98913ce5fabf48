"""What `data/README.md` says about the tables: column definitions, review date, method sections.

The README is the one place the data is documented; the app reads it rather than restating it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from analysis.data.dataset import DATA_DIR

README = DATA_DIR / "README.md"


@cache
def _text(path: Path = README) -> str:
    return path.read_text(encoding="utf-8")


def column_definitions(file: str = "side_effects.csv", path: Path = README) -> dict[str, str]:
    """Column name -> its meaning (Markdown), from the table under `### file` in the README."""
    definitions: dict[str, str] = {}
    in_file = False
    for line in _text(path).splitlines():
        if line.startswith("#"):
            in_file = line.strip() == f"### {file}"
            continue
        if not (in_file and line.startswith("|")):
            continue
        columns, _, meaning = line.strip().strip("|").partition("|")
        columns, meaning = columns.strip(), meaning.strip()
        if columns in ("column", "") or set(columns) <= {"-"}:
            continue  # the table's header and separator rows
        # One row can define a pair: "likelihood_low_pct, likelihood_high_pct".
        for column in columns.split(","):
            definitions[column.strip()] = meaning
    return definitions


def last_reviewed(path: Path = README) -> str:
    """The README's "Last reviewed: YYYY-MM-DD" date, or "not recorded"."""
    found = re.search(r"^Last reviewed:\s*(\S+)", _text(path), flags=re.MULTILINE)
    return found.group(1) if found else "not recorded"


def section(title: str, path: Path = README) -> str:
    """The Markdown body of the `## title...` section (matched by the start of its heading)."""
    body: list[str] = []
    inside = False
    for line in _text(path).splitlines():
        if line.startswith("## "):
            inside = line[3:].startswith(title)
            continue
        if inside:
            body.append(line)
    if not body:
        raise KeyError(f"data/README.md has no section starting '## {title}'")
    return "\n".join(body).strip()
