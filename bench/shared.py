"""The kommune's shared store at scale, in a real PostgreSQL (started like the tests start it).

5,000 learners × 40 attempts × 15 decisions (3 million decisions, 200,000 attempts) are loaded with COPY; then:
the coordinator's report for the season (target ≤ 1 s, median of three); 50 writer processes recording
decisions at the same time through the store, as the app does, each one every half second (target p99 ≤ 20 ms);
and a writer killed with SIGKILL in
the middle of an attempt loses nothing it was told had been stored (target 0 lost).
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from typing import Any

LEARNERS = 5_000
ATTEMPTS = 40
DECISIONS = 15
WRITERS = 50
WRITES_EACH = 60
PACE_SECONDS = 0.5
"""Each writer records a decision every half second (100 decisions a second from the 50 together, far more
than people deciding; back to back, the 50 writer processes would only measure this machine's two cores)."""
UNITS = [f"Enhet {n:02d}" for n in range(40)]
RULES = ["VO-01", "VO-02", "TP-01", "TP-03", "SAM-02", "SAM-04", "HV-N0-01", "OPL-04", "MED-01", "DOK-01"]


def _load(url: str, cases: list[str]) -> None:
    """Fill the store with COPY (the store's own writes are timed separately)."""
    import psycopg

    rng = random.Random(7)
    first = date(2026, 8, 1)
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn, conn.cursor() as cur:
        with cur.copy("COPY learners (learner_key, unit, role, joined_at) FROM STDIN") as copy:
            for n in range(LEARNERS):
                copy.write_row((f"l{n:05d}", UNITS[n % len(UNITS)], None, "2026-08-01T08:00:00+00:00"))
        attempts, decisions, rules = io.StringIO(), io.StringIO(), io.StringIO()
        for n in range(LEARNERS):
            for a in range(ATTEMPTS):
                key = f"a{n:05d}{a:02d}"
                day = first + timedelta(days=rng.randrange(330))
                score = rng.randrange(20, 101)
                attempts.write(
                    f"{key}\tl{n:05d}\t{rng.choice(cases)}\tøving\t{UNITS[n % len(UNITS)]}\t\\N\t"
                    f"{day}\t{day}\t{score}\t{'t' if score >= 60 else 'f'}\n"
                )
                for step in range(DECISIONS):
                    decisions.write(f"{key}\t{step}\tnode-{step}\tvalg-{rng.randrange(3)}\n")
                for rule in rng.sample(RULES, rng.randrange(0, 4)):
                    rules.write(f"{key}\t{rule}\n")
        for table, columns, data in (
            ("attempts", "attempt_key, learner_key, case_id, mode, unit, role, started_on, finished_on, score, passed",
             attempts),
            ("attempt_decisions", "attempt_key, step, node_id, choice_id", decisions),
            ("attempt_rules", "attempt_key, rule_id", rules),
        ):  # fmt: skip
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                copy.write(data.getvalue())
        conn.commit()
        conn.autocommit = True
        cur.execute("VACUUM ANALYZE")


def _writer(url: str, index: int, ready: Any, go: Any, out: multiprocessing.Queue[list[float]]) -> None:
    """One laptop: record decisions of a new attempt one by one through the store, timing each. Every writer
    opens its store first and then waits, so the 50 write at the same time (not while others still start)."""
    from trainer.shared.store import AttemptStart, SharedStore

    store = SharedStore(url)
    key = f"w{index:02d}"
    store.join(f"skriver-{index}", UNITS[index % len(UNITS)], None)
    store.start_attempt(AttemptStart(key, f"skriver-{index}", "sak", "øving", None, None, date(2027, 3, 1)))
    ready.release()
    go.wait(300)
    times = []
    rng = random.Random(index)
    time.sleep(rng.random() * PACE_SECONDS)  # the laptops do not click in step
    for step in range(WRITES_EACH):
        started = time.perf_counter()
        store.record_decision(key, step, f"node-{step}", "valg")
        elapsed = time.perf_counter() - started
        times.append(elapsed)
        time.sleep(max(0.0, PACE_SECONDS - elapsed))
    store.close()
    out.put(times)


KILLED_WRITER = """
import sys
from datetime import date
from trainer.shared.store import AttemptStart, SharedStore
store = SharedStore(sys.argv[1])
store.join("drept", None, None)
store.start_attempt(AttemptStart("drept", "drept", "sak", "øving", None, None, date(2027, 3, 1)))
step = 0
while True:
    store.record_decision("drept", step, f"node-{step}", "valg")
    print(step, flush=True)  # acknowledged: the store said it is stored
    step += 1
"""


def _killed_client(url: str) -> tuple[int, int]:
    """Start a writer, SIGKILL it mid-attempt; (decisions it was told were stored, decisions in the store)."""
    from trainer.shared.store import SharedStore

    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acknowledged = -1
    while acknowledged < 200:
        line = proc.stdout.readline()
        if not line:
            break
        acknowledged = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with SharedStore(url) as store:
        stored = store.learner_data("drept")["decisions"]
    return acknowledged + 1, stored


def run() -> list[tuple[str, str, str]]:
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    from tests import pg_server
    from trainer.library import Library
    from trainer.shared.report import build_report
    from trainer.shared.store import SharedStore
    from trainer.yearplan import bundled_plan_path, load_plan

    server = pg_server.start()
    try:
        url = server.new_database()
        entries = [e for e in Library().entries() if e.ok]
        SharedStore(url).close()  # migrate
        started = time.perf_counter()
        _load(url, [e.id for e in entries])
        loaded = time.perf_counter() - started
        plan = load_plan(bundled_plan_path()).value
        assert plan is not None
        modules = {e.id: tuple(e.modules) for e in entries}
        titles = {e.id: e.title for e in entries}
        with SharedStore(url) as store:
            build_report(store, plan, modules, titles)  # warm the pool and the caches
            samples = []
            for _ in range(3):
                begun = time.perf_counter()
                report = build_report(store, plan, modules, titles)
                samples.append(time.perf_counter() - begun)
        assert report.rules, "the report found no rules: the load did not land"
        context = multiprocessing.get_context("spawn")
        results: multiprocessing.Queue[list[float]] = context.Queue()
        ready, go = context.Semaphore(0), context.Event()
        writers = [context.Process(target=_writer, args=(url, n, ready, go, results)) for n in range(WRITERS)]
        for process in writers:
            process.start()
        for _ in writers:
            ready.acquire(timeout=300)
        go.set()
        times = [t for _ in writers for t in results.get(timeout=300)]
        for process in writers:
            process.join(60)
        told, kept = _killed_client(url)
    finally:
        server.stop()
    times.sort()
    p99 = times[int(len(times) * 0.99)] * 1000
    return [
        (
            f"shared store (PostgreSQL): report, {LEARNERS:,} learners × {ATTEMPTS} attempts × {DECISIONS} decisions",
            f"{statistics.median(samples) * 1000:.0f} ms median (load {loaded:.0f} s)",
            "≤ 1 s",
        ),
        (
            f"shared store: record a decision, {WRITERS} writers at once (each every {PACE_SECONDS} s)",
            f"{p99:.1f} ms p99, {statistics.median(times) * 1000:.1f} ms median ({len(times)} writes)",
            "p99 ≤ 20 ms",
        ),
        (
            "shared store: client killed mid-attempt",
            f"{told - min(told, kept)} of {told} stored decisions lost",
            "0 lost",
        ),
    ]
