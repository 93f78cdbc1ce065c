"""/poll add and /poll remove: polls members can shape while they are open."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.store import polls
from tests.polls_helpers import Club, add_films, open_club

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    await add_films(c.store)
    yield c
    await c.store.close()


async def option_rows(club: Club) -> list[tuple[int, str]]:
    rows = await club.store.fetchall("SELECT position, label FROM poll_options ORDER BY position")
    return [(int(r[0]), str(r[1])) for r in rows]


async def test_creator_adds_a_film_and_the_poll_message_is_current(club: Club) -> None:
    await club.say("/poll start Alien | Heat 2d", "ada")
    reply = await club.say("/poll add Her", "ada")
    assert not reply.error, reply.text
    assert reply.text.startswith("Ada added Her (2013) to poll #1 as option 3.")
    assert "3. Her (2013)" in reply.text
    assert [b.label for b in reply.buttons][:3] == [
        "1. Alien (1979)",
        "2. Heat (1995)",
        "3. Her (2013)",
    ]
    assert await option_rows(club) == [(1, "Alien (1979)"), (2, "Heat (1995)"), (3, "Her (2013)")]
    vote = await club.say("/poll vote Her", "bob")
    assert vote.text == "Your vote in poll #1: Her (2013)."


async def test_members_add_only_to_open_polls(club: Club) -> None:
    await club.say("/poll start Alien | Heat 2d", "ada")
    refused = await club.say("/poll add Her", "bob")
    assert refused.error
    assert "Only the member who started poll #1 (Ada) or a club admin" in refused.text
    assert "started with `open`" in refused.text
    assert len(await option_rows(club)) == 2
    assert not (await club.say("/poll add Her", "cy", admin=True)).error
    await club.say("/poll start open Ran | Vertigo 2d", "ada")
    opened = await club.say("/poll add Her #2", "bob")
    assert not opened.error, opened.text
    assert "members can add films" in (opened.footer or "")


async def test_limits_duplicates_and_closed_polls(club: Club) -> None:
    await club.say("/poll start Alien | Heat 2d", "ada")
    dup = await club.say("/poll add alien", "ada")
    assert dup.error and "Alien (1979) is already option 1 of Poll #1." in dup.text
    for n in range(8):
        assert not (await club.say(f"/poll add Film number {n}", "ada")).error
    full = await club.say("/poll add Vertigo", "ada")
    assert full.error and "already has 10 films" in full.text
    club.clock.advance(timedelta(days=3))
    late = await club.say("/poll add Vertigo", "ada", admin=True)
    assert late.error and "can no longer change" in late.text
    assert len(await option_rows(club)) == 10


async def test_remove_adjusts_ballots_and_the_results_tell_members(club: Club) -> None:
    await club.say("/poll start ranked Alien | Heat | Her 2d", "ada")
    await club.say("/poll vote Heat > Alien", "bob")
    await club.say("/poll vote Heat", "cy")
    await club.say("/poll vote Her > Alien", "dee")
    refused = await club.say("/poll remove Heat", "bob")
    assert refused.error and "Only the member who started poll #1" in refused.text
    reply = await club.say("/poll remove heat", "ada")
    assert not reply.error, reply.text
    assert reply.text.startswith("Ada removed Heat (1995) from poll #1. 2 ballots named it;")
    assert await option_rows(club) == [(1, "Alien (1979)"), (2, "Her (2013)")]
    assert reply.select is not None and len(reply.select.options) == 2
    poll = await club.store.read(polls.find_poll, club.key, "gen", 1)
    assert poll is not None
    ballots = {
        b.member_name: [poll.label_of(c) for c in b.choices]
        for b in await club.store.read(polls.ballots, poll.id)
    }
    assert ballots == {"Bob": ["Alien (1979)"], "Dee": ["Her (2013)", "Alien (1979)"]}
    results = await club.say("/poll results", "bob")
    removed = next(f for f in results.fields if f.name == "Removed options").value
    assert removed == (
        "Heat (1995) was removed by Ada; Bob: that choice dropped, the rest of the ballot"
        " counts; Cy: no vote left, vote again."
    )
    closed = await club.say("/poll close", "ada")
    assert any(f.name == "Removed options" for f in closed.fields)


async def test_remove_keeps_two_and_says_so_anonymously(club: Club) -> None:
    await club.say("/poll start anonymous Alien | Heat | Her 2d", "ada")
    await club.say("/poll vote Heat", "bob")
    assert not (await club.say("/poll remove 2", "ada")).error
    too_few = await club.say("/poll remove 1", "ada", admin=True)
    assert too_few.error and "a poll needs at least 2" in too_few.text
    results = await club.say("/poll results")
    removed = next(f for f in results.fields if f.name == "Removed options").value
    assert (
        removed
        == "Heat (1995) was removed by Ada; 1 ballot that named it changed (1 left with no vote)."
    )
    assert "Bob" not in removed


async def test_a_button_for_a_removed_film_refreshes_the_old_message(club: Club) -> None:
    started = await club.say("/poll start Alien | Heat | Her 2d", "ada")
    heat_button = started.buttons[1].action_id
    await club.say("/poll remove Heat", "ada")
    clicked = await club.click(heat_button, "bob")
    assert clicked.reply.error and "no longer an option of Poll #1" in clicked.reply.text
    assert clicked.refresh is not None
    assert [b.label for b in clicked.refresh.buttons][:2] == ["1. Alien (1979)", "2. Her (2013)"]
