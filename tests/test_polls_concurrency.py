"""1,000 members voting in the same second through one shared store."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Coroutine
from datetime import timedelta
from typing import Any

import pytest

from bot.messages import Member
from bot.polls.models import BallotChange, BallotChangeKind, VoteOutcome, VoteStatus
from bot.store import polls
from tests.polls_helpers import add_films, open_club

pytestmark = pytest.mark.both_backends


VOTERS = 1000


async def test_a_thousand_simultaneous_voters(database: str) -> None:
    club = await open_club(database)
    try:
        await add_films(club.store)
        started = await club.say("/poll start Alien | Heat | Her | Ran")
        assert not started.error
        titles = ["Alien", "Heat", "Her", "Ran"]

        async def vote(i: int) -> bool:
            reply = await club.dispatcher.dispatch_text(
                f"/poll vote {titles[i % 4]}",
                club=club.key,
                channel="gen",
                member=Member(f"m{i}", f"Member {i}"),
            )
            return not reply.error and reply.text.startswith("Your vote in poll #1")

        # Half of the members also change their mind at the same moment.
        async def vote_then_change(i: int) -> bool:
            first = await vote(i)
            if i % 2:
                return first
            reply = await club.dispatcher.dispatch_text(
                f"/poll vote {titles[(i + 1) % 4]}",
                club=club.key,
                channel="gen",
                member=Member(f"m{i}", f"Member {i}"),
            )
            return first and "is now" in reply.text

        acks = await asyncio.gather(*(vote_then_change(i) for i in range(VOTERS)))
        assert all(acks)
        assert await club.count("SELECT count(*) FROM ballots") == VOTERS
        assert await club.count("SELECT count(DISTINCT member_id) FROM ballots") == VOTERS

        closed = await club.say("/poll close")
        counts = {
            m.group(1): int(m.group(2))
            for m in re.finditer(r"\d\. (\w+) \(\d+\) — (\d+) votes?", closed.text)
        }
        assert sum(counts.values()) == VOTERS
        expected = {t: 0 for t in titles}
        for i in range(VOTERS):
            expected[titles[(i + 1) % 4] if i % 2 == 0 else titles[i % 4]] += 1
        assert counts == expected
        assert f"{VOTERS} ballots" in (closed.footer or "")
    finally:
        await club.store.close()


async def test_votes_and_a_close_in_one_write_batch(database: str) -> None:
    """Votes in the same write transaction as a close, and one that fails, stay exact."""
    club = await open_club(database)
    try:
        await add_films(club.store)
        assert not (await club.say("/poll start Alien | Heat | Her 2d")).error
        poll = await club.store.read(polls.find_poll, club.key, "gen", 1)
        assert poll is not None
        change = BallotChange(BallotChangeKind.SET, (poll.options[0].id,))
        now = club.clock.now()

        def vote(member: str) -> Coroutine[Any, Any, VoteOutcome]:
            return club.store.write(polls.cast_vote, club.key, poll.id, member, member, change, now)

        def vote_then_fail(conn: sqlite3.Connection) -> None:
            polls.cast_vote(conn, club.key, poll.id, "ghost", "Ghost", change, now)
            raise RuntimeError("the member's connection dropped")

        first, failed, second, closed, late = await asyncio.gather(
            vote("a"),
            club.store.write(vote_then_fail),
            vote("b"),
            club.store.write(polls.close_poll, poll.id, now + timedelta(seconds=1)),
            vote("c"),
            return_exceptions=True,
        )
        assert isinstance(failed, RuntimeError)
        assert isinstance(first, VoteOutcome) and isinstance(second, VoteOutcome)
        assert first.status is VoteStatus.RECORDED and second.status is VoteStatus.RECORDED
        assert first.poll is not None and first.poll.ballot_count == 1
        assert second.poll is not None and second.poll.ballot_count == 2
        assert isinstance(closed, polls.ClosedPoll) and len(closed.ballots) == 2
        assert isinstance(late, VoteOutcome) and late.status is VoteStatus.CLOSED
        assert len(await club.store.read(polls.ballots, poll.id)) == 2
        assert await club.count("SELECT count(*) FROM members WHERE external_id = 'ghost'") == 0
    finally:
        await club.store.close()
