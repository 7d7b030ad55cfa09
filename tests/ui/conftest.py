"""Fixtures for the TUI tests: a temporary data folder, a frozen clock and the small fixture library."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from trainer.services.workshops import VotingConfig
from trainer.ui.app import TrainerApp

DATA = Path(__file__).parent / "data"
"""Two small valid scenarios and one broken file."""

START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
"""The frozen clock's first reading."""

TODAY = START.date()
"""The frozen «today» of the årshjul (March: the fixture årshjul's current month)."""

JOIN_CODE = "K7QM"
"""The fixed join code of the voting page in tests."""

QR_SECRET = "qr-hemmelighet-i-testene"
"""The fixed secret of the voting page's QR link in tests (so a QR code in a snapshot stays the same)."""


class TickingClock:
    """A clock for the progress store that starts at :data:`START` and moves one minute per reading."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        moment = self.now
        self.now += timedelta(minutes=1)
        return moment


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh BTI_TRENER_DATA folder per test, and local time pinned to UTC so dates render the same."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("BTI_TRENER_DATA", str(path))
    old_tz = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield path
    if old_tz is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old_tz
    time.tzset()


@pytest.fixture
def store_path(data_dir: Path) -> Path:
    """Where the tests' progress database lives."""
    return data_dir / "progress.sqlite3"


@pytest.fixture
def make_app(store_path: Path) -> Callable[..., TrainerApp]:
    """Build the app on the fixture library and årshjul, with a frozen clock and date, no cursor blink, and the
    voting page on a free port of 127.0.0.1 with a fixed join code."""

    def factory(store: Path | None = None, roots: list[Path] | None = None, **options: Any) -> TrainerApp:
        options.setdefault("today", lambda: TODAY)
        options.setdefault("plan_path", DATA / "arshjul.yaml")
        options.setdefault("voting", VotingConfig(port=0, join_code=JOIN_CODE, secret=QR_SECRET))
        return TrainerApp(roots or [DATA], store or store_path, clock=TickingClock(), blink_cursor=False, **options)

    return factory
