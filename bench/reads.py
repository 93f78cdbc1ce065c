"""Read benchmarks, run in a child process so that its peak RSS is theirs alone.

``python -m bench.reads --db PATH --meta PATH --scale NAME --out PATH``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiosqlite

from bench.generate import HER_ID, SCALES, Scale, StoreInfo
from bench.measure import Latency, Result, chi_square, timed_calls
from bot.app import App
from bot.config import Settings
from bot.heap import settle_after_startup
from bot.messages import Member, Reply, Request

READ_P99_MS = 5.0
READ_RATIO = 10.0
QUOTE_SPEEDUP = 10.0
RSS_LIMIT_MB = 120.0
WARMUP = 50
_EXCERPT_ID = re.compile(r"\[(\d+)\]$")

Call = Callable[[int], Awaitable[Any]]


def excerpt_id_of(reply: Reply) -> int | None:
    """The id the generator appends to every excerpt text, read back from a /quote reply."""
    if reply.quote is None:
        return None
    m = _EXCERPT_ID.search(reply.quote.text)
    return int(m.group(1)) if m else None


class PostgresRaw:
    """A plain psycopg connection on a thread of its own, read like aiosqlite's
    ``execute_fetchall``: the PostgreSQL run's baseline."""

    def __init__(self, url: str, read_only: bool = True) -> None:
        self.url = url
        self.read_only = read_only
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-raw")
        self._conn: Any = None

    async def open(self) -> PostgresRaw:
        from bot.store.pg import PgConnection

        def connect() -> None:
            self._conn = PgConnection.connect(self.url)
            if self.read_only:
                self._conn.execute("SET default_transaction_read_only = on")

        await asyncio.get_running_loop().run_in_executor(self._executor, connect)
        return self

    async def execute_fetchall(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        def run() -> list[Any]:
            rows: list[Any] = self._conn.execute(sql, params).fetchall()
            return rows

        return await asyncio.get_running_loop().run_in_executor(self._executor, run)

    async def execute(self, sql: str, params: tuple[Any, ...] = ()) -> None:
        """A statement committed at once (the connection is in autocommit mode)."""
        await self.execute_fetchall(sql, params)

    async def commit(self) -> None:
        """Nothing to do: every statement has committed."""

    async def close(self) -> None:
        if self._conn is not None:
            await asyncio.get_running_loop().run_in_executor(self._executor, self._conn.close)
        self._executor.shutdown(wait=True)


# Excerpts of a film whose topics include music: FTS5 on SQLite, the topics text on PostgreSQL.
MUSIC_MATCH = {
    False: "FROM excerpts_fts JOIN excerpts e ON e.id = excerpts_fts.rowid"
    " WHERE excerpts_fts MATCH 'topics:music' AND e.film_id = ?",
    True: "FROM excerpts e WHERE (' ' || e.topics || ' ') LIKE '% music %' AND e.film_id = ?",
}


class Reads:
    def __init__(
        self, app: App, raw: aiosqlite.Connection | PostgresRaw, info: StoreInfo, scale: Scale
    ):
        self.app = app
        self.raw = raw
        self.postgres = isinstance(raw, PostgresRaw)
        self.info = info
        self.scale = scale
        self.member = Member("bench-reader", "Bench Reader")

    def request(self, command: str, channel: str = "bench", **options: Any) -> Request:
        return Request(
            club=self.info.hot_club,
            channel=channel,
            member=self.member,
            command=command,
            options=options,
        )

    async def dispatch(self, request: Request) -> Reply:
        return await self.app.dispatcher.dispatch(request)

    async def pk_read(self, i: int) -> Any:
        film_id = self.info.film_ids[i % len(self.info.film_ids)]
        return await self.raw.execute_fetchall(
            "SELECT id, slug, title, year, logline FROM films WHERE id = ?", (film_id,)
        )

    async def interleaved(
        self, calls: dict[str, Call], n: int, warmup: tuple[str, ...] = ()
    ) -> dict[str, tuple[list[int], list[Any]]]:
        """Run each call n times, round-robin, so noise hits every series alike."""
        for name in warmup:
            for i in range(WARMUP):
                await calls[name](i)
        out: dict[str, tuple[list[int], list[Any]]] = {name: ([], []) for name in calls}
        clock = time.perf_counter_ns
        for i in range(n):
            for name, call in calls.items():
                start = clock()
                reply = await call(i)
                out[name][0].append(clock() - start)
                out[name][1].append(reply)
        return out

    async def read_commands(self) -> tuple[Result, list[Reply]]:
        info = self.info
        rated = info.rated_titles or info.film_titles
        calls: dict[str, Call] = {
            "baseline": self.pk_read,
            "/film": lambda i: self.dispatch(
                self.request("film", title=info.film_titles[i % len(info.film_titles)])
            ),
            "/quote Her music": lambda i: self.dispatch(
                self.request("quote", "bench-quote", title=info.her_title, topic="music")
            ),
            "/scores chart:no": lambda i: self.dispatch(
                self.request("scores", title=rated[i % len(rated)], chart=False)
            ),
            "/ratings": lambda i: self.dispatch(
                self.request("ratings", title=rated[i % len(rated)])
            ),
        }
        for _ in range(WARMUP):
            await self.dispatch(
                self.request("quote", "bench-warmup", title=info.her_title, topic="music")
            )
        runs = await self.interleaved(
            calls, self.scale.read_calls, ("baseline", "/film", "/scores chart:no", "/ratings")
        )
        result = Result("read_commands")
        base = Latency.of(runs["baseline"][0])
        result.details["baseline"] = base.to_json()
        driver = "psycopg" if self.postgres else "aiosqlite"
        result.row(f"raw {driver} PK read p50", base.p50_ms, "ms")
        quote_replies: list[Reply] = []
        for name, (samples, replies) in runs.items():
            if name == "baseline":
                continue
            lat = Latency.of(samples)
            errors = sum(1 for r in replies if getattr(r, "error", True))
            result.details[name] = {**lat.to_json(), "errors": errors}
            ratio = lat.p50_ms / base.p50_ms if base.p50_ms else None
            result.row(
                f"{name} p50",
                lat.p50_ms,
                "ms",
                baseline=base.p50_ms,
                ratio=ratio,
                target=f"≤ {READ_RATIO:g}× baseline",
                passed=ratio is not None and ratio <= READ_RATIO and errors == 0,
            )
            result.row(
                f"{name} p99",
                lat.p99_ms,
                "ms",
                target=f"≤ {READ_P99_MS:g} ms",
                passed=lat.p99_ms <= READ_P99_MS and errors == 0,
            )
            if errors:
                sample = next(r for r in replies if getattr(r, "error", True))
                result.details[name]["error_sample"] = getattr(sample, "text", repr(sample))
                result.row(f"{name} errors", errors, "", target="0", passed=False, check=True)
            if name.startswith("/quote"):
                quote_replies = list(replies)
        return result, quote_replies

    async def scores_hot(self) -> Result:
        info = self.info
        calls: dict[str, Call] = {
            "baseline": self.pk_read,
            "/scores hottest": lambda i: self.dispatch(
                self.request("scores", title=info.hot_film, chart=False)
            ),
            "/ratings hottest": lambda i: self.dispatch(
                self.request("ratings", title=info.hot_film)
            ),
        }
        runs = await self.interleaved(calls, self.scale.read_calls, tuple(calls))
        result = Result("scores_hot")
        base = Latency.of(runs["baseline"][0])
        hot = Latency.of(runs["/scores hottest"][0])
        replies: list[Reply] = runs["/scores hottest"][1]
        errors = sum(1 for r in replies if r.error)
        club_field = next((f.value for f in replies[-1].fields if f.name == "Club"), "")
        count_ok = club_field.startswith(f"{info.hot_film_ratings} rated")
        result.details = {
            "count_matches": count_ok,
            "baseline": base.to_json(),
            "scores": {**hot.to_json(), "errors": errors},
            "film": info.hot_film,
            "ratings_in_club": info.hot_film_ratings,
            "club_field": club_field,
        }
        result.row("hottest film's ratings in the club", info.hot_film_ratings, "ratings")
        result.row(
            "/scores hottest p50",
            hot.p50_ms,
            "ms",
            baseline=base.p50_ms,
            ratio=hot.p50_ms / base.p50_ms if base.p50_ms else None,
        )
        result.row(
            "/scores hottest p99",
            hot.p99_ms,
            "ms",
            target=f"≤ {READ_P99_MS:g} ms",
            passed=hot.p99_ms <= READ_P99_MS and errors == 0 and count_ok,
        )
        ratings = Latency.of(runs["/ratings hottest"][0])
        result.details["ratings"] = ratings.to_json()
        result.row(
            "/ratings hottest p99 (info)",
            ratings.p99_ms,
            "ms",
            baseline=base.p50_ms,
            ratio=ratings.p50_ms / base.p50_ms if base.p50_ms else None,
        )
        return result

    async def quote_topic(self, quote_replies: list[Reply]) -> Result:
        info = self.info
        result = Result("quote_topic")
        quote = Latency.of(
            (
                await timed_calls(
                    lambda i: self.dispatch(
                        self.request("quote", "bench-quote-2", title=info.her_title, topic="music")
                    ),
                    self.scale.random_baseline_calls * 5,
                )
            )[0]
        )
        sql = f"SELECT e.id, e.text {MUSIC_MATCH[self.postgres]} ORDER BY random() LIMIT 1"

        async def naive(_: int) -> Any:
            return await self.raw.execute_fetchall(sql, (HER_ID,))

        await naive(0)
        base = Latency.of((await timed_calls(naive, self.scale.random_baseline_calls))[0])
        speedup = base.p50_ms / quote.p50_ms if quote.p50_ms else 0.0
        rows = await self.raw.execute_fetchall(
            f"SELECT count(*) {MUSIC_MATCH[self.postgres]}", (HER_ID,)
        )
        match_size = int(next(iter(rows))[0])
        result.details = {
            "pool": info.her_music,
            "match": match_size,
            "quote": quote.to_json(),
            "order_by_random": base.to_json(),
        }
        result.row("topic pool size (Her, music)", match_size, "excerpts")
        result.row(
            "/quote Her music p50",
            quote.p50_ms,
            "ms",
            baseline=base.p50_ms,
            ratio=speedup,
            target=f"≥ {QUOTE_SPEEDUP:g}× faster than ORDER BY random()",
            passed=speedup >= QUOTE_SPEEDUP,
        )
        await self._uniformity(result, quote_replies)
        return result

    async def _uniformity(self, result: Result, big_replies: list[Reply]) -> None:
        info = self.info
        # First draws over many channels on a small pool.
        firsts: Counter[int] = Counter()
        for d in range(self.scale.uniform_draws):
            reply = await self.dispatch(
                self.request("quote", f"uniform-{d}", title=info.uniform_film)
            )
            eid = excerpt_id_of(reply)
            if eid is not None:
                firsts[eid] += 1
        pool_rows = await self.raw.execute_fetchall(
            "SELECT p.excerpt_id FROM excerpt_pools p JOIN films f ON f.id = p.film_id"
            " WHERE f.title = ? AND p.topic = '' ORDER BY p.ordinal",
            (info.uniform_film,),
        )
        pool = [int(r[0]) for r in pool_rows]
        counts = [firsts.get(e, 0) for e in pool]
        stat, df, critical = chi_square(counts)
        spread = max(counts) / max(1, min(counts)) if counts else 0.0
        # Every excerpt once per round, twice over, in one channel.
        rounds: list[list[int]] = []
        for _ in range(2):
            seen: list[int] = []
            for _ in range(len(pool)):
                reply = await self.dispatch(
                    self.request("quote", "rotation", title=info.uniform_film)
                )
                eid = excerpt_id_of(reply)
                seen.append(-1 if eid is None else eid)
            rounds.append(seen)
        rotation_ok = all(sorted(r) == sorted(pool) for r in rounds)
        # The big pool: the read benchmark's draws in one channel never repeat, and
        # spread evenly over the pool's ordinals.
        big_ids = [excerpt_id_of(r) for r in big_replies]
        drawn = [e for e in big_ids if e is not None]
        big_unique = len(drawn) == len(big_ids) and len(set(drawn)) == len(drawn)
        ordinal_rows = await self.raw.execute_fetchall(
            "SELECT excerpt_id, ordinal FROM excerpt_pools WHERE film_id = ? AND topic = 'music'",
            (HER_ID,),
        )
        ordinal = {int(r[0]): int(r[1]) for r in ordinal_rows}
        size = max(1, len(ordinal))
        bins = [0] * 10
        for e in drawn:
            if e in ordinal:
                bins[ordinal[e] * 10 // size] += 1
        big_stat, big_df, big_critical = chi_square(bins)
        result.details["uniformity"] = {
            "small_pool": len(pool),
            "first_draws": sum(counts),
            "counts": counts,
            "chi2": round(stat, 2),
            "df": df,
            "critical_0.1pct": round(critical, 2),
            "max_over_min": round(spread, 2),
            "rotation_rounds_complete": rotation_ok,
            "big_pool_draws": len(big_ids),
            "big_pool_unique": big_unique,
            "big_pool_decile_counts": bins,
            "big_pool_chi2": round(big_stat, 2),
            "big_pool_critical_0.1pct": round(big_critical, 2),
        }
        result.row(
            f"first draws over {len(pool)} excerpts: chi²",
            round(stat, 2),
            f"(df {df})",
            target=f"< {critical:.1f} (p=0.001)",
            passed=stat < critical,
            check=True,
        )
        result.row("first draws max/min count", round(spread, 2), "")
        result.row(
            "no repeat within a rotation (2 rounds)",
            "yes" if rotation_ok else "NO",
            target="yes",
            passed=rotation_ok,
            check=True,
        )
        result.row(
            f"{len(big_ids)} draws from the big pool: repeats",
            "none" if big_unique else "SOME",
            target="none",
            passed=big_unique,
            check=True,
        )
        result.row(
            "big pool draws by ordinal decile: chi²",
            round(big_stat, 2),
            f"(df {big_df})",
            target=f"< {big_critical:.1f} (p=0.001)",
            passed=big_stat < big_critical,
            check=True,
        )


def vm_hwm_mb() -> float | None:
    """This process's own peak RSS (Linux ``VmHWM``).

    ``ru_maxrss`` also counts the parent's RSS when this process was forked from a
    large one (Linux carries it across exec), so VmHWM is preferred where it exists.
    """
    try:
        for line in Path("/proc/self/status").read_text(encoding="utf-8").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


async def run(db: Path, info: StoreInfo, scale: Scale, postgres: str = "") -> dict[str, Result]:
    with tempfile.TemporaryDirectory(prefix="filmclub-bench-") as tmp:
        settings = Settings(db_path=str(db), database_url=postgres, chart_dir=tmp)
        app = await App.open(settings, rng=random.Random(20131218))
        raw: aiosqlite.Connection | PostgresRaw
        if postgres:
            raw = await PostgresRaw(postgres).open()
        else:
            raw = await aiosqlite.connect(str(db))
            await raw.execute("PRAGMA query_only = ON")
        settle_after_startup()  # as a bot process does before it takes commands
        try:
            reads = Reads(app, raw, info, scale)
            started = time.perf_counter()
            commands, quote_replies = await reads.read_commands()
            hot = await reads.scores_hot()
            quote = await reads.quote_topic(quote_replies)
            seconds = time.perf_counter() - started
        finally:
            await raw.close()
            await app.close()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hwm_mb = vm_hwm_mb()
    peak_mb = maxrss_mb if hwm_mb is None else hwm_mb
    rss = Result("rss")
    rss.details = {
        "peak_rss_mb": round(peak_mb, 1),
        "vm_hwm_mb": None if hwm_mb is None else round(hwm_mb, 1),
        "ru_maxrss_mb": round(maxrss_mb, 1),
        "read_seconds": round(seconds, 1),
    }
    rss.row(
        "peak RSS during the read benchmarks",
        round(peak_mb, 1),
        "MB",
        target=f"≤ {RSS_LIMIT_MB:g} MB",
        passed=peak_mb <= RSS_LIMIT_MB,
    )
    return {r.name: r for r in (commands, hot, quote, rss)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reads")
    parser.add_argument("--db", required=True)
    parser.add_argument("--meta", required=True)
    parser.add_argument("--scale", choices=sorted(SCALES), required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--postgres", default="", help="run on this PostgreSQL copy of --db")
    args = parser.parse_args(argv)
    info = StoreInfo.from_json(Path(args.meta).read_text(encoding="utf-8"))
    scale = SCALES[args.scale]
    results = asyncio.run(run(Path(args.db), info, scale, args.postgres))
    payload = {name: r.to_json(scale.is_full) for name, r in results.items()}
    Path(args.out).write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
