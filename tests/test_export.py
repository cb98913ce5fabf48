"""Exports: CSV downloads cannot smuggle spreadsheet formulas; chart images at slide sizes
carry their title, filters, sources, disclaimer and date; no Chromium means a plain error."""

import dataclasses
import struct
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from analysis.charts.frame import framed
from analysis.charts.likelihood import likelihood_chart
from analysis.data.dataset import load_dataset
from analysis.outputs.images import (
    ExportUnavailable,
    figure_image,
    find_export_browser,
    html_to_pdf,
    slide_canvas,
    start_export_browser,
    stop_export_browser,
)
from analysis.views.filters import FilterState, apply_filters, describe


def pdf_pages(path: Path) -> int:
    """Page count of a PDF, read by poppler's pdfinfo."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


# --- Images at slide size (kaleido draws them in Chromium) ----------------------------------
# Marked `browser`: they need /usr/bin/chromium, so SKIP_BROWSER_TESTS=1 skips them too.


@pytest.fixture(scope="module")
def export_browser():
    start_export_browser()
    yield
    stop_export_browser()


@pytest.fixture(scope="module")
def pih_chart():
    dataset = load_dataset()
    state = FilterState(procedures=("traditional",), skin_types=("II", "V"))
    rows = apply_filters(dataset.side_effects, state)
    return likelihood_chart(rows, dataset.catalog, describe(state))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk that opens every PNG file."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


@pytest.mark.browser
@pytest.mark.parametrize(
    "preset, pixels", [("16:9", (3840, 2160)), ("4:3", (3200, 2400)), ("square", (2160, 2160))]
)
def test_png_has_twice_the_preset_size_in_pixels(export_browser, pih_chart, preset, pixels):
    assert png_size(figure_image(pih_chart, "png", preset)) == pixels


@pytest.mark.browser
def test_svg_carries_title_filters_sources_disclaimer_and_date(export_browser, pih_chart):
    svg = figure_image(pih_chart, "svg", "16:9", exported_on=date(2026, 11, 24)).decode()
    assert 'width="1920"' in svg and 'height="1080"' in svg
    for text in (
        "How likely is each side effect?",
        "Skin type II, V · Traditional",
        "Source: R",
        "Educational use, not medical advice · Exported 2026-11-24",
    ):
        assert text in svg, text


@pytest.mark.browser
def test_pdf_has_one_page(export_browser, pih_chart, tmp_path):
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(figure_image(pih_chart, "pdf", "4:3"))
    assert pdf_pages(pdf) == 1


def test_a_slide_is_drawn_at_its_preset_with_bigger_text_and_a_dated_footer(pih_chart):
    slide = framed(pih_chart, slide_canvas("16:9", date(2026, 11, 24)))
    screen = framed(pih_chart)
    assert (slide.layout.width, slide.layout.height) == (1920, 1080)
    assert slide.layout.font.size == pytest.approx(screen.layout.font.size * 1.6)
    texts = [a.text for a in slide.layout.annotations]
    assert "How likely is each side effect?" in texts
    assert "Skin type II, V · Traditional" in texts
    footer = texts[-1]
    assert footer.startswith("Source: R")
    assert footer.endswith("<br>Educational use, not medical advice · Exported 2026-11-24")
    assert "Exported" not in screen.layout.annotations[-1].text


def test_without_chromium_exports_say_why_instead_of_crashing(monkeypatch, pih_chart):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert find_export_browser() is None
    with pytest.raises(ExportUnavailable, match="needs a Chromium browser"):
        start_export_browser()
    with pytest.raises(ExportUnavailable, match="needs a Chromium browser"):
        figure_image(pih_chart, "png", "16:9")
    with pytest.raises(ExportUnavailable, match="needs a Chromium browser"):
        html_to_pdf("<p>x</p>")


def test_bar_labels_stay_readable_on_a_slide_or_are_left_out():
    dataset = load_dataset()

    def bar_labels(chart):
        slide = framed(chart, slide_canvas("16:9"))
        bars = [t for t in slide.data if t.type == "bar" and t.text is not None]
        return {t.textfont.size for t in bars}, bars

    for state in (FilterState(skin_types=("II", "V")), FilterState()):
        rows = apply_filters(dataset.side_effects, state)
        sizes, bars = bar_labels(likelihood_chart(rows, dataset.catalog, "s"))
        # Every skin type and side effect fits: a figure shared by types is drawn once.
        assert bars and min(sizes) >= 11, state
    # A chart four times as tall squeezed into 1080 pixels: no room for a label per bar.
    chart = likelihood_chart(
        apply_filters(dataset.side_effects, FilterState()), dataset.catalog, "s"
    )
    assert bar_labels(dataclasses.replace(chart, plot_height=4 * chart.plot_height))[1] == []


# Prints how many Chromium processes the warm export browser runs, and how many of them are
# in Linux's idle scheduling class, once they are up.
_WARM_BROWSER_CLASSES = """
import os, time
from analysis.outputs.images import stop_export_browser, warm_export_browser

def chromiums():
    parents, names = {}, {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            name, _, rest = open(f"/proc/{pid}/stat").read().rpartition(")")
        except OSError:
            continue
        parents[int(pid)], names[int(pid)] = int(rest.split()[1]), name

    def mine(pid):
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return [
        os.sched_getscheduler(pid) for pid in names if "chrom" in names[pid] and mine(pid)
    ]

warm_export_browser(0)
deadline = time.monotonic() + 60
while len(chromiums()) < 3 and time.monotonic() < deadline:
    time.sleep(0.5)
time.sleep(1)
found = chromiums()
print(len(found), found.count(os.SCHED_IDLE))
stop_export_browser()
"""


@pytest.mark.browser
def test_the_warm_export_browser_runs_in_the_idle_class_so_pages_come_first():
    # The app warms it after a quiet spell; its Chromium must not take the cores from script
    # runs or people's pages. A subprocess: the warm browser is one per process.
    out = subprocess.run(
        [sys.executable, "-c", _WARM_BROWSER_CLASSES],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
        timeout=120,
    ).stdout
    chromiums, idle = map(int, out.split())
    assert chromiums >= 3 and idle == chromiums, out
