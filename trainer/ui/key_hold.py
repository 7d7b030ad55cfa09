"""Keys typed while a dialog is still opening wait for it, instead of landing on the screen behind it.

«Om meg» is opened with ``m`` and filled in with name, Tab, unit, Tab, role — which a fast typist (or a paste
into the terminal) sends in one burst. The dialog opens only after the stored details are read, so without
this the keys after ``m`` reach Hjem, where ``a`` opens the årshjul and ``b`` the library (issue 20.7). The
app starts holding keys when such a dialog is asked for (from a priority binding, so no key slips past before
the hold begins), and replays them, in order, once the dialog has focused its first field.

Used only for dialogs opened from a single key on a screen without text input; the hold ends by itself after
:data:`MAX_HOLD_SECONDS` so a dialog that never opens cannot swallow the keyboard.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import App
from textual.message import Message

#: The longest keys are held (seconds): the dialog normally opens within a frame or two.
MAX_HOLD_SECONDS = 2.0


class ReleaseKeys(Message):
    """Posted to the app when the dialog is ready: replay the held keys (handled in the app's own queue, so keys
    that arrive later are handled after them)."""


class KeyHold:
    """The keys held for a dialog that is opening."""

    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._held: list[events.Key] | None = None

    @property
    def holding(self) -> bool:
        """Keys are being held."""
        return self._held is not None

    def start(self) -> None:
        """Hold every key from now until :meth:`release` (or :data:`MAX_HOLD_SECONDS`)."""
        self._held = []
        self._app.set_timer(MAX_HOLD_SECONDS, self.release)

    def take(self, event: events.Event) -> bool:
        """Keep ``event`` if it is a key typed while holding; True when it was kept."""
        if self._held is None or not isinstance(event, events.Key) or event.is_forwarded:
            return False
        self._held.append(event)
        return True

    def release(self) -> None:
        """Ask the app to replay the held keys (safe to call more than once)."""
        if self._held is not None:
            self._app.post_message(ReleaseKeys())

    def replay(self) -> list[events.Key]:
        """Stop holding and return the held keys, oldest first, as fresh events to handle."""
        held, self._held = self._held or [], None
        return [events.Key(key.key, key.character) for key in held]
