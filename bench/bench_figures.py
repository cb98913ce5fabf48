"""CPU time to build the Explorer's three figures for one view, as the server does on a cache miss.

For each view (a link a person may open), measured in this process with `time.process_time`:
  - build: the three charts (`likelihood_chart`, `duration_chart`, `heatmap_chart`) and the table;
  - show: each chart framed for the screen and turned into the JSON `st.plotly_chart` sends
    (plotly's `to_dict`, then `plotly.io.to_json(validate=False)`, as Streamlit 1.67 does);
and the number of traces and the JSON size of the three figures. Prints the median of `--runs`
runs per view in ms of CPU.

With `--before REV`, the same measurement also runs on the code of git revision REV (extracted
with `git archive` into a temporary folder, this script copied in), in a subprocess of this run,
and the table shows both and the ratio now/before.

    .venv/bin/python bench/bench_figures.py [--runs 20] [--before 8929512]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io as pio
import plotly.tools

# Links a person may open: the default view, a teacher's links, a phone (stacked panels).
VIEWS: dict[str, tuple[dict, bool]] = {
    "/explorer (every row)": ({}, False),
    "?skin=II": ({"skin": "II"}, False),
    "?skin=II,V": ({"skin": "II,V"}, False),
    "?procedure=radiofrequency&scale=log": ({"procedure": "radiofrequency", "scale": "log"}, False),
    "phone: every row, stacked": ({}, True),
}


def measure(runs: int) -> dict[str, dict]:
    """{view: {build_ms, show_ms, total_ms, traces, json_kb}}: medians over `runs`; or
    {view: {error}} when the view cannot be drawn."""
    try:
        from analysis.charts.duration import duration_chart
        from analysis.charts.frame import PHONE, SCREEN, framed
        from analysis.charts.grid import heatmap_chart
        from analysis.charts.likelihood import likelihood_chart
        from analysis.data.dataset import load_dataset
        from analysis.data.tables import readable_table
        from analysis.views.filters import FilterState, apply_filters, describe
    except ImportError:  # `--before` a revision from before analysis/ was split into four wings
        from analysis.dataset import load_dataset
        from analysis.filters import FilterState, apply_filters, describe
        from analysis.frame import PHONE, SCREEN, framed
        from analysis.tables import readable_table

        from analysis.charts import duration_chart, heatmap_chart, likelihood_chart

    dataset = load_dataset()

    def once(state, stacked: bool) -> tuple[float, float, int, int]:
        started = time.process_time()
        rows = apply_filters(dataset.side_effects, state)
        subtitle = describe(state)
        charts = (
            likelihood_chart(rows, dataset.catalog, subtitle, state.log_scale, stacked),
            duration_chart(rows, dataset.catalog, subtitle, stacked),
            heatmap_chart(rows, dataset.catalog, subtitle, stacked),
        )
        readable_table(rows, dataset.catalog)
        built = time.process_time()
        specs = []
        for chart in charts:
            fig = framed(chart, PHONE if stacked else SCREEN)
            as_dict = plotly.tools.return_figure_from_figure_or_data(fig, True)
            specs.append(pio.to_json(as_dict, validate=False))
        shown = time.process_time()
        traces = sum(len(json.loads(spec)["data"]) for spec in specs)
        return built - started, shown - built, sum(len(spec) for spec in specs), traces

    results: dict[str, dict] = {}
    for view, (params, stacked) in VIEWS.items():
        state, _ = FilterState.from_query_params(params)
        try:
            runs_of_view = [once(state, stacked) for _ in range(runs)]
        except Exception as error:  # noqa: BLE001 - reported in the table
            results[view] = {"error": f"{type(error).__name__}: {str(error).split(chr(10))[0]}"}
            continue
        build = statistics.median(r[0] for r in runs_of_view)
        show = statistics.median(r[1] for r in runs_of_view)
        results[view] = {
            "build_ms": 1000 * build,
            "show_ms": 1000 * show,
            "total_ms": 1000 * (build + show),
            "traces": statistics.median(r[3] for r in runs_of_view),
            "json_kb": statistics.median(r[2] for r in runs_of_view) / 1024,
        }
    return results


def measure_revision(revision: str, runs: int) -> dict[str, dict[str, float]]:
    """The same measurement on the code of git `revision`, in a subprocess."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory(prefix="bench-figures-") as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        script = Path(folder) / "bench" / Path(__file__).name
        shutil.copy(__file__, script)
        out = subprocess.run(
            [sys.executable, str(script), "--runs", str(runs), "--json"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    return json.loads(out)


def print_table(now: dict, before: dict | None, runs: int, revision: str | None) -> None:
    print(f"CPU ms per view (median of {runs} runs), traces and JSON size of the three figures")
    header = f"{'view':<40}{'build':>8}{'show':>8}{'total':>8}{'traces':>8}{'KB':>7}"
    if before:
        header += f"{'before (' + revision[:7] + ')':>19}{'traces':>8}{'KB':>7}{'now/before':>12}"
    print(header)
    print("-" * len(header))
    for view, mine in now.items():
        if "error" in mine:
            print(f"{view:<40}fails: {mine['error']}")
            continue
        line = (
            f"{view:<40}{mine['build_ms']:>8.1f}{mine['show_ms']:>8.1f}{mine['total_ms']:>8.1f}"
            f"{mine['traces']:>8.0f}{mine['json_kb']:>7.0f}"
        )
        old = (before or {}).get(view)
        if old and "error" in old:
            line += f"   before: fails ({old['error'][:40]})"
        elif old:
            line += (
                f"{old['total_ms']:>19.1f}{old['traces']:>8.0f}{old['json_kb']:>7.0f}"
                f"{mine['total_ms'] / old['total_ms']:>11.2f}x"
            )
        print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per view (default 20)")
    parser.add_argument("--before", help="git revision to measure as well, e.g. 8929512")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args()
    before = measure_revision(args.before, args.runs) if args.before else None
    now = measure(args.runs)
    if args.json:
        print(json.dumps(now))
        return 0
    print_table(now, before, args.runs, args.before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
