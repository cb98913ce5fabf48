"""The slide deck: read back with python-pptx, and opened by LibreOffice as a real presentation
program would. Building a deck draws its charts in Chromium, hence the `browser` marks."""

import io
import shutil
import struct
import subprocess

import pytest
from pptx import Presentation

from analysis.charts import DISCLAIMER, heatmap_chart
from analysis.comparison import (
    Comparison,
    comparison_table,
    duration_comparison_chart,
    icon_array_comparison,
    likelihood_comparison_chart,
    profile_rows,
)
from analysis.dataset import load_dataset
from analysis.deck import DeckChart, build_deck, cited_source_ids, speaker_notes
from analysis.export import start_export_browser, stop_export_browser
from analysis.filters import FilterState, apply_filters, describe
from analysis.tables import readable_table
from tests.test_export import pdf_pages


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def charts(dataset):
    """The Compare page's three charts for type II vs type V, and the Explorer's heatmap."""
    comparison = Comparison()
    rows_a = profile_rows(dataset.side_effects, comparison.a)
    rows_b = profile_rows(dataset.side_effects, comparison.b)
    table = comparison_table(comparison, rows_a, rows_b, dataset.catalog)
    state = FilterState(procedures=("radiofrequency",), skin_types=("IV",))
    rows = apply_filters(dataset.side_effects, state)
    return [
        DeckChart(
            icon_array_comparison(
                comparison, rows_a, rows_b, dataset.catalog, dataset.modifiers, dataset.factors
            ),
            comparison_table(comparison, rows_a, rows_b, dataset.catalog, ["pih"]),
        ),
        DeckChart(
            likelihood_comparison_chart(
                comparison, rows_a, rows_b, dataset.catalog, comparison.describe()
            ),
            table,
        ),
        DeckChart(
            duration_comparison_chart(
                comparison, rows_a, rows_b, dataset.catalog, comparison.describe()
            ),
            table,
        ),
        DeckChart(
            heatmap_chart(rows, dataset.catalog, describe(state)),
            readable_table(rows, dataset.catalog),
        ),
    ]


@pytest.fixture(scope="module")
def deck_bytes(charts, dataset):
    start_export_browser()
    try:
        yield build_deck(charts, dataset.sources, title="Skin type and microneedling")
    finally:
        stop_export_browser()


def slide_texts(slide) -> str:
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_speaker_notes_hold_the_numbers_behind_the_chart(charts):
    notes = speaker_notes(charts[0])
    assert notes.startswith("Darkening of the skin: how many in 100 people?\n")
    assert "Group: Type V skin; How often: 0–17%; In 100 people: about 0 to 17 in 100" in notes
    assert "Likelihood high (%): 16.7" in notes
    assert notes.splitlines()[-1].endswith(DISCLAIMER)


def test_cited_source_ids_come_from_the_tables_behind_the_charts(charts):
    ids = cited_source_ids(charts[:1])
    assert {"R18", "R12", "G17"} <= set(ids)
    assert len(ids) == len(set(ids))


@pytest.mark.browser
def test_the_deck_has_a_title_slide_a_slide_per_chart_then_sources(deck_bytes, charts):
    deck = Presentation(io.BytesIO(deck_bytes))
    slides = list(deck.slides)
    titles = [slide.shapes.title.text for slide in slides]
    assert titles[0] == "Skin type and microneedling"
    assert titles[1 : 1 + len(charts)] == [chart.title for chart in charts]
    assert all(t.startswith("Sources") for t in titles[1 + len(charts) :])
    assert len(slides) > 1 + len(charts)
    assert deck.slide_width * 9 == deck.slide_height * 16


@pytest.mark.browser
def test_each_chart_slide_has_a_2x_png_and_the_numbers_in_its_notes(deck_bytes, charts):
    deck = Presentation(io.BytesIO(deck_bytes))
    for slide, chart in zip(list(deck.slides)[1:], charts):
        (picture,) = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert picture.image.content_type == "image/png"
        assert struct.unpack(">II", picture.image.blob[16:24]) == (3840, 2160)
        assert slide.notes_slide.notes_text_frame.text == speaker_notes(chart)
    icon_notes = list(deck.slides)[1].notes_slide.notes_text_frame.text
    assert "How often: 0–17%" in icon_notes


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
def test_libreoffice_opens_the_deck_and_prints_one_page_per_slide(deck_bytes, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail(
            "soffice not found: install it with `bash scripts/install-browser.sh --office` "
            "(or `make test`, which runs it)",
            pytrace=False,
        )
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(deck_bytes)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    slides = len(Presentation(io.BytesIO(deck_bytes)).slides)
    assert pdf_pages(tmp_path / "deck.pdf") == slides
