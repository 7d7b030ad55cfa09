"""Structural checks on a loaded scenario: IDs, links, reachability and references.

Every check runs in time linear in nodes + choices (breadth-first searches, never path enumeration)
and returns :class:`~trainer.scenario.problems.Problem` objects placed with the file's mark table.
Stable codes:

* ``STR001`` a choice ID used twice in one node;
* ``STR002`` an ID used both as a node and as an ending;
* ``STR003`` a choice's ``goto`` names no node or ending;
* ``STR004`` the ``start`` node does not exist;
* ``STR005`` a node or ending that cannot be reached from ``start``;
* ``STR006`` a dead end: a node without choices (only endings may end the case);
* ``STR007`` no ending can be reached at all;
* ``STR008`` a reachable node from which no ending can be reached (a loop with no way out);
* ``STR009`` an ``expect`` rule ID the rules engine does not know (only when the known rules are given);
* ``STR010`` a person in ``suspected``/``parental_responsibility`` who is neither in the cast nor a
  generic role (mor, far, foreldre, stefar, stemor);
* ``STR011`` (advarsel) the scenario ``id`` differs from the file name;
* ``STR012`` a cast ID used twice;
* ``STR013`` a fixture starts at a node that does not exist;
* ``STR014`` (advarsel) ``profile`` names no bundled kommune profile, so the case is judged under ``standard``
  (a kommune's own profile file, ``….yaml``, is for the tools that take one, e.g. ``preview``);
* ``STR015`` a person in an action or a fact who is neither in the cast nor a word the engine knows: an error
  when it is close to a cast ID, a cast name or a known word (a typo, or a name written instead of the ID —
  the engine would judge the wrong party), otherwise a warning (the engine treats the word as a private
  person, so sharing with it is judged as sharing outside the services);
* ``STR016`` a cast ``role`` that is a near miss of a role the engine knows («stryer» for «styrer»);
* ``STR017`` a ``SKRIV`` placeholder from ``bti-trener new`` is still in the file;
* ``STR018`` two files checked together have the same scenario ``id`` (:mod:`trainer.scenario.duplicate_ids`);
* ``STR019`` a text holds a control character (ESC, BEL, NUL … — newline and tab are fine);
* ``STR020`` role cards a workshop cannot hand out: a node with only one card (a role-play needs two), two
  cards with the same ``role`` in one node (the room sees only the names), or a ``person`` who is neither in
  the cast nor a generic role (mor, far …);
* ``STR021`` a ``hold_meeting`` names an ``arena`` the case's kommune profile does not have (a case written for
  one kommune's arena must say ``profile:``; a kommune's own profile file is not checked here);
* ``CLK001``–``CLK003`` (advarsel) the case's clock: see :mod:`trainer.scenario.clock`.
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scoring import actions as a
from scoring.profile import bundled_profile, bundled_profile_names
from scoring.rules.stafett import INSTITUTIONS
from scoring.vocabulary import (
    BOTH_PARENTS,
    CHILD_ROLES,
    OWN_TEAM,
    PARENT_ROLES,
    PRIVATE_WORDS,
    RESCUERS,
    SEPARATE_BODIES,
    SERVICES,
    TITLE_SERVICE,
    UNINVOLVED_COLLEAGUES,
    normalise,
)
from trainer.printable import CONTROL_IN_TEXT, printable
from trainer.scenario.clock import check_clock
from trainer.scenario.fact_reach import check_fact_reach
from trainer.scenario.load import internal_error, model_from_yaml
from trainer.scenario.model import Scenario
from trainer.scenario.problems import ERROR, WARNING, LoadResult, Problem, Severity
from trainer.scenario.yamlsafe import DataPath, MarkTable, read_yaml

#: A ``profile`` ending so names a kommune's profile file rather than a bundled profile.
PROFILE_FILE_SUFFIXES = (".yaml", ".yml")

#: People a scenario may name in facts without a cast entry.
GENERIC_ROLES: frozenset[str] = frozenset({"mor", "far", "foreldre", "stefar", "stemor"})


def check_scenario(
    scenario: Scenario,
    marks: MarkTable | None,
    path: str,
    *,
    known_rules: set[str] | None = None,
) -> list[Problem]:
    """Every structural problem of ``scenario``, sorted by position. ``path`` is written in the problems."""
    out = _Reporter(marks, path)
    _check_ids(scenario, out)
    broken_links = _check_links(scenario, out)
    _check_dead_ends(scenario, out)
    if not broken_links:  # with a link missing, reachability would only echo it for many nodes
        _check_reachability(scenario, out)
    if known_rules is not None:
        _check_expect(scenario, known_rules, out)
    _check_people(scenario, out)
    _check_action_people(scenario, out)
    _check_roles(scenario, out)
    _check_role_cards(scenario, out)
    dumped = scenario.model_dump_json(exclude_defaults=True)  # one fast dump for the two text checks
    _check_placeholders(scenario, dumped, out)
    _check_control_characters(scenario, dumped, out)
    _check_fixtures(scenario, out)
    _check_profile(scenario, out)
    _check_arenas(scenario, out)
    _check_file_name(scenario, path, out)
    if not broken_links:
        out.problems.extend(check_clock(scenario, out.marks, path))
        out.problems.extend(check_fact_reach(scenario, out.marks, path))
    return sorted(out.problems, key=lambda p: (p.line, p.col, p.code))


def load_checked_scenario(
    path: Path, *, known_rules: set[str] | None = None, display_path: str | None = None
) -> LoadResult[Scenario]:
    """Load a scenario and run the structural checks; use ``result.ok`` to know whether it can be played."""
    shown = display_path if display_path is not None else str(path)
    return load_checked_scenarios([(path, shown)], known_rules=known_rules)[0]


def load_checked_scenarios(
    files: Sequence[tuple[Path, str]], *, known_rules: set[str] | None = None
) -> list[LoadResult[Scenario]]:
    """:func:`load_checked_scenario` for each ``(path, shown)``, step by step: every file is read, then every
    one validated, then every one checked. For a handful of files at a time this is some 10 % faster than
    file by file, as each step's code stays in the processor's caches. Never raises for a file."""
    read = []
    for path, shown in files:
        try:
            read.append(read_yaml(Path(path), shown))
        except Exception as exc:  # noqa: BLE001 — a bug must not become a traceback for the author
            read.append(LoadResult(problems=[internal_error(shown, exc)]))
    results = [model_from_yaml(raw, Scenario, shown) for raw, (_, shown) in zip(read, files, strict=True)]
    for result, (_, shown) in zip(results, files, strict=True):
        if result.value is not None:
            try:
                result.problems.extend(check_scenario(result.value, result.marks, shown, known_rules=known_rules))
            except Exception as exc:  # noqa: BLE001
                result.problems.append(internal_error(shown, exc))
                result.value = None
    return results


@dataclass(slots=True)
class _Reporter:
    """Collects problems, looking up positions in the mark table (1:1 when there is none)."""

    marks: MarkTable | None
    path: str
    problems: list[Problem] = field(default_factory=list)

    def at_value(self, where: DataPath, code: str, message: str, severity: Severity = ERROR) -> None:
        line, col = self.marks.value_at(where) if self.marks else (1, 1)
        self.problems.append(Problem(self.path, line, col, code, message, severity))

    def at_key(self, where: DataPath, code: str, message: str, severity: Severity = ERROR) -> None:
        line, col = self.marks.key_at(where) if self.marks else (1, 1)
        self.problems.append(Problem(self.path, line, col, code, message, severity))


def _suggest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" – mente du «{match[0]}»?" if match else ""


def _check_ids(scenario: Scenario, out: _Reporter) -> None:
    for node_id, node in scenario.nodes.items():
        seen: set[str] = set()
        for index, choice in enumerate(node.choices):
            if choice.id in seen:
                out.at_value(
                    ("nodes", node_id, "choices", index, "id"),
                    "STR001",
                    f"valg-ID-en «{choice.id}» brukes to ganger i noden «{node_id}»; hvert valg trenger sin egen ID",
                )
            seen.add(choice.id)
    for ending_id in scenario.endings:
        if ending_id in scenario.nodes:
            out.at_key(
                ("endings", ending_id),
                "STR002",
                f"«{ending_id}» er brukt både som node og som slutt; gi dem ulike ID-er",
            )
    seen_cast: set[str] = set()
    for index, member in enumerate(scenario.cast):
        if member.id in seen_cast:
            out.at_value(("cast", index, "id"), "STR012", f"person-ID-en «{member.id}» står to ganger i cast")
        seen_cast.add(member.id)


def _check_links(scenario: Scenario, out: _Reporter) -> bool:
    """STR004 and STR003; True when some link (start or a goto) is broken."""
    before = len(out.problems)
    targets = [*scenario.nodes, *scenario.endings]
    if scenario.start not in scenario.nodes:
        if scenario.start in scenario.endings:
            message = f"start peker på slutten «{scenario.start}»; start må være en node med valg"
        else:
            message = f"startnoden «{scenario.start}» finnes ikke blant nodes" + _suggest(
                scenario.start, scenario.nodes
            )
        out.at_value(("start",), "STR004", message)
    for node_id, node in scenario.nodes.items():
        for index, choice in enumerate(node.choices):
            if choice.goto not in scenario.nodes and choice.goto not in scenario.endings:
                out.at_value(
                    ("nodes", node_id, "choices", index, "goto"),
                    "STR003",
                    f"valget «{choice.id}» går til «{choice.goto}», som verken er en node eller en slutt"
                    + _suggest(choice.goto, targets),
                )
    return len(out.problems) > before


def _successors(scenario: Scenario, node_id: str) -> tuple[list[str], list[str]]:
    """The nodes and endings the choices of a node lead to (an ID in both counts as an ending)."""
    nodes: list[str] = []
    endings: list[str] = []
    for choice in scenario.nodes[node_id].choices:
        if choice.goto in scenario.endings:
            endings.append(choice.goto)
        elif choice.goto in scenario.nodes:
            nodes.append(choice.goto)
    return nodes, endings


def _dead_ends(scenario: Scenario) -> set[str]:
    return {nid for nid, node in scenario.nodes.items() if not node.choices and nid not in scenario.endings}


def _check_dead_ends(scenario: Scenario, out: _Reporter) -> None:
    for node_id in _dead_ends(scenario):
        out.at_key(
            ("nodes", node_id),
            "STR006",
            f"noden «{node_id}» har ingen valg (blindvei); gi den valg, eller gjør den til en slutt under endings",
        )


def _check_reachability(scenario: Scenario, out: _Reporter) -> None:
    """STR005, STR007 and STR008; only run when start and every goto exist."""
    dead_ends = _dead_ends(scenario)
    reached_nodes, reached_endings, edges = _reach(scenario)
    for node_id in scenario.nodes:
        if node_id not in reached_nodes and node_id not in scenario.endings:
            out.at_key(("nodes", node_id), "STR005", f"noden «{node_id}» kan ikke nås fra start («{scenario.start}»)")
    for ending_id in scenario.endings:
        if ending_id not in reached_endings:
            out.at_key(
                ("endings", ending_id), "STR005", f"slutten «{ending_id}» kan ikke nås fra start («{scenario.start}»)"
            )
    if not reached_endings:
        message = (
            "scenarioet har ingen slutter; legg til minst én under endings"
            if not scenario.endings
            else f"ingen slutt kan nås fra start («{scenario.start}»); minst ett valg må føre til en slutt"
        )
        out.at_value(("start",), "STR007", message)
        return
    finishing = _can_finish(scenario, reached_nodes, edges)
    for node_id in scenario.nodes:
        if node_id in reached_nodes and node_id not in finishing and node_id not in dead_ends:
            out.at_key(
                ("nodes", node_id),
                "STR008",
                f"fra noden «{node_id}» kommer spilleren aldri fram til en slutt; "
                "valgene fører bare i ring (eller til en blindvei)",
            )


def _reach(scenario: Scenario) -> tuple[set[str], set[str], dict[str, list[str]]]:
    """Breadth-first from start: the nodes and endings reached, and each reached node's node successors."""
    reached_nodes = {scenario.start}
    reached_endings: set[str] = set()
    edges: dict[str, list[str]] = {}
    queue = deque([scenario.start])
    while queue:
        node_id = queue.popleft()
        nodes, endings = _successors(scenario, node_id)
        edges[node_id] = nodes
        reached_endings.update(endings)
        for target in nodes:
            if target not in reached_nodes:
                reached_nodes.add(target)
                queue.append(target)
    return reached_nodes, reached_endings, edges


