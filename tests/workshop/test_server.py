"""The voting server on loopback: 60 concurrent participants, one vote per device, errors that change nothing.

Every network test is bounded: aiohttp's total timeout and ``asyncio.wait_for`` (20 s), servers on port 0.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from trainer.scenario.model import Scenario
from trainer.workshop import server as server_module
from trainer.workshop.server import JOIN_ALPHABET, VotingServer, VotingServerError, make_join_code
from trainer.workshop.state import WorkshopSession, device_key
from trainer.workshop.store import WorkshopStore

LIMIT = 20.0
OPTIONS = ["observer", "vent", "ledende"]


@pytest.fixture
def running(workshop: WorkshopSession) -> Iterator[VotingServer]:
    server = VotingServer(workshop, port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=LIMIT))


async def _post(http: aiohttp.ClientSession, server: VotingServer, body: object, **kwargs: object) -> tuple[int, dict]:
    if "data" not in kwargs:
        kwargs["json"] = body
    async with http.post(f"{server.url}api/vote", **kwargs) as response:  # type: ignore[arg-type]
        return response.status, json.loads(await response.text())


def _vote(server: VotingServer, device: str, option: str, decision: int = 0, code: str | None = None) -> dict:
    return {"code": code or server.join_code, "decision": decision, "option": option, "device": device}


def _snapshot(workshop: WorkshopSession, store: WorkshopStore) -> tuple:
    assert workshop.workshop_id is not None
    current = workshop.current
    return (
        store.device_votes(workshop.workshop_id, 0),
        workshop.progress(),
        dict(current.device_votes) if current else None,
        workshop.phase,
    )


async def test_sixty_participants_vote_concurrently(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    workshop.open_voting()
    devices = [f"enhet-{n:08d}" for n in range(60)]
    first = {device: OPTIONS[n % 3] for n, device in enumerate(devices)}
    again = {device: OPTIONS[(n + 1) % 3] for n, device in enumerate(devices) if n % 4 == 0}  # 15 change their mind

    async with _client() as http:
        jobs = [_post(http, running, _vote(running, d, o)) for d, o in first.items()]
        jobs += [_post(http, running, _vote(running, d, o)) for d, o in again.items()]
        results = await asyncio.wait_for(asyncio.gather(*jobs), LIMIT)

    assert [status for status, _ in results] == [200] * 75
    assert all(body["message"] == "Takk – stemmen er registrert" for _, body in results)
    assert sum(1 for _, body in results if body["replaced"]) == 15
    # the vote that counts for a device is the one that arrived last (the one answered "replaced")
    expected = dict(first)
    for (_, body), (device, _) in zip(results[60:], again.items(), strict=True):
        first_body = results[devices.index(device)][1]
        assert body["replaced"] != first_body["replaced"]
        expected[device] = body["option"] if body["replaced"] else first_body["option"]

    progress = workshop.progress()
    assert progress is not None and progress.devices == 60
    stored = store.device_votes(workshop.workshop_id, 0)  # type: ignore[arg-type]
    assert len(stored) == 60
    assert stored == {device_key(workshop.device_salt, d): o for d, o in expected.items()}
    tally = workshop.reveal()
    assert tally.device_total == 60
    assert sum(tally.devices.values()) == 60
    assert running.stats()["accepted"] == 75


async def test_state_is_hidden_until_the_reveal(workshop: WorkshopSession, running: VotingServer) -> None:
    workshop.open_voting()
    async with _client() as http:
        status, _ = await _post(http, running, _vote(running, "enhet-11111111", "vent"))
        assert status == 200
        url = f"{running.url}api/state"
        async with http.get(url, params={"code": running.join_code, "device": "enhet-11111111"}) as response:
            state = await response.json()
        assert response.status == 200
        assert state["phase"] == "voting" and state["voted"] is True and state["results"] is None
        assert [o["id"] for o in state["options"]] == OPTIONS
        assert state["question"] == "Hva gjør dere først?"
        async with http.get(url, params={"code": running.join_code.lower()}) as response:
            assert response.status == 200 and (await response.json())["voted"] is False
        workshop.reveal()
        async with http.get(url, params={"code": running.join_code}) as response:
            revealed = await response.json()
        assert revealed["phase"] == "revealed" and revealed["results"]["majority"] == "vent"
        async with http.get(url, params={"code": "ZZZZ"}) as response:
            assert response.status == 403 and "Feil kode" in (await response.json())["error"]


async def test_wrong_code_is_403_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    wrong = "A" * 4 if running.join_code != "AAAA" else "BBBB"
    async with _client() as http:
        status, body = await _post(http, running, _vote(running, "enhet-22222222", "vent", code=wrong))
    assert status == 403 and body == {"ok": False, "error": "Feil kode. Sjekk koden som vises på skjermen."}
    assert _snapshot(workshop, store) == before


async def test_closed_or_unknown_decision_is_409_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    async with _client() as http:
        before = _snapshot(workshop, store)
        status, body = await _post(http, running, _vote(running, "enhet-33333333", "vent"))  # not opened yet
        assert status == 409 and "ikke åpnet" in body["error"]
        assert _snapshot(workshop, store) == before

        workshop.open_voting()
        before = _snapshot(workshop, store)
        status, _ = await _post(http, running, _vote(running, "enhet-33333333", "vent", decision=7))
        assert status == 409
        assert _snapshot(workshop, store) == before

        workshop.reveal()
        before = _snapshot(workshop, store)
        status, body = await _post(http, running, _vote(running, "enhet-33333333", "vent"))
        assert status == 409 and "lukket" in body["error"]
        assert _snapshot(workshop, store) == before


@pytest.mark.parametrize(
    ("payload", "headers"),
    [
        (b"{not json", {"Content-Type": "application/json"}),
        (b"[1, 2, 3]", {"Content-Type": "application/json"}),
        (b'{"code": "X"}', {"Content-Type": "application/json"}),
        (b"\xff\xfe", {"Content-Type": "application/json"}),
        ("TYPED", {"Content-Type": "text/plain"}),  # filled in below: a valid vote, but not sent as JSON
        (b"[" * 1000 + b"]" * 1000, {"Content-Type": "application/json"}),  # 2 KB, nested 1,000 deep
    ],
    ids=["malformed", "not-an-object", "missing-fields", "not-utf8", "wrong-content-type", "nested-1000-deep"],
)
async def test_malformed_payload_is_400_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer, payload: object, headers: dict
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    if payload == "TYPED":
        payload = json.dumps(_vote(running, "enhet-44444444", "vent")).encode()
    async with _client() as http:
        status, body = await _post(http, running, None, data=payload, headers=headers)
    assert status == 400 and body["ok"] is False and body["error"]
    assert _snapshot(workshop, store) == before


@pytest.mark.parametrize(
    "change",
    [
        {"option": "finnes-ikke"},
        {"decision": "0"},
        {"decision": True},
        {"option": 2},
        {"device": "kort"},
        {"device": "ugyldig tegn <script>"},
        {"code": 1234},
    ],
)
async def test_bad_fields_are_400_and_change_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer, change: dict
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    body = {**_vote(running, "enhet-55555555", "vent"), **change}
    async with _client() as http:
        status, answer = await _post(http, running, body)
    assert status == 400 and answer["ok"] is False
    assert _snapshot(workshop, store) == before


async def test_oversized_body_is_413_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    big = {**_vote(running, "enhet-66666666", "vent"), "padding": "x" * 3000}

    async def chunks():  # no Content-Length: the limit must hold for a streamed body too
        yield json.dumps(big).encode()

    async with _client() as http:
        status, body = await _post(http, running, big)
        assert status == 413 and body["error"] == "Forespørselen er for stor."
        status, _ = await _post(http, running, None, data=chunks(), headers={"Content-Type": "application/json"})
        assert status == 413
    assert _snapshot(workshop, store) == before


async def test_many_wrong_codes_are_slowed_down(
    workshop: WorkshopSession, running: VotingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "MAX_FAILED_CODES", 3)
    workshop.open_voting()
    wrong = "A" * 4 if running.join_code != "AAAA" else "BBBB"
    async with _client() as http:
        statuses = [
            (await _post(http, running, _vote(running, "enhet-77777777", "vent", code=wrong)))[0] for _ in range(4)
        ]
        assert statuses == [403, 403, 403, 429]
        status, _ = await _post(http, running, _vote(running, "enhet-77777777", "vent"))
        assert status == 429  # even the right code waits
    assert workshop.progress().devices == 0  # type: ignore[union-attr]


async def test_page_is_self_contained_and_norwegian(running: VotingServer) -> None:
    async with _client() as http, http.get(running.url) as response:
        page = await response.text()
        headers = response.headers
    assert response.status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<html lang="nb">' in page and "Skriv koden du ser på skjermen" in page
    assert "Takk – stemmen er registrert" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "http://" not in page and "https://" not in page
    assert "localStorage" in page and "/api/vote" in page
    assert "script-src 'sha256-" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_unknown_api_path_answers_json(running: VotingServer) -> None:
    async with _client() as http:
        async with http.get(f"{running.url}api/finnes-ikke") as response:
            assert response.status == 404 and (await response.json())["ok"] is False
        async with http.get(f"{running.url}api/vote") as response:
            assert response.status == 405


def test_binds_loopback_by_default_and_stops(scenario: Scenario) -> None:
    workshop = WorkshopSession(scenario)
    server = VotingServer(workshop)
    assert server.host == "127.0.0.1" and server.loopback_only
    server.start()
    port = server.port
    assert server.url == f"http://127.0.0.1:{port}/" and server.running
    assert server.join_url.endswith(f"?kode={server.join_code}")
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    server.stop()
    assert not server.running
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    server.stop()  # twice is fine


def test_a_taken_port_is_reported_in_norwegian(scenario: Scenario) -> None:
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen()
    try:
        server = VotingServer(WorkshopSession(scenario), port=blocker.getsockname()[1])
        with pytest.raises(VotingServerError, match="opptatt"):
            server.start()
        assert not server.running
    finally:
        blocker.close()


def test_join_codes_are_short_and_unambiguous() -> None:
    codes = {make_join_code() for _ in range(300)}
    assert len(codes) > 250
    for code in codes:
        assert len(code) == 4 and set(code) <= set(JOIN_ALPHABET)
    assert not set("0O1IL") & set(JOIN_ALPHABET)


def test_qr_code_for_the_terminal() -> None:
    text = server_module.qr_text("http://127.0.0.1:8765/?kode=ABCD")
    lines = text.splitlines()
    assert len(lines) > 10 and all(set(line) <= set(" \xa0█▀▄") for line in lines)


def test_votes_reach_the_store_as_they_arrive(tmp_path: Path, scenario: Scenario) -> None:
    """A vote answered 200 is already in the file: a second connection sees it before anything else happens."""
    import urllib.request

    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.open_voting()
        with VotingServer(workshop, port=0) as server:
            body = json.dumps(_vote(server, "enhet-88888888", "ledende")).encode()
            request = urllib.request.Request(
                f"{server.url}api/vote", data=body, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=LIMIT) as response:
                assert response.status == 200
            with WorkshopStore(path) as other:
                assert list(other.device_votes(workshop.workshop_id, 0).values()) == ["ledende"]  # type: ignore[arg-type]


def test_the_page_script_joins_and_votes(workshop: WorkshopSession, running: VotingServer, tmp_path: Path) -> None:
    """The page's own JavaScript, run in Node with a minimal DOM, joins with the code from the link and votes."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    script = tmp_path / "page.js"
    script.write_text(server_module._SCRIPT, encoding="utf-8")
    harness = Path(__file__).resolve().parent / "data" / "page_harness.js"
    workshop.open_voting()
    out = subprocess.run(
        [node, str(harness), running.url, running.join_code, str(script)], capture_output=True, text=True, timeout=30
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["joined"] and seen["code"] == running.join_code.lower()
    assert "Mandag morgen" in seen["text"] and "Hva gjør dere først?" in seen["text"]
    assert seen["buttons"] == 3 and seen["enabled"]
    assert seen["status"].startswith("Takk – stemmen er registrert")
    assert "Du venter og ser." in seen["chosen"]
    assert re.fullmatch(r"[0-9a-f]{32}", seen["device"])
    assert workshop.has_voted(seen["device"])
    assert workshop.progress().devices == 1  # type: ignore[union-attr]
