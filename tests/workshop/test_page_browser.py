"""The voting page in headless Chromium, with JavaScript off (a locked-down phone) and on: join with the QR
link or the typed code, vote, change the vote, see the thanks — and nothing is asked for off the machine."""

from __future__ import annotations

from tests.browser import browser
from trainer.workshop.server import VotingServer
from trainer.workshop.state import WorkshopSession


async def test_without_javascript_the_forms_join_vote_and_change_the_vote(
    workshop: WorkshopSession, running: VotingServer
) -> None:
    workshop.open_voting()
    async with browser(javascript=False) as page:
        await page.call("Page.navigate", url=running.join_url)  # the QR code's link
        await page.until("document.body && document.body.innerText.includes('Hva gjør dere først?')")
        assert await page.evaluate("location.pathname") == "/"  # the secret is not left in the address bar
        await page.evaluate("document.querySelector('button[value=vent]').click()")  # a plain form submit
        text = await page.until(
            "document.body.innerText.includes('Takk – stemmen er registrert') && document.body.innerText"
        )
        assert "Du kan ombestemme deg" in text
        assert await page.evaluate("document.querySelector('button.valgt').value") == "vent"
        await page.evaluate("document.querySelector('button[value=observer]').click()")
        await page.until(
            "document.querySelector('button.valgt') && document.querySelector('button.valgt').value === 'observer'"
        )
        assert page.blocked == []
    assert workshop.progress().devices == 1  # type: ignore[union-attr]
    assert list(workshop.current.device_votes.values()) == ["observer"]  # type: ignore[union-attr]


async def test_with_javascript_the_page_joins_votes_in_place_and_follows_the_projector(
    workshop: WorkshopSession, running: VotingServer
) -> None:
    workshop.open_voting()
    async with browser(javascript=True) as page:
        await page.call("Page.navigate", url=f"{running.url}?kode={running.join_code.lower()}")
        await page.until("document.querySelector('#kode') && document.querySelector('#kode').value")
        await page.evaluate("document.querySelector('#inn form').submit()")
        await page.until("document.querySelector('button[name=valg]') !== null")
        await page.evaluate("window.__same_document = true")  # gone if the page reloads
        await page.evaluate("document.querySelector('button[value=vent]').click()")
        await page.until("document.body.innerText.includes('Takk – stemmen er registrert')")
        assert await page.evaluate("window.__same_document === true"), "the script voted without a reload"
        workshop.reveal()
        workshop.advance()  # the projector shows what the choice led to: the phone waits
        await page.until("document.body.innerText.includes('Følg med på skjermen')", seconds=10)
        workshop.present()
        await page.until("document.querySelector('button[name=valg]') !== null", seconds=10)
        assert page.blocked == []
    assert workshop.decisions[0].chosen == "vent"
