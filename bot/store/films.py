"""Films, their facts, and the review documents loaded for them."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

from bot.store.clubs import now_iso
from bot.store.db import batch_memo
from bot.store.dialect import dialect_of
from bot.store.models import (
    Aggregate,
    CriticScore,
    DocumentInput,
    Fact,
    FactInput,
    Film,
    FilmInput,
)

_NON_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=8192)
def normalize_title(title: str) -> str:
    """Lower case, accents and punctuation dropped, a leading article dropped."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _NON_WORD.sub(" ", text).strip()
    for article in ("the ", "a ", "an "):
        if text.startswith(article) and len(text) > len(article):
            text = text[len(article) :]
            break
    return text


def _film(row: sqlite3.Row) -> Film:
    return Film(int(row["id"]), row["slug"], row["title"], row["year"], row["logline"])


def film_by_id(conn: sqlite3.Connection, film_id: int) -> Film | None:
    row = conn.execute(
        "SELECT id, slug, title, year, logline FROM films WHERE id = ?", (film_id,)
    ).fetchone()
    return _film(row) if row else None


def films_by_norm(conn: sqlite3.Connection, norm: str, year: int | None) -> list[Film]:
    if year is None:
        rows = conn.execute(
            "SELECT id, slug, title, year, logline FROM films WHERE norm_title = ? ORDER BY year",
            (norm,),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, slug, title, year, logline FROM films WHERE norm_title = ? AND year = ?",
            (norm, year),
        ).fetchall()
    return [_film(r) for r in rows]


def all_titles(conn: sqlite3.Connection) -> list[tuple[int, str, int | None]]:
    return [
        (int(r[0]), r[1], r[2])
        for r in conn.execute("SELECT id, title, year FROM films ORDER BY id").fetchall()
    ]


def titles_after(conn: sqlite3.Connection, film_id: int) -> list[tuple[int, str, int | None]]:
    """(id, title, year) of the films added after ``film_id``, in id order."""
    return [
        (int(r[0]), r[1], r[2])
        for r in conn.execute(
            "SELECT id, title, year FROM films WHERE id > ? ORDER BY id", (film_id,)
        ).fetchall()
    ]


def film_count(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM films").fetchone()
    return int(row[0]), int(row[1])


def only_film(conn: sqlite3.Connection) -> Film | None:
    rows = conn.execute("SELECT id, slug, title, year, logline FROM films LIMIT 2").fetchall()
    return _film(rows[0]) if len(rows) == 1 else None


def facts(conn: sqlite3.Connection, film_id: int) -> list[Fact]:
    rows = conn.execute(
        "SELECT key, value, sources FROM film_facts WHERE film_id = ? ORDER BY position, id",
        (film_id,),
    ).fetchall()
    return [Fact(r[0], r[1], tuple(s for s in r[2].split("\n") if s)) for r in rows]


def critic_scores(conn: sqlite3.Connection, film_id: int) -> list[CriticScore]:
    """A film's critic scores, each with its category scores (one statement)."""
    found: dict[int, CriticScore] = {}
    for row in conn.execute(
        "SELECT r.id, r.author, coalesce(r.source, d.site, d.name), r.score, r.raw_score,"
        " c.name, c.score FROM reviews r JOIN documents d ON d.id = r.document_id"
        " LEFT JOIN review_categories c ON c.review_id = r.id"
        " WHERE r.film_id = ? ORDER BY d.name, r.position, r.id, c.name",
        (film_id,),
    ).fetchall():
        critic = found.get(int(row[0]))
        if critic is None:
            critic = found[int(row[0])] = CriticScore(row[1], row[2], row[3], row[4], {})
        if row[5] is not None:
            critic.categories[row[5]] = float(row[6])
    return list(found.values())


def aggregates(conn: sqlite3.Connection, film_id: int) -> list[Aggregate]:
    rows = conn.execute(
        "SELECT source, score, votes FROM aggregates WHERE film_id = ? ORDER BY id", (film_id,)
    ).fetchall()
    return [Aggregate(r[0], float(r[1]), r[2]) for r in rows]


def upsert_film(conn: sqlite3.Connection, film: FilmInput) -> int:
    """Create or update a film and replace its curated facts and aggregates."""
    norm = normalize_title(film.title)
    row = conn.execute("SELECT id FROM films WHERE slug = ?", (film.slug,)).fetchone()
    if row:
        film_id = int(row[0])
        conn.execute(
            "UPDATE films SET title = ?, year = ?, logline = ?, norm_title = ? WHERE id = ?",
            (film.title, film.year, film.logline, norm, film_id),
        )
    else:
        cur = conn.execute(
            "INSERT INTO films(slug, title, year, logline, norm_title) VALUES (?, ?, ?, ?, ?)",
            (film.slug, film.title, film.year, film.logline, norm),
        )
        assert cur.lastrowid is not None
        film_id = cur.lastrowid
    if film.facts:
        conn.execute("DELETE FROM film_facts WHERE film_id = ?", (film_id,))
        conn.executemany(
            "INSERT INTO film_facts(film_id, key, value, sources, position)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            [
                (film_id, f.key, f.value, "\n".join(f.sources), pos)
                for pos, f in enumerate(film.facts)
            ],
        )
    if film.aggregates:
        conn.execute("DELETE FROM aggregates WHERE film_id = ? AND document_id IS NULL", (film_id,))
        conn.executemany(
            "INSERT INTO aggregates(film_id, source, score, votes) VALUES (?, ?, ?, ?)",
            [(film_id, a.source, a.score, a.votes) for a in film.aggregates],
        )
    return film_id


