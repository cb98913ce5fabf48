"""The take-away summary: today's date, the inputs, warnings, figures and sources on one page."""

import datetime as dt
import re
import struct

import pytest

from analysis.dataset import load_dataset
from analysis.risk import Profile, personal_profile
from analysis.summary import PAGE_HEIGHT, PAGE_WIDTH, summary_bytes, summary_figure


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def acne_type_v(dataset):
    profile = Profile("V", ("traditional",), ("active_acne",))
    result = personal_profile(dataset, profile)
    return profile, result, summary_figure(dataset, profile, result, dt.date(2026, 11, 24))


def test_header_has_date_inputs_and_cautions(acne_type_v):
    _, _, fig = acne_type_v
    header = fig.layout.annotations[0].text
    assert "24 November 2026" in header
    assert "Skin type V (Brown skin, rarely or never burns)" in header
    assert "Traditional microneedling" in header and "Active acne" in header
    assert "Caution - Active acne" in header


def test_tables_carry_every_side_effect_and_its_sources(dataset, acne_type_v):
    _, result, fig = acne_type_v
    effects, sources = fig.data
    assert list(effects.cells.values[0]) == list(result.side_effects["label"])
    assert "about 0 to 17 in 100 people" in effects.cells.values[2]
    cited = set(sources.cells.values[0])
    assert {"R18", "G17"} <= cited
    assert cited <= set(dataset.sources["source_id"])


def test_stop_sign_is_in_the_header(dataset):
    profile = Profile("II", ("traditional",), ("active_infection",))
    fig = summary_figure(dataset, profile, personal_profile(dataset, profile))
    assert "<b>STOP</b> - Active skin infection or cold sore" in fig.layout.annotations[0].text


def test_page_grows_instead_of_cutting_rows(dataset):
    profile = Profile("V", ("traditional", "radiofrequency"), ("active_acne",))
    fig = summary_figure(dataset, profile, personal_profile(dataset, profile))
    assert fig.layout.width == PAGE_WIDTH and fig.layout.height > PAGE_HEIGHT


def test_pdf_is_one_page_and_png_has_the_page_size(acne_type_v):
    _, _, fig = acne_type_v
    pdf = summary_bytes(fig, "pdf")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    png = summary_bytes(fig, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (PAGE_WIDTH, fig.layout.height)
