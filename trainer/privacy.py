"""A learner's data out (JSON, CSV, xAPI statements for an LMS) and gone (forget)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

#: xAPI verbs (ADL vocabulary) for a finished attempt.
VERB_PASSED = {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"nb-NO": "bestod"}}
VERB_FAILED = {"id": "http://adlnet.gov/expapi/verbs/failed", "display": {"nb-NO": "bestod ikke"}}
VERB_ATTEMPTED = {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"nb-NO": "forsøkte"}}
#: Activity IRIs use a URN so no web address is implied.
ACTIVITY_PREFIX = "urn:bti-trener:scenario:"


def xapi_statements(export: dict[str, Any]) -> list[dict[str, Any]]:
    """One xAPI statement per attempt (passed / failed / attempted), with score and competence areas."""
    learner = export.get("learner") or {}
    name = learner.get("name") or "Anonym deltaker"
    actor = {"objectType": "Agent", "name": name, "account": {"homePage": "urn:bti-trener", "name": name}}
    statements = []
    for attempt in export.get("attempts", []):
        finished = attempt.get("finished_at") is not None and attempt.get("passed") is not None
        verb = (VERB_PASSED if attempt["passed"] else VERB_FAILED) if finished else VERB_ATTEMPTED
        statement: dict[str, Any] = {
            "actor": actor,
            "verb": verb,
            "object": {
                "objectType": "Activity",
                "id": ACTIVITY_PREFIX + attempt["scenario_id"],
                "definition": {
                    "type": "http://adlnet.gov/expapi/activities/simulation",
                    "name": {"nb-NO": attempt["scenario_id"]},
                },
            },
            "timestamp": attempt.get("finished_at") or attempt.get("started_at"),
            "context": {
                "extensions": {
                    "urn:bti-trener:mode": attempt.get("mode"),
                    "urn:bti-trener:profile": attempt.get("profile_id"),
                }
            },
        }
        if finished:
            statement["result"] = {
                "success": bool(attempt["passed"]),
                "completion": True,
                "score": {
                    "scaled": (attempt.get("overall") or 0) / 100,
                    "raw": attempt.get("overall"),
                    "min": 0,
                    "max": 100,
                },
                "extensions": {
                    "urn:bti-trener:areas": attempt.get("areas", {}),
                    "urn:bti-trener:rules": attempt.get("rules", {}),
                },
            }
        statements.append(statement)
    return statements


def attempts_csv(export: dict[str, Any]) -> str:
    """One row per attempt: scenario, mode, dates, ending, passed, score, rules broken."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "forsøk",
            "sak",
            "modus",
            "profil",
            "startet",
            "ferdig",
            "slutt",
            "bestått",
            "poeng",
            "antall valg",
            "brutte regler",
        ]
    )
    for attempt in export.get("attempts", []):
        passed = attempt.get("passed")
        writer.writerow(
            [
                attempt["id"],
                attempt["scenario_id"],
                attempt.get("mode"),
                attempt.get("profile_id"),
                attempt.get("started_at"),
                attempt.get("finished_at") or "",
                attempt.get("ending") or "",
                "" if passed is None else ("ja" if passed else "nei"),
                attempt.get("overall") if attempt.get("overall") is not None else "",
                len(attempt.get("decisions", [])),
                " ".join(attempt.get("rules", {}).get("brutt", [])),
            ]
        )
    return out.getvalue()


#: The files :func:`write_export` writes (what «glem meg» removes from the default export folder).
EXPORT_FILES = ("data.json", "forsok.csv", "xapi.json")


def write_export(export: dict[str, Any], folder: Path) -> list[Path]:
    """Write data.json, forsok.csv and xapi.json into a folder; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    data, attempts, xapi = (folder / name for name in EXPORT_FILES)
    files = {
        data: json.dumps(export, ensure_ascii=False, indent=2),
        attempts: attempts_csv(export),
        xapi: json.dumps(xapi_statements(export), ensure_ascii=False, indent=2),
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


def remove_exports(folder: Path) -> list[Path]:
    """Delete the learner exports :func:`write_export` wrote in ``folder``; returns the files removed."""
    removed = []
    for name in EXPORT_FILES:
        path = folder / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed
