"""Start-up and filter-change latency of app.py against a bare one-chart app, in headless Chromium.

For each run, each app gets a fresh `streamlit run` process and a fresh browser context:
  - server start -> /_stcore/health answers ok
  - server start -> first plotly chart visible
  - filter change -> updated chart title visible
  (baseline: pick "Beta" in the selectbox; app.py: on /explorer?skin=II add "Type V" to the sidebar's
  "Skin type" multiselect and wait for a title with "Skin type II, V")
And for app.py alone, a person who exports soon after opening the page (5 s after the first chart
showed, that filter change made meanwhile): "Download or add to slides" under the first chart ->
"Download PNG" -> the file saved, then the same download again (the export browser warm).
Prints the median of each figure and the ratio app/baseline.

    .venv/bin/python bench/bench_startup.py [--runs 5] [--app app.py]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import Browser, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from bench._server import REPO_ROOT, launch_chromium, start_streamlit

TIMEOUT_MS = 60_000
EXPORT_AFTER_S = 5.0  # the export is opened this long after the first chart showed
FIRST_CHART = ".js-plotly-plot .main-svg"
FIGURES = (
    ("server start -> health ok", "healthy_s"),
    ("server start -> first chart visible", "first_chart_s"),
    ("filter change -> updated chart", "filter_change_s"),
)


def change_baseline_filter(page: Page) -> float:
    """Pick "Beta" in the baseline's selectbox; seconds until the retitled chart shows."""
    expect(page.locator(".gtitle", has_text="Counts for group Alpha").first).to_be_visible()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Group").click()
    option = page.locator('[role="option"]', has_text="Beta")
    expect(option).to_be_visible()
    started = time.perf_counter()
    option.click()
    expect(page.locator(".gtitle", has_text="Counts for group Beta").first).to_be_visible()
    return time.perf_counter() - started


def change_app_filter(page: Page) -> float:
    """Add type V to the sidebar's "Skin type"; seconds until a "Skin type II, V" title shows."""
    # The app's chart titles and subtitles are annotations of the figure (analysis.charts.frame).
    expect(
        page.locator(".annotation-text", has_text=re.compile(r"Skin type II(?![\w,])")).first
    ).to_be_visible()
    skin_input = (
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        .filter(has_text="Skin type")
        .locator("input")
    )
    skin_input.click()
    skin_input.fill("Type V")
    # Click the option itself: Enter's choice depends on the widget's filter/select-all settings.
    option = page.locator('[role="option"]', has_text=re.compile(r"^\s*Type V\b"))
    expect(option).to_be_visible()
    started = time.perf_counter()
    option.click()
    updated = page.locator(".annotation-text", has_text=re.compile(r"Skin type II, V(?![\w,])"))
    expect(updated.first).to_be_visible()
    return time.perf_counter() - started


def export_soon(page: Page) -> dict[str, float]:
    """Open the first chart's export controls and download its PNG, twice; seconds from the
    click on "Download or add to slides" to the saved file, and for the second download."""
    page.keyboard.press("Escape")  # close the skin-type list the filter change left open
    started = time.perf_counter()
    page.get_by_role("button", name="Download or add to slides").first.click()
    button = page.get_by_role("button", name="Download PNG")
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    download.value.path()  # waits until the file is saved
    first = time.perf_counter() - started
    started = time.perf_counter()
    with page.expect_download(timeout=TIMEOUT_MS) as download:
        button.click()
    download.value.path()
    return {"export_first_s": first, "export_warm_s": time.perf_counter() - started}


def measure_once(
    browser: Browser, script: str, path: str, change_filter: Callable[[Page], float]
) -> dict[str, float]:
    server = start_streamlit(script)
    healthy_s = time.perf_counter() - server.started_at
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(server.base_url + path)
        expect(page.locator(FIRST_CHART).first).to_be_visible()
        first_chart_s = time.perf_counter() - server.started_at
        filter_change_s = change_filter(page)
        exports = {}
        if change_filter is change_app_filter:
            # A person looks at the charts a few seconds, then exports one.
            time.sleep(
                max(0.0, server.started_at + first_chart_s + EXPORT_AFTER_S - time.perf_counter())
            )
            exports = export_soon(page)
    finally:
        context.close()
        server.stop()
    return {
        "healthy_s": healthy_s,
        "first_chart_s": first_chart_s,
        "filter_change_s": filter_change_s,
        **exports,
    }


def print_table(baseline: list[dict], app: list[dict] | None, app_name: str) -> None:
    header = f"{'figure (median of ' + str(len(baseline)) + ' runs)':<40}{'baseline':>10}"
    if app is not None:
        header += f"{app_name:>14}{'app/base':>10}"
    print(header)
    print("-" * len(header))
    for label, key in FIGURES:
        base = statistics.median(run[key] for run in baseline)
        row = f"{label:<40}{base:>9.2f}s"
        if app is not None:
            mine = statistics.median(run[key] for run in app)
            row += f"{mine:>13.2f}s{mine / base:>9.2f}x"
        print(row)
    if app and "export_first_s" in app[0]:
        first = statistics.median(run["export_first_s"] for run in app)
        warm = statistics.median(run["export_warm_s"] for run in app)
        print(
            f"\n{app_name}, export {EXPORT_AFTER_S:g} s after the first chart (median of {len(app)} runs):"
        )
        print(f"  open export controls -> first PNG saved  {first:>6.2f}s")
        print(
            f"  the same PNG again (browser warm)        {warm:>6.2f}s  first/warm {first / warm:.2f}x"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per app (default 5)")
    parser.add_argument("--app", default="app.py", help="app script, from the repo root")
    args = parser.parse_args()

    have_app = (REPO_ROOT / args.app).exists()
    apps = [("baseline", "bench/baseline_app.py", "/", change_baseline_filter)]
    if have_app:
        apps.append((args.app, args.app, "/explorer?skin=II", change_app_filter))
    results: dict[str, list[dict]] = {name: [] for name, *_ in apps}
    failures: dict[str, str] = {}

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for run in range(1, args.runs + 1):
                # Interleave the apps so a slow spell of the machine hits both alike.
                for name, script, path, change_filter in apps:
                    if name in failures:
                        continue
                    try:
                        figures = measure_once(browser, script, path, change_filter)
                    except (AssertionError, RuntimeError, PlaywrightError) as error:
                        # Report it and go on with the other app.
                        failures[name] = f"{type(error).__name__}: {error}"
                        continue
                    results[name].append(figures)
                    shown = "  ".join(f"{key}={value:.2f}" for key, value in figures.items())
                    print(f"run {run} {name:<12} {shown}", flush=True)
        finally:
            browser.close()

    print()
    if not results["baseline"]:
        print(f"baseline failed: {failures.get('baseline')}")
        return 1
    print_table(results["baseline"], results.get(args.app) or None, args.app)
    if not have_app:
        print(f"\n{args.app} does not exist yet: baseline only.")
    for name, message in failures.items():
        print(f"\n{name} failed: {message}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
