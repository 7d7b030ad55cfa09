"""Hjelp (F1 or ?): the keys, the BTI levels 0–3, and how scoring works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown

from trainer.ui import keys
from trainer.ui.keys import key_rows, key_table

_HELP = """\
## Taster

{keys}

Alt kan gjøres med tastaturet. Musen kan brukes, men trengs ikke. Det er ingen tidtaker.

## Verksted (for en gruppe)

Start et verksted fra en sak (knappen **Verksted**, tast v), fra Årshjul eller fra «Denne måneden» på Hjem.
Deltakerne stemmer på mobilen med koden på skjermen, eller med håndsopprekning.

{workshop_keys}

## BTI-nivåene

BTI (Bedre tverrfaglig innsats) er en samhandlingsmodell. Handlingsveilederen deler arbeidet i fire
nivåer. Hver kommune har sin egen veileder, så trinn og frister kan variere.

- **Nivå 0 – avklare undringen.** Du legger merke til noe og lurer på om det er grunn til bekymring.
  Skriv ned konkrete observasjoner, del undringen med nærmeste leder, og snakk med barnet og
  foreldrene. Så bestemmer dere: avslutte, eller gå videre.
- **Nivå 1 – tiltak i egen tjeneste.** Tiltak i barnehagen, skolen eller tjenesten din, laget
  sammen med barnet og foreldrene, med en dato for evaluering.
- **Nivå 2 – enkelt samarbeid.** En annen tjeneste kommer inn, gjerne to tjenester sammen.
  Det krever samtykke. En stafettholder koordinerer, ofte med en stafettlogg.
- **Nivå 3 – bredt samarbeid.** Flere tjenester samarbeider om en felles plan, kanskje med
  individuell plan og koordinator.

Saker kan gå opp og ned mellom nivåene. **Unntak:** ved mistanke om vold, seksuelle overgrep eller
alvorlig omsorgssvikt skal du melde til barnevernet med en gang, og ikke snakke med foreldrene først.

## Slik får du poeng

- Hvert valg du tar, blir vurdert mot regler fra handlingsveilederen og loven (for eksempel om
  samtykke, taushetsplikt og opplysningsplikt til barnevernet). Hver regel har en kilde.
- Et brudd har en alvorlighetsgrad: **kritisk**, **alvorlig** eller **mindre**.
- **Ett kritisk brudd betyr ikke bestått**, uansett poeng.
- Du får poeng (0–100) per kompetanseområde: hvor stor del av reglene som gjaldt i saken du fulgte.
  Reglene veier etter alvorlighetsgrad – en kritisk regel teller tre ganger og en alvorlig to ganger
  så mye som en mindre. Den samlede poengsummen regnes på samme måte over alle reglene.
- I **øving** ser du hva du gjorde riktig og galt etter hvert valg. I **prøve** får du alt til slutt.
- I oppsummeringen kan du velge **prøv igjen fra her** på et tidligere valg. Da starter et nytt forsøk
  derfra, og det gamle beholdes.

Fremgangen lagres bare på denne maskinen. Navn, enhet og rolle er frivillig.
"""

HELP_TEXT = _HELP.format(
    keys=key_table([*key_rows(keys.APP), *keys.FOCUS_ROWS, *key_rows([*keys.PLAY, *keys.LIBRARY])]),
    workshop_keys=key_table(key_rows(keys.WORKSHOP)),
)
"""The help text (Norwegian Markdown); the key tables are made from the bindings in :mod:`trainer.ui.keys`."""


class HelpScreen(Screen[None]):
    """Keys, BTI levels 0–3 and scoring, in Norwegian."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Lukk"),
    ]
    """Escape (or F1, ? or q) closes the help."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield Markdown(HELP_TEXT, id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        """Title and focus on the scrollable text."""
        self.title = "BTI-trener"
        self.sub_title = "Hjelp"
        self.query_one("#help", VerticalScroll).focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()
