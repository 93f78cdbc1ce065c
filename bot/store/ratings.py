"""Member ratings, one per member per film per club."""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.store.clubs import club_id, ensure_club, ensure_member, ensure_members, now_iso
from bot.store.db import group_form, insert_rows, rows_matching
from bot.store.models import ClubStats, Rating


def upsert_rating(
    conn: sqlite3.Connection,
    club_key: str,
    member_id: str,
    member_name: str,
    film_id: int,
    score: float,
    raw: str,
    comment: str | None,
) -> bool:
    """Store a rating; True if it replaced an earlier one by the same member."""
    club = ensure_club(conn, club_key)
    member = ensure_member(conn, club, member_id, member_name)
    stamp = now_iso()
    inserted = conn.execute(
        "INSERT INTO ratings(club_id, film_id, member_id, score, raw, comment, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(club_id, film_id, member_id) DO NOTHING",
        (club, film_id, member, score, raw, comment, stamp),
    ).rowcount
    if inserted:
        return False
    conn.execute(
        "UPDATE ratings SET score = ?, raw = ?, comment = ?, updated_at = ?"
        " WHERE club_id = ? AND film_id = ? AND member_id = ?",
        (score, raw, comment, stamp, club, film_id, member),
    )
    return True


@group_form(upsert_rating)
def upsert_ratings(conn: sqlite3.Connection, calls: list[tuple[Any, ...]]) -> list[bool]:
    """:func:`upsert_rating` for many calls at once: whether each replaced a rating."""
    clubs = {key: ensure_club(conn, key) for key in dict.fromkeys(str(c[0]) for c in calls)}
    members = ensure_members(conn, [(clubs[str(c[0])], str(c[1]), str(c[2])) for c in calls])
    keys = [(clubs[str(c[0])], int(c[3]), member) for c, member in zip(calls, members, strict=True)]
    seen = _rated(conn, keys)
    replaced: list[bool] = []
    final: dict[tuple[int, int, int], tuple[Any, ...]] = {}
    for key, call in zip(keys, calls, strict=True):
        replaced.append(key in seen)
        seen.add(key)
        final.pop(key, None)  # keep the order of the last call for each rating
        final[key] = call
    stamp = now_iso()
    insert_rows(
        conn,
        "INSERT INTO ratings(club_id, film_id, member_id, score, raw, comment, updated_at)",
        [(*key, call[4], call[5], call[6], stamp) for key, call in final.items()],
        ("bigint", "bigint", "bigint", "double precision", "text", "text", "text"),
        "ON CONFLICT(club_id, film_id, member_id) DO UPDATE SET"
        " score = excluded.score, raw = excluded.raw, comment = excluded.comment,"
        " updated_at = excluded.updated_at",
    )
    return replaced


