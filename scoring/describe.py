"""What the trainee did, in one Norwegian phrase: how a finding names the action that earned a ✓ or broke
a rule («du sendte en skriftlig melding til barnevernet»)."""

from __future__ import annotations

from typing import TYPE_CHECKING

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


def describe(action: a.Action, tl: Timeline) -> str:
    """The action as a short Norwegian phrase in the second person, true of exactly what was done."""
    match action:
        case a.Document(what=what, verbatim=verbatim):
            return f"du skrev ned {'barnets ord ordrett' if verbatim else what}"
        case a.ConsultLeader(who=who):
            return f"du tok det opp med {tl.display(who)}"
        case a.ConsultAnonymous(with_=with_):
            return f"du drøftet saken uten navn med {tl.display(with_)}"
        case a.Talk(with_=with_):
            return f"du snakket med {tl.display(with_)}"
        case a.Share(with_=with_, identifiable=identifiable):
            unnamed = "" if identifiable else " uten å navngi familien"
            return f"du delte opplysninger med {tl.display(with_)}{unnamed}"
        case a.Refer(to=to):
            return f"du henviste til {tl.display(to)}"
        case a.AskConsent(from_=givers, answer=answer, form=form):
            asked = f"du ba {_names(tl, list(givers))} om samtykke"
            return f"{asked} og fikk nei" if answer == "refused" else f"{asked} ({_FORM[form]})"
        case a.WithdrawConsent(by=by):
            return f"{tl.display(by)} trakk samtykket"
        case a.Report(to=to, written=written, anonymous=anonymous):
            how = "en anonym" if anonymous else "en skriftlig" if written else "en muntlig"
            return f"du sendte {how} melding til {_REPORT_TO[to]}"
        case a.Inform(who=who, about=about):
            return f"du fortalte {tl.display(who)} om {_ABOUT[about]}"
        case a.Confront(who=who):
            return f"du konfronterte {tl.display(who)}"
        case a.Withhold(from_=from_):
            return f"du holdt opplysninger tilbake fra {tl.display(from_)}"
        case a.SetLevel(level=level):
            return f"du satte saken på nivå {level}"
        case a.AppointStafettholder(who=who):
            return f"{tl.display(who)} ble stafettholder"
        case a.HandOverStafett(to=to):
            return f"stafetten gikk til {tl.display(to)}"
        case a.OpenLog():
            return "du åpnet stafettloggen"
        case a.AddLogReader(who=who):
            return f"du ga {tl.display(who)} tilgang til stafettloggen"
        case a.CloseLog():
            return "du lukket stafettloggen"
        case a.PlanMeasure(what=what):
            return f"dere planla tiltaket «{what}»"
        case a.HoldMeeting(arena=arena_id, anonymous=anonymous) if arena_id is not None:
            arena = tl.profile.arena(arena_id)
            where = arena.name if arena is not None else f"«{arena_id}» (en arena kommuneprofilen ikke har)"
            return f"dere drøftet saken {'anonymt ' if anonymous else ''}i {where}"
        case a.HoldMeeting(kind=kind):
            return f"dere holdt {kind}"
        case a.InviteChild():
            return "du inviterte barnet til møtet"
        case a.ConsiderPlan(what=what):
            return f"dere vurderte {_PLANS[what]}"
        case a.CloseCase():
            return "du avsluttet saken"
        case a.Wait(days=days):
            return f"du ventet {days} dager"
        case a.SltDiscussion(part=part):
            return f"del {part} av SLT-møtet"
        case a.SendAgenda():
            return "du sendte ut saksliste"
        case a.KeepChild(from_=from_):
            return f"du holdt barnet tilbake fra {tl.display(from_)}" if from_ else "du holdt barnet tilbake"
        case a.HandOverChild(to=to, told_state=told):
            return f"du lot {tl.display(to)} ta med barnet" + (" og sa hvordan barnet hadde det" if told else "")
        case a.StayWithChild():
            return "du ble hos barnet"
        case a.CallEmergency(to=to):
            return f"du ringte {_EMERGENCY[to]}"
        case a.FetchSafeAdult(who=who):
            return f"du fikk {tl.display(who)} til å komme"
    return action.type  # pragma: no cover - every action type has a phrase (tested)
