"""The evidence map as a chart: for each side effect, skin type and procedure, a cell coloured
and named by what its figure rests on (measured in that skin type, a secondary summary, derived,
carried over from other skin types, or no figure).

A teacher's view of where research is thin: the columns of the darkest and the lightest skin
are where figures were carried over or are missing.
"""

from __future__ import annotations

import functools
import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.frame import Chart
from analysis.charts.panels import source_ids
from analysis.charts.theme import BAR_TEXT_PX, EVIDENCE_MAP_COLOURS, themed
from analysis.data.evidence_map import basis_counts, evidence_map
from analysis.data.formatting import type_span
from analysis.data.vocabulary import (
    EVIDENCE_LEVELS,
    EVIDENCE_MAP_BASES,
    EVIDENCE_MAP_CELL_WORDS,
    PROCEDURES,
    SKIN_TYPES,
)

EVIDENCE_MAP_TITLE = "Where each figure comes from, by skin type"
EVIDENCE_MAP_SUBTITLE = "Every side effect, skin type and procedure in the table"
EVIDENCE_MAP_MIN_WIDTH = 1700  # narrower than this, the two procedures' maps stack
_ROW_PX = 28
_BASES = list(EVIDENCE_MAP_BASES)


def _colour_steps() -> list[list]:
    """A colour scale with one flat step per basis: code i (0 = measured) takes its colour."""
    steps = []
    for i, basis in enumerate(_BASES):
        colour = EVIDENCE_MAP_COLOURS[basis]
        steps += [[i / len(_BASES), colour], [(i + 1) / len(_BASES), colour]]
    return steps


def _grid(panel: pd.DataFrame, labels: list[str]) -> tuple[list, list, list]:
    """Codes, cell words and hover texts of one procedure, rows `labels`, columns I..VI; a side
    effect that does not apply to the procedure stays blank."""
    by_cell = {(row["label"], row["skin_type"]): row for row in panel.to_dict("records")}
    z, text, hover = [], [], []
    for label in labels:
        z_row, text_row, hover_row = [], [], []
        for skin_type in SKIN_TYPES:
            if (label, skin_type) not in by_cell:
                z_row.append(None)
                text_row.append("")
                hover_row.append("Does not apply to this procedure")
                continue
            cell = by_cell[(label, skin_type)]
            basis = str(cell["basis"])
            z_row.append(_BASES.index(basis))
            text_row.append(EVIDENCE_MAP_CELL_WORDS[basis])
            words = " (a duration in words only)" if cell["duration_in_words"] else ""
            measured_in = "" if pd.isna(cell["measured_in"]) else str(cell["measured_in"])
            hover_row.append(
                f"{EVIDENCE_MAP_BASES[basis]}{words}<br>"
                f"Evidence: {EVIDENCE_LEVELS.get(str(cell['evidence']), cell['evidence'])}"
                # Plotly reads tags in hover text; an uploaded cell stays text.
                + (f"<br>{html.escape(measured_in, quote=False)}" if measured_in else "")
            )
        z.append(z_row)
        text.append(text_row)
        hover.append(hover_row)
    return z, text, hover


def _heatmap(panel: pd.DataFrame, labels: list[str]) -> go.Heatmap:
    z, text, hover = _grid(panel, labels)
    return go.Heatmap(
        z=z,
        x=list(SKIN_TYPES),
        y=labels,
        text=text,
        texttemplate="%{text}",
        textfont={"size": BAR_TEXT_PX},
        customdata=hover,
        colorscale=_colour_steps(),
        zmin=-0.5,
        zmax=len(_BASES) - 0.5,
        showscale=False,
        xgap=2,
        ygap=2,
        hovertemplate="<b>%{y}</b>, type %{x}<br>%{customdata}<extra></extra>",
    )


def _legend_entry(basis: str) -> go.Scatter:
    """A legend-only square naming one basis in plain words (carries no data)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        marker={"symbol": "square", "size": 14, "color": EVIDENCE_MAP_COLOURS[basis]},
        name=EVIDENCE_MAP_BASES[basis],
        showlegend=True,
        hoverinfo="skip",
    )


def evidence_key_figures(cells: pd.DataFrame) -> tuple[str, ...]:
    """What a teacher would say: first, per procedure, the skin types in which nothing was
    measured (the point of the map, kept when speaker notes are cut short); then, per skin
    type, how many figures were measured in it and what the others rest on."""
    counts = basis_counts(cells)
    present = set(cells["skin_type"].astype(str))
    sentences = []
    for procedure, label in PROCEDURES.items():
        of_procedure = cells[cells["procedure"] == procedure]
        if of_procedure.empty:
            continue
        measured = basis_counts(of_procedure)["measured"]
        unmeasured = [t for t in measured.index if measured[t] == 0 and t in present]
        if unmeasured:
            sentences.append(
                f"{label}: none of its figures was measured in people with "
                f"{type_span(unmeasured)} skin"
            )
    rest_words = {
        "secondary": "from summaries",
        "derived": "derived",
        "carried_over": "carried over from other types",
        "missing": "with no figure",
    }
    for skin_type, row in counts.iterrows():
        total = int(row.sum())
        if not total:
            continue
        rest = ", ".join(f"{row[b]} {words}" for b, words in rest_words.items() if row[b])
        sentences.append(
            f"Type {skin_type}: {row['measured']} of {total} measured in this skin type"
            + (f"; {rest}" if rest else "")
        )
    return tuple(sentences)


def darker_skin_gap(cells: pd.DataFrame) -> str:
    """The teaching point in one sentence: how many figures were measured in people with the
    darkest skin (type VI), against the best-studied skin type."""
    counts = basis_counts(cells)
    measured = counts["measured"]
    best = measured.idxmax()
    return (
        f"Research on the darkest skin is thin: of the {int(counts.loc['VI'].sum())} side "
        f"effects across both procedures, {measured['VI']} have a figure measured in people "
        f"with type VI skin, against {measured[best]} in type {best} skin. The rest come from "
        "secondary summaries, are derived or carried over from other skin types, or are "
        "missing (see the evidence map below)."
    )


def evidence_table(cells: pd.DataFrame, side_effects: pd.DataFrame) -> pd.DataFrame:
    """The map as a readable table, one line per cell, with the row's sources."""
    keys = ["procedure", "side_effect", "skin_type"]
    sources = side_effects[[*keys, "source_ids"]].astype({k: str for k in keys})
    merged = cells.astype({k: str for k in keys}).merge(sources, on=keys, how="left")
    yes_no = {True: "yes", False: "no"}
    return pd.DataFrame(
        {
            "Side effect": merged["label"],
            "Procedure": merged["procedure"].map(PROCEDURES),
            "Skin type": "Type " + merged["skin_type"],
            "Basis of the figure": merged["basis_label"],
            "Evidence": merged["evidence"].astype(str).map(EVIDENCE_LEVELS),
            "Has a likelihood": merged["has_likelihood"].map(yes_no),
            "Has a duration in days": merged["has_duration"].map(yes_no),
            "Duration only in words": merged["duration_in_words"].map(yes_no),
            "Measured in": merged["measured_in"].fillna(""),
            "Sources": merged["source_ids"].str.replace(";", ", "),
        }
    )


