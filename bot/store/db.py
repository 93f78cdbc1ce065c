"""The connection pair: one reader, one group-committing writer.

Store functions are plain synchronous functions over a ``sqlite3.Connection``;
:meth:`Store.read` and :meth:`Store.write` run them on aiosqlite's
connection threads in a single hop; reads queued while a hop is under way share
the next one. Writes from many coroutines are queued to
one writer task that runs everything queued in one transaction, each write in
its own savepoint, and commits as soon as the queue is empty. A caller is
answered only after the commit that holds its write; a write that fails rolls
back to its savepoint and fails only its own caller.

A store function that many members call at once (a vote, a rating) may have a
group form (:func:`group_form`): a run of queued calls to it is then done by
one call of the group form, a few statements for the whole run rather than a
few per call, with the results each call would have had one after another. If
the group form fails, the batch runs again call by call, each in its savepoint.

The database is SQLite (through aiosqlite's connection threads) or PostgreSQL
(psycopg 3 connections, each on a thread of its own, see :mod:`bot.store.pg`);
the store functions and the batch runners are the same for both. On PostgreSQL
several processes may write at once: a batch that meets a deadlock or a
serialization failure is rolled back whole and run again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.errors import StoreClosedError, StoreOpenError
from bot.store.dialect import Database, dialect_of, is_transient, parse_database
from bot.store.faults import as_storage_error, storage_cause
from bot.store.schema import migrate

log = logging.getLogger(__name__)

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])
SyncFn = Callable[..., Any]


@dataclass
class _Job:
    fn: SyncFn
    args: tuple[Any, ...]
    future: asyncio.Future[Any]


_batch = threading.local()

GroupForm = Callable[[Any, list[tuple[Any, ...]]], list[Any]]
_GROUP_FORMS: dict[Callable[..., Any], GroupForm] = {}
GROUP_LIMIT = 500  # calls per group form call: parameter lists stay well within both databases'


def group_form(single: Callable[..., Any]) -> Callable[[GroupForm], GroupForm]:
    """Declare the decorated ``many(conn, calls)`` the group form of ``single``.

    ``many`` gets the arguments of consecutive queued calls of ``single`` (each a
    tuple, without the connection) and returns one result per call, each what
    ``single`` would have returned had the calls run one after another in that
    order, leaving the database as they would have. If a call would fail,
    ``many`` may simply raise: the batch is then run again call by call.
    """

    def register(many: GroupForm) -> GroupForm:
        _GROUP_FORMS[single] = many
        return many

    return register


_SHARED_READS: set[Callable[..., Any]] = set()


def shared_read(fn: F) -> F:
    """Declare ``fn`` a read whose result its callers only look at, never change.

    Identical calls (the same arguments, all hashable) queued for the same hop then
    run once and share the answer. That answer is as fresh as each caller's own
    would have been: every one of them was asked before the hop began.
    """
    _SHARED_READS.add(fn)
    return fn


_BOOKKEEPING: set[Callable[..., Any]] = set()


def bookkeeping(fn: F) -> F:
    """Declare ``fn`` a write of the bot's own bookkeeping (which quote a channel
    sees next), not of anything a member did or was told is saved.

    On PostgreSQL a transaction of such writes alone commits without waiting for
    the server to flush it to disk: a crash of the database server may undo its
    last fraction of a second of them (a passage may then come round again), never
    a rating, vote or review. On SQLite nothing changes.
    """
    _BOOKKEEPING.add(fn)
    return fn


def _begin(conn: Any, jobs: list[_Job]) -> str:
    dialect = dialect_of(conn)
    if all(job.fn in _BOOKKEEPING for job in jobs):
        return dialect.begin_bookkeeping
    return dialect.begin


def insert_rows(
    conn: Any, head: str, rows: list[tuple[Any, ...]], sqltypes: tuple[str, ...], tail: str = ""
) -> list[Any]:
    """``head <rows> tail`` for every row, many rows per statement (``VALUES`` lists on
    SQLite, arrays on PostgreSQL, whose types ``sqltypes`` gives): one statement runs
    once on the server however many rows it holds, where ``executemany`` runs it once
    per row. Rows must not repeat a conflict key. Returns what a ``RETURNING`` at the
    end of ``tail`` gave."""
    dialect = dialect_of(conn)
    step = dialect.rows_chunk
    returned: list[Any] = []
    for start in range(0, len(rows), step):
        source, params = dialect.rows_of(rows[start : start + step], sqltypes)
        returned.extend(conn.execute(f"{head} {source} {tail}".rstrip(), params).fetchall())
    return returned


def rows_matching(
    conn: Any, sql: str, column: str, values: list[Any], sqltype: str, params: tuple[Any, ...] = ()
) -> list[Any]:
    """The rows of ``sql`` (ending in ``WHERE ...`` or ``AND``, then ``{match}``) where
    ``column`` is one of ``values``, a chunk of values per statement; ``params`` come
    before the values'."""
    dialect = dialect_of(conn)
    found: list[Any] = []
    wanted = list(dict.fromkeys(values))
    for start in range(0, len(wanted), dialect.list_chunk):
        condition, extra = dialect.any_of(
            column, wanted[start : start + dialect.list_chunk], sqltype
        )
        found.extend(conn.execute(sql.format(match=condition), (*params, *extra)).fetchall())
    return found


