"""Failover, as the people using the app would see it: three replicas behind HAProxy
(deploy/serve.py), five browser tabs on five views, one of them a slide deck of three charts.
One replica is killed with SIGKILL. Each tab it served reconnects through the balancer to
another replica and shows the same view and the same deck, drawn again from its link, with no
exception; the time from the kill to that is printed. The tabs on the other replicas never
notice: their WebSocket stays open and their replica stays the same.
"""

from __future__ import annotations

import http.client
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from analysis.data.upload import MAX_UPLOAD_BYTES
from analysis.views.specs import ChartSpec, Deck
from bench._server import free_port
from deploy.serve import start_cluster

pytestmark = pytest.mark.browser

REPLICAS = 3
RESTORE_TIMEOUT_S = 90
QUIET_AFTER_S = 3  # how long the untouched tabs are watched after the last one is restored
DECK = Deck(
    (
        ChartSpec.of("explorer-likelihood", {"skin": "V"}),
        ChartSpec.of("compare-icons", {"skin_b": "VI"}),
        ChartSpec.of("my-skin-timeline", {"skin": "V", "procedure": "traditional"}),
    )
)
DECK_TITLES = [
    "1. How likely is each side effect?",
    "2. Darkening of the skin: how many in 100 people?",
    "3. What to expect after treatment",
]


def deck_listed(page: Page) -> bool:
    titles = page.locator('[data-testid="stMarkdownContainer"] p strong').all_inner_texts()
    return [t for t in titles if t[:1].isdigit()] == DECK_TITLES


def text_shown(text: str) -> Callable[[Page], bool]:
    return lambda page: page.get_by_text(text).count() > 0


def icon_array_for(label: str) -> Callable[[Page], bool]:
    return lambda page: page.locator(".annotation-text", has_text=label).count() > 0


# Each tab: its link, the replica the balancer's cookie pins it to, and what shows that the
# page came from that link (a view left at its defaults would not show it).
TABS = {
    "explorer": ("/explorer?skin=II%2CV", "app1", text_shown("Showing 60 rows · Skin type II, V")),
    "deck": (f"/slides?{urlencode(DECK.to_query_params())}", "app1", deck_listed),
    "compare": ("/compare?skin_b=VI&effect=redness", "app2", icon_array_for("Type VI skin")),
    "data": ("/data_sources?search=R18", "app2", text_shown("10 of 180 rows")),
    "my_skin": ("/my_skin?skin=IV&procedure=radiofrequency", "app3", text_shown("Skin type IV (")),
}
VICTIM = "app1"


@dataclass
class Tab:
    """One browser tab through the balancer, with what its WebSockets did."""

    name: str
    page: Page
    shows_its_view: Callable[[Page], bool]
    opened: list[float] = field(default_factory=list)  # when each WebSocket opened
    closed: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)  # script runs finished, any socket

    def watch(self, socket: WebSocket) -> None:
        self.opened.append(time.perf_counter())
        socket.on("close", lambda _: self.closed.append(time.perf_counter()))
        socket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            message = ForwardMsg.FromString(payload)
            if message.WhichOneof("type") == "script_finished" and (
                message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
            ):
                self.finished.append(time.perf_counter())

    def history(self, moment: float) -> str:
        """What the tab's WebSockets did, in seconds from `moment`, for a failure message."""

        def since(times: list[float]) -> list[float]:
            return [round(t - moment, 1) for t in times]

        return (
            f"{self.name}: sockets opened {since(self.opened)}, closed {since(self.closed)}, "
            f"runs finished {since(self.finished)}, on {self.replica()}, "
            f"view shown: {self.shows_its_view(self.page)}"
        )

    def replica(self) -> str | None:
        cookies = {c["name"]: c["value"] for c in self.page.context.cookies()}
        return cookies.get("SERVERID")

    def ready(self) -> bool:
        """The page has run to its end through app.py (its disclaimer shows: not the old-style
        page-directory mode) and shows its view, with no exception."""
        return (
            bool(self.finished)
            and self.page.get_by_text("Educational, not medical advice.").count() > 0
            and self.page.locator('[data-testid="stException"]').count() == 0
            and self.shows_its_view(self.page)
        )

    def restored_since(self, moment: float) -> bool:
        """A new session, on a WebSocket opened after `moment`, has run the page to its end,
        and the page shows its view."""
        return (
            any(opened > moment for opened in self.opened)
            and any(done > max(self.opened) for done in self.finished)
            and self.ready()
        )


