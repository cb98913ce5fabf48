"""A PowerPoint deck of charts: a title slide, one chart per slide, the numbers behind the
charts once as an appendix, then the sources.

Each chart slide holds the chart as a 16:9 PNG (its own title, filters, sources, disclaimer and
date baked in), speaker notes a presenter can read out (what the chart shows, its key figures,
its filters and sources, at most NOTES_LIMIT characters), and the source line with
"Educational use, not medical advice" at the foot of the slide, as every slide has.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Emu, Inches, Pt

from analysis.charts.frame import DISCLAIMER, Chart, source_line
from analysis.data.tables import cited_sources, collapse_skin_types
from analysis.outputs.images import figure_image

SLIDE_WIDTH, SLIDE_HEIGHT = Emu(12192000), Emu(6858000)  # 13.33 x 7.5 in: PowerPoint's 16:9
SOURCES_PER_SLIDE = 12
TABLE_ROWS_PER_SLIDE = 12
NOTES_LIMIT = 1500
APPENDIX_TITLE = "The numbers behind the charts"
# The columns of a chart's table that the appendix shows (prose and raw numbers stay in the app).
APPENDIX_COLUMNS = (
    "Side effect",
    "Group",
    "Procedure",
    "Skin type",
    "How often",
    "How long it lasts",
    "Severity",
    "Evidence",
    "Basis of the figure",
    "Sources",
)
_TITLE_LAYOUT, _TITLE_ONLY_LAYOUT = 0, 5  # in python-pptx's default template
_GREY = RGBColor(0x44, 0x44, 0x44)


def speaker_notes(chart: Chart, appendix: bool = True) -> str:
    """What a presenter would say: the chart's question, what it shows (its filters), its key
    figures as far as NOTES_LIMIT allows, its notes and its sources."""
    head = [f"{chart.title}", f"Showing: {chart.subtitle}." if chart.subtitle else ""]
    tail = [*chart.notes, f"{source_line(chart.sources)}. {DISCLAIMER}."]
    more = f"All figures: see '{APPENDIX_TITLE}' at the end of the deck." if appendix else ""
    budget = NOTES_LIMIT - len("\n".join([*head, *tail, more])) - 40
    figures: list[str] = []
    for sentence in chart.key_figures:
        if len(sentence) + 3 > budget:
            break
        figures.append(f"- {sentence}")
        budget -= len(sentence) + 3
    left = len(chart.key_figures) - len(figures)
    if figures:
        figures.insert(0, "Key figures:")
    if left:
        figures.append(f"- and {left} more.")
    return "\n".join(line for line in [*head, *figures, *tail, more] if line)


def appendix_tables(charts: Sequence[Chart]) -> list[pd.DataFrame]:
    """The distinct tables behind the charts (charts of one view share one), rows that differ
    only by skin type merged, in the APPENDIX_COLUMNS they have."""
    tables: list[pd.DataFrame] = []
    for chart in charts:
        if chart.table is None or chart.table.empty:
            continue
        table = chart.table[[c for c in APPENDIX_COLUMNS if c in chart.table.columns]]
        if "Skin type" in table.columns:
            table = collapse_skin_types(table)
        if not any(table.equals(seen) for seen in tables):
            tables.append(table)
    return tables


def cited_source_ids(charts: Sequence[Chart]) -> list[str]:
    """Source ids the charts cite, first seen first."""
    return list(dict.fromkeys(i for chart in charts for i in chart.sources))


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


def _table_slide(deck, title: str, table: pd.DataFrame, footer: str) -> None:
    """One slide holding `table` as a real table (text a screen reader and a search can find)."""
    slide = _titled_slide(deck, title)
    shape = slide.shapes.add_table(
        len(table) + 1,
        len(table.columns),
        Inches(0.5),
        Inches(1.1),
        SLIDE_WIDTH - Inches(1.0),
        Inches(0.3) * (len(table) + 1),
    )
    cells = shape.table
    for col, name in enumerate(table.columns):
        cells.cell(0, col).text = str(name)
    for row, values in enumerate(table.itertuples(index=False), start=1):
        for col, value in enumerate(values):
            cells.cell(row, col).text = "–" if pd.isna(value) else str(value)
    for row in cells.rows:
        for cell in row.cells:
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(10)
    _footer(slide, footer)


def build_deck(
    charts: Sequence[Chart],
    sources: pd.DataFrame,
    title: str = "Microneedling: how likely are the side effects?",
    built_on: date | None = None,
) -> bytes:
    """PPTX bytes: a title slide, one slide per chart, the numbers behind them, the sources.

    `sources` is the sources table (source_id, citation, ...). Raises
    analysis.outputs.images.ExportUnavailable where the charts cannot be drawn (no Chromium).
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

    tables = appendix_tables(charts)
    for chart in charts:
        slide = _titled_slide(deck, chart.title)
        png = figure_image(chart, "png", "16:9", built_on)
        height = Inches(5.8)
        width = Emu(int(height * 16 / 9))
        slide.shapes.add_picture(
            io.BytesIO(png), (SLIDE_WIDTH - width) // 2, Inches(1.1), width, height
        )
        slide.notes_slide.notes_text_frame.text = speaker_notes(chart, appendix=bool(tables))
        _footer(slide, f"{source_line(chart.sources)} · {DISCLAIMER}")

    for table in tables:
        pages = range(0, len(table), TABLE_ROWS_PER_SLIDE)
        for number, start in enumerate(pages, start=1):
            heading = APPENDIX_TITLE + (f" ({number} of {len(pages)})" if len(pages) > 1 else "")
            part = table.iloc[start : start + TABLE_ROWS_PER_SLIDE]
            _table_slide(deck, heading, part, general_footer)

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
