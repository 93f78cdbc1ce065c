"""Slack installations and OAuth state values, for an app installed in many workspaces.

An installation is kept twice: as the latest one of its workspace or organization
(``user_id`` ``''``) and as its installer's own. Its whole record travels as JSON
(``data``); the columns are what it is found by. Workspaces are named by team id,
an organization-wide installation by its enterprise id with team id ``''``.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

LATEST = ""


@dataclass(frozen=True)
class InstallKey:
    """Which installation: a workspace (``team_id``), an organization-wide one
    (``enterprise_id``, team ``''``), and optionally its installer."""

    enterprise_id: str
    team_id: str
    user_id: str = LATEST


def _key_values(key: InstallKey) -> tuple[str, str, str]:
    return (key.enterprise_id, key.team_id, key.user_id)


def save_installation(
    conn: sqlite3.Connection,
    key: InstallKey,
    data: dict[str, Any],
    is_enterprise_install: bool,
    installed_at: float,
) -> None:
    """Store ``data`` as the latest installation of its workspace and as its installer's."""
    text = json.dumps(data, sort_keys=True, default=str)
    keys = [InstallKey(key.enterprise_id, key.team_id, LATEST)]
    if key.user_id:
        keys.append(key)
    for each in keys:
        conn.execute(
            "INSERT INTO slack_installations"
            "(enterprise_id, team_id, user_id, is_enterprise_install, data, installed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(enterprise_id, team_id, user_id) DO UPDATE SET"
            " is_enterprise_install = excluded.is_enterprise_install,"
            " data = excluded.data, installed_at = excluded.installed_at",
            (*_key_values(each), 1 if is_enterprise_install else 0, text, installed_at),
        )


def find_installation(conn: sqlite3.Connection, key: InstallKey) -> dict[str, Any] | None:
    """The stored installation for ``key`` (the workspace's latest when no user is named)."""
    row = conn.execute(
        "SELECT data FROM slack_installations"
        " WHERE enterprise_id = ? AND team_id = ? AND user_id = ?",
        _key_values(key),
    ).fetchone()
    if row is None:
        return None
    found: dict[str, Any] = json.loads(row[0])
    return found


def delete_installations(conn: sqlite3.Connection, key: InstallKey, every: bool) -> int:
    """Forget the installer's installation (``key.user_id``), or with ``every`` all of
    the workspace's; returns how many were removed."""
    if every:
        cur = conn.execute(
            "DELETE FROM slack_installations WHERE enterprise_id = ? AND team_id = ?",
            (key.enterprise_id, key.team_id),
        )
    else:
        cur = conn.execute(
            "DELETE FROM slack_installations"
            " WHERE enterprise_id = ? AND team_id = ? AND user_id = ?",
            _key_values(key),
        )
    return int(cur.rowcount)


def installed_teams(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every workspace or organization with an installation: (enterprise_id, team_id)."""
    rows = conn.execute(
        "SELECT enterprise_id, team_id FROM slack_installations WHERE user_id = ?"
        " ORDER BY enterprise_id, team_id",
        (LATEST,),
    ).fetchall()
    return [(str(r[0]), str(r[1])) for r in rows]


def issue_state(conn: sqlite3.Connection, state: str, now: float, lifetime: float) -> None:
    """Record a new OAuth state value; states older than ``lifetime`` are dropped."""
    conn.execute("DELETE FROM slack_oauth_states WHERE issued_at < ?", (now - lifetime,))
    conn.execute("INSERT INTO slack_oauth_states(state, issued_at) VALUES (?, ?)", (state, now))


def consume_state(conn: sqlite3.Connection, state: str, now: float, lifetime: float) -> bool:
    """Use up a state value: True once for a state issued less than ``lifetime`` ago,
    False for one unknown, expired or already consumed."""
    cur = conn.execute(
        "DELETE FROM slack_oauth_states WHERE state = ? AND issued_at >= ?",
        (state, now - lifetime),
    )
    return int(cur.rowcount) == 1
