"""How writes commit: a write alone in its transaction is undone whole when it fails,
and bookkeeping writes alone may skip PostgreSQL's wait for the disk flush."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.store import Store, clubs, db

pytestmark = pytest.mark.both_backends

CLUB = "console:commits"


def _add_member_then_fail(conn: Any, external_id: str) -> None:
    club = clubs.ensure_club(conn, CLUB)
    conn.execute(
        "INSERT INTO members(club_id, external_id, name) VALUES (?, ?, ?)",
        (club, external_id, external_id),
    )
    raise ValueError("changed my mind")


def _add_member(conn: Any, external_id: str) -> str:
    clubs.ensure_member(conn, clubs.ensure_club(conn, CLUB), external_id, external_id)
    return _commit_setting(conn)


def _commit_setting(conn: Any) -> str:
    if db.dialect_of(conn).name != "postgres":
        return "sqlite"
    return str(conn.execute("SHOW synchronous_commit").fetchone()[0])


@db.bookkeeping
def _bookkeeping(conn: Any) -> str:
    clubs.ensure_club(conn, CLUB)
    return _commit_setting(conn)


async def _members(store: Store) -> list[str]:
    rows = await store.fetchall(
        "SELECT m.external_id FROM members m JOIN clubs c ON c.id = m.club_id"
        " WHERE c.key = ? ORDER BY m.external_id",
        (CLUB,),
    )
    return [str(r[0]) for r in rows]


async def test_a_failing_write_alone_leaves_nothing_and_the_next_one_commits(
    store: Store,
) -> None:
    with pytest.raises(ValueError, match="changed my mind"):
        await store.write(_add_member_then_fail, "ghost")
    assert await _members(store) == []
    await store.write(_add_member, "ada")
    assert await _members(store) == ["ada"]


async def test_a_failing_write_among_others_fails_alone(store: Store) -> None:
    results = await asyncio.gather(
        store.write(_add_member, "ada"),
        store.write(_add_member_then_fail, "ghost"),
        store.write(_add_member, "bo"),
        return_exceptions=True,
    )
    assert isinstance(results[1], ValueError)
    assert not isinstance(results[0], BaseException)
    assert not isinstance(results[2], BaseException)
    assert await _members(store) == ["ada", "bo"]


async def test_bookkeeping_alone_skips_the_flush_wait_on_postgres(
    store: Store, backend: str
) -> None:
    alone = await store.write(_bookkeeping)
    ordinary = await store.write(_add_member, "ada")
    if backend == "postgres":
        assert (alone, ordinary) == ("off", "on")
    else:
        assert (alone, ordinary) == ("sqlite", "sqlite")


async def test_bookkeeping_beside_a_member_write_waits_for_the_flush(
    store: Store, backend: str
) -> None:
    together = await asyncio.gather(
        store.write(_bookkeeping), store.write(_add_member, "ada"), store.write(_bookkeeping)
    )
    expected = "on" if backend == "postgres" else "sqlite"
    assert list(together) == [expected] * 3
    assert await _members(store) == ["ada"]


# -- clubs' ids, looked up once per store ----------------------------------------------------------


def _make_club_then_fail(conn: Any, key: str) -> None:
    clubs.ensure_club(conn, key)
    raise ValueError("not now")


def _make_club(conn: Any, key: str) -> int:
    return clubs.ensure_club(conn, key)


def _rekey_behind_the_store(conn: Any, key: str, new_key: str) -> None:
    conn.execute("UPDATE clubs SET key = ? WHERE key = ?", (new_key, key))


async def test_a_club_made_by_a_write_that_failed_is_not_remembered(store: Store) -> None:
    with pytest.raises(ValueError, match="not now"):
        await store.write(_make_club_then_fail, "console:gone")
    assert await store.read(clubs.club_id, "console:gone") is None
    made = await store.write(_make_club, "console:gone")
    assert await store.read(clubs.club_id, "console:gone") == made


async def test_a_club_id_once_committed_is_not_looked_up_again(store: Store) -> None:
    made = await store.write(_make_club, "console:kept")
    # Clubs are never renumbered or removed; were one changed behind the store's
    # back, the store would go on with the id it has seen committed.
    await store.write(_rekey_behind_the_store, "console:kept", "console:moved")
    assert await store.read(clubs.club_id, "console:kept") == made
    assert await store.read(clubs.club_id, "console:moved") == made


async def test_two_stores_keep_their_own_clubs(database: str, tmp_path: Any) -> None:
    first = await Store.open(database)
    second = await Store.open(str(tmp_path / "second.db"))
    try:
        await first.write(_make_club, "console:a")
        a_first = await first.write(_make_club, "console:b")
        b_second = await second.write(_make_club, "console:b")
        assert a_first != b_second
        assert await first.read(clubs.club_id, "console:b") == a_first
        assert await second.read(clubs.club_id, "console:b") == b_second
    finally:
        await first.close()
        await second.close()
