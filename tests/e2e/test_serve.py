"""`bti-trener serve` answers on loopback with the textual-serve page, and stops cleanly."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "trainer", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        body = ""
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200
                    body = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert "BTI-trener" in body and f"ws://127.0.0.1:{port}/ws" in body
        assert '<html lang="nb">' in body
        # nothing the page loads leaves the machine: every stylesheet, script, image and font is served here
        links = re.findall(r'(?:href|src)="([^"]+)"|url\("?([^")]+)"?\)', body)
        assets = [a or b for a, b in links]
        assert assets, "the page loads its assets"
        outside = [a for a in assets if re.match(r"\w+://", a) and not a.startswith(f"http://127.0.0.1:{port}/")]
        assert outside == [], f"the page fetches from outside the machine: {outside}"
        fonts = [a for a in assets if a.endswith(".ttf")]
        assert fonts, "the font is served locally"
        for asset in fonts:
            with urllib.request.urlopen(asset, timeout=5) as response:
                assert response.status == 200 and len(response.read()) > 10_000
        with socket.socket() as sock:  # bound to loopback only
            assert sock.connect_ex(("127.0.0.1", port)) == 0
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_serve_rejects_a_bad_port(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "trainer", "serve", "--port", "0"], env=env, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2 and "porten" in result.stderr
