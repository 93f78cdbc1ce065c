"""The store when the disk or the file fails: a clear refusal at start, every queued caller
answered at close, a plain-words error while running, and recovery when the fault clears."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from bot.app import App
from bot.errors import StorageError, StoreClosedError, StoreOpenError
from bot.store import Store
from tests.conftest import REPO, Chat

pytestmark = pytest.mark.timeout(90)

# A process that has stopped its work must be gone within this many seconds.
EXIT_WITHIN = 20.0


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env["PYTHONPATH"] = str(REPO)
    env.pop("FILMCLUB_DB", None)
    return env


def _not_a_database(tmp_path: Path) -> Path:
    path = tmp_path / "notes.db"
    path.write_text("meeting notes, not a database\n" * 200, encoding="utf-8")
    return path


def _damaged_database(tmp_path: Path) -> Path:
    path = tmp_path / "damaged.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(500)])
    conn.close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xa5" * (4096 - 100)  # the schema page, past the file header
    path.write_bytes(bytes(data))
    return path


def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain-file").write_text("x", encoding="utf-8")
    return tmp_path / "plain-file" / "club.db"


# -- opening ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        (_not_a_database, "the file is not a database"),
        (_damaged_database, "the database file is damaged"),
        (_under_a_file, "a part of its path is a file, not a folder"),
    ],
    ids=["not-a-database", "damaged", "under-a-file"],
)
async def test_a_file_that_cannot_be_opened_is_named_and_nothing_is_left_running(
    tmp_path: Path, make: object, cause: str
) -> None:
    assert callable(make)
    path = str(make(tmp_path))
    threads_before = threading.active_count()
    with pytest.raises(StoreOpenError) as caught:
        await Store.open(path)
    assert caught.value.path == path
    assert caught.value.cause == cause
    assert str(caught.value) == f"cannot open the database {path}: {cause}"
    # aiosqlite runs each connection on its own thread: none may outlive the failed open.
    for _ in range(100):
        if threading.active_count() <= threads_before:
            break
        await asyncio.sleep(0.02)
    assert threading.active_count() <= threads_before


@pytest.mark.parametrize(
    ("command", "make", "cause"),
    [
        (["run", "--user", "ada"], _not_a_database, "the file is not a database"),
        (["console", "--user", "ada"], _not_a_database, "the file is not a database"),
        (["ingest", str(REPO / "data" / "films")], _not_a_database, "the file is not a database"),
        (
            ["ingest", str(REPO / "data" / "films")],
            _damaged_database,
            "the database file is damaged",
        ),
        (["run"], _under_a_file, "a part of its path is a file, not a folder"),
    ],
    ids=["run", "console", "ingest", "ingest-damaged", "run-under-a-file"],
)
def test_the_command_line_exits_at_once_with_one_line_naming_the_file(
    tmp_path: Path, command: list[str], make: object, cause: str
) -> None:
    assert callable(make)
    path = make(tmp_path)
    started = time.monotonic()
    out = subprocess.run(
        [sys.executable, "-m", "bot", command[0], "--db", str(path), *command[1:]],
        input="/rate Her 8\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=EXIT_WITHIN * 3,
    )
    assert time.monotonic() - started < EXIT_WITHIN
    assert out.returncode == 1, out.stderr
    assert out.stderr.splitlines() == [f"error: cannot open the database {path}: {cause}"]
    assert out.stdout == ""


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--db", str(folder / "club.db")],
            input="",
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=_env(),
            timeout=EXIT_WITHIN * 3,
        )
    finally:
        folder.chmod(0o755)
    assert out.returncode == 1
    assert out.stderr.startswith(f"error: cannot open the database {folder / 'club.db'}: ")
    assert len(out.stderr.splitlines()) == 1


# -- closing with work queued ----------------------------------------------------------------


def _add_club(conn: sqlite3.Connection, key: str) -> str:
    conn.execute("INSERT INTO clubs(key, created_at) VALUES (?, '2026-01-01')", (key,))
    return key


async def test_closing_under_a_queue_finishes_every_queued_write(db_path: str) -> None:
    store = await Store.open(db_path)
    inside = threading.Event()
    release = threading.Event()

    def slow(conn: sqlite3.Connection) -> str:
        inside.set()
        release.wait(10)
        return _add_club(conn, "slow")

    first = asyncio.create_task(store.write(slow))
    assert await asyncio.to_thread(inside.wait, 10)
    queued = [asyncio.create_task(store.write(_add_club, f"queued-{i}")) for i in range(5)]
    await asyncio.sleep(0)
    closing = asyncio.create_task(store.close())
    await asyncio.sleep(0.05)
    with pytest.raises(StoreClosedError):
        await store.write(_add_club, "too-late")
    release.set()
    await asyncio.wait_for(closing, 10)
    assert await first == "slow"
    assert [await task for task in queued] == [f"queued-{i}" for i in range(5)]
    with sqlite3.connect(db_path) as conn:
        keys = {row[0] for row in conn.execute("SELECT key FROM clubs")}
    conn.close()
    assert keys == {"slow", *(f"queued-{i}" for i in range(5))}


async def test_closing_with_a_grace_period_refuses_what_is_still_queued(db_path: str) -> None:
    store = await Store.open(db_path)
    inside = threading.Event()

    def endless(conn: sqlite3.Connection) -> int:
        inside.set()
        sql = (
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
        )
        return int(conn.execute(sql).fetchone()[0])

    running = asyncio.create_task(store.write(endless))
    assert await asyncio.to_thread(inside.wait, 10)
    queued = asyncio.create_task(store.write(_add_club, "queued"))
    await asyncio.sleep(0)
    await asyncio.wait_for(store.close(grace=0.3), 10)
    with pytest.raises(StorageError) as stopped:
        await running
    assert stopped.value.cause == "the bot is shutting down"
    with pytest.raises(StoreClosedError):
        await queued


CLOSE_SCRIPT = """
import asyncio, sys, time
from bot.store import Store

