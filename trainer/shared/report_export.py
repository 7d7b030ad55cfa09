"""The coordinator's report as text (terminal), CSV (one row per figure) and one self-contained HTML page with
charts (attendance per unit; the competence modules over the year) — inline SVG and CSS, nothing fetched.
"""

from __future__ import annotations

import csv
import io
from html import escape

from scoring.vocabulary import COMPETENCE_AREAS
from trainer.render.words import counted
from trainer.shared.assessment import QUESTIONS
from trainer.shared.report import MIN_LEARNERS, CoordinatorReport, Figure

NOTE = (
    f"Tall som bygger på færre enn {MIN_LEARNERS} deltakere, vises som «<{MIN_LEARNERS}» – også oppmøtet. Årets "
    f"oppmøte per enhet teller bare månedene med minst {MIN_LEARNERS}."
)


def _short(month: tuple[int, int]) -> str:
    names = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")
    return f"{names[month[1] - 1]} {str(month[0])[2:]}"


def text_lines(report: CoordinatorReport) -> list[str]:
    """The report for a terminal."""
    lines = [f"BTI-rapport for {report.season} ({report.where})", NOTE, ""]
    lines.append("Årshjulet – økter og verksteder:")
    for s in report.sessions:
        status = f"{counted(s.workshops, 'verksted')} i {counted(s.units, 'enhet')}" if s.workshops else "ikke holdt"
        lines.append(f"  {s.month:<10} {s.title} – {status}")
    lines.append("")
    lines.append("Per enhet og måned (verksteder / oppmøte / egne forsøk / snittpoeng):")
    activity = report.activity()
    for unit in report.units:
        cells = [
            f"{_short(m)}: {w}/{a.text()}/{solo.text()}/{score.text()}"
            for u, m, w, a, solo, score in activity
            if u == unit
        ]
        lines.append(f"  {unit}: " + ("; ".join(cells) if cells else "ingen aktivitet"))
    if report.stopped_early:
        early = counted(report.stopped_early, "verksted")
        lines.append(f"  ({early} ble avsluttet før saken var ferdig – uten poeng.)")
    lines.append("")
    lines.append("Kompetanseområder – snittpoeng per enhet:")
    for module in report.modules:
        cells = [f"{unit} {report.area_by_unit[(module, unit)].text()}" for unit in report.units
                 if (module, unit) in report.area_by_unit]  # fmt: skip
        lines.append(f"  {COMPETENCE_AREAS[module]}: " + ", ".join(cells))
    lines.append("")
    lines.append("Regler som brytes oftest:")
    for rule in report.rules:
        lines.append(f"  {rule.rule_id}: {rule.attempts} forsøk, {rule.learners} deltakere")
    if report.rules_hidden:
        lines.append(f"  ({report.rules_hidden} regler brutt av færre enn {MIN_LEARNERS} deltakere vises ikke.)")
    if not report.rules and not report.rules_hidden:
        lines.append("  ingen ennå")
    lines.append("")
    lines.append(f"Saker ingen har brukt ({len(report.unused_cases)}):")
    lines.extend(f"  {title} ({cid})" for cid, title in report.unused_cases)
    lines.append("")
    lines.append("Egenvurdering (snitt 1–5, start → slutt):")
    for line in report.assessments:
        pairs = " · ".join(f"{s.text(1)}→{e.text(1)}" for s, e in zip(line.start, line.end, strict=True))
        lines.append(f"  {line.unit} ({line.start_learners} ved start, {line.end_learners} ved slutt): {pairs}")
    if not report.assessments:
        lines.append("  ingen svar ennå")
    return lines