def evidence_map_chart(
    side_effects: pd.DataFrame,
    catalog: pd.DataFrame,
    subtitle: str = EVIDENCE_MAP_SUBTITLE,
    stacked: bool = False,
) -> Chart:
    """The evidence map: one panel per procedure (side by side, or stacked), side effects as
    rows, skin types I..VI as columns, each cell coloured and named by its basis."""
    return _evidence_map_chart(evidence_map(side_effects, catalog), side_effects, subtitle, stacked)


def _evidence_map_chart(
    cells: pd.DataFrame, side_effects: pd.DataFrame, subtitle: str, stacked: bool
) -> Chart:
    procedures = [p for p in PROCEDURES if p in set(cells["procedure"])]
    labels = list(dict.fromkeys(cells.sort_values(["category", "label"], kind="stable")["label"]))
    rows_of = {
        p: [label for label in labels if label in set(cells.loc[cells["procedure"] == p, "label"])]
        for p in procedures
    }
    count = max(len(procedures), 1)
    if stacked:
        # Each procedure lists only its own side effects; rows keep one height in both panels.
        heights = [len(rows_of[p]) for p in procedures]
        fig = make_subplots(
            rows=count,
            cols=1,
            shared_xaxes=True,
            subplot_titles=[PROCEDURES[p] for p in procedures],
            row_heights=[h / sum(heights) for h in heights] if heights else None,
            vertical_spacing=0.2 / count,
        )
    else:
        fig = make_subplots(
            rows=1,
            cols=count,
            shared_yaxes=True,
            subplot_titles=[PROCEDURES[p] for p in procedures],
            horizontal_spacing=0.04,
        )
    themed(fig)
    for index, procedure in enumerate(procedures, start=1):
        panel = cells[cells["procedure"] == procedure]
        shown = rows_of[procedure] if stacked else labels
        where = {"row": index, "col": 1} if stacked else {"row": 1, "col": index}
        fig.add_trace(_heatmap(panel, shown), **where)
        fig.update_yaxes(categoryorder="array", categoryarray=shown, autorange="reversed", **where)
    for basis in _BASES:
        fig.add_trace(_legend_entry(basis))
    fig.update_xaxes(showgrid=False, type="category", side="bottom")
    # A gap between a label and its row's first cell: a dark cell right against the words
    # makes them hard to pick out (and tesseract misreads them).
    fig.update_yaxes(showgrid=False, ticklabelstandoff=12)
    axis_title = "Skin type (Fitzpatrick: I lightest, VI darkest)"
    if stacked:
        # Every panel names its columns; the axis title goes once, under the last.
        fig.update_xaxes(showticklabels=True)
        fig.update_xaxes(title_text=axis_title, row=count, col=1)
    else:
        fig.update_xaxes(title_text=axis_title)
    fig.update_layout(plot_bgcolor="white")

    notes = [
        (
            "Each cell: what its figure rests on (the weaker of likelihood and duration); a "
            "duration given only in words counts as no figure."
        )
    ]
    blank = {
        PROCEDURES[p]: [label for label in labels if label not in rows_of[p]]
        for p in procedures
        if not stacked and len(rows_of[p]) < len(labels)
    }
    for procedure, missing in blank.items():
        notes.append(
            f"Blank: does not apply to {procedure.lower()} ({', '.join(missing).lower()})."
        )
    plot_rows = sum(len(r) for r in rows_of.values()) if stacked else len(labels)
    return Chart(
        EVIDENCE_MAP_TITLE,
        subtitle,
        fig,
        plot_height=_ROW_PX * plot_rows,
        sources=source_ids(side_effects),
        notes=tuple(notes),
        row_labels=tuple(labels),
        key_figures=evidence_key_figures(cells),
        table=evidence_table(cells, side_effects),
        restack=None
        if stacked or len(procedures) < 2
        else functools.partial(_evidence_map_chart, cells, side_effects, subtitle, True),
        min_width=EVIDENCE_MAP_MIN_WIDTH,
    )
