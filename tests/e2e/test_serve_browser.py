"""`bti-trener serve` in headless Chromium with every request off this machine refused: the app still renders,
and the page asked for nothing outside (no font service, no CDN) — issue #19's browser route."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.browser import browser

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer")


async def test_the_served_app_renders_with_every_outside_request_refused(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp_path)}
    server = subprocess.Popen(
        [sys.executable, "-m", "trainer", "serve", "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        _wait_for(f"http://127.0.0.1:{port}/")
        async with browser() as page:
            await page.call("Page.navigate", url=f"http://127.0.0.1:{port}/")
            for _ in range(60):
                if await page.evaluate("document.querySelector('.intro-dialog button') !== null"):
                    break
                await asyncio.sleep(0.25)
            assert await page.evaluate("document.documentElement.lang") == "nb"
            await page.evaluate("document.querySelector('.intro-dialog button').click()")  # textual-serve's start
            for _ in range(120):
                if any("Hjem" in frame for frame in page.frames):
                    break
                await asyncio.sleep(0.25)
            assert any("Hjem" in frame for frame in page.frames), "the app did not render in the browser"
            assert any(url.endswith(".ttf") for url in page.loaded), "the font comes from this machine"
            assert page.blocked == [], f"the page asked for things outside the machine: {page.blocked}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
