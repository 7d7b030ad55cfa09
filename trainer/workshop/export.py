"""The workshop summary for leaders and the BTI forum: Markdown, a self-contained HTML file, and the year's CSV.

A summary holds: date, theme, unit, participants (count per unit, names only when given), the votes at
each decision (distribution, raised hands vs devices), any role-play round before the vote (the roles and how
many phones held each), the path taken (with overrides and tie-breaks),
the engine's findings and the group's scorecard, the author's feedback, and the facilitator's notes.

All text a person typed (notes, units, names, themes) is escaped: Markdown special characters are
backslash-escaped, and the HTML file escapes everything and carries no script. Exports go to
``data_dir()/eksport/`` unless a folder is given. No data about real children exists anywhere: every
case is fictional; participant names are optional and can be deleted (:func:`forget_names`).

The year's CSV (:func:`year_csv`) has one row per workshop, uses ``;`` as separator and a UTF-8 byte
order mark so spreadsheet programs with Norwegian settings open it directly; a cell that starts with
``=``, ``+``, ``-`` or ``@`` is prefixed with ``'`` so it is never run as a formula.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from scoring.report import AreaScore, Finding, Report
from trainer.paths import data_dir
from trainer.render.text import score_line
from trainer.render.words import counted
from trainer.workshop.state import Note, RoleplayRound, Tally, WorkshopSession, letter
from trainer.workshop.store import WorkshopRow, WorkshopStore

EXPORT_FOLDER = "eksport"
OUTCOME_LABELS = {"god": "god", "delvis": "delvis god", "dårlig": "dårlig"}
ARENA_LABELS = {"bti-forum": "BTI-forum", "enhetsmote": "enhetsmøte", "fagdag": "fagdag", "nyansatt": "nyansatte"}
SEVERITY_LABELS = {"kritisk": "kritisk", "alvorlig": "alvorlig", "mindre": "mindre"}
CSV_HEADER = [
    "dato",
    "økt",
    "tema",
    "enhet",
    "deltakere",
    "sak",
    "sak-id",
    "fullført",
    "bestått",
    "poeng",
    "beslutninger",
]
FICTION_NOTE = (
    "Alle saker i BTI-trener er oppdiktet. Eksporten inneholder ingen opplysninger om virkelige barn eller familier."
)


# ---------------------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class OptionLine:
    """One option at a decision, with its votes."""

    letter: str
    """A, B, C …"""
    id: str
    """The choice ID."""
    text: str
    """The option's text."""
    hands: int
    """Raised hands."""
    devices: int
    """Device votes."""

    @property
    def total(self) -> int:
        """Hands plus devices."""
        return self.hands + self.devices


