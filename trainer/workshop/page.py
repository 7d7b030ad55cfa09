"""The voting page as phones see it: plain HTML forms rendered here, made live by a small script.

The page's files live beside this module in ``page/`` (``stem.html``, ``stem.css``, ``stem.js``). The
stylesheet and the script are inlined into every page (one request on a slow room network) and the
Content-Security-Policy allows exactly those two files, by their SHA-256, computed from the files when
this module loads. Every text that comes from a case or the workshop is HTML-escaped here.

Without JavaScript a phone joins with a form, votes with a form (each option is a submit button), and the
page reloads itself every few seconds (a ``<noscript>`` refresh). During a role-play round the card shows
this phone's own role card (from :meth:`WorkshopSession.public_state`, which holds no other phone's card)
and the names of all the roles, with or without JavaScript. With JavaScript the same card is fetched
as HTML from ``/api/state`` and replaced only when it changed.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib import resources
from string import Template

from trainer.render.roles import CARD_LABELS
from trainer.render.words import counted

NOSCRIPT_REFRESH_SECONDS = 8
"""How often a phone without JavaScript reloads the page to follow the projector."""


def _read(name: str) -> str:
    return resources.files("trainer.workshop").joinpath("page", name).read_text(encoding="utf-8")


_STYLE = _read("stem.css")
_SCRIPT = _read("stem.js")
_PAGE = Template(_read("stem.html"))


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


PAGE_CSP = (
    f"default-src 'none'; script-src {_csp_hash(_SCRIPT)}; style-src {_csp_hash(_STYLE)}; "
    "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Content-Security-Policy of the page: its own inline script and style (by hash), forms and requests to itself."""


def document(main: str, *, live: bool) -> str:
    """The whole page around ``main`` (already HTML); ``live`` pages reload themselves without JavaScript."""
    refresh = f'<noscript><meta http-equiv="refresh" content="{NOSCRIPT_REFRESH_SECONDS}"></noscript>\n' if live else ""
    return _PAGE.substitute(refresh=refresh, style=_STYLE, script=_SCRIPT, main=main)


def join_card(*, code: str = "", error: str | None = None, code_open: bool = True) -> str:
    """The join form: type the code from the projector (or the message that typed codes are shut)."""
    message = f'<p class="status feil" role="alert">{escape(error)}</p>\n' if error else ""
    if not code_open:
        return (
            '<section id="inn" class="card">\n'
            f"{message}"
            "<p>Koden kan ikke brukes lenger etter for mange feil forsøk. Skann QR-koden på skjermen, "
            "eller be den som leder om en ny kode.</p>\n"
            "</section>"
        )
    return (
        '<section id="inn" class="card">\n'
        '<form method="post" action="/bli-med" autocomplete="off">\n'
        '<label for="kode">Skriv koden du ser på skjermen</label>\n'
        f'<input id="kode" name="kode" maxlength="8" value="{escape(code)}" autocapitalize="characters" '
        'spellcheck="false" inputmode="text" required>\n'
        '<button class="primary" type="submit">Bli med</button>\n'
        "</form>\n"
        f"{message}"
        '<p class="small">Stemmen din er anonym. Ingen navn lagres.</p>\n'
        "</section>"
    )


def state_card(state: dict[str, object], *, countdown: bool = True, error: str | None = None) -> str:
    """The card for one phone: the open question and its options as buttons in a form, the phone's own vote,
    the result once revealed — from :meth:`WorkshopSession.public_state`. ``countdown`` False leaves the
    countdown out (the script fills it in, so the card does not change every second)."""
    body = card_body(state, countdown=countdown, error=error)
    return f'<section id="sak" class="card" aria-live="polite" data-key="{card_key(state)}">\n{body}</section>'


def card_key(state: dict[str, object]) -> str:
    """A short fingerprint of the card (without the countdown): the script replaces the card when it changes."""
    return hashlib.sha256(card_body(state, countdown=False).encode("utf-8")).hexdigest()[:16]


