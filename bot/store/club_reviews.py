"""The club's own reviews: one per member per film per club, never shown to another club.

A review's passages sit in ``club_review_excerpts``; ``/quote`` draws them alone
(``from:club``) or after the critics' passages in one numbered pool
(``from:all``). Their ids are handed to the quote rotation as negative numbers,
so that one rotation can hold both kinds.
"""

from __future__ import annotations

import sqlite3

from bot.store.clubs import club_id, ensure_club, ensure_member, now_iso
from bot.store.models import Excerpt
from bot.store.quotes import PoolItem, PoolSize
from bot.store.ratings import upsert_rating


def save_review(
    conn: sqlite3.Connection,
    club_key: str,
    member_id: str,
    member_name: str,
    film_id: int,
    text: str,
    excerpts: tuple[tuple[str, frozenset[str]], ...],
    updated_at: str | None = None,
    spoilers: bool = False,
) -> bool:
    """Store a member's review with its passages; True if it replaced one. A review
    marked ``spoilers`` has its passages hidden until a member asks for them."""
    club = ensure_club(conn, club_key)
    member = ensure_member(conn, club, member_id, member_name)
    row = conn.execute(
        "SELECT id FROM club_reviews WHERE club_id = ? AND film_id = ? AND member_id = ?",
        (club, film_id, member),
    ).fetchone()
    stamp = updated_at or now_iso()
    if row is None:
        cur = conn.execute(
            "INSERT INTO club_reviews(club_id, film_id, member_id, text, updated_at, spoilers)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (club, film_id, member, text, stamp, int(spoilers)),
        )
        assert cur.lastrowid is not None
        review = cur.lastrowid
    else:
        review = int(row[0])
        conn.execute(
            "UPDATE club_reviews SET text = ?, updated_at = ?, spoilers = ? WHERE id = ?",
            (text, stamp, int(spoilers), review),
        )
        conn.execute("DELETE FROM club_review_excerpts WHERE review_id = ?", (review,))
    conn.executemany(
        "INSERT INTO club_review_excerpts(review_id, club_id, film_id, text, topics)"
        " VALUES (?, ?, ?, ?, ?)",
        [(review, club, film_id, t, " ".join(sorted(topics))) for t, topics in excerpts],
    )
    return row is not None


def delete_review(conn: sqlite3.Connection, club_key: str, member_id: str, film_id: int) -> bool:
    club = club_id(conn, club_key)
    if club is None:
        return False
    cur = conn.execute(
        "DELETE FROM club_reviews WHERE club_id = ? AND film_id = ? AND member_id ="
        " (SELECT id FROM members WHERE club_id = ? AND external_id = ?)",
        (club, film_id, club, member_id),
    )
    return cur.rowcount > 0


def review_count(conn: sqlite3.Connection, club_key: str, film_id: int) -> int:
    club = club_id(conn, club_key)
    if club is None:
        return 0
    row = conn.execute(
        "SELECT count(*) FROM club_reviews WHERE club_id = ? AND film_id = ?", (club, film_id)
    ).fetchone()
    return int(row[0])


def _filter(
    club: int, film_id: int, topic: str, words: tuple[str, ...]
) -> tuple[str, list[object]]:
    sql = " WHERE club_id = ?"
    params: list[object] = [club]
    if film_id:
        sql += " AND film_id = ?"
        params.append(film_id)
    if topic:
        sql += " AND (' ' || topics || ' ') LIKE ?"
        params.append(f"% {topic} %")
    for word in words:
        sql += " AND text LIKE ? ESCAPE '\\'"
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    return sql, params


def club_pool(
    club_key: str, film_id: int, topic: str = "", words: tuple[str, ...] = ()
) -> tuple[str, PoolSize, PoolItem]:
    """The club's own passages of a film (0: every film), on a topic or with words."""

    def where(conn: sqlite3.Connection) -> tuple[str, list[object]] | None:
        club = club_id(conn, club_key)
        return None if club is None else _filter(club, film_id, topic, words)

    def size(conn: sqlite3.Connection) -> int:
        found = where(conn)
        if found is None:
            return 0
        sql, params = found
        row = conn.execute("SELECT count(*) FROM club_review_excerpts" + sql, params).fetchone()
        return int(row[0])

    def item(conn: sqlite3.Connection, index: int) -> Excerpt | None:
        found = where(conn)
        if found is None:
            return None
        sql, params = found
        row = conn.execute(
            "SELECT id FROM club_review_excerpts" + sql + " ORDER BY id LIMIT 1 OFFSET ?",
            [*params, index],
        ).fetchone()
        return club_excerpt(conn, int(row[0])) if row else None

    key = f"c:{film_id}:{topic}:{' '.join(words).lower()}"
    return key, size, item


def combined_pool(
    critics: tuple[str, PoolSize, PoolItem], club: tuple[str, PoolSize, PoolItem]
) -> tuple[str, PoolSize, PoolItem]:
    """Critics' passages numbered first, then the club's."""
    critic_key, critic_size, critic_item = critics
    club_key, club_size, club_item = club

    # The critics' count from the size just taken: a draw asks for the size, then
    # for an item, in one transaction.
    counted: list[int] = []

    def size(conn: sqlite3.Connection) -> int:
        counted[:] = [critic_size(conn)]
        return counted[0] + club_size(conn)

    def item(conn: sqlite3.Connection, index: int) -> Excerpt | None:
        first = counted[0] if counted else critic_size(conn)
        return critic_item(conn, index) if index < first else club_item(conn, index - first)

    return f"a:{critic_key}|{club_key}", size, item


def club_excerpt(conn: sqlite3.Connection, excerpt_id: int) -> Excerpt | None:
    row = conn.execute(
        "SELECT e.id, e.text, m.name, f.title, r.spoilers FROM club_review_excerpts e"
        " JOIN club_reviews r ON r.id = e.review_id JOIN members m ON m.id = r.member_id"
        " JOIN films f ON f.id = e.film_id WHERE e.id = ?",
        (excerpt_id,),
    ).fetchone()
    if row is None:
        return None
    return Excerpt(
        -int(row[0]), row[1], row[2], None, None, row[3], by_member=True, spoilers=bool(row[4])
    )


def save_member_review(
    conn: sqlite3.Connection,
    club_key: str,
    member_id: str,
    member_name: str,
    film_id: int,
    text: str,
    excerpts: tuple[tuple[str, frozenset[str]], ...],
    score: tuple[float, str] | None,
    spoilers: bool = False,
) -> bool:
    """A review and, when it carries a score, the member's rating, in one transaction."""
    replaced = save_review(
        conn, club_key, member_id, member_name, film_id, text, excerpts, spoilers=spoilers
    )
    if score is not None:
        upsert_rating(conn, club_key, member_id, member_name, film_id, score[0], score[1], None)
    return replaced
