"""The Data & sources page in a real browser: a bad upload's messages, a good upload's banner on
the Explorer, the way back, formulas neutralised in the page's own CSV download, and a first
visit straight to the page's link."""

import re

import pandas as pd
import pytest
from playwright.sync_api import Browser, Page, expect

from analysis.data.dataset import DATA_DIR
from bench._server import start_streamlit

pytestmark = pytest.mark.browser

FORMULA = '=HYPERLINK("https://example.invalid","click")'
# The loader's rules for the redness rows: one figure for every skin type, and durations
# derived from other skin types, each said in the note.
FORMULA_NOTE = FORMULA + " derived, the same for every skin type"


def upload(page: Page, name: str, raw: bytes) -> None:
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": raw}]
    )


def redness_with_formula_notes() -> bytes:
    frame = pd.read_csv(DATA_DIR / "side_effects.csv", dtype=str, keep_default_na=False)
    frame = frame[frame["side_effect"] == "redness"].assign(note=FORMULA_NOTE)
    return frame.to_csv(index=False).encode()


def test_bad_upload_then_good_upload_then_back_to_bundled(app_page: Page, streamlit_server: str):
    page = app_page
    page.goto(f"{streamlit_server}/data_sources")
    expect(page.get_by_role("heading", name="Use your own data")).to_be_visible()

    upload(page, "clinic.csv", b"procedure,skin_type\nlaser,VII\n")
    expect(page.get_by_text("That file was not used")).to_be_visible()
    expect(page.get_by_text("File: clinic.csv")).to_be_visible()
    # The problems table is drawn on a canvas; its text is in the grid's accessible copy.
    expect(page.get_by_text("is missing; this table needs it").first).to_be_attached()
    # No unescaped CSV from the tables' own toolbar (client.disableDataExport).
    expect(page.get_by_role("button", name="Download as CSV")).to_have_count(0)
    expect(page.get_by_text("You are looking at your own data")).to_have_count(0)

    upload(page, "clinic.csv", redness_with_formula_notes())
    expect(page.get_by_text("You are looking at your own data")).to_be_visible()
    expect(page.get_by_text("Your file: clinic.csv (12 rows)")).to_be_visible()
    expect(page.get_by_text("That file was not used")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the whole table (CSV)").click()
    downloaded = pd.read_csv(download_info.value.path(), dtype=str, keep_default_na=False)
    assert len(downloaded) == 12
    assert set(downloaded["note"]) == {"'" + FORMULA_NOTE}

    page.get_by_role("link", name=re.compile("Explore side effects")).click()
    expect(page.get_by_text("You are looking at your own data")).to_be_visible()
    expect(page.locator(".annotation-text", has_text="How likely").first).to_be_visible()

    page.get_by_role("button", name="Back to the bundled data").click()
    expect(page.get_by_text("You are looking at your own data")).to_have_count(0)
    expect(page.locator(".annotation-text", has_text="How likely").first).to_be_visible()


def test_a_first_visit_straight_to_the_page_gets_the_app_around_it(chromium_browser: Browser):
    server = start_streamlit("app.py")  # fresh: no visit to "/" has run app.py yet
    context = chromium_browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server.base_url}/data_sources")
        expect(page.get_by_role("heading", name="Data & sources")).to_be_visible()
        expect(page.get_by_text("not medical advice")).to_be_visible()
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("Explore side effects")
        expect(nav).not_to_contain_text("common")
    finally:
        context.close()
        server.stop()


def test_downloaded_sources_list_has_every_source(app_page: Page, streamlit_server: str):
    page = app_page
    page.goto(f"{streamlit_server}/data_sources")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the sources list (CSV)").click()
    sources = pd.read_csv(download_info.value.path())
    expected = pd.read_csv(DATA_DIR / "sources.csv")
    assert list(sources["Source"]) == list(expected["source_id"])


EVIDENCE_MAP_TITLE = "Where each figure comes from, by skin type"
EVIDENCE_LEGEND = [
    "Measured in this skin type",
    "From a secondary summary",
    "Derived from something else",
    "Carried over from other skin types",
    "No figure",
]


def test_the_evidence_map_is_drawn_with_its_legend_and_its_table_downloads(
    app_page: Page, streamlit_server: str
):
    page = app_page
    page.goto(f"{streamlit_server}/data_sources")
    chart = page.locator(".js-plotly-plot").filter(
        has=page.locator(".annotation-text", has_text=EVIDENCE_MAP_TITLE)
    )
    expect(chart).to_have_count(1)
    chart.scroll_into_view_if_needed()
    expect(chart.locator(".legendtext")).to_have_text(EVIDENCE_LEGEND)
    # The cells carry their words, so the map reads without colour too.
    cell_words = set(chart.locator("text").all_text_contents())
    assert {"measured", "summary", "derived", "carried over", "no figure"} <= cell_words
    assert {"Traditional microneedling", "Radiofrequency microneedling"} <= cell_words

    # Exportable like every chart: the table behind it, as a person downloads it.
    container = page.locator('[data-testid="stPlotlyChart"]').filter(has=chart)
    popover = page.get_by_role("button", name="Download or add to slides").nth(0)
    expect(container).to_be_visible()
    popover.click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the data (CSV)").click()
    assert download_info.value.suggested_filename == "microneedling-evidence-map.csv"
    table = pd.read_csv(download_info.value.path())
    rf_vi = table[
        table["Side effect"].eq("Darkening of the skin")
        & table["Procedure"].eq("Radiofrequency microneedling")
        & table["Skin type"].eq("Type VI")
    ]
    assert list(rf_vi["Basis of the figure"]) == ["Carried over from other skin types"]
