"""Clubs and members."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.store.db import batch_memo, insert_rows, keep_lasting, lasting, rows_matching


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def club_id(conn: sqlite3.Connection, key: str) -> int | None:
    """The club's id, looked up once per store: clubs are never renumbered or removed."""
    memo = batch_memo()
    found: int | None = memo.get(("club", key))
    if found is not None:
        return found
    found = lasting(("club", key))
    if found is None:
        row = conn.execute("SELECT id FROM clubs WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        found = int(row[0])
        keep_lasting(conn, ("club", key), found)
    memo[("club", key)] = found
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
        keep_lasting(conn, ("club", key), cur.lastrowid)
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
    return add_member(conn, club, external_id, name)


def add_member(conn: sqlite3.Connection, club: int, external_id: str, name: str) -> int:
    """A member just looked for and not found: insert it (another writer may have first)."""
    cur = conn.execute(
        "INSERT INTO members(club_id, external_id, name) VALUES (?, ?, ?)"
        " ON CONFLICT(club_id, external_id) DO NOTHING",
        (club, external_id, name or external_id),
    )
    if cur.rowcount == 1 and cur.lastrowid is not None:
        return cur.lastrowid
    return ensure_member(conn, club, external_id, name)


def known_members(
    conn: sqlite3.Connection, club: int, external_ids: list[str]
) -> dict[str, tuple[int, str]]:
    """Id and name of each of these members of the club that exists."""
    rows = rows_matching(
        conn,
        "SELECT id, external_id, name FROM members WHERE club_id = ? AND {match}",
        "external_id",
        external_ids,
        "text",
        (club,),
    )
    return {str(r[1]): (int(r[0]), str(r[2])) for r in rows}


def settle_members(
    conn: sqlite3.Connection,
    club: int,
    known: dict[str, tuple[int, str]],
    names: dict[str, str],
) -> dict[str, int]:
    """Ids of the members named in ``names`` (external id -> name to keep), adding
    those not in ``known`` and renaming those whose name differs, as
    :func:`ensure_member` does one by one (safe with several writers at once)."""
    ids: dict[str, int] = {}
    missing: list[tuple[int, str, str]] = []
    renamed: list[tuple[str, int]] = []
    for external_id, name in names.items():
        have = known.get(external_id)
        if have is None:
            missing.append((club, external_id, name or external_id))
            continue
        ids[external_id] = have[0]
        if name and have[1] != name:
            renamed.append((name, have[0]))
    if missing:
        added = {
            str(r[1]): (int(r[0]), str(r[2]))
            for r in insert_rows(
                conn,
                "INSERT INTO members(club_id, external_id, name)",
                missing,
                ("bigint", "text", "text"),
                "ON CONFLICT(club_id, external_id) DO NOTHING RETURNING id, external_id, name",
            )
        }
        if len(added) < len(missing):  # another writer added some first
            added.update(known_members(conn, club, [m[1] for m in missing if m[1] not in added]))
        for _, external_id, name in missing:
            member_id, stored = added[external_id]  # another writer's row if it came first
            ids[external_id] = member_id
            if names[external_id] and stored != name:
                renamed.append((name, member_id))
    if renamed:
        conn.executemany("UPDATE members SET name = ? WHERE id = ?", renamed)
    return ids


def ensure_members(conn: sqlite3.Connection, calls: list[tuple[int, str, str]]) -> list[int]:
    """:func:`ensure_member` for each ``(club, external_id, name)`` in order, in a
    few statements: the member ids, one per call."""
    by_club: dict[int, dict[str, str]] = {}
    for club, external_id, name in calls:
        names = by_club.setdefault(club, {})
        # The last non-empty name is the one the calls one by one would leave.
        if name or external_id not in names:
            names[external_id] = name
    ids: dict[tuple[int, str], int] = {}
    for club, names in by_club.items():
        known = known_members(conn, club, list(names))
        for external_id, member_id in settle_members(conn, club, known, names).items():
            ids[(club, external_id)] = member_id
    return [ids[(club, external_id)] for club, external_id, _ in calls]


def current_film_id(conn: sqlite3.Connection, key: str) -> int | None:
    row = conn.execute("SELECT current_film_id FROM clubs WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def set_current_film(conn: sqlite3.Connection, key: str, film_id: int | None) -> None:
    club = ensure_club(conn, key)
    conn.execute("UPDATE clubs SET current_film_id = ? WHERE id = ?", (film_id, club))


def club_timezone(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT timezone FROM clubs WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row and row[0] else None


@dataclass(frozen=True)
class ClubSettingsRow:
    """What a club has set for itself; None where it relies on the bot's defaults."""

    timezone: str | None = None
    country: str | None = None
    admin_role: str | None = None


def club_settings(conn: sqlite3.Connection, key: str) -> ClubSettingsRow:
    row = conn.execute(
        "SELECT timezone, country, admin_role FROM clubs WHERE key = ?", (key,)
    ).fetchone()
    if row is None:
        return ClubSettingsRow()
    return ClubSettingsRow(row[0] or None, row[1] or None, row[2] or None)


def club_country(conn: sqlite3.Connection, key: str) -> str | None:
    """The club's ISO 3166-1 alpha-2 country code (``FR``), when it has set one."""
    row = conn.execute("SELECT country FROM clubs WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row and row[0] else None


def club_admin_role(conn: sqlite3.Connection, key: str) -> str | None:
    """The role (Discord) or user group (Slack) whose members are club admins."""
    row = conn.execute("SELECT admin_role FROM clubs WHERE key = ?", (key,)).fetchone()
    return str(row[0]) if row and row[0] else None


_SETTING_COLUMNS = {"timezone": "timezone", "country": "country", "admin_role": "admin_role"}


def set_club_setting(conn: sqlite3.Connection, key: str, name: str, value: str | None) -> None:
    """Set (or with None clear) one club setting: ``timezone``, ``country`` or ``admin_role``."""
    column = _SETTING_COLUMNS[name]
    club = ensure_club(conn, key)
    conn.execute(f"UPDATE clubs SET {column} = ? WHERE id = ?", (value, club))
