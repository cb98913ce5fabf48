"""Charts as images (PNG, SVG, PDF) at slide sizes, web pages printed to PDF, and the charts'
own export (the modebar's camera).

Images: a copy of the figure is sized to a slide preset with its text enlarged and its footer
dated, then drawn by kaleido in a Chromium. The page layer keeps one such browser warm
(`start_export_browser` inside an `st.cache_resource`); where none can run, `ExportUnavailable`
says why in plain words.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass
from datetime import date

import kaleido
import plotly.graph_objects as go
from choreographer.browsers.chromium import Chromium

from analysis.charts.frame import Canvas, Chart, framed

# The modebar keeps only its camera: zooming and panning a chart of ranges adds nothing, and
# eight buttons covered the chart's title on a phone (the title keeps clear of one button).
MODEBAR_REMOVED = (
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "resetScale2d",
)


def modebar_config(file_stem: str) -> dict:
    """Plotly config: the modebar camera saves a 2x PNG at slide size under a meaningful name;
    it is the modebar's only button."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": list(MODEBAR_REMOVED),
        "toImageButtonOptions": {
            "format": "png",
            "filename": file_stem,
            "width": 1920,
            "height": 1080,
            "scale": 2,
        },
    }


# --- Images at slide size ---------------------------------------------------------------------


@dataclass(frozen=True)
class SlidePreset:
    """An image size for slides; `text_scale` enlarges the text to read from the back of a room."""

    label: str
    width: int
    height: int
    text_scale: float


SLIDE_PRESETS: dict[str, SlidePreset] = {
    "16:9": SlidePreset("16:9 slide (1920 × 1080)", 1920, 1080, 1.6),
    "4:3": SlidePreset("4:3 slide (1600 × 1200)", 1600, 1200, 1.5),
    "square": SlidePreset("Square (1080 × 1080)", 1080, 1080, 1.3),
}
IMAGE_FORMATS: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
PNG_SCALE = 2  # pixel density of PNG exports: crisp on high-resolution projectors
RENDER_TIMEOUT_S = 120.0


class ExportUnavailable(RuntimeError):
    """An image cannot be made here (no Chromium, or the export browser failed); says why."""


def find_export_browser() -> str | None:
    """Path of the Chromium kaleido would use (BROWSER_PATH or one on PATH), or None."""
    path = Chromium.find_browser(skip_local=False)
    return path if path and os.access(path, os.X_OK) else None


NO_BROWSER_MESSAGE = (
    "Saving charts as PNG, SVG or PDF needs a Chromium browser on the server, and none was "
    "found (install Debian's chromium package, or set BROWSER_PATH)."
)


def start_export_browser() -> None:
    """Start the one warm Chromium that all image exports of this process share.

    Raises ExportUnavailable when no Chromium is found. Stop it with `stop_export_browser`.
    """
    if find_export_browser() is None:
        raise ExportUnavailable(NO_BROWSER_MESSAGE)
    kaleido.start_sync_server(n=1, silence_warnings=True)


def stop_export_browser() -> None:
    """Close the warm export browser (no-op when it is not running), and forget a start that
    `warm_export_browser` scheduled."""
    global _warm_starter
    with _warming:
        if _warm_starter is not None:
            _warm_starter.cancelled = True
            _warm_starter.now()
            _warm_starter = None
    kaleido.stop_sync_server(silence_warnings=True)


def export_unavailable() -> str | None:
    """Why images cannot be made here (no Chromium found), or None when they can."""
    return None if find_export_browser() else NO_BROWSER_MESSAGE


# The warm browser starts off the path of the pages that need it: a Chromium starting takes a
# core for a second or two, which drawing a page (and, on one machine, the person's browser)
# would otherwise share. It starts once no page has been drawn for a few seconds, or at once
# when someone opens an export control.
_warming = threading.Lock()
_warm_starter: _QuietStart | None = None


class _QuietStart(threading.Thread):
    """Starts the export browser once `quiet_s` seconds pass without `busy()`, or on `now()`."""

    def __init__(self, quiet_s: float) -> None:
        super().__init__(daemon=True)
        self.quiet_s = quiet_s
        self.last = time.monotonic()
        self.cancelled = False
        self._now = threading.Event()

    def busy(self) -> None:
        self.last = time.monotonic()

    def now(self) -> None:
        self._now.set()

    def run(self) -> None:
        while not self._now.wait(max(self.last + self.quiet_s - time.monotonic(), 0.01)):
            if time.monotonic() >= self.last + self.quiet_s:
                break
        if not self.cancelled:
            # In Linux's idle class: the browser it starts (and kaleido's thread that starts it)
            # inherit this thread's class, so starting it, and later rendering images, takes
            # only the CPU that script runs and people's pages leave.
            with contextlib.suppress(OSError, AttributeError):
                os.sched_setscheduler(threading.get_native_id(), os.SCHED_IDLE, os.sched_param(0))
            _start_quietly()


