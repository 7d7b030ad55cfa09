"""`bti-trener data export` and `data forget` on a real progress store."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from trainer.progress import ProgressStore

ROOT = Path(__file__).resolve().parents[2]


def cli(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(tmp)}
    return subprocess.run([sys.executable, "-m", "trainer", "data", *args], env=env, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def _seed(tmp: Path) -> None:
    with ProgressStore(tmp / "progress.sqlite3") as store:
        store.set_learner("Kari Lærer", "Solbakken", "kontaktlærer")
        first = store.start_attempt("matpakka", "øving", "standard")
        store.record_decision(first, 0, "oppdager", "skriv-ned")
        store.finish_attempt(first, "slutt-god", True, 100, {"samtale-barn": 100}, [], ["HV-N0-01"])
        second = store.start_attempt("koppen-som-flaug", "prøve", "standard")
        store.record_decision(second, 0, "morgen", "spor-far")


def test_export_writes_json_csv_and_xapi(tmp_path: Path) -> None:
    _seed(tmp_path)
    result = cli(tmp_path, "export", "--output", str(tmp_path / "ut"))
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "ut" / "data.json").read_text(encoding="utf-8"))
    assert data["learner"]["name"] == "Kari Lærer" and len(data["attempts"]) == 2
    rows = list(csv.DictReader(io.StringIO((tmp_path / "ut" / "forsok.csv").read_text(encoding="utf-8"))))
    assert {r["sak"] for r in rows} == {"matpakka", "koppen-som-flaug"}
    statements = json.loads((tmp_path / "ut" / "xapi.json").read_text(encoding="utf-8"))
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[1] for s in statements)
    assert verbs == ["attempted", "passed"]
    passed = next(s for s in statements if s["verb"]["id"].endswith("passed"))
    assert passed["result"]["score"]["scaled"] == 1.0 and passed["object"]["id"] == "urn:bti-trener:scenario:matpakka"


def test_forget_needs_the_right_name_and_then_deletes_everything(tmp_path: Path) -> None:
    _seed(tmp_path)
    assert cli(tmp_path, "export").returncode == 0  # into eksport/ in the data folder
    elsewhere = tmp_path / "ut"
    assert cli(tmp_path, "export", "-o", str(elsewhere)).returncode == 0
    wrong = cli(tmp_path, "forget", "Ola", "--yes")
    assert wrong.returncode == 1 and "stemmer ikke" in wrong.stderr
    assert "Kari" not in wrong.stderr + wrong.stdout  # a wrong guess does not reveal the stored name
    unconfirmed = cli(tmp_path, "forget", "kari lærer")
    assert unconfirmed.returncode == 2 and "--yes" in unconfirmed.stderr
    done = cli(tmp_path, "forget", "kari lærer", "--yes")
    assert done.returncode == 0, done.stderr
    with ProgressStore(tmp_path / "progress.sqlite3") as store:
        assert store.attempts() == [] and store.get_learner().name is None
    for name in ("data.json", "forsok.csv", "xapi.json"):
        assert f"Slettet eksporten {tmp_path / 'eksport' / name}." in done.stdout
    assert not any((tmp_path / "eksport").iterdir())
    assert "andre steder (med -o)" in done.stdout and (elsewhere / "data.json").exists()  # said, not touched
    for path in tmp_path.rglob("*"):
        if path.is_file() and not path.is_relative_to(elsewhere):
            assert b"Kari" not in path.read_bytes(), path


def test_forget_says_so_when_another_reader_keeps_the_old_pages(tmp_path: Path) -> None:
    _seed(tmp_path)
    reader = sqlite3.connect(tmp_path / "progress.sqlite3")
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM attempts").fetchone()  # holds a read snapshot, as a second window can
    try:
        with ProgressStore(tmp_path / "progress.sqlite3") as store:
            assert store.forget_learner(wait_seconds=0.5) is False
    finally:
        reader.rollback()
        reader.close()
    with ProgressStore(tmp_path / "progress.sqlite3") as store:
        assert store.forget_learner(wait_seconds=0.5) is True  # once the reader is gone the log is emptied
    assert b"Kari" not in (tmp_path / "progress.sqlite3").read_bytes()


# -- places that cannot be used (issue 20.2) -----------------------------------------------------------


def _no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr


def test_a_data_folder_that_is_a_file_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BTI_TRENER_DATA": str(not_a_folder)}
    for args in (["data", "export"], ["app"], ["data", "forget", "-", "--yes"]):
        result = subprocess.run([sys.executable, "-m", "trainer", *args], env=env, capture_output=True, text=True,
                                timeout=120, stdin=subprocess.DEVNULL)
        assert result.returncode == 1, (args, result.stderr)
        assert f"Datamappa «{not_a_folder}» (fra BTI_TRENER_DATA) er en fil, ikke en mappe" in result.stderr
        _no_traceback(result)


def test_a_data_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocked = tmp_path / "fil"
    blocked.write_text("", encoding="utf-8")
    result = cli(blocked / "under", "export")
    assert result.returncode == 1 and "kan ikke opprettes" in result.stderr
    _no_traceback(result)


def test_export_to_a_file_or_an_unwritable_place(tmp_path: Path) -> None:
    _seed(tmp_path)
    existing = tmp_path / "finnes.txt"
    existing.write_text("behold meg", encoding="utf-8")
    result = cli(tmp_path, "export", "-o", str(existing))
    assert result.returncode == 1 and "finnes og er ikke en mappe" in result.stderr
    assert existing.read_text(encoding="utf-8") == "behold meg"
    result = cli(tmp_path, "export", "-o", str(existing / "under"))
    assert result.returncode == 1 and "kan ikke skrive eksporten" in result.stderr
    _no_traceback(result)
