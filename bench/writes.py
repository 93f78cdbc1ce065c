"""Write bursts: many members rating (or voting) at once, each answered after its commit.

Every burst is compared with a baseline on a separate connection to the same
database (aiosqlite for SQLite, psycopg for PostgreSQL): one upsert and one
commit per row, sequentially, into rows that do not collide with the burst's.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import aiosqlite

from bench.generate import Scale, StoreInfo
from bench.measure import Latency, Result
from bot.app import App
from bot.messages import Member, Request
from bot.polls.models import (
    BallotChange,
    BallotChangeKind,
    Mode,
    NewOption,
    NewPoll,
    VoteOutcome,
    VoteStatus,
)
from bot.polls.tally import tally
from bot.store import films, polls
from bot.store.dialect import parse_database

THROUGHPUT_RATIO = 3.0
# PostgreSQL's own per-row commit is one round trip; the target over it is lower.
POSTGRES_THROUGHPUT_RATIO = 2.0
BURST_CLUB = "bench:burst"
VOTE_CLUB = "bench:vote"
SCORES = ("8", "7.5", "9", "4/5", "85%", "6", "★★★½", "10", "3", "8.5/10")

RATING_UPSERT = (
    "INSERT INTO ratings(club_id, film_id, member_id, score, raw, comment, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(club_id, film_id, member_id) DO UPDATE SET"
    " score = excluded.score, raw = excluded.raw, comment = excluded.comment,"
    " updated_at = excluded.updated_at"
)
BALLOT_UPSERT = (
    "INSERT INTO ballots(poll_id, member_id, choices, cast_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT(poll_id, member_id) DO UPDATE SET"
    " choices = excluded.choices, cast_at = excluded.cast_at"
)


def _target(db: Path | str) -> float:
    return POSTGRES_THROUGHPUT_RATIO if parse_database(str(db)).is_postgres else THROUGHPUT_RATIO


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _postgres_baseline(
    url: str, sql: str, params: Sequence[tuple[Any, ...]]
) -> tuple[Latency, int]:
    """Commits as the store's do, with the server's own synchronous_commit."""
    from bot.store.pg import PgConnection

    conn = PgConnection.connect(url)
    try:
        clock = time.perf_counter_ns
        samples: list[int] = []
        started = clock()
        for row in params:
            t = clock()
            conn.execute(sql, row)  # autocommit: one commit per row
            samples.append(clock() - t)
        wall = clock() - started
    finally:
        conn.close()
    return Latency.of(samples, wall), wall


async def baseline(
    db: Path | str, synchronous: str, sql: str, params: Sequence[tuple[Any, ...]]
) -> tuple[Latency, int]:
    """Sequential upsert + commit per row on its own connection."""
    if parse_database(str(db)).is_postgres:
        return await asyncio.to_thread(_postgres_baseline, str(db), sql, params)
    conn = await aiosqlite.connect(str(db))
    try:
        await conn.execute("PRAGMA busy_timeout = 10000")
        await conn.execute(f"PRAGMA synchronous = {synchronous}")
        await conn.execute("PRAGMA foreign_keys = ON")
        clock = time.perf_counter_ns
        samples: list[int] = []
        started = clock()
        for row in params:
            t = clock()
            await conn.execute(sql, row)
            await conn.commit()
            samples.append(clock() - t)
        wall = clock() - started
    finally:
        await conn.close()
    return Latency.of(samples, wall), wall


async def burst(
    calls: Sequence[Callable[[], Awaitable[Any]]],
) -> tuple[list[tuple[int, Any]], int]:
    """Start every call at once; each one's latency from its start to its answer."""
    clock = time.perf_counter_ns

    async def one(call: Callable[[], Awaitable[Any]]) -> tuple[int, Any]:
        t = clock()
        try:
            answer = await call()
        except Exception as exc:
            answer = exc
        return clock() - t, answer

    started = clock()
    outs = await asyncio.gather(*(one(c) for c in calls))
    return list(outs), clock() - started


def _compare(
    result: Result,
    what: str,
    n: int,
    acked: int,
    wall_ns: int,
    latencies: list[int],
    base: Latency,
    target: float = THROUGHPUT_RATIO,
) -> None:
    lat = Latency.of(latencies, wall_ns)
    throughput = acked / (wall_ns / 1e9) if wall_ns else 0.0
    ratio = throughput / base.ops_per_s if base.ops_per_s else 0.0
    result.details["burst"] = {**lat.to_json(), "acknowledged": acked, "requests": n}
    result.details["baseline"] = base.to_json()
    result.row(
        f"{what} throughput",
        round(throughput),
        "/s",
        baseline=round(base.ops_per_s),
        ratio=ratio,
        target=f"≥ {target:g}× baseline",
        passed=ratio >= target,
    )
    result.row(
        "acknowledgement latency p50 / p99",
        f"{lat.p50_ms:.1f} / {lat.p99_ms:.1f}",
        "ms",
        baseline=round(base.p99_ms, 3),
    )