def warm_export_browser(quiet_s: float = 0.0) -> None:
    """Start the warm export browser in the background, once per process (until
    `stop_export_browser`): after `quiet_s` seconds in which this is not called again (pages
    call it as they draw), or at once with 0. An image asked for meanwhile waits for the start,
    not for a browser of its own."""
    global _warm_starter
    with _warming:
        if _warm_starter is None:
            _warm_starter = _QuietStart(quiet_s)
            _warm_starter.start()
        _warm_starter.busy()
        if quiet_s <= 0:
            _warm_starter.now()


def _start_quietly() -> None:
    try:
        start_export_browser()
    except ExportUnavailable:
        pass  # the image buttons say why (export_unavailable)


# kaleido's sync server hands results back through one shared queue: one caller at a time.
_render_lock = threading.Lock()


def render_image(
    fig: go.Figure, image_format: str, width: int, height: int, scale: float = 1
) -> bytes:
    """PNG, SVG or PDF bytes of `fig` as it is, through the warm export browser when it runs.

    Raises ExportUnavailable with a plain reason (no Chromium, a dead or silent browser).
    """
    if find_export_browser() is None:
        raise ExportUnavailable(NO_BROWSER_MESSAGE)
    result: dict[str, object] = {}

    def render() -> None:
        with _render_lock, warnings.catch_warnings():
            # plotly passes browser options on every call; the running server ignores them.
            warnings.filterwarnings(
                "ignore", message="The kopts argument is ignored", category=UserWarning
            )
            try:
                result["image"] = fig.to_image(
                    format=image_format, width=width, height=height, scale=scale
                )
            except Exception as error:  # noqa: BLE001 - reported to the caller below
                result["error"] = error

    # A browser that dies at start leaves kaleido waiting for ever: give up after a while.
    worker = threading.Thread(target=render, daemon=True)
    worker.start()
    worker.join(RENDER_TIMEOUT_S)
    if worker.is_alive():
        raise ExportUnavailable(
            f"The export browser did not answer within {RENDER_TIMEOUT_S:.0f} seconds."
        )
    if "error" in result:
        error = result["error"]
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ExportUnavailable(f"The image could not be made: {reason}") from error
    return result["image"]


PRINT_TIMEOUT_S = 60.0
# Headless Chromium as it runs on a server: no sandbox (root in a container), no GPU, and none
# of the background connections a closed network refuses.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def html_to_pdf(document: str) -> bytes:
    """A4 PDF of an HTML document (no scripts, no outside resources), printed by Chromium.

    Raises ExportUnavailable with a plain reason (no Chromium, or the print failed).
    """
    browser = find_export_browser()
    if browser is None:
        raise ExportUnavailable(NO_BROWSER_MESSAGE)
    with tempfile.TemporaryDirectory(prefix="microneedling-print-") as folder:
        page, pdf = os.path.join(folder, "page.html"), os.path.join(folder, "page.pdf")
        with open(page, "w", encoding="utf-8") as out:
            out.write(document)
        command = [
            browser,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={os.path.join(folder, 'profile')}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            f"file://{page}",
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as error:
            raise ExportUnavailable(
                f"The browser did not print the page within {PRINT_TIMEOUT_S:.0f} seconds."
            ) from error
        if not os.path.exists(pdf) or os.path.getsize(pdf) == 0:
            raise ExportUnavailable("The browser could not print the page to PDF.")
        with open(pdf, "rb") as result:
            return result.read()


def slide_canvas(preset: str, exported_on: date | None = None) -> Canvas:
    """The canvas of a slide preset: its size, its text scale and the export date."""
    size = SLIDE_PRESETS[preset]
    return Canvas(size.width, size.height, size.text_scale, exported_on or date.today())


def figure_image(
    chart: Chart, image_format: str, preset: str, exported_on: date | None = None
) -> bytes:
    """PNG (2x pixel density), SVG or PDF bytes of `chart` at a slide preset, with its title,
    filters, sources, disclaimer and date. Raises ExportUnavailable with a plain reason."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {image_format!r}")
    canvas = slide_canvas(preset, exported_on)
    return render_image(
        framed(chart, canvas),
        image_format,
        canvas.width,
        canvas.height,
        PNG_SCALE if image_format == "png" else 1,
    )
