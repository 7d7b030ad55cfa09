"""The voting web server: participants vote on their phones while the facilitator runs the case.

A small aiohttp application in a background thread with its own event loop, so the Textual app and the
plain terminal mode can both use it (:meth:`VotingServer.start` / :meth:`VotingServer.stop`). It binds
``127.0.0.1`` unless a ``host`` is given (the machine's LAN address, so phones on the same network can reach
it). Who may vote is decided by :mod:`trainer.workshop.access`; the page itself by :mod:`trainer.workshop.page`.

The page works as plain HTML forms; its script only makes it live:

* ``GET /`` — the join form, or, for a phone that joined, the open question as a form;
  ``?kode=ABCD`` fills in the code;
* ``GET /inn/<secret>`` — the QR code's link: joins at once and goes on to ``/``;
* ``POST /bli-med`` (form field ``kode``) — joins with the typed code;
* ``POST /stem`` (form fields ``beslutning`` and ``valg``) — a vote; answered with the page again (303);
* ``GET /api/state`` — the same card as HTML (``html``, ``key``) and as data, and the countdown;
* ``POST /api/vote`` with JSON ``{"decision", "option"}`` — a vote from the script.

Rules (an error never changes anything):

* **one phone, one vote**: joining issues a signed device token in an ``HttpOnly``, ``SameSite=Strict``
  cookie; only votes carrying a token this workshop issued count (401 otherwise), and a second vote from
  the same phone replaces its first until the reveal (the answer says ``"replaced": true``);
* a wrong join code → 403; once the code's wrong-code budget is spent → 429 for every typed code, while
  the QR link keeps working (see :mod:`trainer.workshop.access`);
* a vote for a decision that is not open (unknown, not opened yet, or already revealed) → 409;
* not JSON where JSON is expected, malformed JSON, missing or ill-typed fields, or an option that does not
  exist → 400; a body over :data:`MAX_BODY_BYTES` → 413; a body not sent within
  :data:`BODY_TIMEOUT_SECONDS` → 408; a connection that sends no complete request within
  :data:`REQUEST_TIMEOUT_SECONDS` is closed;
* every accepted vote is written to the store before the answer is sent.

Every error body of ``/api/…`` is ``{"ok": false, "error": "<norsk melding>"}``; the forms answer with the
page and the message on it.
"""

from __future__ import annotations

import asyncio
import errno
import io
import json
import socket
import threading
from collections.abc import Awaitable, Callable
from html import escape
from typing import Any
from urllib.parse import parse_qsl

import qrcode
from aiohttp import web

from trainer.workshop import page
from trainer.workshop.access import COOKIE_NAME, COOKIE_SECONDS, JoinAccess
from trainer.workshop.state import (
    UnknownOptionError,
    VoteProgress,
    VotingClosedError,
    WorkshopError,
    WorkshopSession,
)
from trainer.workshop.store import WorkshopStoreError

#: The largest request body accepted (a vote is well under 200 bytes).
MAX_BODY_BYTES = 2048
#: Seconds a client may take to send a request body before it is answered 408.
BODY_TIMEOUT_SECONDS = 10.0
#: Seconds a connection may stay open without completing a request (half-sent headers included).
REQUEST_TIMEOUT_SECONDS = 15.0


class VotingServerError(Exception):
    """The server could not start (port taken, no permission …); the message is Norwegian."""

    def __init__(self, message: str) -> None:
        """Keep the Norwegian *message*."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Norwegian message."""
        return self.message


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None when unknown."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the outgoing interface
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("0.") else address


def qr_text(data: str) -> str:
    """A QR code of ``data`` drawn with block characters for a terminal."""
    code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(data)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue().rstrip("\n")


def _json_error(status: int, message: str) -> web.Response:
    return web.json_response({"ok": False, "error": message}, status=status, dumps=_dumps)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


