"""Several bot processes sharing one PostgreSQL database.

Two or three real processes (tests/process_worker.py) each run the app on one
database (all but the last also run the poll scheduler) and send their share of
10,000 members' votes and ratings through the real dispatcher. The poll's deadline
falls in the middle of the burst, and the last process is killed with SIGKILL once
it has answered a hundred members. Afterwards: everything a member was told was
saved is saved (and, for the processes that lived, nothing else is), votes racing
the close are either counted or refused, and the poll is closed and announced
once, with every stored ballot counted.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.store.watchlist import to_iso
from tests.backends import other_connection_rows
from tests.conftest import REPO
from tests.polls_helpers import add_films, open_club

pytestmark = pytest.mark.timeout(600)

MEMBERS = 10_000
CLUB = "console:t"


@dataclass
class Worker:
    index: int
    proc: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    busy: asyncio.Event = field(default_factory=asyncio.Event)

    async def read(self) -> None:
        assert self.proc.stdout is not None
        async for raw in self.proc.stdout:
            line = raw.decode().strip()
            self.lines.append(line)
            if line == "READY":
                self.ready.set()
            elif line == "DONE":
                self.done.set()
            elif line.startswith("ANNOUNCE "):
                self.closed.set()
            elif line.startswith("ACK ") and len(self.lines) > 100:
                self.busy.set()

    def acked(self, kind: str) -> set[str]:
        return {ln.split()[2] for ln in self.lines if ln.startswith(f"ACK {kind} ")}

    def refused(self, kind: str) -> set[str]:
        return {ln.split()[2] for ln in self.lines if ln.startswith(f"REFUSED {kind} ")}

    def announced(self) -> list[int]:
        return [int(ln.split()[1]) for ln in self.lines if ln.startswith("ANNOUNCE ")]


async def _prepare(database: str) -> None:
    club = await open_club(database)
    try:
        await add_films(club.store)
        assert not (await club.say("/poll start Alien | Heat | Ran | Vertigo")).error
    finally:
        await club.services.store.close()


async def _set_deadline(database: str, when: datetime) -> None:
    club = await open_club(database)
    try:

        def move(conn: Any) -> None:
            conn.execute("UPDATE polls SET closes_at = ? WHERE number = 1", (to_iso(when),))

        await club.store.write(move)
    finally:
        await club.services.store.close()


async def _spawn(database: str, index: int, processes: int, logs: Path, *extra: str) -> Worker:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env["PYTHONPATH"] = str(REPO)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.process_worker",
        database,
        "--club",
        CLUB,
        "--index",
        str(index),
        "--processes",
        str(processes),
        "--members",
        str(MEMBERS),
        *extra,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=(logs / f"worker{index}.log").open("wb"),
        cwd=REPO,
        env=env,
    )
    return Worker(index, proc)


def _of(members: set[str], index: int, processes: int) -> set[str]:
    return {m for m in members if int(m[1:]) % processes == index}


@pytest.mark.parametrize("processes", [2, 3])
async def test_processes_share_votes_ratings_a_close_and_a_kill(
    postgres_database: str, tmp_path: Path, processes: int
) -> None:
    await _prepare(postgres_database)
    # The last process only votes and rates; the others also run the scheduler.
    workers = [
        await _spawn(
            postgres_database,
            i,
            processes,
            tmp_path,
            *(["--no-scheduler"] if i == processes - 1 else []),
        )
        for i in range(processes)
    ]
    readers = [asyncio.create_task(w.read()) for w in workers]
    try:
        async with asyncio.timeout(120):
            await asyncio.gather(*(w.ready.wait() for w in workers))
        # The deadline falls in the middle of the four-second burst.
        deadline = (datetime.now(UTC) + timedelta(seconds=3)).replace(microsecond=0)
        await _set_deadline(postgres_database, deadline)
        for w in workers:
            assert w.proc.stdin is not None
            w.proc.stdin.write(b"go\n")
            await w.proc.stdin.drain()
        victim, survivors = workers[-1], workers[:-1]
        async with asyncio.timeout(120):
            await victim.busy.wait()
        victim.proc.send_signal(signal.SIGKILL)
        await victim.proc.wait()
        async with asyncio.timeout(400):
            await asyncio.gather(*(w.done.wait() for w in survivors))
            waits = [asyncio.ensure_future(w.closed.wait()) for w in survivors]
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            for waiting in waits:
                waiting.cancel()
        await asyncio.sleep(1.0)  # let any second close (there must be none) show
    finally:
        for w in workers:
            if w.proc.returncode is None:
                assert w.proc.stdin is not None
                w.proc.stdin.close()
        for w in workers:
            try:
                async with asyncio.timeout(30):
                    await w.proc.wait()
            except TimeoutError:
                w.proc.kill()
                await w.proc.wait()
        for r in readers:
            await r

    assert victim.proc.returncode == -signal.SIGKILL
    assert all(w.proc.returncode == 0 for w in survivors)
    ballots = {
        str(r[0])
        for r in other_connection_rows(
            postgres_database,
            "SELECT m.external_id FROM ballots b JOIN members m ON m.id = b.member_id"
            " JOIN polls p ON p.id = b.poll_id WHERE p.number = 1",
        )
    }
    rated = {
        str(r[0])
        for r in other_connection_rows(
            postgres_database,
            "SELECT m.external_id FROM ratings r JOIN members m ON m.id = r.member_id",
        )
    }
    for w in survivors:
        assert w.acked("vote") == _of(ballots, w.index, processes)
        assert w.acked("rate") == _of(rated, w.index, processes)
        assert not w.refused("rate")
        assert not (w.refused("vote") & ballots)
        votes = {f"m{i}" for i in range(w.index, MEMBERS, processes) if i % 2 == 0}
        assert w.acked("vote") | w.refused("vote") == votes
    # The killed process: what it acknowledged is there (it may have committed more).
    assert victim.acked("vote") <= ballots and victim.acked("rate") <= rated
    assert victim.acked("vote") or victim.acked("rate")
    # The close fell within the burst: some votes were taken, later ones refused.
    assert sum(len(w.acked("vote")) for w in survivors) > 0
    assert sum(len(w.refused("vote")) for w in survivors) > 0
    # Closed and announced once, by one process, counting every stored ballot.
    announcements = [n for w in workers for n in w.announced()]
    assert announcements == [len(ballots)]
    state = other_connection_rows(
        postgres_database, "SELECT state, closed_at FROM polls WHERE number = 1"
    )
    assert state[0][0] == "closed"
