"""Controlled words shared by actions, facts and rules: services, party roles, competence areas.

Authors write these words in scenario files; rules reason over them. Keeping them in one module means a
new service or role is added in one place and the JSON Schema, the loader and the engine all follow.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

#: Services a trainee can work in or a case can involve (the trainee's ``role`` and share/refer targets).
Service = Literal[
    "barnehage",
    "skole",
    "sfo",
    "helsestasjon",
    "jordmor",
    "skolehelsetjeneste",
    "ppt",
    "barnevern",
    "politi",
    "nav",
    "tannhelse",
    "bup",
    "fastlege",
    "psykisk-helse",
    "kultur-fritid",
    "slt",
    "flyktningtjeneste",
    "koordinerende-enhet",
    "statens-barnehus",
]

SERVICES: frozenset[str] = frozenset(Service.__args__)  # type: ignore[attr-defined]

#: Services whose staff are health personnel with the stricter duty of hpl § 21 (TP-03, TP-04).
HEALTH_SERVICES: frozenset[str] = frozenset(
    {"helsestasjon", "jordmor", "skolehelsetjeneste", "tannhelse", "fastlege", "bup", "psykisk-helse"}
)

#: Services that count as health help when a consent is asked (SAM-04: own consent from 16).
HEALTH_MATTER_SERVICES = HEALTH_SERVICES
#: Services that count as education matters (SAM-04: own consent from 15).
EDUCATION_MATTER_SERVICES: frozenset[str] = frozenset({"ppt"})

#: Cast roles that make someone the child (or the pregnant woman) the case is about.
CHILD_ROLES: frozenset[str] = frozenset({"barn", "ungdom", "gravid", "elev"})
#: Cast roles that make someone a parent or caregiver.
PARENT_ROLES: frozenset[str] = frozenset(
    {"mor", "far", "foreldre", "foresatt", "foresatte", "stefar", "stemor", "fosterforelder", "verge"}
)
#: Words that mean "both parents" in an action target.
BOTH_PARENTS: frozenset[str] = frozenset({"foreldre", "foresatte", "begge-foreldre"})
#: Targets inside the trainee's own team: sharing with them needs no consent (fvl § 13 b nr 3).
OWN_TEAM: frozenset[str] = frozenset(
    {
        "leder",
        "naermeste-leder",
        "nærmeste-leder",
        "kollega",
        "ressursteam",
        "pedagogisk-leder",
        "bti-ansvarlig",
        # the service's own contact person and youth team, when the case names no one else by these words
        "kontaktperson",
        "kontaktpersonen",
        "ungdomsteamet",
    }
)
#: Professional titles and the service they belong to; the same title is own team or another service
#: depending on where the trainee works (a rektor is the leader in school, but "school" to a helsesykepleier).
TITLE_SERVICE: dict[str, str] = {
    "rektor": "skole",
    "kontaktlærer": "skole",
    "lærer": "skole",
    "sosiallærer": "skole",
    "inspektør": "skole",
    "styrer": "barnehage",
    "assistent": "barnehage",
    "helsesykepleier": "skolehelsetjeneste",
    "tannlege": "tannhelse",
    "lege": "fastlege",
    "saksbehandler": "nav",
    "miljøarbeider": "kultur-fritid",
    "slt-koordinator": "slt",
    "politikontakt": "politi",
    "nav-veileder": "nav",
    "rådgiver": "skole",  # the school's rådgiver; PPT's is «ppt-rådgiver»
    "programrådgiver": "flyktningtjeneste",
    "sosialpedagogisk-rådgiver": "skole",
    "ppt-rådgiver": "ppt",
    "barnevernskonsulent": "barnevern",
    "saksbehandler-i-barnevernet": "barnevern",
    "psykiatrisk-sykepleier": "psykisk-helse",
    "ruskonsulent": "psykisk-helse",
    "jordmoren": "jordmor",
    "fastlegen": "fastlege",
    "sfo-leder": "sfo",
    "sfo-assistent": "sfo",
    "pedagog": "barnehage",
    "koordinator": "koordinerende-enhet",
    "barnekoordinator": "koordinerende-enhet",
    # the kommune's health and care service, which hears of a pregnant woman's substance use (hpl § 32)
    "helse-og-omsorg": "psykisk-helse",
    "helse-og-omsorgstjenesten": "psykisk-helse",
}
#: Words for a unit of the same kind as the trainee's that is a separate legal body — another owner's
#: barnehage in a private chain, a school in another kommune: another service, not the own team (TP-01, SAM-01).
SEPARATE_BODIES: dict[str, str] = {
    "annen-barnehage": "barnehage",
    "annen-skole": "skole",
}
#: Private persons and groups authors name (a private person by law: sharing with them needs consent that names
#: them, TP-01), and advisory bodies consulted without names; known words, so validate does not query them.
PRIVATE_WORDS: frozenset[str] = frozenset(
    {
        "klassen",
        "foreldregruppa",
        "foreldrene-i-klassen",
        "klassekontakt",
        "klassekontakten",
        "fau-leder",
        "fau",
        "naboen",
        "nabo",
        "trener",
        "fotballtrener",
        "treneren",
        "vennene",
        "venninna",
        "kjæresten",
        "logoped",
        "kompetanseteamet",
        "krisesenteret",
        "utleier",
        "annen-forelder",
        "medelever",
        "medelevene",
        "klassekameratene",
    }
)
#: Targets that are colleagues not involved in the case (TP-01 "staff-room chat").
UNINVOLVED_COLLEAGUES: frozenset[str] = frozenset({"personalet", "personalrommet", "kollegaer", "uinvolvert-kollega"})

#: Kinds of suspicion that trigger the violence/abuse exception (VO rules).
ViolenceSuspicion = Literal["vold", "seksuelle-overgrep", "alvorlig-omsorgssvikt"]
VIOLENCE_SUSPICIONS: frozenset[str] = frozenset(ViolenceSuspicion.__args__)  # type: ignore[attr-defined]

#: Facts that make a situation acute: the child must be protected now, before any routine (AKUTT rules;
#: the level-0 routine stands aside while one of them is known).
ACUTE_FACTS: tuple[str, ...] = ("danger_to_life", "endangering_adult", "must_not_be_alone")

#: Words for those who can avert a danger to life or health when they are not a service in the cast
#: (sharing with them is an alert, AKUTT-02; withholding from them is a breach, TP-05).
RESCUERS: frozenset[str] = frozenset(
    {"ambulanse", "ambulansearbeider", "ambulansepersonell", "legevakt", "amk", "lege", "sykehus"}
)

#: Emergency numbers and services the trainee can call (AKUTT-02): police, medical emergency, the
#: child welfare emergency service, the out-of-hours medical service.
Emergency = Literal["112", "113", "110", "barnevernvakt", "legevakt"]
#: Those of them that send help at once when life or health is in danger.
LIFE_SAVING: frozenset[str] = frozenset({"112", "113", "110"})

#: Competence areas (the seeds' modules). Scenario ``modules`` and rulebook ``area`` use these IDs.
COMPETENCE_AREAS: dict[str, str] = {
    "kartlegging-undring": "Kartlegging av undring/uro",
    "samtale-barn": "Undringssamtale med barn og unge",
    "samtale-foresatte": "Undringssamtale og samarbeid med foresatte",
    "stafettholder-stafettlogg": "Stafettholderrollen og bruk av stafettlogg",
    "handlingsveileder": "Handlingsveileder og stafettlogg (nivå 0–3)",
    "tegn-og-symptomer": "Tegn og symptomer, vold og overgrep",
    "konsekvenser-risiko": "Konsekvenser ved å vokse opp i risiko",
    "holdninger": "Holdninger",
    "taushetsplikt-samhandling": "Taushetsplikten i samhandlingsrommet",
}
#: Built from the dict so the two can never drift apart.
Module = Literal[tuple(COMPETENCE_AREAS)]  # type: ignore[valid-type]


@cache  # the same few dozen words, asked for on every action judged
def normalise(word: str) -> str:
    """Lower-case and hyphenate a free word so 'Nærmeste leder' and 'nærmeste-leder' compare equal."""
    return "-".join(word.strip().lower().split())
