"""The themes of both apps (the trainer and the preview): Textual's dark theme and a high-contrast one."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

HIGH_CONTRAST = Theme(
    name="bti-hoy-kontrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFB000",
    error="#FF5555",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#333333",
    dark=True,
    variables={
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#808000",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "border": "#FFFF00",
        "border-blurred": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
        "input-selection-background": "#FFFF00 40%",
        "text-muted": "#DDDDDD",
    },
)
"""A high-contrast theme: white on black, yellow focus and highlights."""

NORMAL_THEME = "textual-dark"
"""The theme used when high contrast is off."""


def toggle_contrast(app: App[Any]) -> None:
    """Switch ``app`` between high contrast and the normal theme, and say which is on (Ctrl+T in both apps)."""
    app.theme = NORMAL_THEME if app.theme == HIGH_CONTRAST.name else HIGH_CONTRAST.name
    state = "på" if app.theme == HIGH_CONTRAST.name else "av"
    app.notify(f"Høy kontrast er {state}.", title="Tema")
