"""Chart export times with the app's warm export browser against plotly's own one-shot export.

For each format (PNG at 2x, SVG, PDF) at 16:9 (1920 x 1080), on one chart: the Explorer's
likelihood chart with every filter at its default (`--chart explorer`: 35 bars and points, one
for each figure the skin types share) or the Compare page's icon arrays for type II vs V (`--chart compare`):
  - one-shot: `fig.to_image(...)` with no server running (plotly starts a browser each call);
  - first: the first export after `start_export_browser()` (the browser starts meanwhile);
  - warm: later exports through the same running browser.
And a 6-chart deck (the Compare page's 3 charts and the Explorer's 3) built with the warm
browser against the same deck built with one-shot exports. All run in this one process, one
after the other; prints medians and ratios against the one-shot baseline.

    .venv/bin/python bench/bench_export.py [--runs 3] [--chart explorer|compare]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.charts.frame import Chart, framed
from analysis.data.dataset import load_dataset
from analysis.outputs.deck import build_deck
from analysis.outputs.images import (
    IMAGE_FORMATS,
    PNG_SCALE,
    figure_image,
    slide_canvas,
    start_export_browser,
    stop_export_browser,
)
from analysis.views.comparison import Comparison
from analysis.views.filters import FilterState
from analysis.views.specs import compare_charts, explorer_charts


def seconds(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def one_shot_seconds(slide, image_format: str) -> float:
    """plotly's own export of the prepared slide figure: a new browser for this one image."""
    scale = PNG_SCALE if image_format == "png" else 1
    return seconds(
        lambda: slide.to_image(
            format=image_format, width=slide.layout.width, height=slide.layout.height, scale=scale
        )
    )


def app_seconds(chart: Chart, image_format: str) -> float:
    """The app's export (framed for the slide, then kaleido's running server if there is one)."""
    return seconds(lambda: figure_image(chart, image_format, "16:9"))


def six_charts(dataset) -> list[Chart]:
    """The Compare page's three charts and the Explorer's three, every setting at its default,
    as the pages draw them (analysis.views.specs)."""
    return [
        *compare_charts(dataset, Comparison()).values(),
        *explorer_charts(dataset, FilterState()).values(),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (default 3)")
    parser.add_argument("--chart", choices=("explorer", "compare"), default="explorer")
    args = parser.parse_args()

    dataset = load_dataset()
    charts = six_charts(dataset)
    chart = charts[3 if args.chart == "explorer" else 0]
    slide = framed(chart, slide_canvas("16:9", date.today()))
    results: list[tuple[str, float, float]] = []  # (figure, seconds, one-shot seconds)

    for image_format in IMAGE_FORMATS:
        one_shot = statistics.median(
            one_shot_seconds(slide, image_format) for _ in range(args.runs)
        )
        firsts, warms = [], []
        for _ in range(args.runs):
            start_export_browser()
            firsts.append(app_seconds(chart, image_format))
            warms += [app_seconds(chart, image_format) for _ in range(3)]
            stop_export_browser()
        name = image_format.upper()
        results.append((f"{name} first export", statistics.median(firsts), one_shot))
        results.append((f"{name} warm export", statistics.median(warms), one_shot))
        print(f"{name}: one-shot {one_shot:.2f}s, first {firsts}, warm {warms}", flush=True)

    one_shot_deck = statistics.median(
        seconds(lambda: build_deck(charts, dataset.sources)) for _ in range(args.runs)
    )
    start_export_browser()
    figure_image(chart, "png", "16:9")  # warm up: the deck is built while the browser is warm
    warm_deck = statistics.median(
        seconds(lambda: build_deck(charts, dataset.sources)) for _ in range(args.runs)
    )
    stop_export_browser()
    results.append(("6-chart deck, warm browser", warm_deck, one_shot_deck))

    print(f"\nchart: {args.chart} ({chart.title})")
    runs = f"figure (median of {args.runs} runs)"
    header = f"{runs:<34}{'one-shot':>10}{'app':>9}{'app/one-shot':>14}"
    print(header)
    print("-" * len(header))
    for label, mine, base in results:
        print(f"{label:<34}{base:>9.2f}s{mine:>8.2f}s{mine / base:>13.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
