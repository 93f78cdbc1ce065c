"""Loading film folders, folders of films and single review files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from bot.ingest import ingest_paths
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
