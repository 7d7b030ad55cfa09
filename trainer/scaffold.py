"""A new, valid scenario skeleton with the trainer's text left to fill in (``bti-trener new``)."""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# Ny sak laget med «bti-trener new». Bytt ut alt som står etter «SKRIV:», og sjekk med
#   bti-trener validate {filename}
# Veiledning: scenarios/README.md i BTI-trener.
version: 1
id: {id}
title: {title}
summary: >-
  SKRIV: to–tre linjer om hva saken handler om, slik deltakeren ser det før start.
themes: [{theme}]
role: {role}
role_title: SKRIV stillingen, f.eks. pedagogisk leder
age_band: "{age_band}"
difficulty: middels
minutes: 10
levels: [0, 1]
modules: [{module}]
learning_goals:
  - "SKRIV: hva deltakeren skal kunne etterpå"
facts:
  {age_fact}
cast:
  - {{id: barnet, name: SKRIV-navn, role: {child_role}}}
{cast_rest}
start: start
nodes:
  start:
    title: SKRIV overskrift
    text: |
      SKRIV: hva skjer? Beskriv et konkret øyeblikk på arbeidsplassen.
    discussion: "SKRIV: spørsmål til gruppa i verkstedmodus"
    choices:
      - id: skriv-ned
        text: Du skriver ned hva du har sett og hørt, med dato.
        actions: [{{document: observasjoner}}]
        goto: leder
        feedback: "SKRIV: hvorfor dette er lurt (HV-N0-01)."
      - id: vent
        text: Du venter og ser om det går over.
        actions: [{{wait: 14}}]
        goto: slutt-daarlig
        feedback: "SKRIV: hvorfor det er fristende, og hvorfor det ikke holder."
  leder:
    title: SKRIV overskrift
    text: |
      SKRIV: du tar det opp med nærmeste leder.
    choices:
      - id: avtal
        text: Du og lederen avtaler hvem som snakker med foreldrene, og når.
        actions: [{{consult_leader: leder}}]
        goto: foreldre
  foreldre:
    title: SKRIV overskrift
    days: 5
    text: |
      SKRIV: samtalen med {counterpart_text}.
    choices:
      - id: konkret
        text: {good_text}
        actions:
          - {{talk: {counterpart}, moves: [{good_moves}], two_staff: true}}
          - {{document: referat fra samtalen}}
        goto: slutt-god
        expect: {{satisfies: [SAMT-02]}}
      - id: fristende-feil
        text: "«SKRIV: en replikk som blir {bad_kind}.»"
        actions: [{{talk: {counterpart}, moves: [{bad_move}]}}, {{document: referat}}]
        goto: slutt-delvis
        expect: {{breaks: [SAMT-02]}}
endings:
  slutt-god:
    title: SKRIV tittel
    outcome: god
    text: SKRIV hvordan det gikk.
  slutt-delvis:
    title: SKRIV tittel
    outcome: delvis
    text: SKRIV hvordan det gikk.
  slutt-daarlig:
    title: SKRIV tittel
    outcome: dårlig
    text: SKRIV hvordan det gikk.
reflection:
  - "SKRIV: et spørsmål deltakeren kan tenke over etterpå"
"""

AGE_DEFAULTS = {"gravid": None, "0-6": 4, "6-12": 9, "13-18": 15, "18-23": 19}
THEME_MODULE = {
    "undring": "kartlegging-undring",
    "samtykke": "samtale-foresatte",
    "nivå": "handlingsveileder",
    "taushetsplikt": "taushetsplikt-samhandling",
    "vold-overgrep": "tegn-og-symptomer",
    "opplysningsplikt": "taushetsplikt-samhandling",
    "stafettlogg": "stafettholder-stafettlogg",
    "medvirkning": "samtale-barn",
    "samtale": "samtale-barn",
    "slt": "taushetsplikt-samhandling",
    "dokumentasjon": "handlingsveileder",
}


@dataclass(frozen=True)
class NewScenario:
    """What the trainer chose for a new case."""

    id: str
    title: str
    theme: str
    role: str
    age_band: str


def render(choice: NewScenario, filename: str, schema: str) -> str:
    """The YAML text of the skeleton."""
    age = AGE_DEFAULTS[choice.age_band]
    return TEMPLATE.format(
        schema=schema,
        filename=filename,
        id=choice.id,
        title=choice.title,
        theme=choice.theme,
        role=choice.role,
        age_band=choice.age_band,
        module=THEME_MODULE.get(choice.theme, "kartlegging-undring"),
        age_fact="pregnant: true" if age is None else f"child_age: {age}\n  parental_responsibility: [mor, far]",
        cast_rest=""
        if age is None
        else "  - {id: mor, name: SKRIV-navn, role: mor}\n  - {id: far, name: SKRIV-navn, role: far}",
        child_role="gravid" if age is None else ("ungdom" if age >= 13 else "barn"),
        **(_PREGNANT if age is None else _PARENTS),
    )


#: The undringssamtale in the skeleton: with the parents, or with the pregnant woman herself.
_PARENTS = {
    "counterpart": "foreldre",
    "counterpart_text": "foreldrene",
    "good_text": "Du forteller hva du har sett, og spør om de kjenner seg igjen.",
    "good_moves": "concrete_observations, concern_not_accusation",
    "bad_kind": "en anklage",
    "bad_move": "accuse",
}
_PREGNANT = {
    "counterpart": "barnet",
    "counterpart_text": "den gravide",
    "good_text": "Du forklarer hvorfor du spør, og hva du kanskje må dele, og med hvem.",
    "good_moves": "explain_purpose, explain_sharing, open_question",
    "bad_kind": "et løfte om å tie",
    "bad_move": "promise_secrecy",
}