def _can_finish(scenario: Scenario, reached: set[str], edges: dict[str, list[str]]) -> set[str]:
    """The reached nodes from which some ending can be reached (breadth-first over reversed edges)."""
    reverse: dict[str, list[str]] = {node_id: [] for node_id in reached}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].append(source)
    finishing = {nid for nid in reached if _successors(scenario, nid)[1]}
    queue = deque(finishing)
    while queue:
        for source in reverse[queue.popleft()]:
            if source not in finishing:
                finishing.add(source)
                queue.append(source)
    return finishing


def _check_expect(scenario: Scenario, known_rules: set[str], out: _Reporter) -> None:
    for node_id, node in scenario.nodes.items():
        for index, choice in enumerate(node.choices):
            if choice.expect is None:
                continue
            for field_name in ("breaks", "satisfies"):
                for position, rule_id in enumerate(getattr(choice.expect, field_name)):
                    if rule_id not in known_rules:
                        out.at_value(
                            ("nodes", node_id, "choices", index, "expect", field_name, position),
                            "STR009",
                            f"regelen «{rule_id}» i expect.{field_name} finnes ikke i regelmotoren"
                            + _suggest(rule_id, known_rules),
                        )


def _check_people(scenario: Scenario, out: _Reporter) -> None:
    cast_ids = {member.id for member in scenario.cast}
    allowed = cast_ids | GENERIC_ROLES
    sources: list[tuple[DataPath, object]] = [(("facts",), scenario.facts)]
    sources += [(("nodes", nid, "reveals"), node.reveals) for nid, node in scenario.nodes.items() if node.reveals]
    for base, facts in sources:
        named: list[tuple[DataPath, str]] = []
        suspected = getattr(facts, "suspected", None)
        if suspected is not None:
            named.append(((*base, "suspected"), suspected))
        for index, person in enumerate(getattr(facts, "parental_responsibility", None) or []):
            named.append(((*base, "parental_responsibility", index), person))
        for where, person in named:
            if person not in allowed:
                out.at_value(
                    where,
                    "STR010",
                    f"«{person}» i {where[-1] if isinstance(where[-1], str) else where[-2]} er verken en person i cast "
                    f"eller en av rollene {', '.join(sorted(GENERIC_ROLES))}" + _suggest(person, allowed),
                )


