"""The voting web server: participants vote on their phones while the facilitator runs the case.

A small aiohttp application in a background thread with its own event loop, so the Textual app and the
plain terminal mode can both use it (:meth:`VotingServer.start` / :meth:`VotingServer.stop`). It binds
``127.0.0.1`` unless a ``host`` is given explicitly (``0.0.0.0`` or the machine's LAN address, so phones
on the same network can reach it). Participants open the URL, type the short join code shown on the
screen, and vote with big buttons.

Endpoints:

* ``GET /`` — the voting page (Norwegian, mobile-friendly, no external assets; ``?kode=ABCD`` fills in
  the code, which is what the QR code links to);
* ``GET /api/state?code=…&device=…`` — the open question and its options, whether this device has
  voted, the discussion countdown; the distribution only after the facilitator has revealed it;
* ``POST /api/vote`` with JSON ``{"code", "decision", "option", "device"}`` — ``device`` is a random
  token the page keeps in ``localStorage``.

Rules (an error never changes anything):

* wrong join code → 403; after many wrong codes from one address → 429 for a while;
* a vote for a decision that is not open (unknown, not opened yet, or already revealed) → 409;
* not JSON (``Content-Type: application/json`` is required), malformed JSON, missing or ill-typed
  fields, a malformed device token, or an option that does not exist → 400;
* a body over :data:`MAX_BODY_BYTES` → 413;
* **one vote per device per decision: a second vote from the same device replaces its first** (so a
  participant can correct a mis-tap until the reveal); the answer says ``"replaced": true``;
* every accepted vote is written to the store before the answer is sent.

Every error body is ``{"ok": false, "error": "<norsk melding>"}``.
"""

from __future__ import annotations

import asyncio
import base64
import errno
import hashlib
import hmac
import io
import json
import re
import secrets
import socket
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import qrcode
from aiohttp import web

from trainer.workshop.state import (
    UnknownOptionError,
    VoteProgress,
    VotingClosedError,
    WorkshopError,
    WorkshopSession,
)
from trainer.workshop.store import WorkshopStoreError

#: Join-code characters: no 0/O, 1/I/L, so a code read off a projector is not mistyped.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 4
#: The largest request body accepted (a vote is well under 200 bytes).
MAX_BODY_BYTES = 2048
#: A device token as the page makes it: 8–64 URL-safe characters.
DEVICE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: Wrong join codes allowed per client address within :data:`FAIL_WINDOW_SECONDS` before 429.
MAX_FAILED_CODES = 30
FAIL_WINDOW_SECONDS = 300


class VotingServerError(Exception):
    """The server could not start (port taken, no permission …); the message is Norwegian."""

    def __init__(self, message: str) -> None:
        """Keep the Norwegian *message*."""
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        """The Norwegian message."""
        return self.message


