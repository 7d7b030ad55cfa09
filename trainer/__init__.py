"""BTI-trener application: scenario format, library, sessions, progress, CLI and (in ``trainer.ui``) the TUI.

Importing ``trainer`` never imports Textual; only ``trainer.ui`` does. ``__version__`` is looked up on first
use, because ``importlib.metadata`` costs noticeable start-up time.
"""

from __future__ import annotations


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version  # start-up: slow to import, rarely needed

        try:
            return version("bti-trener")
        except PackageNotFoundError:  # running from a checkout without install
            return "0.0.0"
    raise AttributeError(name)