#: Action fields that name a person or a service, by action type.
PERSON_FIELDS: dict[type[a.Action], tuple[str, ...]] = {
    a.Talk: ("with_",),
    a.Share: ("with_",),
    a.Refer: ("to",),
    a.AskConsent: ("from_",),
    a.WithdrawConsent: ("by",),
    a.Inform: ("who",),
    a.Confront: ("who",),
    a.Withhold: ("from_",),
    a.AppointStafettholder: ("who",),
    a.HandOverStafett: ("to",),
    a.AddLogReader: ("who",),
    a.PlanMeasure: ("owner",),
    a.HoldMeeting: ("participants",),
    a.InviteChild: ("support_adult",),
    a.ConsultLeader: ("who",),
    a.ConsultAnonymous: ("with_",),
    a.KeepChild: ("from_",),
    a.HandOverChild: ("to",),
    a.FetchSafeAdult: ("who",),
}
#: Fact fields that name a person (``suspected`` and ``parental_responsibility`` are STR010's).
PERSON_FACTS = ("may_protect_suspect", "endangering_adult", "child", "has_stafettholder")


def known_words() -> frozenset[str]:
    """Every word the engine resolves without a cast entry: roles, titles, services, colleagues."""
    return frozenset(
        CHILD_ROLES
        | PARENT_ROLES
        | BOTH_PARENTS
        | OWN_TEAM
        | UNINVOLVED_COLLEAGUES
        | SERVICES
        | PRIVATE_WORDS
        | set(TITLE_SERVICE)
        | set(SEPARATE_BODIES)
        | RESCUERS
        | INSTITUTIONS
        | {"ungdommen", "barnet", "eleven"}
    )


def _field_alias(action: a.Action, field_name: str) -> str:
    info = type(action).model_fields[field_name]
    return info.alias or field_name


def _check_action_people(scenario: Scenario, out: _Reporter) -> None:
    cast_ids = {member.id for member in scenario.cast}
    names = {normalise(member.name): member.id for member in scenario.cast}
    first_names = {normalise(member.name.split()[0]): member.id for member in scenario.cast if member.name.split()}
    known = known_words()
    candidates = sorted(cast_ids | known)
    places: list[tuple[DataPath, str]] = []
    for at, action in _actions(scenario):
        for field_name in PERSON_FIELDS.get(type(action), ()):
            value = getattr(action, field_name)
            words = value if isinstance(value, list) else [value]
            for index, word in enumerate(words):
                if isinstance(word, str):
                    tail: DataPath = (index,) if isinstance(value, list) else ()
                    places.append(((*at, _field_alias(action, field_name), *tail), word))
    for base, facts in [(("facts",), scenario.facts)] + [
        (("nodes", nid, "reveals"), node.reveals) for nid, node in scenario.nodes.items() if node.reveals
    ]:
        for fact in PERSON_FACTS:
            value = getattr(facts, fact)
            for index, word in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(word, str):
                    places.append(((*base, fact) + ((index,) if isinstance(value, list) else ()), word))
    for where, word in places:
        spelled = normalise(word)
        if word in cast_ids or spelled in cast_ids or spelled in known:
            continue
        named = names.get(spelled) or first_names.get(spelled)
        if named is not None:
            out.at_value(where, "STR015", f"«{word}» er navnet til en person i cast; skriv cast-ID-en «{named}»")
            continue
        close = difflib.get_close_matches(spelled, candidates, n=1, cutoff=0.75)
        if close:
            message = f"«{word}» er verken en person i cast eller et ord motoren kjenner – mente du «{close[0]}»?"
            out.at_value(where, "STR015", message)
        else:
            out.at_value(
                where,
                "STR015",
                f"«{word}» er verken en person i cast eller et ord motoren kjenner; motoren regner det som en "
                "privatperson. Legg personen i cast med «service:», eller bruk et kjent ord (se scenarios/README.md)",
                WARNING,
            )


