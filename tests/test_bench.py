"""The benchmark harness runs at small scale, and the maintained rating aggregates
it relies on agree with the ratings themselves."""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from bench.runner import BENCHMARKS
from bot.store import Store, films, ratings, schema
from bot.store.models import FilmInput
from tests.conftest import IN_CI, NO_POSTGRES, POSTGRES_URL

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(600)
def test_bench_smoke_runs_every_benchmark(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--scale", "small", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=580,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["scale"] == "small"
    assert set(data["benchmarks"]) == set(BENCHMARKS) - {"adapters_postgres"}
    for name, bench in data["benchmarks"].items():
        assert bench["error"] is None, (name, bench["error"])
        assert bench["rows"], name
        for row in bench["rows"]:
            if row["check"]:
                assert row["verdict"] == "PASS", (name, row)
            elif row["passed"] is not None:
                assert row["verdict"] == "n/a (small)", (name, row)
    writes = data["benchmarks"]["write_burst"]["details"]
    assert writes["lost"] == 0
    assert writes["rows"] == writes["burst"]["acknowledged"] == writes["burst"]["requests"]
    votes = data["benchmarks"]["vote_burst"]["details"]
    assert votes["ballots"] == votes["burst"]["acknowledged"] == votes["burst"]["requests"]
    assert "filmclub benchmarks, small scale" in proc.stdout


@pytest.mark.timeout(600)
def test_bench_smoke_on_postgres(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    """Every benchmark that uses the store runs on PostgreSQL with its own baselines."""
    if not POSTGRES_URL and not IN_CI:
        pytest.skip(NO_POSTGRES)
    url = request.getfixturevalue("postgres_server")
    out = tmp_path / "results.json"
    groups = [a for g in ("reads", "writes", "ingest", "web", "adapters") for a in ("--only", g)]
    options = ["--scale", "small", "--backend", "postgres", "--postgres-url", url]
    proc = subprocess.run(
        [sys.executable, "-m", "bench", *options, "--json", str(out), *groups],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=580,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["backend"] == "postgres"
    ran = set(data["benchmarks"])
    assert ran == set(BENCHMARKS) - {"startup", "adapters"}  # adapters: adapters_postgres
    for name, bench in data["benchmarks"].items():
        assert bench["error"] is None, (name, bench["error"])
        for row in bench["rows"]:
            if row["check"]:
                assert row["verdict"] == "PASS", (name, row)
    catalog = [r["metric"] for r in data["benchmarks"]["catalog"]["rows"]]
    assert "raw psycopg PK read p50" in catalog
    assert data["benchmarks"]["write_burst"]["details"]["lost"] == 0
    processes = data["benchmarks"]["adapters_postgres"]["details"]
    assert processes["2"]["processes"] == 2 and processes["2"]["rates_replied"] > 0


def _expected(scores: list[float]) -> tuple[int, float | None, float | None]:
    if not scores:
        return 0, None, None
    return (
        len(scores),
        round(sum(scores) / len(scores), 2),
        round(statistics.median(sorted(scores)), 2),
    )


async def test_club_stats_median_follows_inserts_updates_and_deletes(tmp_path: Path) -> None:
    store = await Store.open(str(tmp_path / "stats.db"))
    try:
        film = await store.write(films.upsert_film, FilmInput("stats-film", "Stats Film", 2020))
        rng = random.Random(11)
        current: dict[str, float] = {}
        for step in range(400):
            member = f"m{rng.randrange(60)}"
            if current and rng.random() < 0.15:
                await store.write(ratings.delete_rating, "club:stats", member, film)
                current.pop(member, None)
            else:
                score = rng.choice([0.0, 2.5, 5.0, 6.0, 7.25, 7.5, 8.0, 8.5, 9.0, 10.0])
                await store.write(
                    ratings.upsert_rating,
                    "club:stats",
                    member,
                    member,
                    film,
                    score,
                    str(score),
                    None,
                )
                current[member] = score
            if step % 20 == 0 or step == 399:
                stats = await store.read(ratings.club_stats, "club:stats", film)
                count, _, median = _expected(list(current.values()))
                assert stats.count == count
                assert stats.median == median
    finally:
        await store.close()


async def test_rating_values_backfilled_when_migrating_an_older_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = str(tmp_path / "old.db")
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:2])
        old = await Store.open(path)
        try:
            film = await old.write(films.upsert_film, FilmInput("old-film", "Old Film", 1999))
            scores = [3.0, 8.0, 8.0, 9.5, 6.5, 7.0]
            await asyncio.gather(
                *(
                    old.write(
                        ratings.upsert_rating, "club:old", f"u{i}", f"U{i}", film, s, str(s), None
                    )
                    for i, s in enumerate(scores)
                )
            )
        finally:
            await old.close()
    store = await Store.open(path)
    try:
        stats = await store.read(ratings.club_stats, "club:old", film)
        assert (stats.count, stats.mean, stats.median) == _expected(scores)
        rows = await store.fetchall("SELECT sum(n) FROM rating_values WHERE film_id = ?", (film,))
        assert rows[0][0] == len(scores)
    finally:
        await store.close()
