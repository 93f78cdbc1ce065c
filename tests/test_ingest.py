"""Loading film folders, folders of films and single review files."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from bot import ingest
from bot.ingest import Ingestor, ingest_paths
from bot.store import Store
from tests.conftest import CORPUS, HER_REVIEWS

NEW_REVIEW = """Lost in Translation

Directed by: Sofia Coppola
Starring: Bill Murray, Scarlett Johansson
Runtime: 102 min | Rated R

Reviewed by Jane Doe

Bill Murray gives the quietest and funniest performance of his career as a fading
star adrift in Tokyo. The soundtrack drifts through the neon night like a
half-remembered song, and the city glows around them.

Verdict: 4.5/5
"""


def count(db_path: str, table: str) -> int:
    with sqlite3.connect(db_path) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


async def test_corpus_loads_once_and_is_idempotent(store: Store, db_path: str) -> None:
    first = await ingest_paths(store, [CORPUS])
    assert (first.films, first.added, first.skipped, first.bad) == (1, 5, 0, [])
    assert first.scored == 6 and first.excerpts > 30
    excerpts = count(db_path, "excerpts")
    again = await ingest_paths(store, [CORPUS.parent])
    assert (again.added, again.skipped) == (0, 5)
    assert count(db_path, "excerpts") == excerpts
    assert count(db_path, "reviews") == first.reviews
    assert count(db_path, "films") == 1


async def test_bad_files_are_reported_and_the_rest_still_load(
    store: Store, db_path: str, tmp_path: Path
) -> None:
    film = tmp_path / "films" / "her-2013"
    shutil.copytree(CORPUS / "her-2013", film)
    (film / "reviews" / "binary.txt").write_bytes(b"\x89PNG\x00\x00junk")
    (film / "reviews" / "empty.txt").write_text("   \n")
    broken = tmp_path / "films" / "broken"
    (broken / "reviews").mkdir(parents=True)
    (broken / "film.toml").write_text('title = "Broken\nyear = ')
    (broken / "reviews" / "r.txt").write_text(NEW_REVIEW)
    report = await ingest_paths(store, [tmp_path / "films"])
    bad = {Path(name).name: why for name, why in report.bad}
    assert bad["binary.txt"] == "binary file"
    assert bad["empty.txt"] == "empty"
    assert bad["film.toml"].startswith("unreadable TOML")
    assert report.added == 5
    assert count(db_path, "films") == 1


async def test_a_single_review_file_needs_and_creates_its_film(
    store: Store, db_path: str, tmp_path: Path
) -> None:
    review = tmp_path / "lit.txt"
    review.write_text(NEW_REVIEW)
    refused = await ingest_paths(store, [review])
    assert refused.added == 0 and "--film" in refused.bad[0][1]
    report = await ingest_paths(store, [review], film="Lost in Translation 2003")
    assert (report.films, report.added, report.scored) == (1, 1, 1)
    with sqlite3.connect(db_path) as conn:
        title, year = conn.execute("SELECT title, year FROM films").fetchone()
        score, author = conn.execute("SELECT score, author FROM reviews").fetchone()
    assert (title, year) == ("Lost in Translation", 2003)
    assert (score, author) == (9.0, "Jane Doe")


async def test_a_folder_without_curated_facts_takes_them_from_its_reviews(
    store: Store, tmp_path: Path
) -> None:
    folder = tmp_path / "lit"
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.toml").write_text('title = "Lost in Translation"\nyear = 2003\n')
    (folder / "reviews" / "a.txt").write_text(NEW_REVIEW)
    await ingest_paths(store, [folder])
    from bot.store import films

    film = (await store.read(films.films_by_norm, "lost in translation", 2003))[0]
    facts = {(f.key, f.value): f.sources for f in await store.read(films.facts, film.id)}
    assert facts[("directors", "Sofia Coppola")] == ("a.txt",)
    assert ("cast", "Bill Murray") in facts
    assert ("runtime", "102 min") in facts


async def test_missing_paths_are_reported(store: Store, tmp_path: Path) -> None:
    report = await ingest_paths(store, [tmp_path / "nope", HER_REVIEWS.parent / "film.toml"])
    names = [Path(n).name for n, _ in report.bad]
    assert "nope" in names


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What happens to worker pools: "started", then "shut down" or "shut down, cancelled"."""
    events: list[str] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            events.append("started")

        def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
            events.append("shut down, cancelled" if cancel_futures else "shut down")
            super().shutdown(wait, cancel_futures=cancel_futures)

    monkeypatch.setattr(ingest, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(Ingestor, "PARALLEL_MIN_DOCUMENTS", 1)
    return events


def _bad_corpus(root: Path) -> Path:
    films_dir = root / "films"
    shutil.copytree(CORPUS, films_dir)
    reviews = films_dir / "her-2013" / "reviews"
    (reviews / "binary.txt").write_bytes(b"\x89PNG\x00\x00junk")
    (reviews / "empty.txt").write_text("   \n")
    (reviews / "lit.txt").write_text(NEW_REVIEW)
    broken = films_dir / "broken"
    (broken / "reviews").mkdir(parents=True)
    (broken / "film.toml").write_text('title = "Broken\nyear = ')
    (broken / "reviews" / "r.txt").write_text(NEW_REVIEW)
    return films_dir


def _rows(db: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT d.name, r.position, r.author, r.score, e.text, e.topics FROM documents d"
            " JOIN reviews r ON r.document_id = d.id LEFT JOIN excerpts e ON e.review_id = r.id"
            " ORDER BY d.id, r.position, e.id"
        ).fetchall()


def _recorder(calls: list[tuple[int, int]]) -> Callable[[int, int], None]:
    return lambda done, total: calls.append((done, total))


async def test_worker_processes_load_the_same_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pools: list[str]
) -> None:
    corpus = _bad_corpus(tmp_path)
    outcomes = []
    for name, workers in (("serial", 1), ("parallel", 2)):
        monkeypatch.setattr(Ingestor, "WORKERS", workers)
        progress: list[tuple[int, int]] = []
        db = str(tmp_path / f"{name}.db")
        store = await Store.open(db)
        try:
            report = await ingest_paths(store, [corpus], progress=_recorder(progress))
        finally:
            await store.close()
        outcomes.append((report, progress, _rows(db)))
    assert pools == ["started", "shut down, cancelled"]
    (serial, serial_progress, serial_rows), (parallel, parallel_progress, parallel_rows) = outcomes
    assert parallel == serial
    assert (parallel.added, len(parallel.bad)) == (6, 3)
    assert parallel_progress == serial_progress
    assert parallel_rows == serial_rows and len(parallel_rows) > 30


async def test_the_worker_pool_is_shut_down_when_ingest_fails(
    store: Store, monkeypatch: pytest.MonkeyPatch, pools: list[str]
) -> None:
    async def fail(*args: object) -> None:
        raise RuntimeError("store is gone")

    monkeypatch.setattr(Ingestor, "WORKERS", 2)
    monkeypatch.setattr(Ingestor, "_document", fail)
    with pytest.raises(RuntimeError, match="store is gone"):
        await ingest_paths(store, [CORPUS])
    assert pools == ["started", "shut down, cancelled"]


async def test_small_ingests_stay_in_process(
    store: Store, monkeypatch: pytest.MonkeyPatch, pools: list[str]
) -> None:
    monkeypatch.setattr(Ingestor, "WORKERS", 2)
    monkeypatch.setattr(Ingestor, "PARALLEL_MIN_DOCUMENTS", 200)
    report = await ingest_paths(store, [CORPUS])
    assert report.added == 5
    assert pools == []


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-8", b"\xef\xbb\xbf")],
)
def test_a_byte_order_mark_names_the_encoding(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / f"review-{encoding}.txt"
    text = NEW_REVIEW.replace("Tokyo", "Tōkyō — 東京")
    path.write_bytes(bom + text.encode(encoding))
    read, _ = ingest.read_document(path)
    assert read == text


async def test_a_utf16_review_loads_like_its_utf8_twin(
    store: Store, db_path: str, tmp_path: Path
) -> None:
    review = tmp_path / "lit-utf16.txt"
    review.write_bytes(b"\xff\xfe" + NEW_REVIEW.encode("utf-16-le"))
    report = await ingest_paths(store, [review], film="Lost in Translation 2003")
    assert report.bad == []
    assert (report.added, report.scored) == (1, 1)
    with sqlite3.connect(db_path) as conn:
        author = conn.execute("SELECT author FROM reviews").fetchone()[0]
    assert author == "Jane Doe"


def test_a_byte_order_mark_before_binary_is_still_binary(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe" + "PNG\x00\x01junk".encode("utf-16-le"))
    with pytest.raises(ingest.BadFile, match="binary"):
        ingest.read_document(path)
