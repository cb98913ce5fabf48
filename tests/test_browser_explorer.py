"""Contract of the Explorer page ("/") as a person sees it in a real browser.

The sidebar's "Skin type" multiselect offers "Type I" .. "Type VI", `?skin=II` preselects
type II, and every chart title carries the filter summary ("Skin type II", "Skin type II, V").
"""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

# A chart's title and subtitle, as the frame draws them (annotations of the plotly figure).

pytestmark = pytest.mark.browser

ROMAN_SKIN_TYPES = {"I", "II", "III", "IV", "V", "VI"}
# Exactly these types in the summary: "Skin type II, V" but not "Skin type II, VI" or "II, V, IV".
ONLY_TYPE_II = re.compile(r"Skin type II(?![\w,])")
ONLY_TYPES_II_V = re.compile(r"Skin type II, V(?![\w,])")
OPTION_LABEL = re.compile(r"Type (VI|V|IV|III|II|I)\b")


def skin_type_input(page: Page) -> Locator:
    multiselect = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
        has_text="Skin type"
    )
    return multiselect.locator("input")


def shown_skin_type_options(page: Page) -> set[str]:
    """Roman numerals of the open dropdown's options, leaving out 'Select all'-style entries."""
    options = page.locator('[role="listbox"] [role="option"]')
    expect(options.first).to_be_visible()
    labels = [label.strip() for label in options.all_text_contents()]
    type_labels = [label for label in labels if not label.startswith("Select ")]
    for label in type_labels:
        assert OPTION_LABEL.match(label), f"skin type option {label!r} is not 'Type I' .. 'Type VI'"
    return {OPTION_LABEL.match(label).group(1) for label in type_labels}


def test_adding_skin_type_v_updates_chart_titles_and_url(app_page: Page, streamlit_server: str):
    page = app_page
    page.goto(f"{streamlit_server}/explorer?skin=II")

    # Each chart's title and subtitle are annotations of its figure (analysis.charts.frame).
    likelihood = page.locator(".js-plotly-plot", has_text="How likely")
    expect(likelihood.locator(".annotation-text", has_text=ONLY_TYPE_II)).to_be_visible()

    skin_input = skin_type_input(page)
    skin_input.click()
    shown = shown_skin_type_options(page)
    assert ROMAN_SKIN_TYPES - {"II"} <= shown <= ROMAN_SKIN_TYPES, shown

    skin_input.fill("Type V")
    skin_input.press("Enter")

    # During the rerun the old and new charts show together: wait for the new title by content.
    # The subtitle (the filters) sits under the title, in the chart's header.
    expect(
        likelihood.locator(".annotation-text", has_text=ONLY_TYPES_II_V),
        "typing 'Type V' and Enter should add type V alone (with Streamlit's default fuzzy "
        "filter and 'Select N matches' entry, Enter adds VI, V and IV)",
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]skin=II(%2C|,)V(&|$)"))
