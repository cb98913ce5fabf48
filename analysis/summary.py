"""A one-page summary of a person's side-effect profile, to take to a consultation.

Built as a plotly figure (text + tables) so the same static-export path (kaleido) gives a PDF
or a PNG: the date, the inputs, any stop signs and cautions, the figures and their sources.
"""

from __future__ import annotations

import datetime as dt
import textwrap

import plotly.graph_objects as go

from analysis.charts import DISCLAIMER, add_text_block
from analysis.dataset import Dataset
from analysis.export import render_image
from analysis.risk import NOT_SURE, PersonalProfile, Profile
from analysis.tables import cited_sources
from analysis.vocabulary import EVIDENCE_LEVELS, PROCEDURES

PAGE_WIDTH, PAGE_HEIGHT = 1240, 1754  # A4 portrait at 150 dpi
_WRAP = 150


def _wrap(text: str, width: int = _WRAP) -> str:
    return "<br>".join(textwrap.wrap(text, width)) or ""


def describe_profile(profile: Profile, dataset: Dataset) -> str:
    """'Skin type V (Brown skin, rarely or never burns) · Traditional microneedling · ...'."""
    if profile.skin_type == NOT_SURE:
        skin = "Skin type not sure (widest range over types I-VI)"
    else:
        description = dataset.skin_types.set_index("skin_type").loc[
            profile.skin_type, "description"
        ]
        skin = f"Skin type {profile.skin_type} ({description})"
    procedures = " and ".join(PROCEDURES[p] for p in profile.procedures) or "No procedure chosen"
    labels = dict(zip(dataset.factors["factor"], dataset.factors["label"]))
    situation = ", ".join(labels[f] for f in profile.factors) or "nothing else selected"
    return f"{skin} · {procedures} · Situation: {situation}"


def _lines(text: str, chars_per_line: int) -> int:
    return max(1, len(textwrap.wrap(str(text), chars_per_line)))


def summary_figure(
    dataset: Dataset, profile: Profile, result: PersonalProfile, today: dt.date | None = None
) -> go.Figure:
    """One page: header, inputs, warnings, a table of side effects and a table of sources.

    A4 wide; as tall as the content needs (at least A4), so no row is ever cut off.
    """
    today = today or dt.date.today()
    rows = result.side_effects
    lines = [
        f"<b>Microneedling: my side-effect summary</b>   {today:%d %B %Y}",
        _wrap(describe_profile(profile, dataset)),
    ]
    for flag in result.stops:
        lines.append(_wrap(f"<b>STOP</b> - {flag.factor_label}: {flag.note} [{flag.source_ids}]"))
    for flag in result.cautions:
        scope = f" ({flag.side_effect_label})" if flag.side_effect_label else ""
        lines.append(
            _wrap(f"Caution - {flag.factor_label}{scope}: {flag.note} [{flag.source_ids}]")
        )
    header = "<br>".join(lines)
    header_h = 24 * header.count("<br>") + 60

    columns = {
        "Side effect": (rows["label"], 2.4),
        "Procedure": (rows["procedure"].astype(str).map(lambda p: PROCEDURES[p].split()[0]), 1.3),
        "How many people": (rows["in_100_people"], 2.0),
        "How long it lasts": (rows["how_long"], 1.5),
        "How serious": (rows["seriousness"], 0.9),
        "Raised for you by": (rows["raised_by"].map(lambda r: ", ".join(r) or "-"), 1.5),
        "Evidence": (rows["evidence"].astype(str).map(EVIDENCE_LEVELS), 1.2),
        "Sources": (rows["source_ids"].str.replace(";", ", "), 1.2),
    }
    total_width = sum(width for _, width in columns.values())
    usable = PAGE_WIDTH - 100
    row_heights = [
        8
        + 15
        * max(
            _lines(values.iloc[i], int(usable * width / total_width / 6.6))
            for values, width in columns.values()
        )
        for i in range(len(rows))
    ]
    table_h = 40 + sum(row_heights)
    sources = cited_sources(rows, dataset.sources)
    sources_h = 30 + 16 * len(sources)
    note_h = 60
    height = max(PAGE_HEIGHT, header_h + table_h + note_h + sources_h + 100)
    plot_h = height - 90

    def band(top_px: float, size_px: float) -> list[float]:
        return [max(0.0, 1 - (top_px + size_px) / plot_h), 1 - top_px / plot_h]

    fig = go.Figure()
    fig.add_trace(
        go.Table(
            domain={"x": [0, 1], "y": band(header_h, table_h)},
            columnwidth=[width for _, width in columns.values()],
            header={
                "values": list(columns),
                "fill_color": "#1f3b57",
                "font": {"color": "white", "size": 12},
                "align": "left",
            },
            cells={
                "values": [values for values, _ in columns.values()],
                "fill_color": [["#f4f6f8", "white"] * (len(rows) // 2 + 1)],
                "font": {"size": 11},
                "align": "left",
                "height": 23,
            },
        )
    )
    fig.add_trace(
        go.Table(
            domain={"x": [0, 1], "y": band(header_h + table_h + note_h, sources_h)},
            columnwidth=[0.6, 9],
            header={
                "values": ["Id", "Source"],
                "fill_color": "#e8ecef",
                "font": {"size": 11},
                "align": "left",
            },
            cells={
                "values": [sources["source_id"], sources["citation"].map(lambda c: c[:190])],
                "font": {"size": 9},
                "align": "left",
                "height": 16,
            },
        )
    )
    add_text_block(fig, header)
    add_text_block(
        fig,
        _wrap(
            f"{DISCLAIMER}. Figures are ranges from small published studies (19-40 people each), "
            "not predictions for one person. 'No published figure' means nobody has measured it, "
            "not that it cannot happen. Discuss this summary with a qualified practitioner.",
            150,
        ),
        y=band(header_h + table_h + 8, 0)[1],
        size=11,
        colour="#444",
    )
    fig.update_layout(
        width=PAGE_WIDTH,
        height=height,
        margin={"l": 50, "r": 50, "t": 50, "b": 40},
        paper_bgcolor="white",
    )
    return fig


def summary_bytes(fig: go.Figure, fmt: str = "pdf") -> bytes:
    """The summary page as PDF or PNG bytes; raises ExportUnavailable without a browser."""
    return render_image(fig, fmt, fig.layout.width, fig.layout.height)
