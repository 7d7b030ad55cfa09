"""The workshop presenter's stage: one widget per view — the open decision, its result, the branch taken,
the ending with the group's scorecard, and the exported summary. :class:`~trainer.ui.screens.workshop.WorkshopScreen`
mounts the one for its current view; each is built from the workshop as it stands and is replaced, not updated.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Markdown, Static

from scoring.report import Report
from trainer.render.text import score_line, verdict_heading
from trainer.render.words import counted, hands
from trainer.services.workshops import FinishResult
from trainer.ui.text import OUTCOME_LABELS, bar
from trainer.ui.widgets.area_bars import AreaBars
from trainer.ui.widgets.finding_view import FindingView
from trainer.workshop.state import DecisionRecord, OptionView, Tally, WorkshopSession, letter


class Stage(Vertical):
    """A view of the stage: as tall as its content (the stage around it scrolls)."""

    DEFAULT_CSS: ClassVar[str] = """
    Stage {
        height: auto;
    }
    """

    def __init__(self, workshop: WorkshopSession) -> None:
        super().__init__()
        self.workshop = workshop
        """The workshop shown."""

    def compose(self) -> ComposeResult:
        """The content of :meth:`widgets`."""
        yield from self.widgets()

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        raise NotImplementedError

    def notes(self, step: int | None) -> list[Widget]:
        """The notes on a decision (or on the workshop, ``step`` None), if any."""
        workshop = self.workshop
        notes = [n for n in workshop.notes() if n.step == step]
        if not notes:
            return []
        return [
            Static("Notater", classes="section-title"),
            Static("\n".join(f"• {n.text}" for n in notes), classes="stage-notes", markup=False),
        ]


class DecisionStage(Stage):
    """The open decision: the case (at the first), the text, the prompt, the lettered options and the hint."""

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        workshop = self.workshop
        current, node = workshop.current, workshop.node
        if current is None or node is None:
            return [Static("Saken er ferdig.", classes="stage-heading")]
        out: list[Widget] = []
        if current.step == 0:
            out.append(Static(workshop.scenario.summary, classes="stage-intro", markup=False))
        heading = f"Beslutning {current.step + 1}" + (f" · {node.title}" if node.title else "")
        out.append(Static(heading, classes="stage-heading", markup=False))
        out.append(Markdown(node.text.strip(), classes="stage-text"))
        out.append(Static(f"Til diskusjon: {node.discussion or 'Hva gjør du?'}", classes="stage-prompt", markup=False))
        for option in workshop.options():
            out.append(
                Static(
                    Text.assemble((f" {option.letter} ", "bold reverse"), "  ", (option.text, "bold")),
                    classes="stage-option",
                    id=f"option-{option.letter}",
                )
            )
        out.extend(self.roleplay(current))
        hint = {
            "intro": "d: diskuter tre og tre (med nedtelling)   s: åpne avstemningen   h: skriv inn hender",
            "discussing": "Gruppene diskuterer.   s: åpne avstemningen   h: skriv inn hender   d: ny nedtelling",
            "voting": "Avstemningen er åpen – resultatet er skjult.   h: skriv inn hender   r: vis resultatet",
        }.get(current.phase, "")
        if current.roleplay is not None and current.roleplay.active:
            hint = "Rollespill pågår.   g: avslutt rollespillet   s: åpne avstemningen"
        out.append(Static(hint, classes="stage-hint", id="stage-hint", markup=False))
        out.extend(self.notes(current.step))
        return out


    def roleplay(self, current: DecisionRecord) -> list[Widget]:
        """The role-play on the projector: the role names only (the cards are on the phones), how many phones
        hold each once dealt, and how to start or end the round. Nothing when the node has no cards."""
        cards = self.workshop.role_cards()
        if not cards:
            return []
        round_ = current.roleplay
        if round_ is not None and round_.active:
            held = round_.holders()
            names = " · ".join(f"{role} – {counted(n, 'telefon')}" for role, n in held.items())
            lines = [f"Roller: {names}", "Hver telefon ser bare sitt eget rollekort. Spill samtalen – så stemmer dere."]
            title = "Rollespill pågår"
        else:
            lines = ["Roller: " + " · ".join(card.role for card in cards)]
            voted = bool(current.hands or current.device_votes) or current.phase == "revealed"
            if round_ is not None:
                lines.append("Rollespillet er holdt." + ("" if voted else "   g: start det igjen (samme kort)"))
            elif not voted:
                lines.append("g: del ut rollekortene til telefonene og spill samtalen før dere stemmer")
            title = "Rollespill"
        return [
            Static(title, classes="section-title", id="stage-roleplay-title", markup=False),
            Static("\n".join(lines), classes="stage-roleplay", id="stage-roleplay", markup=False),
        ]


class RevealedStage(Stage):
    """The revealed votes as bars, the majority (or the tie) and what to do next."""

    def __init__(self, workshop: WorkshopSession, tally: Tally | None, width: int) -> None:
        super().__init__(workshop)
        self.tally = tally
        """The revealed tally."""
        self.width = width
        """The bars' width in cells."""

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        workshop = self.workshop
        current, tally = workshop.current, self.tally
        if current is None or tally is None:
            return [Static("Ingen avstemning å vise.", classes="stage-heading")]
        node = workshop.node
        heading = f"Beslutning {current.step + 1} · Resultat" + (f" · {node.title}" if node and node.title else "")
        out: list[Widget] = [Static(heading, classes="stage-heading", markup=False)]
        out.extend(distribution(workshop.options(), tally, self.width))
        labels = {o.id: o for o in workshop.options()}
        if tally.majority is not None:
            option = labels[tally.majority]
            verdict = f"Flertall: {option.letter} – {option.text}"
            hint = f"Enter: gå videre med flertallet ({option.letter})   o: velg et annet valg (overstyr)"
        elif tally.tie:
            verdict = "Uavgjort mellom " + " og ".join(labels[o].letter for o in tally.leaders) + "."
            hint = "o: velg hvilket valg gruppa går videre med"
        else:
            verdict = "Ingen stemmer ble registrert."
            hint = "o: velg hvilket valg gruppa går videre med"
        out.append(Static(verdict, classes="stage-prompt", id="stage-majority", markup=False))
        out.append(Static(hint, classes="stage-hint", id="stage-hint", markup=False))
        out.extend(self.notes(current.step))
        return out


class OutcomeStage(Stage):
    """The branch the group took, how it was chosen, the findings there and the author's comment."""

    def __init__(self, workshop: WorkshopSession, decision: DecisionRecord | None) -> None:
        super().__init__(workshop)
        self.decision = decision
        """The decision just taken."""

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        decision = self.decision
        if decision is None or decision.chosen is None:
            return [Static("Ingen beslutning å vise.", classes="stage-heading")]
        scenario = self.workshop.scenario
        chosen = letter(decision.options.index(decision.chosen))
        choice = scenario.choice(decision.node_id, decision.chosen)
        text = choice.text if choice is not None else decision.chosen
        if decision.overridden:
            majority = letter(decision.options.index(decision.majority)) if decision.majority else "?"
            how = f"overstyrt – flertallet stemte {majority}"
            if decision.reason:
                how += f". Grunn: {decision.reason}"
        elif decision.tie_break:
            how = "valgt av fasilitator – ikke klart flertall"
        else:
            how = "flertall"
        out: list[Widget] = [
            Static(f"Beslutning {decision.step + 1} · Gruppa valgte {chosen}", classes="stage-heading", markup=False),
            Static(f"{chosen}: {text} ({how})", id="stage-choice", classes="stage-intro", markup=False),
            Static("Funn ved denne beslutningen", classes="section-title"),
        ]
        if not decision.findings:
            out.append(Static("Ingen regler slo ut ved denne beslutningen.", classes="muted", markup=False))
        ordered = sorted(decision.findings, key=lambda f: f.outcome != "brutt")
        out.extend(FindingView(finding) for finding in ordered)
        if decision.feedback:
            out.append(Static("Kommentar fra forfatteren", classes="section-title"))
            out.append(Static(decision.feedback, id="stage-feedback", markup=False))
        if decision.discussion_after:
            out.append(Static(f"Til diskusjon: {decision.discussion_after}", classes="stage-prompt", markup=False))
        following = "Enter: se slutten og gruppas resultat" if self.workshop.finished else "Enter: neste beslutning"
        out.append(Static(f"t: notat til denne beslutningen   {following}", classes="stage-hint", id="stage-hint"))
        out.extend(self.notes(decision.step))
        return out


class EndingStage(Stage):
    """The ending, the group's scorecard, the findings on the whole case and the reflection questions."""

    def __init__(self, workshop: WorkshopSession, report: Report | None) -> None:
        super().__init__(workshop)
        self.report = report
        """The group's report (None while it is being worked out)."""

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        workshop = self.workshop
        ending = workshop.ending
        out: list[Widget] = []
        if ending is not None:
            outcome = OUTCOME_LABELS.get(ending.outcome, ending.outcome)
            out.append(
                Static(f"Slutt: {ending.title} (utfall for barnet: {outcome})", classes="stage-heading", markup=False)
            )
            out.append(Markdown(ending.text.strip(), classes="stage-text"))
        report = self.report
        out.append(Static("Gruppas resultat", classes="section-title"))
        if report is None:
            out.append(Static("Regner ut …", classes="muted"))
        else:
            out.append(
                Static(
                    verdict_heading(report),
                    id="verdict",
                    classes="passed" if report.passed else "failed",
                    markup=False,
                )
            )
            out.append(Static(report.summary, markup=False))
            if report.complete:
                out.append(AreaBars(report.areas, id="ws-area-bars"))
            case_findings = [f for f in report.findings if f.step is None]
            if case_findings:
                out.append(Static("Funn for saken som helhet", classes="section-title"))
                out.extend(FindingView(finding) for finding in case_findings)
        if workshop.scenario.reflection:
            out.append(Static("Refleksjon", classes="section-title"))
            out.append(Static("\n".join(f"• {q}" for q in workshop.scenario.reflection), markup=False))
        out.append(
            Static(
                "t: notat til verkstedet   Enter: avslutt og lagre sammendraget", classes="stage-hint", id="stage-hint"
            )
        )
        out.extend(self.notes(None))
        return out


class DoneStage(Stage):
    """The workshop is over: the group's result and where the summaries were written."""

    def __init__(self, workshop: WorkshopSession, result: FinishResult | None) -> None:
        super().__init__(workshop)
        self.result = result
        """The finished workshop's report and exported files."""

    def widgets(self) -> list[Widget]:
        """The stage's content, top to bottom."""
        result = self.result
        out: list[Widget] = [Static("Verkstedet er avsluttet", classes="stage-heading")]
        if result is None:
            return out
        report = result.report
        how = "Saken ble spilt ferdig." if result.finished else "Verkstedet ble avsluttet før saken var ferdig."
        out.append(Static(f"{how} Gruppas resultat: {score_line(report)}", markup=False))
        out.append(Static("Sammendraget er lagret", classes="section-title"))
        paths = [f"Markdown:\n  {result.paths.markdown}", f"HTML:\n  {result.paths.html}"]
        if result.paths.csv is not None:
            paths.append(f"CSV (alle verksteder i året):\n  {result.paths.csv}")
        out.append(Static("\n".join(paths), id="ws-paths", classes="stage-paths", markup=False))
        out.append(Static("Enter eller Esc: tilbake", classes="stage-hint", id="stage-hint"))
        return out


def distribution(options: list[OptionView], tally: Tally, width: int = 20) -> list[Widget]:
    """The revealed votes as bars: per option its letter, a bar, the total and share; then the text, hands and
    phones (indented); and the total."""
    out: list[Widget] = []
    for option in options:
        total = tally.total(option.id)
        share = round(tally.share(option.id) * 100)
        line = Text()
        line.append(f" {option.letter} ", style="bold reverse")
        line.append(f" {bar(share, width)} ")
        line.append(f"{total:>3}  ({share} %)", style="bold")
        if option.id == tally.majority:
            line.append("  ◀ flertall", style="bold")
        out.append(Static(line, classes="bar-line", id=f"bar-{option.letter}"))
        detail = Text(option.text)
        detail.append(
            f"\n{hands(tally.hands.get(option.id, 0))} + {tally.devices.get(option.id, 0)} fra mobil", style="italic"
        )
        out.append(Static(detail, classes="bar-text"))
    out.append(
        Static(
            f"Totalt {counted(tally.votes, 'stemme')}: {hands(tally.hand_total)}, {tally.device_total} fra mobil.",
            classes="bar-total",
            markup=False,
        )
    )
    return out
