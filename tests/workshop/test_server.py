"""The voting server on loopback: phones join (typed code or QR link) and vote with or without JavaScript;
one phone one vote; a join code that holds; errors that change nothing; half-sent requests time out.

Every network test is bounded: aiohttp's total timeout and ``asyncio.wait_for`` (20 s), servers on port 0.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import socket
import time
from pathlib import Path

import aiohttp
import pytest

from trainer.scenario.model import Scenario
from trainer.workshop import access as access_module
from trainer.workshop import page as page_module
from trainer.workshop import server as server_module
from trainer.workshop.access import COOKIE_NAME, JOIN_ALPHABET, JoinAccess, make_join_code
from trainer.workshop.server import VotingServer, VotingServerError
from trainer.workshop.state import RestoreData, WorkshopSession, device_key
from trainer.workshop.store import WorkshopStore

from .phones import LIMIT, Phone

OPTIONS = ["observer", "vent", "ledende"]


def _client() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=LIMIT))


def _wrong(code: str) -> str:
    return "AAAA" if code != "AAAA" else "BBBB"


def _snapshot(workshop: WorkshopSession, store: WorkshopStore) -> tuple:
    assert workshop.workshop_id is not None
    current = workshop.current
    return (
        store.device_votes(workshop.workshop_id, 0),
        workshop.progress(),
        dict(current.device_votes) if current else None,
        workshop.phase,
    )


async def _joined(server: VotingServer) -> Phone:
    phone = Phone(server.url)
    assert await phone.join(server.join_code) == 303
    return phone


# ---------------------------------------------------------------------------------------- one phone, one vote


async def test_sixty_phones_join_and_vote_concurrently(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    workshop.open_voting()
    phones = [Phone(running.url) for _ in range(60)]
    try:
        assert await asyncio.wait_for(asyncio.gather(*(p.join(running.join_code) for p in phones)), LIMIT) == [303] * 60
        first = {n: OPTIONS[n % 3] for n in range(60)}
        again = {n: OPTIONS[(n + 1) % 3] for n in range(60) if n % 4 == 0}  # 15 change their mind
        results = await asyncio.wait_for(asyncio.gather(*(phones[n].vote(o) for n, o in first.items())), LIMIT)
        results += await asyncio.wait_for(asyncio.gather(*(phones[n].vote(o) for n, o in again.items())), LIMIT)
        tokens = [p.token for p in phones]
    finally:
        await asyncio.gather(*(p.close() for p in phones))

    assert [status for status, _ in results] == [200] * 75
    assert all(body["message"] == "Takk – stemmen er registrert" for _, body in results)
    assert [body["replaced"] for _, body in results] == [False] * 60 + [True] * 15
    assert workshop.joined_count == 60 and len(set(tokens)) == 60
    expected = {**first, **again}
    devices = [running.access.device_of(t) for t in tokens]
    stored = store.device_votes(workshop.workshop_id, 0)  # type: ignore[arg-type]
    assert stored == {device_key(workshop.device_salt, d): expected[n] for n, d in enumerate(devices)}  # type: ignore[arg-type]
    tally = workshop.reveal()
    assert tally.device_total == 60 and running.stats()["accepted"] == 75


async def test_invented_device_ids_count_for_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    """The old attack: 100 votes from one address with made-up device IDs. Only tokens the server issued count."""
    workshop.open_voting()
    before = _snapshot(workshop, store)
    other = JoinAccess("a-different-workshop").issue_token()  # signed, but for another workshop
    forged = f"{'A' * 22}.{'B' * 22}"
    async with _client() as http:
        statuses = []
        for n in range(100):
            body = {"code": running.join_code, "decision": 0, "option": "vent", "device": f"enhet-{n:08d}"}
            async with http.post(f"{running.url}api/vote", json=body) as response:
                statuses.append(response.status)
        for token in (other, forged, "tull"):
            async with http.post(
                f"{running.url}api/vote", json={"decision": 0, "option": "vent"}, cookies={COOKIE_NAME: token}
            ) as response:
                statuses.append(response.status)
                assert "Bli med" in (await response.json())["error"]
    assert statuses == [401] * 103
    assert _snapshot(workshop, store) == before and workshop.joined_count == 0


async def test_a_phone_keeps_one_vote_when_it_joins_again(workshop: WorkshopSession, running: VotingServer) -> None:
    workshop.open_voting()
    async with await _joined(running) as phone:
        token = phone.token
        assert (await phone.vote("vent"))[0] == 200
        assert await phone.join(running.join_code) == 303  # typing the code again keeps the token
        assert await phone.scan(running.join_url) == 303
        assert phone.token == token
        status, body = await phone.vote("observer")
    assert status == 200 and body["replaced"] is True
    assert workshop.progress().devices == 1 and workshop.joined_count == 1  # type: ignore[union-attr]


async def test_tokens_survive_a_resume_and_the_joined_count_is_kept(scenario: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.open_voting()
        with VotingServer(workshop, port=0) as server:
            async with await _joined(server) as phone:
                assert (await phone.vote("vent"))[0] == 200
                token = phone.token
        assert workshop.workshop_id is not None
        data: RestoreData = store.restore_data(workshop.workshop_id)
    with WorkshopStore(path) as store:
        resumed, _ = WorkshopSession.restore(scenario, data, recorder=store)
        assert resumed.joined_count == 1
        with VotingServer(resumed, port=0) as server:
            async with Phone(server.url, token) as phone:
                status, body = await phone.vote("observer")
        assert status == 200 and body["replaced"] is True
        assert resumed.progress().devices == 1 and resumed.joined_count == 1  # type: ignore[union-attr]


# ---------------------------------------------------------------------------------------- a join code that holds


async def test_the_qr_link_joins_without_the_code_and_a_wrong_link_does_not(running: VotingServer) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/inn/[A-Za-z0-9_-]{22}", running.join_url)
    assert running.join_code not in running.join_url
    async with Phone(running.url) as phone:
        assert await phone.scan(f"{running.url}inn/{'x' * 22}") == 403 and phone.token is None
        assert await phone.scan(running.join_url) == 303 and phone.token is not None
        assert (await phone.page())[0] == 200


async def test_wrong_codes_share_one_budget_and_the_qr_link_still_works(
    workshop: WorkshopSession, running: VotingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrong codes count per join code, not per address: a room behind one router types freely until the
    budget is spent, then the typed code is shut for everyone until a new code is drawn."""
    monkeypatch.setattr(access_module, "WRONG_CODE_BUDGET", 4)
    changes: list[int] = []
    running.on_access_change = lambda server: changes.append(server.access.wrong_codes)
    wrong = _wrong(running.join_code)
    phones = [Phone(running.url) for _ in range(4)]
    try:
        assert [await p.join(wrong) for p in phones[:3]] == [403, 403, 403]
        assert await phones[3].join(running.join_code) == 303  # three typos in the room: the right code works
        assert await phones[0].join(wrong) == 403  # the fourth wrong code spends the budget
        assert await phones[1].join(running.join_code) == 429  # now even the right code is refused …
        status, page = await phones[1].page()
        assert status == 200 and "Skann QR-koden" in page and 'action="/bli-med"' not in page
        assert await phones[1].scan(running.join_url) == 303  # … but the QR link works
        old = running.join_code
        new = running.new_code()
        assert new != old or len(JOIN_ALPHABET) ** 4 == 1
        assert await phones[2].join(new) == 303
        assert await phones[0].join(old if old != new else wrong) == 403
    finally:
        await asyncio.gather(*(p.close() for p in phones))
    assert changes == [1, 2, 3, 4, 0, 1]
    assert workshop.joined_count == 3