@dataclass(frozen=True)
class DecisionSummary:
    """One decision as the summary shows it."""

    number: int
    """1-based."""
    title: str
    """The node's title."""
    question: str | None
    """The discussion prompt of the decision."""
    options: list[OptionLine]
    """The options with their votes."""
    revealed: bool
    """False when the workshop ended before the reveal (votes then shown as not revealed)."""
    chosen: str | None
    """The choice ID taken (None when the workshop ended here)."""
    majority: str | None
    """The single majority (None on a tie or without votes)."""
    overridden: bool
    """The facilitator took another option than the majority."""
    tie_break: bool
    """No single majority; the facilitator chose."""
    reason: str | None
    """The facilitator's reason, if given."""
    findings: list[Finding]
    """The engine's findings at this decision."""
    feedback: str | None
    """The author's feedback on the option taken."""
    discussion_after: str | None
    """The author's discussion prompt for the option taken."""
    notes: list[Note]
    """The facilitator's notes on this decision."""
    phase: str = ""
    """The phase the decision ended in."""
    roleplay: RoleplayRound | None = None
    """The role-play round held before the vote, if any."""

    @property
    def votes(self) -> int:
        """All votes."""
        return sum(o.total for o in self.options)

    @property
    def hand_total(self) -> int:
        """All raised hands."""
        return sum(o.hands for o in self.options)

    @property
    def device_total(self) -> int:
        """All device votes."""
        return sum(o.devices for o in self.options)

    def option(self, option_id: str | None) -> OptionLine | None:
        """An option by choice ID."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class WorkshopSummary:
    """Everything an export shows about one workshop."""

    workshop_id: int | None
    """The workshop's ID in the store (None when it was not stored)."""
    date: str
    """The local date, DD.MM.ÅÅÅÅ."""
    iso_date: str
    """The local date, ÅÅÅÅ-MM-DD (file names, CSV)."""
    scenario_id: str
    """The case."""
    scenario_title: str
    """Its title."""
    summary_text: str
    """The case summary."""
    profile: str
    """The kommune profile's name."""
    theme: str | None
    """The theme."""
    unit: str | None
    """The unit holding the workshop."""
    kommune: str | None
    """The kommune."""
    season: str | None
    """The årshjul season."""
    plan_session_id: str | None
    """The årshjul session."""
    arena: str | None
    """The arena."""
    facilitator: str | None
    """Who led it."""
    unit_counts: dict[str, int]
    """Participants per unit."""
    participants: int
    """All participants (estimated when none were registered: see ``participants_estimated``)."""
    names: list[str]
    """Optional names (empty unless given)."""
    decisions: list[DecisionSummary]
    """Each decision reached."""
    ending_title: str | None
    """The ending reached (None when stopped early)."""
    ending_text: str | None
    """Its text."""
    ending_outcome: str | None
    """god, delvis or dårlig."""
    report: Report
    """The engine's report on the group's path (the scorecard)."""
    case_findings: list[Finding] = field(default_factory=list)
    """Findings about the case as a whole (not tied to one decision)."""
    reflection: list[str] = field(default_factory=list)
    """The author's reflection questions."""
    notes: list[Note] = field(default_factory=list)
    """Notes on the workshop as a whole."""
    participants_estimated: bool = False
    """No one registered participants: ``participants`` is the phones that voted plus the most hands counted
    at one decision."""

    @property
    def overrides(self) -> int:
        """Decisions where the facilitator overrode the majority."""
        return sum(1 for d in self.decisions if d.overridden)


