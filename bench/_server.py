"""Start a Streamlit server and a headless Debian Chromium: shared by tests/conftest.py and bench/.

Kept free of pytest so the bench scripts can use it as plain Python.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from analysis.outputs.images import CHROMIUM_FLAGS

REPO_ROOT = Path(__file__).resolve().parent.parent

CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = list(CHROMIUM_FLAGS)
MISSING_CHROMIUM_MESSAGE = (
    f"{CHROMIUM_PATH} not found: the browser tests drive Debian's Chromium. "
    "Install it with `bash scripts/install-browser.sh` (or `make test`, which runs it), "
    "or set SKIP_BROWSER_TESTS=1 to skip the browser tests."
)

HEALTH_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StreamlitServer:
    """A running `streamlit run SCRIPT` process on 127.0.0.1."""

    process: subprocess.Popen
    port: int
    started_at: float  # time.perf_counter() just before the process was started
    _stdout: object = field(repr=False)
    _stderr: object = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """What the server has printed so far (stdout, then stderr)."""
        parts = []
        for stream in (self._stdout, self._stderr):
            stream.flush()
            stream.seek(0)
            parts.append(stream.read().decode(errors="replace"))
        return "\n".join(part for part in parts if part.strip())

    def stop(self, grace_s: float = 10.0) -> None:
        """SIGTERM the server's own pid, then SIGKILL it if it has not gone after `grace_s`."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._stdout.close()
        self._stderr.close()


def start_streamlit(script: str | Path, timeout_s: float = HEALTH_TIMEOUT_S) -> StreamlitServer:
    """Start `streamlit run script` from the repo root and wait until /_stcore/health says ok.

    Raises RuntimeError with the server's output if it exits or is not healthy in `timeout_s`.
    """
    server = launch_streamlit(script)
    try:
        wait_until_healthy(server, timeout_s)
    except BaseException:
        server.stop()
        raise
    return server


def launch_streamlit(
    script: str | Path, port: int | None = None, env: dict[str, str] | None = None
) -> StreamlitServer:
    """Start `streamlit run script` from the repo root on 127.0.0.1:`port` (a free one if None),
    with `env` added to this process's environment; return at once (see wait_until_healthy)."""
    port = port or free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    # Temporary files rather than pipes: an undrained pipe would block a chatty server.
    # They live as long as the server and are closed by StreamlitServer.stop().
    stdout = tempfile.TemporaryFile()  # noqa: SIM115
    stderr = tempfile.TemporaryFile()  # noqa: SIM115
    started_at = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )
    return StreamlitServer(process, port, started_at, stdout, stderr)


def health_ok(url: str) -> bool:
    """Whether `url` (a /_stcore/health, of Streamlit or of the balancer) answers 'ok' now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_healthy(server: StreamlitServer, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
    """Wait until the server's /_stcore/health says ok; RuntimeError with its output if it
    exits first or is not healthy within `timeout_s`."""
    health_url = f"{server.base_url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {server.process.returncode} before it was healthy "
                f"({' '.join(server.process.args)}). Its output:\n{server.output()}"
            )
        if health_ok(health_url):
            return
        time.sleep(0.1)
    raise RuntimeError(
        f"streamlit did not answer {health_url} with 'ok' within {timeout_s:.0f} s "
        f"({' '.join(server.process.args)}). Its output:\n{server.output()}"
    )


def launch_chromium(playwright):
    """Launch headless Debian Chromium through a started `playwright.sync_api` instance."""
    if not os.path.exists(CHROMIUM_PATH):
        raise FileNotFoundError(MISSING_CHROMIUM_MESSAGE)
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )
