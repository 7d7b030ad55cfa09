"""The scenario library: what is in the folders, with a metadata index cached by file mtime and size.

The library screen needs titles, themes and levels for every file but the full scenario only for the
one being played. :class:`Library` keeps a small JSON index in the data folder so a start with an
unchanged library parses no YAML at all; a changed or new file is parsed once and re-indexed.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.library_files import discover
from trainer.paths import DataDirError, bundled_library, data_dir
from trainer.scenario.duplicate_ids import declared_id, duplicate_ids
from trainer.scenario.problems import Problem

if TYPE_CHECKING:  # the model is only needed once a file must be parsed; the index cache avoids that at start-up
    from trainer.scenario.model import Scenario
    from trainer.scenario.problems import LoadResult


def profile_display_name(name: str) -> str:
    """The kommune profile's name as users see it, or ``name`` itself for a profile file or an unknown name."""
    from scoring.profile import bundled_profile, bundled_profile_names  # start-up: only when a file is indexed

    return bundled_profile(name).name if name in bundled_profile_names() else name


def load_checked_scenario(path: Path) -> LoadResult[Scenario]:
    """Parse and check one file (imports the scenario model on first use)."""
    from trainer.scenario.checks import load_checked_scenario as load  # start-up: the index cache spares the model

    return load(path)


INDEX_VERSION = 3

#: How many parsed scenarios a library keeps in memory (the bundled library fits whole; a kommune's library of
#: a thousand cases would otherwise hold some 150 MiB after its first indexing).
KEEP_PARSED = 64


@dataclass(frozen=True)
class LibraryEntry:
    """One scenario file as the library lists it; ``problems`` is non-empty when it failed to load."""

    path: str
    """Absolute path of the file."""
    id: str
    """Scenario ID (the file stem when the file failed to load)."""
    title: str
    """Title, or the file name when it failed to load."""
    summary: str = ""
    themes: tuple[str, ...] = ()
    role: str = ""
    age_band: str = ""
    levels: tuple[int, ...] = ()
    minutes: int = 0
    difficulty: str = ""
    modules: tuple[str, ...] = ()
    profile: str = "standard"
    """The kommune profile the case is played as: its name as users see it («Ullensaker (…)»), or the
    ``profile:`` word when no bundled profile has it."""
    problems: tuple[str, ...] = field(default=())
    """Formatted problems (``path:line:col: CODE melding``) when the file could not be used."""

    @property
    def ok(self) -> bool:
        """The file loaded and can be played."""
        return not self.problems

    @classmethod
    def from_scenario(cls, path: Path, scenario: Scenario) -> LibraryEntry:
        """Index entry of a loaded scenario."""
        return cls(
            path=str(path),
            id=scenario.id,
            title=scenario.title,
            summary=scenario.summary,
            themes=tuple(scenario.themes),
            role=scenario.role,
            age_band=scenario.age_band,
            levels=tuple(scenario.levels),
            minutes=scenario.minutes,
            difficulty=scenario.difficulty,
            modules=tuple(scenario.modules),
            profile=profile_display_name(scenario.profile),
        )

    @classmethod
    def broken(cls, path: Path, problems: list[Problem]) -> LibraryEntry:
        """Index entry of a file that failed to load."""
        errors = [p for p in problems if p.is_error] or problems
        return cls(path=str(path), id=path.stem, title=path.name, problems=tuple(p.format() for p in errors))