def _check_roles(scenario: Scenario, out: _Reporter) -> None:
    # near misses of the roles the engine reads (a private word such as «kjæresten» is not one to correct to)
    known = sorted(CHILD_ROLES | PARENT_ROLES | set(TITLE_SERVICE) | OWN_TEAM)
    for index, member in enumerate(scenario.cast):
        role = normalise(member.role)
        if role in known or role in PRIVATE_WORDS or member.service is not None:
            continue
        if role == "forelder":
            message = (
                "rollen «forelder» er tvetydig: skriv «mor» eller «far» for barnets forelder, eller "
                "«annen-forelder» for en forelder til et annet barn (en privatperson)"
            )
            out.at_value(("cast", index, "role"), "STR016", message)
            continue
        close = difflib.get_close_matches(role, known, n=1, cutoff=0.8)
        if close and close[0] != role:
            message = f"rollen «{member.role}» er ukjent – mente du «{close[0]}»?"
            out.at_value(("cast", index, "role"), "STR016", message)


def _check_role_cards(scenario: Scenario, out: _Reporter) -> None:
    cast_ids = {member.id for member in scenario.cast} | GENERIC_ROLES
    for node_id, node in scenario.nodes.items():
        if not node.roles:
            continue
        if len(node.roles) == 1:
            out.at_key(
                ("nodes", node_id, "roles"),
                "STR020",
                f"noden «{node_id}» har bare ett rollekort; et rollespill trenger minst to roller "
                "(f.eks. den ansatte og forelderen)",
            )
        seen: set[str] = set()
        for index, card in enumerate(node.roles):
            name = normalise(card.role)
            if name in seen:
                out.at_value(
                    ("nodes", node_id, "roles", index, "role"),
                    "STR020",
                    f"rollen «{card.role}» står to ganger i noden «{node_id}»; gi rollene ulike navn "
                    "(de andre i rommet ser bare navnene)",
                )
            seen.add(name)
            if card.person is not None and card.person not in cast_ids:
                out.at_value(
                    ("nodes", node_id, "roles", index, "person"),
                    "STR020",
                    f"rollekortet «{card.role}» gjelder «{card.person}», som verken er en person i cast eller en av "
                    f"rollene {', '.join(sorted(GENERIC_ROLES))}"
                    + _suggest(card.person, cast_ids),
                )