def csv_text(report: CoordinatorReport) -> str:
    """One row per figure: del, enhet, måned, mål, verdi («<5» when suppressed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["del", "enhet", "maaned", "maal", "verdi"])
    for s in report.sessions:
        writer.writerow(["arshjul", "", s.month, s.id, s.workshops])
    for (unit, month), count in sorted(report.workshops.items()):
        writer.writerow(["verksteder", unit, f"{month[0]}-{month[1]:02d}", "verksteder", count])
    for (unit, month), figure in sorted(report.attendance.items()):
        writer.writerow(["oppmote", unit, f"{month[0]}-{month[1]:02d}", "deltakere", figure.text()])
    for (unit, month), figure in sorted(report.solo_attempts.items()):
        writer.writerow(["egne-forsok", unit, f"{month[0]}-{month[1]:02d}", "forsok", figure.text()])
    for (unit, month), figure in sorted(report.solo_scores.items()):
        writer.writerow(["egne-forsok", unit, f"{month[0]}-{month[1]:02d}", "snittpoeng", figure.text()])
    for (module, unit), figure in sorted(report.area_by_unit.items()):
        writer.writerow(["kompetanse", unit, "", module, figure.text()])
    for (module, month), figure in sorted(report.area_by_month.items()):
        writer.writerow(["kompetanse-over-aret", "", f"{month[0]}-{month[1]:02d}", module, figure.text()])
    for rule in report.rules:
        writer.writerow(["regler", "", "", rule.rule_id, rule.attempts])
    for cid, _ in report.unused_cases:
        writer.writerow(["ubrukte-saker", "", "", cid, 0])
    for line in report.assessments:
        for n, (start, end) in enumerate(zip(line.start, line.end, strict=True), start=1):
            writer.writerow(["egenvurdering", line.unit, "start", f"q{n}", start.text(1)])
            writer.writerow(["egenvurdering", line.unit, "slutt", f"q{n}", end.text(1)])
    return out.getvalue()


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#1d1d1b;
line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:2px solid #1f4e79}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.92rem}
th,td{border:1px solid #c9c6bd;padding:.25rem .5rem;text-align:left}td.n,th.n{text-align:right}
thead th{background:#eef2f6}.note{color:#555;font-size:.9rem}svg text{font-size:12px;fill:#1d1d1b}
"""


def _bar_chart(title: str, rows: list[tuple[str, int]]) -> str:
    """Horizontal bars, one per row (label, value)."""
    if not rows:
        return f'<p class="note">{escape(title)}: ingen tall ennå.</p>'
    top = max(value for _, value in rows) or 1
    height = 26 * len(rows) + 10
    bars = []
    for i, (label, value) in enumerate(rows):
        y = 5 + i * 26
        width = round(420 * value / top)
        bars.append(
            f'<text x="0" y="{y + 15}">{escape(label[:34])}</text>'
            f'<rect x="230" y="{y}" width="{width}" height="18" fill="#1f4e79"></rect>'
            f'<text x="{236 + width}" y="{y + 15}">{value}</text>'
        )
    return (
        f'<figure><svg role="img" aria-label="{escape(title)}" width="700" height="{height}" '
        f'viewBox="0 0 700 {height}">{"".join(bars)}</svg><figcaption>{escape(title)}</figcaption></figure>'
    )


def _line_chart(report: CoordinatorReport) -> str:
    """Mean score per competence module over the season's months (suppressed months left out)."""
    series = []
    palette = ("#1f4e79", "#b35c00", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a", "#ad1457")
    months = report.months
    width, height, left, bottom = 700, 260, 40, 30
    step = (width - left - 20) / max(1, len(months) - 1)
    for n, module in enumerate(report.modules):
        points = []
        for i, month in enumerate(months):
            figure = report.area_by_month.get((module, month))
            if figure is not None and figure.value is not None:
                x = left + i * step
                y = height - bottom - (height - bottom - 10) * figure.value / 100
                points.append(f"{x:.0f},{y:.0f}")
        if points:
            color = palette[n % len(palette)]
            series.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points)}"></polyline>'
            )
            legend_y = height + 18 + 16 * n  # the legend under the plot, one line per module
            series.append(
                f'<rect x="{left}" y="{legend_y - 9}" width="14" height="4" fill="{color}"></rect>'
                f'<text x="{left + 20}" y="{legend_y}">{escape(COMPETENCE_AREAS[module])}</text>'
            )
    if not series:
        return f'<p class="note">Kompetanseområder over året: ingen tall med minst {MIN_LEARNERS} deltakere ennå.</p>'
    axis = "".join(
        f'<text x="{left + i * step - 12:.0f}" y="{height - 8}">{_short(month)[:3]}</text>'
        for i, month in enumerate(months)
    )
    total = height + 24 + 16 * len(report.modules)
    grid = "".join(
        f'<line x1="{left}" x2="{width - 20}" y1="{height - bottom - (height - bottom - 10) * v / 100:.0f}" '
        f'y2="{height - bottom - (height - bottom - 10) * v / 100:.0f}" stroke="#ddd"></line>'
        f'<text x="0" y="{height - bottom - (height - bottom - 10) * v / 100 + 4:.0f}">{v}</text>'
        for v in (0, 50, 100)
    )
    return (
        f'<figure><svg role="img" aria-label="Snittpoeng per kompetanseområde over året" width="{width}" '
        f'height="{total}" viewBox="0 0 {width} {total}">{grid}{axis}{"".join(series)}</svg>'
        "<figcaption>Snittpoeng per kompetanseområde, måned for måned (egne forsøk)</figcaption></figure>"
    )