def _local_date(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return datetime.now()
    return moment.astimezone() if moment.tzinfo else moment


def summarise(workshop: WorkshopSession) -> WorkshopSummary:
    """The summary of a workshop as it stands (ended or not)."""
    with workshop._lock:
        scenario = workshop.scenario
        report = workshop.report()
        decisions: list[DecisionSummary] = []
        for record in workshop.decisions:
            node = scenario.nodes.get(record.node_id)
            choices = {c.id: c for c in node.choices} if node else {}
            tally: Tally = record.tally()
            options = [
                OptionLine(
                    letter=letter(i),
                    id=option,
                    text=choices[option].text if option in choices else option,
                    hands=tally.hands.get(option, 0),
                    devices=tally.devices.get(option, 0),
                )
                for i, option in enumerate(record.options)
            ]
            decisions.append(
                DecisionSummary(
                    number=record.step + 1,
                    title=(node.title if node and node.title else f"Beslutning {record.step + 1}"),
                    question=node.discussion if node else None,
                    options=options,
                    revealed=record.revealed,
                    chosen=record.chosen,
                    majority=record.majority if record.decided else tally.majority,
                    overridden=record.overridden,
                    tie_break=record.tie_break,
                    reason=record.reason,
                    findings=list(record.findings) if record.decided else [],
                    feedback=record.feedback,
                    discussion_after=record.discussion_after,
                    notes=list(record.notes),
                    phase=record.phase,
                    roleplay=record.roleplay,
                )
            )
        started = _local_date(workshop.info.started_at)
        ending = workshop.ending
        return WorkshopSummary(
            workshop_id=workshop.workshop_id,
            date=started.strftime("%d.%m.%Y"),
            iso_date=started.strftime("%Y-%m-%d"),
            scenario_id=scenario.id,
            scenario_title=scenario.title,
            summary_text=scenario.summary,
            profile=workshop.session.profile.name,
            theme=workshop.info.theme,
            unit=workshop.info.unit,
            kommune=workshop.info.kommune,
            season=workshop.info.season,
            plan_session_id=workshop.info.plan_session_id,
            arena=workshop.info.arena,
            facilitator=workshop.info.facilitator,
            unit_counts=dict(workshop.unit_counts),
            participants=workshop.participant_total or workshop.participant_estimate(),
            participants_estimated=not workshop.participant_total and workshop.participant_estimate() > 0,
            names=[n.name for n in workshop.names],
            decisions=decisions,
            ending_title=ending.title if ending else None,
            ending_text=ending.text if ending else None,
            ending_outcome=ending.outcome if ending else None,
            report=report,
            case_findings=[f for f in report.findings if f.step is None],
            reflection=list(scenario.reflection),
            notes=list(workshop.general_notes),
        )


# ---------------------------------------------------------------------------------------- wording


def _participants_text(summary: WorkshopSummary) -> str:
    if not summary.participants:
        return "ikke registrert"
    if summary.participants_estimated:
        return f"ca. {summary.participants} (ikke registrert: telefoner som stemte og flest hender ved én beslutning)"
    if summary.unit_counts:
        units = ", ".join(f"{unit}: {count}" for unit, count in summary.unit_counts.items())
        return f"{summary.participants} ({units})"
    return str(summary.participants)


def _plan_text(summary: WorkshopSummary) -> str | None:
    parts = []
    if summary.season:
        parts.append(summary.season)
    if summary.plan_session_id:
        parts.append(f"økt «{summary.plan_session_id}»")
    if summary.arena:
        parts.append(ARENA_LABELS.get(summary.arena, summary.arena))
    return ", ".join(parts) or None


def _result_text(summary: WorkshopSummary) -> str:
    report = summary.report
    if summary.ending_title is None:
        taken = counted(sum(1 for d in summary.decisions if d.chosen is not None), "beslutning")
        return f"Saken ble ikke spilt ferdig ({taken} tatt). {score_line(report)}"
    return score_line(report)


def _sentence(text: str) -> str:
    """The text ending with a full stop (unless it already ends a sentence)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?", "»", "…", ":")) else f"{text}."


def _choice_text(decision: DecisionSummary) -> str:
    """How the group got to the option taken, in one or two sentences."""
    chosen = decision.option(decision.chosen)
    if chosen is None:
        if decision.revealed:
            return "Økta ble avsluttet etter at resultatet ble vist, før gruppa gikk videre."
        return "Økta ble avsluttet før resultatet ble vist."
    reason = f" Begrunnelse: {_sentence(decision.reason)}" if decision.reason else ""
    if decision.overridden:
        majority = decision.option(decision.majority)
        majority_text = majority.letter if majority else "et annet valg"
        overridden = f"overstyrte flertallet ({majority_text})"
        return f"Fasilitator valgte {chosen.letter} og {overridden}: {_sentence(chosen.text)}{reason}"
    if decision.tie_break:
        why = "uavgjort" if decision.votes else "ingen stemmer"
        return f"Fasilitator valgte {chosen.letter} ({why}): {_sentence(chosen.text)}{reason}"
    return f"Gruppa valgte {chosen.letter} (flertall): {_sentence(chosen.text)}"


def roleplay_text(round_: RoleplayRound) -> str:
    """One sentence about a role-play round: the roles, how many phones held each, and the timer (a help for
    the room, so how long the round took is not reported)."""
    held = [f"{role} – {counted(n, 'telefon')}" if n else role for role, n in round_.holders().items()]
    timer = f", med nedtelling på {_minutes(round_.seconds)}" if round_.seconds else ""
    return f"Rollespill før avstemningen{timer}. Roller: {', '.join(held)}."


def _minutes(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{counted(minutes, 'minutt')}" + (f" {rest} s" if rest else "") if minutes else f"{rest} s"


def _finding_line(finding: Finding) -> tuple[str, str, str]:
    """(mark, headline, body) of a finding."""
    mark = "✗" if finding.outcome == "brutt" else "✓"
    severity = SEVERITY_LABELS.get(finding.severity, finding.severity)
    head = f"{finding.rule_id} {finding.title} ({severity}, {finding.outcome})"
    body = finding.why
    if finding.detail:
        body = f"{finding.detail} {body}"
    if finding.better:
        body += f" Bedre: {finding.better}"
    body += f" Kilde: {finding.source}"
    return mark, head, body


# ---------------------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")


def md_escape(text: str | None) -> str:
    """Text safe to put in Markdown: special characters backslash-escaped, line breaks kept as spaces."""
    if not text:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def to_markdown(summary: WorkshopSummary) -> str:
    """The summary as a Markdown document (Norwegian)."""
    e = md_escape
    out: list[str] = [f"# Workshop: {e(summary.scenario_title)}", ""]
    rows: list[tuple[str, str]] = [("Dato", summary.date)]
    if summary.theme:
        rows.append(("Tema", e(summary.theme)))
    if summary.unit:
        rows.append(("Enhet", e(summary.unit)))
    if summary.kommune:
        rows.append(("Kommune", e(summary.kommune)))
    plan = _plan_text(summary)
    if plan:
        rows.append(("Årshjul", e(plan)))
    if summary.facilitator:
        rows.append(("Fasilitator", e(summary.facilitator)))
    rows.append(("Sak", f"{e(summary.scenario_title)} (`{summary.scenario_id}`)"))
    rows.append(("Kommuneprofil", e(summary.profile)))
    rows.append(("Deltakere", e(_participants_text(summary))))
    if summary.names:
        rows.append(("Navn", e(", ".join(summary.names))))
    rows.append(("Beslutninger", str(sum(1 for d in summary.decisions if d.chosen))))
    if summary.overrides:
        rows.append(("Overstyrt", f"{summary.overrides} gang{'er' if summary.overrides > 1 else ''}"))
    rows.append(("Resultat", e(_result_text(summary))))
    out += ["| | |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows] + [""]
    out += [f"> {e(summary.summary_text)}", ""]

    out += ["## Veien gruppa valgte", ""]
    for decision in summary.decisions:
        out += [f"### {decision.number}. {e(decision.title)}", ""]
        if decision.question:
            out += [f"*{e(decision.question)}*", ""]
        if decision.roleplay is not None:
            out += [e(roleplay_text(decision.roleplay)), ""]
        if decision.revealed or decision.chosen:
            out += ["| Valg | Hender | Mobil | Totalt |", "|---|---:|---:|---:|"]
            for option in decision.options:
                label = f"{option.letter}. {e(option.text)}"
                if option.id == decision.chosen:
                    label = f"**{label}** (valgt)"
                out.append(f"| {label} | {option.hands} | {option.devices} | {option.total} |")
            out.append(f"| Sum | {decision.hand_total} | {decision.device_total} | {decision.votes} |")
            out.append("")
        else:
            out += [f"Stemmer avgitt før økta ble avsluttet: {decision.votes} (resultatet ble ikke vist).", ""]
        out += [e(_choice_text(decision)), ""]
        if decision.findings:
            out += ["Funn:", ""]
            for finding in decision.findings:
                mark, head, body = _finding_line(finding)
                out.append(f"- {mark} **{e(head)}** – {e(body)}")
            out.append("")
        if decision.feedback:
            out += [f"Forfatterens kommentar: {e(decision.feedback)}", ""]
        if decision.discussion_after:
            out += [f"Til diskusjon: {e(decision.discussion_after)}", ""]
        if decision.notes:
            out += ["Notater:", ""] + [f"- {e(n.text)}" for n in decision.notes] + [""]

    if summary.ending_title:
        outcome = OUTCOME_LABELS.get(summary.ending_outcome or "", summary.ending_outcome or "")
        out += [f"## Slutt: {e(summary.ending_title)} (utfall: {e(outcome)})", "", e(summary.ending_text), ""]
    else:
        out += ["## Slutt", "", "Saken ble ikke spilt ferdig i denne økta.", ""]
    if summary.case_findings:
        out += ["### Funn for saken som helhet", ""]
        for finding in summary.case_findings:
            mark, head, body = _finding_line(finding)
            out.append(f"- {mark} **{e(head)}** – {e(body)}")
        out.append("")

    out += ["## Gruppas resultat", ""]
    if summary.report.complete:
        out += _md_scorecard(summary.report.areas)
    report = summary.report
    overall = f"**{report.overall} av 100**. {e(report.summary)}" if report.complete else e(report.summary)
    out += [f"Samlet: {overall}", ""]
    if summary.reflection:
        out += ["## Refleksjon", ""] + [f"- {e(q)}" for q in summary.reflection] + [""]
    if summary.notes:
        out += ["## Notater", ""] + [f"- {e(n.text)}" for n in summary.notes] + [""]
    out += ["---", "", f"*{e(FICTION_NOTE)}*", ""]
    return "\n".join(out)


def _md_scorecard(areas: list[AreaScore]) -> list[str]:
    if not areas:
        return ["Ingen regler ble prøvd på denne veien.", ""]
    lines = ["| Kompetanseområde | Poeng | Fulgt | Brutt |", "|---|---:|---:|---:|"]
    lines += [f"| {md_escape(a.label)} | {a.score} | {a.followed} | {a.broken} |" for a in areas]
    return lines + [""]


# ---------------------------------------------------------------------------------------- HTML

_HTML_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;
color:#1d1d1b;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top}
th{background:#f0ede6;text-align:left}td.n{text-align:right}tr.valgt td{background:#e3eef8;font-weight:600}
.bar{display:inline-block;height:.7rem;background:#1f4e79;vertical-align:middle}
blockquote{margin:0;padding:.5rem 1rem;border-left:4px solid #ccc;background:#f7f7f4}
.brutt{color:#b00020}.fulgt{color:#1b5e20}.small{font-size:.9rem;color:#555}
@media print{body{margin:0}h2{break-after:avoid}}
"""


def _h(text: object) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def to_html(summary: WorkshopSummary) -> str:
    """The summary as one self-contained HTML file (no scripts, no external files; everything escaped)."""
    out: list[str] = [
        "<!doctype html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Workshop: {_h(summary.scenario_title)} – {_h(summary.date)}</title>",
        f"<style>{_HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>Workshop: {_h(summary.scenario_title)}</h1>",
        "<table>",
    ]
    rows: list[tuple[str, str]] = [("Dato", summary.date)]
    for label, value in (("Tema", summary.theme), ("Enhet", summary.unit), ("Kommune", summary.kommune)):
        if value:
            rows.append((label, value))
    plan = _plan_text(summary)
    if plan:
        rows.append(("Årshjul", plan))
    if summary.facilitator:
        rows.append(("Fasilitator", summary.facilitator))
    rows.append(("Sak", f"{summary.scenario_title} ({summary.scenario_id})"))
    rows.append(("Kommuneprofil", summary.profile))
    rows.append(("Deltakere", _participants_text(summary)))
    if summary.names:
        rows.append(("Navn", ", ".join(summary.names)))
    rows.append(("Beslutninger", str(sum(1 for d in summary.decisions if d.chosen))))
    if summary.overrides:
        rows.append(("Overstyrt", f"{summary.overrides} gang{'er' if summary.overrides > 1 else ''}"))
    rows.append(("Resultat", _result_text(summary)))
    out += [f"<tr><th>{_h(k)}</th><td>{_h(v)}</td></tr>" for k, v in rows]
    out += ["</table>", f"<blockquote>{_h(summary.summary_text)}</blockquote>", "<h2>Veien gruppa valgte</h2>"]
    for decision in summary.decisions:
        out.append(f"<h3>{decision.number}. {_h(decision.title)}</h3>")
        if decision.question:
            out.append(f"<p><em>{_h(decision.question)}</em></p>")
        if decision.roleplay is not None:
            out.append(f"<p>{_h(roleplay_text(decision.roleplay))}</p>")
        if decision.revealed or decision.chosen:
            out.append("<table><tr><th>Valg</th><th>Hender</th><th>Mobil</th><th>Totalt</th><th>Andel</th></tr>")
            for option in decision.options:
                share = round(100 * option.total / decision.votes) if decision.votes else 0
                css = ' class="valgt"' if option.id == decision.chosen else ""
                out.append(
                    f'<tr{css}><td>{_h(option.letter)}. {_h(option.text)}</td><td class="n">{option.hands}</td>'
                    f'<td class="n">{option.devices}</td><td class="n">{option.total}</td>'
                    f'<td><span class="bar" style="width:{share * 1.2:.0f}px"></span> {share} %</td></tr>'
                )
            out.append(
                f'<tr><th>Sum</th><td class="n">{decision.hand_total}</td><td class="n">{decision.device_total}</td>'
                f'<td class="n">{decision.votes}</td><td></td></tr></table>'
            )
        else:
            out.append(f"<p>Stemmer avgitt før økta ble avsluttet: {decision.votes} (resultatet ble ikke vist).</p>")
        out.append(f"<p><strong>{_h(_choice_text(decision))}</strong></p>")
        if decision.findings:
            out.append("<ul>")
            out += [_html_finding(f) for f in decision.findings]
            out.append("</ul>")
        if decision.feedback:
            out.append(f"<p>Forfatterens kommentar: {_h(decision.feedback)}</p>")
        if decision.discussion_after:
            out.append(f"<p>Til diskusjon: {_h(decision.discussion_after)}</p>")
        if decision.notes:
            out.append("<p>Notater:</p><ul>" + "".join(f"<li>{_h(n.text)}</li>" for n in decision.notes) + "</ul>")
    if summary.ending_title:
        outcome = OUTCOME_LABELS.get(summary.ending_outcome or "", summary.ending_outcome or "")
        out += [
            f"<h2>Slutt: {_h(summary.ending_title)} (utfall: {_h(outcome)})</h2>",
            f"<p>{_h(summary.ending_text)}</p>",
        ]
    else:
        out += ["<h2>Slutt</h2>", "<p>Saken ble ikke spilt ferdig i denne økta.</p>"]
    if summary.case_findings:
        out += (
            ["<h3>Funn for saken som helhet</h3>", "<ul>"]
            + [_html_finding(f) for f in summary.case_findings]
            + ["</ul>"]
        )
    out.append("<h2>Gruppas resultat</h2>")
    if not summary.report.complete:
        pass  # an unfinished case has no scorecard; the line below says so
    elif summary.report.areas:
        out.append("<table><tr><th>Kompetanseområde</th><th>Poeng</th><th>Fulgt</th><th>Brutt</th></tr>")
        out += [
            f'<tr><td>{_h(a.label)}</td><td class="n">{a.score}</td>'
            f'<td class="n">{a.followed}</td><td class="n">{a.broken}</td></tr>'
            for a in summary.report.areas
        ]
        out.append("</table>")
    else:
        out.append("<p>Ingen regler ble prøvd på denne veien.</p>")
    report = summary.report
    overall = (
        f"<strong>{report.overall} av 100</strong>. {_h(report.summary)}" if report.complete else _h(report.summary)
    )
    out.append(f"<p>Samlet: {overall}</p>")
    if summary.reflection:
        out += ["<h2>Refleksjon</h2>", "<ul>"] + [f"<li>{_h(q)}</li>" for q in summary.reflection] + ["</ul>"]
    if summary.notes:
        out += ["<h2>Notater</h2>", "<ul>"] + [f"<li>{_h(n.text)}</li>" for n in summary.notes] + ["</ul>"]
    out += [f'<p class="small">{_h(FICTION_NOTE)}</p>', "</body>", "</html>", ""]
    return "\n".join(out)


def _html_finding(finding: Finding) -> str:
    mark, head, body = _finding_line(finding)
    css = "brutt" if finding.outcome == "brutt" else "fulgt"
    return f'<li><span class="{css}">{_h(mark)}</span> <strong>{_h(head)}</strong> – {_h(body)}</li>'


# ---------------------------------------------------------------------------------------- files


@dataclass(frozen=True)
class ExportPaths:
    """The files one export wrote."""

    markdown: Path
    """The Markdown summary."""
    html: Path
    """The HTML summary."""
    csv: Path | None = None
    """The year's CSV, when it was written too."""


def export_dir(directory: Path | None = None) -> Path:
    """The export folder (``data_dir()/eksport`` by default), created if missing."""
    folder = Path(directory) if directory is not None else data_dir() / EXPORT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9æøåÆØÅ_.-]+", "-", text.replace("–", "-")).strip("-") or "workshop"


