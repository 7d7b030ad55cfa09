"""What the engine returns: findings with explanations, a scorecard per competence area, pass/fail."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Any, Literal

from scoring.describe import describe
from scoring.registry import Hit
from scoring.rulebook import SEVERITY_WEIGHT, Rulebook, Severity
from scoring.vocabulary import COMPETENCE_AREAS

if TYPE_CHECKING:
    from scoring.timeline import Timeline


@dataclass(slots=True)
class Finding:
    """A rule broken or followed at a decision, explained in Norwegian.

    Not frozen: a frozen dataclass's ``__init__`` is about six times slower, and a report builds a finding
    per hit on the judging hot path. Treat findings as read-only."""

    rule_id: str
    """Catalogue ID (e.g. VO-02)."""
    title: str
    """The rule's short title."""
    severity: Severity
    """kritisk, alvorlig or mindre."""
    area: str
    """Competence area ID."""
    outcome: Literal["brutt", "fulgt"]
    """Broken or followed."""
    step: int | None
    """Index of the decision it arose at (None when it concerns the case as a whole)."""
    node: str | None
    """Node ID of that decision."""
    choice: str | None
    """Choice ID of that decision."""
    explanation: str
    """What went wrong (or right)."""
    better: str
    """The better action (empty when followed)."""
    source: str
    """Law paragraph or guide step."""
    detail: str | None = None
    """What exactly happened in this case."""
    action: str | None = None
    """The trainee's action the finding is about, as a Norwegian phrase («du sendte en skriftlig melding til
    barnevernet»): always set on a followed rule (a ✓ names what earned it), on a broken one when an action
    broke it rather than something left undone."""

    @property
    def did(self) -> str | None:
        """:attr:`action` as a sentence («Du sendte en skriftlig melding til barnevernet.»), or None."""
        if not self.action:
            return None
        return self.action[0].upper() + self.action[1:] + "."

    @property
    def why(self) -> str:
        """The explanation to show after :attr:`detail`: without its first sentence when that sentence is the
        general form of the detail («… med en annen tjeneste …» after «… med PPT …»), so feedback never says
        the same thing twice in a row."""
        if not self.detail:
            return self.explanation
        first, _, rest = self.explanation.strip().partition(". ")
        if rest and _similar(first, self.detail):
            return rest
        return self.explanation


@dataclass(frozen=True, slots=True)
class AreaScore:
    """Score for one competence area."""

    area: str
    """Area ID."""
    label: str
    """Norwegian name."""
    score: int
    """0–100, weighted by severity."""
    broken: int
    """Rules broken in this area."""
    followed: int
    """Rules followed in this area."""


@dataclass(frozen=True)
class Report:
    """The verdict on a trace. Plain dataclasses: judging is on the hot path, and nothing here is user input.

    Only a finished play-through has a score and a pass: while the case is unfinished ``overall`` and
    ``passed`` are None and the scorecard is empty, so no screen, export or store can show a score for it.
    """

    findings: list[Finding]
    """Every finding, in decision order; violations before satisfactions at the same decision."""
    areas: list[AreaScore]
    """Scorecard per competence area that had applicable rules (empty while unfinished)."""
    overall: int | None
    """0–100 over all applicable rules, weighted by severity; None while unfinished."""
    passed: bool | None
    """True when the case was finished, no critical rule was broken, at most :data:`MAX_SERIOUS_TO_PASS`
    rules were broken at «alvorlig», and the ending was not «dårlig» for the child; None while unfinished."""
    summary: str
    """One Norwegian sentence: passed or not, and why (or that the case is not finished)."""
    complete: bool = True
    """The play-through reached an ending."""
    outcome: str | None = None
    """How the ending went for the child, as its author judged it (god, delvis, dårlig)."""

    @property
    def violations(self) -> list[Finding]:
        """Findings of broken rules."""
        return [f for f in self.findings if f.outcome == "brutt"]

    @property
    def followed(self) -> list[Finding]:
        """One finding per rule that was followed and never broken."""
        broken = {f.rule_id for f in self.violations}
        seen: set[str] = set()
        out = []
        for f in self.findings:
            if f.outcome == "fulgt" and f.rule_id not in broken and f.rule_id not in seen:
                seen.add(f.rule_id)
                out.append(f)
        return out

    @property
    def broken_rules(self) -> list[str]:
        """IDs of broken rules, sorted."""
        return sorted({f.rule_id for f in self.violations})

    @property
    def followed_rules(self) -> list[str]:
        """IDs of rules followed and never broken, sorted."""
        return sorted(f.rule_id for f in self.followed)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return asdict(self)

    def at_step(self, step: int) -> list[Finding]:
        """Findings that arose at one decision."""
        return [f for f in self.findings if f.step == step]


#: A pass means the child was kept safe and the law followed: no critical breach, an ending that was not bad
#: for the child, and no more than this many different rules broken at «alvorlig». One or two serious or
#: minor findings on an otherwise sound path cost points but do not fail it; three show a handling that
#: did not follow the law or the handlingsveileder.
MAX_SERIOUS_TO_PASS = 2

