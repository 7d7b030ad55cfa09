"""The app's keys, in one place: the screens bind these lists, and the help builds its key tables from them.

A binding's ``tooltip`` is its line in the help (Norwegian); bindings without one are left out of the help.
Keys that share a help line are listed together («F1, ?»). Kept free of the screens' own imports, so the help
can read every screen's keys without loading those screens.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

_AREAS = "Hjem, Bibliotek, Fremgang, Årshjul"
_BACK = "Tilbake (en sak settes på pause og lagres)"

APP: list[BindingType] = [
    Binding("f1", "help", "Hjelp", tooltip="Denne hjelpen"),
    Binding("question_mark", "help", "Hjelp", show=False, tooltip="Denne hjelpen"),
    Binding("f2", "go('hjem')", "Hjem", show=False, tooltip=_AREAS),
    Binding("f3", "go('bibliotek')", "Bibliotek", show=False, tooltip=_AREAS),
    Binding("f4", "go('fremgang')", "Fremgang", show=False, tooltip=_AREAS),
    Binding("f5", "go('arshjul')", "Årshjul", show=False, tooltip=_AREAS),
    Binding(
        "ctrl+p",
        "command_palette",
        "Kommandoer",
        show=False,
        priority=True,
        tooltip="Kommandopaletten: finn en sak («sak: …») eller en handling («gå til: …»)",
    ),  # fmt: skip
    Binding("ctrl+t", "toggle_contrast", "Kontrast", show=False, tooltip="Høy kontrast av/på"),
    Binding("ctrl+q", "quit", "Avslutt", priority=True, tooltip="Avslutt"),
]
"""Global keys: help, the four areas, the command palette, high contrast and quit (in Norwegian)."""

FOCUS_ROWS: list[tuple[str, str]] = [
    ("Tab / Shift+Tab", "Neste / forrige felt"),
    ("Piltaster og Enter", "Velg i lister og tabeller"),
]
"""Textual's own keys for moving between and within widgets (not bound by BTI-trener, so listed here)."""

PLAY: list[BindingType] = [
    *[
        Binding(str(n), f"choose({n})", f"Valg {n}", show=False, tooltip="Velg et alternativ når du spiller en sak")
        for n in range(1, 10)
    ],
    Binding("s", "toggle_panel", "Sidepanel", tooltip="Vis/skjul sidepanelet med saken slik den står"),
    Binding("escape", "pause", "Pause", tooltip=_BACK),
]
"""Number keys choose; s shows or hides the side panel; Escape pauses the case (it is saved)."""

LIBRARY: list[BindingType] = [
    Binding("slash,ctrl+f", "search", "Søk", tooltip="Søk i biblioteket"),
    Binding("ctrl+r", "clear_filters", "Nullstill", tooltip="Nullstill filtrene i biblioteket"),
    Binding("escape", "back", "Tilbake", show=False, tooltip=_BACK),
]
"""Keys of the library."""

WORKSHOP: list[BindingType] = [
    Binding(
        "d",
        "discuss",
        "Diskuter",
        tooltip="Diskuter tre og tre, med nedtelling (bare en hjelp – ingen poeng for fart)",
    ),  # fmt: skip
    Binding(
        "g",
        "roleplay",
        "Rollespill",
        tooltip="Rollespill før avstemningen: hver telefon får sitt eget rollekort (g igjen avslutter)",
    ),  # fmt: skip
    Binding("s", "open_voting", "Åpne avstemning", tooltip="Åpne avstemningen"),
    Binding("h", "hands", "Hender", tooltip="Skriv inn antall hender per valg"),
    Binding("r", "reveal", "Vis resultat", tooltip="Vis resultatet (før det vises bare antall stemmer)"),
    Binding("enter,n", "next", "Gå videre", tooltip="Gå videre med flertallet, neste beslutning, avslutt"),
    Binding("o", "override", "Annet valg", tooltip="Velg et annet valg enn flertallet (med valgfri grunn)"),
    Binding("t", "note", "Notat", tooltip="Notat til beslutningen (eller verkstedet)"),
    Binding("p", "participants", "Deltakere", show=False, tooltip="Deltakere (antall per enhet, navn er valgfrie)"),
    Binding(
        "l",
        "toggle_lan",
        "Nett",
        show=False,
        tooltip="Stemmesiden på nettverket av/på (standard: bare denne maskinen)",
    ),  # fmt: skip
    Binding("k", "new_code", "Ny kode", show=False, tooltip="Ny kode til stemmesiden (de som er med, fortsetter)"),
    Binding("f", "finish", "Avslutt", show=False, tooltip="Avslutt og lagre sammendraget (Markdown, HTML og CSV)"),
    Binding("escape", "leave", "Pause", tooltip="Pause – verkstedet er lagret og kan fortsettes fra Hjem"),
]
"""The presenter's keys in a workshop."""

_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter"}


def key_label(key: str) -> str:
    """A key as the help writes it: ``f1`` → F1, ``ctrl+p`` → Ctrl+P, ``question_mark`` → ?."""
    if key in _NAMES:
        return _NAMES[key]
    parts = key.split("+")
    *modifiers, last = parts
    name = last.upper() if len(last) == 1 and modifiers or last.startswith("f") and last[1:].isdigit() else last
    return "+".join([*(m.capitalize() for m in modifiers), name])


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a help line, keys sharing a line together, in order."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        if isinstance(binding, Binding) and binding.tooltip:
            keys = rows.setdefault(binding.tooltip, [])
            keys.extend(k for k in (key_label(k.strip()) for k in binding.key.split(",")) if k not in keys)
    return [(_join(keys), text) for text, keys in rows.items()]


def _join(keys: list[str]) -> str:
    """«1–9» for a run of digits, else the keys with commas."""
    if (
        len(keys) > 2
        and all(k.isdigit() for k in keys)
        and [int(k) for k in keys] == list(range(int(keys[0]), int(keys[-1]) + 1))
    ):
        return f"{keys[0]}–{keys[-1]}"
    return ", ".join(keys)


def key_table(rows: Iterable[tuple[str, str]]) -> str:
    """A Markdown table of (keys, what they do)."""
    lines = ["| Tast | Hva den gjør |", "|---|---|"]
    lines += [f"| {keys} | {text} |" for keys, text in rows]
    return "\n".join(lines)