def _rated(conn: sqlite3.Connection, keys: list[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Which of these (club, film, member) ratings exist."""
    by_film: dict[tuple[int, int], list[int]] = {}
    for club, film, member in keys:
        by_film.setdefault((club, film), []).append(member)
    found: set[tuple[int, int, int]] = set()
    for (club, film), members in by_film.items():
        for row in rows_matching(
            conn,
            "SELECT member_id FROM ratings WHERE club_id = ? AND film_id = ? AND {match}",
            "member_id",
            members,
            "bigint",
            (club, film),
        ):
            found.add((club, film, int(row[0])))
    return found


def delete_rating(conn: sqlite3.Connection, club_key: str, member_id: str, film_id: int) -> bool:
    club = club_id(conn, club_key)
    if club is None:
        return False
    cur = conn.execute(
        "DELETE FROM ratings WHERE club_id = ? AND film_id = ? AND member_id ="
        " (SELECT id FROM members WHERE club_id = ? AND external_id = ?)",
        (club, film_id, club, member_id),
    )
    return cur.rowcount > 0


_RATING_SELECT = (
    "SELECT m.external_id, m.name, f.title, r.score, r.raw, r.comment, r.updated_at, f.year"
    " FROM ratings r JOIN members m ON m.id = r.member_id JOIN films f ON f.id = r.film_id"
)


def _rating(row: sqlite3.Row) -> Rating:
    return Rating(row[0], row[1], row[2], float(row[3]), row[4], row[5], row[6], row[7])


def film_ratings(
    conn: sqlite3.Connection, club_key: str, film_id: int, limit: int = 50
) -> list[Rating]:
    club = club_id(conn, club_key)
    if club is None:
        return []
    rows = conn.execute(
        _RATING_SELECT + " WHERE r.club_id = ? AND r.film_id = ?"
        " ORDER BY r.score DESC, r.updated_at LIMIT ?",
        (club, film_id, limit),
    ).fetchall()
    return [_rating(r) for r in rows]


def film_ratings_and_stats(
    conn: sqlite3.Connection, club_key: str, film_id: int, limit: int = 50
) -> tuple[list[Rating], ClubStats]:
    """:func:`film_ratings` and :func:`club_stats` in one read."""
    return film_ratings(conn, club_key, film_id, limit), club_stats(conn, club_key, film_id)


def member_ratings(
    conn: sqlite3.Connection, club_key: str, member_id: str, limit: int = 50
) -> list[Rating]:
    club = club_id(conn, club_key)
    if club is None:
        return []
    rows = conn.execute(
        _RATING_SELECT + " WHERE r.club_id = ? AND r.member_id ="
        " (SELECT id FROM members WHERE club_id = ? AND external_id = ?)"
        " ORDER BY r.updated_at DESC LIMIT ?",
        (club, club, member_id, limit),
    ).fetchall()
    return [_rating(r) for r in rows]


def club_ratings(conn: sqlite3.Connection, club_key: str, limit: int = 50) -> list[Rating]:
    club = club_id(conn, club_key)
    if club is None:
        return []
    rows = conn.execute(
        _RATING_SELECT + " WHERE r.club_id = ? ORDER BY r.updated_at DESC LIMIT ?",
        (club, limit),
    ).fetchall()
    return [_rating(r) for r in rows]


def club_stats(conn: sqlite3.Connection, club_key: str, film_id: int) -> ClubStats:
    """Count, mean, median and histogram from the maintained buckets and score counts."""
    return club_summary(conn, club_key, film_id)[0]


def club_summary(
    conn: sqlite3.Connection, club_key: str, film_id: int
) -> tuple[ClubStats, list[tuple[float, int]]]:
    """:func:`club_stats` and :func:`rating_values` together, the score counts read once."""
    club = club_id(conn, club_key)
    empty = ClubStats(0, None, None, (0,) * 11)
    if club is None:
        return empty, []
    hist = [0] * 11
    count, total = 0, 0.0
    values: list[tuple[float, int]] = []
    # The buckets (kind 0) and each score's count (kind 1), in one statement.
    for kind, key, n, subtotal in conn.execute(
        "SELECT 0, bucket, n, total FROM rating_buckets WHERE club_id = ? AND film_id = ?"
        " UNION ALL SELECT 1, score, n, 0 FROM rating_values"
        " WHERE club_id = ? AND film_id = ? AND n > 0 ORDER BY 1, 2",
        (club, film_id, club, film_id),
    ).fetchall():
        if kind:
            values.append((float(key), int(n)))
            continue
        hist[min(10, max(0, int(key)))] += int(n)
        count += int(n)
        total += float(subtotal)
    if count == 0:
        return empty, []
    offset = (count - 1) // 2
    middle = _middle_scores(values, offset, 2 - count % 2)
    if middle is None:
        rows = conn.execute(
            "SELECT score FROM ratings WHERE club_id = ? AND film_id = ?"
            " ORDER BY score LIMIT ? OFFSET ?",
            (club, film_id, 2 - count % 2, offset),
        ).fetchall()
        middle = [float(r[0]) for r in rows]
    median = sum(middle) / len(middle)
    stats = ClubStats(count, round(total / count, 2), round(median, 2), tuple(hist))
    return stats, values


def _middle_scores(
    values: list[tuple[float, int]], offset: int, how_many: int
) -> list[float] | None:
    """The scores at positions ``offset``.. of a film's ratings in score order, walking
    the per-score counts; None if the counts do not reach that far."""
    picked: list[float] = []
    seen = 0
    for score, n in values:
        seen += n
        while len(picked) < how_many and offset + len(picked) < seen:
            picked.append(score)
        if len(picked) == how_many:
            return picked
    return None


def _values(conn: sqlite3.Connection, club: int, film_id: int) -> list[tuple[float, int]]:
    rows = conn.execute(
        "SELECT score, n FROM rating_values WHERE club_id = ? AND film_id = ? AND n > 0"
        " ORDER BY score",
        (club, film_id),
    ).fetchall()
    return [(float(r[0]), int(r[1])) for r in rows]


def rating_values(conn: sqlite3.Connection, club_key: str, film_id: int) -> list[tuple[float, int]]:
    """Each distinct score the club gave a film, with how many members gave it."""
    club = club_id(conn, club_key)
    return [] if club is None else _values(conn, club, film_id)
