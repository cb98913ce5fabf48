"""The slide deck as a presenter uses it in a real browser: charts added on the Compare page
stay through a reload of that page, the deck opens from there, then a reload and another
browser show the same deck, and the PowerPoint file built after the reload holds those charts."""

import io
import re

import pytest
from playwright.sync_api import Browser, Page, expect
from pptx import Presentation

pytestmark = pytest.mark.browser

DOWNLOAD_TIMEOUT_MS = 180_000  # three charts drawn at slide size; the first starts the browser
DECK = "compare-icons~compare-likelihood~compare-duration"
DECK_URL = re.compile(r"/slides\?deck=" + DECK.replace("~", "(~|%7E)") + "$")
DECK_IN_ANY_LINK = re.compile(r"[?&]deck=" + DECK.replace("~", "(~|%7E)") + "(&|$)")
TITLES = [
    "1. Darkening of the skin: how many in 100 people?",
    "2. How likely is each side effect? Two groups compared",
    "3. How long does each side effect last? Two groups compared",
]


def listed_charts(page: Page):
    return page.locator(
        '[data-testid="stMarkdownContainer"] p strong', has_text=re.compile(r"^\d+\. ")
    )


def expect_the_deck(page: Page) -> None:
    expect(page.get_by_role("heading", name="Slide deck", exact=True)).to_be_visible()
    expect(listed_charts(page)).to_have_text(TITLES)
    expect(page).to_have_url(DECK_URL)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_the_deck_survives_reloads_and_opens_in_another_browser(
    app_page: Page, streamlit_server: str, chromium_browser: Browser
):
    page = app_page
    page.goto(f"{streamlit_server}/compare")
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    for index in range(3):
        page.get_by_role("button", name=re.compile("Download or add to slides")).nth(index).click()
        page.get_by_role("button", name="Add to slide deck").click()
        expect(page.get_by_text(f"Added to the slide deck ({index + 1} chart")).to_be_visible()
        page.keyboard.press("Escape")
    expect(page).to_have_url(DECK_IN_ANY_LINK)

    page.reload()  # on the Compare page: the deck is in its link too
    expect(page.locator(".js-plotly-plot")).to_have_count(3)
    page.get_by_role("button", name=re.compile("Download or add to slides")).first.click()
    page.get_by_role("link", name="Open the slide deck").click()
    expect_the_deck(page)

    page.reload()
    expect_the_deck(page)

    elsewhere = chromium_browser.new_context().new_page()
    try:
        elsewhere.goto(page.url)
        expect_the_deck(elsewhere)
    finally:
        elsewhere.context.close()

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as download:
        page.get_by_role("button", name=re.compile("Download the deck")).click()
    deck = Presentation(io.BytesIO(download.value.path().read_bytes()))
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    assert titles[1:4] == [title.split(". ", 1)[1] for title in TITLES]
