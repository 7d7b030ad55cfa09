"""The command palette (Ctrl+P): find a case («sak: …») or an action («gå til: …»)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from trainer.library import LibraryEntry

if TYPE_CHECKING:
    from trainer.ui.app import TrainerApp


@dataclass(frozen=True)
class Command:
    """One palette entry."""

    title: str
    """What the palette shows and matches («group: action»)."""
    callback: Callable[[], object]
    """What running it does."""
    help: str
    """One line of explanation."""


class TrainerCommands(Provider):
    """Actions and every case in the library, as palette commands."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._entries: list[LibraryEntry] = []

    @property
    def trainer(self) -> TrainerApp:
        """The app, typed."""
        return cast("TrainerApp", self.app)

    async def startup(self) -> None:
        """Fetch the library index in a thread (it is cached after the first read)."""
        try:
            self._entries = await asyncio.to_thread(self.trainer.cases.entries)
        except OSError:
            self._entries = []

    def actions(self) -> list[Command]:
        """The fixed actions."""
        app = self.trainer
        return [
            Command("gå til: Hjem", partial(app.go, "hjem"), "Startsiden: fortsett en sak eller finn en ny"),
            Command("gå til: Bibliotek", partial(app.go, "bibliotek"), "Alle saker, med filtre og søk"),
            Command("gå til: Fremgang", partial(app.go, "fremgang"), "Forsøk, utvikling og hva du bør øve mer på"),
            Command("gå til: Årshjul", partial(app.go, "arshjul"), "Årets BTI-økter måned for måned, og sjekk av året"),
            Command(
                "verksted: start denne månedens økt",
                app.action_month_workshop,
                "Kjør månedens sak fra årshjulet for en gruppe, med stemmer fra mobil og håndsopprekning",
            ),
            Command("gå til: Hjelp", app.action_help, "Taster, BTI-nivåene og hvordan du får poeng"),
            Command("tema: høy kontrast av/på", app.action_toggle_contrast, "Bytt mellom vanlig tema og høy kontrast"),
            Command("meg: navn, enhet og rolle", app.action_edit_learner, "Frivillige opplysninger om deg"),
        ]

    def cases(self) -> list[Command]:
        """One command per file in the library (a broken file opens its error)."""
        out = []
        for entry in self._entries:
            if entry.ok:
                out.append(Command(f"sak: {entry.title}", partial(self.trainer.open_entry, entry), entry.summary))
            else:
                out.append(
                    Command(f"sak: {entry.title} (feil i fila)", partial(self.trainer.open_entry, entry), "Vis feilene")
                )
        return out

    async def discover(self) -> Hits:
        """With an empty query: the actions, then the cases."""
        for command in self.actions() + self.cases():
            yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        """Fuzzy-match the query against every command."""
        matcher = self.matcher(query)
        for command in self.actions() + self.cases():
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title), command.callback, help=command.help)
