"""A poll's posted messages, kept up to date in place.

Adapters report where they posted a poll message (:func:`record_post`); when the
poll's films change, or it closes, the core promises through the outbox, in the
same transaction as the change, one edit per posted message
(:func:`promise_refresh`). The adapter replaces the message with the poll as it
stands when the edit is made (:func:`current_message`), or forgets a message that no
longer exists (:func:`forget_post`).
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.errors import StorageError
from bot.messages import Announcement, Reply
from bot.outbound import promise
from bot.polls.models import Poll
from bot.polls.render import poll_message
from bot.polls.tally import Tally, tally
from bot.polls.zones import club_zone
from bot.store import poll_messages, polls

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


async def record_post(
    services: Services, club: str, poll_id: int, channel: str, message_id: str
) -> None:
    """An adapter posted a message of ``poll_id`` in ``channel``: remember it.

    The message is already out; a store that refuses the note only costs the
    in-place edits of that one message, so it is logged, not raised."""
    if not message_id or not channel:
        return
    try:
        await services.store.write(
            poll_messages.record,
            club,
            poll_id,
            channel,
            message_id,
            services.clock.now(),
        )
    except StorageError as exc:
        log.warning("could not note poll message %s in %s: %s", message_id, channel, exc.cause)


class PostNotes:
    """What one adapter has noted already, so that a click on a known poll message
    writes nothing more (bounded: the oldest notes are dropped first)."""

    def __init__(self, size: int = 2048) -> None:
        self.size = size
        self._seen: dict[tuple[str, int, str, str], None] = {}

    async def note(
        self, services: Services, club: str, poll_id: int, channel: str, message_id: str
    ) -> None:
        key = (club, poll_id, channel, message_id)
        if key in self._seen:
            return
        await record_post(services, club, poll_id, channel, message_id)
        self._seen[key] = None
        while len(self._seen) > self.size:
            del self._seen[next(iter(self._seen))]


async def forget_post(services: Services, announcement: Announcement) -> None:
    """The message an edit was meant for is gone: stop editing it."""
    poll_id = announcement.reply.poll
    if poll_id is None or announcement.replaces is None:
        return
    await services.store.write(
        poll_messages.forget, poll_id, announcement.channel, announcement.replaces
    )


async def current_message(services: Services, announcement: Announcement) -> Reply:
    """What an edit of a poll message shows when it is made: the poll as it stands now,
    so that an edit retried after a later one cannot bring back an older state."""
    poll_id = announcement.reply.poll
    if poll_id is None:
        return announcement.reply
    current = await services.store.read(_poll_and_tally, poll_id, announcement.club)
    if current is None:
        return announcement.reply
    poll, result = current
    return poll_message(poll, result, await club_zone(services, poll.club))


def _poll_and_tally(conn: sqlite3.Connection, poll_id: int, club: str) -> tuple[Poll, Tally] | None:
    """The club's poll and its tally, read together; None when it is not the club's."""
    poll = polls.load_poll(conn, poll_id)
    if poll is None or poll.club != club:
        return None
    return poll, tally(poll, polls.ballots(conn, poll_id))


def promise_refresh(
    conn: sqlite3.Connection,
    poll: Poll,
    zone: ZoneInfo,
    now: datetime,
    result: Tally | None = None,
) -> int:
    """Inside the caller's write: promise an in-place edit of every posted message of
    ``poll`` to show it as it now stands; how many were promised."""
    posts = poll_messages.posts_of(conn, poll.id)
    if not posts:
        return 0
    if result is None:
        result = tally(poll, polls.ballots(conn, poll.id))
    reply = poll_message(poll, result, zone)
    for post in posts:
        promise(conn, Announcement(poll.club, post.channel, reply, replaces=post.message_id), now)
    return len(posts)