def card_body(state: dict[str, object], *, countdown: bool = True, error: str | None = None) -> str:
    """The inside of the card (see :func:`state_card`)."""
    lines = [f'<p class="small">{escape(str(state.get("scenario", "")))}</p>']
    phase = state.get("phase")
    if phase == "finished":
        lines += ["<h2>Saken er ferdig</h2>", "<p>Takk for at du var med! Følg med på skjermen.</p>"]
        return _with_status(lines, None, error)
    if phase == "waiting":
        chosen = state.get("chosen")
        lines.append("<h2>Følg med på skjermen</h2>")
        if isinstance(chosen, dict):
            lines.append(f"<p>Gruppa valgte <b>{escape(chosen['letter'])}</b>: {escape(chosen['text'])}</p>")
        lines.append("<p>Neste spørsmål kommer når det vises på skjermen.</p>")
        return _with_status(lines, None, error)
    lines.append(f"<h2>{escape(str(state.get('title', '')))}</h2>")
    lines.append(f"<p>{escape(str(state.get('question', '')))}</p>")
    label = str(state.get("countdown_label") or "Diskusjon")
    left = state.get("countdown")
    clock = _clock(left, label) if countdown and isinstance(left, int) and left > 0 else ""
    lines.append(f'<p class="small" id="nedtelling">{clock}</p>')
    roleplay = state.get("roleplay")
    if isinstance(roleplay, dict):
        lines += _roleplay(roleplay)
    lines.append('<form method="post" action="/stem">')
    lines.append(f'<input type="hidden" name="beslutning" value="{escape(str(state.get("decision")))}">')
    results = state.get("results")
    totals = _totals(results)
    votes = sum(totals.values())
    mine = state.get("mine")
    disabled = "" if phase == "voting" else " disabled"
    options = state.get("options")
    for option in options if isinstance(options, list) else []:
        chosen_here = option["id"] == mine
        cls = ' class="valgt" aria-pressed="true"' if chosen_here else ""
        lines.append(
            f'<button type="submit" name="valg" value="{escape(option["id"])}"{cls}{disabled}>'
            f"<b>{escape(option['letter'])}</b> {escape(option['text'])}</button>"
        )
        if results is not None:
            count = totals.get(option["id"], 0)
            share = round(100 * count / votes) if votes else 0
            lines.append(f'<p class="small">{counted(count, "stemme")} ({share} %)</p>')
            lines.append(f'<meter min="0" max="100" value="{share}">{share} %</meter>')
    lines.append("</form>")
    if phase == "voting":
        text = (
            "Takk – stemmen er registrert. Du kan ombestemme deg til resultatet vises."
            if state.get("voted")
            else "Trykk på det du ville gjort."
        )
        return _with_status(lines, (text, "ok" if state.get("voted") else ""), error)
    if phase == "revealed":
        return _with_status(lines, ("Resultatet vises på skjermen.", ""), error)
    if isinstance(roleplay, dict):
        return _with_status(lines, ("Rollespill. Avstemningen åpner etterpå.", ""), error)
    return _with_status(lines, ("Diskuter i gruppa. Avstemningen åpner snart.", ""), error)


def _roleplay(roleplay: dict[str, object]) -> list[str]:
    """The role-play part of the card: this phone's own role card (never anyone else's) and the role names."""
    out = ['<section class="rolle">']
    mine = roleplay.get("mine")
    if isinstance(mine, dict):
        out.append(f"<h2>Din rolle: {escape(str(mine.get('role', '')))}</h2>")
        out.append("<dl>")
        for name, label in CARD_LABELS:
            text = mine.get(name)
            if text:
                out.append(f"<dt>{escape(label)}</dt><dd>{escape(str(text))}</dd>")
        out.append("</dl>")
        out.append('<p class="small">Kortet er bare for deg. Spill rollen – ikke les det høyt.</p>')
    else:
        out.append("<p>Du har ikke fått et rollekort. Følg med på rollespillet.</p>")
    roles = roleplay.get("roles")
    names = ", ".join(escape(str(r)) for r in roles) if isinstance(roles, list) else ""
    out.append(f'<p class="small">Rollene i rollespillet: {names}</p>')
    out.append("</section>")
    return out


def _with_status(lines: list[str], status: tuple[str, str] | None, error: str | None) -> str:
    text, cls = (error, "feil") if error else status or ("", "")
    lines.append(f'<p class="status {cls}" role="status">{escape(text)}</p>')
    return "\n".join(lines) + "\n"


def _totals(results: object) -> dict[str, int]:
    if not isinstance(results, dict):
        return {}
    options = results.get("options")
    if not isinstance(options, list):
        return {}
    return {str(o["id"]): int(o["total"]) for o in options if isinstance(o, dict)}


def _clock(seconds: int, label: str = "Diskusjon") -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{label}: {minutes}:{rest:02d} igjen"
