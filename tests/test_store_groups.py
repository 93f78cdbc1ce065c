"""Group forms of store writes: a run of queued votes or ratings done in a few
statements must answer each caller and leave the database exactly as the same
calls one after another would."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.errors import StorageError
from bot.polls.models import (
    BallotChange,
    BallotChangeKind,
    Mode,
    NewOption,
    NewPoll,
    VoteOutcome,
    VoteStatus,
)
from bot.store import Store, clubs, db, films, polls, ratings
from bot.store.models import FilmInput
from tests.conftest import POSTGRES_URL, postgres_schema

pytestmark = pytest.mark.both_backends

NOW = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
CLUB = "console:groups"
FILMS = (
    ("alien", "Alien", 1979),
    ("heat", "Heat", 1995),
    ("her", "Her", 2013),
    ("ran", "Ran", 1985),
)


async def _setup(store: Store) -> tuple[list[int], int, int, int]:
    """Four films, an open single-choice poll, an open multiple-choice poll and a closed
    poll, with members who already voted (one of them under an old name)."""
    ids = []
    for slug, title, year in FILMS:
        ids.append(await store.write(films.upsert_film, FilmInput(slug, title, year)))

    async def poll(mode: Mode, closes: timedelta) -> int:
        made = await store.write(
            polls.create_poll,
            NewPoll(
                club=CLUB,
                channel="gen",
                question=f"{mode.value}?",
                mode=mode,
                anonymous=False,
                hidden=False,
                creator_id="host",
                creator_name="Host",
                created_at=NOW - timedelta(hours=1),
                closes_at=NOW + closes,
                options=tuple(NewOption(f"o{i}", f"Film {i}", i) for i in ids),
            ),
        )
        return made.id

    single = await poll(Mode.SINGLE, timedelta(days=1))
    multi = await poll(Mode.APPROVAL, timedelta(days=1))
    expired = await poll(Mode.SINGLE, timedelta(minutes=5))
    s_opts = [o.id for o in (await store.read(polls.load_poll, single)).options]  # type: ignore[union-attr]
    m_opts = [o.id for o in (await store.read(polls.load_poll, multi)).options]  # type: ignore[union-attr]
    for member, name, poll_id, choice in (
        ("old1", "Old One", single, s_opts[0]),
        ("old2", "Old Two", multi, m_opts[1]),
        ("old3", "Old Three", single, s_opts[2]),
    ):
        change = BallotChange(BallotChangeKind.SET, (choice,))
        await store.write(polls.cast_vote, CLUB, poll_id, member, name, change, NOW)
    await store.write(ratings.upsert_rating, CLUB, "old1", "Old One", ids[0], 7.0, "7", None)
    return ids, single, multi, expired


def _vote_calls(single: int, multi: int, expired: int) -> list[tuple[Any, ...]]:
    """Every kind of vote, with members voting twice in the same run."""
    set_ = BallotChangeKind.SET
    toggle = BallotChangeKind.TOGGLE
    withdraw = BallotChangeKind.WITHDRAW
    later = NOW + timedelta(minutes=10)  # past the expired poll's deadline
    return [
        ("new1", "New One", single, set_, 0, NOW),
        ("new2", "", single, set_, 1, NOW),
        ("old1", "Old One Renamed", single, set_, 1, NOW),
        ("old1", "", single, set_, 1, NOW),  # unchanged
        ("new1", "New One Again", single, set_, 2, NOW),  # changed in the same run
        ("old3", "Old Three", single, withdraw, None, NOW),
        ("new3", "New Three", single, withdraw, None, NOW),  # nothing to withdraw
        ("new4", "New Four", single, set_, 99, NOW),  # not an option
        ("new5", "New Five", multi, toggle, 0, NOW),
        ("new5", "New Five", multi, toggle, 3, NOW),
        ("new5", "New Five", multi, toggle, 0, NOW),  # toggled off again
        ("old2", "Old Two", multi, toggle, 1, NOW),  # toggles its only choice off
        ("new6", "New Six", multi, set_, 2, NOW),
        ("new6", "New Six", multi, withdraw, None, NOW),  # cast and withdrawn
        ("new7", "New Seven", expired, set_, 0, later),
        ("new8", "New Eight", 10_000, set_, 0, NOW),  # no such poll
    ]


async def _resolve(store: Store, calls: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    options: dict[int, list[int]] = {}
    resolved = []
    for member, name, poll_id, kind, index, now in calls:
        if poll_id not in options:
            loaded = await store.read(polls.load_poll, poll_id)
            options[poll_id] = [o.id for o in loaded.options] if loaded else [1]
        opts = options[poll_id]
        picked = () if index is None else ((opts[index] if index < len(opts) else 9_999),)
        resolved.append((CLUB, poll_id, member, name, BallotChange(kind, picked), now))
    return resolved


async def _state(store: Store) -> list[Any]:
    queries = (
        "SELECT external_id, name FROM members ORDER BY external_id",
        "SELECT p.id, m.external_id, b.choices, b.cast_at FROM ballots b"
        " JOIN members m ON m.id = b.member_id JOIN polls p ON p.id = b.poll_id"
        " ORDER BY p.id, m.external_id",
        "SELECT poll_id, n FROM poll_ballot_counts WHERE n > 0 ORDER BY poll_id",
        "SELECT m.external_id, r.film_id, r.score, r.raw, r.comment FROM ratings r"
        " JOIN members m ON m.id = r.member_id ORDER BY m.external_id, r.film_id",
        "SELECT film_id, bucket, n, total FROM rating_buckets WHERE n > 0 ORDER BY film_id, bucket",
        "SELECT film_id, score, n FROM rating_values WHERE n > 0 ORDER BY film_id, score",
    )
    return [[tuple(r) for r in await store.fetchall(q)] for q in queries]


def _rating_calls(ids: list[int]) -> list[tuple[Any, ...]]:
    return [
        (CLUB, "old1", "Old One", ids[0], 8.0, "8", None),  # replaces
        (CLUB, "new1", "New One", ids[0], 6.5, "6.5", "fine"),
        (CLUB, "new1", "", ids[0], 9.0, "9", None),  # replaces its own, same run
        (CLUB, "new2", "New Two", ids[1], 3.0, "3", None),
        (CLUB, "new2", "New Two Renamed", ids[2], 10.0, "10", "best"),
        ("console:other", "new1", "Elsewhere", ids[0], 5.0, "5", None),
    ]


@contextmanager
def _another(database: str) -> Iterator[str]:
    """A second empty database of the same kind as the test's."""
    if database.startswith("postgres"):
        with postgres_schema(POSTGRES_URL) as url:
            yield url
    else:
        yield database + "-second.db"


