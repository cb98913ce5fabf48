"""The Guide page: every claim of the article is on it, and its controls change its charts."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.readers import figure_texts

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = [
    line.strip()
    for line in (ROOT / "tests" / "article_claims.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture(scope="module")
def guide():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    return at.switch_page("pages/guide.py").run()


def page_text(at) -> str:
    parts = (
        [m.value for m in at.markdown] + [i.value for i in at.info] + [h.value for h in at.header]
    )
    return re.sub(r"\s+", " ", " ".join(parts).replace("**", "")).lower()


@pytest.mark.parametrize("claim", CLAIMS)
def test_every_article_claim_is_on_the_guide(guide, claim):
    assert claim.lower() in page_text(guide)


def test_the_sections_follow_the_article(guide):
    assert [h.value for h in guide.header][:6] == [
        "What microneedling is",
        "Common side effects",
        "Rarer complications",
        "What raises the risk",
        "How to lower the risk",
        "What to expect",
    ]


def test_the_fda_qualification_of_radiofrequency_is_shown(guide):
    assert "a medical procedure, not a cosmetic treatment" in page_text(guide)


def test_picking_a_skin_type_changes_the_chart_and_takeaway(guide):
    before = guide.info[1].value
    guide.selectbox(key="guide_common_skin").set_value("II").run()
    assert "For type II skin" in guide.info[1].value and guide.info[1].value != before
    spec = json.loads(guide.get("plotly_chart")[0].proto.spec)
    assert "Skin type II" in figure_texts(spec)


def test_each_section_links_into_the_other_pages(guide):
    # Besides the way to the slide deck under each chart.
    links = [link for link in guide.get("page_link") if link.proto.page != "slides"]
    assert len(links) == 6
    assert any("my_skin" in link.proto.page for link in links)


def test_the_risk_step_shows_the_evidence_map_after_its_takeaway(guide):
    specs = [json.loads(chart.proto.spec) for chart in guide.get("plotly_chart")]
    titles = [figure_texts(spec) for spec in specs]
    (index,) = [i for i, t in enumerate(titles) if "Where each figure comes from" in t]
    assert "How likely is each side effect?" in titles[index - 1]  # the step's own chart
    spec = specs[index]
    traditional, radiofrequency = [t["y"] for t in spec["data"] if t["type"] == "heatmap"]
    assert "Burns" not in traditional and "Burns" in radiofrequency  # stacked on screen
    text = page_text(guide)
    assert "where the evidence is thin." in text
    assert "research on the darkest skin is thin" in text
    guide.session_state["export_open_microneedling-guide-risk-evidence-map"] = True
    assert "add to slide deck" in " ".join(b.label for b in guide.run().button).lower()