def _numeric(cell: str) -> bool:
    """A cell that holds a figure (right-aligned): digits, «<5», «–» or «3,2 → 3,8»."""
    return bool(cell) and all(c.isdigit() or c in ",.<–→/ " for c in cell)


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return '<p class="note">Ingen tall ennå.</p>'
    numeric = [all(_numeric(row[i]) for row in rows) for i in range(len(head))]
    head_html = "".join(f'<th{" class=n" if n else ""}>{escape(h)}</th>' for h, n in zip(head, numeric, strict=True))
    body = "".join(
        "<tr>"
        + "".join(f'<td{" class=n" if n else ""}>{escape(c)}</td>' for c, n in zip(row, numeric, strict=True))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head_html}</tr></thead><tbody>{body}</tbody></table>"


def html_page(report: CoordinatorReport) -> str:
    """The report as one self-contained HTML page (inline CSS and SVG; no scripts, nothing fetched)."""
    parts = [f"<h1>BTI-rapport {escape(report.season)}</h1>", f'<p class="note">{escape(NOTE)}</p>']
    parts.append("<h2>Årshjulet</h2>")
    parts.append(_table(["Måned", "Økt", "Verksteder", "Enheter"],
                        [[s.month, s.title, str(s.workshops), str(s.units)] for s in report.sessions]))  # fmt: skip
    totals = report.yearly_attendance()
    parts.append("<h2>Oppmøte per enhet</h2>")
    parts.append(
        _bar_chart(
            f"Deltakere på verksted i året, per enhet (måneder med minst {MIN_LEARNERS})",
            sorted(totals.items(), key=lambda kv: -kv[1]),
        )
    )
    rows = [
        [unit, report.month_label(month), str(w), a.text(), solo.text(), score.text()]
        for unit, month, w, a, solo, score in report.activity()
    ]
    parts.append("<h2>Per enhet og måned</h2>")
    parts.append(_table(["Enhet", "Måned", "Verksteder", "Oppmøte", "Egne forsøk", "Snittpoeng"], rows))
    if report.stopped_early:
        early = counted(report.stopped_early, "verksted")
        parts.append(f'<p class="note">{early} ble avsluttet før saken var ferdig – uten poeng.</p>')
    parts.append("<h2>Kompetanseområder</h2>")
    parts.append(_line_chart(report))
    area_rows = [
        [COMPETENCE_AREAS[m]] + [report.area_by_unit.get((m, u), Figure(None)).text() for u in report.units]
        for m in report.modules
    ]
    parts.append(_table(["Område", *report.units], area_rows))
    parts.append("<h2>Regler som brytes oftest</h2>")
    parts.append(
        _table(["Regel", "Forsøk", "Deltakere"], [[r.rule_id, str(r.attempts), str(r.learners)] for r in report.rules])
    )
    if report.rules_hidden:
        parts.append(
            f'<p class="note">{report.rules_hidden} regler brutt av færre enn {MIN_LEARNERS} deltakere vises ikke.</p>'
        )
    parts.append(f"<h2>Saker ingen har brukt ({len(report.unused_cases)})</h2>")
    parts.append(
        "<ul>" + "".join(f"<li>{escape(t)} <code>{escape(c)}</code></li>" for c, t in report.unused_cases) + "</ul>"
    )
    parts.append("<h2>Egenvurdering</h2>")
    parts.append("<ol>" + "".join(f"<li>{escape(q)}</li>" for q in QUESTIONS) + "</ol>")
    assess_rows = [
        [line.unit, f"{line.start_learners} / {line.end_learners}"]
        + [f"{s.text(1)} → {e.text(1)}" for s, e in zip(line.start, line.end, strict=True)]
        for line in report.assessments
    ]
    parts.append(_table(["Enhet", "Svar start / slutt", *(f"{n}" for n in range(1, len(QUESTIONS) + 1))], assess_rows))
    body = "\n".join(parts)
    return (
        '<!doctype html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>BTI-rapport {escape(report.season)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