def file_stem(summary: WorkshopSummary) -> str:
    """``workshop-2026-10-14-koppen-som-flaug-7``: date, case and workshop ID."""
    suffix = f"-{summary.workshop_id}" if summary.workshop_id is not None else ""
    return _safe_name(f"workshop-{summary.iso_date}-{summary.scenario_id}{suffix}")


def _write(path: Path, text: str, *, encoding: str = "utf-8") -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding=encoding, newline="")
    tmp.replace(path)
    return path


def write_exports(
    workshop: WorkshopSession, directory: Path | None = None, *, store: WorkshopStore | None = None
) -> ExportPaths:
    """Write the Markdown and HTML summaries (and, with ``store``, the year's CSV) and return their paths."""
    summary = summarise(workshop)
    folder = export_dir(directory)
    stem = file_stem(summary)
    markdown = _write(folder / f"{stem}.md", to_markdown(summary))
    page = _write(folder / f"{stem}.html", to_html(summary))
    table = write_year_csv(store, summary.season, folder) if store is not None else None
    return ExportPaths(markdown=markdown, html=page, csv=table)


# ---------------------------------------------------------------------------------------- CSV


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_rows(rows: list[WorkshopRow]) -> list[list[str]]:
    """The CSV rows (without header) for a list of workshops."""
    table = []
    for row in rows:
        when = _local_date(row.started_at).strftime("%Y-%m-%d")
        table.append(
            [
                _cell(when),
                _cell(row.plan_session_id),
                _cell(row.theme),
                _cell(row.unit),
                _cell(row.participants),
                _cell(row.scenario_title),
                _cell(row.scenario_id),
                "ja" if row.ending else "nei",
                "" if row.passed is None else ("ja" if row.passed else "nei"),
                "" if row.overall is None else str(row.overall),
                str(row.decisions),
            ]
        )
    return table


def year_csv(store: WorkshopStore, season: str | None = None) -> str:
    """Every workshop (of one season, or all) as CSV text: one row per workshop, ``;``-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(store.workshops(season)))
    return buffer.getvalue()


def write_year_csv(store: WorkshopStore, season: str | None = None, directory: Path | None = None) -> Path:
    """Write the year's CSV (UTF-8 with byte order mark, for spreadsheets) and return its path."""
    name = _safe_name(f"workshops-{season}" if season else "workshops-alle") + ".csv"
    return _write(export_dir(directory) / name, year_csv(store, season), encoding="utf-8-sig")


# ---------------------------------------------------------------------------------------- names


def forget_names(workshop: WorkshopSession) -> int:
    """Delete every participant name of a workshop (in memory and in the store); returns how many.

    Summaries written afterwards no longer contain them; files exported earlier must be deleted by hand.
    """
    return workshop.forget_names()


__all__ = [
    "DecisionSummary",
    "ExportPaths",
    "OptionLine",
    "WorkshopSummary",
    "csv_rows",
    "export_dir",
    "file_stem",
    "forget_names",
    "md_escape",
    "summarise",
    "to_html",
    "to_markdown",
    "write_exports",
    "write_year_csv",
    "year_csv",
]
