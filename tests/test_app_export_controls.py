"""Export controls under every chart (pages.common.chart_controls.show_chart), run headless
with AppTest: made only while their popover is open, image and CSV downloads made only when
clicked, a plain reason where no Chromium runs."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import analysis.outputs.images

APP = Path(__file__).resolve().parent.parent / "app.py"
CHART_NAMES = {
    "pages/explorer.py": (
        "microneedling-likelihood",
        "microneedling-duration",
        "microneedling-by-skin-type",
    ),
    "pages/compare.py": (
        "microneedling-compare-icon-arrays",
        "microneedling-compare-likelihood",
        "microneedling-compare-duration",
    ),
}


def run_page(page: str = "pages/explorer.py", open_popovers: bool = True):
    """The page after a first run, with every chart's export popover opened (as a click on
    "Download or add to slides" does)."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.switch_page(page).run()
    if open_popovers:
        for name in CHART_NAMES[page]:
            at.session_state[f"export_open_{name}"] = True
        at.run()
    return at


def labels(at, kind: str) -> list[str]:
    return [element.proto.label for element in at.get(kind)]


@pytest.mark.parametrize("page", ["pages/explorer.py", "pages/compare.py"])
def test_every_chart_offers_an_image_its_data_and_the_slide_deck(page):
    at = run_page(page)
    charts = len(at.get("plotly_chart"))
    assert charts == 3
    assert labels(at, "download_button").count("Download PNG") == charts
    assert labels(at, "download_button").count("Download the data (CSV)") == charts
    assert [b.label for b in at.button].count("Add to slide deck") == charts


def test_the_export_controls_are_made_only_once_their_popover_is_opened(monkeypatch):
    started = []
    monkeypatch.setattr(analysis.outputs.images, "_start_quietly", lambda: started.append(True))
    monkeypatch.setattr(analysis.outputs.images, "_warm_starter", None)
    at = run_page(open_popovers=False)
    assert not at.exception and len(at.get("plotly_chart")) == 3
    assert labels(at, "download_button") == ["Download these rows (CSV)"]
    assert "Add to slide deck" not in [b.label for b in at.button]
    # The first page only asks for the export browser once the server has been quiet a while.
    starter = analysis.outputs.images._warm_starter
    assert starter is not None and starter.quiet_s > 0 and not started
    at.session_state["export_open_microneedling-duration"] = True
    at.run()
    assert labels(at, "download_button").count("Download PNG") == 1
    # Opening an export control starts the export browser now.
    starter.join(5)
    assert started == [True]


def test_images_and_csv_are_made_only_when_a_button_is_clicked():
    at = run_page()
    exports = [b for b in at.get("download_button") if b.proto.label.startswith("Download ")]
    chart_exports = [b for b in exports if b.proto.label != "Download these rows (CSV)"]
    assert len(chart_exports) == 6
    # A deferred download holds a function to call on click, not the file itself.
    assert all(b.proto.deferred_file_id and not b.proto.url for b in chart_exports)


def test_choosing_svg_and_a_size_changes_what_the_button_downloads():
    at = run_page()
    at.radio(key="export_format_microneedling-likelihood").set_value("svg").run()
    at.selectbox(key="export_size_microneedling-likelihood").set_value("4:3").run()
    assert "Download SVG" in labels(at, "download_button")
    assert "Download PNG" in labels(at, "download_button")  # the other charts keep PNG


@pytest.fixture
def no_chromium(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")


def test_without_chromium_the_image_buttons_say_why_and_point_to_the_camera(no_chromium):
    at = run_page()
    assert not at.exception
    images = [b for b in at.get("download_button") if b.proto.label == "Download PNG"]
    assert images and all(b.proto.disabled for b in images)
    reasons = [c.value for c in at.caption if "needs a Chromium browser" in c.value]
    assert len(reasons) == 3 and "camera icon" in reasons[0]
    assert labels(at, "download_button").count("Download the data (CSV)") == 3
