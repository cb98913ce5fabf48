"""The offline handout: one self-contained HTML file and a printable PDF of the same guide."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from analysis.dataset import load_dataset
from analysis.guide import guide_sections, sources_cited
from analysis.handout import handout_html, handout_pdf

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def guide():
    dataset = load_dataset()
    sections = guide_sections(dataset)
    sources = [(s.source_id, s.citation) for s in sources_cited(sections, dataset).itertuples()]
    return sections, sources


def test_html_is_self_contained_with_every_section_and_chart(guide):
    sections, sources = guide
    page = handout_html(sections, sources, TODAY)
    assert "<script src=" not in page  # nothing to fetch: plotly.js is inlined
    assert page.count("Plotly.newPlot") == sum(s.figure is not None for s in sections)
    for section in sections:
        assert f"<h2>{section.title}</h2>" in page
    assert "Educational use, not medical advice" in page and "24 November 2026" in page
    assert "<strong>R29</strong>" in page


def test_html_escapes_text_but_keeps_bold(guide):
    sections, _ = guide
    page = handout_html(sections, [("X1", "<script>alert(1)</script>")], TODAY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>Temporary redness, swelling and bruising</strong>" in page


def test_pdf_has_a_page_per_text_and_chart(guide):
    sections, sources = guide
    reader = PdfReader(io.BytesIO(handout_pdf(sections, sources, TODAY)))
    charts = sum(s.figure is not None for s in sections)
    assert len(reader.pages) == 1 + len(sections) + charts + 1
    text = " ".join(page.extract_text() for page in reader.pages)
    assert re.search(r"Rarer\s+complications", text)
    assert "Educational use, not medical advice" in text
