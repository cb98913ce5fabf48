"""The take-away summary: an HTML document printed to PDF, read back with poppler. Every side
effect, every source id and the disclaimer are there as text; rows are never cut."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from analysis.data.dataset import load_dataset
from analysis.outputs.summary import summary_html, summary_pdf
from analysis.views.risk import Profile, personal_profile
from tests.readers import overlapping, pdf_pages

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def _summary(dataset, *profile):
    profile = Profile(*profile)
    result = personal_profile(dataset, profile)
    return profile, result


class _Cells(HTMLParser):
    """The text of every <td> of a document, row by row."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = ""

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data

    def handle_endtag(self, tag):
        if tag == "td":
            self.rows[-1].append(self._cell)
            self._cell = None


def test_html_has_date_inputs_cautions_every_row_and_sources(dataset):
    profile, result = _summary(dataset, "V", ("traditional",), ("active_acne",))
    page = summary_html(dataset, profile, result, TODAY)
    assert "<main>" in page and "<script" not in page
    assert "24 November 2026" in page
    assert "Skin type V (Brown skin, rarely or never burns)" in page
    assert "Take care: Active acne" in page
    cells = _Cells()
    cells.feed(page)
    body = [row for row in cells.rows if row]
    assert [row[0] for row in body] == list(result.side_effects["label"])
    assert any("about 0 to 17 in 100 people" in row for row in body)


def test_a_stop_sign_opens_the_summary(dataset):
    profile, result = _summary(dataset, "II", ("traditional",), ("active_infection",))
    page = summary_html(dataset, profile, result, TODAY)
    assert "Not recommended right now: Active skin infection or cold sore." in page
    assert page.index("Not recommended right now") < page.index("<table>")


def test_uploaded_text_stays_text(dataset):
    profile, result = _summary(dataset, "II", ("traditional",), ())
    result.side_effects.loc[0, "label"] = "<script>alert(1)</script>"
    page = summary_html(dataset, profile, result, TODAY)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.browser
def test_the_printed_pdf_holds_every_side_effect_source_and_the_disclaimer(dataset, tmp_path):
    # Both procedures: 34 side effects, more than one A4 page holds.
    profile, result = _summary(dataset, "V", ("traditional", "radiofrequency"), ("active_acne",))
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(dataset, profile, result, TODAY))
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    text = " ".join(page.text() for page in pages)
    flat = " ".join(text.split())
    for label in result.side_effects["label"]:
        # A long label may wrap inside its cell: look for its first three words.
        assert " ".join(label.split()[:3]) in flat, label
    ids = {s for cell in result.side_effects["source_ids"] for s in cell.split(";")}
    found = set(re.findall(r"\b(?:R|G|A)\d+\b|\bART\b", flat))
    assert ids <= found
    assert "Educational use, not medical advice" in flat
    for page in pages:
        assert page.width == pytest.approx(595, abs=1)  # A4 portrait
        assert not page.outside(), page.outside()[:3]
        assert not overlapping(page.words), overlapping(page.words)[:3]


def test_the_summary_marks_derived_durations_and_gives_durations_in_words(dataset):
    profile, result = _summary(dataset, "V", ("traditional", "radiofrequency"), ())
    page = summary_html(dataset, profile, result, TODAY)
    cells = _Cells()
    cells.feed(page)
    by_row = {(row[0], row[1]): row for row in cells.rows if row}
    pih = "Darkening of the skin (post-inflammatory hyperpigmentation, PIH)"
    assert "4 weeks – 2 months (derived)" in by_row[(pih, "Radiofrequency")]
    bruising = "Bruising (ecchymosis, haematoma)"
    assert "usually resolves within a few days (article)" in by_row[(bruising, "Traditional")]
    assert "A duration marked '(derived)' was worked out" in page
