"""The SQLite connection pair: one reader, one group-committing writer.

Store functions are plain synchronous functions over a ``sqlite3.Connection``;
:meth:`Store.read` and :meth:`Store.write` run them on aiosqlite's
connection threads in a single hop; reads queued while a hop is under way share
the next one. Writes from many coroutines are queued to
one writer task that runs everything queued in one transaction, each write in
its own savepoint, and commits as soon as the queue is empty. A caller is
answered only after the commit that holds its write; a write that fails rolls
back to its savepoint and fails only its own caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.errors import StoreClosedError, StoreOpenError
from bot.store.faults import as_storage_error, storage_cause
from bot.store.schema import migrate

log = logging.getLogger(__name__)

T = TypeVar("T")
SyncFn = Callable[..., Any]


@dataclass
class _Job:
    fn: SyncFn
    args: tuple[Any, ...]
    future: asyncio.Future[Any]


_batch = threading.local()


def batch_memo() -> dict[object, Any]:
    """A cache for the write transaction under way on this thread.

    Store functions may keep what they read here (a poll being voted on by a
    thousand members) and must drop entries for rows they change other than
    through the cache. It is emptied when a transaction starts, when a write is
    rolled back, and when the transaction ends; outside a write transaction a
    fresh, unused dict is returned.
    """
    memo: dict[object, Any] | None = getattr(_batch, "memo", None)
    return {} if memo is None else memo


def _configure(conn: sqlite3.Connection, synchronous: str) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _run_batch(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run every job in one transaction.

    Jobs first run back to back. If one of them fails, that attempt is rolled back
    whole and the batch runs again with each job in its own savepoint, so a failed
    write is undone alone and fails only its own caller; a job may therefore run
    twice, and only its second run counts.
    """
    if len(jobs) > 1:
        outcomes: list[tuple[bool, Any]] = []
        conn.execute("BEGIN IMMEDIATE")
        _batch.memo = {}
        try:
            for job in jobs:
                outcomes.append((True, job.fn(conn, *job.args)))
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _interrupted(exc):
                raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return outcomes
        finally:
            _batch.memo = None
    return _run_isolated(conn, jobs)


def _interrupted(exc: BaseException) -> bool:
    """True for a statement stopped by ``interrupt()``: the store is closing, run nothing again."""
    return (
        isinstance(exc, sqlite3.OperationalError)
        and exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
    )


