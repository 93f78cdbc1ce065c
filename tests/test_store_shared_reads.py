"""Shared reads: identical lookups queued for the same hop run once and share the
answer, never an answer older than the caller's own question."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from bot.errors import StorageError
from bot.store import Store, clubs, db

pytestmark = pytest.mark.both_backends

CLUB = "console:shared"
RUNS: list[tuple[str, Any]] = []
GATE = threading.Event()
STARTED = threading.Event()


def _query(conn: Any, club: str, name: str) -> tuple[str, ...]:
    rows = conn.execute(
        "SELECT m.name FROM members m JOIN clubs c ON c.id = m.club_id"
        " WHERE c.key = ? AND m.name = ?",
        (club, name),
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


@db.shared_read
def _members_named(conn: Any, club: str, name: str) -> tuple[str, ...]:
    RUNS.append(("named", name))
    return _query(conn, club, name)


def _members_named_plain(conn: Any, club: str, name: str) -> tuple[str, ...]:
    RUNS.append(("plain", name))
    return _query(conn, club, name)


@db.shared_read
def _failing(conn: Any, what: str) -> int:
    RUNS.append(("failing", what))
    raise ValueError(f"no {what}")


@db.shared_read
def _by_list(conn: Any, names: list[str]) -> int:
    RUNS.append(("list", tuple(names)))
    return len(names)


@db.shared_read
def _gated(conn: Any, club: str, name: str) -> tuple[str, ...]:
    """Waits for GATE on its first run, so that a second question arrives mid-hop."""
    first = not any(kind == "gated" for kind, _ in RUNS)
    RUNS.append(("gated", name))
    if first:
        STARTED.set()
        assert GATE.wait(10)
    return _query(conn, club, name)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    RUNS.clear()
    GATE.clear()
    STARTED.clear()


async def _add_member(store: Store, external_id: str, name: str) -> None:
    def add(conn: Any) -> None:
        clubs.ensure_member(conn, clubs.ensure_club(conn, CLUB), external_id, name)

    await store.write(add)


async def test_identical_reads_in_one_hop_run_once_and_share_the_answer(store: Store) -> None:
    await _add_member(store, "u1", "Ada")
    answers = await asyncio.gather(*(store.read(_members_named, CLUB, "Ada") for _ in range(20)))
    assert answers == [("Ada",)] * 20
    assert RUNS == [("named", "Ada")]


async def test_different_arguments_each_run(store: Store) -> None:
    await _add_member(store, "u1", "Ada")
    await _add_member(store, "u2", "Bo")
    answers = await asyncio.gather(
        store.read(_members_named, CLUB, "Ada"),
        store.read(_members_named, CLUB, "Bo"),
        store.read(_members_named, CLUB, "Ada"),
        store.read(_members_named, CLUB, "Cy"),
    )
    assert answers == [("Ada",), ("Bo",), ("Ada",), ()]
    assert sorted(RUNS) == [("named", "Ada"), ("named", "Bo"), ("named", "Cy")]


async def test_reads_not_declared_shared_run_for_every_caller(store: Store) -> None:
    await asyncio.gather(*(store.read(_members_named_plain, CLUB, "Ada") for _ in range(5)))
    assert RUNS == [("plain", "Ada")] * 5


async def test_a_failure_is_not_shared_each_caller_runs_and_is_told(store: Store) -> None:
    outcomes = await asyncio.gather(
        *(store.read(_failing, "film") for _ in range(3)), return_exceptions=True
    )
    assert all(isinstance(o, StorageError | ValueError) for o in outcomes)
    assert RUNS == [("failing", "film")] * 3


async def test_unhashable_arguments_run_for_every_caller(store: Store) -> None:
    answers = await asyncio.gather(*(store.read(_by_list, ["a", "b"]) for _ in range(4)))
    assert answers == [2] * 4
    assert len(RUNS) == 4


async def test_a_question_asked_after_a_save_sees_it_even_while_an_older_one_runs(
    store: Store,
) -> None:
    """The first read is held mid-hop; a member is saved and the same read asked again:
    the second question goes in the next hop and sees the new member."""
    first = asyncio.ensure_future(store.read(_gated, CLUB, "Ada"))
    assert await asyncio.to_thread(STARTED.wait, 10)
    await _add_member(store, "u1", "Ada")
    second = asyncio.ensure_future(store.read(_gated, CLUB, "Ada"))
    await asyncio.sleep(0.05)
    assert not second.done()
    GATE.set()
    assert await second == ("Ada",)
    await first  # asked before the save: either answer is right for it
    assert [kind for kind, _ in RUNS] == ["gated", "gated"]


async def test_postgres_plans_statements_with_arrays_with_their_values(
    store: Store, backend: str
) -> None:
    """A statement given an array is never prepared (a generic plan cannot see which
    rows the array picks); a plain one is, once it has run a few times."""
    if backend != "postgres":
        pytest.skip("PostgreSQL's prepared statements")
    await _add_member(store, "u1", "Ada")

    def run(conn: Any) -> list[str]:
        for _ in range(8):
            conn.execute("SELECT id FROM members WHERE external_id = ANY(?::text[])", (["u1"],))
            conn.execute("SELECT id FROM members WHERE external_id = ?", ("u1",))
        rows = conn.execute("SELECT statement FROM pg_prepared_statements").fetchall()
        return [str(r[0]) for r in rows if "FROM members WHERE external_id" in str(r[0])]

    prepared = await store.write(run)
    assert any("external_id = $1" in text for text in prepared)
    assert not any("ANY(" in text for text in prepared)


async def test_each_read_keeps_its_own_lookups(store: Store) -> None:
    """A read looking a club up twice asks the database once; the next read starts afresh."""
    await _add_member(store, "u1", "Ada")

    def looks_up(conn: Any, club: str) -> tuple[bool, int | None, int | None]:
        fresh = ("club", club) not in db.batch_memo()
        first = clubs.club_id(conn, club)
        return fresh, first, db.batch_memo().get(("club", club))

    for _ in range(2):
        fresh, found, kept = await store.read(looks_up, CLUB)
        assert fresh and found is not None and kept == found
