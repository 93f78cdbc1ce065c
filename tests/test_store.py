"""The store: migrations, pragmas, group commit, rating aggregates, quote rotation."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import statistics
from pathlib import Path

import pytest

from bot.errors import StoreOpenError
from bot.store import Store, clubs, films, quotes, ratings
from bot.store.models import DocumentInput, FilmInput, ReviewInput
from bot.store.schema import MIGRATIONS
from tests.backends import other_connection_count

pytestmark = pytest.mark.both_backends


async def test_new_file_is_migrated_with_wal_and_foreign_keys(store: Store, backend: str) -> None:
    if backend == "postgres":
        rows = await store.fetchall("SELECT version FROM schema_version")
        assert [r[0] for r in rows] == [len(MIGRATIONS)]
        found = await store.fetchall(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
        assert {"clubs", "films", "ratings", "excerpts", "quote_rotations"} <= {r[0] for r in found}
        return
    rows = await store.fetchall("PRAGMA user_version")
    assert rows[0][0] == len(MIGRATIONS)
    assert (await store.fetchall("PRAGMA journal_mode"))[0][0] == "wal"
    assert (await store.fetchall("PRAGMA foreign_keys"))[0][0] == 1
    tables = {r[0] for r in await store.fetchall("SELECT name FROM sqlite_master")}
    assert {"clubs", "films", "ratings", "excerpts", "excerpts_fts", "quote_rotations"} <= tables


async def test_reopening_keeps_data_and_does_not_migrate_twice(database: str) -> None:
    s = await Store.open(database)
    await s.write(films.upsert_film, FilmInput("her-2013", "Her", 2013))
    await s.close()
    s = await Store.open(database)
    try:
        assert (await s.read(films.film_count))[0] == 1
        version_sql = (
            "SELECT max(version) FROM schema_version"
            if s.backend == "postgres"
            else "PRAGMA user_version"
        )
        assert (await s.fetchall(version_sql))[0][0] == len(MIGRATIONS)
    finally:
        await s.close()


def _insert_member(conn: sqlite3.Connection, club: str, n: int) -> int:
    cid = clubs.ensure_club(conn, club)
    return clubs.ensure_member(conn, cid, f"m{n}", f"Member {n}")


def _fail_after_insert(conn: sqlite3.Connection, club: str) -> None:
    cid = clubs.ensure_club(conn, club)
    clubs.ensure_member(conn, cid, "ghost", "Ghost")
    raise ValueError("boom")


async def test_group_commit_acknowledges_every_write_and_isolates_a_failure(store: Store) -> None:
    jobs = [store.write(_insert_member, "c", n) for n in range(300)]
    jobs.insert(150, store.write(_fail_after_insert, "c"))
    results = await asyncio.gather(*jobs, return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 1 and isinstance(failures[0], ValueError)
    ids = [r for r in results if isinstance(r, int)]
    assert len(set(ids)) == 300
    rows = await store.fetchall("SELECT external_id FROM members")
    names = {r[0] for r in rows}
    assert "ghost" not in names
    assert len(names) == 300


async def test_acknowledged_writes_are_visible_to_a_second_connection(
    store: Store, database: str
) -> None:
    await asyncio.gather(*(store.write(_insert_member, "c", n) for n in range(50)))
    assert other_connection_count(database, "SELECT count(*) FROM members") == 50


async def _film(store: Store, slug: str = "her-2013", title: str = "Her") -> int:
    return await store.write(films.upsert_film, FilmInput(slug, title, 2013))


async def test_rating_stats_follow_inserts_updates_and_deletes(store: Store) -> None:
    film = await _film(store)
    scores = [3.0, 7.5, 8.0, 9.0, 10.0, 6.25]
    for i, score in enumerate(scores):
        replaced = await store.write(
            ratings.upsert_rating, "c", f"u{i}", f"U{i}", film, score, str(score), None
        )
        assert replaced is False
    stats = await store.read(ratings.club_stats, "c", film)
    assert stats.count == 6
    assert stats.mean == round(statistics.fmean(scores), 2)
    assert stats.median == statistics.median(scores)
    assert sum(stats.histogram) == 6 and stats.histogram[10] == 1 and stats.histogram[7] == 1
    assert await store.write(ratings.upsert_rating, "c", "u0", "U0", film, 9.5, "9.5", "better")
    assert await store.write(ratings.delete_rating, "c", "u5", film)
    stats = await store.read(ratings.club_stats, "c", film)
    left = [9.5, 7.5, 8.0, 9.0, 10.0]
    assert stats.count == 5 and stats.mean == round(statistics.fmean(left), 2)
    assert stats.median == statistics.median(left)
    assert stats.histogram[3] == 0 and stats.histogram[9] == 2 and stats.histogram[6] == 0
    other_club = await store.read(ratings.club_stats, "other", film)
    assert other_club.count == 0


async def _film_with_excerpts(store: Store, n: int) -> int:
    film = await _film(store)
    review = ReviewInput(
        "Critic",
        9.0,
        "9/10",
        {},
        tuple((f"Passage number {i} about the music.", frozenset({"music"})) for i in range(n)),
    )
    doc = DocumentInput(film, f"hash{n}", "doc.txt", None, "site", (review,), ())
    assert await store.write(films.add_document, doc)
    return film


async def test_quote_rotation_shows_every_excerpt_once_per_round(store: Store) -> None:
    film = await _film_with_excerpts(store, 12)
    rng = random.Random(3)
    pool = quotes.topic_pool(film, "music")
    seen = [(await store.write(quotes.draw, "c", "ch", pool, rng)) for _ in range(12)]
    texts = [e.text for e in seen if e is not None]
    assert len(texts) == 12 and len(set(texts)) == 12
    again = await store.write(quotes.draw, "c", "ch", pool, rng)
    assert again is not None and again.text in texts
    other = await store.write(quotes.draw, "c", "other-channel", pool, rng)
    assert other is not None


async def test_quote_rotation_survives_a_restart(database: str) -> None:
    s = await Store.open(database)
    film = await _film_with_excerpts(s, 6)
    pool = quotes.topic_pool(film, "")
    first = [await s.write(quotes.draw, "c", "ch", pool, random.Random(1)) for _ in range(3)]
    await s.close()
    s = await Store.open(database)
    try:
        pool = quotes.topic_pool(film, "")
        rest = [await s.write(quotes.draw, "c", "ch", pool, random.Random(2)) for _ in range(3)]
    finally:
        await s.close()
    texts = [e.text for e in first + rest if e is not None]
    assert len(set(texts)) == 6


async def test_quote_draws_are_uniform(store: Store) -> None:
    film = await _film_with_excerpts(store, 5)
    rng = random.Random(11)
    firsts: dict[str, int] = {}
    for round_no in range(400):
        pool = quotes.topic_pool(film, "music")
        e = await store.write(quotes.draw, "c", f"ch{round_no}", pool, rng)
        assert e is not None
        firsts[e.text] = firsts.get(e.text, 0) + 1
    assert len(firsts) == 5
    assert min(firsts.values()) > 50 and max(firsts.values()) < 110


async def test_adding_the_same_document_twice_changes_nothing(store: Store) -> None:
    film = await _film_with_excerpts(store, 3)
    doc = DocumentInput(film, "hash3", "doc.txt", None, "site", (), ())
    assert await store.write(films.add_document, doc) is False
    assert (await store.fetchall("SELECT count(*) FROM excerpts"))[0][0] == 3


async def test_closed_store_refuses_writes(database: str, tmp_path: Path) -> None:
    s = await Store.open(database)
    await s.close()
    with pytest.raises(RuntimeError):
        await s.write(_insert_member, "c", 1)


async def test_an_unreachable_postgresql_server_is_named_without_its_password() -> None:
    with pytest.raises(StoreOpenError) as refused:
        await Store.open("postgresql://filmclub:s3cret@127.0.0.1:1/filmclub?connect_timeout=3")
    message = str(refused.value)
    assert "127.0.0.1:1/filmclub" in message and "s3cret" not in message
    assert "***" in message
