"""Role-play rounds before the vote: cards dealt round-robin in join order, each phone sees its own card only
(the others' role names, never their cards), the round survives a resume, the voting page shows the card with
and without JavaScript, and the summary mentions the round."""

from __future__ import annotations

import asyncio
import re
from html import unescape

import pytest

from trainer.scenario.checks import load_checked_scenario
from trainer.scenario.model import Scenario
from trainer.workshop.export import summarise, to_html, to_markdown
from trainer.workshop.server import VotingServer
from trainer.workshop.state import (
    DEFAULT_ROLEPLAY_SECONDS,
    PhaseError,
    WorkshopError,
    WorkshopInfo,
    WorkshopSession,
    device_key,
)
from trainer.workshop.store import WorkshopStore

from .conftest import DATA, Clock
from .phones import LIMIT, Phone

ROLES = ["Pedagogisk leder", "Mor", "Styrer"]
SECRET = "Far flyttet ut for to uker siden."


@pytest.fixture
def roleplay_case() -> Scenario:
    result = load_checked_scenario(DATA / "rollespill.yaml")
    assert result.value is not None and not result.problems, [p.format() for p in result.problems]
    return result.value


@pytest.fixture
def session(roleplay_case: Scenario, store: WorkshopStore, clock: Clock) -> WorkshopSession:
    info = WorkshopInfo(scenario_id="rollespill", scenario_title="Samtalen med mor")
    return WorkshopSession(roleplay_case, info=info, recorder=store, now=clock)


def _role(state: dict[str, object]) -> str | None:
    roleplay = state["roleplay"]
    assert isinstance(roleplay, dict)
    mine = roleplay["mine"]
    return mine["role"] if isinstance(mine, dict) else None


# ---------------------------------------------------------------------------------------- the state


def test_cards_are_dealt_round_robin_in_join_order(session: WorkshopSession) -> None:
    phones = [f"telefon-{n}" for n in range(5)]
    for phone in phones:
        session.join_device(phone)
    round_ = session.start_roleplay(240)
    assert round_.roles == tuple(ROLES)
    assert [round_.cards[device_key(session.device_salt, p)] for p in phones] == [0, 1, 2, 0, 1]
    assert round_.holders() == {"Pedagogisk leder": 2, "Mor": 2, "Styrer": 1}
    assert session.phase == "discussing"
    assert session.countdown_remaining() == 240
    # a phone that joins during the round gets the next card in turn
    session.join_device("sen")
    assert session.roleplay is not None and session.roleplay.holders()["Styrer"] == 2
    assert _role(session.public_state("sen")) == "Styrer"


def test_a_phone_sees_its_own_card_and_only_the_names_of_the_others(session: WorkshopSession) -> None:
    for phone in ("a", "b", "c"):
        session.join_device(phone)
    session.start_roleplay()
    states = {phone: session.public_state(phone) for phone in ("a", "b", "c")}
    assert [_role(states[p]) for p in ("a", "b", "c")] == ROLES
    mother = states["b"]["roleplay"]
    assert isinstance(mother, dict)
    assert mother["roles"] == ROLES
    assert mother["mine"]["holds_back"] == SECRET
    for phone in ("a", "c"):  # the mother's secret is on her card only
        assert SECRET not in repr(states[phone])
    # a phone that never joined, and the projector's public view, see the names and no card
    for state in (session.public_state("fremmed"), session.public_state()):
        assert _role(state) is None and state["roleplay"]["roles"] == ROLES  # type: ignore[index]
        assert SECRET not in repr(state)
    assert states["a"]["countdown_label"] == "Rollespill"


def test_the_timer_is_a_help_and_the_vote_ends_the_round(session: WorkshopSession, clock: Clock) -> None:
    session.join_device("a")
    session.start_roleplay(None)
    assert session.countdown_remaining() is None  # a round without a timer
    session.end_roleplay()
    session.start_roleplay()  # started again: the timer restarts, the cards stay as dealt
    assert session.countdown_remaining() == DEFAULT_ROLEPLAY_SECONDS
    clock.tick(DEFAULT_ROLEPLAY_SECONDS + 60)
    assert session.countdown_remaining() == 0  # time up changes nothing else
    assert session.roleplay is not None and session.roleplay.active
    session.open_voting()
    assert session.roleplay is not None and not session.roleplay.active
    assert session.countdown_remaining() is None
    state = session.public_state("a")
    assert state["phase"] == "voting" and state["roleplay"] is None and state["countdown_label"] == "Diskusjon"
    session.add_device_vote("a", "apent")
    session.reveal()
    assert session.advance().decision.chosen == "apent"  # the group voted as usual


