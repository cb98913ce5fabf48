"""Browser fixtures: a Streamlit server for app.py and headless Debian Chromium.

Use `app_page` (a fresh page) with `streamlit_server` (the base URL) in a test marked
`@pytest.mark.browser`. pytest-playwright's own `page`/`browser` fixtures are switched off
(`-p no:playwright` in pyproject.toml): they would look for Playwright's downloaded browser,
which cannot be installed here, and a second Playwright instance would clash with this one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from bench._server import CHROMIUM_PATH, MISSING_CHROMIUM_MESSAGE, launch_chromium, start_streamlit

APP_SCRIPT = "app.py"
PAGE_TIMEOUT_MS = 60_000
# A cold Streamlit page can take longer than expect()'s default 5 s on a loaded 2-core machine:
# seen at 30 s for a first chart with the load average at 20.
expect.set_options(timeout=PAGE_TIMEOUT_MS)


def _browser_tests_skipped() -> bool:
    return os.environ.get("SKIP_BROWSER_TESTS") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _browser_tests_skipped():
        return
    skip = pytest.mark.skip(reason="SKIP_BROWSER_TESTS=1")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def streamlit_server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of `streamlit run app.py`, started once per session."""
    try:
        server = start_streamlit(APP_SCRIPT)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Browser]:
    """Headless Debian Chromium; the tests fail (not skip) when it is not installed."""
    if not os.path.exists(CHROMIUM_PATH):
        pytest.fail(MISSING_CHROMIUM_MESSAGE, pytrace=False)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def app_page(chromium_browser: Browser) -> Iterator[Page]:
    """A fresh page in its own browser context (no cookies or storage shared between tests)."""
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
