"""axe-core, the checker accessibility audits use, finds nothing on any page or in the handout.

axe-core comes from the npm registry (`make test` fetches it: scripts/fetch-axe.sh) and is
injected into each page as it is served."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analysis.data.dataset import load_dataset
from analysis.outputs.handout import handout_html
from analysis.views.guide import guide_sections, sources_cited

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / ".cache" / "axe-core" / "4.14.1" / "axe.min.js"
PAGES = {
    "/": "Microneedling",
    "/explorer": "Explore side effects",
    "/my_skin?skin=V&situation=active_acne": "My skin",
    "/my_skin?skin=II&situation=active_infection": "My skin",  # with its stop sign
    "/compare": "Compare two groups",
    "/compare?present=1": None,  # presentation mode: one chart, no page title
    "/slides": "Slide deck",
    "/data_sources": "Data & sources",
}


def violations(page: Page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make test` (scripts/fetch-axe.sh)", pytrace=False)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run()).violations.map(v =>
            `${v.impact} ${v.id}: ${v.help} -> ${v.nodes.map(n => n.target.join(' ')).join('; ')}`)"""
    )
    return found


@pytest.mark.parametrize("path", list(PAGES))
def test_no_accessibility_violation_on_the_page(app_page: Page, streamlit_server: str, path):
    page = app_page
    page.goto(streamlit_server + path)
    heading = PAGES[path]
    if heading:
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
    if path not in ("/slides", "/data_sources"):
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
    page.wait_for_timeout(1000)  # let the last chart finish drawing
    expect(page.locator('[data-stale="true"]')).to_have_count(0)
    assert violations(page) == []


def test_no_accessibility_violation_in_the_handout(app_page: Page, tmp_path: Path):
    dataset = load_dataset()
    sections = guide_sections(dataset)
    sources = [(s.source_id, s.citation) for s in sources_cited(sections, dataset).itertuples()]
    handout = tmp_path / "guide.html"
    handout.write_text(handout_html(sections, sources, dt.date(2026, 12, 1)), encoding="utf-8")
    app_page.goto(handout.as_uri())
    expect(app_page.locator(".js-plotly-plot")).to_have_count(sum(len(s.charts) for s in sections))
    assert violations(app_page) == []
