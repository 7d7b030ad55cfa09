"""Bibliotek: every case in a table, with filters, free-text search and the learner's status."""

from __future__ import annotations

import asyncio
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Input, Select, Static

from trainer.library import LibraryEntry
from trainer.progress import ProgressError, ScenarioStatus
from trainer.ui import keys
from trainer.ui.screens.base import TrainerScreen
from trainer.ui.screens.dialog import match_cursor_blink
from trainer.ui.text import (
    AGE_BAND_LABELS,
    BROKEN_FILE,
    FAILED,
    MINUTE_BUCKETS,
    NOT_TRIED,
    PASSED,
    STARTED,
    covers_level,
    entry_matches,
    level_span,
    minutes_bucket,
    shorten,
    status_kind,
    status_text,
)
from trainer.ui.widgets.filter_select import FilterSelect

FILTERS: tuple[tuple[str, str], ...] = (
    ("status", "Status"),
    ("theme", "Tema"),
    ("role", "Tjeneste"),
    ("age", "Alder"),
    ("level", "Nivå"),
    ("minutes", "Lengde"),
    ("difficulty", "Grad"),
)
"""Filter IDs and their prompts, in the order of the table's columns."""

THEMES_WIDTH = 26
"""Long theme lists are cut to this many characters so the other columns stay in view."""