@pytest.fixture(scope="module")
def cluster() -> Iterator:
    try:
        running = start_cluster(REPLICAS, f"127.0.0.1:{free_port()}")
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield running
    finally:
        running.stop()


def test_the_balancer_pins_a_new_tab_with_a_cookie_and_refuses_an_oversized_upload(
    cluster, chromium_browser: Browser
):
    context = chromium_browser.new_context()
    try:
        page = context.new_page()
        page.goto(cluster.base_url + "/explorer")
        expect(page.get_by_role("heading", name="Explore side effects")).to_be_visible()
        cookies = {c["name"]: c for c in context.cookies()}
        assert cookies["SERVERID"]["value"] in cluster.replicas
        assert cookies["SERVERID"]["httpOnly"]
    finally:
        context.close()

    def answer_to_an_upload_of(size: int) -> int:
        """The status a PUT announcing `size` bytes gets, before its body is sent (a refused
        body would otherwise break the pipe while it is being sent)."""
        connection = http.client.HTTPConnection(
            cluster.bind.split(":")[0], cluster.bind.split(":")[1], timeout=10
        )
        try:
            connection.putrequest("PUT", "/_stcore/upload_file/no-session/no-file")
            connection.putheader("Content-Length", str(size))
            connection.endheaders()
            return connection.getresponse().status
        finally:
            connection.close()

    assert answer_to_an_upload_of(MAX_UPLOAD_BYTES + 1) == 413
    # Through to a replica, which refuses it for want of a real session and XSRF token.
    assert answer_to_an_upload_of(MAX_UPLOAD_BYTES) == 403


def test_a_killed_replica_s_tabs_come_back_with_their_view_and_deck_and_no_one_else_notices(
    cluster, chromium_browser: Browser
):
    tabs: dict[str, Tab] = {}
    for name, (link, replica, shows_its_view) in TABS.items():
        context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        # The balancer's own cookie: it keeps a tab on one replica, here the one chosen.
        context.add_cookies([{"name": "SERVERID", "value": replica, "url": cluster.base_url}])
        tab = Tab(name, context.new_page(), shows_its_view)
        tab.page.on("websocket", tab.watch)
        tab.page.goto(cluster.base_url + link)
        tabs[name] = tab
    try:
        for tab in tabs.values():
            expect(tab.page.locator('[data-testid="stMain"]')).to_be_visible()
            deadline = time.monotonic() + RESTORE_TIMEOUT_S
            while not tab.ready():
                assert time.monotonic() < deadline, tab.history(time.perf_counter())
                tab.page.wait_for_timeout(200)
            assert tab.replica() == TABS[tab.name][1]
        hit = {name for name, (_, replica, _) in TABS.items() if replica == VICTIM}
        links = {name: tab.page.url for name, tab in tabs.items()}

        killed_at = time.perf_counter()
        cluster.replicas[VICTIM].process.send_signal(signal.SIGKILL)
        restored: dict[str, float] = {}
        while len(restored) < len(hit):
            assert time.perf_counter() - killed_at < RESTORE_TIMEOUT_S, (
                "not restored: "
                + "; ".join(tabs[name].history(killed_at) for name in sorted(hit - set(restored)))
                + f"\n{cluster.balancer_output()}"
            )
            for name in hit - set(restored):
                if tabs[name].restored_since(killed_at):
                    restored[name] = time.perf_counter() - killed_at
            tabs[next(iter(hit))].page.wait_for_timeout(100)
        tabs[next(iter(hit))].page.wait_for_timeout(QUIET_AFTER_S * 1000)

        reconnected = {
            name: min(t for t in tabs[name].opened if t > killed_at) - killed_at for name in hit
        }
        print(
            f"\nfailover with {REPLICAS} replicas behind HAProxy, {VICTIM} killed: "
            + "; ".join(
                f"{name} reconnected after {reconnected[name]:.1f} s, its view drawn again "
                f"after {restored[name]:.1f} s"
                for name in sorted(hit)
            )
        )
        for name, tab in tabs.items():
            assert tab.page.url == links[name], f"{name} lost its link"
            assert tab.page.locator('[data-testid="stException"]').count() == 0, name
            assert tab.shows_its_view(tab.page), f"{name} no longer shows its view"
            if name in hit:
                assert tab.replica() not in (None, VICTIM), f"{name} is still sent to {VICTIM}"
            else:
                assert (tab.closed, len(tab.opened)) == ([], 1), f"{name} lost its connection"
                assert tab.replica() == TABS[name][1], f"{name} moved replica"
    finally:
        for tab in tabs.values():
            tab.page.context.close()
