"""What the presenter is told about the room: how many phones joined, and when the numbers do not add up.

One function for the app's side panel and the terminal facilitator, so both warn alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.render.words import counted


@dataclass(frozen=True)
class RoomStatus:
    """The counts the warnings are made from (read together under the workshop's lock)."""

    joined: int
    """Phones that joined the voting page."""
    phone_votes: int
    """Phone votes at the open decision."""
    hands: int
    """Raised hands typed in at the open decision."""
    participants: int
    """Participants registered by the presenter (0 when none were)."""
    code_open: bool = True
    """False when the typed join code is shut after too many wrong tries."""


def joined_text(status: RoomStatus) -> str:
    """«12 telefoner er med» — the side panel's line."""
    return f"{counted(status.joined, 'telefon')} er med"


def room_warnings(status: RoomStatus, new_code: str) -> list[str]:
    """The Norwegian warnings for the presenter, most serious first (empty when all adds up); ``new_code`` says
    how to draw a new join code here (the app's key, the terminal's command)."""
    warnings: list[str] = []
    if status.phone_votes > status.joined:
        warnings.append(
            f"{counted(status.phone_votes, 'stemme')} fra mobil, "
            f"men bare {counted(status.joined, 'telefon')} har blitt med."
        )
    votes = status.phone_votes + status.hands
    if status.participants and votes > status.participants:
        warnings.append(
            f"{counted(votes, 'stemme')}, men bare {counted(status.participants, 'deltaker')} er registrert. "
            "Sjekk om noen har stemt to ganger."
        )
    if status.participants and status.joined > status.participants:
        warnings.append(
            f"{counted(status.joined, 'telefon')} har blitt med, men bare {counted(status.participants, 'deltaker')} "
            "er registrert."
        )
    if not status.code_open:
        warnings.append(
            f"Koden er sperret etter for mange feil forsøk. QR-koden virker fortsatt; {new_code} gir en ny kode."
        )
    return warnings
