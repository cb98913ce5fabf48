"""Every kind of file the app hands out, as a person gets it: the running app (streamlit_server),
a click on the button a person clicks, the download, and the reader a person opens it with.

Chart images: PNG (tesseract reads the side-effect names in its pixels), SVG (Chromium draws
it: every text inside, none overlapping), PDF (poppler's word boxes). The slide deck: LibreOffice
prints it; OCR reads each chart slide. The summary and the handout: poppler reads the PDFs, an
HTML parser the web pages. The CSV: LibreOffice Calc opens a hostile upload's table.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

from analysis.data.dataset import DATA_DIR
from analysis.outputs.deck import NOTES_LIMIT
from tests.readers import (
    ocr,
    overlapping,
    pdf_page_png,
    pdf_pages,
    soffice_convert,
    svg_page,
    xlsx_sheet,
)

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_MS = 120_000  # a first image may wait for the export browser to start
SIDE_EFFECTS = pd.read_csv(DATA_DIR / "side_effect_catalog.csv")
LABELS = list(SIDE_EFFECTS["label"])


def chart_header(page: Page, text: str):
    """A chart's title or subtitle as drawn on the page (the frame writes them as annotations)."""
    return page.locator(".js-plotly-plot .annotation-text", has_text=text)


def open_explorer(page: Page, base_url: str, query: str = "skin=II,V") -> None:
    page.goto(f"{base_url}/explorer?{query}")
    expect(chart_header(page, "How likely is each side effect?").first).to_be_visible()


def settled(page: Page) -> None:
    """Wait until the rerun a widget change started has finished (no stale element left), so
    the next click reaches the button as the new choice made it."""
    page.wait_for_timeout(300)
    expect(page.locator('[data-stale="true"]')).to_have_count(0)


def download(page: Page, button: str, tmp_path: Path) -> Path:
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        page.get_by_role("button", name=button).click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def export_chart(page: Page, index: int, image_format: str, size: str, tmp_path: Path) -> Path:
    """Open the `index`th chart's export popover, pick format and size, download the image."""
    page.get_by_role("button", name=re.compile("Download or add to slides")).nth(index).click()
    popover = page.locator('[data-testid="stPopoverBody"]')
    popover.get_by_text(
        {"png": "PNG (for slides)", "svg": "SVG (to edit)", "pdf": "PDF (to print)"}[image_format]
    ).click()
    settled(page)
    popover.locator('[data-testid="stSelectbox"]').click()
    page.locator('[role="option"]', has_text=size).click()
    expect(popover.get_by_role("combobox", name="Size")).to_have_value(re.compile(re.escape(size)))
    settled(page)
    path = download(page, f"Download {image_format.upper()}", tmp_path)
    page.keyboard.press("Escape")
    return path


def test_chart_images_downloaded_from_the_explorer_are_whole(
    app_page: Page, streamlit_server: str, chromium_browser: Browser, tmp_path: Path
):
    page = app_page
    open_explorer(page, streamlit_server)

    png = export_chart(page, 0, "png", "16:9", tmp_path)
    assert png.name == "microneedling-likelihood-16x9.png"
    seen = ocr(png)
    assert "How likely is each side effect" in seen and "Traditional and radiofrequency" in seen
    assert sum(label in seen for label in LABELS) >= 0.7 * len(LABELS), seen

    svg = export_chart(page, 1, "svg", "Square", tmp_path)
    drawn = svg_page(chromium_browser, svg.read_bytes())
    assert (drawn.width, drawn.height) == (1080, 1080)
    assert not drawn.outside() and not overlapping(drawn.words)
    assert "How long does each side effect last?" in drawn.text()

    pdf = export_chart(page, 2, "pdf", "4:3", tmp_path)
    (sheet,) = pdf_pages(pdf)
    assert sheet.width / sheet.height == pytest.approx(4 / 3, rel=0.01)
    assert not sheet.outside() and not overlapping(sheet.words)
    text = " ".join(sheet.text().split())
    assert "Likelihood by skin type" in text and "Educational use, not medical advice" in text
    assert all(label in text for label in LABELS)


def test_a_deck_of_explorer_charts_opens_in_libreoffice_with_readable_slides(
    app_page: Page, streamlit_server: str, tmp_path: Path
):
    page = app_page
    open_explorer(page, streamlit_server)
    for index in (0, 2):  # likelihood and the skin-type grid
        page.get_by_role("button", name=re.compile("Download or add to slides")).nth(index).click()
        page.get_by_role("button", name="Add to slide deck").click()
        expect(page.get_by_text("Added to the slide deck").first).to_be_visible()
        page.keyboard.press("Escape")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Slide deck").click()
    expect(page.get_by_text("2. Likelihood by skin type")).to_be_visible()

    deck = download(page, re.compile("Download the deck"), tmp_path)
    slides = list(Presentation(io.BytesIO(deck.read_bytes())).slides)
    for slide in slides[1:3]:
        notes = slide.notes_slide.notes_text_frame.text
        assert 0 < len(notes) <= NOTES_LIMIT and "Key figures:" in notes

    pdf = soffice_convert(deck, "pdf", tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) == len(slides)
    for number in (2, 3):  # the chart slides, as LibreOffice draws them, read by OCR
        seen = ocr(pdf_page_png(pdf, number))
        assert sum(label in seen for label in LABELS) >= 0.6 * len(LABELS), (number, seen)


