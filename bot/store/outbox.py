"""The outbox: messages the bot promised to post, kept until their platform takes them.

A row is written by :func:`enqueue` inside the transaction that makes the
promise (closing a poll, opening a weekly poll), so the promise and the state
change are saved together or not at all. A deliverer :func:`claim`\\ s due rows
for the platforms it can post to: a claim is a compare-and-set on
``claimed_until`` (a lease), so two deliverers, in one process or in several
sharing the file, never hold the same row at once. After posting, the owner of
the claim marks the row delivered (:func:`mark_delivered`) or puts it back with
a later due time (:func:`retry_later`); a lease left by a process that died
runs out and the row is claimed again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.store.clubs import ensure_club
from bot.store.dialect import dialect_of

MAX_ERROR = 300


def _iso(when: datetime) -> str:
    """Fixed width, microseconds included, so that text order is time order."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


@dataclass(frozen=True)
class OutboxItem:
    """One promised message: ``payload`` is an announcement as JSON (bot.outbound)."""

    id: int
    club: str
    platform: str
    channel: str
    payload: str
    created_at: datetime
    due_at: datetime
    attempts: int
    claimed_by: str | None
    claimed_until: datetime | None
    delivered_at: datetime | None
    last_error: str | None


_SELECT = (
    "SELECT o.id, c.key, o.platform, o.channel, o.payload, o.created_at, o.due_at, o.attempts,"
    " o.claimed_by, o.claimed_until, o.delivered_at, o.last_error"
    " FROM outbox o JOIN clubs c ON c.id = o.club_id"
)


def _item(row: sqlite3.Row) -> OutboxItem:
    return OutboxItem(
        id=int(row[0]),
        club=row[1],
        platform=row[2],
        channel=row[3],
        payload=row[4],
        created_at=_when(row[5]),
        due_at=_when(row[6]),
        attempts=int(row[7]),
        claimed_by=row[8],
        claimed_until=_when(row[9]) if row[9] else None,
        delivered_at=_when(row[10]) if row[10] else None,
        last_error=row[11],
    )


# Rows of one channel are posted in the order they were promised: a row waits while
# an older one for the same channel is undelivered (say, being retried).
_FIRST_IN_CHANNEL = (
    "NOT EXISTS (SELECT 1 FROM outbox e WHERE e.delivered_at IS NULL"
    " AND e.club_id = o.club_id AND e.platform = o.platform AND e.channel = o.channel"
    " AND e.id < o.id)"
)


def enqueue(
    conn: sqlite3.Connection,
    club: str,
    platform: str,
    channel: str,
    payload: str,
    due_at: datetime,
    now: datetime | None = None,
) -> int:
    """Promise ``payload`` to ``channel`` of ``club`` from ``due_at`` on; the row's id.

    Call it inside the write that makes the promise: both are saved or neither.
    """
    club_id = ensure_club(conn, club)
    created = now or datetime.now(UTC)
    cur = conn.execute(
        "INSERT INTO outbox(club_id, platform, channel, payload, created_at, due_at)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (club_id, platform, channel, payload, _iso(created), _iso(due_at)),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def claim(
    conn: sqlite3.Connection,
    platforms: Sequence[str],
    owner: str,
    now: datetime,
    lease: timedelta,
    limit: int = 20,
) -> list[OutboxItem]:
    """Claim up to ``limit`` due, undelivered, unclaimed rows of ``platforms``, oldest first.

    Each claim is a compare-and-set on ``claimed_until``: a row another
    deliverer holds (its lease not yet run out) is left alone.
    """
    if not platforms or limit <= 0:
        return []
    marks = ", ".join("?" for _ in platforms)
    stamp = _iso(now)
    candidates = conn.execute(
        f"SELECT o.id, o.claimed_until FROM outbox o WHERE o.delivered_at IS NULL"
        f" AND o.platform IN ({marks}) AND o.due_at <= ?"
        f" AND (o.claimed_until IS NULL OR o.claimed_until <= ?) AND {_FIRST_IN_CHANNEL}"
        f" ORDER BY o.due_at, o.id LIMIT ?{dialect_of(conn).skip_locked}",
        (*platforms, stamp, stamp, limit),
    ).fetchall()
    until = _iso(now + lease)
    claimed: list[int] = []
    for row in candidates:
        cur = conn.execute(
            "UPDATE outbox SET claimed_by = ?, claimed_until = ?"
            " WHERE id = ? AND delivered_at IS NULL AND claimed_until IS ?",
            (owner, until, row[0], row[1]),
        )
        if cur.rowcount == 1:
            claimed.append(int(row[0]))
    return [item for item_id in claimed if (item := get(conn, item_id)) is not None]


