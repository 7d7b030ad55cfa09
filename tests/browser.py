"""Headless Chromium driven over the DevTools protocol (CDP) for the browser tests: every request is paused,
requests to loopback go on and every other one is refused and recorded, so a test sees what a page would
send out of the machine. Chromium is Debian's package (``make test`` installs it when it may); when it is
missing, :func:`chromium_path` says so and the test fails with that reason — it is never skipped.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def chromium_path() -> str:
    """The Chromium binary; raises AssertionError with what to do when it is not installed."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Chromium is not installed: the browser tests need Debian's «chromium» (make test installs it as root)"
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Browser:
    """One page in headless Chromium, with every non-loopback request refused and recorded."""

    ws: aiohttp.ClientWebSocketResponse
    blocked: list[str] = field(default_factory=list)
    """Requests that would have left the machine (refused)."""
    loaded: list[str] = field(default_factory=list)
    """Requests to this machine (let through)."""
    frames: list[str] = field(default_factory=list)
    """WebSocket frames the page received, decoded as text."""
    _next: int = 0
    _pending: dict[int, asyncio.Future[dict[str, Any]]] = field(default_factory=dict)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        """One CDP command; its result."""
        self._next += 1
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._pending[self._next] = future
        await self.ws.send_json({"id": self._next, "method": method, "params": params})
        answer = await asyncio.wait_for(future, 30)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return dict(answer.get("result", {}))

    async def evaluate(self, expression: str) -> Any:
        """A JavaScript expression's value in the page."""
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    async def until(self, expression: str, seconds: float = 15.0) -> Any:
        """Poll a JavaScript expression until it is truthy; its value (AssertionError after ``seconds``)."""
        for _ in range(int(seconds / 0.1)):
            try:
                value = await self.evaluate(expression)
            except AssertionError:  # the page is between two documents
                value = None
            if value:
                return value
            await asyncio.sleep(0.1)
        raise AssertionError(f"never true in the page: {expression}")

    async def _read(self) -> None:
        async for message in self.ws:
            data = json.loads(message.data)
            method = data.get("method")
            if method == "Fetch.requestPaused":
                await self._decide(data["params"])
            elif method == "Network.webSocketFrameReceived":
                response = data["params"]["response"]
                payload = response.get("payloadData", "")
                if response.get("opcode") == 2:
                    payload = base64.b64decode(payload).decode("utf-8", "replace")
                self.frames.append(payload)
            elif "id" in data and data["id"] in self._pending:
                self._pending.pop(data["id"]).set_result(data)

    async def _decide(self, params: dict[str, Any]) -> None:
        url = params["request"]["url"]
        host = urlsplit(url).hostname or ""
        self._next += 1
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            self.loaded.append(url)
            await self.ws.send_json(
                {"id": self._next, "method": "Fetch.continueRequest", "params": {"requestId": params["requestId"]}}
            )
        else:
            self.blocked.append(url)
            await self.ws.send_json(
                {
                    "id": self._next,
                    "method": "Fetch.failRequest",
                    "params": {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                }
            )


@asynccontextmanager
async def browser(*, javascript: bool = True) -> AsyncIterator[Browser]:
    """Start headless Chromium (a fresh profile, no background traffic) and hand over one page."""
    binary = chromium_path()
    port = _free_port()
    profile = tempfile.mkdtemp(prefix="bti-chromium-")
    process = subprocess.Popen(
        [
            binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--remote-debugging-port={port}", "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
            targets: list[dict[str, Any]] = []
            for _ in range(100):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/json") as response:
                        targets = await response.json()
                    if any(t.get("type") == "page" for t in targets):
                        break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            page = next(t for t in targets if t.get("type") == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                driver = Browser(ws)
                reader = asyncio.create_task(driver._read())
                try:
                    await driver.call("Fetch.enable", patterns=[{"urlPattern": "*"}])
                    await driver.call("Network.enable")
                    await driver.call("Page.enable")
                    if not javascript:
                        await driver.call("Emulation.setScriptExecutionDisabled", value=True)
                    yield driver
                finally:
                    reader.cancel()
    finally:
        process.kill()
        process.wait(10)
        shutil.rmtree(profile, ignore_errors=True)
