"""Plain-text (terminal) rendering of a played path and its report, in Norwegian."""

from __future__ import annotations

from dataclasses import asdict

from scoring.report import Finding, Report
from trainer.session import Session

SEVERITY_MARK = {"kritisk": "KRITISK", "alvorlig": "alvorlig", "mindre": "mindre"}


def finding_lines(finding: Finding, indent: str = "  ") -> list[str]:
    """A finding as a few indented lines: rule, what happened, better action, source."""
    mark = "✗" if finding.outcome == "brutt" else "✓"
    where = f" (steg {finding.step + 1}: {finding.choice})" if finding.step is not None else ""
    lines = [f"{indent}{mark} {finding.rule_id} [{SEVERITY_MARK[finding.severity]}] {finding.title}{where}"]
    if finding.did:
        lines.append(f"{indent}    {finding.did}")
    if finding.detail:
        lines.append(f"{indent}    {finding.detail}")
    lines.append(f"{indent}    {finding.why}")
    if finding.better:
        lines.append(f"{indent}    Bedre: {finding.better}")
    lines.append(f"{indent}    Kilde: {finding.source}")
    return lines


def score_line(report: Report) -> str:
    """«N av 100. Bestått …» for a finished case; for an unfinished one only the engine's note that it has no score."""
    if not report.complete:
        return report.summary
    return f"{report.overall} av 100. {report.summary}"


def verdict_heading(report: Report) -> str:
    """The big verdict line of a debrief: BESTÅTT/IKKE BESTÅTT with the score, or IKKE FERDIG without one."""
    if not report.complete:
        return "IKKE FERDIG – ingen poengsum"
    return f"{'BESTÅTT' if report.passed else 'IKKE BESTÅTT'} – {report.overall} av 100 poeng"


def scorecard_lines(report: Report) -> list[str]:
    """Score per competence area, overall score and pass/fail (an unfinished case has neither)."""
    if not report.complete:
        return [report.summary]
    lines = ["Poeng per kompetanseområde:"]
    width = max((len(a.label) for a in report.areas), default=10)
    for area in report.areas:
        lines.append(f"  {area.label:<{width}}  {area.score:>3}  ({area.followed} fulgt, {area.broken} brutt)")
    lines.append(f"Samlet: {score_line(report)}")
    return lines


def session_text(session: Session, report: Report) -> str:
    """Transcript, findings and scorecard of a played path."""
    scenario = session.scenario
    out = [f"{scenario.title} ({scenario.id}) — kommuneprofil: {session.profile.name}", ""]
    out.append("Forløp:")
    for index, (node_id, choice_id) in enumerate(zip(session.nodes, session.path, strict=True)):
        choice = scenario.choice(node_id, choice_id)
        text = choice.text if choice else choice_id
        out.append(f"  {index + 1}. [{node_id}] {text} ({choice_id})")
    if session.ending:
        out.append(f"  Slutt: {session.ending.title}")
    else:
        out.append(f"  Saken er ikke ferdig spilt (står ved «{session.position}»). Valgene her:")
        out.extend(f"    {number}. {choice.text} ({choice.id})" for number, choice in enumerate(session.choices(), 1))
    out.append("")
    violations = report.violations
    out.append(f"Brudd ({len(violations)}):" if violations else "Brudd: ingen")
    for finding in violations:
        out.extend(finding_lines(finding))
    followed = report.followed
    out.append(f"Fulgt ({len(followed)}):" if followed else "Fulgt: ingen regler ble prøvd")
    for finding in followed:
        did = f" – {finding.action}" if finding.action else ""
        out.append(f"  ✓ {finding.rule_id} {finding.title}{did}")
    out.append("")
    out.extend(scorecard_lines(report))
    return "\n".join(out)


def session_json(session: Session, report: Report) -> dict[str, object]:
    """The same as :func:`session_text`, as a JSON-ready dict."""
    scenario = session.scenario
    return {
        "scenario": scenario.id,
        "profile": session.profile.id,
        "path": list(session.path),
        "finished": session.finished,
        "ending": session.position if session.finished else None,
        "transcript": [
            {"step": i, "node": n, "choice": c}
            for i, (n, c) in enumerate(zip(session.nodes, session.path, strict=True))
        ],
        "findings": [asdict(f) for f in report.findings],
        "broken_rules": report.broken_rules,
        "followed_rules": report.followed_rules,
        "scorecard": {
            "areas": [asdict(a) for a in report.areas],
            "overall": report.overall,
            "passed": report.passed,
            "summary": report.summary,
        },
    }
