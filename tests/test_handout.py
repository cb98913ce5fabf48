"""The offline handout: one self-contained HTML file, and a printable PDF of the same guide read
back with poppler."""

import datetime as dt

import pytest

from analysis.data.dataset import load_dataset
from analysis.outputs.handout import handout_html, handout_pdf
from analysis.views.guide import guide_sections, sources_cited
from tests.readers import overlapping, pdf_pages

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
    assert page.count("Plotly.newPlot") == sum(len(s.charts) for s in sections)
    assert page.count("<main>") == 1
    for section in sections:
        assert f"<h2 id='{section.key}-title'>{section.title}</h2>" in page
    assert "Educational use, not medical advice" in page and "24 November 2026" in page
    assert "<strong>R29</strong>" in page
    # The evidence map follows the risk section's takeaway, as on the Guide page.
    risk = page[page.index("id='risk'") : page.index("id='lower'")]
    assert risk.index("Takeaway:") < risk.index("Where each figure comes from, by skin type")


def test_html_escapes_text_but_keeps_bold(guide):
    sections, _ = guide
    page = handout_html(sections, [("X1", "<script>alert(1)</script>")], TODAY)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<strong>Temporary redness, swelling and bruising</strong>" in page


@pytest.mark.browser
def test_pdf_holds_every_section_its_chart_labels_and_the_sources(guide, tmp_path):
    sections, sources = guide
    pdf = tmp_path / "guide.pdf"
    pdf.write_bytes(handout_pdf(sections, sources, TODAY))
    pages = pdf_pages(pdf)
    assert len(pages) >= len(sections) + 1  # each section starts a page; the sources follow
    text = " ".join(" ".join(page.text() for page in pages).split())
    for section in sections:
        assert section.title in text
        for chart in section.charts:  # the charts are vector images: their labels are text
            assert chart.title in text
            for label in chart.row_labels:
                assert label in text, (section.key, label)
    assert "Educational use, not medical advice" in text
    assert all(source_id in text for source_id, _ in sources)
    for page in pages:
        assert not page.outside(), page.outside()[:3]
        assert not overlapping(page.words), overlapping(page.words)[:3]