class _Document(HTMLParser):
    """Headings, landmarks and table rows of an HTML document."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[tuple[str, str]] = []
        self.cells: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3", "td"):
            self._open, self._text = tag, ""

    def handle_data(self, data):
        if self._open:
            self._text += data

    def handle_endtag(self, tag):
        if tag != self._open:
            return
        if tag == "td":
            self.cells.append(self._text.strip())
        else:
            self.headings.append((tag, self._text.strip()))
        self._open = None


def test_my_summary_downloads_as_a_paginated_pdf_and_a_web_page(
    app_page: Page, streamlit_server: str, tmp_path: Path
):
    page = app_page
    page.goto(f"{streamlit_server}/my_skin?skin=V&procedure=traditional,radiofrequency")
    expect(page.get_by_role("heading", name="What to know for your skin")).to_be_visible()

    html = download(page, "Download my summary as a web page (HTML)", tmp_path)
    document = _Document()
    document.feed(html.read_text(encoding="utf-8"))
    assert "main" in document.tags and "script" not in document.tags
    assert [level for level, _ in document.headings][:2] == ["h1", "h2"]
    for label in LABELS:  # every side effect of both procedures has its row
        assert any(cell.startswith(label) for cell in document.cells), label

    page.get_by_role("button", name="Prepare my summary").click()
    pdf = download(page, "Download my summary (PDF)", tmp_path)
    pages = pdf_pages(pdf)
    assert len(pages) >= 2  # 34 side effects: more than one A4 page, none cut
    text = " ".join(" ".join(p.text() for p in pages).split())
    for label in LABELS:
        assert " ".join(label.split()[:3]) in text, label
    assert "Skin type V (Brown skin, rarely or never burns)" in text
    assert "Educational use, not medical advice" in text
    assert re.search(r"\bR18\b", text) and re.search(r"\bG17\b", text)
    for sheet in pages:
        assert not sheet.outside() and not overlapping(sheet.words)


def test_the_guide_handout_downloads_as_an_offline_page_and_a_printable_pdf(
    app_page: Page, streamlit_server: str, tmp_path: Path
):
    page = app_page
    page.goto(f"{streamlit_server}/")
    expect(page.get_by_role("heading", name="Take the guide with you")).to_be_visible()

    html = download(page, "Download the offline handout (HTML)", tmp_path)
    document = _Document()
    document.feed(html.read_text(encoding="utf-8"))
    assert document.tags.count("main") == 1
    assert sum(level == "h2" for level, _ in document.headings) >= 6

    page.get_by_role("button", name="Prepare the printable PDF").click()
    pdf = download(page, "Download the printable guide (PDF)", tmp_path)
    text = " ".join(" ".join(p.text() for p in pdf_pages(pdf)).split())
    for _, heading in document.headings:
        if heading:
            assert heading in text, heading
    assert "What to expect after treatment" in text  # a chart's title, as text
    assert "Educational use, not medical advice" in text


# No comma or quote in most of them: those alone make a CSV writer quote a cell, and the test
# is whether a line break alone does.
HOSTILE_NOTES = [
    "ok\r=SUM(1;2) every skin type derived",
    "ok\n=1+1 every skin type derived",
    "ok\r\n@SUM(3) every skin type derived",
    "\t=2+2 every skin type derived",
    "=3+3 every skin type derived",
    "+4+4 every skin type derived",
    "-5+5 every skin type derived",
    '=HYPERLINK("https://example.invalid","click") every skin type derived',
]


def hostile_upload() -> bytes:
    """The bundled redness rows (12, both procedures), their notes and 'measured in' cells
    hiding formulas behind line breaks, tabs and leading = + - @."""
    frame = pd.read_csv(DATA_DIR / "side_effects.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["side_effect"] == "redness"].reset_index(drop=True)
    frame["note"] = [HOSTILE_NOTES[i % len(HOSTILE_NOTES)] for i in range(len(frame))]
    frame["measured_in"] = [HOSTILE_NOTES[(i + 3) % len(HOSTILE_NOTES)] for i in range(len(frame))]
    return frame.to_csv(index=False, quoting=csv.QUOTE_ALL).encode()  # a well-formed file


def test_a_hostile_tables_csv_opens_in_calc_with_no_formula_and_every_row(
    app_page: Page, streamlit_server: str, tmp_path: Path
):
    page = app_page
    page.goto(f"{streamlit_server}/data_sources")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "hostile.csv", "mimeType": "text/csv", "buffer": hostile_upload()}]
    )
    expect(page.get_by_text("Your file: hostile.csv (12 rows)")).to_be_visible()

    csv = download(page, "Download the whole table (CSV)", tmp_path)
    sheet, strings = xlsx_sheet(soffice_convert(csv, "xlsx", tmp_path))
    assert "<f>" not in sheet and "<f " not in sheet  # no cell is a live formula
    assert len(re.findall(r"<row ", sheet)) == 1 + 12  # the header and the 12 rows, none split
    assert "HYPERLINK" in strings and "SUM(1;2)" in strings  # the text is kept, as text
