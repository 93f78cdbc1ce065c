"""Web pages and exports: ingest of review pages from a local server, and a Letterboxd import.

``web_ingest`` serves generated review pages (JSON-LD on 5-, 10- and 100-point
scales, site chrome, comments) from a server in a child process on 127.0.0.1,
and ingests each by URL through the real fetcher, extraction, parser and store.
Its baseline is fetching the same pages without reading them. ``letterboxd_import``
imports a generated ``ratings.csv`` for one member; its baseline is checking and
reading the file alone.
"""

from __future__ import annotations

import asyncio
import ipaddress
import multiprocessing
import random
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bench.generate import Scale, film_title
from bench.measure import Result
from bench.webpages import PageServer, generated_page
from bot.app import App
from bot.config import Settings
from bot.messages import Member
from bot.reviews.exports import read_export
from bot.reviews.imports import import_history
from bot.services import Services
from bot.store import Store, films
from bot.store.models import FilmInput
from bot.web.fetch import AddressPolicy, Fetcher
from bot.web.ingest import ingest_url
from tests import wikidata_fake

PAGES_PER_SECOND = 100.0
IMPORT_SECONDS = 5.0
# The fake Wikidata answering for titles the library lacks: each request after this.
CATALOG_LATENCY_S = 0.002
IN_FLIGHT = 8


@dataclass(frozen=True)
class Sizes:
    pages: int
    rows: int


SIZES = {"full": Sizes(pages=1000, rows=5000), "small": Sizes(pages=60, rows=500)}


def _serve(count: int, ports: Any, stop: Any) -> None:
    async def main() -> None:
        rng = random.Random(1000)
        pages = {f"p{i}.html": generated_page(i, rng) for i in range(count)}
        server = await PageServer(pages=pages).start()
        ports.put(server.port)
        await asyncio.to_thread(stop.wait)
        await server.close()

    asyncio.run(main())


async def _bounded(calls: list[Any]) -> list[Any]:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one(call: Any) -> Any:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(c) for c in calls))


async def run_web(scale: Scale, postgres: str = "") -> Result:
    """``postgres``: an empty PostgreSQL schema's URL to store into instead of a SQLite file."""
    result = Result("web_ingest")
    count = SIZES[scale.name].pages
    ctx = multiprocessing.get_context("spawn")
    ports = ctx.Queue()
    stop = ctx.Event()
    server = ctx.Process(target=_serve, args=(count, ports, stop), daemon=True)
    server.start()
    try:
        port = await asyncio.to_thread(ports.get, True, 60)
        urls = [f"http://127.0.0.1:{port}/pages/p{i}.html" for i in range(count)]
        policy = AddressPolicy(allowed=(ipaddress.ip_network("127.0.0.1/32"),))
        with tempfile.TemporaryDirectory(prefix="filmclub-web-") as tmp:
            db = str(Path(tmp) / "web.db")
            store = await Store.open(postgres or db)
            services = Services(store=store, settings=Settings(db_path=db, database_url=postgres))
            try:
                async with Fetcher(policy) as fetcher:
                    started = time.perf_counter()
                    fetched = await _bounded([lambda u=u: fetcher.fetch(u) for u in urls])
                    fetch_seconds = time.perf_counter() - started
                    started = time.perf_counter()
                    first = await _bounded(
                        [lambda u=u: ingest_url(services, fetcher, u) for u in urls]
                    )
                    seconds = time.perf_counter() - started
                    again = await _bounded(
                        [lambda u=u: ingest_url(services, fetcher, u) for u in urls]
                    )
            finally:
                await store.close()
    finally:
        stop.set()
        await asyncio.to_thread(server.join, 10)
    rate = count / seconds if seconds else 0.0
    baseline = count / fetch_seconds if fetch_seconds else 0.0
    stored = sum(1 for r in first if r.stored)
    scored = sum(1 for r in first if r.score is not None)
    excerpts = sum(r.excerpts for r in first)
    result.details = {
        "pages": count,
        "bytes": sum(len(p.body) for p in fetched),
        "seconds": round(seconds, 2),
        "fetch_only_seconds": round(fetch_seconds, 2),
        "in_flight": IN_FLIGHT,
        "stored": stored,
        "scored": scored,
        "excerpts": excerpts,
    }
    result.row(
        f"ingest {count:,} review pages by URL",
        round(rate),
        "pages/s",
        baseline=round(baseline),
        ratio=round(baseline / rate, 1) if rate else None,
        target=f"≥ {PAGES_PER_SECOND:g} pages/s",
        passed=rate >= PAGES_PER_SECOND,
    )
    result.row(
        "pages stored and scored; again: none stored",
        f"{stored:,} / {scored:,} of {count:,}; {sum(1 for r in again if r.stored)}",
        target="all; 0",
        passed=stored == scored == count and not any(r.stored for r in again),
        check=True,
    )
    return result


def _unloaded(index: int) -> tuple[str, bool]:
    """A title the library lacks, and whether the catalog knows it (every other one)."""
    if index % 2 == 0:
        return f"Catalog Picture {index}", True
    return f"Unloaded Picture {index}", False


def _ratings_csv(rows: int, films_count: int) -> bytes:
    rng = random.Random(rows)
    lines = ["Date,Name,Year,Letterboxd URI,Rating"]
    for i in range(rows):
        index = i % (films_count + films_count // 10)  # one row in eleven names no loaded film
        title = film_title(index) if index < films_count else _unloaded(index)[0]
        year = 1950 + index % 70
        stars = rng.randint(1, 10) / 2
        lines.append(f'2024-01-{1 + i % 28:02d},"{title}",{year},https://boxd.it/b{i},{stars:g}')
    return ("\n".join(lines) + "\n").encode()


def _catalog_film(index: int) -> tuple[str, dict[str, Any]]:
    qid = f"Q{95_000_000 + index}"
    year = 1950 + index % 70
    film = wikidata_fake.entity(
        qid,
        _unloaded(index)[0],
        f"{year} film by Michael Mann",
        (),
        (
            wikidata_fake.statement("P31", wikidata_fake.item("Q11424")),
            wikidata_fake.statement("P57", wikidata_fake.item("Q323076")),
            wikidata_fake.statement("P161", wikidata_fake.item("Q41163")),
            wikidata_fake.statement("P577", wikidata_fake.time(f"+{year}-06-01T00:00:00Z")),
            wikidata_fake.statement("P345", wikidata_fake.string(f"tt{90_000_000 + index}")),
        ),
    )
    return qid, film


async def _fake_catalog(films_count: int, rows: int) -> wikidata_fake.FakeWikidata:
    fake = wikidata_fake.FakeWikidata(latency=CATALOG_LATENCY_S)
    for index in range(films_count, min(rows, films_count + films_count // 10)):
        if _unloaded(index)[1]:
            fake.add_film(*_catalog_film(index))
    return await fake.start()


async def run_import(scale: Scale, postgres: str = "") -> Result:
    """``postgres``: an empty PostgreSQL schema's URL to store into instead of a SQLite file."""
    result = Result("letterboxd_import")
    rows = SIZES[scale.name].rows
    films_count = rows * 10 // 11
    data = _ratings_csv(rows, films_count)

    def add_films(conn: Any) -> None:
        for index in range(films_count):
            year = 1950 + index % 70
            films.upsert_film(conn, FilmInput(f"bench-{index}", film_title(index), year))

    fake = await _fake_catalog(films_count, rows)
    try:
        with tempfile.TemporaryDirectory(prefix="filmclub-import-") as tmp:
            db = str(Path(tmp) / "import.db")
            settings = replace(
                Settings(db_path=db, database_url=postgres),
                catalog=True,
                wikidata_api_url=fake.api_url,
                contact="bench@example.org",
            )
            app = await App.open(settings, rng=random.Random(1))
            services = app.services
            try:
                await app.store.write(add_films)
                started = time.perf_counter()
                read_export(data, "ratings.csv")
                read_seconds = time.perf_counter() - started
                started = time.perf_counter()
                summary = await import_history(services, "bench:club", Member("m1", "Ada"), data)
                seconds = time.perf_counter() - started
                requests = len(fake.requests)
                started = time.perf_counter()
                again = await import_history(services, "bench:club", Member("m1", "Ada"), data)
                again_seconds = time.perf_counter() - started
                again_requests = len(fake.requests) - requests
            finally:
                await app.close()
    finally:
        await fake.stop()
    matched = summary.imported + summary.updated + summary.unchanged
    cycle = films_count + films_count // 10
    missing = sorted({i % cycle for i in range(rows) if i % cycle >= films_count})
    known = sum(1 for i in missing if _unloaded(i)[1])
    unloaded = sum(
        1 for i in range(rows) if i % cycle >= films_count and not _unloaded(i % cycle)[1]
    )
    result.details = {
        "rows": rows,
        "bytes": len(data),
        "films": films_count,
        "titles_not_in_library": len(missing),
        "of_which_the_catalog_knows": known,
        "catalog_fake_latency_ms": CATALOG_LATENCY_S * 1000,
        "catalog_requests": requests,
        "seconds": round(seconds, 3),
        "read_only_seconds": round(read_seconds, 3),
        "again_seconds": round(again_seconds, 3),
        "again_catalog_requests": again_requests,
        "imported": summary.imported,
        "unmatched": len(summary.unmatched),
        "again_unchanged": again.unchanged,
    }
    result.row(
        f"import a {rows:,}-row Letterboxd ratings.csv ({len(missing)} titles for the catalog)",
        round(seconds, 3),
        "s",
        baseline=round(read_seconds, 3),
        ratio=round(seconds / read_seconds, 1) if read_seconds else None,
        target=f"≤ {IMPORT_SECONDS:g} s",
        passed=seconds <= IMPORT_SECONDS,
    )
    result.row(
        "catalog requests (fake Wikidata, "
        f"{CATALOG_LATENCY_S * 1000:g} ms each); again: requests, seconds",
        f"{requests:,}; {again_requests}, {again_seconds:.3f} s",
    )
    result.row(
        "films imported, rows unmatched; again: unchanged",
        f"{summary.imported:,}, {len(summary.unmatched):,}; {again.unchanged:,}",
        target=f"{films_count + known:,}, {unloaded:,}; {films_count + known:,}",
        passed=summary.imported == films_count + known
        and len(summary.unmatched) == unloaded
        and again.unchanged == matched
        and again.imported == again.updated == 0
        and again_requests == 0,
        check=True,
    )
    return result
