"""Counted Norwegian words, the same in the terminal, the app and the exports: «1 stemme», «2 stemmer»."""

from __future__ import annotations

#: Singular and plural of the nouns the workshop and the progress views count.
NOUNS: dict[str, tuple[str, str]] = {
    "stemme": ("stemme", "stemmer"),
    "hånd": ("hånd", "hender"),
    "beslutning": ("beslutning", "beslutninger"),
    "forsøk": ("forsøk", "forsøk"),
    "sak": ("sak", "saker"),
    "deltaker": ("deltaker", "deltakere"),
    "telefon": ("telefon", "telefoner"),
    "minutt": ("minutt", "minutter"),
}


def counted(count: int, noun: str) -> str:
    """``count`` and the noun in the right number: ``counted(1, "stemme")`` → «1 stemme», 2 → «2 stemmer»."""
    singular, plural = NOUNS[noun]
    return f"{count} {singular if count == 1 else plural}"


def hands(count: int) -> str:
    """«1 hånd», «3 hender»."""
    return counted(count, "hånd")
