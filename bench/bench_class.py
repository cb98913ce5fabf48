"""A class at once, without browsers: N sessions speak Streamlit's own WebSocket protocol to one
app.py server, so what is measured is the server, not N Chromium tabs on the same cores.

Each session connects to /_stcore/stream as Streamlit's front end does (subprotocol
"streamlit"), opens a teacher's link (a `BackMsg` with `rerun_script`: page "explorer", query
string `skin=II,V`) and waits for `script_finished`. Then, in rounds, every session follows a
filter link at the same moment (a `rerun_script` with a new query string: every view is a link)
and waits for `script_finished` again: links of its own, that no other session asks for (every
run builds its charts: the worst case), then the teacher's links, the same for everyone (built
once, then shared from the cache). A run counts as served when it finished with three plotly
charts and no exception element. Before each class, one session alone follows such links on
the same, warmed-up server, as the reference.

Prints, for one session alone and for N at once: the sessions served, the errors, the median
and 95th percentile from rerun request to `script_finished`; and the server's CPU seconds per
script run (from /proc) and its peak resident memory (VmHWM).

    .venv/bin/python bench/bench_class.py [--sessions 30 100] [--links 3] [--app app.py]
    .venv/bin/python bench/bench_class.py --url http://127.0.0.1:8501 [--pid PID]  # a running
        server or a load balancer in front of replicas (CPU and memory only with --pid)
    .venv/bin/python bench/bench_class.py --sessions 30 --profile /tmp/class.txt  # py-spy's
        samples of the server during the class, and where they fall (pip install py-spy)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench._server import start_streamlit

PAGE = "explorer"
TEACHER_LINK = "skin=II,V"
CHARTS = 3
FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
RUN_TIMEOUT_S = 600.0
SKIN_TYPES = ("I", "II", "III", "IV", "V", "VI")


def filter_links() -> list[str]:
    """Distinct Explorer links (skin types x procedure x kind x scale, 1133 of them): each a
    view nobody else asks for, so every run in the bench builds its figures (the worst case for
    the server)."""
    subsets = [
        ",".join(combo)
        for size in range(1, len(SKIN_TYPES) + 1)
        for combo in itertools.combinations(SKIN_TYPES, size)
    ]
    links = []
    for skin, procedure, kind, scale in itertools.product(
        subsets, ("", "traditional", "radiofrequency"), ("", "common", "complication"), ("", "log")
    ):
        query = [f"skin={skin}"]
        if procedure:
            query.append(f"procedure={procedure}")
        if kind:
            query.append(f"category={kind}")
        if scale:
            query.append(f"scale={scale}")
        if "&".join(query) != TEACHER_LINK:
            links.append("&".join(query))
    return links


@dataclass
class Session:
    """One person's tab: its timings and what went wrong."""

    links: list[str]
    opened_s: float | None = None
    runs_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def served(self) -> bool:
        return not self.errors and self.opened_s is not None and len(self.runs_s) == len(self.links)


async def rerun(ws, query: str) -> tuple[float, str | None]:
    """Ask for a run of the Explorer with this query string; (seconds until it finished, what
    went wrong or None)."""
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_name = PAGE
    started = time.perf_counter()
    await ws.send(message.SerializeToString())
    charts, exception = 0, None
    while True:
        forward = ForwardMsg()
        forward.ParseFromString(await ws.recv())
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            charts = 0  # a rerun started over (the first visit goes through app.py once more)
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            if element.WhichOneof("type") == "plotly_chart":
                charts += 1
            elif element.WhichOneof("type") == "exception":
                exception = element.exception.message or element.exception.type
        elif kind == "script_finished" and forward.script_finished == FINISHED:
            took = time.perf_counter() - started
            if exception:
                return took, f"exception: {exception}"
            if charts != CHARTS:
                return took, f"{charts} charts instead of {CHARTS}"
            return took, None


