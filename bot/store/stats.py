"""The rows /stats computes from: every rating in a club, critics' means, members."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from bot.store.clubs import club_id
from bot.store.models import MemberRef, RatingPoint


def club_rating_points(conn: sqlite3.Connection, club_key: str) -> list[RatingPoint]:
    """Every rating in a club, with who gave it and the film's label."""
    club = club_id(conn, club_key)
    if club is None:
        return []
    rows = conn.execute(
        "SELECT m.external_id, m.name, f.id, f.title, f.year, r.score"
        " FROM ratings r JOIN members m ON m.id = r.member_id JOIN films f ON f.id = r.film_id"
        " WHERE r.club_id = ? ORDER BY f.id, m.id",
        (club,),
    ).fetchall()
    return [
        RatingPoint(
            member=MemberRef(str(r[0]), str(r[1])),
            film_id=int(r[2]),
            film=f"{r[3]} ({r[4]})" if r[4] else str(r[3]),
            score=float(r[5]),
        )
        for r in rows
    ]


def critic_means(conn: sqlite3.Connection, film_ids: Iterable[int]) -> dict[int, float]:
    """The mean of the critics' overall scores of each film that has any."""
    wanted = sorted(set(film_ids))
    out: dict[int, float] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for film_id, mean in conn.execute(
            f"SELECT film_id, avg(score) FROM reviews WHERE score IS NOT NULL"
            f" AND film_id IN ({marks}) GROUP BY film_id",
            chunk,
        ):
            out[int(film_id)] = float(mean)
    return out


def club_members(conn: sqlite3.Connection, club_key: str) -> list[MemberRef]:
    club = club_id(conn, club_key)
    if club is None:
        return []
    rows = conn.execute(
        "SELECT external_id, name FROM members WHERE club_id = ? ORDER BY name, external_id",
        (club,),
    ).fetchall()
    return [MemberRef(str(r[0]), str(r[1])) for r in rows]