def _run_in_groups(conn: Any, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Every job back to back, runs of one function with a group form together."""
    outcomes: list[tuple[bool, Any]] = []
    i, n = 0, len(jobs)
    while i < n:
        fn = jobs[i].fn
        many = _GROUP_FORMS.get(fn)
        j = i + 1
        if many is not None:
            while j < n and j - i < GROUP_LIMIT and jobs[j].fn is fn:
                j += 1
        if j - i == 1:
            outcomes.append((True, fn(conn, *jobs[i].args)))
        else:
            assert many is not None
            results = many(conn, [job.args for job in jobs[i:j]])
            if len(results) != j - i:
                raise AssertionError(f"{many.__name__} answered {len(results)} of {j - i} calls")
            outcomes.extend((True, result) for result in results)
        i = j
    return outcomes


def batch_memo() -> dict[object, Any]:
    """A cache for the write transaction, or the read, under way on this thread.

    Store functions may keep what they read here (a poll being voted on by a
    thousand members, a club's id) and must drop entries for rows they change other
    than through the cache. It is emptied when a transaction starts, when a write is
    rolled back, and when the transaction ends, and each read gets its own; outside
    those a fresh, unused dict is returned.
    """
    memo: dict[object, Any] | None = getattr(_batch, "memo", None)
    return {} if memo is None else memo


def lasting(key: object) -> Any:
    """What :func:`keep_lasting` kept under ``key`` on this store, or None."""
    known: dict[object, Any] | None = getattr(_batch, "lasting", None)
    return None if known is None else known.get(key)


def keep_lasting(conn: sqlite3.Connection, key: object, value: Any) -> None:
    """Keep for the store's life a value that never changes once committed (a club's id).

    Read outside a transaction it is kept at once; read in one (where it may be the
    transaction's own new row), only once that transaction has committed.
    """
    known: dict[object, Any] | None = getattr(_batch, "lasting", None)
    if known is None:
        return
    if not conn.in_transaction:
        known[key] = value
        return
    pending: dict[object, Any] | None = getattr(_batch, "pending", None)
    if pending is not None:
        pending[key] = value


def _keeping(lasting: dict[object, Any], runner: BatchRunner) -> BatchRunner:
    """``runner`` with the store's lasting values at hand on its connection's thread."""

    def run(conn: Any, jobs: list[_Job]) -> list[tuple[bool, Any]]:
        _batch.lasting = lasting
        try:
            return runner(conn, jobs)
        finally:
            _batch.lasting = _batch.pending = None

    return run


def _started(conn: sqlite3.Connection, jobs: list[_Job]) -> None:
    conn.execute(_begin(conn, jobs))
    _batch.memo, _batch.pending = {}, {}


def _committed(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")
    known: dict[object, Any] | None = getattr(_batch, "lasting", None)
    pending: dict[object, Any] | None = getattr(_batch, "pending", None)
    if known is not None and pending:
        known.update(pending)


def _configure(conn: sqlite3.Connection, synchronous: str) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _run_batch(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run every job in one transaction.

    Jobs first run back to back (runs of calls to a function with a group form
    together). If one of them fails, that attempt is rolled back whole and the
    batch runs again with each job in its own savepoint, so a failed write is
    undone alone and fails only its own caller; a job may therefore run twice,
    and only its second run counts.
    """
    if len(jobs) > 1:
        _started(conn, jobs)
        try:
            outcomes = _run_in_groups(conn, jobs)
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if _interrupted(exc) or is_transient(exc):
                raise
        else:
            try:
                _committed(conn)
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return outcomes
        finally:
            _batch.memo = _batch.pending = None
    return _run_isolated(conn, jobs)


def _interrupted(exc: BaseException) -> bool:
    """True for a statement stopped by ``interrupt()``: the store is closing, run nothing again."""
    return (
        isinstance(exc, sqlite3.OperationalError)
        and exc.sqlite_errorcode == sqlite3.SQLITE_INTERRUPT
    )


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection, jobs: list[_Job]) -> Iterator[None]:
    """A transaction for ``jobs`` with its memo: committed if still open at the end,
    rolled back if anything escapes."""
    _started(conn, jobs)
    try:
        yield
        if conn.in_transaction:
            _committed(conn)
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        _batch.memo = _batch.pending = None


def _run_isolated(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run every job in one transaction; each job is isolated by a savepoint."""
    if len(jobs) == 1:
        return [_run_alone(conn, jobs[0])]
    outcomes: list[tuple[bool, Any]] = []
    with _transaction(conn, jobs):
        for job in jobs:
            conn.execute("SAVEPOINT job")
            try:
                result = job.fn(conn, *job.args)
            except BaseException as exc:
                if is_transient(exc):
                    raise  # a deadlock: the whole batch runs again
                if not conn.in_transaction:
                    # SQLite rolled the whole transaction back (disk full, I/O
                    # error): the batch fails, every job with this cause.
                    raise
                conn.execute("ROLLBACK TO job")
                conn.execute("RELEASE job")
                _batch.memo, _batch.pending = {}, {}
                outcomes.append((False, exc))
            else:
                conn.execute("RELEASE job")
                outcomes.append((True, result))
    return outcomes


def _run_alone(conn: sqlite3.Connection, job: _Job) -> tuple[bool, Any]:
    """One job in its own transaction: a failure rolls it all back, with no savepoint
    (on PostgreSQL each savepoint and its release is a round trip to the server)."""
    with _transaction(conn, [job]):
        try:
            result = job.fn(conn, *job.args)
        except BaseException as exc:
            if is_transient(exc) or not conn.in_transaction:
                raise  # a deadlock runs again; a transaction SQLite undid fails as a batch
            conn.execute("ROLLBACK")
            return False, exc
    return True, result


RETRIES = 8
# Jobs per PostgreSQL transaction. A row changed many times in one transaction (a
# poll's ballot count, a film's rating buckets) leaves a version per change that
# each later change walks past, so very long transactions slow down quadratically.
PG_BATCH_LIMIT = 500


def _run_batch_retrying(conn: Any, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """:func:`_run_batch`, run again whole after a deadlock or serialization failure."""
    for attempt in range(RETRIES):
        try:
            return _run_batch(conn, jobs)
        except BaseException as exc:
            if not is_transient(exc) or attempt == RETRIES - 1:
                raise
            log.info("writer batch of %d met %s; running it again", len(jobs), exc)
            time.sleep(0.002 * (attempt + 1))
    raise AssertionError("unreachable")


def _run_reads(conn: sqlite3.Connection, jobs: list[_Job]) -> list[tuple[bool, Any]]:
    """Run queued reads one after another; each one's failure is its own.

    A :func:`shared_read` asked again in the same hop with the same arguments is
    answered from its first run (a failure is not shared: the next one runs again)."""
    outcomes: list[tuple[bool, Any]] = []
    answered: dict[tuple[Any, ...], Any] = {}
    for job in jobs:
        key = _share_key(job)
        if key is not None and key in answered:
            outcomes.append((True, answered[key]))
            continue
        # Each read keeps what it looked up more than once (a club's id) for itself.
        _batch.memo = {}
        try:
            value = job.fn(conn, *job.args)
        except Exception as exc:
            outcomes.append((False, exc))
            continue
        finally:
            _batch.memo = None
        outcomes.append((True, value))
        if key is not None:
            answered[key] = value
    return outcomes


def _share_key(job: _Job) -> tuple[Any, ...] | None:
    if job.fn not in _SHARED_READS:
        return None
    key = (job.fn, job.args)
    try:
        hash(key)
    except TypeError:
        return None
    return key


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


BatchRunner = Callable[[Any, list[_Job]], list[tuple[bool, Any]]]
OnThread = Callable[[BatchRunner, list[_Job]], Awaitable[list[tuple[bool, Any]]]]


class _PgThread:
    """A psycopg connection and the one thread that uses it."""

    def __init__(self, name: str) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pg-{name}")
        self.conn: Any = None

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: fn(self.conn, *args))

    async def connect(self, url: str) -> None:
        from bot.store.pg import PgConnection

        def connect(_: Any) -> None:
            self.conn = PgConnection.connect(url)

        await self.call(connect)

    def interrupt(self) -> None:
        """Cancel the statement under way (from any thread)."""
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.raw.cancel_safe()

    async def close(self) -> None:
        def close(conn: Any) -> None:
            if conn is not None:
                conn.close()

        try:
            await self.call(close)
        finally:
            self._executor.shutdown(wait=True)


class _Lane:
    """Jobs queued for one connection, run a batch per thread hop by ``runner``.

    While a hop is under way new jobs queue up; they all go in the next hop.
    A storage fault (disk full, read-only, I/O error...) reaches each caller as a
    :class:`StorageError` saying what could not be done (``action``).
    """

    def __init__(
        self,
        name: str,
        on_thread: OnThread,
        runner: BatchRunner,
        action: str,
        interrupt: Callable[[], None],
        limit: int = 0,
    ) -> None:
        self.name = name
        self.limit = limit
        self.on_thread = on_thread
        self.interrupt = interrupt
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
            self.interrupt()
            await self._task

    async def _loop(self) -> None:
        while True:
            if not self._queue:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            if self.limit and len(self._queue) > self.limit:
                jobs, self._queue = self._queue[: self.limit], self._queue[self.limit :]
            else:
                jobs, self._queue = self._queue, []
            try:
                outcomes = await self.on_thread(self.runner, jobs)
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


def _interrupter(conn: aiosqlite.Connection) -> Callable[[], None]:
    def interrupt() -> None:
        raw = conn._connection
        if raw is not None:
            raw.interrupt()

    return interrupt


def _without_password(url: str) -> str:
    """A database URL fit for a message: any password replaced by ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class Store:
    """The database shared by every adapter in a process. Use :meth:`open`, then :meth:`close`.

    ``target`` is a SQLite file path, ``sqlite:///PATH``, or ``postgresql://...``.
    A database that cannot be opened raises :class:`StoreOpenError` naming it and
    the reason, with nothing left running.
    """

    def __init__(self, target: str, synchronous: str = "NORMAL") -> None:
        self.database: Database = parse_database(target)
        self.path = self.database.location
        self.synchronous = synchronous
        self._reader: aiosqlite.Connection | None = None
        self._writer: aiosqlite.Connection | None = None
        self._pg: list[_PgThread] = []
        self._reads: _Lane | None = None
        self._writes: _Lane | None = None
        self._read_call: Callable[..., Awaitable[Any]] | None = None
        # Values that never change once committed (clubs' ids), for both connections.
        self._lasting: dict[object, Any] = {}

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgres``."""
        return self.database.backend

    @classmethod
    async def open(cls, target: str, synchronous: str = "NORMAL") -> Store:
        store = cls(target, synchronous)
        try:
            await store._open()
        except BaseException as exc:
            await store._abandon()
            if isinstance(exc, asyncio.CancelledError):
                raise
            cause = storage_cause(exc)
            if cause is None and store.database.is_postgres:
                cause = _postgres_cause(exc)
            if cause is None:
                raise
            where = store.path
            if store.database.is_postgres:
                where = _without_password(where)
            raise StoreOpenError(where, cause) from exc
        return store

    async def _open(self) -> None:
        if self.database.is_postgres:
            await self._open_postgres()
            return
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._writer = await aiosqlite.connect(self.path, isolation_level=None)
        await _on_thread(self._writer, _configure, self.synchronous)
        await _on_thread(self._writer, migrate)
        self._reader = await aiosqlite.connect(self.path, isolation_level=None)
        await _on_thread(self._reader, _configure, self.synchronous)
        read_call = partial(_on_thread, self._reader)
        self._read_call = read_call
        self._writes = _Lane(
            "writer",
            partial(_on_thread, self._writer),
            _keeping(self._lasting, _run_batch),
            "save",
            _interrupter(self._writer),
        )
        self._reads = _Lane(
            "reader",
            read_call,
            _keeping(self._lasting, _run_reads),
            "read the database",
            _interrupter(self._reader),
        )

    async def _open_postgres(self) -> None:
        from bot.store.pg_schema import migrate as migrate_postgres

        writer, reader = _PgThread("writer"), _PgThread("reader")
        self._pg = [writer, reader]
        await writer.connect(self.database.location)
        await writer.call(migrate_postgres)
        await reader.connect(self.database.location)
        await reader.call(lambda conn: conn.refresh_catalog())
        # The server's own synchronous_commit (on unless its admin chose otherwise):
        # turned off, a crash of the database server alone would lose acknowledged
        # writes, which SQLite at NORMAL never does for a crash of a process.
        self._read_call = reader.call
        self._writes = _Lane(
            "writer",
            writer.call,
            _keeping(self._lasting, _run_batch_retrying),
            "save",
            writer.interrupt,
            limit=PG_BATCH_LIMIT,
        )
        self._reads = _Lane(
            "reader",
            reader.call,
            _keeping(self._lasting, _run_reads),
            "read the database",
            reader.interrupt,
        )

    async def _abandon(self) -> None:
        """Close whatever a failed open left behind, so no connection thread outlives it."""
        for conn in (self._reader, self._writer):
            if conn is not None:
                with contextlib.suppress(Exception):
                    await conn.close()
        self._reader = self._writer = None
        for thread in self._pg:
            with contextlib.suppress(Exception):
                await thread.close()
        self._pg = []

    async def close(self, grace: float | None = None) -> None:
        """Finish the queued writes and reads, then close the connections.

        With ``grace``, jobs still queued after that many seconds are refused
        (each caller gets :class:`StoreClosedError`) rather than waited for.
        """
        for lane in (self._writes, self._reads):
            if lane is not None:
                await lane.close(grace)
        self._writes = self._reads = None
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None
        for thread in self._pg:
            await thread.close()
        self._pg = []
        self._read_call = None

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(conn, *args)`` on the reader connection.

        Reads that arrive while a hop is under way go together in the next hop,
        each still run after it was asked for, so a burst of readers costs a few
        thread hops rather than one each.
        """
        if self._reads is None:
            raise StoreClosedError("read the database")
        return await self._reads.submit(fn, args)

    async def fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        """Rows of one statement on the reader connection (tests, benchmarks, tools)."""
        if self._reader is not None:
            return list(await self._reader.execute_fetchall(sql, params))
        if self._read_call is None:
            raise StoreClosedError("read the database")
        rows: list[Any] = await self._read_call(lambda conn: conn.execute(sql, params).fetchall())
        return rows

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(conn, *args)`` inside a committed transaction; return its result.

        Returns only after the commit. If ``fn`` raises, its changes are rolled
        back and the exception is raised here; other writes are unaffected.
        On PostgreSQL ``fn`` may run more than once (after a deadlock); only the
        run that commits counts.
        """
        if self._writes is None:
            raise StoreClosedError("save")
        return await self._writes.submit(fn, args)


def _postgres_cause(exc: BaseException) -> str | None:
    """Why a PostgreSQL server could not be used, in one line (no password in it)."""
    import psycopg

    if isinstance(exc, psycopg.OperationalError):
        text = str(exc).strip().splitlines()
        return text[0] if text else "the server cannot be reached"
    return None
