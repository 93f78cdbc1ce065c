"""The outbox: a promised announcement is saved with the change it reports and posted once,
through platform outages, restarts and several deliverers on one file."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import ManualClock
from bot.delivery import FIRST_RETRY, Delivery, backoff
from bot.messages import (
    Announcement,
    Button,
    ButtonStyle,
    Field,
    Image,
    Quote,
    Reply,
    Rich,
    Select,
    SelectOption,
    Timestamp,
)
from bot.outbound import announcement_from_json, announcement_to_json, promise
from bot.scheduler import Scheduler, close_and_announce
from bot.store import outbox
from tests.polls_helpers import START, Club, add_films, open_club

pytestmark = [pytest.mark.timeout(60), pytest.mark.both_backends]

WAIT = 5.0


@dataclass
class Channel:
    """An adapter's announcer whose platform can go down, or hang mid-post."""

    platform: str = "console"
    down: bool = False
    hang: asyncio.Event | None = None
    posted: list[Announcement] = field(default_factory=list)
    tries: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def announce(self, announcement: Announcement) -> None:
        self.tries += 1
        if self.hang is not None:
            await self.hang.wait()
        if self.down:
            raise ConnectionError("503 Service Unavailable from the platform")
        self.posted.append(announcement)
        self.arrived.set()


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait (at most WAIT seconds) until ``check`` holds."""
    async with asyncio.timeout(WAIT):
        while True:
            if await check():
                return
            await asyncio.sleep(0.01)


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    await add_films(c.store)
    c.services.outbox.unregister(c.recorder)
    yield c
    await c.store.close()


async def rows(club: Club) -> list[outbox.OutboxItem]:
    return await club.store.read(outbox.items, club.key)


def note(text: str, club: str = "console:t", channel: str = "gen") -> Announcement:
    return Announcement(club, channel, Reply(text=text))


async def enqueue(club: Club, *announcements: Announcement) -> None:
    for a in announcements:
        await club.store.write(promise, a, club.clock.now())


# -- the promise is saved with the change --------------------------------------------------------


async def test_a_poll_closed_while_the_platform_is_down_is_announced_once_it_is_up(
    club: Club, caplog: pytest.LogCaptureFixture
) -> None:
    channel = Channel(down=True)
    club.services.outbox.register(channel)
    await club.say("/poll start Alien | Heat 2d", channel="movies")
    await club.say("/poll vote Heat", "bob", channel="movies")
    scheduler = Scheduler(club.services)
    await scheduler.start()
    try:
        caplog.set_level(logging.INFO)
        club.clock.advance(timedelta(days=2))
        scheduler.notify()

        async def tried() -> bool:
            return channel.tries >= 1 and (await rows(club))[0].attempts == 1

        await until(tried)
        assert await club.count("SELECT count(*) FROM polls WHERE state = 'closed'") == 1
        [waiting] = await rows(club)
        assert waiting.delivered_at is None and waiting.channel == "movies"
        assert "503 Service Unavailable" in (waiting.last_error or "")
        assert waiting.due_at == club.clock.now() + timedelta(seconds=FIRST_RETRY)
        warnings = [r for r in caplog.records if r.name == "bot.delivery"]
        assert len(warnings) == 1 and warnings[0].exc_info is None

        # Still down at the first retry: the wait doubles.
        club.clock.advance(timedelta(seconds=FIRST_RETRY))

        async def tried_twice() -> bool:
            return (await rows(club))[0].attempts == 2

        await until(tried_twice)
        assert (await rows(club))[0].due_at == club.clock.now() + timedelta(seconds=backoff(2))
        assert channel.posted == []

        channel.down = False
        club.clock.advance(timedelta(seconds=backoff(2)))

        async def delivered() -> bool:
            return (await rows(club))[0].delivered_at is not None

        await until(delivered)
        assert [a.reply.title for a in channel.posted] == ["Poll #1 closed: Heat (1995) wins"]
        assert channel.posted[0].channel == "movies"
        club.clock.advance(timedelta(hours=2))
        scheduler.notify()
        await asyncio.sleep(0.2)
        assert len(channel.posted) == 1
        assert channel.tries == 3
    finally:
        await scheduler.stop()


async def test_an_announcement_made_with_no_adapter_running_is_posted_after_a_restart(
    database: str,
) -> None:
    path = database
    first = await open_club(path)
    await add_films(first.store)
    first.services.outbox.unregister(first.recorder)  # no adapter for the club's platform
    await first.say("/poll start Alien | Heat 1h")
    first.clock.advance(timedelta(hours=1))
    made = await Scheduler(first.services).run_due()
    assert len(made) == 1
    assert len(await first.store.read(outbox.waiting, first.key)) == 1
    await first.store.close()

    second = await open_club(path, ManualClock(first.clock.now() + timedelta(minutes=1)))
    scheduler = Scheduler(second.services)
    assert await scheduler.start() == []
    try:
        announced = await second.recorder.next()
        assert announced == made[0]
        await asyncio.sleep(0.1)
        assert second.recorder.items == []
        assert await second.store.read(outbox.waiting, second.key) == []
    finally:
        await scheduler.stop()
    await second.store.close()


async def test_a_platform_with_no_adapter_waits_until_one_registers(club: Club) -> None:
    slack_club = "slack:T1"
    await enqueue(club, note("for slack", slack_club, "C1"), note("for the console"))
    console = Channel()
    club.services.outbox.register(console)
    delivery = Delivery(club.services)
    await delivery.start()
    try:
        await until(lambda: _true(len(console.posted) == 1))
        [waiting] = await club.store.read(outbox.waiting, slack_club)
        assert waiting.platform == "slack" and waiting.attempts == 0
        slack = Channel(platform="slack")
        club.services.outbox.register(slack)
        await until(lambda: _true(len(slack.posted) == 1))
        assert slack.posted[0] == note("for slack", slack_club, "C1")

        async def none_waiting() -> bool:  # marked delivered just after the post returns
            return await club.store.read(outbox.waiting, None) == []

        await until(none_waiting)
        assert len(slack.posted) == 1
    finally:
        await delivery.stop()


async def _true(value: bool) -> bool:
    return value


# -- restarts and several deliverers ---------------------------------------------------------------


async def test_stopping_mid_post_gives_the_row_back_and_the_next_run_posts_it_once(
    database: str,
) -> None:
    path = database
    first = await open_club(path)
    first.services.outbox.unregister(first.recorder)
    hung = Channel(hang=asyncio.Event())
    first.services.outbox.register(hung)
    await enqueue(first, note("Poll #4 closed."))
    delivery = Delivery(first.services, stop_wait=0.1)
    await delivery.start()
    await until(lambda: _true(hung.tries == 1))
    [held] = await first.store.read(outbox.waiting, first.key)
    assert held.claimed_by == delivery.owner
    await delivery.stop()  # the bot stops while the platform has not answered
    await first.store.close()

    second = await open_club(path, ManualClock(first.clock.now()))
    again = Delivery(second.services)
    assert await again.run_once() == 1
    assert [a.reply.text for a in second.recorder.items] == ["Poll #4 closed."]
    assert await again.run_once() == 0
    assert hung.posted == []
    [row] = await second.store.read(outbox.items, second.key)
    assert row.delivered_at is not None and row.attempts == 1
    await second.store.close()


async def test_a_row_held_by_a_process_that_died_is_posted_when_its_lease_runs_out(
    club: Club,
) -> None:
    await enqueue(club, note("weekly poll open"))
    now = club.clock.now()
    lease = timedelta(minutes=5)
    [taken] = await club.store.write(outbox.claim, ["console"], "dead-process", now, lease)
    assert taken.claimed_until == now + lease
    club.services.outbox.register(club.recorder)
    delivery = Delivery(club.services, lease=lease)
    assert await delivery.run_once() == 0
    club.clock.advance(lease - timedelta(seconds=1))
    assert await delivery.run_once() == 0
    club.clock.advance(timedelta(seconds=1))
    assert await delivery.run_once() == 1
    assert [a.reply.text for a in club.recorder.items] == ["weekly poll open"]
    # The dead process cannot mark what it no longer holds.
    assert not await club.store.write(outbox.mark_delivered, taken.id, "dead-process", now)
    assert await delivery.run_once() == 0


async def test_two_deliverers_on_one_file_post_each_row_once(database: str) -> None:
    path = database
    clock = ManualClock(START)
    one = await open_club(path, clock)
    two = await open_club(path, clock)
    count = 60
    await enqueue(one, *(note(f"announcement {i}", channel=f"c{i % 12}") for i in range(count)))
    # Claims from two processes at once never overlap.
    lease = timedelta(minutes=5)
    first, second = await asyncio.gather(
        one.store.write(outbox.claim, ["console"], "one", clock.now(), lease, 5),
        two.store.write(outbox.claim, ["console"], "two", clock.now(), lease, 5),
    )
    assert len(first) == len(second) == 5
    assert not {i.id for i in first} & {i.id for i in second}
    assert await one.store.write(outbox.release, "one") == 5
    assert await two.store.write(outbox.release, "two") == 5

    d1, d2 = Delivery(one.services), Delivery(two.services)
    results = await asyncio.gather(*(d.run_once() for d in (d1, d2, d1, d2)))
    assert sum(results) == count
    texts = [a.reply.text for a in one.recorder.items + two.recorder.items]
    assert sorted(texts) == sorted(f"announcement {i}" for i in range(count))
    assert await one.store.read(outbox.waiting, None) == []
    rows = await one.store.read(outbox.items, one.key)
    assert all(r.attempts == 1 and r.delivered_at is not None for r in rows)
    await one.store.close()
    await two.store.close()


async def test_a_channel_gets_its_announcements_in_the_order_they_were_promised(
    club: Club,
) -> None:
    channel = Channel(down=True)
    club.services.outbox.register(channel)
    await enqueue(club, note("Poll #1 closed."))
    delivery = Delivery(club.services)
    assert await delivery.run_once() == 0
    await enqueue(club, note("The weekly poll is open!"), note("elsewhere", channel="other"))
    channel.down = False
    # The older announcement is waiting for its retry: the newer one in its channel waits
    # behind it; another channel is not held up.
    assert await delivery.run_once() == 1
    assert [(a.channel, a.reply.text) for a in channel.posted] == [("other", "elsewhere")]
    club.clock.advance(timedelta(seconds=FIRST_RETRY))
    assert await delivery.run_once() == 2
    assert [a.reply.text for a in channel.posted[1:]] == [
        "Poll #1 closed.",
        "The weekly poll is open!",
    ]


# -- the payload ---------------------------------------------------------------------------------


def test_an_announcement_survives_its_trip_through_json() -> None:
    reply = Reply(
        text="Poll #2 is open — vote «now»",
        title="Weekly poll",
        fields=(Field("Alien", "2 votes"), Field("Ran", "0", inline=False)),
        quote=Quote("A film.", "Ada", "Her", source="Blog", url="https://example.org/r"),
        image=Image("chart.png", b"\x89PNG\x00\x01", alt="a chart"),
        buttons=(Button("Alien", "poll:vote:2:0", ButtonStyle.PRIMARY), Button("Ran", "x")),
        select=Select("poll:rank:2", "Rank", (SelectOption("Alien", "0"),), 1, 2),
        footer="closes Fri 18:00",
    )
    announcement = Announcement("discord:42", "123", reply)
    assert announcement_from_json(announcement_to_json(announcement)) == announcement


def test_times_roles_commands_and_posters_survive_the_trip_through_json() -> None:
    paris = ZoneInfo("Europe/Paris")
    closes = Timestamp(datetime(2027, 4, 2, 16, 0, tzinfo=UTC), paris, year=True)
    reply = Reply(
        text=Rich("Poll #2 closes ", closes, "."),
        fields=(Field("Deadline", Rich(closes)),),
        quote=Quote("A film.", "Ada", "Her", role="club member"),
        image=Image("chart.png", b"\x89PNG", alt="a chart", text="Ada ████ 8"),
        buttons=(Button("Alien", "poll:vote:2:0", command="/poll vote 1 #2"),),
        select=Select("poll:rank:2", "Rank", (SelectOption("Alien", "0"),), command="/poll vote"),
        footer=Rich("closes ", closes),
        thumbnail_url="https://image.example.org/poster.jpg",
    )
    back = announcement_from_json(announcement_to_json(Announcement("slack:T1", "C1", reply)))
    assert back.reply == reply
    assert isinstance(back.reply.text, Rich) and back.reply.text.times == (closes,)
    assert isinstance(back.reply.footer, Rich) and back.reply.footer.times == (closes,)
    assert isinstance(back.reply.fields[0].value, Rich)


# -- promises made by commands and their transaction -----------------------------------------------


async def test_closing_a_poll_from_another_channel_promises_the_result_to_its_own(
    club: Club,
) -> None:
    club.services.outbox.register(club.recorder)
    await club.say("/poll start Alien | Heat 2d", channel="movies")
    await club.say("/poll vote Alien", "bob", channel="movies")
    await club.say("/poll start Ran | Her 2d", channel="movies")
    scheduler = Scheduler(club.services)
    await scheduler.start()
    try:
        here = await club.say("/poll close #1", channel="movies")
        assert here.title == "Poll #1 closed: Alien (1979) wins"
        elsewhere = await club.say("/poll close #2", channel="lobby")
        assert elsewhere.title == "Poll #2 closed with no votes"
        announced = await club.recorder.next()
        assert (announced.channel, announced.reply) == ("movies", elsewhere)
        await asyncio.sleep(0.1)
        assert club.recorder.items == []
        assert [r.channel for r in await rows(club)] == ["movies"]
    finally:
        await scheduler.stop()


def _close_then_crash(conn: sqlite3.Connection, poll_id: int, now: datetime) -> None:
    assert close_and_announce(conn, poll_id, now, False, "UTC", True) is not None
    raise RuntimeError("the process dies before the commit")


async def test_the_promise_and_the_close_are_saved_together_or_not_at_all(club: Club) -> None:
    await club.say("/poll start Alien | Heat 1h")
    poll_id = (await club.store.fetchall("SELECT id FROM polls"))[0][0]
    with pytest.raises(RuntimeError):
        await club.store.write(_close_then_crash, poll_id, club.clock.now())
    assert await club.count("SELECT count(*) FROM polls WHERE state = 'open'") == 1
    assert await rows(club) == []
    club.clock.advance(timedelta(hours=1))
    made = await Scheduler(club.services).run_due()
    assert len(made) == 1
    assert await club.count("SELECT count(*) FROM polls WHERE state = 'closed'") == 1
    [row] = await rows(club)
    assert announcement_from_json(row.payload) == made[0]
