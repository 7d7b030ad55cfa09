"""What the trainee did, in one Norwegian phrase: how a finding names the action that earned a ✓ or broke
a rule («du sendte en skriftlig melding til barnevernet»)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scoring import actions as a

if TYPE_CHECKING:
    from scoring.timeline import Timeline

_REPORT_TO = {"barnevern": "barnevernet", "politi": "politiet"}
_FORM = {"written": "skriftlig", "oral_journaled": "muntlig, skrevet i journalen", "oral": "bare muntlig"}
_ABOUT = {"bekymring": "bekymringen", "melding": "meldingen", "deling": "at opplysninger blir delt"}
_EMERGENCY = {
    "112": "112 (politiet)",
    "113": "113 (medisinsk nødhjelp)",
    "110": "110 (brannvesenet)",
    "barnevernvakt": "barnevernvakta",
    "legevakt": "legevakta",
}
_PLANS = {
    "individuell-plan": "individuell plan",
    "koordinator": "en koordinator",
    "koordinerende-enhet": "koordinerende enhet",
    "konsultasjonsteam": "et konsultasjonsteam",
}


def _names(tl: Timeline, targets: list[str]) -> str:
    """«mor og far», «mor, far og Ida»."""
    shown = [tl.display(t) for t in targets]
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " og " + shown[-1]


def _share(action: a.Share, tl: Timeline) -> str:
    unnamed = "" if action.identifiable else " uten å navngi familien"
    return f"du delte opplysninger med {tl.display(action.with_)}{unnamed}"


def _ask_consent(action: a.AskConsent, tl: Timeline) -> str:
    asked = f"du ba {_names(tl, list(action.from_))} om samtykke"
    return f"{asked} og fikk nei" if action.answer == "refused" else f"{asked} ({_FORM[action.form]})"


def _report(action: a.Report, tl: Timeline) -> str:
    how = "en anonym" if action.anonymous else "en skriftlig" if action.written else "en muntlig"
    return f"du sendte {how} melding til {_REPORT_TO[action.to]}"


def _meeting(action: a.HoldMeeting, tl: Timeline) -> str:
    if action.arena is None:
        return f"dere holdt {action.kind}"
    arena = tl.profile.arena(action.arena)
    where = arena.name if arena is not None else f"«{action.arena}» (en arena kommuneprofilen ikke har)"
    return f"dere drøftet saken {'anonymt ' if action.anonymous else ''}i {where}"


def _keep_child(action: a.KeepChild, tl: Timeline) -> str:
    return f"du holdt barnet tilbake fra {tl.display(action.from_)}" if action.from_ else "du holdt barnet tilbake"


def _hand_over_child(action: a.HandOverChild, tl: Timeline) -> str:
    told = " og sa hvordan barnet hadde det" if action.told_state else ""
    return f"du lot {tl.display(action.to)} ta med barnet{told}"


#: Each action type's phrase, looked up by type: a report names up to one action per finding, and a chain of
#: class patterns would test every type before the last.
_PHRASES: dict[type[a.Action], Callable[[Any, Timeline], str]] = {
    a.Document: lambda x, tl: f"du skrev ned {'barnets ord ordrett' if x.verbatim else x.what}",
    a.ConsultLeader: lambda x, tl: f"du tok det opp med {tl.display(x.who)}",
    a.ConsultAnonymous: lambda x, tl: f"du drøftet saken uten navn med {tl.display(x.with_)}",
    a.Talk: lambda x, tl: f"du snakket med {tl.display(x.with_)}",
    a.Share: _share,
    a.Refer: lambda x, tl: f"du henviste til {tl.display(x.to)}",
    a.AskConsent: _ask_consent,
    a.WithdrawConsent: lambda x, tl: f"{tl.display(x.by)} trakk samtykket",
    a.Report: _report,
    a.Inform: lambda x, tl: f"du fortalte {tl.display(x.who)} om {_ABOUT[x.about]}",
    a.Confront: lambda x, tl: f"du konfronterte {tl.display(x.who)}",
    a.Withhold: lambda x, tl: f"du holdt opplysninger tilbake fra {tl.display(x.from_)}",
    a.SetLevel: lambda x, tl: f"du satte saken på nivå {x.level}",
    a.AppointStafettholder: lambda x, tl: f"{tl.display(x.who)} ble stafettholder",
    a.HandOverStafett: lambda x, tl: f"stafetten gikk til {tl.display(x.to)}",
    a.OpenLog: lambda x, tl: "du åpnet stafettloggen",
    a.AddLogReader: lambda x, tl: f"du ga {tl.display(x.who)} tilgang til stafettloggen",
    a.CloseLog: lambda x, tl: "du lukket stafettloggen",
    a.PlanMeasure: lambda x, tl: f"dere planla tiltaket «{x.what}»",
    a.HoldMeeting: _meeting,
    a.InviteChild: lambda x, tl: "du inviterte barnet til møtet",
    a.ConsiderPlan: lambda x, tl: f"dere vurderte {_PLANS[x.what]}",
    a.CloseCase: lambda x, tl: "du avsluttet saken",
    a.Wait: lambda x, tl: f"du ventet {x.days} dager",
    a.SltDiscussion: lambda x, tl: f"del {x.part} av SLT-møtet",
    a.SendAgenda: lambda x, tl: "du sendte ut saksliste",
    a.KeepChild: _keep_child,
    a.HandOverChild: _hand_over_child,
    a.StayWithChild: lambda x, tl: "du ble hos barnet",
    a.CallEmergency: lambda x, tl: f"du ringte {_EMERGENCY[x.to]}",
    a.FetchSafeAdult: lambda x, tl: f"du fikk {tl.display(x.who)} til å komme",
}


def describe(action: a.Action, tl: Timeline) -> str:
    """The action as a short Norwegian phrase in the second person, true of exactly what was done."""
    return _PHRASES[type(action)](action, tl)
