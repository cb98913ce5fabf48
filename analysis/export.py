"""Turn frames and figures into downloadable bytes, and configure the charts' own export.

Images: a copy of the figure is sized to a slide preset with its text enlarged and its footer
dated, then drawn by kaleido in a Chromium. The page layer keeps one such browser warm
(`start_export_browser` inside an `st.cache_resource`); where none can run, `ExportUnavailable`
says why in plain words.
"""

from __future__ import annotations

import os
import re
import threading
import warnings
from dataclasses import dataclass
from datetime import date

import kaleido
import pandas as pd
import plotly.graph_objects as go
from choreographer.browsers.chromium import Chromium

from analysis.charts import DISCLAIMER

# Spreadsheet programs run a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _neutralise(cell):
    if isinstance(cell, str) and cell.startswith(_FORMULA_STARTS):
        return "'" + cell
    return cell


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of `frame` in which no text cell (or header) can run as a spreadsheet formula."""
    safe = frame.copy()
    safe.columns = [_neutralise(str(c)) for c in safe.columns]
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_neutralise)
    return safe.to_csv(index=False).encode("utf-8")


def modebar_config(file_stem: str) -> dict:
    """Plotly config: the modebar camera saves a 2x PNG at slide size under a meaningful name."""
    return {
        "displaylogo": False,
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
_PLOTLY_DEFAULT_HEIGHT = 450
MIN_LABEL_PX = 11  # bar labels squeezed below this are left out of an export


class ExportUnavailable(RuntimeError):
    """An image cannot be made here (no Chromium, or the export browser failed); says why."""


def figure_title(fig: go.Figure) -> tuple[str, str]:
    """(title, subtitle) of a figure titled 'Title<br><sup>subtitle</sup>' as the app's are."""
    text = fig.layout.title.text or ""
    title, _, subtitle = text.partition("<br>")
    return title, re.sub(r"<[^>]+>", "", subtitle)


def footer_text(fig: go.Figure) -> str | None:
    """The footer line with the sources and the disclaimer, if the figure carries one."""
    for annotation in fig.layout.annotations:
        if annotation.text and DISCLAIMER in annotation.text:
            return annotation.text
    return None


def _scaled(size: float | None, factor: float) -> float | None:
    return None if size is None else size * factor


def enlarged(fig: go.Figure, text_scale: float, height: int | None = None) -> go.Figure:
    """A copy of `fig` for a projector or slide: text (and the room kept for header and footer)
    `text_scale` times bigger, black on white; `height` in pixels if given."""
    out = go.Figure(fig)
    old_height = fig.layout.height or _PLOTLY_DEFAULT_HEIGHT
    new_height = height or old_height
    font_size = fig.layout.font.size or 12
    out.update_layout(
        height=new_height,
        font={"size": font_size * text_scale, "color": "black"},
        paper_bgcolor="white",
        margin={
            "t": _scaled(fig.layout.margin.t, text_scale),
            "b": _scaled(fig.layout.margin.b, text_scale),
        },
    )
    # Title and legend sit a fixed number of pixels below the top edge: keep that, scaled.
    title, legend = out.layout.title, out.layout.legend
    if legend.yref == "container" and legend.y is not None:
        legend.y = 1 - (1 - legend.y) * old_height * text_scale / new_height
    # Sized here, not left to a template (Streamlit's theme sets its own small title).
    title_size = (fig.layout.title.font.size or font_size * 1.4) * text_scale
    title.font.size = title_size
    if title.yref == "container" and title.y is not None and title.yanchor == "top":
        # plotly.js anchors a title of several lines by its last line: pad by the lines above.
        lines_above = (title.text or "").count("<br>")
        title.update(
            y=1,
            pad_t=(1 - title.y) * old_height * text_scale + title_size * lines_above,
            pad_l=12 * text_scale,
        )
    for annotation in out.layout.annotations:
        annotation.font.size = _scaled(annotation.font.size, text_scale)
        annotation.yshift = _scaled(annotation.yshift, text_scale)
        # Sources on one line, the disclaimer on the next, so large type still fits the width.
        if annotation.text and f" · {DISCLAIMER}" in annotation.text:
            annotation.text = annotation.text.replace(f" · {DISCLAIMER}", f"<br>{DISCLAIMER}")
    # Bars get no thicker when text grows, and thinner when a tall figure is squeezed into a
    # slide: their labels grow only as far as the plot area does.
    old_plot = old_height - (fig.layout.margin.t or 100) - (fig.layout.margin.b or 80)
    new_plot = new_height - (out.layout.margin.t or 100) - (out.layout.margin.b or 80)
    bar_text_scale = text_scale * min(1.0, new_plot / old_plot)
    if fig.layout.uniformtext.minsize:
        out.update_layout(uniformtext_minsize=fig.layout.uniformtext.minsize * bar_text_scale)
    for trace in out.data:
        textfont = getattr(trace, "textfont", None)
        if textfont is not None and textfont.size is not None:
            scale = bar_text_scale if trace.type == "bar" else text_scale
            textfont.size = _scaled(textfont.size, scale)
            if textfont.size < MIN_LABEL_PX:
                trace.text = None  # too small to read: the numbers are in the CSV and notes
    return out


def slide_figure(fig: go.Figure, preset: str, exported_on: date) -> go.Figure:
    """A copy of `fig` sized to a slide preset, its footer carrying sources, disclaimer and date.

    The caller's figure is not changed.
    """
    size = SLIDE_PRESETS[preset]
    out = enlarged(fig, size.text_scale, height=size.height)
    out.update_layout(width=size.width)
    dated = f"{DISCLAIMER} · Exported {exported_on.isoformat()}"
    footer = footer_text(out)
    if footer is None:
        out.add_annotation(
            text=f"Source: see Data & sources<br>{dated}",
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            yshift=-40 * size.text_scale,
            xanchor="left",
            yanchor="top",
            align="left",
            showarrow=False,
            font={"size": 11 * size.text_scale, "color": "#444"},
        )
        out.update_layout(margin_b=max(out.layout.margin.b or 0, 90 * size.text_scale))
    else:
        dated_footer = footer.replace(DISCLAIMER, dated)
        out.for_each_annotation(lambda a: a.update(text=dated_footer), selector={"text": footer})
    return out


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
    """Close the warm export browser (no-op when it is not running)."""
    kaleido.stop_sync_server(silence_warnings=True)


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


def figure_image(
    fig: go.Figure, image_format: str, preset: str, exported_on: date | None = None
) -> bytes:
    """PNG (2x pixel density), SVG or PDF bytes of `fig` at a slide preset, with its title,
    filters, sources, disclaimer and date. Raises ExportUnavailable with a plain reason."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {image_format!r}")
    size = SLIDE_PRESETS[preset]
    return render_image(
        slide_figure(fig, preset, exported_on or date.today()),
        image_format,
        size.width,
        size.height,
        PNG_SCALE if image_format == "png" else 1,
    )
