"""Every chart kind, at every slide preset and in every format, read back by a real reader:
every label and title inside the page, no two texts on top of each other.

PDF: poppler's word boxes. SVG: the boxes Chromium draws its texts in. PNG: its size, and
tesseract finds the side-effect names in its pixels. Marked `browser`: kaleido draws in Chromium.
"""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Browser

from analysis.data.dataset import load_dataset
from analysis.outputs.images import (
    SLIDE_PRESETS,
    figure_image,
    start_export_browser,
    stop_export_browser,
)
from tests.gallery import every_chart
from tests.readers import ocr, overlapping, pdf_pages, svg_page

pytestmark = pytest.mark.browser

DATASET = load_dataset()
CHARTS = every_chart(DATASET)
KINDS = list(CHARTS)
EXPORTED_ON = date(2026, 12, 1)


@pytest.fixture(scope="module", autouse=True)
def export_browser():
    start_export_browser()
    yield
    stop_export_browser()


def _words_of(text: str) -> list[str]:
    return [w for w in text.replace("<b>", " ").replace("</b>", " ").split() if w]


def _assert_whole(page, chart, where: str) -> None:
    """Nothing outside the page, nothing overlapping, every label and the title there."""
    assert not page.outside(), f"{where}: cut off: {page.outside()[:5]}"
    pairs = overlapping(page.words)
    assert not pairs, f"{where}: overlapping texts: {pairs[:5]}"
    text = " ".join(page.text().split())
    for label in (chart.title, *chart.row_labels, "Educational use, not medical advice"):
        assert " ".join(_words_of(label)) in text, f"{where}: {label!r} missing"


@pytest.mark.parametrize("preset", list(SLIDE_PRESETS))
@pytest.mark.parametrize("kind", KINDS)
def test_pdf_words_are_inside_the_page_and_never_overlap(kind, preset, tmp_path):
    chart = CHARTS[kind]
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(figure_image(chart, "pdf", preset, EXPORTED_ON))
    (page,) = pdf_pages(pdf)
    size = SLIDE_PRESETS[preset]
    assert page.width / page.height == pytest.approx(size.width / size.height, rel=0.01)
    _assert_whole(page, chart, f"{kind} {preset} PDF")
    assert f"Exported {EXPORTED_ON.isoformat()}" in page.text()


@pytest.mark.parametrize("preset", list(SLIDE_PRESETS))
@pytest.mark.parametrize("kind", KINDS)
def test_svg_texts_are_inside_the_image_and_never_overlap(kind, preset, chromium_browser: Browser):
    chart = CHARTS[kind]
    page = svg_page(chromium_browser, figure_image(chart, "svg", preset, EXPORTED_ON))
    size = SLIDE_PRESETS[preset]
    assert (page.width, page.height) == (size.width, size.height)
    _assert_whole(page, chart, f"{kind} {preset} SVG")


# One preset per kind keeps the OCR (a few seconds an image) to one image per kind.
@pytest.mark.parametrize(
    "kind, preset", [(k, list(SLIDE_PRESETS)[i % 3]) for i, k in enumerate(KINDS)]
)
def test_png_pixels_show_the_title_and_the_side_effect_names(kind, preset, tmp_path):
    from tests.test_export import png_size

    chart = CHARTS[kind]
    png = tmp_path / "chart.png"
    png.write_bytes(figure_image(chart, "png", preset, EXPORTED_ON))
    size = SLIDE_PRESETS[preset]
    assert png_size(png.read_bytes()) == (size.width * 2, size.height * 2)
    seen = ocr(png)
    assert chart.title.split("?")[0].split(":")[0] in seen
    labels = [label for label in chart.row_labels if len(label) > 6]
    found = [label for label in labels if label in seen]
    # Hatching beside a label can garble a word or two; a cut-off axis loses nearly all.
    assert len(found) >= 0.7 * len(labels), f"{kind} {preset}: OCR found only {found}"
