"""/watchlist: add, refuse duplicates, plain titles, remove, list, watched."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from tests.polls_helpers import Club, add_films, open_club

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    await add_films(c.store)
    yield c
    await c.store.close()


async def test_add_fuzzy_duplicate_and_plain_title(club: Club) -> None:
    assert (await club.say("/watchlist add Allien")).text == "Added Alien (1979) to the watchlist."
    dup = await club.say("/watchlist add alien 1979", "bob")
    assert dup.error
    assert dup.text == "Alien (1979) is already on the watchlist (added by Ada on 23 Mar 2026)."
    plain = await club.say("/watchlist add Paris, Texas", "bob")
    assert plain.text.startswith("Added “Paris, Texas” to the watchlist as a plain title")
    again = await club.say("/watchlist add paris texas")
    assert again.error and "“Paris, Texas” (title only) is already on the watchlist" in again.text
    assert await club.count("SELECT count(*) FROM watchlist") == 2


async def test_list_shows_who_added_what_and_lost_polls(club: Club) -> None:
    await club.say("/watchlist add Alien")
    await club.say("/watchlist add Heat", "bob")
    await club.say("/watchlist add Paris, Texas", "cy")
    await club.say("/poll start")
    await club.say("/poll vote Heat", "bob")
    await club.say("/poll close")
    listed = await club.say("/watchlist list")
    assert listed.title == "Watchlist (3 films to see)"
    assert listed.text.splitlines() == [
        "1. Alien (1979) — added by Ada, 23 Mar 2026 · lost 1 poll",
        "2. Heat (1995) — added by Bob, 23 Mar 2026 · chosen in poll #1",
        "3. “Paris, Texas” (title only) — added by Cy, 23 Mar 2026 · lost 1 poll",
    ]


async def test_watched_with_date_leaves_candidacy(club: Club) -> None:
    await club.say("/watchlist add Alien")
    await club.say("/watchlist add Heat")
    await club.say("/watchlist add Her")
    club.clock.advance(timedelta(days=3))
    done = await club.say("/watchlist watched Heat")
    assert done.text == (
        "Marked Heat (1995) as watched on 26 Mar 2026; it is no longer offered in polls."
    )
    assert "Heat" not in (await club.say("/watchlist list")).text
    everything = await club.say("/watchlist list all")
    assert "Watched:\n- Heat (1995) — watched 26 Mar 2026" in everything.text
    poll = await club.say("/poll start")
    assert "Heat" not in poll.text and "Alien" in poll.text
    twice = await club.say("/watchlist watched Heat")
    assert twice.error and "not on the watchlist" in twice.text


async def test_watched_defaults_to_the_poll_winner(club: Club) -> None:
    await club.say("/watchlist add Alien")
    await club.say("/watchlist add Heat")
    await club.say("/poll start")
    await club.say("/poll vote Alien", "bob")
    await club.say("/poll close")
    done = await club.say("/watchlist watched")
    assert done.text.startswith("Marked Alien (1979) as watched")


async def test_re_adding_a_watched_film_puts_it_back_at_the_end(club: Club) -> None:
    await club.say("/watchlist add Alien")
    await club.say("/watchlist add Heat")
    await club.say("/watchlist watched Alien")
    back = await club.say("/watchlist add Alien", "bob")
    assert back.text == "Alien (1979) was watched on 23 Mar 2026; it is back on the watchlist."
    listed = (await club.say("/watchlist list")).text.splitlines()
    assert listed[0].startswith("1. Heat") and listed[1].startswith(
        "2. Alien (1979) — added by Bob"
    )


async def test_remove_by_adder_or_admin(club: Club) -> None:
    await club.say("/watchlist add Alien", "bob")
    denied = await club.say("/watchlist remove Alien", "cy")
    assert denied.error and "was added by Bob; only they or an admin can remove it" in denied.text
    assert (await club.say("/watchlist remove alien", "bob")).text == (
        "Removed Alien (1979) from the watchlist."
    )
    await club.say("/watchlist add Heat", "bob")
    assert not (await club.say("/watchlist remove Heat", "cy", admin=True)).error
    missing = await club.say("/watchlist remove Vertigo")
    assert missing.error and "is not on the watchlist" in missing.text
    assert await club.count("SELECT count(*) FROM watchlist") == 0


async def test_empty_list(club: Club) -> None:
    assert "The watchlist is empty" in (await club.say("/watchlist list")).text
