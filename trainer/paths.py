"""Where the bundled scenario library and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATA_ENV = "BTI_TRENER_DATA"


def bundled_library() -> Path:
    """The bundled ``scenarios/`` folder: inside an installed wheel, or at the top of a checkout."""
    installed = Path(__file__).resolve().parent / "_bundled_scenarios"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "scenarios"


def data_dir() -> Path:
    """The user's data folder (progress database, workshop exports); ``BTI_TRENER_DATA`` overrides it."""
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else user_data_path("bti-trener", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path