class VotingServer:
    """The voting web server for one workshop, running in its own thread."""

    def __init__(
        self,
        workshop: WorkshopSession,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        join_code: str | None = None,
        secret: str | None = None,
        wrong_codes: int = 0,
        max_body: int = MAX_BODY_BYTES,
        on_access_change: Callable[[VotingServer], None] | None = None,
    ) -> None:
        """Prepare a server for ``workshop`` on ``host``:``port`` (0 = any free port); call :meth:`start`.

        ``join_code``, ``secret`` and ``wrong_codes`` are those kept for the workshop (new ones when None);
        ``on_access_change`` is called (in a worker thread) after a wrong code or a new code, to keep them."""
        self.workshop = workshop
        self.host = host
        self.requested_port = port
        self.access = JoinAccess(workshop.device_salt, join_code=join_code, secret=secret, wrong_codes=wrong_codes)
        """The join code, the QR link's secret, the wrong-code budget and the device tokens."""
        self.max_body = max_body
        self.on_access_change = on_access_change
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._startup_error: str | None = None
        self._stats_lock = threading.Lock()
        self._accepted = 0
        self._rejected: dict[int, int] = {}

    # ------------------------------------------------------------------------------ addresses

    @property
    def join_code(self) -> str:
        """The code shown on the projector."""
        return self.access.join_code

    @property
    def port(self) -> int:
        """The port listened on (known after :meth:`start`)."""
        if self._port is None:
            raise VotingServerError("Stemmeserveren er ikke startet.")
        return self._port

    @property
    def public_host(self) -> str:
        """The address participants use: the LAN address when bound to all interfaces."""
        if self.host in ("0.0.0.0", "", "::"):
            return lan_address() or socket.gethostname()
        return self.host

    @property
    def url(self) -> str:
        """The address to show on the screen, e.g. ``http://192.168.1.20:8765/``."""
        host = self.public_host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}/"

    @property
    def join_url(self) -> str:
        """The QR code's link: it carries the secret, so a phone that scans it joins without typing."""
        return f"{self.url}inn/{self.access.secret}"

    @property
    def running(self) -> bool:
        """True while the server thread is serving."""
        return self._thread is not None and self._thread.is_alive() and self._ready.is_set() and not self._startup_error

    @property
    def loopback_only(self) -> bool:
        """True when only this machine can reach the server."""
        return self.host in ("127.0.0.1", "localhost", "::1")

    # ------------------------------------------------------------------------------ reading (thread-safe)

    def progress(self) -> VoteProgress | None:
        """How many have voted at the open decision (never for what) — safe from any thread."""
        return self.workshop.progress()

    def stats(self) -> dict[str, object]:
        """Accepted votes and refused requests by HTTP status since the start (for the facilitator)."""
        with self._stats_lock:
            return {"accepted": self._accepted, "rejected": dict(self._rejected)}

    def _count(self, status: int) -> None:
        with self._stats_lock:
            if status == 200:
                self._accepted += 1
            else:
                self._rejected[status] = self._rejected.get(status, 0) + 1

    def new_code(self) -> str:
        """Draw a new join code (the typed code works again); phones that joined stay joined."""
        code = self.access.new_code()
        self._access_changed()
        return code

    def _access_changed(self) -> None:
        if self.on_access_change is not None:
            self.on_access_change(self)

    # ------------------------------------------------------------------------------ lifecycle

    def start(self, timeout: float = 10.0) -> None:
        """Start serving in a background thread; returns once the port is bound.

        Raises :class:`VotingServerError` (Norwegian) when the port cannot be used.
        """
        if self.running:
            return
        self._ready.clear()
        self._startup_error = None
        self._thread = threading.Thread(target=self._run, name="bti-stemmeserver", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            self.stop()
            raise VotingServerError("Stemmeserveren startet ikke i tide.")
        if self._startup_error:
            self._thread.join(timeout)
            raise VotingServerError(self._startup_error)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving and wait for the thread to end; calling it again does nothing."""
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive():
            try:
                loop.call_soon_threadsafe(loop.stop)
            except RuntimeError:  # the loop already closed
                pass
            thread.join(timeout)
        self._thread = None

    def __enter__(self) -> VotingServer:
        """Start the server for a ``with`` block."""
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the server."""
        self.stop()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        # keepalive_timeout also closes a connection that never completes a request (half-sent headers)
        runner = web.AppRunner(
            self.build_app(), access_log=None, handle_signals=False, keepalive_timeout=REQUEST_TIMEOUT_SECONDS
        )
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.host, self.requested_port)
            loop.run_until_complete(site.start())
            address = runner.addresses[0]
            self._port = int(address[1])
        except OSError as exc:
            self._startup_error = _bind_message(self.host, self.requested_port, exc)
            loop.run_until_complete(runner.cleanup())
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()

    # ------------------------------------------------------------------------------ the app

    def build_app(self) -> web.Application:
        """The aiohttp application (also usable with aiohttp's test client)."""
        app = web.Application(client_max_size=self.max_body, middlewares=[self._headers])
        app.router.add_get("/", self._page)
        app.router.add_get("/inn/{secret}", self._join_by_link)
        app.router.add_post("/bli-med", self._join_by_code)
        app.router.add_post("/stem", self._vote_form)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/favicon.ico", _no_icon)  # browsers ask for it; an empty answer, not a logged 404
        app.router.add_post("/api/vote", self._vote_json)
        return app

    @web.middleware
    async def _headers(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            if request.path.startswith("/api/"):
                response = _json_error(exc.status, _status_message(exc.status))
            else:
                response = _html(page.document(_message_card(_status_message(exc.status)), live=False), exc.status)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    # -- who the phone is

    def _device(self, request: web.Request) -> str | None:
        """The device ID of a phone that joined (from the token this workshop issued it), else None."""
        return self.access.device_of(request.cookies.get(COOKIE_NAME))

    async def _joined(self, device: str | None = None) -> web.Response:
        """Join a phone (a new token unless it already has one) and send it on to the page."""
        token = self.access.issue_token() if device is None else None
        joined = device or self.access.device_of(token)
        assert joined is not None
        try:
            await asyncio.to_thread(self.workshop.join_device, joined)
        except WorkshopStoreError:
            pass  # the count of joined phones misses one; the phone can still vote
        response = _to_page()
        if token is not None:
            response.set_cookie(COOKIE_NAME, token, max_age=COOKIE_SECONDS, httponly=True, samesite="Strict", path="/")
        return response

    # -- pages (plain HTML forms)

    async def _page(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:
            code = request.query.get("kode", "")[:8]
            return _html(page.document(page.join_card(code=code, code_open=self.access.code_open), live=False))
        state = self.workshop.public_state(device)
        return _html(page.document(page.state_card(state), live=True))

    async def _join_by_link(self, request: web.Request) -> web.Response:
        if not self.access.check_secret(request.match_info["secret"]):
            self._count(403)
            card = page.join_card(error="Lenken virker ikke for denne økta. Skriv koden fra skjermen.")
            return _html(page.document(card, live=False), 403)
        return await self._joined(self._device(request))

    async def _join_by_code(self, request: web.Request) -> web.Response:
        form = await self._form(request)
        if isinstance(form, web.Response):
            return form
        typed = form.get("kode", "")
        verdict = self.access.check_code(typed)
        if verdict is None:
            self._count(429)
            return _html(page.document(page.join_card(code_open=False), live=False), 429)
        if not verdict:
            self._count(403)
            await asyncio.to_thread(self._access_changed)
            card = page.join_card(code=typed[:8], error="Feil kode. Sjekk koden som vises på skjermen.")
            return _html(page.document(card, live=False), 403)
        return await self._joined(self._device(request))

    async def _vote_form(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:
            self._count(401)
            card = page.join_card(error="Bli med med koden først.", code_open=self.access.code_open)
            return _html(page.document(card, live=False), 401)
        form = await self._form(request)
        if isinstance(form, web.Response):
            return form
        decision = form.get("beslutning", "")
        status, message, _ = await self._cast(
            device, form.get("valg", ""), int(decision) if decision.isdigit() and len(decision) < 6 else None
        )
        self._count(status)
        if status == 200:
            return _to_page()
        state = self.workshop.public_state(device)
        return _html(page.document(page.state_card(state, error=message), live=True), status)

    async def _form(self, request: web.Request) -> dict[str, str] | web.Response:
        """The posted form fields, or the page that says why they could not be read."""
        raw = await self._body(request)
        if isinstance(raw, tuple):
            status, message = raw
            self._count(status)
            return _html(page.document(_message_card(message), live=False), status)
        if request.content_type != "application/x-www-form-urlencoded":
            self._count(400)
            return _html(page.document(_message_card("Ugyldig skjema."), live=False), 400)
        try:
            return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=10))
        except (UnicodeDecodeError, ValueError):  # ValueError: more fields than a form of this page has
            self._count(400)
            return _html(page.document(_message_card("Ugyldig skjema."), live=False), 400)

    # -- the script's API

    async def _state(self, request: web.Request) -> web.Response:
        device = self._device(request)
        if device is None:
            self._count(401)
            return _json_error(401, "Bli med med koden fra skjermen først.")
        state = self.workshop.public_state(device)
        card = {"html": page.card_body(state, countdown=False), "key": page.card_key(state)}
        return web.json_response({"ok": True, **state, **card}, dumps=_dumps)

    async def _vote_json(self, request: web.Request) -> web.Response:
        status, body = await self._handle_vote(request)
        self._count(status)
        return web.json_response(body, status=status, dumps=_dumps)

    async def _handle_vote(self, request: web.Request) -> tuple[int, dict[str, object]]:
        def error(status: int, message: str) -> tuple[int, dict[str, object]]:
            return status, {"ok": False, "error": message}

        raw = await self._body(request)
        if isinstance(raw, tuple):
            return error(*raw)
        if request.content_type != "application/json":
            return error(400, "Stemmen må sendes som JSON (Content-Type: application/json).")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested a thousand deep
            return error(400, "Ugyldig JSON i forespørselen.")
        if not isinstance(data, dict):
            return error(400, "Forespørselen må være et JSON-objekt.")
        missing = [k for k in ("decision", "option") if k not in data]
        if missing:
            return error(400, f"Mangler felt: {', '.join(missing)}.")
        decision, option = data["decision"], data["option"]
        if not isinstance(option, str):
            return error(400, "Feltet «option» må være tekst.")
        if isinstance(decision, bool) or not isinstance(decision, int):
            return error(400, "Feltet «decision» må være et heltall.")
        device = self._device(request)
        if device is None:
            return error(401, "Bli med med koden fra skjermen først.")
        status, message, replaced = await self._cast(device, option, decision)
        if status != 200:
            return error(status, message)
        return 200, {"ok": True, "message": message, "decision": decision, "option": option, "replaced": replaced}

    async def _cast(self, device: str, option: str, decision: int | None) -> tuple[int, str, bool]:
        """Record one vote: (200, the thanks, whether it replaced the phone's earlier vote) or (status, the
        Norwegian reason, False)."""
        if decision is None:
            return 400, "Ugyldig beslutning. Last siden på nytt.", False
        try:
            receipt = await asyncio.to_thread(self.workshop.add_device_vote, device, option, decision)
        except VotingClosedError as exc:
            return 409, exc.message, False
        except UnknownOptionError as exc:
            return 400, exc.message, False
        except WorkshopStoreError:
            return 500, "Stemmen kunne ikke lagres. Si fra til den som leder økta.", False
        except WorkshopError as exc:
            return 400, exc.message, False
        return 200, "Takk – stemmen er registrert", receipt.replaced

    async def _body(self, request: web.Request) -> bytes | tuple[int, str]:
        """The request body within the size and time limits, or (status, the Norwegian reason)."""
        if request.content_length is not None and request.content_length > self.max_body:
            return 413, "Forespørselen er for stor."
        try:
            raw = await asyncio.wait_for(request.read(), BODY_TIMEOUT_SECONDS)
        except web.HTTPRequestEntityTooLarge:
            return 413, "Forespørselen er for stor."
        except TimeoutError:
            return 408, "Forespørselen kom ikke fram i tide. Prøv igjen."
        if len(raw) > self.max_body:
            return 413, "Forespørselen er for stor."
        return raw


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)


