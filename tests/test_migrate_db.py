"""``python -m bot migrate-db``: a club's SQLite file moved whole into PostgreSQL."""

from __future__ import annotations

import random
from pathlib import Path

from bot.ingest import ingest_paths
from bot.store import Store, films, quotes, ratings
from bot.store.models import FilmInput
from tests.backends import other_connection_rows
from tests.conftest import CORPUS
from tests.polls_helpers import add_films, open_club
from tests.test_cli import run

COUNTED = (
    "clubs",
    "members",
    "films",
    "film_facts",
    "documents",
    "reviews",
    "excerpts",
    "excerpt_pools",
    "ratings",
    "rating_buckets",
    "rating_values",
    "quote_rotations",
    "watchlist",
    "polls",
    "poll_options",
    "ballots",
    "poll_ballot_counts",
)


async def _busy_club(path: str) -> None:
    """A SQLite club with films, reviews, ratings, quote draws, a closed poll and ballots."""
    club = await open_club(path)
    try:
        await ingest_paths(club.store, [CORPUS])
        await add_films(club.store)
        her = (await club.store.read(films.films_by_norm, "her", 2013))[0].id
        for i, score in enumerate([7.0, 8.5, 9.0, 6.5, 10.0]):
            await club.store.write(
                ratings.upsert_rating,
                club.key,
                f"m{i}",
                f"Member {i}",
                her,
                score,
                str(score),
                None,
            )
        pool = quotes.topic_pool(her, "")
        for _ in range(3):
            await club.store.write(quotes.draw, club.key, "gen", pool, random.Random(5))
        assert not (await club.say("/watchlist add Alien")).error
        assert not (await club.say("/poll start Alien | Heat | Ran")).error
        for who, choice in (("ada", "Alien"), ("bea", "Heat"), ("cy", "Alien")):
            assert not (await club.say(f"/poll vote {choice}", who)).error
        assert not (await club.say("/poll close", admin=True)).error
        assert not (await club.say("/poll start Heat | Ran")).error
        assert not (await club.say("/poll vote Ran", "dee")).error
    finally:
        await club.services.store.close()


def _counts(database: str) -> dict[str, int]:
    return {
        t: int(other_connection_rows(database, f"SELECT count(*) FROM {t}")[0][0]) for t in COUNTED
    }


async def test_migrate_db_copies_everything_and_the_copy_works(
    tmp_path: Path, postgres_database: str
) -> None:
    source = str(tmp_path / "club.db")
    await _busy_club(source)
    before = _counts(source)
    assert all(before[t] > 0 for t in COUNTED), before

    out = run("migrate-db", "--from", f"sqlite:///{source}", "--to", postgres_database)
    assert out.returncode == 0, out.stderr
    assert "every table's row count matches" in out.stdout
    assert _counts(postgres_database) == before

    store = await Store.open(postgres_database)
    try:
        her = (await store.read(films.films_by_norm, "her", 2013))[0].id
        stats = await store.read(ratings.club_stats, "console:t", her)
        assert (stats.count, stats.mean, stats.median) == (5, 8.2, 8.5)
        # Maintained aggregates keep following new writes, and new rows get new ids.
        await store.write(ratings.upsert_rating, "console:t", "m9", "Member 9", her, 3.0, "3", None)
        stats = await store.read(ratings.club_stats, "console:t", her)
        assert stats.count == 6 and stats.histogram[3] == 1
        new_film = await store.write(films.upsert_film, FilmInput("ikiru", "Ikiru", 1952))
        assert new_film > max(
            r[0] for r in await store.fetchall("SELECT id FROM films WHERE id <> ?", (new_film,))
        )
        # The quote rotation goes on where it was: no passage repeats within the round.
        pool = quotes.topic_pool(her, "")
        size = pool[1]
        total = await store.read(size)
        drawn = [
            await store.write(quotes.draw, "console:t", "gen", pool, random.Random(9))
            for _ in range(total - 3)
        ]
        texts = [e.text for e in drawn if e is not None]
        assert len(texts) == len(set(texts)) == total - 3
    finally:
        await store.close()


async def test_migrate_db_refuses_a_target_that_holds_data(
    tmp_path: Path, postgres_database: str
) -> None:
    source = str(tmp_path / "club.db")
    store = await Store.open(source)
    await store.write(films.upsert_film, FilmInput("her-2013", "Her", 2013))
    await store.close()
    target = await Store.open(postgres_database)
    await target.write(films.upsert_film, FilmInput("alien", "Alien", 1979))
    await target.close()

    out = run("migrate-db", "--from", f"sqlite:///{source}", "--to", postgres_database)
    assert out.returncode == 1
    assert "already holds data" in out.stderr and "films" in out.stderr
    assert "Traceback" not in out.stderr
    titles = [r[0] for r in other_connection_rows(postgres_database, "SELECT title FROM films")]
    assert titles == ["Alien"]


def test_migrate_db_wants_a_postgresql_target(tmp_path: Path) -> None:
    out = run("migrate-db", "--from", f"sqlite:///{tmp_path / 'a.db'}", "--to", "sqlite:///b.db")
    assert out.returncode == 1
    assert "postgresql://" in out.stderr and "Traceback" not in out.stderr