async def _run(database: str, how: str) -> tuple[list[VoteOutcome], list[bool], list[Any]]:
    store = await Store.open(database)
    try:
        ids, single, multi, expired = await _setup(store)
        votes = await _resolve(store, _vote_calls(single, multi, expired))
        rates = _rating_calls(ids)
        if how == "one by one":
            got_votes = [await store.write(polls.cast_vote, *c) for c in votes]
            got_rates = [await store.write(ratings.upsert_rating, *c) for c in rates]
        elif how == "group form":

            def both(conn: Any) -> tuple[list[VoteOutcome], list[bool]]:
                return polls.cast_votes(conn, votes), ratings.upsert_ratings(conn, rates)

            got_votes, got_rates = await store.write(both)
        else:  # queued together: the writer finds the runs and uses the group forms
            vote_jobs = [store.write(polls.cast_vote, *c) for c in votes]
            rate_jobs = [store.write(ratings.upsert_rating, *c) for c in rates]
            got_votes = list(await asyncio.gather(*vote_jobs))
            got_rates = list(await asyncio.gather(*rate_jobs))
        return got_votes, got_rates, await _state(store)
    finally:
        await store.close()


@pytest.mark.parametrize("how", ["group form", "queued together"])
async def test_a_run_of_calls_matches_the_calls_one_by_one(
    database: str, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    want_votes, want_rates, want_state = await _run(database, "one by one")
    runs: list[int] = []
    for single, many in list(db._GROUP_FORMS.items()):

        def counted(conn: Any, calls: list[tuple[Any, ...]], many: Any = many) -> list[Any]:
            runs.append(len(calls))
            return list(many(conn, calls))

        monkeypatch.setitem(db._GROUP_FORMS, single, counted)
    # The calls cover every answer a vote can get, and ratings new and replaced.
    assert {o.status for o in want_votes} == set(VoteStatus) - {
        VoteStatus.CANCELLED,
        VoteStatus.CLOSED,
    }
    assert want_rates == [True, False, True, False, False, False]
    with _another(database) as second:
        got_votes, got_rates, got_state = await _run(second, how)
    assert got_votes == want_votes
    assert got_rates == want_rates
    assert got_state == want_state
    if how == "queued together":
        assert sorted(runs) == [6, 16]  # each run of calls went through its group form


async def test_a_failing_call_in_a_run_fails_alone(database: str) -> None:
    store = await Store.open(database)
    try:
        ids, _, _, _ = await _setup(store)
        calls = [(CLUB, f"m{i}", f"M {i}", ids[i % 2], 7.0, "7", None) for i in range(40)]
        calls[17] = (CLUB, "m17", "M 17", 987_654, 7.0, "7", None)  # no such film
        answers = await asyncio.gather(
            *(store.write(ratings.upsert_rating, *c) for c in calls), return_exceptions=True
        )
        failed = [i for i, a in enumerate(answers) if isinstance(a, BaseException)]
        assert failed == [17]
        assert isinstance(answers[17], StorageError | Exception)
        rows = await store.fetchall(
            "SELECT m.external_id FROM ratings r JOIN members m ON m.id = r.member_id"
            " WHERE m.external_id LIKE 'm%' ORDER BY m.external_id"
        )
        assert sorted(str(r[0]) for r in rows) == sorted(f"m{i}" for i in range(40) if i != 17)
    finally:
        await store.close()


async def test_members_another_writer_added_are_found_and_renamed(database: str) -> None:
    """Members inserted by another writer since they were looked for keep their ids."""
    store = await Store.open(database)
    try:
        await _setup(store)

        def settle(conn: Any) -> dict[str, int]:
            club = clubs.ensure_club(conn, CLUB)
            # As if "old1" and "old2" had not been found: the insert meets their rows.
            wanted = {"old1": "Old One Again", "old2": "", "fresh": "Fresh"}
            return clubs.settle_members(conn, club, {}, wanted)

        rows = await store.fetchall("SELECT external_id, id FROM members")
        before = {str(r[0]): int(r[1]) for r in rows}
        ids = await store.write(settle)
        assert ids["old1"] == before["old1"] and ids["old2"] == before["old2"]
        assert "fresh" not in before and ids["fresh"] not in before.values()
        rows = await store.fetchall("SELECT external_id, name FROM members")
        names = {str(r[0]): str(r[1]) for r in rows}
        assert names["old1"] == "Old One Again"
        assert names["old2"] == "Old Two"
        assert names["fresh"] == "Fresh"
    finally:
        await store.close()


async def test_maintained_aggregates_follow_every_kind_of_change(database: str) -> None:
    """The rating buckets, score counts and ballot counts equal what the rows say after
    inserts, upserts, score changes, deletes and cascades, one at a time and in runs."""
    store = await Store.open(database)
    try:
        ids, single, _, _ = await _setup(store)
        one = [
            (CLUB, f"a{i}", "", ids[i % 3], (i % 21) / 2, str((i % 21) / 2), None)
            for i in range(60)
        ]
        await asyncio.gather(*(store.write(ratings.upsert_rating, *c) for c in one))
        again = [(CLUB, f"a{i}", "", ids[i % 3], (i % 7) + 0.5, "x", "c") for i in range(0, 60, 2)]
        await asyncio.gather(*(store.write(ratings.upsert_rating, *c) for c in again))
        for i in range(0, 60, 5):
            await store.write(ratings.delete_rating, CLUB, f"a{i}", ids[i % 3])

        def score_only(conn: Any) -> None:
            conn.execute("UPDATE ratings SET score = 10 - score WHERE film_id = ?", (ids[1],))
            conn.execute("UPDATE ratings SET comment = 'same score' WHERE film_id = ?", (ids[2],))

        await store.write(score_only)
        await store.write(lambda conn: conn.execute("DELETE FROM films WHERE id = ?", (ids[0],)))
        opts = [o.id for o in (await store.read(polls.load_poll, single)).options]  # type: ignore[union-attr]
        votes = [
            (CLUB, single, f"v{i}", "", BallotChange(BallotChangeKind.SET, (opts[i % 2],)), NOW)
            for i in range(30)
        ]
        await asyncio.gather(*(store.write(polls.cast_vote, *v) for v in votes))
        gone = BallotChange(BallotChangeKind.WITHDRAW, ())
        await asyncio.gather(
            *(store.write(polls.cast_vote, CLUB, single, f"v{i}", "", gone, NOW) for i in range(10))
        )
        buckets = await store.fetchall(
            "SELECT club_id, film_id, bucket, n, total FROM rating_buckets WHERE n <> 0"
            " ORDER BY club_id, film_id, bucket"
        )
        want_buckets = await store.fetchall(
            "SELECT club_id, film_id, CAST(score AS INTEGER) AS b, count(*), sum(score)"
            " FROM ratings GROUP BY club_id, film_id, b ORDER BY club_id, film_id, b"
        )
        assert [tuple(r[:4]) for r in buckets] == [tuple(r[:4]) for r in want_buckets]
        assert [round(float(r[4]), 6) for r in buckets] == [
            round(float(r[4]), 6) for r in want_buckets
        ]
        values = await store.fetchall(
            "SELECT club_id, film_id, score, n FROM rating_values WHERE n <> 0"
            " ORDER BY club_id, film_id, score"
        )
        want_values = await store.fetchall(
            "SELECT club_id, film_id, score, count(*) FROM ratings"
            " GROUP BY club_id, film_id, score ORDER BY club_id, film_id, score"
        )
        assert [tuple(r) for r in values] == [tuple(r) for r in want_values]
        counts = await store.fetchall(
            "SELECT poll_id, n FROM poll_ballot_counts WHERE n <> 0 ORDER BY poll_id"
        )
        want_counts = await store.fetchall(
            "SELECT poll_id, count(*) FROM ballots GROUP BY poll_id ORDER BY poll_id"
        )
        assert [tuple(r) for r in counts] == [tuple(r) for r in want_counts]
        assert len(want_values) > 10 and len(want_counts) == 2
    finally:
        await store.close()