def _without_duplicate_ids(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    """The entries, with every playable file whose ID an earlier playable file has turned into a broken entry
    whose problem (STR018) names the first — the app would otherwise play the first when the second is picked."""
    ok = [e for e in entries if e.ok]
    if len({e.id for e in ok}) == len(ok):
        return entries
    first: dict[str, LibraryEntry] = {}
    result = []
    for entry in entries:
        if not entry.ok or entry.id not in first:
            if entry.ok:
                first[entry.id] = entry
            result.append(entry)
            continue
        path = Path(entry.path)
        line, col = _id_place(path)
        [problem] = duplicate_ids([(first[entry.id].path, entry.id, 1, 1), (entry.path, entry.id, line, col)])
        result.append(LibraryEntry.broken(path, [problem]))
    return result


def _id_place(path: Path) -> tuple[int, int]:
    """Line and column of a file's top-level ``id:`` value ((1, 1) when it cannot be read again)."""
    try:
        declared = declared_id(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return 1, 1
    return (declared[1], declared[2]) if declared else (1, 1)


def _signature(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_mtime_ns, stat.st_size]


class Library:
    """The scenarios in one or more folders, indexed for fast listing."""

    def __init__(self, roots: list[Path] | None = None, index_path: Path | None = None) -> None:
        self.roots = roots or [bundled_library()]
        self.index_path = index_path
        self._entries: list[LibraryEntry] | None = None
        self._loaded: OrderedDict[str, Scenario] = OrderedDict()
        """Parsed scenarios, most recently used last; at most :data:`KEEP_PARSED` (a large library is not
        kept whole in memory: a case opened later is parsed again, in a few milliseconds)."""

    def _default_index_path(self) -> Path | None:
        """The index cache in the data folder (None when the folder cannot be used: the app then says why,
        and the library is simply read without a cache)."""
        try:
            return data_dir() / f"library-index-v{INDEX_VERSION}.json"
        except DataDirError:
            return None

    def _read_index(self, path: Path) -> dict[str, dict[str, Any]]:
        if not path.is_file():
            return {}  # missing, or a device/FIFO that must not be read (it could block)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_index(self, path: Path, data: dict[str, dict[str, Any]]) -> None:
        if path.exists() and not path.is_file():
            return  # never replace a device or folder (an index path of /dev/null means «no cache»)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def entries(self) -> list[LibraryEntry]:
        """Every file in the library, loading only files changed since the cached index."""
        if self._entries is not None:
            return self._entries
        index_path = self.index_path or self._default_index_path()
        cached = self._read_index(index_path) if index_path is not None else {}
        fresh: dict[str, dict[str, Any]] = {}
        entries: list[LibraryEntry] = []
        for path in discover(self.roots):
            key = str(path.resolve())
            try:
                signature = _signature(path)
            except OSError:
                continue
            hit = cached.get(key)
            if hit and hit.get("signature") == signature:
                fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in hit["entry"].items()}
                entry = LibraryEntry(**fields)
            else:
                entry = self._index_file(path)
            fresh[key] = {"signature": signature, "entry": asdict(entry)}
            entries.append(entry)
        if fresh != cached and index_path is not None:
            self._write_index(index_path, fresh)
        self._entries = _without_duplicate_ids(entries)
        return self._entries

    def _index_file(self, path: Path) -> LibraryEntry:
        result = load_checked_scenario(path)
        if result.value is None or any(p.is_error for p in result.problems):
            return LibraryEntry.broken(path, result.problems)
        self._keep(str(path.resolve()), result.value)
        return LibraryEntry.from_scenario(path, result.value)

    def entry(self, scenario_id: str) -> LibraryEntry | None:
        """The entry with this scenario ID."""
        return next((e for e in self.entries() if e.id == scenario_id and e.ok), None)

    def load(self, entry: LibraryEntry) -> tuple[Scenario | None, list[Problem]]:
        """The full scenario behind an entry (parsed on demand, then kept)."""
        key = str(Path(entry.path).resolve())
        if key in self._loaded:
            self._loaded.move_to_end(key)
            return self._loaded[key], []
        result = load_checked_scenario(Path(entry.path))
        if result.value is not None and not any(p.is_error for p in result.problems):
            self._keep(key, result.value)
            return result.value, []
        return None, result.problems

    def _keep(self, key: str, scenario: Scenario) -> None:
        self._loaded[key] = scenario
        self._loaded.move_to_end(key)
        while len(self._loaded) > KEEP_PARSED:
            self._loaded.popitem(last=False)

    def playable(self) -> tuple[list[Scenario], list[LibraryEntry]]:
        """Every scenario that loads, and the entries of the files that don't (for a «skipped» message)."""
        scenarios: list[Scenario] = []
        broken: list[LibraryEntry] = []
        for entry in self.entries():
            scenario = self.load(entry)[0] if entry.ok else None
            if scenario is None:
                broken.append(entry)
            else:
                scenarios.append(scenario)
        return scenarios, broken

    def refresh(self) -> None:
        """Forget what is known so the next call re-reads the folders."""
        self._entries = None
        self._loaded.clear()


def find_scenario(key: str, library: Library | None = None) -> tuple[Scenario | None, list[Problem]]:
    """A scenario by file path or by ID in the (bundled) library."""
    path = Path(key)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        result = load_checked_scenario(path)
        if result.value is None or any(p.is_error for p in result.problems):
            return None, [p for p in result.problems if p.is_error] or result.problems
        return result.value, []
    library = library or Library()
    entry = library.entry(key)
    if entry is None:
        known = ", ".join(sorted(e.id for e in library.entries() if e.ok)) or "(ingen)"
        return None, [Problem(key, 1, 1, "LIB001", f"fant ingen sak med ID «{key}»; kjente saker: {known}")]
    return library.load(entry)
