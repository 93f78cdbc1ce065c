"""/poll through the dispatcher: every mode, anonymous and hidden, permissions, refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.store import clubs
from bot.store import watchlist as store_watchlist
from tests.polls_helpers import Club, add_films, open_club

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    await add_films(c.store)
    yield c
    await c.store.close()


async def test_single_poll_start_vote_close(club: Club) -> None:
    started = await club.say("/poll start Alien | Heat | Her 2d")
    assert not started.error, started.text
    assert started.title == "Poll #1: What should we watch next?"
    assert "1. Alien (1979)" in started.text and "3. Her (2013)" in started.text
    assert "closes Wed 25 Mar 11:00 CET" in (started.footer or "")
    assert [b.action_id.split(":")[1] for b in started.buttons] == ["vote"] * 3 + ["withdraw"]

    assert (await club.say("/poll vote Heat", "bob")).text == "Your vote in poll #1: Heat (1995)."
    await club.say("/poll vote 2", "cy")
    await club.say("/poll vote alien", "dee")
    results = await club.say("/poll results")
    assert "2. Heat (1995) — 2 votes (67%)" in results.text
    assert "Leading: Heat (1995)." in results.text
    assert "Bob: Heat (1995)" in results.fields[0].value

    closed = await club.say("/poll close")
    assert closed.title == "Poll #1 closed: Heat (1995) wins"
    assert "Heat (1995) is now the club's film" in closed.text
    heat = await club.store.read(clubs.current_film_id, club.key)
    film_ids = await club.store.fetchall("SELECT id FROM films WHERE slug = 'heat'")
    assert heat == film_ids[0][0]


async def test_text_vote_forms_and_default_poll(club: Club) -> None:
    await club.say("/poll start Alien | Heat")
    await club.say("/poll start ranked Alien | Heat | Her", channel="other")
    # In "gen" the default poll is #1; "#2" picks the other one explicitly.
    assert "poll #1" in (await club.say("/poll vote Heat", "bob")).text
    ranked = await club.say("/poll vote Her > Alien #2", "bob")
    assert ranked.text == "Your vote in poll #2: Her (2013) > Alien (1979)."
    by_number = await club.say("/poll vote 2>3>1 #2", "cy")
    assert by_number.text == "Your vote in poll #2: Heat (1995) > Her (2013) > Alien (1979)."
    wrong = await club.say("/poll vote Vertigo", "bob")
    assert wrong.error and "has no option “Vertigo”" in wrong.text
    two = await club.say("/poll vote Alien | Heat", "bob")
    assert two.error and "single choice" in two.text


async def test_change_and_withdraw(club: Club) -> None:
    await club.say("/poll start Alien | Heat | Her")
    await club.say("/poll vote Alien", "bob")
    changed = await club.say("/poll vote Her", "bob")
    assert changed.text == "Your vote in poll #1 is now Her (2013) (was Alien (1979))."
    same = await club.say("/poll vote Her", "bob")
    assert "already Her (2013); nothing changed" in same.text
    assert await club.count("SELECT count(*) FROM ballots") == 1
    gone = await club.say("/poll withdraw", "bob")
    assert gone.text == "Your vote in poll #1 (Her (2013)) is withdrawn."
    assert await club.count("SELECT count(*) FROM ballots") == 0
    nothing = await club.say("/poll withdraw", "bob")
    assert nothing.text == "You have no vote in poll #1 to withdraw."


async def test_approval_by_text_and_toggle_buttons(club: Club) -> None:
    started = await club.say("/poll start approval Alien | Heat | Her")
    alien, heat = (b.action_id for b in started.buttons[:2])
    await club.say("/poll vote 1|3", "bob")
    first = await club.click(heat, "cy")
    assert first.reply.ephemeral and first.reply.text == "Your vote in poll #1: Heat (1995)."
    assert first.refresh is not None and "2. Heat (1995) — 1 vote" in first.refresh.text
    both = await club.click(alien, "cy")
    assert (
        both.reply.text
        == "Your vote in poll #1 is now Heat (1995), Alien (1979) (was Heat (1995))."
    )
    await club.click(heat, "cy")  # toggles Heat off again
    closed = await club.say("/poll close")
    assert "1. Alien (1979) — 2 votes (100%) ✔" in closed.text
    assert "3. Her (2013) — 1 vote (50%)" in closed.text
    assert "Bob: Alien (1979), Her (2013)" in closed.fields[0].value


async def test_ranked_select_with_runoff_rounds(club: Club) -> None:
    started = await club.say("/poll start ranked Alien | Heat | Her")
    assert started.select is not None and started.select.max_values == 3
    action = started.select.action_id
    ids = {o.label.split(". ", 1)[1]: o.value for o in started.select.options}
    alien, heat, her = ids["Alien (1979)"], ids["Heat (1995)"], ids["Her (2013)"]
    for who, order in {
        "a1": (alien,),
        "a2": (alien,),
        "a3": (alien, heat),
        "h1": (heat,),
        "h2": (heat, alien),
        "r1": (her, heat),
        "r2": (her, heat),
    }.items():
        result = await club.click(action, who, order)
        assert not result.reply.error, result.reply.text
    closed = await club.say("/poll close")
    assert closed.title == "Poll #1 closed: Heat (1995) wins"
    assert "Round 1: Alien (1979) 3, Heat (1995) 2, Her (2013) 2" in closed.text
    assert "Heat (1995) and Her (2013) tie for fewest; Her (2013) eliminated" in closed.text
    assert (
        "Round 2: Heat (1995) 4, Alien (1979) 3 — Heat (1995) has a majority (4 of 7)"
        in closed.text
    )
    assert "R1: Her (2013) > Heat (1995)" in closed.fields[0].value


async def test_anonymous_never_reveals_voters(club: Club) -> None:
    await club.say("/poll start anonymous Alien | Heat")
    await club.say("/poll vote Alien", "bob")
    await club.say("/poll vote Heat", "cy")
    await club.say("/poll vote Heat", "dee")
    for reply in (await club.say("/poll results"), await club.say("/poll close")):
        text = reply.plain_text()
        assert "Bob" not in text and "Cy" not in text and "Dee" not in text
        assert not reply.fields
    # The store still keeps one ballot per member for counting and de-duplication.
    assert await club.count("SELECT count(*) FROM ballots") == 3


async def test_hidden_results_until_close(club: Club) -> None:
    started = await club.say("/poll start hidden Alien | Heat")
    assert "— " not in started.text
    button = started.buttons[0].action_id
    clicked = await club.click(button, "bob")
    assert clicked.refresh is None
    await club.say("/poll vote Heat", "cy")
    await club.say("/poll vote Heat", "dee")
    results = await club.say("/poll results")
    assert "3 ballots so far; the results stay hidden until the poll closes." in results.text
    assert "Heat" not in results.text and not results.fields
    closed = await club.say("/poll close")
    assert "2. Heat (1995) — 2 votes (67%) ✔" in closed.text
    after = await club.say("/poll results #1")
    assert after.title == closed.title


async def test_tie_is_broken_by_watchlist_then_announced(club: Club) -> None:
    await club.say("/watchlist add Her")
    await club.say("/watchlist add Alien")
    await club.say("/poll start Alien | Her")
    await club.say("/poll vote Alien", "bob")
    await club.say("/poll vote Her", "cy")
    closed = await club.say("/poll close")
    assert closed.title == "Poll #1 closed: Her (2013) wins"
    assert (
        "Tie between Her (2013) and Alien (1979) (1 vote each) broken by watchlist order:"
        " Her (2013) was added to the watchlist first." in closed.text
    )
    entries = await club.store.read(store_watchlist.entries, club.key)
    by_title = {e.title: e for e in entries}
    assert by_title["Alien (1979)"].polls_lost == 1
    assert by_title["Her (2013)"].chosen_poll == 1
    assert [e.title for e in entries] == ["Her (2013)", "Alien (1979)"]  # places kept


async def test_poll_from_the_watchlist_oldest_first(club: Club) -> None:
    for title in ("Vertigo", "Ran", "Alien", "Her", "Heat", "Stalker"):
        await club.say(f"/watchlist add {title}")
    await club.say("/watchlist watched Ran")
    started = await club.say("/poll start size:4 36h")
    assert started.text.splitlines()[1:] == [
        "1. Vertigo (1958) — 0 votes",
        "2. Alien (1979) — 0 votes",
        "3. Her (2013) — 0 votes",
        "4. Heat (1995) — 0 votes",
    ]
    await club.say("/poll vote Vertigo", "bob")
    await club.say("/poll close")
    again = await club.say("/poll start")
    assert "Vertigo" not in again.text  # chosen by poll #1: out of candidacy until re-added
    assert "“Stalker”" not in again.text and "Stalker" in again.text


async def test_not_enough_films_on_the_watchlist(club: Club) -> None:
    await club.say("/watchlist add Alien")
    reply = await club.say("/poll start")
    assert reply.error and "has 1 film(s) that can be polled; a poll needs two" in reply.text
    assert await club.count("SELECT count(*) FROM polls") == 0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/poll start Alien", "needs 2 to 10 options"),
        ("/poll start Alien | Heat | alien", "Alien (1979) is listed twice"),
        ("/poll start " + " | ".join(f"Film {i}" for i in range(11)), "needs 2 to 10 options"),
        ("/poll start Alien | Heat 40d", "at most 32 days"),
        ("/poll start Alien | Heat until 2026-03-01 18:00", "already passed"),
    ],
)
async def test_bad_starts_write_nothing(club: Club, line: str, message: str) -> None:
    reply = await club.say(line)
    assert reply.error and message in reply.text, reply.text
    assert await club.count("SELECT count(*) FROM polls") == 0


async def test_only_creator_or_admin_closes_or_cancels(club: Club) -> None:
    await club.say("/poll start Alien | Heat", "ada")
    for verb in ("close", "cancel"):
        denied = await club.say(f"/poll {verb}", "bob")
        assert denied.error
        assert f"Only the member who started poll #1 (Ada) or a club admin can {verb} it" in (
            denied.text
        )
    assert not (await club.say("/poll close", "bob", admin=True)).error
    await club.say("/poll start Alien | Heat", "ada")
    cancelled = await club.say("/poll cancel #2", "ada")
    assert cancelled.text == "Poll #2 was cancelled by Ada; its ballots will not be counted."
    twice = await club.say("/poll cancel #2", "ada")
    assert twice.error and "already cancelled" in twice.text


async def test_only_admins_set_weekly_polls(club: Club) -> None:
    denied = await club.say("/poll weekly fri 19:00", "bob")
    assert denied.error and "Only club admins" in denied.text
    assert await club.count("SELECT count(*) FROM weekly_polls") == 0
    ok = await club.say("/poll weekly fri 19:00 Europe/Paris 2d 5", "ada", admin=True)
    assert "every Friday at 19:00 (Europe/Paris), open for 2 days, up to 5 films" in ok.text
    assert "Next opens Fri 27 Mar 19:00 CET" in ok.text
    shown = await club.say("/poll weekly show", admin=True)
    assert "announced in gen" in shown.text
    assert (await club.say("/poll weekly off", admin=True)).text == "The weekly poll is off."
    assert (await club.say("/poll weekly show", admin=True)).text == "No weekly poll is set."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/poll weekly fri", "Give a time too"),
        ("/poll weekly fri 7pm Mars/Olympus", "Unknown time zone `Mars/Olympus`"),
        ("/poll weekly fri 25:00", "is not a time of day"),
        ("/poll weekly fri 19:00 8d", "at most 7 days"),
        ("/poll weekly someday 19:00", "`day` must be one of"),
    ],
)
async def test_bad_weekly(club: Club, line: str, message: str) -> None:
    reply = await club.say(line, admin=True)
    assert reply.error and message in reply.text, reply.text


async def test_refused_votes_write_nothing(club: Club) -> None:
    await club.say("/poll start Alien | Heat 1h")
    await club.say("/poll start Alien | Heat")
    await club.say("/poll cancel #2")
    members_before = await club.count("SELECT count(*) FROM members")

    cancelled = await club.say("/poll vote Alien #2", "newcomer")
    assert cancelled.error and "Poll #2 was cancelled" in cancelled.text
    unknown = await club.say("/poll vote Alien #9", "newcomer")
    assert unknown.error and "There is no poll #9" in unknown.text
    bad_button = await club.click("poll:vote:999:1", "newcomer")
    assert bad_button.reply.error and "does not exist" in bad_button.reply.text

    club.clock.advance(timedelta(hours=1))  # past the deadline, before any scheduler closes it
    late = await club.say("/poll vote Alien #1", "newcomer")
    assert late.error and "Poll #1 closed at Mon 23 Mar 12:00 CET" in late.text
    await club.say("/poll close #1")
    closed = await club.say("/poll vote Alien #1", "newcomer")
    assert closed.error and "votes are no longer taken" in closed.text
    clicked = await club.click("poll:withdraw:1", "newcomer")
    assert clicked.reply.error and clicked.refresh is not None and not clicked.refresh.buttons

    assert await club.count("SELECT count(*) FROM ballots") == 0
    assert await club.count("SELECT count(*) FROM members") == members_before


async def test_actions_are_checked_against_the_club(club: Club) -> None:
    started = await club.say("/poll start Alien | Heat")
    action = started.buttons[0].action_id
    club.key = "console:elsewhere"
    result = await club.click(action, "bob")
    assert result.reply.error
    assert await club.count("SELECT count(*) FROM ballots") == 0
    assert (await club.click("poll:nonsense", "bob")).reply.error