def make_join_code(length: int = JOIN_CODE_LENGTH) -> str:
    """A random join code like ``K7QM`` (cryptographically random, unambiguous characters)."""
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    """The code as typed, upper-cased and without spaces or dashes."""
    return re.sub(r"[\s-]", "", code).upper()


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
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        """Prepare a server for ``workshop`` on ``host``:``port`` (0 = any free port); call :meth:`start`."""
        self.workshop = workshop
        self.host = host
        self.requested_port = port
        self.join_code = normalise_code(join_code) if join_code else make_join_code()
        self.max_body = max_body
        self._port: int | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._startup_error: str | None = None
        self._failures: dict[str, deque[float]] = {}
        self._stats_lock = threading.Lock()
        self._accepted = 0
        self._rejected: dict[int, int] = {}

    # ------------------------------------------------------------------------------ addresses

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
        """The address with the join code filled in (what the QR code holds)."""
        return f"{self.url}?kode={self.join_code}"

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
        runner = web.AppRunner(self.build_app(), access_log=None, handle_signals=False)
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
        app.router.add_get("/api/state", self._state)
        app.router.add_post("/api/vote", self._vote)
        return app

    @web.middleware
    async def _headers(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if request.path.startswith("/api/"):
                response = _json_error(exc.status, _status_message(exc.status))
            else:
                raise
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cache-Control"] = "no-store"
        return response

    async def _page(self, request: web.Request) -> web.Response:
        response = web.Response(text=PAGE_HTML, content_type="text/html", charset="utf-8")
        response.headers["Content-Security-Policy"] = PAGE_CSP
        return response

    def _client(self, request: web.Request) -> str:
        return request.remote or "ukjent"

    def _blocked(self, client: str) -> bool:
        now = time.monotonic()
        with self._stats_lock:
            failures = self._failures.get(client)
            if not failures:
                return False
            while failures and now - failures[0] > FAIL_WINDOW_SECONDS:
                failures.popleft()
            return len(failures) >= MAX_FAILED_CODES

    def _code_ok(self, client: str, code: object) -> bool:
        given = normalise_code(code) if isinstance(code, str) else ""
        ok = hmac.compare_digest(given.encode(), self.join_code.encode())
        if not ok:
            with self._stats_lock:
                self._failures.setdefault(client, deque()).append(time.monotonic())
        return ok

    async def _state(self, request: web.Request) -> web.Response:
        client = self._client(request)
        if self._blocked(client):
            self._count(429)
            return _json_error(429, "For mange forsøk med feil kode. Vent noen minutter og prøv igjen.")
        if not self._code_ok(client, request.query.get("code", "")):
            self._count(403)
            return _json_error(403, "Feil kode. Sjekk koden som vises på skjermen.")
        device = request.query.get("device")
        device = device if device and DEVICE_PATTERN.match(device) else None
        return web.json_response({"ok": True, **self.workshop.public_state(device)}, dumps=_dumps)

    async def _vote(self, request: web.Request) -> web.Response:
        status, body = await self._handle_vote(request)
        self._count(status)
        return web.json_response(body, status=status, dumps=_dumps)

    async def _handle_vote(self, request: web.Request) -> tuple[int, dict[str, object]]:
        def error(status: int, message: str) -> tuple[int, dict[str, object]]:
            return status, {"ok": False, "error": message}

        if request.content_length is not None and request.content_length > self.max_body:
            return error(413, "Forespørselen er for stor.")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return error(413, "Forespørselen er for stor.")
        if len(raw) > self.max_body:
            return error(413, "Forespørselen er for stor.")
        if request.content_type != "application/json":
            return error(400, "Stemmen må sendes som JSON (Content-Type: application/json).")
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested a thousand deep
            return error(400, "Ugyldig JSON i forespørselen.")
        if not isinstance(data, dict):
            return error(400, "Forespørselen må være et JSON-objekt.")
        missing = [k for k in ("code", "decision", "option", "device") if k not in data]
        if missing:
            return error(400, f"Mangler felt: {', '.join(missing)}.")
        code, decision, option, device = data["code"], data["decision"], data["option"], data["device"]
        if not isinstance(code, str) or not isinstance(option, str) or not isinstance(device, str):
            return error(400, "Feltene «code», «option» og «device» må være tekst.")
        if isinstance(decision, bool) or not isinstance(decision, int):
            return error(400, "Feltet «decision» må være et heltall.")
        if not DEVICE_PATTERN.match(device):
            return error(400, "Ugyldig enhetsnøkkel. Last siden på nytt.")
        client = self._client(request)
        if self._blocked(client):
            return error(429, "For mange forsøk med feil kode. Vent noen minutter og prøv igjen.")
        if not self._code_ok(client, code):
            return error(403, "Feil kode. Sjekk koden som vises på skjermen.")
        try:
            receipt = await asyncio.to_thread(self.workshop.add_device_vote, device, option, decision)
        except VotingClosedError as exc:
            return error(409, exc.message)
        except UnknownOptionError as exc:
            return error(400, exc.message)
        except WorkshopStoreError:
            return error(500, "Stemmen kunne ikke lagres. Si fra til den som leder økta.")
        except WorkshopError as exc:
            return error(400, exc.message)
        return 200, {
            "ok": True,
            "message": "Takk – stemmen er registrert",
            "decision": receipt.step,
            "option": receipt.option,
            "replaced": receipt.replaced,
        }


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
        413: "Forespørselen er for stor.",
    }.get(status, "Noe gikk galt.")


