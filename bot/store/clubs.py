"""Clubs and members."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.store.db import batch_memo


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def club_id(conn: sqlite3.Connection, key: str) -> int | None:
    """The club's id; looked up once per write transaction (clubs are never renumbered)."""
    memo = batch_memo()
    found: int | None = memo.get(("club", key))
    if found is not None:
        return found
    row = conn.execute("SELECT id FROM clubs WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    memo[("club", key)] = found = int(row[0])
    return found


def ensure_club(conn: sqlite3.Connection, key: str, name: str = "") -> int:
    """The club's id, creating it if needed; safe with several writers at once."""
    found = club_id(conn, key)
    if found is not None:
        if name:
            conn.execute("UPDATE clubs SET name = ? WHERE id = ? AND name = ''", (name, found))
        return found
    cur = conn.execute(
        "INSERT INTO clubs(key, name, created_at) VALUES (?, ?, ?) ON CONFLICT(key) DO NOTHING",
        (key, name, now_iso()),
    )
    if cur.rowcount == 1 and cur.lastrowid is not None:
        return cur.lastrowid
    # Another process created it first (and has committed: the insert waited for it).
    return ensure_club(conn, key, name)


def ensure_member(conn: sqlite3.Connection, club: int, external_id: str, name: str) -> int:
    row = conn.execute(
        "SELECT id, name FROM members WHERE club_id = ? AND external_id = ?", (club, external_id)
    ).fetchone()
    if row:
        if name and row[1] != name:
            conn.execute("UPDATE members SET name = ? WHERE id = ?", (name, row[0]))
        return int(row[0])
    cur = conn.execute(
        "INSERT INTO members(club_id, external_id, name) VALUES (?, ?, ?)"
        " ON CONFLICT(club_id, external_id) DO NOTHING",
        (club, external_id, name or external_id),
    )
    if cur.rowcount == 1 and cur.lastrowid is not None:
        return cur.lastrowid
    return ensure_member(conn, club, external_id, name)


def current_film_id(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT current_film_id FROM clubs WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def set_current_film(conn: sqlite3.Connection, key: str, film_id: int | None) -> None:
    club = ensure_club(conn, key)
    conn.execute("UPDATE clubs SET current_film_id = ? WHERE id = ?", (film_id, club))


def club_timezone(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT timezone FROM clubs WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row and row[0] else None
