"""The workshop state machine: phases, hand and device votes, hidden results, majority, ties and overrides."""

from __future__ import annotations

import threading

import pytest

from trainer.scenario.model import Scenario
from trainer.workshop.room import RoomStatus, joined_text, room_warnings
from trainer.workshop.state import (
    PhaseError,
    ResultsHiddenError,
    TieError,
    UnknownOptionError,
    VotingClosedError,
    WorkshopError,
    WorkshopSession,
)

DEVICE = "enhet-aaaaaaaa"


def _open(workshop: WorkshopSession) -> None:
    workshop.start_discussion(180)
    workshop.open_voting()


def test_phases_in_order(workshop: WorkshopSession) -> None:
    assert workshop.phase == "intro"
    with pytest.raises(PhaseError):
        workshop.reveal()
    workshop.start_discussion()
    assert workshop.phase == "discussing"
    with pytest.raises(PhaseError):
        workshop.start_discussion()
    workshop.open_voting()
    assert workshop.phase == "voting"
    with pytest.raises(PhaseError):
        workshop.advance("observer")
    workshop.set_hand_counts([1, 0, 0])
    workshop.reveal()
    assert workshop.phase == "revealed"
    with pytest.raises(PhaseError):
        workshop.open_voting()
    result = workshop.advance()
    assert result.decision.chosen == "observer"
    assert workshop.phase == "intro" and workshop.current is not None and workshop.current.step == 1


def test_votes_only_while_voting_is_open(workshop: WorkshopSession) -> None:
    with pytest.raises(VotingClosedError):
        workshop.add_device_vote(DEVICE, "observer")
    with pytest.raises(VotingClosedError):
        workshop.set_hand_counts([1, 2, 3])
    workshop.open_voting()
    workshop.add_device_vote(DEVICE, "observer")
    workshop.reveal()
    with pytest.raises(VotingClosedError):
        workshop.add_device_vote("enhet-bbbbbbbb", "vent")
    with pytest.raises(VotingClosedError):
        workshop.set_hand_counts([1, 2, 3])
    assert workshop.results().totals == {"observer": 1, "vent": 0, "ledende": 0}


