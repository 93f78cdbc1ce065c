"""The scheduler: closes and opens polls on time, catches up after a restart, never twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.scheduler import Scheduler
from bot.store import polls
from tests.polls_helpers import START, Club, add_films, open_club

pytestmark = pytest.mark.both_backends


PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    await add_films(c.store)
    yield c
    await c.store.close()


async def skip_to_next_event(clock: ManualClock, club: Club) -> None:
    upcoming = await club.store.read(polls.next_due)
    assert upcoming is not None
    clock.set(upcoming)


async def watchlist(club: Club, *titles: str) -> None:
    for title in titles:
        await club.say(f"/watchlist add {title}")


async def test_run_due_closes_a_poll_once_and_announces_in_its_channel(club: Club) -> None:
    scheduler = Scheduler(club.services)
    await club.say("/poll start Alien | Heat 2d", channel="movies")
    await club.say("/poll vote Heat #1", "bob")
    club.clock.advance(timedelta(days=1))
    assert await scheduler.run_due() == []
    club.clock.advance(timedelta(days=1))
    made = await scheduler.run_due()
    assert [(a.club, a.channel) for a in made] == [(club.key, "movies")]
    assert made[0].reply.title == "Poll #1 closed: Heat (1995) wins"
    assert "closed late" not in (made[0].reply.footer or "")
    assert club.recorder.items == made
    assert await scheduler.run_due() == []


async def test_restart_closes_an_overdue_poll_once_and_says_it_is_late(database: str) -> None:
    path = database
    first = await open_club(path)
    await add_films(first.store)
    await first.say("/poll start Alien | Heat until mon 18:00")
    await first.say("/poll vote Alien", "bob")
    await first.store.close()  # the bot stops; 18:00 passes while it is down

    clock = ManualClock(START + timedelta(days=1))
    second = await open_club(path, clock)
    scheduler = Scheduler(second.services)
    made = await scheduler.start()
    try:
        assert len(made) == 1
        reply = made[0].reply
        assert reply.title == "Poll #1 closed: Alien (1979) wins"
        assert "closed late: the bot was offline at Mon 23 Mar 18:00 CET" in (reply.footer or "")
        assert second.recorder.items == made
    finally:
        await scheduler.stop()
    again = Scheduler(second.services)
    assert await again.start() == []
    await again.stop()
    assert await second.count("SELECT count(*) FROM polls WHERE state = 'closed'") == 1
    results = await second.say("/poll results #1")
    assert "closed late" in (results.footer or "")
    await second.store.close()


async def test_two_processes_on_one_file_close_and_open_exactly_once(database: str) -> None:
    path = database
    clock = ManualClock(START)
    one = await open_club(path, clock)
    two = await open_club(path, clock)
    await add_films(one.store)
    await watchlist(one, "Alien", "Heat", "Her")
    for n in range(5):
        await one.say(f"/poll start Alien | Heat {n + 1}h")
    await one.say("/poll weekly mon 15:00 Europe/Paris 1d", admin=True)
    clock.advance(timedelta(hours=6))
    s1, s2 = Scheduler(one.services), Scheduler(two.services)
    made = await asyncio.gather(*(s.run_due() for s in (s1, s2, s1, s2)))
    closed = [a for batch in made for a in batch if "closed" in (a.reply.title or "")]
    opened = [a for batch in made for a in batch if "weekly poll is open" in a.reply.text]
    assert len(closed) == 5
    assert sorted(a.reply.title or "" for a in closed) == [
        f"Poll #{n} closed with no votes" for n in range(1, 6)
    ]
    assert len(opened) == 1
    assert await one.count("SELECT count(*) FROM polls WHERE weekly_id IS NOT NULL") == 1
    await one.store.close()
    await two.store.close()


async def test_weeks_of_weekly_polls_across_spring_forward(club: Club) -> None:
    await watchlist(club, "Alien", "Heat", "Her", "Ran", "Vertigo")
    set_up = await club.say("/poll weekly fri 19:00 Europe/Paris 2d 3", admin=True)
    assert "Next opens Fri 27 Mar 19:00 CET" in set_up.text
    scheduler = Scheduler(club.services)
    opened_local: list[str] = []
    winners: list[str] = []
    for _ in range(4):
        upcoming = await club.store.read(polls.next_due)
        assert upcoming is not None
        club.clock.set(upcoming)
        made = await scheduler.run_due()
        assert len(made) == 1 and "The weekly poll is open!" in made[0].reply.text
        assert made[0].channel == "gen"
        opened_local.append(club.clock.now().astimezone(PARIS).strftime("%d %b %H:%M %Z"))
        await club.say("/poll vote 1", "bob")
        await skip_to_next_event(club.clock, club)
        closing = await scheduler.run_due()
        assert len(closing) == 1
        winners.append((closing[0].reply.title or "").split(": ", 1)[1])
    assert opened_local == [
        "27 Mar 19:00 CET",
        "03 Apr 19:00 CEST",
        "10 Apr 19:00 CEST",
        "17 Apr 19:00 CEST",
    ]
    # Each week the oldest film not yet chosen wins; the chosen ones leave candidacy.
    assert winners == [
        "Alien (1979) wins",
        "Heat (1995) wins",
        "Her (2013) wins",
        "Ran (1985) wins",
    ]


async def test_weekly_polls_across_fall_back_in_new_york(database: str) -> None:
    clock = ManualClock(datetime(2026, 10, 20, tzinfo=UTC))
    club = await open_club(database, clock, timezone="America/New_York")
    await add_films(club.store)
    await watchlist(club, "Alien", "Heat", "Her", "Ran", "Vertigo")
    await club.say("/poll weekly sun 19:00 1d", admin=True)  # the club's zone by default
    scheduler = Scheduler(club.services)
    new_york = ZoneInfo("America/New_York")
    local: list[str] = []
    for _ in range(3):
        await skip_to_next_event(clock, club)
        made = await scheduler.run_due()
        assert any("weekly poll is open" in a.reply.text for a in made)
        local.append(clock.now().astimezone(new_york).strftime("%d %b %H:%M %Z"))
        await skip_to_next_event(clock, club)
        await scheduler.run_due()
    assert local == ["25 Oct 19:00 EDT", "01 Nov 19:00 EST", "08 Nov 19:00 EST"]
    await club.store.close()


async def test_weekly_poll_due_while_stopped_opens_once_late(database: str) -> None:
    path = database
    first = await open_club(path)
    await add_films(first.store)
    await watchlist(first, "Alien", "Heat")
    await first.say("/poll weekly tue 19:00 Europe/Paris 2d", admin=True)
    await first.store.close()

    clock = ManualClock(datetime(2026, 3, 24, 20, 30, tzinfo=UTC))  # Tue 21:30 in Paris
    second = await open_club(path, clock)
    scheduler = Scheduler(second.services)
    made = await scheduler.start()
    await scheduler.stop()
    assert len(made) == 1
    assert "opened late: the bot was offline at Tue 24 Mar 19:00 CET" in made[0].reply.text
    assert await Scheduler(second.services).run_due() == []
    rows = await second.store.fetchall("SELECT closes_at FROM polls")
    assert [r[0] for r in rows] == ["2026-03-26T18:00:00+00:00"]  # the window is kept
    await second.store.close()


async def test_weekly_poll_without_enough_films_says_so(club: Club) -> None:
    await watchlist(club, "Alien")
    await club.say("/poll weekly mon 12:00", admin=True)
    club.clock.set(datetime(2026, 3, 23, 11, 0, tzinfo=UTC))
    made = await Scheduler(club.services).run_due()
    assert len(made) == 1 and "The weekly poll could not open" in made[0].reply.text
    assert await club.count("SELECT count(*) FROM polls") == 0
    assert (
        "Next opens Mon 30 Mar 12:00 CEST" in (await club.say("/poll weekly show", admin=True)).text
    )


async def test_running_scheduler_sleeps_until_the_deadline(club: Club) -> None:
    sleeps: list[float] = []
    real_sleep = club.clock.sleep

    async def counting_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        await real_sleep(seconds)

    club.clock.sleep = counting_sleep  # type: ignore[method-assign]
    scheduler = Scheduler(club.services)
    await scheduler.start()
    try:
        await club.say("/poll start Alien | Heat 45m")  # wakes the scheduler
        await club.say("/poll vote Heat", "bob")
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert sleeps and sleeps[-1] == pytest.approx(45 * 60)
        club.clock.advance(timedelta(minutes=44))
        await asyncio.sleep(0.05)
        assert club.recorder.items == []
        club.clock.advance(timedelta(minutes=1))
        announced = await club.recorder.next()
        assert announced.reply.title == "Poll #1 closed: Heat (1995) wins"
        assert "closed late" not in (announced.reply.footer or "")
    finally:
        await scheduler.stop()
    assert len(sleeps) < 10  # it waited, it did not spin


async def test_a_vote_racing_the_close_is_counted_or_refused(club: Club) -> None:
    await club.say("/poll start Alien | Heat 1h")
    club.clock.advance(timedelta(minutes=59, seconds=59))
    scheduler = Scheduler(club.services)

    async def close_soon() -> None:
        await asyncio.sleep(0)
        club.clock.advance(timedelta(seconds=1))
        await scheduler.run_due()

    votes = [club.say("/poll vote Heat", f"m{i}") for i in range(100)]
    replies, _ = await asyncio.gather(asyncio.gather(*votes), close_soon())
    accepted = [r for r in replies if not r.error]
    refused = [r for r in replies if r.error]
    assert all("no longer taken" in r.text for r in refused)
    closed = club.recorder.items[0].reply.text
    assert f"2. Heat (1995) — {len(accepted)} vote" in closed
    assert await club.count("SELECT count(*) FROM ballots") == len(accepted)
