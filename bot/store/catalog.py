"""Films from the online catalog, kept as ordinary library films, and remembered misses."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from bot.catalog.models import CatalogFilm
from bot.store.films import normalize_title

CATALOG_PREFIXES = ("Wikidata ", "TMDB ", "JustWatch ")
CATALOG_POSITION = 1000  # catalog facts come after the curated ones


@dataclass(frozen=True)
class CatalogEntry:
    film_id: int
    wikidata_id: str | None
    tmdb_id: str | None
    imdb_id: str | None
    poster_url: str | None
    fetched_at: datetime


def _slug(title: str, year: int | None) -> str:
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    base = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "film"
    return f"{base}-{year}" if year else base


def is_catalog_source(source: str) -> bool:
    return source.startswith(CATALOG_PREFIXES)


def _existing_film(conn: sqlite3.Connection, film: CatalogFilm) -> int | None:
    for column, value in (("wikidata_id", film.wikidata_id), ("tmdb_id", film.tmdb_id)):
        if value:
            row = conn.execute(
                f"SELECT c.film_id FROM catalog_films c JOIN films f ON f.id = c.film_id"
                f" WHERE c.{column} = ?",
                (value,),
            ).fetchone()
            if row:
                return int(row[0])
    if film.year is not None:
        row = conn.execute(
            "SELECT f.id FROM films f LEFT JOIN catalog_films c ON c.film_id = f.id"
            " WHERE f.norm_title = ? AND f.year = ? AND c.film_id IS NULL ORDER BY f.id LIMIT 1",
            (normalize_title(film.title), film.year),
        ).fetchone()
        if row:
            return int(row[0])
    # A film made for a bare title while the catalog was away: the catalog now fills it in.
    row = conn.execute(
        "SELECT f.id FROM films f LEFT JOIN catalog_films c ON c.film_id = f.id"
        " WHERE f.norm_title = ? AND f.year IS NULL AND c.film_id IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.film_id = f.id)"
        " AND NOT EXISTS (SELECT 1 FROM film_facts x WHERE x.film_id = f.id)"
        " ORDER BY f.id LIMIT 1",
        (normalize_title(film.title),),
    ).fetchone()
    return int(row[0]) if row else None


def _insert_film(conn: sqlite3.Connection, film: CatalogFilm, logline: str | None) -> int:
    slug = _slug(film.title, film.year)
    taken = conn.execute("SELECT 1 FROM films WHERE slug = ?", (slug,)).fetchone()
    if taken:
        slug = f"{slug}-{(film.wikidata_id or film.tmdb_id or 'x').lower()}"
    cur = conn.execute(
        "INSERT INTO films(slug, title, year, logline, norm_title) VALUES (?, ?, ?, ?, ?)",
        (slug, film.title, film.year, logline, normalize_title(film.title)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def _replace_catalog_facts(
    conn: sqlite3.Connection, film_id: int, film: CatalogFilm, now: str
) -> None:
    """Drop what the catalog said before, keep what reviews said, add what it says now."""
    for fact_id, sources in conn.execute(
        "SELECT id, sources FROM film_facts WHERE film_id = ? AND fetched_at IS NOT NULL",
        (film_id,),
    ).fetchall():
        kept = [s for s in sources.split("\n") if s and not is_catalog_source(s)]
        if kept:
            conn.execute(
                "UPDATE film_facts SET sources = ?, fetched_at = NULL WHERE id = ?",
                ("\n".join(kept), fact_id),
            )
        else:
            conn.execute("DELETE FROM film_facts WHERE id = ?", (fact_id,))
    for position, fact in enumerate(film.facts, start=CATALOG_POSITION):
        row = conn.execute(
            "SELECT id, sources FROM film_facts WHERE film_id = ? AND key = ? AND value = ?",
            (film_id, fact.key, fact.value),
        ).fetchone()
        if row:
            sources = [s for s in row[1].split("\n") if s]
            sources += [s for s in fact.sources if s not in sources]
            conn.execute(
                "UPDATE film_facts SET sources = ?, fetched_at = ? WHERE id = ?",
                ("\n".join(sources), now, row[0]),
            )
        else:
            conn.execute(
                "INSERT INTO film_facts(film_id, key, value, sources, position, fetched_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (film_id, fact.key, fact.value, "\n".join(fact.sources), position, now),
            )


def save_film(conn: sqlite3.Connection, film: CatalogFilm, now: datetime) -> int:
    """Store a catalog film as a library film (or refresh it); return its film id."""
    stamp = now.isoformat()
    loglines = [f.value for f in film.facts if f.key == "logline"]
    logline = loglines[0] if loglines else None
    film_id = _existing_film(conn, film)
    if film_id is None:
        film_id = _insert_film(conn, film, logline)
    else:
        from_catalog = conn.execute(
            "SELECT 1 FROM catalog_films WHERE film_id = ?", (film_id,)
        ).fetchone()
        bare = conn.execute(
            "SELECT 1 FROM films WHERE id = ? AND year IS NULL", (film_id,)
        ).fetchone()
        if from_catalog or bare:
            conn.execute(
                "UPDATE films SET title = ?, year = ?, norm_title = ?,"
                " logline = coalesce(?, logline) WHERE id = ?",
                (film.title, film.year, normalize_title(film.title), logline, film_id),
            )
    _replace_catalog_facts(conn, film_id, film, stamp)
    conn.execute(
        "INSERT INTO catalog_films(film_id, wikidata_id, tmdb_id, imdb_id, poster_url, fetched_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(film_id) DO UPDATE SET"
        " wikidata_id = coalesce(excluded.wikidata_id, wikidata_id),"
        " tmdb_id = coalesce(excluded.tmdb_id, tmdb_id),"
        " imdb_id = coalesce(excluded.imdb_id, imdb_id),"
        " poster_url = coalesce(excluded.poster_url, poster_url),"
        " fetched_at = excluded.fetched_at",
        (film_id, film.wikidata_id, film.tmdb_id, film.imdb_id, film.poster_url, stamp),
    )
    conn.execute("DELETE FROM catalog_misses WHERE query = ?", (normalize_title(film.title),))
    return film_id


def save_films(conn: sqlite3.Connection, found: list[CatalogFilm], now: datetime) -> list[int]:
    """Several catalog films in one transaction; their film ids, in order."""
    return [save_film(conn, film, now) for film in found]


def entry(conn: sqlite3.Connection, film_id: int) -> CatalogEntry | None:
    row = conn.execute(
        "SELECT film_id, wikidata_id, tmdb_id, imdb_id, poster_url, fetched_at"
        " FROM catalog_films WHERE film_id = ?",
        (film_id,),
    ).fetchone()
    if row is None:
        return None
    return CatalogEntry(int(row[0]), row[1], row[2], row[3], row[4], datetime.fromisoformat(row[5]))


def film_by_external_id(conn: sqlite3.Connection, wikidata_id: str) -> int | None:
    row = conn.execute(
        "SELECT film_id FROM catalog_films WHERE wikidata_id = ?", (wikidata_id,)
    ).fetchone()
    return int(row[0]) if row else None


def film_by_imdb(conn: sqlite3.Connection, imdb_id: str) -> int | None:
    """The stored film with this IMDb id (``tt0113277``), if any."""
    row = conn.execute(
        "SELECT c.film_id FROM catalog_films c JOIN films f ON f.id = c.film_id"
        " WHERE c.imdb_id = ? ORDER BY c.film_id LIMIT 1",
        (imdb_id,),
    ).fetchone()
    return int(row[0]) if row else None


def missed_since(conn: sqlite3.Connection, query: str, year: int | None, since: datetime) -> bool:
    row = conn.execute(
        "SELECT missed_at FROM catalog_misses WHERE query = ? AND year = ?",
        (normalize_title(query), year or 0),
    ).fetchone()
    return bool(row) and datetime.fromisoformat(row[0]) >= since


def missed_of(
    conn: sqlite3.Connection, queries: list[tuple[str, int | None]], since: datetime
) -> set[tuple[str, int | None]]:
    """Those of ``queries`` the catalog had no film for since ``since``."""
    return {(q, y) for q, y in queries if missed_since(conn, q, y, since)}


def record_misses(
    conn: sqlite3.Connection, queries: list[tuple[str, int | None]], now: datetime
) -> None:
    for query, year in queries:
        record_miss(conn, query, year, now)


def record_miss(conn: sqlite3.Connection, query: str, year: int | None, now: datetime) -> None:
    conn.execute(
        "INSERT INTO catalog_misses(query, year, missed_at) VALUES (?, ?, ?)"
        " ON CONFLICT(query, year) DO UPDATE SET missed_at = excluded.missed_at",
        (normalize_title(query), year or 0, now.isoformat()),
    )
