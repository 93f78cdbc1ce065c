"""Random excerpts that do not repeat in a channel until their pool is used up.

Each (club, channel, pool) keeps a sparse Fisher-Yates shuffle: ``position``
draws have been made, and ``quote_swaps`` holds the slots whose value differs
from the identity. A draw picks a uniform slot among the remaining ones, so
every excerpt not yet shown is equally likely, in O(log n) per draw. A pool that
grows keeps its state (new slots sit past ``position``); one that shrinks
starts a fresh round.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable

from bot.store.clubs import ensure_club
from bot.store.db import bookkeeping
from bot.store.dialect import dialect_of
from bot.store.models import Excerpt

PoolSize = Callable[[sqlite3.Connection], int]
# The passage at a position of a pool, or None when the pool has shrunk under it.
PoolItem = Callable[[sqlite3.Connection, int], Excerpt | None]


def topic_pool(film_id: int, topic: str) -> tuple[str, PoolSize, PoolItem]:
    """A numbered pool: every excerpt of a film (0: all films) on a topic ('' for any)."""

    def size(conn: sqlite3.Connection) -> int:
        row = conn.execute(
            "SELECT max(ordinal) FROM excerpt_pools WHERE film_id = ? AND topic = ?",
            (film_id, topic),
        ).fetchone()
        return 0 if row[0] is None else int(row[0]) + 1

    def item(conn: sqlite3.Connection, index: int) -> Excerpt | None:
        return _excerpt_where(
            conn,
            "e.id = (SELECT excerpt_id FROM excerpt_pools"
            " WHERE film_id = ? AND topic = ? AND ordinal = ?)",
            (film_id, topic, index),
        )

    return f"t:{film_id}:{topic}", size, item


def search_pool(film_id: int, query: str) -> tuple[str, PoolSize, PoolItem]:
    """A full-text pool: excerpts matching words, ordered by id."""
    cache: list[int] = []

    def load(conn: sqlite3.Connection) -> list[int]:
        if not cache:
            dialect = dialect_of(conn)
            sql = dialect.search_excerpts(film_id)
            terms = dialect.search_terms(query)
            params: tuple[object, ...] = (terms, film_id) if film_id else (terms,)
            cache.extend(sorted(int(r[0]) for r in conn.execute(sql, params).fetchall()))
        return cache

    def size(conn: sqlite3.Connection) -> int:
        return len(load(conn))

    def item(conn: sqlite3.Connection, index: int) -> Excerpt | None:
        ids = load(conn)
        return excerpt(conn, ids[index]) if 0 <= index < len(ids) else None

    return f"q:{film_id}:{query.lower()}", size, item


@bookkeeping
def draw(
    conn: sqlite3.Connection,
    club_key: str,
    channel: str,
    pool: tuple[str, PoolSize, PoolItem],
    rng: random.Random,
) -> Excerpt | None:
    """Draw the next excerpt of a pool for a channel, or None if the pool is empty."""
    key, size_of, item_of = pool
    size = size_of(conn)
    if size == 0:
        return None
    club = ensure_club(conn, club_key)
    # Two draws in one channel at once must not make the same move.
    row = conn.execute(
        "SELECT id, size, position FROM quote_rotations"
        " WHERE club_id = ? AND channel = ? AND pool = ?" + dialect_of(conn).for_update,
        (club, channel, key),
    ).fetchone()
    if row is None:
        cur = conn.execute(
            "INSERT INTO quote_rotations(club_id, channel, pool, size, position)"
            " VALUES (?, ?, ?, ?, 0) ON CONFLICT(club_id, channel, pool) DO NOTHING",
            (club, channel, key, size),
        )
        if cur.rowcount != 1 or cur.lastrowid is None:
            # Another process started this rotation first: draw from it.
            return draw(conn, club_key, channel, pool, rng)
        rotation, position = cur.lastrowid, 0
    else:
        rotation, old_size, position = int(row[0]), int(row[1]), int(row[2])
        if size < old_size or position >= size:
            conn.execute("DELETE FROM quote_swaps WHERE rotation_id = ?", (rotation,))
            position = 0
    slot = rng.randrange(position, size)
    swapped = _swapped(conn, rotation, slot, position)
    chosen, displaced = swapped.get(slot, slot), swapped.get(position, position)
    if slot != position:
        conn.execute(
            "INSERT INTO quote_swaps(rotation_id, slot, value) VALUES (?, ?, ?)"
            " ON CONFLICT(rotation_id, slot) DO UPDATE SET value = excluded.value",
            (rotation, slot, displaced),
        )
    if position in swapped:
        conn.execute(
            "DELETE FROM quote_swaps WHERE rotation_id = ? AND slot = ?", (rotation, position)
        )
    conn.execute(
        "UPDATE quote_rotations SET size = ?, position = ? WHERE id = ?",
        (size, position + 1, rotation),
    )
    return item_of(conn, chosen)


def _swapped(conn: sqlite3.Connection, rotation: int, *slots: int) -> dict[int, int]:
    """The values of those of ``slots`` whose value is not their own number."""
    marks = ", ".join("?" * len(slots))
    return {
        int(r[0]): int(r[1])
        for r in conn.execute(
            f"SELECT slot, value FROM quote_swaps WHERE rotation_id = ? AND slot IN ({marks})",
            (rotation, *slots),
        ).fetchall()
    }


def excerpt(conn: sqlite3.Connection, excerpt_id: int) -> Excerpt | None:
    return _excerpt_where(conn, "e.id = ?", (excerpt_id,))


def _excerpt_where(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...]
) -> Excerpt | None:
    row = conn.execute(
        "SELECT e.id, e.text, r.author, coalesce(r.source, d.site), d.url, f.title, r.spoilers"
        " FROM excerpts e JOIN reviews r ON r.id = e.review_id"
        " JOIN documents d ON d.id = r.document_id JOIN films f ON f.id = e.film_id"
        " WHERE " + where,
        params,
    ).fetchone()
    if row is None:
        return None
    return Excerpt(int(row[0]), row[1], row[2], row[3], row[4], row[5], spoilers=bool(row[6]))