def add_missing_facts(conn: sqlite3.Connection, film_id: int, facts: tuple[FactInput, ...]) -> int:
    """Add the facts of keys the film has none of yet; a key it already has is left as it is.
    Returns how many facts were added."""
    have = {
        str(row[0])
        for row in conn.execute("SELECT DISTINCT key FROM film_facts WHERE film_id = ?", (film_id,))
    }
    fresh = [f for f in facts if f.key not in have]
    row = conn.execute(
        "SELECT coalesce(max(position), -1) + 1 FROM film_facts WHERE film_id = ?", (film_id,)
    ).fetchone()
    start = int(row[0])
    conn.executemany(
        "INSERT OR IGNORE INTO film_facts(film_id, key, value, sources, position)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (film_id, f.key, f.value, "\n".join(f.sources), start + pos)
            for pos, f in enumerate(fresh)
        ],
    )
    return len(fresh)


def add_document_and_facts(
    conn: sqlite3.Connection, doc: DocumentInput, facts: tuple[FactInput, ...]
) -> bool:
    """Store one film's part of a document and the facts it gives that film, together."""
    added = add_document(conn, doc)
    if facts:
        add_missing_facts(conn, doc.film_id, facts)
    return added


def has_document(conn: sqlite3.Connection, content_hash: str) -> bool:
    row = conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,))
    return row.fetchone() is not None


def _next_ordinals(
    conn: sqlite3.Connection, keys: set[tuple[int, str]]
) -> dict[tuple[int, str], int]:
    """The next free ordinal of each pool; a batch of documents (an ingest) reads each pool's
    maximum once per transaction and then counts on from what it wrote."""
    memo = batch_memo()
    nexts: dict[tuple[int, str], int] = {}
    for film_id, topic in keys:
        known = memo.get(("pool-next", film_id, topic))
        if known is not None:
            nexts[(film_id, topic)] = known
            continue
        row = conn.execute(
            "SELECT coalesce(max(ordinal), -1) + 1 FROM excerpt_pools"
            " WHERE film_id = ? AND topic = ?",
            (film_id, topic),
        ).fetchone()
        nexts[(film_id, topic)] = int(row[0])
    return nexts


def add_document(conn: sqlite3.Connection, doc: DocumentInput) -> bool:
    """Store a parsed document with its reviews and excerpts; False if already there."""
    # Pools are numbered max + 1: one document at a time.
    dialect_of(conn).serialize(conn, "filmclub.excerpt_pools")
    if has_document(conn, doc.content_hash):
        return False
    cur = conn.execute(
        "INSERT INTO documents(film_id, content_hash, name, url, site, ingested_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (doc.film_id, doc.content_hash, doc.name, doc.url, doc.site, now_iso()),
    )
    document_id = cur.lastrowid
    pool_rows: list[tuple[int, str, int]] = []  # (film, topic, excerpt)
    for position, review in enumerate(doc.reviews):
        cur = conn.execute(
            "INSERT INTO reviews(document_id, film_id, position, author, source, score, raw_score,"
            " spoilers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                document_id,
                doc.film_id,
                position,
                review.author,
                doc.site,
                review.score,
                review.raw_score,
                int(review.spoilers),
            ),
        )
        review_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO review_categories(review_id, name, score) VALUES (?, ?, ?)"
            " ON CONFLICT(review_id, name) DO UPDATE SET score = excluded.score",
            [(review_id, name, score) for name, score in review.categories.items()],
        )
        for text, topics in review.excerpts:
            cur = conn.execute(
                "INSERT INTO excerpts(review_id, film_id, text, topics) VALUES (?, ?, ?, ?)",
                (review_id, doc.film_id, text, " ".join(sorted(topics))),
            )
            excerpt_id = cur.lastrowid
            assert excerpt_id is not None
            for topic in ("", *sorted(topics)):
                pool_rows.append((doc.film_id, topic, excerpt_id))
                pool_rows.append((0, topic, excerpt_id))
    conn.executemany(
        "INSERT INTO aggregates(film_id, document_id, source, score, votes) VALUES (?, ?, ?, ?, ?)",
        [(doc.film_id, document_id, a.source, a.score, a.votes) for a in doc.aggregates],
    )
    nexts = _next_ordinals(conn, {(f, t) for f, t, _ in pool_rows})
    numbered: list[tuple[int, str, int, int]] = []
    for film_id, topic, excerpt_id in pool_rows:
        key = (film_id, topic)
        numbered.append((film_id, topic, nexts[key], excerpt_id))
        nexts[key] += 1
    conn.executemany(
        "INSERT INTO excerpt_pools(film_id, topic, ordinal, excerpt_id) VALUES (?, ?, ?, ?)",
        numbered,
    )
    memo = batch_memo()
    for (film_id, topic), following in nexts.items():
        memo[("pool-next", film_id, topic)] = following
    return True


def film_for_title(conn: sqlite3.Connection, title: str) -> int:
    """The film a bare title stands for: the one library film with exactly that title, or
    a new film with no year and no facts (the catalog fills it in once it can)."""
    norm = normalize_title(title)
    found = films_by_norm(conn, norm, None)
    if len(found) == 1:
        return found[0].id
    base = "title-" + (_NON_WORD.sub("-", norm).strip("-") or "film")
    slug, n = base, 1
    while conn.execute("SELECT 1 FROM films WHERE slug = ?", (slug,)).fetchone():
        n += 1
        slug = f"{base}-{n}"
    cur = conn.execute(
        "INSERT INTO films(slug, title, year, logline, norm_title) VALUES (?, ?, NULL, NULL, ?)",
        (slug, title, norm),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid
