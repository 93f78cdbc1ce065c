"""1,000 members voting in the same second through one shared store."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from bot.messages import Member
from tests.polls_helpers import add_films, open_club

VOTERS = 1000


async def test_a_thousand_simultaneous_voters(tmp_path: Path) -> None:
    club = await open_club(str(tmp_path / "load.db"))
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