def test_majority_drives_the_branch_and_fills_findings_and_feedback(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts([5, 1, 0])
    workshop.reveal()
    result = workshop.advance()
    assert result.outcome.choice.id == "observer"
    assert workshop.session.path == ["observer"]
    decision = result.decision
    assert decision.majority == "observer" and not decision.overridden and not decision.tie_break
    assert decision.feedback == "Observasjoner først gir et godt grunnlag."
    assert decision.discussion_after == "Hva skriver dere ned, og hva lar dere være?"
    assert [f.rule_id for f in decision.findings] == [f.rule_id for f in workshop.report().at_step(0)]


def test_hand_and_device_votes_are_added(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts({"observer": 2})
    for n in range(3):
        workshop.add_device_vote(f"enhet-{n:08d}", "vent")
    tally = workshop.reveal()
    assert tally.hands == {"observer": 2, "vent": 0, "ledende": 0}
    assert tally.devices == {"vent": 3}
    assert tally.totals == {"observer": 2, "vent": 3, "ledende": 0}
    assert (tally.hand_total, tally.device_total, tally.votes) == (2, 3, 5)
    assert tally.majority == "vent"
    assert workshop.advance().outcome.choice.id == "vent"


def test_hand_counts_replace_and_accept_letters_and_numbers(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts([9, 9, 9])
    workshop.set_hand_counts({"A": 1, 2: 4, "ledende": 2})
    assert workshop.reveal().hands == {"observer": 1, "vent": 4, "ledende": 2}


@pytest.mark.parametrize("bad", [[1, 2], [1, 2, 3, 4], [1, -1, 0], [1, True, 0]])
def test_bad_hand_counts_change_nothing(workshop: WorkshopSession, bad: list) -> None:
    _open(workshop)
    workshop.set_hand_counts([1, 1, 1])
    with pytest.raises(WorkshopError):
        workshop.set_hand_counts(bad)
    assert workshop.current is not None and workshop.current.hands == {"observer": 1, "vent": 1, "ledende": 1}


def test_one_device_counts_once_and_a_second_vote_replaces_the_first(workshop: WorkshopSession) -> None:
    _open(workshop)
    first = workshop.add_device_vote(DEVICE, "ledende")
    second = workshop.add_device_vote(DEVICE, "observer")
    assert not first.replaced and second.replaced
    assert workshop.progress().devices == 1  # type: ignore[union-attr]
    assert workshop.reveal().devices == {"observer": 1}


def test_unknown_option_and_wrong_decision_change_nothing(workshop: WorkshopSession) -> None:
    _open(workshop)
    with pytest.raises(UnknownOptionError):
        workshop.add_device_vote(DEVICE, "finnes-ikke")
    with pytest.raises(VotingClosedError):
        workshop.add_device_vote(DEVICE, "observer", step=1)
    with pytest.raises(WorkshopError):
        workshop.add_device_vote("", "observer")
    assert workshop.progress().votes == 0  # type: ignore[union-attr]


def test_results_stay_hidden_until_the_reveal(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts([0, 4, 0])
    workshop.add_device_vote(DEVICE, "vent")
    with pytest.raises(ResultsHiddenError):
        workshop.results()
    state = workshop.public_state(DEVICE)
    assert state["results"] is None and state["voted"] is True
    assert state["mine"] == "vent"  # the phone's own vote, so a reloaded page still marks it
    other = workshop.public_state("enhet-99999999")
    assert other["voted"] is False and other["mine"] is None
    assert "vent" not in str({k: v for k, v in other.items() if k != "options"})  # nobody else's vote leaks
    progress = workshop.progress()
    assert progress is not None and (progress.devices, progress.hands, progress.votes) == (1, 4, 5)
    assert not hasattr(progress, "totals")
    workshop.reveal()
    revealed = workshop.public_state(DEVICE)["results"]
    assert isinstance(revealed, dict) and revealed["majority"] == "vent" and revealed["votes"] == 5


def test_a_tie_makes_the_facilitator_choose(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts([2, 2, 1])
    tally = workshop.reveal()
    assert tally.tie and tally.majority is None and tally.leaders == ("observer", "vent")
    with pytest.raises(TieError) as error:
        workshop.advance()
    assert error.value.tied == ("observer", "vent")
    assert "Uavgjort" in str(error.value)
    assert workshop.session.path == []  # nothing moved
    result = workshop.advance("vent")
    assert result.decision.tie_break and not result.decision.overridden
    assert workshop.session.path == ["vent"]


def test_no_votes_is_no_majority(workshop: WorkshopSession) -> None:
    workshop.open_voting()
    workshop.reveal()
    with pytest.raises(TieError) as error:
        workshop.advance()
    assert error.value.tied == () and "Ingen har stemt" in str(error.value)
    assert workshop.advance(1).decision.tie_break


def test_override_explores_the_minority_path(workshop: WorkshopSession) -> None:
    _open(workshop)
    workshop.set_hand_counts([6, 1, 0])
    workshop.reveal()
    result = workshop.advance("B", "utforske mindretallets vei")
    decision = result.decision
    assert decision.chosen == "vent" and decision.majority == "observer"
    assert decision.overridden and not decision.tie_break
    assert decision.reason == "utforske mindretallets vei"
    # naming the majority itself is no override
    workshop.open_voting()
    workshop.set_hand_counts([3])
    workshop.reveal()
    assert not workshop.advance("snakk").decision.overridden


def test_a_full_run_to_an_ending(workshop: WorkshopSession) -> None:
    for counts in ([3, 0, 0], [4, 1]):
        workshop.open_voting()
        workshop.set_hand_counts(counts)
        workshop.reveal()
        workshop.advance()
    assert workshop.finished and workshop.phase == "finished" and workshop.current is None
    assert workshop.ending is not None and workshop.ending.title == "Emma forteller"
    report = workshop.finish()
    assert report.passed
    with pytest.raises(VotingClosedError):
        workshop.add_device_vote(DEVICE, "apent")
    assert workshop.public_state()["phase"] == "finished"


def test_countdown_is_data_only(scenario: Scenario, clock) -> None:
    slow = WorkshopSession(scenario, now=clock)
    fast = WorkshopSession(scenario, now=clock)
    slow.start_discussion(180)
    assert slow.countdown_remaining() == 180
    clock.tick(100)
    assert slow.countdown_remaining() == 80
    clock.tick(500)
    assert slow.countdown_remaining() == 0
    for ws in (slow, fast):
        ws.open_voting()
        ws.set_hand_counts([1, 0, 0])
        ws.reveal()
        ws.advance()
    assert slow.report() == fast.report()  # waiting longer never changes the verdict
    with pytest.raises(WorkshopError):
        slow.set_countdown(-5)


def test_notes_per_decision_and_for_the_workshop(workshop: WorkshopSession) -> None:
    workshop.add_note("Gruppa var uenig om A og B.")
    workshop.open_voting()
    workshop.set_hand_counts([1, 0, 0])
    workshop.reveal()
    workshop.advance()
    workshop.add_note("Lang diskusjon om dokumentasjon.", step=0)
    workshop.add_note("Ny beslutning.")
    with pytest.raises(WorkshopError):
        workshop.add_note("   ")
    with pytest.raises(WorkshopError):
        workshop.add_note("tekst", step=9)
    assert [(n.step, n.text) for n in workshop.notes()] == [
        (0, "Gruppa var uenig om A og B."),
        (0, "Lang diskusjon om dokumentasjon."),
        (1, "Ny beslutning."),
    ]


def test_participants_count_per_unit_and_names_are_deletable(workshop: WorkshopSession) -> None:
    workshop.set_unit_count("Solsikken", 8)
    workshop.set_unit_count("Blåklokka", 6)
    workshop.set_unit_count("Blåklokka", 5)
    assert workshop.participant_total == 13
    workshop.set_unit_count("Solsikken", 0)
    assert workshop.unit_counts == {"Blåklokka": 5}
    kari = workshop.add_name("Kari", "Blåklokka")
    workshop.add_name("Ola")
    assert workshop.remove_name(kari.id) and [n.name for n in workshop.names] == ["Ola"]
    assert not workshop.remove_name(kari.id)
    assert workshop.forget_names() == 1 and workshop.names == []
    with pytest.raises(WorkshopError):
        workshop.set_unit_count("Solsikken", -1)


def test_names_alone_count_as_participants(scenario: Scenario) -> None:
    workshop = WorkshopSession(scenario)
    workshop.add_name("Kari")
    workshop.add_name("Ola")
    assert workshop.participant_total == 2
    workshop.set_unit_count("Enhet", 10)
    assert workshop.participant_total == 10


def test_device_votes_from_many_threads_are_all_counted(workshop: WorkshopSession) -> None:
    workshop.open_voting()
    options = ["observer", "vent", "ledende"]

    def vote(thread: int) -> None:
        for n in range(25):
            workshop.add_device_vote(f"enhet-{thread:02d}-{n:04d}", options[(thread + n) % 3])

    threads = [threading.Thread(target=vote, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=20)
    assert workshop.progress().devices == 200  # type: ignore[union-attr]
    assert sum(workshop.reveal().devices.values()) == 200
    assert workshop.recorder is not None
    assert len(workshop.recorder.device_votes(workshop.workshop_id, 0)) == 200  # type: ignore[attr-defined]


def test_options_are_numbered_and_lettered(workshop: WorkshopSession) -> None:
    options = workshop.options()
    assert [(o.number, o.letter, o.id) for o in options] == [
        (1, "A", "observer"),
        (2, "B", "vent"),
        (3, "C", "ledende"),
    ]
    assert workshop.resolve_option("c").id == "ledende"
    with pytest.raises(UnknownOptionError):
        workshop.resolve_option("9")


def test_phones_show_a_decision_only_once_the_projector_does(workshop: WorkshopSession) -> None:
    assert workshop.public_state()["phase"] == "intro"  # a new workshop starts on its first decision
    workshop.open_voting()
    workshop.add_device_vote("telefon-1", "observer")
    workshop.reveal()
    workshop.advance()
    waiting = workshop.public_state()
    assert waiting["phase"] == "waiting" and waiting["decision"] is None and "options" not in waiting
    assert waiting["chosen"] == {"letter": "A", "text": "Du skriver ned det du ser."}  # file order: not shuffled
    assert workshop.progress() is not None  # the presenter still sees the new decision's count
    workshop.present()
    shown = workshop.public_state()
    assert shown["phase"] == "intro" and shown["title"] == "I garderoben"


def test_starting_the_discussion_shows_the_decision_on_the_phones(workshop: WorkshopSession) -> None:
    workshop.open_voting()
    workshop.set_hand_counts({"vent": 2})
    workshop.reveal()
    workshop.advance()
    assert workshop.public_state()["phase"] == "waiting"
    workshop.start_discussion(60)
    assert workshop.public_state()["phase"] == "discussing"


def test_joined_phones_are_counted_once_and_kept(workshop: WorkshopSession, store) -> None:
    assert workshop.join_device("telefon-1") is True
    assert workshop.join_device("telefon-1") is False
    workshop.join_device("telefon-2")
    workshop.open_voting()
    workshop.add_device_vote("telefon-3", "vent")  # a phone let in before this session knew of it
    assert workshop.joined_count == 3
    assert workshop.participant_estimate() == 3
    assert store.restore_data(workshop.workshop_id).joined == workshop.joined


def test_the_room_warns_when_the_numbers_do_not_add_up(workshop: WorkshopSession) -> None:
    for n in range(4):
        workshop.join_device(f"telefon-{n}")
    workshop.open_voting()
    for n in range(4):
        workshop.add_device_vote(f"telefon-{n}", "vent")
    workshop.set_hand_counts({"observer": 2})
    assert room_warnings(workshop.room(), "k") == []  # nobody registered: nothing to compare with
    workshop.set_unit_count("Solsikken", 5)
    room = workshop.room(code_open=False)
    assert joined_text(room) == "4 telefoner er med"
    assert room_warnings(room, "k") == [
        "6 stemmer, men bare 5 deltakere er registrert. Sjekk om noen har stemt to ganger.",
        "Koden er sperret etter for mange feil forsøk. QR-koden virker fortsatt; k gir en ny kode.",
    ]
    workshop.set_unit_count("Solsikken", 3)
    assert room_warnings(workshop.room(), "«kode»")[1] == (
        "4 telefoner har blitt med, men bare 3 deltakere er registrert."
    )
    assert room_warnings(RoomStatus(joined=1, phone_votes=2, hands=0, participants=0), "k") == [
        "2 stemmer fra mobil, men bare 1 telefon har blitt med."
    ]