class LibraryScreen(TrainerScreen[None]):
    """All scenarios, filterable by every column and searchable; Enter opens the case summary."""

    CSS_PATH: ClassVar[str] = "library.tcss"
    """This screen's stylesheet, beside this module; loaded when the screen is first shown."""

    BINDINGS: ClassVar[list[BindingType]] = keys.LIBRARY
    """Keys of the library."""

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[LibraryEntry] = []
        """Every file in the library."""
        self.statuses: dict[str, ScenarioStatus] = {}
        """The learner's status per scenario."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="library"):
            yield Input(placeholder="Søk i tittel, sammendrag og tema …  (/)", id="search", compact=True)
            with Horizontal(id="filters"):
                for key, prompt in FILTERS:
                    yield FilterSelect([], prompt=prompt, id=f"filter-{key}", compact=True)
            yield DataTable(id="cases", cursor_type="row", zebra_stripes=True)
            yield Static("Laster biblioteket …", id="library-count", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, titles and focus."""
        self.title = "BTI-trener"
        self.sub_title = "Bibliotek"
        match_cursor_blink(self)
        table = self.query_one("#cases", DataTable)
        for key, label in (
            ("title", "Tittel"),
            ("status", "Status"),
            ("themes", "Tema"),
            ("role", "Tjeneste"),
            ("age", "Alder"),
            ("levels", "Nivå"),
            ("minutes", "Min"),
            ("difficulty", "Grad"),
        ):
            table.add_column(label, key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        """Reload: statuses change when cases are played."""
        self.reload()

    @work(exclusive=True, group="library-load")
    async def reload(self) -> None:
        """Read the library index and the learner's statuses in a thread."""
        cases = self.cases

        def read() -> tuple[list[LibraryEntry], dict[str, ScenarioStatus], str | None]:
            entries = cases.entries()
            try:
                return entries, cases.statuses(), None
            except ProgressError as exc:
                return entries, {}, str(exc)

        self.entries, self.statuses, error = await asyncio.to_thread(read)
        if error:
            self.app.notify(error, title="Fremgangen kan ikke leses", severity="error")
        self._fill_filters()
        self.refilter()

    def _fill_filters(self) -> None:
        ok = [e for e in self.entries if e.ok]
        choices: dict[str, list[tuple[str, str]]] = {
            "theme": [(t, t) for t in sorted({t for e in ok for t in e.themes})],
            "role": [(r, r) for r in sorted({e.role for e in ok if e.role})],
            "age": [(AGE_BAND_LABELS.get(a, a), a) for a in AGE_BAND_LABELS if any(e.age_band == a for e in ok)],
            "level": [(f"nivå {n}", str(n)) for n in range(4)],
            "minutes": [(b, b) for b in MINUTE_BUCKETS],
            "difficulty": [(d, d) for d in ("lett", "middels", "vanskelig") if any(e.difficulty == d for e in ok)],
            "status": [(s, s) for s in (NOT_TRIED, STARTED, PASSED, FAILED, BROKEN_FILE)],
        }
        for key, options in choices.items():
            select = self.query_one(f"#filter-{key}", Select)
            current = select.value
            with select.prevent(Select.Changed):
                select.set_options(options)
                if current in {value for _, value in options}:
                    select.value = current

    def _filter_value(self, key: str) -> str | None:
        value = self.query_one(f"#filter-{key}", Select).value
        return None if value is Select.NULL else str(value)

    def visible_entries(self) -> list[LibraryEntry]:
        """The entries that pass the search and every filter: playable cases by title, then broken files."""
        search = self.query_one("#search", Input).value
        wanted = {key: self._filter_value(key) for key, _ in FILTERS}
        out = []
        for entry in self.entries:
            if not entry_matches(entry, search):
                continue
            status = status_kind(entry, self.statuses.get(entry.id))
            if all(value is None or _passes(entry, status, key, value) for key, value in wanted.items()):
                out.append(entry)
        return sorted(out, key=lambda e: (not e.ok, e.title.lower()))

    def refilter(self) -> None:
        """Rebuild the table from the search and the filters, keeping the cursor on the same case if it is shown."""
        table = self.query_one("#cases", DataTable)
        current = None
        if table.row_count:
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        visible = self.visible_entries()
        for entry in visible:
            status = self.statuses.get(entry.id)
            if entry.ok:
                row = (
                    entry.title,
                    status_text(entry, status),
                    shorten(", ".join(entry.themes), THEMES_WIDTH),
                    entry.role,
                    AGE_BAND_LABELS.get(entry.age_band, entry.age_band),
                    level_span(entry.levels),
                    str(entry.minutes),
                    entry.difficulty,
                )
            else:
                row = (entry.title, BROKEN_FILE, "–", "–", "–", "–", "–", "–")
            table.add_row(*row, key=entry.path)
        keys = [e.path for e in visible]
        if current in keys:
            table.move_cursor(row=keys.index(current))
        broken = sum(1 for e in self.entries if not e.ok)
        count = f"{len(visible)} av {len(self.entries)} saker vises"
        if broken:
            count += f" ({broken} med feil i fila)"
        if not visible:
            count += " – ingen saker passer søket og filtrene. Ctrl+R nullstiller."
        problem = self.cases.library_problem
        if problem:
            count = f"{problem} {count}"
        self.query_one("#library-count", Static).update(count + ".  Enter: åpne saken")

    @on(Input.Changed, "#search")
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#search")
    def _to_table(self) -> None:
        self.query_one("#cases", DataTable).focus()

    @on(DataTable.RowSelected, "#cases")
    def _open(self, event: DataTable.RowSelected) -> None:
        path = event.row_key.value
        entry = next((e for e in self.entries if e.path == path), None)
        if entry is not None:
            self.trainer.open_entry(entry)

    def action_search(self) -> None:
        """Focus the search field."""
        self.query_one("#search", Input).focus()

    def action_clear_filters(self) -> None:
        """Clear the search and every filter."""
        with self.prevent(Input.Changed, Select.Changed):
            self.query_one("#search", Input).value = ""
            for key, _ in FILTERS:
                self.query_one(f"#filter-{key}", Select).clear()
        self.refilter()

    def action_back(self) -> None:
        """Escape: leave the search field, or go home."""
        if isinstance(self.focused, (Input, Select)):
            self.query_one("#cases", DataTable).focus()
        else:
            self.trainer.go("hjem")


def _passes(entry: LibraryEntry, status: str, key: str, value: str) -> bool:
    """Whether ``entry`` (with the learner's ``status`` for it) passes the filter ``key`` set to ``value``."""
    if key == "theme":
        return value in entry.themes
    if key == "role":
        return entry.role == value
    if key == "age":
        return entry.age_band == value
    if key == "level":
        return covers_level(entry.levels, int(value))
    if key == "minutes":
        return entry.ok and minutes_bucket(entry.minutes) == value
    if key == "difficulty":
        return entry.difficulty == value
    return key == "status" and status == value
