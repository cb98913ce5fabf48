"""The Explorer read at a glance, in a real browser: on a phone (390 x 844, a phone's user agent)
and in a 700 px desktop window, every chart's texts as Chromium draws them are inside the
chart and never on top of each other, the buttons over a chart never cover its title, the bars
get most of the width and the legend no more than a quarter of the screen. The default view
draws a figure the skin types share once, labelled "same figure"; a point figure is a marker.

Screenshots of every chart at both sizes are left in the test's temporary folder.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import PAGE_TIMEOUT_MS
from tests.readers import Box, overlapping

pytestmark = pytest.mark.browser

PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
SCREENS = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "user_agent": PHONE_UA,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop-700": {"viewport": {"width": 700, "height": 900}},
}
CHART_TITLES = ("How likely", "How long", "Likelihood by skin type")

# For each chart: its box, every visible text's box, the plot areas (one per panel), the legend.
_CHART_PARTS = """chart => {
  const box = r => [r.left, r.top, r.right, r.bottom];
  const texts = [...chart.querySelectorAll('svg text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden'
                 && getComputedStyle(t).opacity !== '0' && t.getBoundingClientRect().width > 0)
    .map(t => [t.textContent, ...box(t.getBoundingClientRect())]);
  const plots = [...chart.querySelectorAll('.nsewdrag')].map(p => box(p.getBoundingClientRect()));
  const legend = chart.querySelector('g.legend');
  return {chart: box(chart.getBoundingClientRect()), texts, plots,
          legend: legend ? box(legend.getBoundingClientRect()) : null};
}"""


def _open(browser: Browser, base_url: str, screen: str, path: str = "/explorer") -> Page:
    context = browser.new_context(**SCREENS[screen])
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    page.goto(base_url + path)
    charts = page.locator(".js-plotly-plot")
    expect(charts).to_have_count(3)
    for title in CHART_TITLES:
        expect(page.locator(".js-plotly-plot", has_text=title)).to_have_count(1)
    return page


def _parts(page: Page, index: int) -> dict:
    chart = page.locator(".js-plotly-plot").nth(index)
    chart.scroll_into_view_if_needed()
    return chart.evaluate(_CHART_PARTS)


def _covers(box: list[float], texts: list[Box]) -> list[Box]:
    cover = Box("", *box)
    return [t for t in texts if cover.overlaps(t, tolerance=1)]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_explorer_chart_is_readable(
    chromium_browser: Browser, streamlit_server: str, screen: str, tmp_path
):
    page = _open(chromium_browser, streamlit_server, screen)
    try:
        height = SCREENS[screen]["viewport"]["height"]
        for index, title in enumerate(CHART_TITLES):
            chart = page.locator(".js-plotly-plot").nth(index)
            chart.screenshot(path=tmp_path / f"{screen}-{index}.png")
            parts = _parts(page, index)
            where = f"{screen}, chart '{title}' (screenshot {tmp_path / f'{screen}-{index}.png'})"
            texts = [Box(t, a, b, c, d) for t, a, b, c, d in parts["texts"]]
            assert any(t.text.startswith(title) for t in texts), where
            assert not overlapping(texts), f"{where}: texts overlap: {overlapping(texts)[:4]}"
            left, top, right, bottom = parts["chart"]
            cut = [t for t in texts if t.x0 < left - 1 or t.x1 > right + 1 or t.y0 < top - 1] + [
                t for t in texts if t.y1 > bottom + 1
            ]
            assert not cut, f"{where}: texts cut at the chart's edge: {cut[:4]}"
            # The plot areas (bars, points, cells) take most of the chart's width.
            plots = parts["plots"]
            widest = max(p[2] for p in plots) - min(p[0] for p in plots)
            assert widest >= 0.55 * (right - left), f"{where}: plot {widest:.0f} px wide"
            if parts["legend"]:
                legend_h = parts["legend"][3] - parts["legend"][1]
                assert legend_h <= height / 4, f"{where}: legend {legend_h:.0f} px tall"
            # Plotly's modebar (its camera; shown on hover, placed all along) sits at the
            # chart's top right: over none of its header (title, subtitle, legend, panel titles).
            plot_top = min(p[1] for p in plots)
            header = [t for t in texts if t.y1 <= plot_top]
            modebar = chart.locator(".modebar").bounding_box()
            assert modebar, where
            rect = [
                modebar["x"],
                modebar["y"],
                modebar["x"] + modebar["width"],
                modebar["y"] + modebar["height"],
            ]
            assert not _covers(rect, header), f"{where}: the modebar covers {_covers(rect, header)}"
    finally:
        page.context.close()


def _likelihood(page: Page):
    return page.locator(".js-plotly-plot", has_text="How likely")


def test_the_default_view_draws_a_figure_the_skin_types_share_once_saying_so(
    app_page: Page, streamlit_server: str
):
    app_page.goto(f"{streamlit_server}/explorer")
    chart = _likelihood(app_page)
    expect(chart).to_have_count(1)
    expect(
        chart.locator("text", has_text="Types I-VI: same figure, not split by type")
    ).to_be_visible()
    # 180 rows: one bar (or point) per distinct figure, not one per skin type.
    bars = chart.locator(".barlayer .point path")
    points = chart.locator(".scatterlayer .points path")
    drawn = bars.count() + points.count()
    assert 0 < drawn < 60, drawn
    # Darkening of the skin still differs by type: its bars name their types.
    for words in ("0–17%", "types IV-V", "type VI"):
        expect(chart.locator("text", has_text=words).first).to_be_visible()


def test_a_point_figure_is_a_visible_marker(app_page: Page, streamlit_server: str):
    app_page.goto(f"{streamlit_server}/explorer?procedure=radiofrequency")
    chart = _likelihood(app_page)
    expect(chart).to_have_count(1)
    label = chart.locator("text", has_text=re.compile(r"^\s*7\.5%$"))
    expect(label).to_be_visible()  # grid-pattern marks: 7.5%, low = high
    markers = chart.locator(".scatterlayer .points path")
    sizes = [markers.nth(i).bounding_box() for i in range(markers.count())]
    visible = [b for b in sizes if b and b["width"] >= 8 and b["height"] >= 8]
    assert visible, sizes
    # The 7.5% marker sits where its words start (they begin with spaces that clear it), on
    # the same row.
    text_box = label.bounding_box()
    beside = [
        b
        for b in visible
        if abs((b["y"] + b["height"] / 2) - (text_box["y"] + text_box["height"] / 2)) < 6
        and abs((b["x"] + b["width"] / 2) - text_box["x"]) < 12
    ]
    assert beside, (text_box, visible)
