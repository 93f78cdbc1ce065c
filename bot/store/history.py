"""A member's imported history (ratings, reviews, a watchlist), stored in one transaction.

Each row carries the date it was rated or written. A rating or review already in
the club that is newer than the row stays as it is; an equal one is unchanged; an
older or different one is replaced. Importing the same file twice changes nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from bot.polls.models import WatchInput
from bot.store.club_reviews import save_review
from bot.store.clubs import ensure_club, ensure_member
from bot.store.watchlist import add_entry, entry_by_key


@dataclass(frozen=True)
class HistoryEntry:
    film_id: int
    stamp: str  # ISO time the row was rated or written
    score: float | None = None
    raw: str | None = None
    review: str | None = None
    passages: tuple[tuple[str, frozenset[str]], ...] = ()


@dataclass
class HistoryCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    reviews: int = 0
    changed_films: list[int] = field(default_factory=list)


def _rating(conn: sqlite3.Connection, club: int, member: int, entry: HistoryEntry) -> str:
    if entry.score is None or entry.raw is None:
        return "none"
    row = conn.execute(
        "SELECT score, raw, updated_at FROM ratings"
        " WHERE club_id = ? AND film_id = ? AND member_id = ?",
        (club, entry.film_id, member),
    ).fetchone()
    if row is None:
        conn.execute(
            "INSERT INTO ratings(club_id, film_id, member_id, score, raw, comment, updated_at)"
            " VALUES (?, ?, ?, ?, ?, NULL, ?)",
            (club, entry.film_id, member, entry.score, entry.raw, entry.stamp),
        )
        return "new"
    if str(row[2]) > entry.stamp or (float(row[0]) == entry.score and row[1] == entry.raw):
        return "same"
    conn.execute(
        "UPDATE ratings SET score = ?, raw = ?, updated_at = ?"
        " WHERE club_id = ? AND film_id = ? AND member_id = ?",
        (entry.score, entry.raw, entry.stamp, club, entry.film_id, member),
    )
    return "updated"


def _review(
    conn: sqlite3.Connection,
    club_key: str,
    club: int,
    member: int,
    member_id: str,
    member_name: str,
    entry: HistoryEntry,
) -> str:
    if not entry.review:
        return "none"
    row = conn.execute(
        "SELECT text, updated_at FROM club_reviews"
        " WHERE club_id = ? AND film_id = ? AND member_id = ?",
        (club, entry.film_id, member),
    ).fetchone()
    if row is not None and (str(row[1]) > entry.stamp or row[0] == entry.review):
        return "same"
    save_review(
        conn,
        club_key,
        member_id,
        member_name,
        entry.film_id,
        entry.review,
        entry.passages,
        updated_at=entry.stamp,
    )
    return "new" if row is None else "updated"


def apply_history(
    conn: sqlite3.Connection,
    club_key: str,
    member_id: str,
    member_name: str,
    entries: list[HistoryEntry],
) -> HistoryCounts:
    club = ensure_club(conn, club_key)
    member = ensure_member(conn, club, member_id, member_name)
    counts = HistoryCounts()
    for entry in entries:
        rated = _rating(conn, club, member, entry)
        reviewed = _review(conn, club_key, club, member, member_id, member_name, entry)
        if reviewed in ("new", "updated"):
            counts.reviews += 1
        outcomes = {rated, reviewed} - {"none"}
        if "updated" in outcomes:
            counts.updated += 1
        elif "new" in outcomes:
            counts.imported += 1
        else:
            counts.unchanged += 1
    return counts


@dataclass(frozen=True)
class WatchItem:
    key: str
    title: str
    film_id: int | None
    added_at: datetime


def apply_watchlist(
    conn: sqlite3.Connection,
    club_key: str,
    member_id: str,
    member_name: str,
    items: list[WatchItem],
) -> HistoryCounts:
    """Add films to the club's watchlist; one already there, watched or not, stays as is."""
    club = ensure_club(conn, club_key)
    counts = HistoryCounts()
    for item in items:
        if entry_by_key(conn, club, item.key) is not None:
            counts.unchanged += 1
            continue
        add_entry(
            conn,
            WatchInput(
                club_key, item.key, item.title, item.film_id, member_id, member_name, item.added_at
            ),
        )
        counts.imported += 1
    return counts