_AREA_ORDER = {area: index for index, area in enumerate(COMPETENCE_AREAS)}
"""Scorecard order: the competence areas as the vocabulary lists them."""


def _similar(general: str, specific: str) -> bool:
    """The two sentences say the same (at least 70 % alike, ignoring case and the final full stop)."""
    a, b = general.strip().rstrip(".").lower(), specific.strip().rstrip(".").lower()
    return SequenceMatcher(None, a, b).ratio() >= 0.7


def build_report(hits: dict[str, list[Hit]], book: Rulebook, timeline: Timeline) -> Report:
    """Turn the rules' hits into findings and a scorecard."""
    findings: list[Finding] = []
    sort_keys: list[tuple[int, bool, int, int]] = []  # each finding's place in the report, worked out as it is made
    outcome_by_rule: dict[str, str] = {}
    phrases: dict[int, str] = {}  # one phrase per action, however many rules name it
    entries = book.rules
    places = [(step.node, step.choice) for step in timeline.steps]  # (node, choice) of each decision
    n_steps = len(places)
    for rank, (rule_id, rule_hits) in enumerate(hits.items()):
        entry = entries[rule_id]
        title, severity, area, source = entry.title, entry.severity, entry.area, entry.source
        broken_text, followed_text, better = entry.violation, entry.satisfied, entry.better
        weight = SEVERITY_WEIGHT[severity]
        seen: set[tuple[str, int | None]] = set()
        broken = False
        for hit in rule_hits:
            key = (hit.outcome, hit.step)
            if key in seen:
                continue
            seen.add(key)
            at = hit.step
            node, choice = places[at] if at is not None and at < n_steps else (None, None)
            did = None
            if hit.action is not None:
                did = phrases.get(id(hit.action))
                if did is None:
                    did = phrases[id(hit.action)] = describe(hit.action, timeline)
            violated = hit.outcome == "violated"
            broken = broken or violated
            # decision order (the case as a whole last), violations first, then graver, then registration order
            sort_keys.append((at if at is not None else 10**6, not violated, -weight, rank))
            findings.append(
                Finding(
                    rule_id,
                    title,
                    severity,
                    area,
                    "brutt" if violated else "fulgt",
                    at,
                    node,
                    choice,
                    broken_text if violated else followed_text,
                    better if violated else "",
                    source,
                    hit.detail,
                    did,
                )
            )
        outcome_by_rule[rule_id] = "brutt" if broken else "fulgt"
    findings = [findings[i] for i in sorted(range(len(findings)), key=sort_keys.__getitem__)]
    if not timeline.complete:
        return Report(
            findings=findings,
            areas=[],
            overall=None,
            passed=None,
            complete=False,
            summary="Ikke ferdig spilt: ingen poengsum og ingen vurdering før saken er spilt til slutt.",
        )
    areas: dict[str, list[int]] = {}
    total = [0, 0]
    counts: dict[str, list[int]] = {}
    for rule_id, outcome in outcome_by_rule.items():
        entry = entries[rule_id]
        weight = SEVERITY_WEIGHT[entry.severity]
        bucket = areas.setdefault(entry.area, [0, 0])
        count = counts.setdefault(entry.area, [0, 0])
        if outcome == "fulgt":
            bucket[0] += weight
            total[0] += weight
            count[1] += 1
        else:
            bucket[1] += weight
            total[1] += weight
            count[0] += 1
    area_scores = [
        AreaScore(
            area=area,
            label=COMPETENCE_AREAS.get(area, area),
            score=round(100 * good / (good + bad)) if good + bad else 100,
            broken=counts[area][0],
            followed=counts[area][1],
        )
        for area, (good, bad) in sorted(areas.items(), key=lambda kv: _AREA_ORDER.get(kv[0], 99))
    ]
    overall = round(100 * total[0] / (total[0] + total[1])) if sum(total) else 100
    critical = sorted({f.rule_id for f in findings if f.outcome == "brutt" and f.severity == "kritisk"})
    serious = sorted({f.rule_id for f in findings if f.outcome == "brutt" and f.severity == "alvorlig"})
    bad_ending = timeline.outcome == "dårlig"
    too_many = len(serious) > MAX_SERIOUS_TO_PASS
    passed = not critical and not bad_ending and not too_many
    reasons = []
    if critical:
        reasons.append(f"{len(critical)} kritisk{'e' if len(critical) > 1 else ''} brudd ({', '.join(critical)})")
    if too_many:
        reasons.append(f"{len(serious)} alvorlige brudd ({', '.join(serious)})")
    if bad_ending:
        reasons.append("saken endte dårlig for barnet")
    if passed:
        summary = "Bestått: ingen kritiske brudd, og saken endte ikke dårlig for barnet."
    else:
        summary = "Ikke bestått: " + " og ".join(reasons) + "."
    return Report(
        findings=findings,
        areas=area_scores,
        overall=overall,
        passed=passed,
        summary=summary,
        complete=True,
        outcome=timeline.outcome,
    )
