"""The handout opens in headless Chromium with no network and draws its charts."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from analysis.data.dataset import load_dataset
from analysis.outputs.handout import handout_html
from analysis.views.guide import guide_sections, sources_cited

pytestmark = pytest.mark.browser


def test_handout_shows_every_chart_offline(app_page: Page, tmp_path):
    dataset = load_dataset()
    sections = guide_sections(dataset)
    sources = [(s.source_id, s.citation) for s in sources_cited(sections, dataset).itertuples()]
    handout = tmp_path / "microneedling-guide.html"
    handout.write_text(handout_html(sections, sources, dt.date(2026, 11, 24)), encoding="utf-8")

    requests = []
    app_page.context.set_offline(True)
    app_page.on("request", lambda request: requests.append(request.url))
    app_page.goto(handout.as_uri())

    charts = sum(len(s.charts) for s in sections)
    expect(app_page.locator(".js-plotly-plot")).to_have_count(charts)
    # Titles are the frame's annotations (analysis.charts.frame), not plotly's own title.
    for title in ("What to expect after treatment", "Where each figure comes from, by skin type"):
        expect(app_page.locator(".annotation-text", has_text=title)).to_be_visible()
    assert [url for url in requests if not url.startswith("file://")] == []
