"""Opens and closes polls at their times.

All state lives in SQLite, so a restart picks up where the last process left
off: on start, polls whose deadline passed while the bot was down are closed
(and announced as closed late), and weekly polls that should have opened do
open, once each. Between passes the scheduler sleeps until the next deadline or
opening in the store, or until :func:`poke` says something changed; it never
polls in a loop. Closing and opening are compare-and-set writes, so two
processes sharing one database file never close or open the same poll twice;
each one's announcement goes into the outbox in the same transaction and is
posted by :class:`bot.delivery.Delivery`, which the scheduler runs beside it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot import screenings
from bot.delivery import Delivery
from bot.errors import StorageError
from bot.messages import Announcement, Reply
from bot.outbound import promise
from bot.polls.localtime import format_local, zone_or_utc
from bot.polls.render import closed_reply, poll_message
from bot.polls.tally import tally
from bot.polls.weekly import plan_opening
from bot.store import clubs, polls
from bot.store import screenings as screening_store

if TYPE_CHECKING:
    from bot.polls.models import WeeklySchedule
    from bot.polls.weekly import Opening
    from bot.services import Services
    from bot.store.polls import ClosedPoll, WeeklyOpened

log = logging.getLogger(__name__)

# A deadline or opening handled this long after its time is reported as late.
LATE_AFTER = timedelta(minutes=5)
# Wake at least this often to see schedules changed by another process.
MAX_SLEEP = 3600.0
RETRY_AFTER = 30.0

_RUNNING: dict[int, Scheduler] = {}


def poke(services: Services) -> None:
    """Tell the scheduler running on these services that polls or schedules changed."""
    scheduler = _RUNNING.get(id(services))
    if scheduler is not None:
        scheduler.notify()


class Scheduler:
    def __init__(self, services: Services, *, max_sleep: float = MAX_SLEEP) -> None:
        self.services = services
        self.max_sleep = max_sleep
        self.started_at = services.clock.now()
        self._changed = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self.delivery = Delivery(services)

    async def start(self) -> list[Announcement]:
        """Catch up on everything that fell due while stopped, then keep running.

        The outbox delivery starts first, so announcements left undelivered by an
        earlier run are posted along with the catch-up.
        """
        self.started_at = self.services.clock.now()
        self._stopping = False
        _RUNNING[id(self.services)] = self
        await self.delivery.start()
        made = await self.run_due()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name="poll-scheduler")
        return made

    async def stop(self) -> None:
        self._stopping = True
        self._changed.set()
        if _RUNNING.get(id(self.services)) is self:
            del _RUNNING[id(self.services)]
        if self._task is not None:
            await self._task
            self._task = None
        await self.delivery.stop()

    def notify(self) -> None:
        self._changed.set()

    def _late(self, due: datetime, now: datetime) -> bool:
        return due < self.started_at or now - due > LATE_AFTER

    async def run_due(self, *, post: bool = True) -> list[Announcement]:
        """One pass: close every poll past its deadline, open every weekly poll that is due.

        Each announcement is put in the outbox in the same transaction as the
        close or opening it reports. With ``post`` they are posted before this
        returns; otherwise the delivery running beside the scheduler is woken.
        """
        now = self.services.clock.now()
        store = self.services.store
        default_zone = self.services.settings.timezone or "UTC"
        made: list[Announcement] = []
        for poll_id, deadline in await store.read(polls.due_polls, now):
            late = self._late(deadline, now)
            closed = await store.write(
                close_and_announce,
                poll_id,
                now,
                late,
                default_zone,
                True,
                self.services.settings.reminder_minutes,
            )
            if closed is not None:
                made.append(closed[1])
        for schedule in await store.read(polls.due_weekly, now):
            opening = plan_opening(schedule, now)
            late = opening.opens_at is not None and self._late(opening.opens_at, now)
            opened = await store.write(
                open_and_announce, schedule, opening, now, late, default_zone
            )
            if opened is not None:
                made.append(opened)
        made += await screenings.run_due(self.services)
        if made and post:
            await self.delivery.run_once()
        elif made:
            self.delivery.notify()
        return made

    async def _next_wake(self) -> datetime | None:
        """When to look again: the next deadline or opening (at most ``max_sleep`` away);
        None when one is due already."""
        upcoming = await self.services.store.read(_next_due)
        now = self.services.clock.now()
        latest = now + timedelta(seconds=self.max_sleep)
        if upcoming is None:
            return latest
        if upcoming <= now:
            return None
        return min(upcoming, latest)

    async def _loop(self) -> None:
        passes_due = 0
        while not self._stopping:
            self._changed.clear()
            wake: datetime | None
            try:
                # A slow platform must not hold up closing polls: posting is left
                # to the delivery task.
                await self.run_due(post=False)
                wake = await self._next_wake()
            except StorageError as exc:
                log.warning(
                    "poll scheduler pass failed: %s; retrying in %.0fs", exc.cause, RETRY_AFTER
                )
                wake = self.services.clock.now() + timedelta(seconds=RETRY_AFTER)
            except Exception:
                log.exception("poll scheduler pass failed")
                wake = self.services.clock.now() + timedelta(seconds=RETRY_AFTER)
            if self._stopping:
                return
            if wake is None:
                # Time reached a deadline during the pass: one more pass at once (then,
                # should it still be due, a second's pause rather than a busy loop).
                passes_due += 1
                if passes_due == 1:
                    continue
                wake = self.services.clock.now() + timedelta(seconds=1.0)
            passes_due = 0
            await self._wait_until(wake)

    async def _sleep_until(self, wake: datetime) -> None:
        # The moment is read and the sleep begun with no await between them, so a clock
        # that moves meanwhile cannot push the wake-up past the deadline.
        await self.services.clock.sleep((wake - self.services.clock.now()).total_seconds())

    async def _wait_until(self, wake: datetime) -> None:
        sleeper = asyncio.ensure_future(self._sleep_until(wake))
        waker = asyncio.ensure_future(self._changed.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (sleeper, waker):
                task.cancel()
            for task in (sleeper, waker):
                with contextlib.suppress(asyncio.CancelledError):
                    await task


def _next_due(conn: sqlite3.Connection) -> datetime | None:
    """The next poll deadline, weekly opening, screening reminder or screening end."""
    found = [t for t in (polls.next_due(conn), screening_store.next_due(conn)) if t is not None]
    return min(found) if found else None


def _zone(conn: sqlite3.Connection, club: str, default_zone: str) -> ZoneInfo:
    return zone_or_utc(clubs.club_timezone(conn, club) or default_zone)


def close_and_announce(
    conn: sqlite3.Connection,
    poll_id: int,
    now: datetime,
    late: bool,
    default_zone: str,
    announce: bool,
    reminder_minutes: int | None = None,
) -> tuple[ClosedPoll, Announcement] | None:
    """Close an open poll and, in the same transaction, promise its result to its channel.

    None if the poll was no longer open. With ``announce`` false the result is
    made but not put in the outbox (the member closing it sees it in place).
    """
    closed = polls.close_poll(conn, poll_id, now, late)
    if closed is None:
        return None
    zone = _zone(conn, closed.poll.club, default_zone)
    reply = closed_reply(closed.poll, closed.tally, closed.ballots, zone)
    announcement = Announcement(closed.poll.club, closed.poll.channel, reply)
    if announce:
        promise(conn, announcement, now)
    if reminder_minutes is not None:
        # The club's usual screening time, if it has one: the winner's screening.
        screenings.plan_after_close(conn, closed, now, zone, reminder_minutes)
    return closed, announcement


def open_and_announce(
    conn: sqlite3.Connection,
    schedule: WeeklySchedule,
    opening: Opening,
    now: datetime,
    late: bool,
    default_zone: str,
) -> Announcement | None:
    """Advance a due weekly schedule and, in the same transaction, promise what happened."""
    opened = polls.open_weekly(conn, schedule, opening, now)
    if opened is None:
        return None
    announcement = _opened(opened, late, _zone(conn, schedule.club, default_zone))
    promise(conn, announcement, now)
    return announcement


def _opened(opened: WeeklyOpened, late: bool, club_tz: ZoneInfo) -> Announcement:
    schedule, opening = opened.schedule, opened.opening
    zone = ZoneInfo(schedule.zone)
    if opened.poll is None:
        if opening.opens_at is None:
            text = (
                "The weekly poll was skipped: the bot was offline for its whole voting"
                f" window. The next one opens {format_local(opening.next_open_at, zone)}."
            )
        else:
            text = (
                f"The weekly poll could not open: the watchlist has {opened.candidates}"
                " film(s) that can be polled, and a poll needs two. Add some with"
                f" /watchlist add. Next try: {format_local(opening.next_open_at, zone)}."
            )
        return Announcement(schedule.club, schedule.channel, Reply(text=text))
    poll = opened.poll
    message = poll_message(poll, tally(poll, ()), club_tz)
    intro = "The weekly poll is open!"
    assert opening.opens_at is not None
    if late:
        intro = (
            "The weekly poll is open (opened late: the bot was offline at"
            f" {format_local(opening.opens_at, zone)})."
        )
    return Announcement(poll.club, poll.channel, message.with_(text=f"{intro}\n{message.text}"))
