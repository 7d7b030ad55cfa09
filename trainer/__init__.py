"""BTI-trener application: scenario format, library, sessions, progress, CLI and (in ``trainer.ui``) the TUI.

Importing ``trainer`` never imports Textual; only ``trainer.ui`` does.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bti-trener")
except PackageNotFoundError:  # running from a checkout without install
    __version__ = "0.0.0"
