"""Where a poll's messages were posted: each one is edited in place when its films change.

A row names the channel and the platform's own id of the message (a Discord message
id, a Slack ts). The platform is the poll's club's. Only the poll's own club can
record a message for it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

# More messages than this for one poll are not followed (each edit is one promise).
MAX_PER_POLL = 20


@dataclass(frozen=True)
class PollPost:
    poll_id: int
    channel: str
    message_id: str


def record(
    conn: sqlite3.Connection,
    club_key: str,
    poll_id: int,
    channel: str,
    message_id: str,
    now: datetime,
) -> bool:
    """Remember a posted message of the club's poll; False when the poll is not the
    club's, the message is known already, or the poll has as many as it keeps."""
    row = conn.execute(
        "SELECT p.id FROM polls p JOIN clubs c ON c.id = p.club_id WHERE p.id = ? AND c.key = ?",
        (poll_id, club_key),
    ).fetchone()
    if row is None or not channel or not message_id:
        return False
    count = conn.execute(
        "SELECT count(*) FROM poll_messages WHERE poll_id = ?", (poll_id,)
    ).fetchone()[0]
    if int(count) >= MAX_PER_POLL:
        return False
    cur = conn.execute(
        "INSERT INTO poll_messages(poll_id, channel, message_id, posted_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (poll_id, channel, message_id) DO NOTHING",
        (poll_id, channel, message_id, now.astimezone(UTC).isoformat()),
    )
    return cur.rowcount == 1


def posts_of(conn: sqlite3.Connection, poll_id: int) -> list[PollPost]:
    """The poll's posted messages, oldest first."""
    rows = conn.execute(
        "SELECT channel, message_id FROM poll_messages WHERE poll_id = ?"
        " ORDER BY posted_at, channel, message_id",
        (poll_id,),
    ).fetchall()
    return [PollPost(poll_id, str(r[0]), str(r[1])) for r in rows]


def forget(conn: sqlite3.Connection, poll_id: int, channel: str, message_id: str) -> bool:
    """A message that is gone (deleted in the channel) is no longer edited."""
    cur = conn.execute(
        "DELETE FROM poll_messages WHERE poll_id = ? AND channel = ? AND message_id = ?",
        (poll_id, channel, message_id),
    )
    return cur.rowcount == 1