def slow(conn):
    time.sleep(0.5)
    conn.execute("INSERT INTO clubs(key, created_at) VALUES ('slow', 'now')")

def add(conn, key):
    conn.execute("INSERT INTO clubs(key, created_at) VALUES (?, 'now')", (key,))

async def main():
    store = await Store.open(sys.argv[1])
    first = asyncio.ensure_future(store.write(slow))
    await asyncio.sleep(0.1)
    rest = [asyncio.ensure_future(store.write(add, f"k{i}")) for i in range(2000)]
    await asyncio.sleep(0)
    await store.close()
    await asyncio.gather(first, *rest)
    print("closed")

asyncio.run(main())
"""


def test_a_process_closing_its_store_under_a_queue_exits(tmp_path: Path) -> None:
    db = tmp_path / "club.db"
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CLOSE_SCRIPT), str(db)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=EXIT_WITHIN,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "closed"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM clubs").fetchone()[0] == 2001
    conn.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_bot_with_its_input_still_open(tmp_path: Path, sig: int) -> None:
    db = tmp_path / "club.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--db", str(db), "--user", "ada"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=_env(),
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("/rate Her 8 fine\n")
        proc.stdin.flush()
        assert proc.stdout.readline().startswith("Rated Her (2013): 8/10")
        proc.send_signal(sig)
        code = proc.wait(timeout=EXIT_WITHIN)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 0
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 1
    conn.close()


# -- a full disk while running ---------------------------------------------------------------


def _cap_size(conn: sqlite3.Connection, pages: int) -> int:
    """Cap the file at ``pages`` pages (never below its size): a disk that is full."""
    return int(conn.execute(f"PRAGMA max_page_count = {pages}").fetchone()[0])


async def test_a_full_database_says_so_logs_a_line_and_recovers(
    app: App, caplog: pytest.LogCaptureFixture
) -> None:
    chat = Chat(app)
    assert not (await chat("/watchlist add Alien")).error
    await app.store.write(_cap_size, 1)
    caplog.set_level(logging.INFO)
    refused = 0
    for i in range(300):
        chat.member = chat.member.__class__(f"m{i}", f"Member {i}")
        reply = await chat(f"/watchlist add Film number {i} " + "x" * 150)
        if reply.error:
            refused += 1
            assert reply.text.startswith("Couldn't save: the database is out of space."), reply.text
            assert reply.ephemeral
            if refused == 3:
                break
    assert refused == 3, "the capped database never filled"
    failures = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(failures) == 3
    assert all(r.exc_info is None for r in failures)
    assert all("the database is out of space" in r.getMessage() for r in failures)
    saved = await app.store.fetchall("SELECT count(*) FROM watchlist")
    # The fault clears: the next write is saved.
    await app.store.write(_cap_size, 1_000_000)
    reply = await chat("/watchlist add After The Fault")
    assert not reply.error, reply.text
    after = await app.store.fetchall("SELECT count(*) FROM watchlist")
    assert after[0][0] == saved[0][0] + 1


BURST_SCRIPT = """
import asyncio, os, signal, sys
from bot.app import App
from bot.config import Settings
from bot.messages import Member
from bot.runner import CLOSE_GRACE, run_app


class Burst:
    platform = "console"

    def __init__(self, app):
        self.app = app
        self.stopped = asyncio.Event()

    async def one(self, i):
        reply = await self.app.dispatcher.dispatch_text(
            f"/watchlist add Film number {i}", club="console:c", channel="gen",
            member=Member(f"u{i}", f"U{i}"),
        )
        if not reply.error:
            print(f"saved {i}", flush=True)

    async def run(self):
        self.burst = [asyncio.ensure_future(self.one(i)) for i in range(3000)]
        await asyncio.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)
        await self.stopped.wait()

    async def stop(self):
        self.stopped.set()

    async def announce(self, announcement):
        pass


async def main():
    app = await App.open(Settings(db_path=sys.argv[1]))
    try:
        await run_app(app, [Burst(app)])
    finally:
        await app.close(CLOSE_GRACE)
    print("stopped", flush=True)

asyncio.run(main())
"""


def test_sigterm_during_a_burst_exits_and_keeps_every_acknowledged_write(tmp_path: Path) -> None:
    db = tmp_path / "club.db"
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(BURST_SCRIPT), str(db)],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=EXIT_WITHIN,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[-1] == "stopped"
    saved = {line.split()[1] for line in lines if line.startswith("saved ")}
    assert saved, "nothing was acknowledged before the signal"
    with sqlite3.connect(db) as conn:
        titles = {row[0] for row in conn.execute("SELECT title FROM watchlist")}
    conn.close()
    assert {f"Film number {i}" for i in saved} <= titles
    assert "Traceback" not in out.stderr