def _to_page() -> web.Response:
    """303 to the page (post/redirect/get: a reload does not send the form again)."""
    return web.Response(status=303, headers={"Location": "/"})


def _html(text: str, status: int = 200) -> web.Response:
    response = web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
    response.headers["Content-Security-Policy"] = page.PAGE_CSP
    return response


def _message_card(message: str) -> str:
    return (
        f'<section class="card"><p class="status feil" role="alert">{escape(message)}</p>'
        '<p><a href="/">Til stemmesiden</a></p></section>'
    )


def _bind_message(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"Porten {port} er opptatt på {host}. Velg en annen port med --port (0 = en ledig port)."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"BTI-trener har ikke lov til å bruke port {port} på {host}. Velg en port over 1024."
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"Adressen {host} finnes ikke på denne maskinen. Bruk 127.0.0.1, 0.0.0.0 eller maskinens nettverksadresse."
        )
    return f"Stemmeserveren kunne ikke starte på {host}:{port} ({exc.strerror or exc})."


def _status_message(status: int) -> str:
    return {
        400: "Ugyldig forespørsel.",
        404: "Fant ikke siden.",
        405: "Metoden er ikke tillatt her.",
        408: "Forespørselen kom ikke fram i tide. Prøv igjen.",
        413: "Forespørselen er for stor.",
    }.get(status, "Noe gikk galt.")