def test_the_budget_bounds_a_guesser_and_leaves_a_room_its_typos() -> None:
    access = JoinAccess("salt", join_code="K7QM")
    tries = [access.check_code(make_join_code()) for _ in range(access_module.WRONG_CODE_BUDGET * 3)]
    assert tries.count(None) >= access_module.WRONG_CODE_BUDGET * 2  # shut after the budget, whoever tries
    assert access.check_code("K7QM") is None and not access.code_open
    # the README's figure: at most WRONG_CODE_BUDGET guesses at one of 31⁴ codes
    assert len(JOIN_ALPHABET) ** 4 / access_module.WRONG_CODE_BUDGET > 18_000
    fresh = JoinAccess("salt", join_code="K7QM", wrong_codes=access_module.WRONG_CODE_BUDGET - 1)
    assert fresh.check_code("k7-qm") is True  # the last try left, typed loosely


# ---------------------------------------------------------------------------------------- voting without JavaScript


async def test_join_vote_and_change_it_with_plain_forms(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    async with Phone(running.url) as phone:
        status, page = await phone.page()
        assert status == 200 and '<form method="post" action="/bli-med"' in page and 'name="kode"' in page
        status, page = await phone.page()
        async with phone.http.get(f"{running.url}?kode={running.join_code}") as response:
            assert f'value="{running.join_code}"' in await response.text()  # a shared link fills in the code
        assert await phone.join(running.join_code.lower()) == 303

        status, page = await phone.page()  # intro: the question is there, the buttons are not yet open
        assert status == 200 and "Hva gjør dere først?" in page and "Avstemningen åpner snart" in page
        assert page.count('name="valg"') == 3 and page.count(" disabled>") == 3

        workshop.open_voting()
        status, page = await phone.page()
        assert '<noscript><meta http-equiv="refresh"' in page
        assert '<form method="post" action="/stem">' in page and " disabled>" not in page
        assert "Trykk på det du ville gjort." in page

        status, page = await phone.vote_form("vent")  # the form answers 303 and the browser shows the page
        assert status == 200 and "Takk – stemmen er registrert" in page
        assert re.search(r'value="vent" class="valgt" aria-pressed="true"><b>[A-C]</b> Du venter og ser\.', page)
        status, page = await phone.vote_form("observer")
        assert status == 200 and re.search(r'value="observer" class="valgt"', page)
        assert workshop.progress().devices == 1  # type: ignore[union-attr]

        before = _snapshot(workshop, store)
        status, page = await phone.vote_form("finnes-ikke")
        assert status == 400 and "Ukjent valg" in page
        status, page = await phone.vote_form("vent", decision="tull")
        assert status == 400 and "Ugyldig beslutning" in page
        assert _snapshot(workshop, store) == before

        workshop.reveal()
        status, page = await phone.vote_form("vent")
        assert status == 409 and "lukket" in page
        assert _snapshot(workshop, store)[0] == before[0]
        status, page = await phone.page()
        assert "Resultatet vises på skjermen." in page and "1 stemme (100 %)" in page
        assert '<meter min="0" max="100" value="100">' in page


async def test_a_form_without_a_token_is_sent_to_join(workshop: WorkshopSession, running: VotingServer) -> None:
    workshop.open_voting()
    async with Phone(running.url) as phone:
        status, page = await phone.vote_form("vent")
    assert status == 401 and "Bli med med koden først." in page and 'action="/bli-med"' in page
    assert workshop.progress().devices == 0  # type: ignore[union-attr]


async def test_phones_wait_for_the_projector_before_the_next_question(
    workshop: WorkshopSession, running: VotingServer
) -> None:
    workshop.open_voting()
    async with await _joined(running) as phone:
        assert (await phone.vote("vent"))[0] == 200
        workshop.reveal()
        workshop.advance()
        status, page = await phone.page()  # the projector shows what the choice led to
        assert "Følg med på skjermen" in page and "Du venter og ser." in page and 'name="valg"' not in page
        _, state = await phone.state()
        assert state["phase"] == "waiting" and state["chosen"]["text"] == "Du venter og ser."
        workshop.present()  # the presenter moves on
        _, page = await phone.page()
        assert 'name="valg"' in page and "Følg med på skjermen" not in page


# ---------------------------------------------------------------------------------------- the script's API


async def test_state_is_hidden_until_the_reveal(workshop: WorkshopSession, running: VotingServer) -> None:
    workshop.open_voting()
    async with _client() as http, http.get(f"{running.url}api/state") as response:
        assert response.status == 401 and "Bli med" in (await response.json())["error"]
    async with await _joined(running) as phone:
        assert (await phone.vote("vent"))[0] == 200
        status, state = await phone.state()
        assert status == 200 and state["phase"] == "voting" and state["voted"] is True and state["results"] is None
        assert state["mine"] == "vent" and sorted(o["id"] for o in state["options"]) == sorted(OPTIONS)
        assert "Takk – stemmen er registrert" in state["html"] and "stemmer (" not in state["html"]
        key = state["key"]
        workshop.set_countdown(120)
        _, counting = await phone.state()
        assert counting["key"] == key and counting["countdown"] == 120  # the countdown does not change the card
        workshop.reveal()
        _, revealed = await phone.state()
    assert revealed["phase"] == "revealed" and revealed["results"]["majority"] == "vent"
    assert revealed["key"] != key and "1 stemme (100 %)" in revealed["html"]


async def test_closed_or_unknown_decision_is_409_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    async with await _joined(running) as phone:
        before = _snapshot(workshop, store)
        status, body = await phone.vote("vent")  # not opened yet
        assert status == 409 and "ikke åpnet" in body["error"]
        assert _snapshot(workshop, store) == before
        workshop.open_voting()
        before = _snapshot(workshop, store)
        assert (await phone.vote("vent", decision=7))[0] == 409
        assert _snapshot(workshop, store) == before
        workshop.reveal()
        before = _snapshot(workshop, store)
        status, body = await phone.vote("vent")
        assert status == 409 and "lukket" in body["error"]
        assert _snapshot(workshop, store) == before


@pytest.mark.parametrize(
    ("payload", "headers"),
    [
        (b"{not json", {"Content-Type": "application/json"}),
        (b"[1, 2, 3]", {"Content-Type": "application/json"}),
        (b'{"option": "vent"}', {"Content-Type": "application/json"}),
        (b"\xff\xfe", {"Content-Type": "application/json"}),
        (b'{"decision": 0, "option": "vent"}', {"Content-Type": "text/plain"}),
        (b"[" * 1000 + b"]" * 1000, {"Content-Type": "application/json"}),  # 2 KB, nested 1,000 deep
        (b'{"decision": 0, "option": "finnes-ikke"}', {"Content-Type": "application/json"}),
        (b'{"decision": "0", "option": "vent"}', {"Content-Type": "application/json"}),
        (b'{"decision": true, "option": "vent"}', {"Content-Type": "application/json"}),
        (b'{"decision": 0, "option": 2}', {"Content-Type": "application/json"}),
    ],
    ids=[
        "malformed",
        "not-an-object",
        "missing-field",
        "not-utf8",
        "wrong-content-type",
        "nested-1000-deep",
        "unknown-option",
        "decision-as-text",
        "decision-as-bool",
        "option-as-number",
    ],
)
async def test_malformed_votes_are_400_and_change_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer, payload: bytes, headers: dict
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    async with await _joined(running) as phone:
        async with phone.http.post(f"{running.url}api/vote", data=payload, headers=headers) as response:
            status, body = response.status, json.loads(await response.text())
    assert status == 400 and body["ok"] is False and body["error"]
    assert _snapshot(workshop, store) == before


async def test_oversized_body_is_413_and_changes_nothing(
    workshop: WorkshopSession, store: WorkshopStore, running: VotingServer
) -> None:
    workshop.open_voting()
    before = _snapshot(workshop, store)
    big = {"decision": 0, "option": "vent", "padding": "x" * 3000}

    async def chunks():  # no Content-Length: the limit must hold for a streamed body too
        yield json.dumps(big).encode()

    async with await _joined(running) as phone:
        async with phone.http.post(f"{running.url}api/vote", json=big) as response:
            assert response.status == 413 and (await response.json())["error"] == "Forespørselen er for stor."
        headers = {"Content-Type": "application/json"}
        async with phone.http.post(f"{running.url}api/vote", data=chunks(), headers=headers) as response:
            assert response.status == 413
        async with phone.http.post(f"{running.url}stem", data={"valg": "x" * 3000}) as response:
            assert response.status == 413 and "for stor" in await response.text()
    assert _snapshot(workshop, store) == before


async def test_half_sent_requests_time_out(running: VotingServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A body that never completes is answered 408; a request whose headers never complete is cut off."""
    monkeypatch.setattr(server_module, "BODY_TIMEOUT_SECONDS", 0.5)

    def half_body() -> bytes:
        with socket.create_connection(("127.0.0.1", running.port), timeout=LIMIT) as conn:
            conn.sendall(
                b"POST /api/vote HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"decision"'
            )
            return conn.recv(200)

    answer = await asyncio.to_thread(half_body)
    assert answer.startswith(b"HTTP/1.1 408")


def test_half_sent_headers_are_cut_off(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server_module, "REQUEST_TIMEOUT_SECONDS", 0.5)
    with VotingServer(WorkshopSession(scenario), port=0) as server:
        with socket.create_connection(("127.0.0.1", server.port), timeout=LIMIT) as conn:
            started = time.monotonic()
            conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # never the blank line
            assert conn.recv(100) == b""
            assert time.monotonic() - started < 5


# ---------------------------------------------------------------------------------------- the page


async def test_page_is_self_contained_norwegian_and_its_policy_comes_from_its_files(running: VotingServer) -> None:
    async with _client() as http, http.get(running.url) as response:
        page = await response.text()
        headers = response.headers
    assert response.status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<html lang="nb">' in page and "Skriv koden du ser på skjermen" in page
    assert not re.search(r"""(src|href|action)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "http://" not in page and "https://" not in page
    folder = Path(page_module.__file__).parent / "page"
    for name, directive in (("stem.js", "script-src"), ("stem.css", "style-src")):
        source = (folder / name).read_text(encoding="utf-8")
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"{directive} 'sha256-{digest}'" in headers["Content-Security-Policy"]
        assert source in page
    assert "form-action 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"


async def test_case_text_is_escaped_on_the_page(workshop: WorkshopSession, running: VotingServer) -> None:
    state = {"phase": "voting", "scenario": "<b>x</b>", "title": "<script>", "question": "a & b", "decision": 0}
    state["options"] = [{"id": '"><img>', "letter": "A", "text": "<i>"}]
    html = page_module.state_card(state)
    assert "<script>" not in html and "<img>" not in html and "<i>" not in html and "a &amp; b" in html


async def test_unknown_paths_answer_in_norwegian(running: VotingServer) -> None:
    async with _client() as http:
        async with http.get(f"{running.url}api/finnes-ikke") as response:
            assert response.status == 404 and (await response.json())["ok"] is False
        async with http.get(f"{running.url}api/vote") as response:
            assert response.status == 405
        async with http.get(f"{running.url}finnes-ikke") as response:
            assert response.status == 404 and "Fant ikke siden." in await response.text()
        async with http.get(f"{running.url}favicon.ico") as response:
            assert response.status == 204


def test_binds_loopback_by_default_and_stops(scenario: Scenario) -> None:
    workshop = WorkshopSession(scenario)
    server = VotingServer(workshop)
    assert server.host == "127.0.0.1" and server.loopback_only
    server.start()
    port = server.port
    assert server.url == f"http://127.0.0.1:{port}/" and server.running
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
    text = server_module.qr_text("http://127.0.0.1:8765/inn/abcdefghijklmnopqrstuv")
    lines = text.splitlines()
    assert len(lines) > 10 and all(set(line) <= set(" \xa0█▀▄") for line in lines)


async def test_votes_reach_the_store_as_they_arrive(tmp_path: Path, scenario: Scenario) -> None:
    """A vote answered 200 is already in the file: a second connection sees it before anything else happens."""
    path = tmp_path / "w.sqlite3"
    with WorkshopStore(path) as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.open_voting()
        with VotingServer(workshop, port=0) as server:
            async with await _joined(server) as phone:
                assert (await phone.vote("ledende"))[0] == 200
                with WorkshopStore(path) as other:
                    assert list(other.device_votes(workshop.workshop_id, 0).values()) == ["ledende"]  # type: ignore[arg-type]


def test_the_page_script_follows_the_card_and_votes(
    workshop: WorkshopSession, running: VotingServer, tmp_path: Path
) -> None:
    """The page's own script, run in Node with a minimal DOM against the live server: it leaves the card alone
    while nothing changes, fills in the countdown, and a tap votes and shows the thanks."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    workshop.open_voting()
    workshop.set_countdown(95)
    token = running.access.issue_token()
    harness = Path(__file__).resolve().parent / "data" / "page_harness.js"
    script = Path(page_module.__file__).parent / "page" / "stem.js"
    state = workshop.public_state(None)
    out = subprocess.run(
        [node, str(harness), running.url, f"{COOKIE_NAME}={token}", str(script), page_module.card_key(state)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["replaced_before_vote"] == 0  # the same card: not rebuilt
    assert re.fullmatch(r"Diskusjon: 1:3\d igjen", seen["countdown"])
    assert seen["sent"] == {"decision": 0, "option": "vent"}
    assert "Takk – stemmen er registrert" in seen["html"] and 'value="vent" class="valgt"' in seen["html"]
    device = running.access.device_of(token)
    assert device is not None and workshop.has_voted(device)