def test_a_round_only_before_the_vote_and_only_with_cards(
    session: WorkshopSession, scenario: Scenario, store: WorkshopStore
) -> None:
    session.open_voting()
    session.start_roleplay()  # the terminal opens the vote at once: nobody has voted, so the round may start
    assert session.phase == "discussing"
    with pytest.raises(PhaseError, match="allerede i gang"):
        session.start_roleplay()
    session.open_voting()
    session.set_hand_counts([1, 0])
    with pytest.raises(PhaseError, match="allerede stemt"):
        session.start_roleplay()
    session.reveal()
    with pytest.raises(PhaseError, match="Resultatet er allerede vist"):
        session.start_roleplay()
    plain = WorkshopSession(scenario, recorder=store)
    with pytest.raises(WorkshopError, match="ingen rollekort"):
        plain.start_roleplay()
    with pytest.raises(PhaseError, match="ikke noe rollespill"):
        plain.end_roleplay()
    assert plain.public_state("x")["roleplay"] is None


def test_a_resumed_workshop_keeps_the_round_and_every_card(
    session: WorkshopSession, roleplay_case: Scenario, store: WorkshopStore, clock: Clock
) -> None:
    for phone in ("a", "b", "c", "d"):
        session.join_device(phone)
    session.start_roleplay(300)
    clock.tick(60)
    assert session.workshop_id is not None
    data = store.restore_data(session.workshop_id)
    assert data.join_order == [device_key(session.device_salt, p) for p in "abcd"]
    resumed, note = WorkshopSession.restore(roleplay_case, data, recorder=store, now=clock)
    assert note is None
    assert [_role(resumed.public_state(p)) for p in "abcd"] == [*ROLES, ROLES[0]]
    assert resumed.countdown_remaining() == 240
    resumed.join_device("e")  # dealing goes on where it stopped
    assert _role(resumed.public_state("e")) == "Mor"
    resumed.open_voting()
    again, _ = WorkshopSession.restore(roleplay_case, store.restore_data(session.workshop_id), recorder=store)
    assert again.roleplay is not None and not again.roleplay.active
    assert again.roleplay.holders() == {"Pedagogisk leder": 2, "Mor": 2, "Styrer": 1}


def test_the_summary_mentions_the_round(session: WorkshopSession) -> None:
    for phone in ("a", "b", "c", "d"):
        session.join_device(phone)
    session.start_roleplay(300)
    session.open_voting()
    session.reveal()
    session.advance("apent")
    summary = summarise(session)
    line = "Rollespill før avstemningen, med nedtelling på 5 minutter. Roller: Pedagogisk leder – 2 telefoner, "
    line += "Mor – 1 telefon, Styrer – 1 telefon."
    assert line in to_markdown(summary).replace("\\", "")
    assert line in unescape(to_html(summary))
    assert SECRET not in to_markdown(summary)  # the cards stay in the case; the summary names the roles


# ---------------------------------------------------------------------------------------- the voting page


@pytest.fixture
def workshop(session: WorkshopSession) -> WorkshopSession:
    """The role-play session is the workshop the shared ``running`` voting page serves (conftest)."""
    return session


def _card_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


async def test_phones_get_their_own_card_with_and_without_javascript(
    session: WorkshopSession, running: VotingServer
) -> None:
    phones = [Phone(running.url) for _ in range(3)]
    try:
        for phone in phones:  # one after the other: the join order is the deal order
            assert await asyncio.wait_for(phone.join(running.join_code), LIMIT) == 303
        session.open_voting()  # as the terminal does: the vote is open before anyone starts the round
        session.start_roleplay(180)
        for phone, role in zip(phones, ROLES, strict=True):
            status, html = await asyncio.wait_for(phone.page(), LIMIT)  # plain HTML, no script needed
            assert status == 200
            text = _card_text(html)
            assert f"Din rolle: {role}" in text
            assert "Rollene i rollespillet: Pedagogisk leder, Mor, Styrer" in text
            assert "Rollespill: 3:00 igjen" in text
            assert (SECRET in text) == (role == "Mor")
            for other in ROLES:
                if other != role:
                    assert f"Din rolle: {other}" not in text
            assert re.search(r'<button type="submit" name="valg"[^>]* disabled>', html)  # no voting in the round
            status, state = await asyncio.wait_for(phone.state(), LIMIT)  # what the script fetches
            assert status == 200 and state["roleplay"]["mine"]["role"] == role
            assert f"Din rolle: {role}" in _card_text(state["html"])
            assert (SECRET in repr(state)) == (role == "Mor")
            assert state["countdown_label"] == "Rollespill"
        # a vote during the round is refused and changes nothing
        status, _ = await asyncio.wait_for(phones[0].vote("apent"), LIMIT)
        assert status == 409
        session.open_voting()
        status, html = await asyncio.wait_for(phones[1].page(), LIMIT)
        assert "Din rolle" not in html and "Trykk på det du ville gjort." in html
        status, html = await asyncio.wait_for(phones[1].vote_form("apent"), LIMIT)
        assert status == 200 and "Takk – stemmen er registrert" in html
    finally:
        await asyncio.gather(*(p.close() for p in phones))


async def test_a_phone_that_has_not_joined_gets_no_card(running: VotingServer, session: WorkshopSession) -> None:
    session.start_roleplay()
    async with Phone(running.url) as stranger:
        status, html = await asyncio.wait_for(stranger.page(), LIMIT)
        assert status == 200 and "Din rolle" not in html and 'action="/bli-med"' in html
        status, _ = await asyncio.wait_for(stranger.state(), LIMIT)
        assert status == 401