def get(conn: sqlite3.Connection, item_id: int) -> OutboxItem | None:
    row = conn.execute(f"{_SELECT} WHERE o.id = ?", (item_id,)).fetchone()
    return _item(row) if row else None


def mark_delivered(conn: sqlite3.Connection, item_id: int, owner: str, now: datetime) -> bool:
    """Record the post; False if ``owner`` no longer holds the claim or it was delivered."""
    cur = conn.execute(
        "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1, claimed_until = NULL"
        " WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL",
        (_iso(now), item_id, owner),
    )
    return cur.rowcount == 1


def retry_later(
    conn: sqlite3.Connection, item_id: int, owner: str, due_at: datetime, error: str
) -> bool:
    """Give a failed post back, due again at ``due_at``; False if the claim was lost."""
    cur = conn.execute(
        "UPDATE outbox SET due_at = ?, attempts = attempts + 1, last_error = ?,"
        " claimed_by = NULL, claimed_until = NULL"
        " WHERE id = ? AND claimed_by = ? AND delivered_at IS NULL",
        (_iso(due_at), error[:MAX_ERROR], item_id, owner),
    )
    return cur.rowcount == 1


def release(conn: sqlite3.Connection, owner: str) -> int:
    """Give back every undelivered row ``owner`` holds (it is stopping); how many."""
    cur = conn.execute(
        "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL"
        " WHERE claimed_by = ? AND delivered_at IS NULL AND claimed_until IS NOT NULL",
        (owner,),
    )
    return cur.rowcount


def next_due(conn: sqlite3.Connection, platforms: Sequence[str]) -> datetime | None:
    """When the next undelivered row of ``platforms`` can be claimed (due and unleased)."""
    if not platforms:
        return None
    marks = ", ".join("?" for _ in platforms)
    row = conn.execute(
        f"SELECT min(max(o.due_at, coalesce(o.claimed_until, ''))) FROM outbox o"
        f" WHERE o.delivered_at IS NULL AND o.platform IN ({marks}) AND {_FIRST_IN_CHANNEL}",
        tuple(platforms),
    ).fetchone()
    return _when(row[0]) if row and row[0] else None


def waiting(conn: sqlite3.Connection, club: str | None = None) -> list[OutboxItem]:
    """Undelivered rows, oldest first; of one club when ``club`` is given."""
    if club is None:
        rows = conn.execute(
            f"{_SELECT} WHERE o.delivered_at IS NULL ORDER BY o.due_at, o.id"
        ).fetchall()
    else:
        rows = conn.execute(
            f"{_SELECT} WHERE o.delivered_at IS NULL AND c.key = ? ORDER BY o.due_at, o.id",
            (club,),
        ).fetchall()
    return [_item(r) for r in rows]


def items(conn: sqlite3.Connection, club: str) -> list[OutboxItem]:
    """Every row of one club, delivered or not, oldest first."""
    rows = conn.execute(
        f"{_SELECT} WHERE c.key = ? ORDER BY o.created_at, o.id", (club,)
    ).fetchall()
    return [_item(r) for r in rows]
