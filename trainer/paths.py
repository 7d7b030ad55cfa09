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


class DataDirError(Exception):
    """The data folder cannot be used (a file stands where it should be, or it cannot be created); the
    message is Norwegian and names the folder."""


def data_dir() -> Path:
    """The user's data folder (progress database, workshop exports), created when missing; ``BTI_TRENER_DATA``
    overrides it. Raises :class:`DataDirError` when it cannot be used."""
    override = os.environ.get(DATA_ENV)
    path = Path(override) if override else user_data_path("bti-trener", appauthor=False)
    named = f"Datamappa «{path}»" + (f" (fra {DATA_ENV})" if override else "")
    if path.exists() and not path.is_dir():
        raise DataDirError(f"{named} er en fil, ikke en mappe. Velg en mappe, eller flytt fila.")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"{named} kan ikke opprettes ({exc.strerror or exc}).") from None
    return path
