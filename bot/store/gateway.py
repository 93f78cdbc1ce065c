"""Spacing Discord gateway identifies across every process that shares the database."""

from __future__ import annotations

import sqlite3


def claim_identify(conn: sqlite3.Connection, bucket: int, now: float, spacing: float) -> float:
    """Claim the bucket's next identify: 0 when this caller may identify now (the bucket
    is stamped ``now``), else how many seconds to wait before asking again."""
    cur = conn.execute(
        "INSERT INTO discord_identify(bucket, last_at) VALUES (?, ?)"
        " ON CONFLICT(bucket) DO NOTHING",
        (bucket, now),
    )
    if cur.rowcount == 1:
        return 0.0
    cur = conn.execute(
        "UPDATE discord_identify SET last_at = ? WHERE bucket = ? AND last_at <= ?",
        (now, bucket, now - spacing),
    )
    if cur.rowcount == 1:
        return 0.0
    row = conn.execute(
        "SELECT last_at FROM discord_identify WHERE bucket = ?", (bucket,)
    ).fetchone()
    return max(0.01, float(row[0]) + spacing - now) if row else 0.01
