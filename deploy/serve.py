"""Run the app as several replicas behind HAProxy on this machine: `make serve REPLICAS=3`.

Each replica is `streamlit run app.py` on its own loopback port. All of them share one
server.cookieSecret (STREAMLIT_SERVER_COOKIE_SECRET: taken from the environment if set, made
for this run if not), so a cookie that one replica signs is valid on every other. HAProxy
(deploy/haproxy.cfg) listens on one address, keeps each browser tab on its replica with a
cookie, checks /_stcore/health, and sends the tabs of a replica that died to the others.

    .venv/bin/python -m deploy.serve --replicas 3 --port 8501 [--address 0.0.0.0]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench._server import (
    HEALTH_TIMEOUT_S,
    REPO_ROOT,
    StreamlitServer,
    health_ok,
    launch_streamlit,
    wait_until_healthy,
)

CONFIG = Path(__file__).with_name("haproxy.cfg")
APP_SCRIPT = REPO_ROOT / "app.py"
COOKIE_SECRET_VARIABLE = "STREAMLIT_SERVER_COOKIE_SECRET"
MISSING_HAPROXY_MESSAGE = (
    "haproxy not found: the replicas run behind Debian's HAProxy 2.6. Install it with "
    "`apt-get install -y haproxy` (`make test-tools` installs it too)."
)


def backend_config(ports: list[int]) -> str:
    """The `replicas` backend for deploy/haproxy.cfg: one server per port, cookie appN."""
    servers = [
        f"    server app{number} 127.0.0.1:{port} cookie app{number}"
        for number, port in enumerate(ports, start=1)
    ]
    return "\n".join(["backend replicas", *servers]) + "\n"


@dataclass
class Cluster:
    """Replicas of the app (by the cookie value that pins a tab to each) behind HAProxy."""

    replicas: dict[str, StreamlitServer]
    balancer: subprocess.Popen
    bind: str  # host:port the balancer listens on
    _workdir: tempfile.TemporaryDirectory = field(repr=False)

    @property
    def base_url(self) -> str:
        return f"http://{self.bind}"

    def balancer_output(self) -> str:
        """What HAProxy has logged so far (servers going down and up), unless it logs to the
        terminal."""
        log = Path(self._workdir.name) / "haproxy.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def stop(self) -> None:
        """Stop the balancer, then every replica (each by its own pid)."""
        if self.balancer.poll() is None:
            self.balancer.send_signal(signal.SIGTERM)
            try:
                self.balancer.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.balancer.kill()
                self.balancer.wait()
        for replica in self.replicas.values():
            replica.stop()
        self._workdir.cleanup()


def start_cluster(
    replicas: int = 3,
    bind: str = "127.0.0.1:8501",
    cookie_secret: str | None = None,
    timeout_s: float = HEALTH_TIMEOUT_S,
    log_to_terminal: bool = False,
) -> Cluster:
    """Start `replicas` copies of app.py and HAProxy on `bind` in front of them; return once
    every replica and the balancer answer /_stcore/health. RuntimeError if one cannot start."""
    # Debian installs it in /usr/sbin, which a normal user's PATH may not include.
    haproxy = shutil.which("haproxy") or shutil.which("haproxy", path="/usr/sbin")
    if haproxy is None:
        raise RuntimeError(MISSING_HAPROXY_MESSAGE)
    secret = cookie_secret or os.environ.get(COOKIE_SECRET_VARIABLE) or secrets.token_urlsafe(32)
    # The secret goes through the environment, not the command line, where `ps` would show it.
    servers = {
        f"app{number}": launch_streamlit(APP_SCRIPT, env={COOKIE_SECRET_VARIABLE: secret})
        for number in range(1, replicas + 1)
    }
    workdir = tempfile.TemporaryDirectory(prefix="haproxy-")
    balancer = None
    try:
        for server in servers.values():
            wait_until_healthy(server, timeout_s)
        backend = Path(workdir.name) / "replicas.cfg"
        backend.write_text(backend_config([server.port for server in servers.values()]))
        command = [haproxy, "-f", str(CONFIG), "-f", str(backend)]
        env = {**os.environ, "BIND": bind}
        checked = subprocess.run(
            [*command, "-c", "-q"], env=env, capture_output=True, text=True, check=False
        )
        if checked.returncode != 0:
            raise RuntimeError(f"haproxy refused the configuration:\n{checked.stderr}")
        if log_to_terminal:
            balancer = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
        else:
            with open(Path(workdir.name) / "haproxy.log", "wb") as log:
                balancer = subprocess.Popen(
                    command, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
                )
        _wait_for_balancer(balancer, f"http://{bind}/_stcore/health", timeout_s)
    except BaseException:
        if balancer is not None and balancer.poll() is None:
            balancer.kill()
            balancer.wait()
        for server in servers.values():
            server.stop()
        workdir.cleanup()
        raise
    return Cluster(servers, balancer, bind, workdir)


def _wait_for_balancer(balancer: subprocess.Popen, health_url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if balancer.poll() is not None:
            raise RuntimeError(f"haproxy exited with code {balancer.returncode} at start")
        if health_ok(health_url):
            return
        time.sleep(0.1)
    raise RuntimeError(f"haproxy did not answer {health_url} with 'ok' within {timeout_s:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=3, help="copies of the app (default 3)")
    parser.add_argument("--port", type=int, default=8501, help="the balancer's port (8501)")
    parser.add_argument(
        "--address", default="127.0.0.1", help="the balancer's address (0.0.0.0: every network)"
    )
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 16:
        parser.error("--replicas must be between 1 and 16")
    try:
        cluster = start_cluster(args.replicas, f"{args.address}:{args.port}", log_to_terminal=True)
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{args.replicas} replicas of app.py behind HAProxy: open {cluster.base_url}")
    for name, replica in cluster.replicas.items():
        print(f"  {name}: {replica.base_url} (pid {replica.process.pid})")
    print("Ctrl-C (or SIGTERM) stops them all.", flush=True)
    # A service manager or `docker stop` sends SIGTERM: stop the replicas then too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while cluster.balancer.poll() is None:
            time.sleep(1)
        print(f"haproxy exited with code {cluster.balancer.returncode}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
