"""`bti-trener arshjul` and `bti-trener workshop` run as a facilitator runs them (subprocess, piped input)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import queue
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from trainer.option_order import shown_order
from trainer.scenario.load import load_scenario

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("tests/workshop/data")
CASE = str(DATA / "gruppesak.yaml")
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) (?P<message>\S.*)$")


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(data), "PYTHONIOENCODING": "utf-8"}


def run(data: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    out = subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        cwd=ROOT,
        env=_env(data),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in out.stdout + out.stderr, out.stdout + out.stderr
    return out


# -- arshjul ------------------------------------------------------------------------------------------


def test_arshjul_check_passes_for_a_complete_plan(tmp_path: Path) -> None:
    out = run(tmp_path, "arshjul", str(DATA / "arshjul-ok.yaml"), "--check", "--library", str(DATA))
    assert out.returncode == 0, out.stdout
    assert out.stdout.strip().splitlines()[-1] == (
        "tests/workshop/data/arshjul-ok.yaml: årshjulet er i orden, 0 advarsler "
        "(4 økter, 9 av 9 kompetansemoduler, 1 av 1 saker finnes i biblioteket)"
    )


def test_arshjul_check_fails_with_file_line_problems(tmp_path: Path) -> None:
    out = run(tmp_path, "arshjul", str(DATA / "arshjul-mangler.yaml"), "--check", "--library", str(DATA))
    assert out.returncode == 1
    lines = out.stdout.strip().splitlines()
    assert lines[-1].startswith("tests/workshop/data/arshjul-mangler.yaml: 5 feil, 2 advarsler")
    problems = [LINE.match(line) for line in lines[:-1]]
    assert all(problems), lines
    codes = {(m["code"], int(m["line"])) for m in problems if m}
    assert ("ARS001", 12) in codes and ("ARS001", 18) in codes and ("ARS003", 6) in codes


def test_arshjul_broken_file_gives_schema_errors(tmp_path: Path) -> None:
    out = run(tmp_path, "arshjul", str(DATA / "arshjul-feil.yaml"))
    assert out.returncode == 1
    assert "tests/workshop/data/arshjul-feil.yaml:8:12: SCH003" in out.stdout
    assert "tests/workshop/data/arshjul-feil.yaml:14:5: SCH002 ukjent felt «titel» – mente du «title»?" in out.stdout


def test_arshjul_shows_the_year_with_this_month_marked(tmp_path: Path) -> None:
    out = run(tmp_path, "arshjul", "--today", "2026-10-05")
    assert out.returncode == 0
    marked = [line for line in out.stdout.splitlines() if "▶ denne måneden" in line]
    assert len(marked) == 1 and "oktober" in marked[0] and "[okt-undringssamtale-barn]" in marked[0]
    assert marked[0].startswith("▶")
    assert "Koppen som fløy (koppen-som-flaug)" in out.stdout
    assert "bti-trener workshop --session okt-undringssamtale-barn" in out.stdout
    july = run(tmp_path, "arshjul", "--today", "2027-07-10")
    assert "▶ denne måneden" not in july.stdout and "Ingen økt i juli" in july.stdout


def test_arshjul_usage_errors(tmp_path: Path) -> None:
    assert run(tmp_path, "arshjul", "finnes-ikke.yaml").returncode == 2
    out = run(tmp_path, "arshjul", "--today", "i morgen")
    assert out.returncode == 2 and "ugyldig dato" in out.stderr


# -- workshop, piped ----------------------------------------------------------------------------------

def _letters(node_id: str) -> dict[str, str]:
    """The letter each option of ``node_id`` is shown under in the first workshop of a fresh store (the
    options are shown in an order drawn per workshop, keyed on its number)."""
    node = load_scenario(Path(CASE)).value.nodes[node_id]  # type: ignore[union-attr]
    return {c.id: chr(ord("A") + i) for i, c in enumerate(shown_order(1, node_id, node.choices))}


MORNING = _letters("morgen")


def _hands(**counts: int) -> str:
    """``h`` arguments for the first decision: the hands for each option ID, in the order shown."""
    return " ".join(str(counts.get(c, 0)) for c in sorted(MORNING, key=MORNING.__getitem__))


HANDS = _hands(observer=4, vent=1)
SCRIPT = f"""\
p Solsikken 8
p Blåklokka 6
navn Kari Testesen
d 3
v
n
h {HANDS}
v
r
n {MORNING["vent"]} utforske mindretallets vei
h 3
r
n
note Gruppa ble <uenig> om | ordvalg
h 2 2
r
n
n A
note Avslutning
q
"""


def test_piped_workshop_runs_to_the_end_and_exports(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = run(data, "workshop", CASE, "--port", "0", "--unit", "Solsikken barnehage", stdin=SCRIPT)
    assert out.returncode == 0, out.stdout + out.stderr
    text = out.stdout
    assert "Workshop: Gruppesaken" in text and "Beslutning 1 · Mandag morgen" in text
    assert re.search(r"Stem på mobilen – kode: [A-Z2-9]{4}", text)
    # 127.0.0.1 is not offered to phones as an address: the projector says they cannot join yet
    assert "Telefonene kan ikke bli med ennå: stemmesiden er bare åpen på denne maskinen." in text
    assert "Adresse: http://127.0.0.1" not in text
    assert re.search(r"\(Stemmesiden på denne maskinen: http://127\.0\.0\.1:\d+/\)", text)
    assert "Til diskusjon: Hva gjør dere først?" in text
    assert "Vis resultatet før dere går videre." in text  # n before r
    assert "Stemmer så langt: 0 fra mobil, 5 hender – 5 totalt." in text
    observer, wait = MORNING["observer"], MORNING["vent"]
    assert f"Flertall: {observer} – Du skriver ned det du ser." in text
    assert f"Gruppa går videre med {wait} (overstyrt – flertallet stemte {observer}): Du venter og ser." in text
    assert "Uavgjort mellom A og B" in text and "Skriv f.eks. «n A»." in text
    assert "Gruppa går videre med A (valgt av fasilitator – ikke klart flertall)" in text
    assert "Slutt: Emma forteller" in text and "Gruppas resultat:" in text
    paths = dict(re.findall(r"^  (Markdown|HTML|CSV \(året\)): +(.+)$", text, flags=re.M))
    markdown = Path(paths["Markdown"])
    assert markdown.parent == data / "eksport" and markdown.exists()
    assert Path(paths["HTML"]).exists() and Path(paths["CSV (året)"]).exists()
    summary = markdown.read_text(encoding="utf-8")
    assert "| Enhet | Solsikken barnehage |" in summary
    assert "| Deltakere | 14 (Solsikken: 8, Blåklokka: 6) |" in summary
    assert "| Navn | Kari Testesen |" in summary
    assert f"| {observer}. Du skriver ned det du ser. | 4 | 0 | 4 |" in summary
    assert "overstyrte flertallet" in summary
    assert "Gruppa ble \\<uenig\\> om \\| ordvalg" in summary
    assert "- Avslutning" in summary
    conn = sqlite3.connect(data / "workshops.sqlite3")
    (finished, ending, decisions) = conn.execute("SELECT finished_at, ending, decision_count FROM workshops").fetchone()
    conn.close()
    assert finished and ending == "god-slutt" and decisions == 3


def test_end_of_input_finishes_like_q(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = run(data, "workshop", CASE, "--no-server", stdin="h 1 0 0\nr\n")
    assert out.returncode == 0, out.stderr
    assert "Uten stemmeside" in out.stdout
    assert "Workshop 1 er avsluttet før slutten." in out.stdout
    assert list((data / "eksport").glob("workshop-*-gruppesak-1.md"))


def test_workshop_from_an_arshjul_session(tmp_path: Path) -> None:
    data = tmp_path / "data"
    args = ("workshop", CASE, "--session", "okt-samtale", "--arshjul", str(DATA / "arshjul-ok.yaml"), "--no-server")
    out = run(data, *args, stdin="h 2 0 0\nr\nn\nh 1 0\nr\nn\nq\n")
    assert out.returncode == 0, out.stderr
    assert "Tema: Samtalen med barn: Åpne spørsmål. · Enhet: BTI-forum Test" in out.stdout
    csv_text = (data / "eksport" / "workshops-2026-2027.csv").read_bytes().decode("utf-8-sig")
    row = csv_text.splitlines()[1].split(";")
    assert row[1:5] == ["okt-samtale", "Samtalen med barn: Åpne spørsmål.", "BTI-forum Test", "0"]
    # the year view now counts the workshop
    year = run(data, "arshjul", str(DATA / "arshjul-ok.yaml"), "--library", str(DATA), "--today", "2026-10-01")
    assert "kjørt 1 gang i BTI-trener" in year.stdout


def test_unknown_session_and_missing_case(tmp_path: Path) -> None:
    out = run(
        tmp_path, "workshop", "--session", "finnes-ikke", "--arshjul", str(DATA / "arshjul-ok.yaml"), "--no-server"
    )
    assert out.returncode == 1 and "fant ingen økt «finnes-ikke»" in out.stderr and "okt-samtale" in out.stderr
    out = run(tmp_path, "workshop", "finnes-ikke-sak", "--no-server")
    assert out.returncode == 1 and "LIB001" in out.stderr
    out = run(tmp_path, "workshop")
    assert out.returncode == 2


def test_a_corrupt_database_is_reported_in_norwegian(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "workshops.sqlite3").write_bytes(b"ikke en database " * 300)
    out = run(data, "workshop", CASE, "--no-server", stdin="q\n")
    assert out.returncode == 1
    assert "er skadet eller er ikke en BTI-trener-database" in out.stderr


def test_resume_continues_where_it_stopped(tmp_path: Path) -> None:
    data = tmp_path / "data"
    # the first run is stopped hard after a vote (nothing is finished)
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "workshop", CASE, "--no-server"],
        cwd=ROOT, env=_env(data), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    proc.stdin.write(f"h {_hands(vent=3)}\nr\nn\nh 1\nv\n")
    proc.stdin.flush()
    lines = _Lines(proc.stdout)
    lines.until(lambda line: line.startswith("Stemmer så langt: 0 fra mobil, 1 hånd"))
    proc.kill()
    proc.wait(timeout=20)
    out = run(data, "workshop", "--resume", "1", "--no-server", stdin="v\nr\nn\nq\n")
    assert out.returncode == 0, out.stderr
    assert "Beslutning 2 · En uke senere" in out.stdout
    assert "Stemmer så langt: 0 fra mobil, 1 hånd – 1 totalt." in out.stdout


# -- workshop with phones -----------------------------------------------------------------------------


class _Lines:
    """Lines from a process's output, read in a thread so every wait is bounded."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:  # type: ignore[no-untyped-def]
        for line in stream:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def until(self, predicate, timeout: float = 20.0) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, "timed out; output so far:\n" + "\n".join(self.seen)
            try:
                line = self.queue.get(timeout=remaining)
            except queue.Empty:
                continue
            assert line is not None, "process ended; output:\n" + "\n".join(self.seen)
            self.seen.append(line)
            if predicate(line):
                return line


