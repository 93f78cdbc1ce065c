"""The club watchlist: films (or plain titles) members want to see, oldest first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.polls.models import AddOutcome, AddStatus, WatchEntry, WatchInput
from bot.store.clubs import club_id, ensure_club, ensure_member


def to_iso(when: datetime) -> str:
    """A UTC timestamp as stored: fixed width, so text order is time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _maybe(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


_ENTRY_SELECT = (
    "SELECT w.id, w.key, w.title, w.film_id, m.external_id, m.name, w.added_at,"
    " w.watched_at, w.chosen_at, w.chosen_poll, w.polls_lost"
    " FROM watchlist w LEFT JOIN members m ON m.id = w.added_by"
)


def _entry(row: sqlite3.Row) -> WatchEntry:
    return WatchEntry(
        id=int(row[0]),
        key=row[1],
        title=row[2],
        film_id=row[3],
        added_by_id=row[4],
        added_by_name=row[5],
        added_at=from_iso(row[6]),
        watched_at=_maybe(row[7]),
        chosen_at=_maybe(row[8]),
        chosen_poll=row[9],
        polls_lost=int(row[10]),
    )


def entries(
    conn: sqlite3.Connection, club_key: str, include_watched: bool = False
) -> list[WatchEntry]:
    """The club's watchlist in the order films were added."""
    club = club_id(conn, club_key)
    if club is None:
        return []
    where = "" if include_watched else " AND w.watched_at IS NULL"
    rows = conn.execute(
        _ENTRY_SELECT + " WHERE w.club_id = ?" + where + " ORDER BY w.id", (club,)
    ).fetchall()
    return [_entry(r) for r in rows]


def entry_by_key(conn: sqlite3.Connection, club: int, key: str) -> WatchEntry | None:
    row = conn.execute(_ENTRY_SELECT + " WHERE w.club_id = ? AND w.key = ?", (club, key)).fetchone()
    return _entry(row) if row else None


def candidates(conn: sqlite3.Connection, club: int, limit: int) -> list[WatchEntry]:
    """Films a poll can offer: not watched, not already chosen by a poll, oldest first."""
    rows = conn.execute(
        _ENTRY_SELECT + " WHERE w.club_id = ? AND w.watched_at IS NULL AND w.chosen_at IS NULL"
        " ORDER BY w.id LIMIT ?",
        (club, limit),
    ).fetchall()
    return [_entry(r) for r in rows]


def add_entry(conn: sqlite3.Connection, item: WatchInput) -> AddOutcome:
    """Add a film; a film already listed is refused, one already watched comes back."""
    club = ensure_club(conn, item.club)
    existing = entry_by_key(conn, club, item.key)
    if existing is not None and existing.watched_at is None:
        return AddOutcome(AddStatus.DUPLICATE, existing)
    if existing is not None:
        conn.execute("DELETE FROM watchlist WHERE id = ?", (existing.id,))
    member = ensure_member(conn, club, item.member_id, item.member_name)
    cur = conn.execute(
        "INSERT INTO watchlist(club_id, key, title, film_id, added_by, added_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (club, item.key, item.title, item.film_id, member, to_iso(item.added_at)),
    )
    entry = entry_by_key(conn, club, item.key)
    assert entry is not None and entry.id == cur.lastrowid
    status = AddStatus.ADDED if existing is None else AddStatus.READDED
    return AddOutcome(status, entry, existing)


def remove_entry(conn: sqlite3.Connection, club_key: str, entry_id: int) -> bool:
    club = club_id(conn, club_key)
    if club is None:
        return False
    cur = conn.execute("DELETE FROM watchlist WHERE id = ? AND club_id = ?", (entry_id, club))
    return cur.rowcount == 1


def mark_watched(
    conn: sqlite3.Connection, club_key: str, entry_id: int, when: datetime
) -> WatchEntry | None:
    """Mark an entry watched (it leaves poll candidacy); None if it already was."""
    club = club_id(conn, club_key)
    if club is None:
        return None
    cur = conn.execute(
        "UPDATE watchlist SET watched_at = ? WHERE id = ? AND club_id = ? AND watched_at IS NULL",
        (to_iso(when), entry_id, club),
    )
    if cur.rowcount != 1:
        return None
    row = conn.execute(_ENTRY_SELECT + " WHERE w.id = ?", (entry_id,)).fetchone()
    return _entry(row)


def watch_rank(conn: sqlite3.Connection, club: int, key: str) -> int | None:
    """The entry id of an unwatched film on the watchlist (lower: added earlier)."""
    row = conn.execute(
        "SELECT id FROM watchlist WHERE club_id = ? AND key = ? AND watched_at IS NULL",
        (club, key),
    ).fetchone()
    return int(row[0]) if row else None


def record_result(
    conn: sqlite3.Connection,
    club: int,
    winner_key: str,
    loser_keys: list[str],
    when: datetime,
    poll_number: int,
) -> None:
    """After a poll: the winner is marked chosen, every losing film counts one more loss."""
    conn.execute(
        "UPDATE watchlist SET chosen_at = ?, chosen_poll = ?"
        " WHERE club_id = ? AND key = ? AND watched_at IS NULL",
        (to_iso(when), poll_number, club, winner_key),
    )
    conn.executemany(
        "UPDATE watchlist SET polls_lost = polls_lost + 1"
        " WHERE club_id = ? AND key = ? AND watched_at IS NULL",
        [(club, key) for key in loser_keys],
    )


def attach_film(
    conn: sqlite3.Connection, club_key: str, entry_id: int, key: str, title: str, film_id: int
) -> bool:
    """A bare-title entry becomes the film it names; if that film is already listed,
    the bare entry is dropped. False if the entry is gone or already a film."""
    club = club_id(conn, club_key)
    if club is None:
        return False
    row = conn.execute(
        "SELECT film_id FROM watchlist WHERE id = ? AND club_id = ?", (entry_id, club)
    ).fetchone()
    if row is None or row[0] is not None:
        return False
    if entry_by_key(conn, club, key) is not None:
        conn.execute("DELETE FROM watchlist WHERE id = ?", (entry_id,))
        return True
    conn.execute(
        "UPDATE watchlist SET key = ?, title = ?, film_id = ? WHERE id = ?",
        (key, title, film_id, entry_id),
    )
    return True