def _texts(value: object, path: DataPath) -> Iterable[tuple[DataPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _check_placeholders(scenario: Scenario, dumped: str, out: _Reporter) -> None:
    if "SKRIV" not in dumped:
        return  # the usual case: the (much faster) JSON dump finds no placeholder, so nothing to locate
    data = scenario.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    left = [where for where, text in _texts(data, ()) if "SKRIV" in text]
    if left:
        more = f" (og {len(left) - 1} steder til)" if len(left) > 1 else ""
        out.at_value(
            left[0],
            "STR017",
            f"plassholderen «SKRIV …» fra «bti-trener new» står fortsatt her{more}; skriv "
            "inn teksten før saken tas i bruk",
        )


#: How the JSON dump writes a control character other than newline and tab (C0 and DEL are escaped; C1 and the
#: Unicode line separators are written as they are). A literal backslash before «b» also matches: harmless,
#: the exact check below then finds nothing.
_DUMPED_CONTROLS = ("\\u00", "\\b", "\\f", "\\r", "\x7f", "\u2028", "\u2029", *map(chr, range(0x80, 0xA0)))


def _check_control_characters(scenario: Scenario, dumped: str, out: _Reporter) -> None:
    if not any(mark in dumped for mark in _DUMPED_CONTROLS):
        return  # the usual case, found in the fast JSON dump with plain substring searches (~0.1 ms a file)
    data = scenario.model_dump(mode="python", by_alias=True, exclude_defaults=True)
    for where, text in _texts(data, ()):
        found = CONTROL_IN_TEXT.search(text)
        if found:
            out.at_value(
                where,
                "STR019",
                f"teksten har et kontrolltegn ({printable(found.group(0))}) som kan endre farger eller flytte "
                "markøren i terminalen; fjern det (ofte en escape som «\\e» i en tekst i anførselstegn)",
            )


def _check_fixtures(scenario: Scenario, out: _Reporter) -> None:
    for fixture_id, fixture in scenario.fixtures.items():
        if fixture.node not in scenario.nodes:
            out.at_value(
                ("fixtures", fixture_id, "node"),
                "STR013",
                f"fixture «{fixture_id}» starter i noden «{fixture.node}», som ikke finnes"
                + _suggest(fixture.node, scenario.nodes),
            )


def _check_profile(scenario: Scenario, out: _Reporter) -> None:
    names = bundled_profile_names()
    if scenario.profile not in names and not scenario.profile.endswith(PROFILE_FILE_SUFFIXES):
        out.at_value(
            ("profile",),
            "STR014",
            f"kommuneprofilen «{scenario.profile}» finnes ikke; saken vurderes etter «standard» "
            f"(finnes: {', '.join(names)})" + _suggest(scenario.profile, names),
            WARNING,
        )


def _check_arenas(scenario: Scenario, out: _Reporter) -> None:
    if scenario.profile.endswith(PROFILE_FILE_SUFFIXES):
        return  # a kommune's own file: the tools that take it read its arenas
    name = scenario.profile if scenario.profile in bundled_profile_names() else "standard"
    profile = bundled_profile(name)
    known = [arena.id for arena in profile.arenas]
    for at, action in _actions(scenario):
        if not isinstance(action, a.HoldMeeting) or action.arena is None or action.arena in known:
            continue
        has = f"arenaene der er: {', '.join(known)}" if known else "den har ingen arenaer"
        out.at_value(
            (*at, "arena"),
            "STR021",
            f"arenaen «{action.arena}» finnes ikke i kommuneprofilen «{name}» ({has}); "
            "skriv profilen saken spilles som i «profile:», eller en arena profilen har"
            + _suggest(action.arena, known),
        )


def _actions(scenario: Scenario) -> Iterator[tuple[DataPath, a.Action]]:
    """Every action in the case with its place in the file: each node's events, then its choices' actions."""
    for node_id, node in scenario.nodes.items():
        for i, action in enumerate(node.events):
            yield ("nodes", node_id, "events", i), action
        for ci, choice in enumerate(node.choices):
            for i, action in enumerate(choice.actions):
                yield ("nodes", node_id, "choices", ci, "actions", i), action


def _check_file_name(scenario: Scenario, path: str, out: _Reporter) -> None:
    stem = Path(path).stem
    if stem and scenario.id != stem:
        out.at_value(
            ("id",),
            "STR011",
            f"id-en «{scenario.id}» er ikke lik filnavnet «{stem}»; gi fila navnet «{scenario.id}.yaml»",
            WARNING,
        )
