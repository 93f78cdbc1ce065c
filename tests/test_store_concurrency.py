"""Two stores writing to one database at once, as two bot processes do.

On SQLite the file lets one writer in at a time; on PostgreSQL both write
concurrently at READ COMMITTED, and the store's locks must make up for it.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.polls.models import Mode, NewOption, NewPoll
from bot.store import Store, clubs, films, polls, quotes
from bot.store.models import DocumentInput, FilmInput, ReviewInput

pytestmark = pytest.mark.both_backends


@pytest.fixture
async def pair(database: str) -> AsyncIterator[tuple[Store, Store]]:
    one = await Store.open(database)
    two = await Store.open(database)
    try:
        yield one, two
    finally:
        await one.close()
        await two.close()


def _new_poll(n: int) -> NewPoll:
    now = datetime.now(UTC)
    return NewPoll(
        club="race",
        channel=f"ch{n % 3}",
        question=f"Poll {n}",
        mode=Mode.SINGLE,
        anonymous=False,
        hidden=False,
        creator_id=f"u{n}",
        creator_name=f"U{n}",
        created_at=now,
        closes_at=now + timedelta(days=1),
        options=(NewOption("a", "A", None), NewOption("b", "B", None)),
    )


async def test_polls_opened_from_two_processes_get_distinct_numbers(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    made = []
    for n in range(0, 40, 2):  # pairs opened at the same moment, one from each process
        made += await asyncio.gather(
            one.write(polls.create_poll, _new_poll(n)),
            two.write(polls.create_poll, _new_poll(n + 1)),
        )
    assert sorted(p.number for p in made) == list(range(1, 41))


def _member(conn: object, club: str, who: str) -> int:
    return clubs.ensure_member(conn, clubs.ensure_club(conn, club), who, who.upper())  # type: ignore[arg-type]


async def test_the_same_new_club_and_member_from_two_processes_is_one_row(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    for round_no in range(20):
        club = f"fresh-{round_no}"
        ids = await asyncio.gather(
            one.write(_member, club, "ada"),
            two.write(_member, club, "ada"),
            one.write(_member, club, "bea"),
            two.write(_member, club, "bea"),
        )
        assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    rows = await one.fetchall("SELECT count(*) FROM clubs WHERE key LIKE 'fresh-%'")
    assert rows[0][0] == 20


async def test_quote_draws_from_two_processes_never_repeat_within_a_round(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    film = await one.write(films.upsert_film, FilmInput("her-2013", "Her", 2013))
    passages = tuple((f"Passage {i} about the score.", frozenset({"music"})) for i in range(30))
    review = ReviewInput("Critic", 9.0, "9/10", {}, passages)
    doc = DocumentInput(film, "race-doc", "doc.txt", None, "site", (review,), ())
    assert await one.write(films.add_document, doc)
    pool = quotes.topic_pool(film, "music")
    # Draw in pairs, one from each process at the same moment, in several channels.
    for channel in range(8):
        drawn = []
        for n in range(15):
            drawn += await asyncio.gather(
                one.write(quotes.draw, "c", f"ch{channel}", pool, random.Random(2 * n)),
                two.write(quotes.draw, "c", f"ch{channel}", pool, random.Random(2 * n + 1)),
            )
        texts = [e.text for e in drawn if e is not None]
        assert len(texts) == 30 and len(set(texts)) == 30, channel


async def test_documents_added_from_two_processes_number_their_passages_once(
    pair: tuple[Store, Store],
) -> None:
    one, two = pair
    film = await one.write(films.upsert_film, FilmInput("ran-1985", "Ran", 1985))

    def doc(n: int) -> DocumentInput:
        passages = tuple((f"Doc {n} passage {i} on the battle.", frozenset()) for i in range(5))
        review = ReviewInput(f"Critic {n}", 8.0, "8/10", {}, passages)
        return DocumentInput(film, f"doc-{n}", f"doc{n}.txt", None, "site", (review,), ())

    for n in range(0, 20, 2):
        added = await asyncio.gather(
            one.write(films.add_document, doc(n)), two.write(films.add_document, doc(n + 1))
        )
        assert added == [True, True]
    rows = await one.fetchall(
        "SELECT ordinal FROM excerpt_pools WHERE film_id = ? AND topic = '' ORDER BY ordinal",
        (film,),
    )
    assert [int(r[0]) for r in rows] == list(range(100))
