"""The deployment files agree with the app: the balancer's upload limit is the app's, tabs stick
to a replica by cookie, the container carries everything the app reads. (The balancer itself
is driven in tests/test_browser_failover.py.)"""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.data.upload import MAX_UPLOAD_BYTES
from bench._server import free_port
from deploy.serve import CONFIG, backend_config

REPO = Path(__file__).resolve().parent.parent
HAPROXY = [line.split("#")[0].strip() for line in CONFIG.read_text().splitlines()]
DOCKERFILE = (REPO / "deploy/Dockerfile").read_text()


def test_the_balancer_refuses_a_body_over_the_app_s_upload_limit():
    (rule,) = [line for line in HAPROXY if "deny_status 413" in line]
    assert f"req.hdr_val(content-length) gt {MAX_UPLOAD_BYTES} " in rule + " "


def test_tabs_stick_to_a_replica_by_cookie_and_move_when_it_is_down():
    assert "cookie SERVERID insert indirect nocache httponly attr SameSite=Lax" in HAPROXY
    assert "option redispatch" in HAPROXY
    assert not [line for line in HAPROXY if re.match(r"balance (source|hdr|uri)|hash-type", line)]


def test_replicas_are_checked_on_streamlit_s_health_endpoint():
    assert "option httpchk GET /_stcore/health" in HAPROXY
    assert "http-check expect string ok" in HAPROXY
    assert any(line.startswith("default-server check ") for line in HAPROXY)
    # The WebSocket stays open for the whole visit, not the 30 s of a plain request.
    assert "timeout tunnel 1h" in HAPROXY


def test_each_replica_gets_its_own_cookie_value():
    assert backend_config([8601, 8602]) == (
        "backend replicas\n"
        "    server app1 127.0.0.1:8601 cookie app1\n"
        "    server app2 127.0.0.1:8602 cookie app2\n"
    )


def test_the_container_holds_everything_the_app_reads_and_the_debian_packages_it_needs():
    copied = {line.split()[1] for line in DOCKERFILE.splitlines() if line.startswith("COPY ")}
    assert copied == {"requirements.txt", ".streamlit", "app.py", "analysis", "pages", "data"}
    packages = (REPO / "packages.txt").read_text().split()
    assert all(package in DOCKERFILE.split("apt-get install")[1] for package in packages)
    assert "/_stcore/health" in DOCKERFILE


@pytest.mark.browser  # needs haproxy, which `make test` installs with the browser tools
def test_sigterm_stops_every_replica():
    # `docker stop` and service managers send SIGTERM; replicas left running would hold their
    # ports and memory.
    port = free_port()
    serve = subprocess.Popen(
        [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    pids = []
    for line in serve.stdout:
        pids += [int(pid) for pid in re.findall(r"\(pid (\d+)\)", line)]
        if line.startswith("Ctrl-C"):
            break
    assert len(pids) == 2, pids
    serve.send_signal(signal.SIGTERM)
    assert serve.wait(timeout=60) == 0
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in pids if Path(f"/proc/{pid}").exists()]