class _Phone:
    """A phone for a program in another process: urllib with its own cookies, joined with the typed code."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def join(self, code: str) -> int:
        form = urllib.parse.urlencode({"kode": code}).encode()
        try:
            with self.opener.open(f"{self.url}bli-med", data=form, timeout=10) as response:
                return response.status  # 200: the redirect to the page was followed
        except urllib.error.HTTPError as error:
            return error.code

    def vote(self, option: str, decision: int = 0) -> int:
        body = json.dumps({"decision": decision, "option": option}).encode()
        request = urllib.request.Request(f"{self.url}api/vote", data=body, headers={"Content-Type": "application/json"})
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def test_phones_vote_while_the_facilitator_types(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "workshop", CASE, "--port", "0"],
        cwd=ROOT, env=_env(data), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8",
    )  # fmt: skip
    assert proc.stdin and proc.stdout
    try:
        lines = _Lines(proc.stdout)
        code = lines.until(lambda line: line.startswith("Stem på mobilen – kode: ")).rsplit(" ", 1)[1]
        url = lines.until(lambda line: line.startswith("(Stemmesiden på denne maskinen: ")).split(": ", 1)[1][:-1]
        lines.until(lambda line: line.startswith("Avstemningen er åpen."))

        phones = [_Phone(url) for _ in range(3)]
        assert [phones[0].join(code), phones[1].join(code.lower()), phones[2].join("XXXX")] == [200, 200, 403]
        assert [phone.vote("vent") for phone in phones] == [200, 200, 401]

        def send(command: str) -> None:
            assert proc.stdin is not None
            proc.stdin.write(command + "\n")
            proc.stdin.flush()

        send(f"h {_hands(observer=1)}")
        send("v")
        lines.until(lambda line: line == "Stemmer så langt: 2 fra mobil, 1 hånd – 3 totalt.")
        send("r")
        lines.until(lambda line: line.startswith(f"  {MORNING['vent']} ") and "0 +   2 =   2" in line)
        lines.until(lambda line: line == f"Flertall: {MORNING['vent']} – Du venter og ser.")
        send("n")
        lines.until(lambda line: line.startswith(f"Gruppa går videre med {MORNING['vent']} (flertall)"))
        # the phones' old decision is closed now
        assert phones[0].vote("vent") == 409
        send("q")
        markdown = Path(lines.until(lambda line: line.startswith("  Markdown: ")).split(": ", 1)[1].strip())
        assert proc.wait(timeout=20) == 0
        summary = markdown.read_text(encoding="utf-8")
        assert f"| **{MORNING['vent']}. Du venter og ser.** (valgt) | 0 | 2 | 2 |" in summary
        assert "| Sum | 1 | 2 | 3 |" in summary
        # the server is gone with the program
        try:
            urllib.request.urlopen(url, timeout=2)
            raise AssertionError("the voting page still answers after the workshop ended")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)


def _page(phone: _Phone) -> str:
    with phone.opener.open(phone.url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_a_role_play_round_in_the_terminal_deals_each_phone_its_own_card(tmp_path: Path) -> None:
    data = tmp_path / "data"
    proc = subprocess.Popen(
        [sys.executable, "-m", "trainer", "workshop", str(DATA / "rollespill.yaml"), "--port", "0"],
        cwd=ROOT, env=_env(data), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        encoding="utf-8",
    )  # fmt: skip
    assert proc.stdin and proc.stdout

    def send(command: str) -> None:
        assert proc.stdin is not None
        proc.stdin.write(command + "\n")
        proc.stdin.flush()

    try:
        lines = _Lines(proc.stdout)
        code = lines.until(lambda line: line.startswith("Stem på mobilen – kode: ")).rsplit(" ", 1)[1]
        url = lines.until(lambda line: line.startswith("(Stemmesiden på denne maskinen: ")).split(": ", 1)[1][:-1]
        lines.until(lambda line: line.startswith("Rollekort: Pedagogisk leder, Mor, Styrer. Skriv «rollespill»"))
        phones = [_Phone(url) for _ in range(4)]
        assert [phone.join(code) for phone in phones] == [200] * 4
        send("rollespill 4")
        lines.until(lambda line: line.startswith("Rollespill – 4 minutter (bare en hjelp, ingen poeng for fart)."))
        lines.until(
            lambda line: line
            == "Rollekortene er delt ut til 4 telefoner (Pedagogisk leder 2, Mor 1, Styrer 1)."
        )
        lines.until(lambda line: line.startswith("Skriv «rollespill slutt»"))
        pages = [_page(phone) for phone in phones]
        for page, role in zip(pages, ["Pedagogisk leder", "Mor", "Styrer", "Pedagogisk leder"], strict=True):
            assert f"Din rolle: {role}</h2>" in page
            assert ("Far flyttet ut for to uker siden." in page) == (role == "Mor")
        assert phones[0].vote("apent") == 409  # no voting during the round
        send("rollespill slutt")
        lines.until(lambda line: line.startswith("Rollespillet er ferdig. Avstemningen er åpen"))
        assert [phone.vote("apent") for phone in phones] == [200] * 4
        send("r")
        send("n")
        lines.until(lambda line: line.startswith("Gruppa går videre med"))
        send("q")
        markdown = Path(lines.until(lambda line: line.startswith("  Markdown: ")).split(": ", 1)[1].strip())
        assert proc.wait(timeout=20) == 0
        summary = markdown.read_text(encoding="utf-8")
        assert "Rollespill før avstemningen, med nedtelling på 4 minutter. Roller: Pedagogisk leder – 2 telefoner" in (
            summary.replace("\\", "")
        )
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=20)


def test_role_play_commands_say_what_is_wrong(tmp_path: Path) -> None:
    commands = "rollespill\nrollespill slutt\nrollespill x\nq\n"
    out = run(tmp_path / "data", "workshop", CASE, "--no-server", stdin=commands)
    assert out.returncode == 0, out.stderr
    assert "Denne beslutningen har ingen rollekort." in out.stdout
    assert "Det er ikke noe rollespill i gang." in out.stdout
    assert "Skriv «rollespill» (5 minutter), «rollespill 8» (minutter) eller «rollespill slutt»." in out.stdout
    assert "Rollekort:" not in out.stdout  # a decision without cards does not offer a round
