"""Commands waiting for their member to pick a film under "Which …?"."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


@dataclass(frozen=True)
class Offered:
    """One film offered: where its id comes from (``library`` or a provider) and its label."""

    source: str
    film_id: str
    label: str


@dataclass(frozen=True)
class PendingChoice:
    token: str
    club: str
    channel: str
    member_id: str
    member_name: str
    command: str  # the command path, e.g. "poll start"
    options: Mapping[str, Any]
    title: str  # the title as typed, which the picked film answers
    offered: tuple[Offered, ...]
    created_at: datetime
    # Films picked earlier for other titles of the same command (a poll's options).
    chosen: Mapping[str, int] = field(default_factory=dict)


def save_choice(conn: sqlite3.Connection, choice: PendingChoice, ttl: timedelta) -> None:
    """Keep ``choice``; choices older than ``ttl`` are dropped on the way."""
    conn.execute(
        "DELETE FROM film_choices WHERE created_at < ?",
        ((choice.created_at - ttl).isoformat(),),
    )
    conn.execute(
        "INSERT INTO film_choices(token, club, channel, member_id, member_name, command,"
        " options, title, chosen, candidates, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            choice.token,
            choice.club,
            choice.channel,
            choice.member_id,
            choice.member_name,
            choice.command,
            json.dumps(dict(choice.options), ensure_ascii=False),
            choice.title,
            json.dumps(dict(choice.chosen)),
            json.dumps(
                [[o.source, o.film_id, o.label] for o in choice.offered], ensure_ascii=False
            ),
            choice.created_at.isoformat(),
        ),
    )


def _from_row(row: tuple[Any, ...]) -> PendingChoice:
    offered = tuple(Offered(str(s), str(i), str(label)) for s, i, label in json.loads(row[9]))
    return PendingChoice(
        token=row[0],
        club=row[1],
        channel=row[2],
        member_id=row[3],
        member_name=row[4],
        command=row[5],
        options=json.loads(row[6]),
        title=row[7],
        chosen={str(k): int(v) for k, v in json.loads(row[8]).items()},
        offered=offered,
        created_at=datetime.fromisoformat(row[10]),
    )


_COLUMNS = (
    "token, club, channel, member_id, member_name, command, options, title, chosen,"
    " candidates, created_at"
)


def choice(conn: sqlite3.Connection, token: str) -> PendingChoice | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM film_choices WHERE token = ?", (token,)).fetchone()
    return _from_row(row) if row else None


def take_choice(conn: sqlite3.Connection, token: str, member_id: str) -> PendingChoice | None:
    """The member's pending choice, removed so that it is answered once; None when it
    is gone (answered already, or expired and dropped)."""
    row = conn.execute(
        f"DELETE FROM film_choices WHERE token = ? AND member_id = ? RETURNING {_COLUMNS}",
        (token, member_id),
    ).fetchone()
    return _from_row(row) if row else None
