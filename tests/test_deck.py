"""The slide deck: read back with python-pptx, and opened by LibreOffice as a presenter's program
would; the chart slides' pixels read by OCR. Building a deck draws its charts in Chromium, hence
the `browser` marks."""

import io
import struct

import pytest
from pptx import Presentation

from analysis.charts.evidence_map import evidence_map_chart
from analysis.charts.frame import DISCLAIMER
from analysis.data.dataset import load_dataset
from analysis.outputs.deck import (
    APPENDIX_TITLE,
    NOTES_LIMIT,
    appendix_tables,
    build_deck,
    cited_source_ids,
    speaker_notes,
)
from analysis.outputs.images import start_export_browser, stop_export_browser
from analysis.views.comparison import Comparison
from analysis.views.filters import FilterState
from analysis.views.specs import compare_charts, explorer_charts
from tests.readers import ocr, pdf_page_png, pdf_pages, soffice_convert


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def charts(dataset):
    """The Compare page's three charts for type II vs type V, and the Explorer's grid for every
    row (as the pages make them: each with the table behind it)."""
    return [
        *compare_charts(dataset, Comparison()).values(),
        explorer_charts(dataset, FilterState())["grid"],
    ]


@pytest.fixture(scope="module")
def deck_bytes(charts, dataset):
    start_export_browser()
    try:
        yield build_deck(charts, dataset.sources, title="Skin type and microneedling")
    finally:
        stop_export_browser()


def slide_texts(slide) -> str:
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for shape in slide.shapes:
        if shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(texts)


def test_speaker_notes_say_what_a_presenter_would_say_and_stay_short(charts):
    for chart in charts:
        notes = speaker_notes(chart)
        assert len(notes) <= NOTES_LIMIT, (chart.title, len(notes))
        assert notes.startswith(chart.title)
        assert f"Showing: {chart.subtitle}." in notes
        assert "Source: " in notes and DISCLAIMER in notes
    icon_notes = speaker_notes(charts[0])
    assert "Type V skin: About 0 to 17 in 100 people with type V skin" in icon_notes
    grid_notes = speaker_notes(charts[3])
    # Figures shared by every skin type are said once, not six times.
    assert "Redness, radiofrequency: 100%" in grid_notes
    assert "Darkening of the skin, traditional: types I-III 0% (none seen); types IV-VI 0–17%" in (
        grid_notes
    )
    assert f"see '{APPENDIX_TITLE}'" in grid_notes


def test_the_appendix_holds_each_table_once_with_skin_types_merged(charts, dataset):
    tables = appendix_tables(charts)
    assert len(tables) == 3  # the two Compare charts share one table
    grid_table = tables[-1]
    assert len(grid_table) < len(dataset.side_effects) / 3
    redness = grid_table[grid_table["Side effect"].str.startswith("Redness")]
    assert redness["Skin type"].iloc[0] == "Types I-VI"  # traditional: one figure for all


def test_cited_source_ids_are_the_charts_own_sources(charts):
    ids = cited_source_ids(charts[:1])
    assert ids == list(charts[0].sources)
    assert {"R18", "G17"} <= set(ids)


@pytest.mark.browser
def test_the_deck_has_a_title_slide_a_slide_per_chart_an_appendix_then_sources(deck_bytes, charts):
    deck = Presentation(io.BytesIO(deck_bytes))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Skin type and microneedling"
    assert titles[1 : 1 + len(charts)] == [chart.title for chart in charts]
    rest = titles[1 + len(charts) :]
    appendix = [t for t in rest if t.startswith(APPENDIX_TITLE)]
    assert appendix and rest[: len(appendix)] == appendix
    assert rest[len(appendix) :] and all(t.startswith("Sources") for t in rest[len(appendix) :])
    assert deck.slide_width * 9 == deck.slide_height * 16


@pytest.mark.browser
def test_each_chart_slide_has_a_2x_png_and_short_notes(deck_bytes, charts):
    deck = Presentation(io.BytesIO(deck_bytes))
    for slide, chart in zip(list(deck.slides)[1:], charts):
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert picture.image.content_type == "image/png"
        assert struct.unpack(">II", picture.image.blob[16:24]) == (3840, 2160)
        notes = slide.notes_slide.notes_text_frame.text
        assert notes == speaker_notes(chart) and len(notes) <= NOTES_LIMIT


@pytest.mark.browser
def test_every_slide_carries_the_source_line_and_the_disclaimer(deck_bytes):
    for slide in Presentation(io.BytesIO(deck_bytes)).slides:
        text = slide_texts(slide)
        assert "Source" in text and DISCLAIMER in text, text


@pytest.mark.browser
def test_the_sources_slides_give_the_full_citations(deck_bytes, dataset):
    deck = Presentation(io.BytesIO(deck_bytes))
    sources_text = "\n".join(
        slide_texts(s) for s in deck.slides if s.shapes.title.text.startswith("Sources")
    )
    r18 = dataset.sources.set_index("source_id").loc["R18", "citation"]
    assert f"R18  {r18}" in sources_text


@pytest.mark.browser
def test_libreoffice_opens_the_deck_and_each_chart_slide_shows_its_labels(
    deck_bytes, charts, tmp_path
):
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(deck_bytes)
    pdf = soffice_convert(deck, "pdf", tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) == len(Presentation(io.BytesIO(deck_bytes)).slides)
    # The appendix is real text in the printed deck.
    assert any("Types I-VI" in page.text() for page in pages)
    # Each chart slide as a picture, read by OCR: its side-effect names are there, not cut off.
    for number, chart in enumerate(charts, start=2):
        seen = ocr(pdf_page_png(pdf, number))
        labels = [label for label in chart.row_labels if len(label) > 6]
        found = [label for label in labels if label in seen]
        assert len(found) >= 0.6 * len(labels), (chart.title, found)


def test_the_evidence_map_brings_its_teaching_point_to_the_notes_and_its_basis_to_the_appendix(
    dataset,
):
    chart = evidence_map_chart(dataset.side_effects, dataset.catalog)
    notes = speaker_notes(chart)
    assert "Type VI: 3 of 30 measured in this skin type" in notes
    assert "Radiofrequency microneedling: none of its figures was measured" in notes
    assert len(notes) <= NOTES_LIMIT
    (table,) = appendix_tables([chart])
    assert "Basis of the figure" in table.columns
    # Rows differing only by skin type merge: RF darkening reads by its basis per skin type.
    rf_pih = table[
        (table["Side effect"] == "Darkening of the skin")
        & (table["Procedure"] == "Radiofrequency microneedling")
    ]
    basis = dict(zip(rf_pih["Skin type"], rf_pih["Basis of the figure"]))
    assert basis.pop("Types III-V") == "Derived from something else"
    assert set(basis.values()) == {"Carried over from other skin types"}
