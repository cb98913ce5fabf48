"""My skin in a real browser: a shared link opened first on a fresh server, the form, the summary."""

import re

import pytest
from playwright.sync_api import Page, expect

from bench._server import start_streamlit
from tests.readers import pdf_pages

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def fresh_server():
    """A server nobody has visited yet: the first visit goes straight to /my_skin."""
    server = start_streamlit("app.py")
    try:
        yield server.base_url
    finally:
        server.stop()


def test_type_v_with_active_acne_gets_cautions_and_a_summary_to_take_away(
    app_page: Page, fresh_server: str, tmp_path
):
    page = app_page
    page.goto(f"{fresh_server}/my_skin?procedure=traditional")
    # Routed through app.py even on a fresh server: disclaimer and app navigation are there.
    expect(page.get_by_text("Educational, not medical advice.")).to_be_visible()
    expect(page.get_by_role("link", name="Explore side effects")).to_be_visible()

    page.locator("[data-testid=stRadio]").get_by_text("Type V", exact=True).click()
    page.get_by_text("Active acne", exact=True).click()
    expect(
        page.get_by_text("Active acne may increase the risk of adverse reactions")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"skin=V&.*situation=active_acne"))
    expect(page.get_by_text("Not recommended for you right now")).to_have_count(0)

    page.get_by_role("button", name="Prepare my summary").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my summary (PDF)").click()
    pdf = tmp_path / "summary.pdf"
    download_info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    # The words in reading order, as one line: a table cell may wrap its text.
    text = " ".join(" ".join(page.text() for page in pdf_pages(pdf)).split())
    assert "Skin type V (Brown skin, rarely or never burns)" in text
    assert "Active acne" in text
    # The label and the figure's cell may each wrap, so other cells' words can fall between
    # their parts: a few words at most.
    assert re.search(
        r"Darkening of the skin \(post-inflammatory( \S+){1,8}? Traditional about 0 to( \S+){0,12}? 17 in 100",
        text,
    ), text[:600]
    assert "Educational use, not medical advice" in text