async def rate_burst(app: App, db: Path | str, info: StoreInfo, scale: Scale) -> Result:
    n = scale.burst
    result = Result("write_burst")
    first = info.baseline_member_ids[0]
    stamp = _now()
    rows = [
        (info.baseline_club_id, info.baseline_film_id, first + i, 8.0, "8", None, stamp)
        for i in range(n)
    ]
    base, _ = await baseline(db, app.services.settings.synchronous, RATING_UPSERT, rows)
    dispatcher = app.dispatcher
    requests = [
        Request(
            club=BURST_CLUB,
            channel="general",
            member=Member(f"burst-{i}", f"Burst Member {i}"),
            command="rate",
            options={"title": info.burst_film, "score": SCORES[i % len(SCORES)]},
        )
        for i in range(n)
    ]
    outs, wall = await burst([partial(dispatcher.dispatch, r) for r in requests])
    acked = {
        req.member.id
        for req, (_, reply) in zip(requests, outs, strict=True)
        if not isinstance(reply, BaseException) and not reply.error
    }
    errors = [reply for _, reply in outs if isinstance(reply, BaseException) or reply.error]
    film = (await app.store.read(films.films_by_norm, "rush hour ballet", None))[0]
    stored_rows = await app.store.fetchall(
        "SELECT m.external_id FROM ratings r JOIN members m ON m.id = r.member_id"
        " JOIN clubs c ON c.id = r.club_id WHERE c.key = ? AND r.film_id = ?",
        (BURST_CLUB, film.id),
    )
    stored = {str(r[0]) for r in stored_rows}
    lost = len(acked - stored)
    _compare(
        result,
        f"{n:,} concurrent /rate",
        n,
        len(acked),
        wall,
        [t for t, _ in outs],
        base,
        _target(db),
    )
    result.details.update(
        {
            "rows": len(stored),
            "lost": lost,
            "errors": len(errors),
            "error_sample": str(getattr(errors[0], "text", errors[0])) if errors else None,
        }
    )
    result.row(
        "rows in table == acknowledgements",
        f"{len(stored):,} == {len(acked):,}",
        target=f"equal, all {n:,} acknowledged",
        passed=stored == acked and len(acked) == n,
        check=True,
    )
    return result


async def vote_burst(app: App, db: Path | str, info: StoreInfo, scale: Scale) -> Result:
    n = scale.burst
    result = Result("vote_burst")
    first = info.baseline_member_ids[0]
    stamp = _now()
    base_rows = [(info.baseline_poll_id, first + i, "1", stamp) for i in range(n)]
    base, _ = await baseline(db, app.services.settings.synchronous, BALLOT_UPSERT, base_rows)
    store = app.store
    now = datetime.now(UTC)
    titles = await store.fetchall("SELECT id, title FROM films ORDER BY id LIMIT 4 OFFSET 10")
    poll = await store.write(
        polls.create_poll,
        NewPoll(
            club=VOTE_CLUB,
            channel="general",
            question="Vote burst: what do we watch?",
            mode=Mode.SINGLE,
            anonymous=False,
            hidden=False,
            creator_id="bench-host",
            creator_name="Bench Host",
            created_at=now,
            closes_at=now + timedelta(days=1),
            options=tuple(NewOption(f"opt-{r[0]}", str(r[1]), int(r[0])) for r in titles),
        ),
    )
    option_ids = [o.id for o in poll.options]
    picks = [option_ids[(i * 7) % len(option_ids)] for i in range(n)]

    def vote(i: int) -> Callable[[], Awaitable[VoteOutcome]]:
        change = BallotChange(BallotChangeKind.SET, (picks[i],))

        async def call() -> VoteOutcome:
            return await store.write(
                polls.cast_vote,
                VOTE_CLUB,
                poll.id,
                f"voter-{i}",
                f"Voter {i}",
                change,
                datetime.now(UTC),
            )

        return call

    outs, wall = await burst([vote(i) for i in range(n)])
    acked_picks: Counter[int] = Counter()
    errors = 0
    for i, (_, outcome) in enumerate(outs):
        if isinstance(outcome, VoteOutcome) and outcome.status is VoteStatus.RECORDED:
            acked_picks[picks[i]] += 1
        else:
            errors += 1
    acked = sum(acked_picks.values())
    final = await store.read(polls.load_poll, poll.id)
    assert final is not None
    counted = await store.read(polls.ballots, poll.id)
    result_tally = tally(final, counted)
    tallied = dict(result_tally.counts)
    _compare(
        result, f"{n:,} concurrent votes", n, acked, wall, [t for t, _ in outs], base, _target(db)
    )
    result.details.update(
        {
            "poll": poll.id,
            "ballots": len(counted),
            "tally": {str(k): v for k, v in tallied.items()},
            "acknowledged_by_option": {str(k): v for k, v in acked_picks.items()},
            "errors": errors,
            "path": "store.write(polls.cast_vote), the commit path of /poll vote and buttons",
        }
    )
    ok = (
        result_tally.ballots == acked == len(counted) == n
        and all(tallied.get(k, 0) == v for k, v in acked_picks.items())
        and sum(tallied.values()) == acked
    )
    result.row(
        "tally == ballots acknowledged",
        f"{sum(tallied.values()):,} == {acked:,}",
        target=f"equal, all {n:,} acknowledged",
        passed=ok,
        check=True,
    )
    return result


async def run(app: App, db: Path | str, info: StoreInfo, scale: Scale) -> list[Result]:
    return [
        await rate_burst(app, db, info, scale),
        await vote_burst(app, db, info, scale),
    ]
