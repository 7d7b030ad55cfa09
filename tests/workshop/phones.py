"""Simulated phones for the voting page: each has its own cookie jar, joins as a browser does, then votes.

Shared by the server tests, the app's workshop tests and the conference-room benchmark.
"""

from __future__ import annotations

import json

import aiohttp

from trainer.workshop.access import COOKIE_NAME

LIMIT = 20.0


class Phone:
    """One participant's browser: an aiohttp session with its own cookies (IP-address hosts allowed, as a
    browser allows them)."""

    def __init__(self, base_url: str, token: str | None = None) -> None:
        """A phone for the page at ``base_url``; ``token`` is a device token it got before (it has joined)."""
        self.base = base_url.rstrip("/") + "/"
        self.http = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            timeout=aiohttp.ClientTimeout(total=LIMIT),
            cookies={COOKIE_NAME: token} if token else None,
        )

    async def __aenter__(self) -> Phone:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        await self.http.close()

    @property
    def token(self) -> str | None:
        """The device token the server gave this phone (None before joining)."""
        for cookie in self.http.cookie_jar:
            if cookie.key == COOKIE_NAME:
                return cookie.value
        return None

    async def join(self, code: str) -> int:
        """Type the join code into the form; the HTTP status (303 when let in)."""
        async with self.http.post(f"{self.base}bli-med", data={"kode": code}, allow_redirects=False) as response:
            await response.read()
            return response.status

    async def scan(self, link: str) -> int:
        """Open the QR code's link; the HTTP status (303 when let in)."""
        async with self.http.get(link, allow_redirects=False) as response:
            await response.read()
            return response.status

    async def vote(self, option: str, decision: int = 0) -> tuple[int, dict]:
        """Vote as the page's script does; (status, JSON answer)."""
        body = {"decision": decision, "option": option}
        async with self.http.post(f"{self.base}api/vote", json=body) as response:
            return response.status, json.loads(await response.text())

    async def vote_form(self, option: str, decision: int | str = 0) -> tuple[int, str]:
        """Vote with the plain HTML form (no JavaScript); (status, the page shown after it)."""
        form = {"beslutning": str(decision), "valg": option}
        async with self.http.post(f"{self.base}stem", data=form) as response:
            return response.status, await response.text()

    async def page(self) -> tuple[int, str]:
        """Load the page; (status, HTML)."""
        async with self.http.get(self.base) as response:
            return response.status, await response.text()

    async def state(self) -> tuple[int, dict]:
        """The script's view of the page; (status, JSON)."""
        async with self.http.get(f"{self.base}api/state") as response:
            return response.status, json.loads(await response.text())
