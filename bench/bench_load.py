"""A class following a teacher's link: N browser sessions at once against one app.py server.

One headless Debian Chromium, one browser context per session, driven with asyncio. Each
session opens /explorer?skin=II,V, waits for the three charts, then adds skin types one at a time in
the sidebar's "Skin type (Fitzpatrick)" multiselect (types "Type IV", presses Enter; then
"Type VI"; then "Type III"), each time timing Enter -> all three chart titles carry the new
summary ("Skin type II, IV, V", ...). Before the class, one session runs alone on the same
(warmed-up) server as the reference. Prints the sessions that rendered every chart, the errors
seen, the median and 95th percentile of filter change -> updated charts alone and under load,
and the server's resident memory (RSS) before, at the peak of, and after the class.

    .venv/bin/python bench/bench_load.py [--sessions 30] [--step-timeout 600] [--deadline 1800]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
from playwright.async_api import Browser, Page, async_playwright, expect
from playwright.async_api import Error as PlaywrightError

from bench._server import CHROMIUM_ARGS, CHROMIUM_PATH, MISSING_CHROMIUM_MESSAGE, start_streamlit

START_PATH = "/explorer?skin=II,V"
CHARTS = 3
# (what is typed in the skin-type box, the chart summary that must follow)
CHANGES = (
    ("Type IV", "Skin type II, IV, V"),
    ("Type VI", "Skin type II, IV, V, VI"),
    ("Type III", "Skin type II, III, IV, V, VI"),
)
MAX_SESSIONS = 100


@dataclass
class SessionResult:
    first_charts_s: float | None = None
    changes_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rendered_every_chart(self) -> bool:
        return self.first_charts_s is not None and len(self.changes_s) == len(CHANGES)


def summary_pattern(summary: str) -> re.Pattern:
    # Exactly these types: "Skin type II, V" but not "Skin type II, V, VI".
    return re.compile(re.escape(summary) + r"(?![\w,])")


async def wait_for_charts(page: Page, summary: str) -> None:
    """Until exactly three charts show, all with this summary in their subtitle (old charts
    gone). Titles and subtitles are annotations of the figure (analysis.charts.frame)."""
    subtitles = page.locator(".annotation-text", has_text=summary_pattern(summary))
    await expect(subtitles).to_have_count(CHARTS)
    await expect(page.locator(".js-plotly-plot")).to_have_count(CHARTS)


async def run_session(browser: Browser, base_url: str, step_timeout_ms: float) -> SessionResult:
    result = SessionResult()
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(step_timeout_ms)
    page = await context.new_page()
    page.on("pageerror", lambda error: result.errors.append(f"page error: {error}"))
    try:
        started = time.perf_counter()
        await page.goto(base_url + START_PATH)
        await wait_for_charts(page, "Skin type II, V")
        result.first_charts_s = time.perf_counter() - started
        skin_input = (
            page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
            .filter(has_text="Skin type")
            .locator("input")
        )
        for typed, summary in CHANGES:
            await skin_input.click()
            await skin_input.fill(typed)
            # Enter picks the first option shown: wait until the filter has applied.
            option = page.locator('[role="option"]', has_text=re.compile(rf"^\s*{typed}\s*$"))
            await expect(option).to_be_visible()
            changed = time.perf_counter()
            await skin_input.press("Enter")
            await wait_for_charts(page, summary)
            result.changes_s.append(time.perf_counter() - changed)
        exceptions = await page.locator('[data-testid="stException"]').count()
        if exceptions:
            result.errors.append(f"{exceptions} exception box(es) on the page")
    except (AssertionError, PlaywrightError) as error:
        step = len(result.changes_s) if result.first_charts_s is not None else "first load"
        first_line = str(error).strip().splitlines()[0][:160]
        result.errors.append(f"step {step}: {type(error).__name__}: {first_line}")
    finally:
        await context.close()
    return result


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


async def sample_peak_rss(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mb(pid))
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.25)
        except TimeoutError:
            pass


def percentile_line(label: str, values: list[float], reference: float | None = None) -> str:
    if not values:
        return f"{label:<34}{'no data':>10}"
    median, p95 = np.median(values), np.percentile(values, 95)
    line = f"{label:<34}{median:>9.2f}s{p95:>9.2f}s{len(values):>8}"
    if reference:
        line += f"{median / reference:>9.1f}x"
    return line


async def main_async(args: argparse.Namespace) -> int:
    expect.set_options(timeout=args.step_timeout * 1000)
    server = start_streamlit("app.py")
    pid = server.process.pid
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
            )
            try:
                step_ms = args.step_timeout * 1000
                # Warm-up: the first visit loads and caches the dataset; not measured.
                warm = await run_session(browser, server.base_url, step_ms)
                alone = await run_session(browser, server.base_url, step_ms)
                rss_before, cpu_before = rss_mb(pid), cpu_s(pid)
                peak, stop = [rss_before], asyncio.Event()
                sampler = asyncio.create_task(sample_peak_rss(pid, peak, stop))
                started = time.perf_counter()
                sessions = [
                    run_session(browser, server.base_url, step_ms) for _ in range(args.sessions)
                ]
                try:
                    results = await asyncio.wait_for(asyncio.gather(*sessions), args.deadline)
                except TimeoutError:
                    print(f"the class did not finish within the --deadline of {args.deadline} s")
                    return 1
                finally:
                    stop.set()
                    await sampler
                wall_s = time.perf_counter() - started
                server_cpu_s = cpu_s(pid) - cpu_before
                await asyncio.sleep(2)  # let the server drop the closed sessions
                rss_after = rss_mb(pid)
            finally:
                await browser.close()
    finally:
        server_log = server.output()
        server.stop()

    ok = sum(r.rendered_every_chart for r in results)
    errors = [e for r in results for e in r.errors]
    tracebacks = server_log.count("Traceback (most recent call last)")
    print(f"app.py, {args.sessions} sessions opened at once on {START_PATH}, each changing the")
    print(f"skin-type filter {len(CHANGES)} times; one Chromium, one context per session.")
    print()
    print(f"sessions that rendered every chart: {ok} of {args.sessions}  (wall {wall_s:.1f} s)")
    print(f"errors seen in the browser: {len(errors)}; tracebacks in the server log: {tracebacks}")
    for error in (warm.errors + alone.errors + errors)[:10]:
        print(f"  - {error}")
    print()
    header = f"{'figure':<34}{'median':>10}{'p95':>10}{'n':>8}{'vs alone':>9}"
    print(header)
    print("-" * len(header))
    alone_median = float(np.median(alone.changes_s)) if alone.changes_s else None
    print(percentile_line("filter change -> charts, alone", alone.changes_s))
    print(
        percentile_line(
            f"filter change -> charts, {args.sessions} at once",
            [s for r in results for s in r.changes_s],
            alone_median,
        )
    )
    first_alone = [alone.first_charts_s] if alone.first_charts_s else []
    print(percentile_line("open link -> 3 charts, alone", first_alone))
    print(
        percentile_line(
            f"open link -> 3 charts, {args.sessions} at once",
            [r.first_charts_s for r in results if r.first_charts_s is not None],
            first_alone[0] if first_alone else None,
        )
    )
    print()
    print(
        f"server CPU during the class: {server_cpu_s:.0f} s over {wall_s:.0f} s "
        f"({server_cpu_s / wall_s:.0%} of one core; the rest of the 2 cores ran the browsers)"
    )
    print(
        f"server RSS: {rss_before:.0f} MB before the class (after warm-up), "
        f"{peak[0]:.0f} MB at its peak, {rss_after:.0f} MB after; "
        f"peak growth {(peak[0] - rss_before) / args.sessions:.1f} MB per session"
    )
    return 0 if ok == args.sessions and not errors and not tracebacks else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sessions", type=int, default=30, help=f"sessions at once (1-{MAX_SESSIONS}, default 30)"
    )
    parser.add_argument(
        "--step-timeout", type=float, default=600, help="seconds per page step (default 600)"
    )
    parser.add_argument(
        "--deadline", type=float, default=1800, help="seconds for the whole class (default 1800)"
    )
    args = parser.parse_args()
    if not 1 <= args.sessions <= MAX_SESSIONS:
        parser.error(f"--sessions must be between 1 and {MAX_SESSIONS}")
    if not os.path.exists(CHROMIUM_PATH):
        print(MISSING_CHROMIUM_MESSAGE)
        return 1
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    sys.exit(main())