# ---------------------------------------------------------------------------------------- the page

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f1ea;color:#1d1d1b;
font-size:18px;line-height:1.4}
main{max-width:34rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.15rem;margin:.5rem 0}
.card{background:#fff;border-radius:12px;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
label{display:block;margin-bottom:.4rem}
input{font-size:2rem;letter-spacing:.3em;text-transform:uppercase;width:100%;padding:.4rem .6rem;border:2px solid #555;
border-radius:8px;text-align:center}
button{display:block;width:100%;font-size:1.1rem;padding:1rem;margin:.6rem 0;border:2px solid #1f4e79;
border-radius:10px;
background:#fff;color:#1d1d1b;text-align:left;cursor:pointer}
button.primary{background:#1f4e79;color:#fff;text-align:center}
button.valgt{background:#dbe8f5;border-width:4px}
button:disabled{background:#ecebe7;color:#6b6b66;border-color:#9a9a94;border-style:dashed;cursor:not-allowed}
button.valgt:disabled{background:#dbe8f5;color:#1d1d1b;border-style:solid}
button b{display:inline-block;min-width:1.8em}
.status{font-weight:600;min-height:1.5em}
.ok{color:#1b5e20}.feil{color:#b00020}
.bar{height:.8rem;background:#1f4e79;border-radius:4px;margin:.2rem 0 .6rem}
.small{font-size:.9rem;color:#555}
.hidden{display:none}
"""

_SCRIPT = """
(function(){
"use strict";
var $=function(id){return document.getElementById(id);};
var code="", last="", chosen={}, timer=null;
function token(){
  var t=null;
  try{t=localStorage.getItem("bti-enhet");}catch(e){}
  if(!t||!/^[A-Za-z0-9_-]{8,64}$/.test(t)){
    var a=new Uint8Array(16);
    if(window.crypto&&crypto.getRandomValues){crypto.getRandomValues(a);}
    else{for(var i=0;i<16;i++){a[i]=Math.floor(Math.random()*256);}}
    t=Array.prototype.map.call(a,function(b){return("0"+b.toString(16)).slice(-2);}).join("");
    try{localStorage.setItem("bti-enhet",t);}catch(e){}
  }
  return t;
}
var device=token();
function el(tag,text,cls){var e=document.createElement(tag);
if(text!==undefined){e.textContent=text;}if(cls){e.className=cls;}return e;}
function status(text,cls){var s=$("status");s.textContent=text||"";s.className="status "+(cls||"");}
function show(id,on){$(id).classList.toggle("hidden",!on);}
function join(ev){
  if(ev){ev.preventDefault();}
  code=$("kode").value.replace(/[\\s-]/g,"").toUpperCase();
  if(!code){status("Skriv koden fra skjermen.","feil");return;}
  last="";poll();
}
function poll(){
  if(timer){clearTimeout(timer);timer=null;}
  fetch("/api/state?code="+encodeURIComponent(code)+"&device="+encodeURIComponent(device),{cache:"no-store"})
  .then(function(r){return r.json().then(function(d){return{status:r.status,data:d};});})
  .then(function(res){
    if(res.status!==200){show("inn",true);show("sak",false);status(res.data.error||"Noe gikk galt.","feil");return;}
    show("inn",false);show("sak",true);
    var d=res.data,cd=d.countdown;d.countdown=null;
    var key=JSON.stringify(d);
    if(key!==last){last=key;render(d);}
    countdown(cd);
    timer=setTimeout(poll,2000);
  })
  .catch(function(){status("Mistet kontakten. Prøver igjen …","feil");timer=setTimeout(poll,4000);});
}
function render(s){
  var box=$("sak");box.textContent="";
  box.appendChild(el("p",s.scenario,"small"));
  if(s.phase==="finished"){
    box.appendChild(el("h2","Saken er ferdig"));
    box.appendChild(el("p","Takk for at du var med!"));status("");return;
  }
  box.appendChild(el("h2",s.title));
  box.appendChild(el("p",s.question));
  var c=el("p","","small");c.id="nedtelling";box.appendChild(c);
  var total=s.results?s.results.votes:0;
  s.options.forEach(function(o,i){
    var b=el("button");b.type="button";
    b.appendChild(el("b",o.letter));b.appendChild(document.createTextNode(" "+o.text));
    if((chosen[s.decision]||s.mine)===o.id){b.classList.add("valgt");b.setAttribute("aria-pressed","true");}
    b.disabled=s.phase!=="voting";
    b.addEventListener("click",function(){vote(s.decision,o.id);});
    box.appendChild(b);
    if(s.results){
      var r=s.results.options[i],pct=total?Math.round(100*r.total/total):0;
      box.appendChild(el("div",r.total+(r.total===1?" stemme":" stemmer")+" ("+pct+" %)","small"));
      var bar=el("div","","bar");bar.style.width=pct+"%";box.appendChild(bar);
    }
  });
  if(s.phase==="voting"){status(s.voted?"Takk – stemmen er registrert. Du kan ombestemme deg til resultatet vises.":
"Trykk på det du ville gjort.",s.voted?"ok":"");}
  else if(s.phase==="revealed"){status("Resultatet vises på skjermen.");}
  else{status("Diskuter i gruppa. Avstemningen åpner snart.");}
}
function countdown(left){
  var c=$("nedtelling");if(!c){return;}
  if(!left){c.textContent="";return;}
  var m=Math.floor(left/60),sec=("0"+(left%60)).slice(-2);
  c.textContent="Diskusjon: "+m+":"+sec+" igjen";
}
function vote(decision,option){
  status("Sender …");
  fetch("/api/vote",{method:"POST",headers:{"Content-Type":"application/json"},
    body:JSON.stringify({code:code,decision:decision,option:option,device:device})})
  .then(function(r){return r.json().then(function(d){return{status:r.status,data:d};});})
  .then(function(res){
    if(res.status===200){chosen[decision]=option;last="";status(res.data.message,"ok");poll();}
    else{status(res.data.error||"Noe gikk galt.","feil");if(res.status===409){last="";poll();}}
  })
  .catch(function(){status("Stemmen ble ikke sendt. Prøv igjen.","feil");});
}
$("skjema").addEventListener("submit",join);
var q=new URLSearchParams(location.search).get("kode");
if(q){$("kode").value=q;join();}
})();
"""

PAGE_HTML = f"""<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>BTI-trener – stem</title>
<style>{_STYLE}</style>
</head>
<body>
<main>
<h1>BTI-trener – stem</h1>
<section id="inn" class="card">
<form id="skjema" autocomplete="off">
<label for="kode">Skriv koden du ser på skjermen</label>
<input id="kode" name="kode" maxlength="8" autocapitalize="characters" spellcheck="false" inputmode="text">
<button class="primary" type="submit">Bli med</button>
</form>
<p class="small">Stemmen din er anonym. Ingen navn lagres.</p>
</section>
<section id="sak" class="card hidden" aria-live="polite"></section>
<p id="status" class="status" role="status"></p>
</main>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


#: Content-Security-Policy of the page: only its own inline script and style, and requests to itself.
PAGE_CSP = (
    f"default-src 'none'; script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(_STYLE)}; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
