"""The film catalog: a cold lookup's cost over the provider's own latency, and /film of
a film already looked up, against a local fake of Wikidata (no network)."""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiosqlite

from bench.generate import Scale
from bench.measure import Latency, Result
from bench.reads import PostgresRaw
from bot.app import App
from bot.config import Settings
from bot.messages import Member, Reply, Request
from tests.wikidata_fake import FakeWikidata

FAKE_LATENCY_S = 0.010
TITLES = ("Arrival", "Heat 1995", "Heat 1986", "Heathers", "Lonesome")
READ_P99_MS = 5.0
READ_RATIO = 10.0
ROUNDS = {"small": 2, "full": 10}
Raw = aiosqlite.Connection | PostgresRaw


def _request(title: str) -> Request:
    return Request(
        club="bench:catalog",
        channel="bench-catalog",
        member=Member("bench-catalog", "Bench Catalog"),
        command="film",
        options={"title": title},
    )


async def _forget(raw: Raw) -> None:
    """Drop what the catalog stored, so that the next round's lookups are cold again."""
    await raw.execute("DELETE FROM films WHERE id IN (SELECT film_id FROM catalog_films)")
    await raw.execute("DELETE FROM catalog_misses")
    await raw.commit()


async def run(db: Path, scale: Scale, postgres: str = "") -> Result:
    """On the SQLite file ``db``, or on its copy in PostgreSQL at ``postgres``, where
    the baseline is a primary-key read through a plain psycopg connection."""
    result = Result("catalog")
    fake = await FakeWikidata(latency=FAKE_LATENCY_S).start()
    settings = replace(
        Settings(db_path=str(db), database_url=postgres),
        catalog=True,
        wikidata_api_url=fake.api_url,
        contact="bench@example.org",
    )
    app = await App.open(settings, rng=random.Random(1))
    raw: Raw
    if postgres:
        raw = await PostgresRaw(postgres, read_only=False).open()
    else:
        raw = await aiosqlite.connect(str(db))
        await raw.execute("PRAGMA foreign_keys = ON")
    try:
        cold = await _cold(app, raw, fake, scale, result)
        await _cached(app, raw, fake, scale, result, cold)
    finally:
        await raw.close()
        await app.close()
        await fake.stop()
    return result


async def _cold(
    app: App, raw: Raw, fake: FakeWikidata, scale: Scale, result: Result
) -> list[Reply]:
    added_ms: list[float] = []
    total_ms: list[float] = []
    requests: list[int] = []
    replies: list[Reply] = []
    clock = time.perf_counter_ns
    for _ in range(ROUNDS.get(scale.name, 2)):
        await _forget(raw)
        for title in TITLES:
            before = len(fake.requests)
            start = clock()
            reply = await app.dispatcher.dispatch(_request(title))
            elapsed = (clock() - start) / 1e6
            made = len(fake.requests) - before
            replies.append(reply)
            total_ms.append(elapsed)
            requests.append(made)
            added_ms.append(elapsed - made * FAKE_LATENCY_S * 1000)
    found = sum(1 for r in replies if not r.error and r.title and "(" in r.title)
    result.details["cold"] = {
        "lookups": len(replies),
        "fake_latency_ms": FAKE_LATENCY_S * 1000,
        "requests_per_lookup": statistics.mean(requests),
        "total_ms_p50": statistics.median(total_ms),
        "added_ms_p50": statistics.median(added_ms),
        "added_ms_max": max(added_ms),
    }
    result.row(
        f"cold lookup: requests to the provider (mean of {len(replies)})",
        round(statistics.mean(requests), 2),
    )
    result.row(
        "cold lookup p50, total",
        statistics.median(total_ms),
        "ms",
        baseline=statistics.median(requests) * FAKE_LATENCY_S * 1000,
    )
    result.row("cold lookup p50, added over the fake's latency", statistics.median(added_ms), "ms")
    result.row(
        "cold lookups answered with the film",
        f"{found} of {len(replies)}",
        target="all",
        passed=found == len(replies),
        check=True,
    )
    return replies


async def _cached(
    app: App,
    raw: Raw,
    fake: FakeWikidata,
    scale: Scale,
    result: Result,
    cold: list[Reply],
) -> None:
    film_ids = [int(r[0]) for r in await raw.execute_fetchall("SELECT film_id FROM catalog_films")]
    before = len(fake.requests)
    clock = time.perf_counter_ns
    base: list[int] = []
    film: list[int] = []
    replies: list[Any] = []
    for i in range(scale.read_calls):
        start = clock()
        await raw.execute_fetchall(
            "SELECT id, slug, title, year, logline FROM films WHERE id = ?",
            (film_ids[i % len(film_ids)],),
        )
        base.append(clock() - start)
        start = clock()
        replies.append(await app.dispatcher.dispatch(_request("Arrival")))
        film.append(clock() - start)
    b, f = Latency.of(base), Latency.of(film)
    ratio = f.p50_ms / b.p50_ms if b.p50_ms else None
    result.details["cached"] = {"baseline": b.to_json(), "/film": f.to_json()}
    driver = "psycopg" if isinstance(raw, PostgresRaw) else "aiosqlite"
    result.row(f"raw {driver} PK read p50", b.p50_ms, "ms")
    result.row(
        "/film of a looked-up film p50",
        f.p50_ms,
        "ms",
        baseline=b.p50_ms,
        ratio=ratio,
        target=f"≤ {READ_RATIO:g}× baseline",
        passed=ratio is not None and ratio <= READ_RATIO,
    )
    result.row(
        "/film of a looked-up film p99",
        f.p99_ms,
        "ms",
        target=f"≤ {READ_P99_MS:g} ms",
        passed=f.p99_ms <= READ_P99_MS,
    )
    made = len(fake.requests) - before
    right = sum(1 for r in replies if r.title == "Arrival (2016)")
    result.row(
        "cached calls answered without a request",
        f"{right} of {len(replies)}, {made} requests",
        target="all, 0 requests",
        passed=right == len(replies) and made == 0,
        check=True,
    )
