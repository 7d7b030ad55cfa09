"""Hjelp in the preview (F1): the keys, how reloading works, and what the outline shows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Markdown

from trainer.ui.screens.help import HelpScreen

PREVIEW_HELP_TEXT = """\
## Forhåndsvisning

Du spiller saken slik en deltaker gjør i **øving**. Når du lagrer fila, lastes den inn på nytt, og du
blir stående der du er. Ingenting lagres i fremgangen.

| Tast | Hva den gjør |
|---|---|
| 1–9, piltaster og Enter | Velg et alternativ |
| r | Start saken på nytt fra begynnelsen |
| o | Oversikten: alle noder og slutter, og hvor det kan gå galt |
| s | Vis/skjul sidepanelet med saken slik den står |
| F1, ? | Denne hjelpen |
| Ctrl+T | Høy kontrast av/på |
| Ctrl+Q | Avslutt |

## Når fila endres

- **Teksten er endret:** du ser den nye teksten med en gang, på samme sted i saken.
- **Noden du står i er borte:** du flyttes tilbake til det lengste av veien din som fortsatt passer,
  og en merknad over teksten sier hva som skjedde.
- **Fila har feil:** et rødt felt øverst viser feilene som `fil:linje:kolonne: KODE melding`, som
  `bti-trener validate`. Under feltet ser du siste versjon uten feil. Når du lagrer en versjon uten feil,
  forsvinner feltet av seg selv.
- **Et gult felt** betyr at saken kan spilles, men at validate har merknader (for eksempel at en
  `expect` ikke stemmer med motoren).

## Oversikten (o)

Hver node og slutt med tittel, hvor mange stier som fører dit, og valgene med hvor de går.
Fargen viser det verste som kan skje der: **rød** kritisk, **oransje** alvorlig, **gul** mindre.
Noder som ikke kan nås fra start, er merket. Velg en node og trykk Enter for å gå dit (korteste vei fra start).
"""
"""The preview's help text (Norwegian Markdown)."""


class PreviewHelpScreen(HelpScreen):
    """Keys and behaviour of the preview, in Norwegian (the app's own help is about playing, not writing)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Markdown(PREVIEW_HELP_TEXT, id="help-text")
        yield Footer()
