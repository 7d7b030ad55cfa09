"""The library's index cache: reused when files are unchanged, refreshed when they change, never harmful."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from trainer.library import Library

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios" / "eksempler"


def test_index_is_reused_and_refreshed(tmp_path: Path) -> None:
    folder = tmp_path / "saker"
    shutil.copytree(EXAMPLES, folder)
    index = tmp_path / "index.json"
    first = Library([folder], index_path=index).entries()
    assert index.is_file() and {e.id for e in first} == {"matpakka", "koppen-som-flaug"}
    again = Library([folder], index_path=index)
    assert again.entries() == first and again._loaded == {}  # nothing parsed: served from the cache
    path = folder / "matpakka.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Matpakka som mangler", "title: Ny tittel"),
                    encoding="utf-8")
    refreshed = {e.id: e.title for e in Library([folder], index_path=index).entries()}
    assert refreshed["matpakka"] == "Ny tittel"


def test_a_special_file_as_index_path_is_never_read_or_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "index.fifo"  # stands in for /dev/null: not a regular file
    os.mkfifo(fifo)
    entries = Library([EXAMPLES], index_path=fifo).entries()  # would block if it read the FIFO
    assert {e.id for e in entries} == {"matpakka", "koppen-som-flaug"}
    assert fifo.is_fifo() and not fifo.is_file()
