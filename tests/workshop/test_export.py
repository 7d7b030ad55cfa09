"""The workshop summary as Markdown and HTML, the year's CSV, and deleting participant names."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from trainer.scenario.model import Scenario
from trainer.workshop.export import (
    CSV_HEADER,
    md_escape,
    summarise,
    to_html,
    to_markdown,
    write_exports,
    write_year_csv,
    year_csv,
)
from trainer.workshop.state import WorkshopInfo, WorkshopSession
from trainer.workshop.store import WorkshopStore

NASTY = '<script>alert("x")</script> | *fet* [lenke](http://x) & «sitat»'


def _run(workshop: WorkshopSession, *, names: bool = True) -> WorkshopSession:
    """Decision 1: hands + phones, the facilitator overrides; decision 2: majority; notes and participants."""
    workshop.set_unit_count("Solsikken", 8)
    workshop.set_unit_count("Blåklokka", 6)
    if names:
        workshop.add_name("Kari Testesen")
        workshop.add_name("Ola Eksempel")
    workshop.start_discussion(180)
    workshop.open_voting()
    workshop.set_hand_counts([4, 1, 0])
    workshop.add_device_vote("enhet-00000001", "observer")
    workshop.add_device_vote("enhet-00000002", "vent")
    workshop.add_note(NASTY)
    workshop.reveal()
    workshop.advance("vent", "utforske mindretallets vei")
    workshop.open_voting()
    workshop.set_hand_counts([5])
    workshop.reveal()
    workshop.advance()
    workshop.open_voting()
    workshop.set_hand_counts([6, 2])
    workshop.add_device_vote("enhet-00000003", "apent")
    workshop.reveal()
    workshop.advance()
    workshop.add_note("Avslutning: god diskusjon.")
    workshop.finish()
    return workshop


def test_markdown_has_everything_a_leader_needs(workshop: WorkshopSession) -> None:
    text = to_markdown(summarise(_run(workshop)))
    assert text.startswith("# Workshop: Gruppesaken\n")
    assert "| Dato | 14.10.2026 |" in text
    assert "| Tema | Undringssamtalen |" in text
    assert "| Enhet | Solsikken barnehage |" in text
    assert "| Deltakere | 14 (Solsikken: 8, Blåklokka: 6) |" in text
    assert "| Navn | Kari Testesen, Ola Eksempel |" in text
    assert "| Årshjul | 2026–2027, økt «okt-samtale», BTI-forum |" in text
    assert "| Overstyrt | 1 gang |" in text
    # votes per decision: hands vs phones
    assert "| Valg | Hender | Mobil | Totalt |" in text
    assert "| A. Du skriver ned det du ser. | 4 | 1 | 5 |" in text
    assert "| **B. Du venter og ser.** (valgt) | 1 | 1 | 2 |" in text
    assert "| Sum | 5 | 2 | 7 |" in text
    assert (
        "Fasilitator valgte B og overstyrte flertallet (A): Du venter og ser. Begrunnelse: utforske mindretallets vei."
        in text
    )
    assert "Gruppa valgte A (flertall): «Fortell meg om helgen din.»" in text
    # the engine's findings, the author's feedback, the ending and the scorecard
    report = workshop.report()
    for rule in report.broken_rules + report.followed_rules:
        assert rule in text
    assert "Forfatterens kommentar: Å vente uten en plan gjør at tegn kan gå tapt." in text
    assert "## Slutt: Emma forteller (utfall: god)" in text
    assert "| Kompetanseområde | Poeng | Fulgt | Brutt |" in text
    assert f"Samlet: **{report.overall} av 100**." in text
    assert "- Avslutning: god diskusjon." in text
    assert "Hva gjorde det lett eller vanskelig" in text
    assert "oppdiktet" in text


def test_markdown_escapes_what_people_typed(workshop: WorkshopSession) -> None:
    text = to_markdown(summarise(_run(workshop)))
    assert "<script>" not in text and "\\<script\\>" in text
    assert "\\| \\*fet\\* \\[lenke\\]" in text
    assert md_escape("a\nb  c") == "a b c"


def test_html_is_self_contained_and_escaped(workshop: WorkshopSession) -> None:
    page = to_html(summarise(_run(workshop)))
    assert page.startswith("<!doctype html>") and '<html lang="nb">' in page
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert not re.search(r"""(src|href)\s*=""", page)
    assert "<link" not in page
    assert "default-src 'none'" in page
    assert "<td>Dato</td>" not in page and "<th>Dato</th><td>14.10.2026</td>" in page
    assert '<tr class="valgt"><td>B. Du venter og ser.</td>' in page
    assert "Kari Testesen" in page


def test_unit_and_theme_are_escaped_in_html(scenario: Scenario, store: WorkshopStore, clock) -> None:
    info = WorkshopInfo("gruppesak", "Gruppesaken", theme="<b>Tema</b>", unit="A & B")
    workshop = WorkshopSession(scenario, info=info, recorder=store, now=clock)
    page = to_html(summarise(workshop))
    assert "&lt;b&gt;Tema&lt;/b&gt;" in page and "A &amp; B" in page and "<b>Tema</b>" not in page


def test_an_unfinished_workshop_says_so(workshop: WorkshopSession) -> None:
    workshop.open_voting()
    workshop.set_hand_counts([1, 0, 0])
    workshop.finish()
    text = to_markdown(summarise(workshop))
    assert "Saken ble ikke spilt ferdig (0 beslutninger tatt)." in text
    assert "Stemmer avgitt før økta ble avsluttet: 1 (resultatet ble ikke vist)." in text
    assert "| Navn |" not in text  # names are optional
    # no participants registered: the count defaults to the phones that voted plus the most hands counted
    assert "| Deltakere | ca. 1 (ikke registrert: telefoner som stemte og flest hender ved én beslutning) |" in text
    # no score and no pass for a case that was not played to the end (it used to say «bestått, 100»)
    assert "av 100" not in text and "Bestått" not in text and "| Kompetanseområde |" not in text
    assert "Samlet: Ikke ferdig spilt: ingen poengsum" in text
    page = to_html(summarise(workshop))
    assert "av 100" not in page and "Bestått" not in page and "<th>Poeng</th>" not in page


def test_exports_go_to_the_data_folder(data_dir: Path, scenario: Scenario, info: WorkshopInfo, clock) -> None:
    with WorkshopStore(now=clock) as store:
        workshop = _run(WorkshopSession(scenario, info=info, recorder=store, now=clock))
        paths = write_exports(workshop, store=store)
    folder = data_dir / "eksport"
    assert paths.markdown == folder / f"workshop-2026-10-14-gruppesak-{workshop.workshop_id}.md"
    assert paths.html.parent == folder and paths.html.suffix == ".html"
    assert paths.csv == folder / "workshops-2026-2027.csv"
    assert paths.markdown.read_text(encoding="utf-8") == to_markdown(summarise(workshop))
    assert not list(folder.glob(".*.tmp"))


def test_year_csv_has_one_row_per_workshop(store: WorkshopStore, scenario: Scenario, info: WorkshopInfo, clock) -> None:
    first = _run(WorkshopSession(scenario, info=info, recorder=store, now=clock))
    clock.tick(7 * 24 * 3600)
    second = WorkshopSession(
        scenario,
        info=WorkshopInfo(
            "gruppesak", "Gruppesaken", theme='=HYPERLINK("http://x")', unit="-Blåklokka", season="2026–2027"
        ),
        recorder=store,
        now=clock,
    )
    second.set_unit_count("Blåklokka", 5)
    second.open_voting()
    second.set_hand_counts([0, 0, 3])
    second.reveal()
    second.advance()
    second.finish()
    WorkshopSession(
        scenario, info=WorkshopInfo("gruppesak", "Gruppesaken", season="2025–2026"), recorder=store, now=clock
    )

    text = year_csv(store, "2026–2027")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == CSV_HEADER
    assert len(rows) == 3
    one, two = rows[1], rows[2]
    assert one == [
        "2026-10-14", "okt-samtale", "Undringssamtalen", "Solsikken barnehage", "14", "Gruppesaken", "gruppesak",
        "ja", "ja", str(first.report().overall), "3",
    ]  # fmt: skip
    assert two[0] == "2026-10-21" and two[4] == "5" and two[7:] == [
        "ja", "ja" if second.report().passed else "nei", str(second.report().overall), "1"
    ]
    assert two[2].startswith("'=") and two[3] == "'-Blåklokka"  # never run as a formula
    assert len(list(csv.reader(io.StringIO(year_csv(store)), delimiter=";"))) == 4  # all seasons

    path = write_year_csv(store, "2026–2027", store.path.parent / "ut")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    assert path.read_bytes().decode("utf-8-sig") == text


def test_a_workshop_quit_before_the_end_has_no_pass_and_no_score_in_the_year_csv(
    store: WorkshopStore, scenario: Scenario, info: WorkshopInfo
) -> None:
    quit_early = WorkshopSession(scenario, info=info, recorder=store)
    quit_early.finish()  # before any vote: it used to say «bestått, 100»
    rows = list(csv.reader(io.StringIO(year_csv(store, "2026–2027")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][7:] == ["nei", "", "", "0"]


def test_forgetting_names_removes_them_from_later_exports(workshop: WorkshopSession, store: WorkshopStore) -> None:
    from trainer.workshop.export import forget_names

    _run(workshop)
    assert "Kari Testesen" in to_markdown(summarise(workshop))
    assert forget_names(workshop) == 2
    assert "Kari Testesen" not in to_markdown(summarise(workshop))
    assert "Kari Testesen" not in to_html(summarise(workshop))
    assert store.participant_names(workshop.workshop_id) == []  # type: ignore[arg-type]
    # the head count by unit stays
    assert "| Deltakere | 14 (Solsikken: 8, Blåklokka: 6) |" in to_markdown(summarise(workshop))


def test_without_registered_participants_the_count_is_phones_plus_the_most_hands(workshop: WorkshopSession) -> None:
    workshop.open_voting()
    workshop.set_hand_counts([3, 1, 0])
    workshop.add_device_vote("enhet-00000001", "observer")
    workshop.add_device_vote("enhet-00000002", "vent")
    workshop.reveal()
    workshop.advance("observer")
    workshop.open_voting()
    workshop.set_hand_counts([2, 0])
    workshop.add_device_vote("enhet-00000001", "apent")  # the same phone again: counted once
    workshop.add_device_vote("enhet-00000003", "apent")
    workshop.finish()
    summary = summarise(workshop)
    assert summary.participants == 3 + 4 and summary.participants_estimated  # phones 1, 2, 3; four hands
    assert "Saken ble ikke spilt ferdig (1 beslutning tatt)." in to_markdown(summary)
    workshop.set_unit_count("Solsikken", 9)
    registered = summarise(workshop)
    assert registered.participants == 9 and not registered.participants_estimated
