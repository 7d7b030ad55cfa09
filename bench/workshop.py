"""A conference room: 300 phones join the voting page and vote at once, on loopback.

The voting page runs as in a workshop (its own thread, every join and vote written to a workshop store in
SQLite before it is answered); the phones run in a second process, so they do not share the page's
interpreter. Each phone has its own cookies. All 300 join with the typed code at once, then all 300 vote at
once. Measured: the p99 of the votes (target ≤ 250 ms) and of the joins (no target: a room joins over a
minute or two, not in one burst), votes lost (target 0), and how long after the last answer the presenter's
count shows every vote (target ≤ 1 s).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

PHONES = 300
OPTIONS = ("observer", "vent", "ledende")
CASE = Path(__file__).resolve().parents[1] / "tests" / "workshop" / "data" / "gruppesak.yaml"


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def _phones(url: str, code: str, count: int) -> dict[str, object]:
    import aiohttp

    timeout = aiohttp.ClientTimeout(total=30)
    sessions = [aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=timeout) for _ in range(count)]
    joins: list[float] = []
    votes: list[float] = []
    failures: list[int] = []

    async def join(http: aiohttp.ClientSession) -> None:
        started = time.perf_counter()
        async with http.post(f"{url}bli-med", data={"kode": code}, allow_redirects=False) as response:
            await response.read()
            if response.status != 303:
                failures.append(response.status)
                return
        joins.append(time.perf_counter() - started)

    async def vote(n: int, http: aiohttp.ClientSession) -> None:
        started = time.perf_counter()
        body = {"decision": 0, "option": OPTIONS[n % len(OPTIONS)]}
        async with http.post(f"{url}api/vote", json=body) as response:
            await response.read()
            if response.status != 200:
                failures.append(response.status)
                return
        votes.append(time.perf_counter() - started)

    try:
        await asyncio.gather(*(join(http) for http in sessions))  # the room scans the QR code …
        await asyncio.sleep(0.5)
        await asyncio.gather(*(vote(n, http) for n, http in enumerate(sessions)))  # … and votes at once
    finally:
        await asyncio.gather(*(http.close() for http in sessions))
    return {"joins": joins, "votes": votes, "failures": failures, "done": time.time()}


def _run_phones(url: str, code: str, count: int, out: multiprocessing.Queue[dict[str, object]]) -> None:
    out.put(asyncio.run(_phones(url, code, count)))


def run() -> list[tuple[str, str, str]]:
    from trainer.scenario.checks import load_checked_scenario
    from trainer.workshop.server import VotingServer
    from trainer.workshop.state import WorkshopSession
    from trainer.workshop.store import WorkshopStore

    scenario = load_checked_scenario(CASE).value
    assert scenario is not None
    with tempfile.TemporaryDirectory() as tmp, WorkshopStore(Path(tmp) / "workshops.sqlite3") as store:
        workshop = WorkshopSession(scenario, recorder=store)
        workshop.open_voting()
        with VotingServer(workshop, port=0) as server:
            context = multiprocessing.get_context("spawn")
            results: multiprocessing.Queue[dict[str, object]] = context.Queue()
            process = context.Process(target=_run_phones, args=(server.url, server.join_code, PHONES, results))
            process.start()
            result = results.get(timeout=120)
            process.join(30)
            answered = float(result["done"])  # type: ignore[arg-type]
            while (progress := workshop.progress()) is not None and progress.devices < PHONES:
                if time.time() - answered > 5:
                    break
                time.sleep(0.01)
            shown_after = max(0.0, time.time() - answered)
            counted = progress.devices if progress is not None else 0
            stored = len(store.device_votes(workshop.workshop_id or 0, 0))
    votes: list[float] = result["votes"]  # type: ignore[assignment]
    joins: list[float] = result["joins"]  # type: ignore[assignment]
    failures: list[int] = result["failures"]  # type: ignore[assignment]
    lost = PHONES - min(counted, stored)
    p99 = _percentile(votes, 0.99) * 1000 if votes else float("nan")
    join_p99 = _percentile(joins, 0.99) * 1000 if joins else float("nan")
    median = statistics.median(votes) * 1000 if votes else float("nan")
    return [
        (
            f"workshop: {PHONES} phones vote at once (p99)",
            f"{p99:.0f} ms p99, {median:.0f} ms median (join p99 {join_p99:.0f} ms)",
            "≤ 250 ms p99",
        ),
        (
            f"workshop: votes lost of {PHONES}",
            f"{lost} lost ({len(failures)} refused), "
            f"tally {counted}/{PHONES} {shown_after * 1000:.0f} ms after the last answer",
            "0 lost, tally right ≤ 1 s",
        ),
    ]