async def run_session(url: str, session: Session, rounds: list[asyncio.Barrier] | None) -> None:
    """Open the teacher's link, then follow each link, waiting at `rounds` (one barrier per
    link) so that every session asks at the same moment."""
    uri = url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
    try:
        # No keepalive pings, and a patient handshake: a server busy running scripts answers
        # late, and the bench measures how late rather than giving up (a browser waits too).
        async with websockets.connect(
            uri,
            subprotocols=["streamlit", "PLACEHOLDER_AUTH_TOKEN"],
            max_size=None,
            ping_interval=None,
            open_timeout=RUN_TIMEOUT_S,
        ) as ws:
            took, error = await asyncio.wait_for(rerun(ws, TEACHER_LINK), RUN_TIMEOUT_S)
            if error:
                session.errors.append(error)
            session.opened_s = took
            for index, link in enumerate(session.links):
                if rounds:
                    await rounds[index].wait()
                took, error = await asyncio.wait_for(rerun(ws, link), RUN_TIMEOUT_S)
                if error:
                    session.errors.append(error)
                session.runs_s.append(took)
    except (OSError, TimeoutError, websockets.WebSocketException) as error:
        session.errors.append(f"{type(error).__name__}: {error}")
        if rounds:  # don't leave the others waiting for this one
            for barrier in rounds[len(session.runs_s) :]:
                barrier.abort()
    except asyncio.BrokenBarrierError:
        session.errors.append("another session failed")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The most resident memory the process has used (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Phase:
    name: str
    sessions: list[Session]
    cpu_s: float | None
    wall_s: float

    def line(self) -> str:
        runs = [t for s in self.sessions for t in s.runs_s]
        served = sum(s.served for s in self.sessions)
        errors = [e for s in self.sessions for e in s.errors]
        ordered = sorted(runs) or [float("nan")]
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        script_runs = len(runs) + len(self.sessions)  # the links and the teacher's link
        cpu = f"{self.cpu_s / script_runs:.3f} s" if self.cpu_s is not None else "n/a"
        return (
            f"{self.name:<22}{served:>4}/{len(self.sessions):<4}{len(errors):>7}"
            f"{statistics.median(ordered):>10.2f} s{p95:>8.2f} s{cpu:>13}{self.wall_s:>9.1f} s"
        )


async def measure(url: str, count: int, links: list[str], pid: int | None, name: str) -> Phase:
    sessions = [
        Session(links[i * len(links) // count : (i + 1) * len(links) // count])
        for i in range(count)
    ]
    per_session = len(sessions[0].links)
    rounds = [asyncio.Barrier(count) for _ in range(per_session)] if count > 1 else None
    cpu_before = cpu_seconds(pid) if pid else None
    started = time.perf_counter()
    await asyncio.gather(*(run_session(url, s, rounds) for s in sessions))
    wall = time.perf_counter() - started
    cpu = cpu_seconds(pid) - cpu_before if pid else None
    return Phase(name, sessions, cpu, wall)


def record(pid: int, path: str) -> subprocess.Popen:
    """py-spy sampling the server into `path`, as collapsed stacks: only the thread holding
    the GIL, so a sample is CPU spent (one process runs one thread of Python at a time)."""
    spy = Path(sys.executable).with_name("py-spy")
    return subprocess.Popen(
        [
            str(spy),
            "record",
            "--pid",
            str(pid),
            "--gil",
            "--rate",
            "50",
            "--format",
            "raw",
            "-o",
            path,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def print_profile(path: Path, shown: int = 25) -> None:
    """The functions the server's samples fall in, most first (a sample counts once for each
    function on its stack): where a run's time goes."""
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")):
            inclusive[frame.split(" (")[0] + " (" + frame.split(" (")[-1].split(":")[0]] += int(
                count
            )
    print(f"\nserver samples: {total} (py-spy, 50 a second); share of samples, by function:")
    for frame, count in inclusive.most_common(shown):
        print(f"{100 * count / total:>6.1f}%  {frame}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--links", type=int, default=3, help="filter links per session")
    parser.add_argument("--app", default="app.py", help="app script, from the repo root")
    parser.add_argument("--url", help="a running server (or load balancer) instead of --app")
    parser.add_argument("--pid", type=int, help="with --url: the server's pid, for CPU and RSS")
    parser.add_argument("--profile", help="record the server with py-spy into this file")
    parser.add_argument(
        "--views",
        choices=("own", "shared", "both"),
        default="both",
        help="own: every session follows links nobody else does (every run builds its charts); "
        "shared: all follow the teacher's links (built once, then cached); both (default)",
    )
    args = parser.parse_args()

    server = None
    if args.url:
        url, pid = args.url, args.pid
    else:
        server = start_streamlit(args.app)
        url, pid = server.base_url, server.process.pid
    links = filter_links()
    try:
        # Warm-up: the first run imports, reads the data and fills the caches for everyone.
        asyncio.run(measure(url, 1, links[-1:], pid, "warm-up"))
        recorder = record(pid, args.profile) if args.profile and pid else None
        phases = []
        if args.views in ("own", "both"):
            phases.append(
                asyncio.run(measure(url, 1, links[: args.links], pid, "alone, own views"))
            )
            offset = args.links
            for count in args.sessions:
                if offset + count * args.links > len(links):
                    parser.error(f"{count} sessions x {args.links} links: too few distinct links")
                chosen = links[offset : offset + count * args.links]
                offset += count * args.links
                phases.append(
                    asyncio.run(measure(url, count, chosen, pid, f"{count} at once, own"))
                )
        if args.views in ("shared", "both"):
            # The teacher's links: every session follows the same ones, built once (warm-up).
            shared = links[-1 - args.links : -1]
            asyncio.run(measure(url, 1, shared, pid, "warm-up"))
            phases.append(asyncio.run(measure(url, 1, shared, pid, "alone, shared views")))
            for count in args.sessions:
                phases.append(
                    asyncio.run(
                        measure(url, count, shared * count, pid, f"{count} at once, shared")
                    )
                )
        rss = f"{peak_rss_mb(pid):.0f} MB" if pid else "n/a"
        if recorder is not None:
            recorder.send_signal(signal.SIGINT)
            recorder.wait(timeout=60)
    finally:
        if server is not None:
            server.stop()

    print(
        f"{args.links} filter links a session after the teacher's link; own views: no two "
        "sessions ask for the same; shared: all follow the same links. Rerun request -> finished"
    )
    header = (
        f"{'':<22}{'served':>9}{'errors':>7}{'median':>12}{'p95':>10}{'CPU per run':>13}"
        f"{'wall':>11}"
    )
    print(header)
    print("-" * len(header))
    for phase in phases:
        print(phase.line())
    print(f"server peak RSS (VmHWM): {rss}")
    if args.profile and pid:
        print_profile(Path(args.profile))
    errors = [e for phase in phases for s in phase.sessions for e in s.errors]
    for error in sorted(set(errors))[:10]:
        print(f"error: {error} (x{errors.count(error)})")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
