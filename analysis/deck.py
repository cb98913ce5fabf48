"""A PowerPoint deck of charts: a title slide, one chart per slide, then the sources.

Each chart slide holds the chart as a 16:9 PNG (its own title, filters, sources, disclaimer and
date baked in), the numbers behind it in the speaker notes, and the source line with
"Educational use, not medical advice" at the foot of the slide, as every slide has.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from analysis.charts import DISCLAIMER
from analysis.export import figure_image, figure_title, footer_text
from analysis.tables import cited_sources

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in: PowerPoint's 16:9
SOURCES_PER_SLIDE = 12
NOTES_LEAVE_OUT = ("Note",)  # prose, not numbers: it is in the app and the CSV
_TITLE_LAYOUT, _TITLE_ONLY_LAYOUT = 0, 5  # in python-pptx's default template
_GREY = RGBColor(0x44, 0x44, 0x44)


@dataclass(frozen=True)
class DeckChart:
    """One chart for the deck: the figure as it was shown (its filters kept) and the table
    behind it (the speaker notes and the sources slide come from it)."""

    figure: go.Figure
    table: pd.DataFrame | None = None

    @property
    def title(self) -> str:
        return figure_title(self.figure)[0]

    @property
    def subtitle(self) -> str:
        return figure_title(self.figure)[1]


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("  ", " ").strip()


def source_line(chart: DeckChart) -> str:
    """'Source: R2, R5 · Educational use, not medical advice' from the chart's own footer."""
    footer = footer_text(chart.figure)
    return _plain(footer) if footer else f"Source: see the sources slide · {DISCLAIMER}"


def speaker_notes(chart: DeckChart) -> str:
    """The chart's title, filters and the numbers behind it, one line per row of its table."""
    lines = [chart.title, chart.subtitle]
    table = chart.table
    if table is not None and not table.empty:
        shown = table.drop(columns=[c for c in NOTES_LEAVE_OUT if c in table.columns])
        lines.append(f"The numbers behind this chart ({len(shown)} rows):")
        for row in shown.itertuples(index=False):
            cells = [
                f"{column}: {value:g}" if isinstance(value, float) else f"{column}: {value}"
                for column, value in zip(shown.columns, row)
                if not pd.isna(value) and value != ""
            ]
            lines.append("- " + "; ".join(cells))
    lines.append(source_line(chart))
    return "\n".join(lines)


def cited_source_ids(charts: Sequence[DeckChart]) -> list[str]:
    """Source ids named in the charts' tables ('Sources' column, 'R2, R5'), first seen first."""
    ids: dict[str, None] = {}
    for chart in charts:
        if chart.table is not None and "Sources" in chart.table.columns:
            for cell in chart.table["Sources"].dropna():
                ids |= dict.fromkeys(s.strip() for s in str(cell).split(",") if s.strip())
    return list(ids)


def _text_box(slide, text: str, top, height, size: int, colour=None, bold=False) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), top, SLIDE_WIDTH - Inches(1.0), height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.bold = bold
        if colour is not None:
            paragraph.font.color.rgb = colour


def _footer(slide, text: str) -> None:
    _text_box(slide, text, Inches(7.0), Inches(0.4), 11, colour=_GREY)


def _titled_slide(deck, title: str):
    slide = deck.slides.add_slide(deck.slide_layouts[_TITLE_ONLY_LAYOUT])
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = (
        Inches(0.5),
        Inches(0.25),
        SLIDE_WIDTH - Inches(1.0),
        Inches(0.8),
    )
    shape.text = title
    shape.text_frame.paragraphs[0].font.size = Pt(28)
    return slide


def build_deck(
    charts: Sequence[DeckChart],
    sources: pd.DataFrame,
    title: str = "Microneedling: how likely are the side effects?",
    built_on: date | None = None,
) -> bytes:
    """PPTX bytes: a title slide, one slide per chart, then the sources they cite.

    `sources` is the sources table (source_id, citation, ...). Raises
    analysis.export.ExportUnavailable where the charts cannot be drawn (no Chromium).
    """
    built_on = built_on or date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    general_footer = f"Sources: listed at the end of this deck · {DISCLAIMER}"

    cover = deck.slides.add_slide(deck.slide_layouts[_TITLE_LAYOUT])
    heading, subheading = cover.placeholders[0], cover.placeholders[1]
    for shape, top, height in ((heading, 2.0, 1.5), (subheading, 3.7, 1.6)):
        shape.left, shape.width = Inches(0.75), SLIDE_WIDTH - Inches(1.5)
        shape.top, shape.height = Inches(top), Inches(height)
    heading.text = title
    subheading.text = (
        f"{len(charts)} chart{'s' if len(charts) != 1 else ''} from the Microneedling risks "
        f"explorer · {built_on.isoformat()}\nFigures from small published studies: ranges, "
        "not exact rates."
    )
    _footer(cover, general_footer)

    for chart in charts:
        slide = _titled_slide(deck, chart.title)
        png = figure_image(chart.figure, "png", "16:9", built_on)
        height = Inches(5.8)
        width = Emu(int(height * 16 / 9))
        slide.shapes.add_picture(
            io.BytesIO(png), (SLIDE_WIDTH - width) // 2, Inches(1.1), width, height
        )
        slide.notes_slide.notes_text_frame.text = speaker_notes(chart)
        _footer(slide, source_line(chart))

    ids = cited_source_ids(charts)
    cited = cited_sources(pd.DataFrame({"source_ids": [";".join(ids)]}), sources)
    chunks = [cited[i : i + SOURCES_PER_SLIDE] for i in range(0, len(cited), SOURCES_PER_SLIDE)]
    for number, chunk in enumerate(chunks or [cited], start=1):
        heading = "Sources" if len(chunks) <= 1 else f"Sources ({number} of {len(chunks)})"
        slide = _titled_slide(deck, heading)
        lines = [f"{row.source_id}  {row.citation}" for row in chunk.itertuples()]
        _text_box(
            slide,
            "\n".join(lines) or "The charts name no sources.",
            Inches(1.1),
            Inches(5.8),
            12,
        )
        _footer(slide, general_footer)

    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