def _run_isolated(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run every job in one transaction; each job is isolated by a savepoint."""
    outcomes: list[tuple[bool, Any]] = []
    conn.execute("BEGIN IMMEDIATE")
    _batch.memo = {}
    try:
        for job in jobs:
            conn.execute("SAVEPOINT job")
            try:
                result = job.fn(conn, *job.args)
            except BaseException as exc:
                if not conn.in_transaction:
                    # SQLite rolled the whole transaction back (disk full, I/O
                    # error): the batch fails, every job with this cause.
                    raise
                conn.execute("ROLLBACK TO job")
                conn.execute("RELEASE job")
                _batch.memo = {}
                outcomes.append((False, exc))
            else:
                conn.execute("RELEASE job")
                outcomes.append((True, result))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        _batch.memo = None
    return outcomes


def _run_reads(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run queued reads one after another; each one's failure is its own."""
    outcomes: list[tuple[bool, Any]] = []
    for job in jobs:
        try:
            outcomes.append((True, job.fn(conn, *job.args)))
        except Exception as exc:
            outcomes.append((False, exc))
    return outcomes


def _settle(jobs: list[_Job], outcomes: list[tuple[bool, Any]], action: str) -> None:
    for job, (ok, value) in zip(jobs, outcomes, strict=True):
        if job.future.done():
            continue
        if ok:
            job.future.set_result(value)
        else:
            job.future.set_exception(as_storage_error(value, action))


async def _on_thread(conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any) -> T:
    """Run ``fn(sqlite3_connection, *args)`` on the aiosqlite connection's own thread."""
    result: T = await conn._execute(fn, conn._conn, *args)  # type: ignore[no-untyped-call]
    return result


BatchRunner = Callable[[sqlite3.Connection, list[_Job]], list[tuple[bool, Any]]]


class _Lane:
    """Jobs queued for one connection, run a batch per thread hop by ``runner``.

    While a hop is under way new jobs queue up; they all go in the next hop.
    A storage fault (disk full, read-only, I/O error...) reaches each caller as a
    :class:`StorageError` saying what could not be done (``action``).
    """

    def __init__(
        self, name: str, conn: aiosqlite.Connection, runner: BatchRunner, action: str
    ) -> None:
        self.name = name
        self.conn = conn
        self.runner = runner
        self.action = action
        self._queue: list[_Job] = []
        self._wake = asyncio.Event()
        self._closing = False
        self._task = asyncio.get_running_loop().create_task(self._loop(), name=f"db-{name}")

    @property
    def open(self) -> bool:
        return not self._closing and not self._task.done()

    async def submit(self, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        if not self.open:
            raise StoreClosedError(self.action)
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append(_Job(fn, args, future))
        self._wake.set()
        return await future

    async def close(self, grace: float | None = None) -> None:
        """Refuse new jobs, run every queued one, then stop.

        After ``grace`` seconds the jobs still queued are failed with
        :class:`StoreClosedError` and the statement under way is interrupted, so
        every caller is told and closing always ends.
        """
        self._closing = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            queued, self._queue = self._queue, []
            log.warning(
                "%s: %d queued job(s) refused after %.1fs of closing", self.name, len(queued), grace
            )
            for job in queued:
                if not job.future.done():
                    job.future.set_exception(StoreClosedError(self.action))
            raw = self.conn._connection
            if raw is not None:
                raw.interrupt()
            await self._task

    async def _loop(self) -> None:
        while True:
            if not self._queue:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            jobs, self._queue = self._queue, []
            try:
                outcomes = await _on_thread(self.conn, self.runner, jobs)
            except BaseException as exc:
                error = as_storage_error(exc, self.action)
                if error is exc and not isinstance(exc, asyncio.CancelledError):
                    log.exception("%s batch of %d failed", self.name, len(jobs))
                for job in jobs:
                    if not job.future.done():
                        job.future.set_exception(error)
                if isinstance(exc, asyncio.CancelledError):
                    for job in self._queue:
                        if not job.future.done():
                            job.future.set_exception(StoreClosedError(self.action))
                    self._queue = []
                    raise
                continue
            _settle(jobs, outcomes, self.action)


class Store:
    """The database shared by every adapter in a process. Use :meth:`open`, then :meth:`close`.

    A file that cannot be opened raises :class:`StoreOpenError` naming it and the
    reason, with nothing left running.
    """

    def __init__(self, path: str, synchronous: str = "NORMAL") -> None:
        self.path = path
        self.synchronous = synchronous
        self._reader: aiosqlite.Connection | None = None
        self._writer: aiosqlite.Connection | None = None
        self._reads: _Lane | None = None
        self._writes: _Lane | None = None

    @classmethod
    async def open(cls, path: str, synchronous: str = "NORMAL") -> Store:
        store = cls(path, synchronous)
        try:
            await store._open()
        except BaseException as exc:
            await store._abandon()
            cause = storage_cause(exc)
            if cause is None or isinstance(exc, asyncio.CancelledError):
                raise
            raise StoreOpenError(path, cause) from exc
        return store

    async def _open(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._writer = await aiosqlite.connect(self.path, isolation_level=None)
        await _on_thread(self._writer, _configure, self.synchronous)
        await _on_thread(self._writer, migrate)
        self._reader = await aiosqlite.connect(self.path, isolation_level=None)
        await _on_thread(self._reader, _configure, self.synchronous)
        self._writes = _Lane("writer", self._writer, _run_batch, "save")
        self._reads = _Lane("reader", self._reader, _run_reads, "read the database")

    async def _abandon(self) -> None:
        """Close whatever a failed open left behind, so no connection thread outlives it."""
        for conn in (self._reader, self._writer):
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()
        self._reader = self._writer = None

    async def close(self, grace: float | None = None) -> None:
        """Finish the queued writes and reads, then close the connections.

        With ``grace``, jobs still queued after that many seconds are refused
        (each caller gets :class:`StoreClosedError`) rather than waited for.
        """
        for lane in (self._writes, self._reads):
            if lane is not None:
                await lane.close(grace)
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(conn, *args)`` on the reader connection.

        Reads that arrive while a hop is under way go together in the next hop,
        each still run after it was asked for, so a burst of readers costs a few
        thread hops rather than one each.
        """
        if self._reads is None:
            raise StoreClosedError("read the database")
        return await self._reads.submit(fn, args)

    async def fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        if self._reader is None:
            raise StoreClosedError("read the database")
        return list(await self._reader.execute_fetchall(sql, params))

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(conn, *args)`` inside a committed transaction; return its result.

        Returns only after the commit. If ``fn`` raises, its changes are rolled
        back and the exception is raised here; other writes are unaffected.
        """
        if self._writes is None:
            raise StoreClosedError("save")
        return await self._writes.submit(fn, args)
