"""The Compare page as a teacher uses it in a real browser: both icon arrays show, a change of
group reaches the link, and the download buttons under a chart yield real files."""

import re
import struct

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_MS = 120_000  # the first image also starts the export browser


def open_compare(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.locator('[data-testid="stSidebarNav"] a', has_text="Compare").click()
    expect(
        page.locator(".annotation-text", has_text="Darkening of the skin: how many").first
    ).to_be_visible()


def test_both_icon_arrays_show_with_their_natural_frequencies(app_page: Page, streamlit_server):
    page = app_page
    open_compare(page, streamlit_server)
    icons = page.locator(".js-plotly-plot").first
    # The panels' headings; the subtitle ("... Type II vs type V skin ...") says it too.
    expect(icons.locator(".annotation-text", has_text=re.compile(r"^Type II skin"))).to_be_visible()
    expect(icons.locator(".annotation-text", has_text=re.compile(r"^Type V skin"))).to_be_visible()
    expect(
        icons.locator(".annotation-text", has_text="About 0 to 17 in 100 people")
    ).to_be_visible()
    expect(icons.locator(".shapelayer path")).to_have_count(200)  # two 10 x 10 arrays

    skin_b = page.locator('[data-testid="stSelectbox"]').filter(has_text="Group B: skin type")
    skin_b.click()
    page.locator('[role="option"]', has_text=re.compile(r"^\s*Type VI\s*$")).click()
    expect(page).to_have_url(re.compile(r"[?&]skin_b=VI(&|$)"))
    expect(icons.locator(".annotation-text", has_text=re.compile(r"^Type VI skin"))).to_be_visible()


def test_the_download_buttons_under_a_chart_yield_a_png_and_a_csv(app_page: Page, streamlit_server):
    page = app_page
    open_compare(page, streamlit_server)
    page.get_by_role("button", name=re.compile("Download or add to slides")).first.click()

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as download:
        page.get_by_role("button", name="Download PNG").click()
    assert download.value.suggested_filename == "microneedling-compare-icon-arrays-16x9.png"
    png = download.value.path().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (3840, 2160)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the data (CSV)").click()
    csv = download.value.path().read_text(encoding="utf-8")
    assert csv.startswith("Side effect,Group,How often")
    assert "Type V skin,0–17%" in csv
