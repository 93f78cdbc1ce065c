"""Screenings, the answers members give to them, and discussion threads.

A screening's reminder and its discussion are each claimed once: the writer that
moves ``reminded_at`` (or ``discussed_at``) from NULL is the one that announces it,
so two processes sharing the file never remind or open a discussion twice.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.store import club_reviews
from bot.store.clubs import club_id, ensure_club, ensure_member
from bot.store.films import film_by_id
from bot.store.models import Excerpt, Film
from bot.store.watchlist import from_iso, to_iso


@dataclass(frozen=True)
class Screening:
    id: int
    club: str
    film: Film
    channel: str
    starts_at: datetime
    ends_at: datetime
    place: str
    poll_id: int | None
    created_by: str | None
    cancelled_at: datetime | None
    reminder_due_at: datetime | None
    reminded_at: datetime | None
    discussed_at: datetime | None
    message_id: str | None
    event_id: str | None

    @property
    def platform(self) -> str:
        return self.club.split(":", 1)[0]


@dataclass(frozen=True)
class Answers:
    """Who said they are in, and who cannot make it, in the order they answered."""

    going: tuple[str, ...] = ()
    not_going: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewScreening:
    club: str
    film_id: int
    channel: str
    starts_at: datetime
    ends_at: datetime
    place: str
    created_by: str | None
    reminder_due_at: datetime | None
    poll_id: int | None = None


_SELECT = (
    "SELECT s.id, c.key, s.film_id, s.channel, s.starts_at, s.ends_at, s.place, s.poll_id,"
    " s.created_by, s.cancelled_at, s.reminder_due_at, s.reminded_at, s.discussed_at,"
    " s.message_id, s.event_id FROM screenings s JOIN clubs c ON c.id = s.club_id"
)


def _maybe(text: str | None) -> datetime | None:
    return from_iso(text) if text else None


def _screening(conn: sqlite3.Connection, row: sqlite3.Row) -> Screening:
    film = film_by_id(conn, int(row[2]))
    assert film is not None
    return Screening(
        id=int(row[0]),
        club=row[1],
        film=film,
        channel=row[3],
        starts_at=from_iso(row[4]),
        ends_at=from_iso(row[5]),
        place=row[6],
        poll_id=row[7],
        created_by=row[8],
        cancelled_at=_maybe(row[9]),
        reminder_due_at=_maybe(row[10]),
        reminded_at=_maybe(row[11]),
        discussed_at=_maybe(row[12]),
        message_id=row[13],
        event_id=row[14],
    )


def get(conn: sqlite3.Connection, screening_id: int) -> Screening | None:
    row = conn.execute(f"{_SELECT} WHERE s.id = ?", (screening_id,)).fetchone()
    return _screening(conn, row) if row else None


def create(conn: sqlite3.Connection, new: NewScreening, now: datetime) -> Screening:
    club = ensure_club(conn, new.club)
    cur = conn.execute(
        "INSERT INTO screenings(club_id, film_id, channel, starts_at, ends_at, place, poll_id,"
        " created_by, created_at, reminder_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            club,
            new.film_id,
            new.channel,
            to_iso(new.starts_at),
            to_iso(new.ends_at),
            new.place,
            new.poll_id,
            new.created_by,
            to_iso(now),
            to_iso(new.reminder_due_at) if new.reminder_due_at else None,
        ),
    )
    assert cur.lastrowid is not None
    made = get(conn, cur.lastrowid)
    assert made is not None
    return made


def upcoming(conn: sqlite3.Connection, club: str, now: datetime, limit: int = 5) -> list[Screening]:
    """Screenings not cancelled and not over yet, soonest first."""
    found = club_id(conn, club)
    if found is None:
        return []
    rows = conn.execute(
        f"{_SELECT} WHERE s.club_id = ? AND s.cancelled_at IS NULL AND s.ends_at > ?"
        " ORDER BY s.starts_at, s.id LIMIT ?",
        (found, to_iso(now), limit),
    ).fetchall()
    return [_screening(conn, r) for r in rows]


def latest_for_film(conn: sqlite3.Connection, club: str, film_id: int) -> Screening | None:
    """The club's most recent screening of a film that was not cancelled."""
    found = club_id(conn, club)
    if found is None:
        return None
    row = conn.execute(
        f"{_SELECT} WHERE s.club_id = ? AND s.film_id = ? AND s.cancelled_at IS NULL"
        " ORDER BY s.starts_at DESC, s.id DESC LIMIT 1",
        (found, film_id),
    ).fetchone()
    return _screening(conn, row) if row else None


def cancel(conn: sqlite3.Connection, screening_id: int, now: datetime) -> Screening | None:
    """Cancel it if nobody did yet; the cancelled screening, else None."""
    cur = conn.execute(
        "UPDATE screenings SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL",
        (to_iso(now), screening_id),
    )
    return get(conn, screening_id) if cur.rowcount == 1 else None


def set_posted(
    conn: sqlite3.Connection, screening_id: int, message_id: str | None, event_id: str | None
) -> None:
    """Remember the message (and the platform's event) posted for a screening."""
    conn.execute(
        "UPDATE screenings SET message_id = coalesce(?, message_id),"
        " event_id = coalesce(?, event_id) WHERE id = ?",
        (message_id, event_id, screening_id),
    )


def answer(
    conn: sqlite3.Connection,
    screening_id: int,
    member_external: str,
    member_name: str,
    going: bool,
    now: datetime,
) -> Answers:
    """Record (or change) a member's answer; everyone's answers after it."""
    row = conn.execute("SELECT club_id FROM screenings WHERE id = ?", (screening_id,)).fetchone()
    if row is None:
        return Answers()
    member = ensure_member(conn, int(row[0]), member_external, member_name)
    conn.execute(
        "INSERT INTO screening_answers(screening_id, member_id, going, answered_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (screening_id, member_id)"
        " DO UPDATE SET going = excluded.going, answered_at = excluded.answered_at",
        (screening_id, member, int(going), to_iso(now)),
    )
    return answers(conn, screening_id)


def answers(conn: sqlite3.Connection, screening_id: int) -> Answers:
    rows = conn.execute(
        "SELECT m.name, a.going FROM screening_answers a JOIN members m ON m.id = a.member_id"
        " WHERE a.screening_id = ? ORDER BY a.answered_at, m.name",
        (screening_id,),
    ).fetchall()
    return Answers(
        going=tuple(r[0] for r in rows if r[1]),
        not_going=tuple(r[0] for r in rows if not r[1]),
    )


def due_reminders(conn: sqlite3.Connection, now: datetime) -> list[Screening]:
    rows = conn.execute(
        f"{_SELECT} WHERE s.cancelled_at IS NULL AND s.reminded_at IS NULL"
        " AND s.reminder_due_at IS NOT NULL AND s.reminder_due_at <= ?"
        " ORDER BY s.reminder_due_at, s.id",
        (to_iso(now),),
    ).fetchall()
    return [_screening(conn, r) for r in rows]


def claim_reminder(conn: sqlite3.Connection, screening_id: int, now: datetime) -> bool:
    """Mark the reminder sent; False when another writer did, or it was cancelled."""
    cur = conn.execute(
        "UPDATE screenings SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL"
        " AND cancelled_at IS NULL",
        (to_iso(now), screening_id),
    )
    return cur.rowcount == 1


def due_discussions(conn: sqlite3.Connection, now: datetime) -> list[Screening]:
    rows = conn.execute(
        f"{_SELECT} WHERE s.cancelled_at IS NULL AND s.discussed_at IS NULL AND s.ends_at <= ?"
        " ORDER BY s.ends_at, s.id",
        (to_iso(now),),
    ).fetchall()
    return [_screening(conn, r) for r in rows]


def claim_discussion(conn: sqlite3.Connection, screening_id: int, now: datetime) -> bool:
    """Mark the discussion opened; False when it already was (or the screening is cancelled)."""
    cur = conn.execute(
        "UPDATE screenings SET discussed_at = ? WHERE id = ? AND discussed_at IS NULL"
        " AND cancelled_at IS NULL",
        (to_iso(now), screening_id),
    )
    return cur.rowcount == 1


def next_due(conn: sqlite3.Connection) -> datetime | None:
    """The earliest reminder or screening end still to handle."""
    row = conn.execute(
        "SELECT min(t) FROM ("
        " SELECT min(reminder_due_at) AS t FROM screenings"
        "  WHERE cancelled_at IS NULL AND reminded_at IS NULL AND reminder_due_at IS NOT NULL"
        " UNION ALL SELECT min(ends_at) FROM screenings"
        "  WHERE cancelled_at IS NULL AND discussed_at IS NULL) AS due"
    ).fetchone()
    return from_iso(row[0]) if row and row[0] else None


def open_thread(
    conn: sqlite3.Connection,
    club: str,
    thread: str,
    film_id: int,
    screening_id: int | None,
    now: datetime,
) -> None:
    """Remember that ``thread`` discusses ``film_id``."""
    club_row = ensure_club(conn, club)
    conn.execute(
        "INSERT INTO discussion_threads(club_id, thread, film_id, screening_id, opened_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (club_id, thread) DO UPDATE SET"
        " film_id = excluded.film_id, screening_id = excluded.screening_id",
        (club_row, thread, film_id, screening_id, to_iso(now)),
    )


def thread_film(conn: sqlite3.Connection, club: str, thread: str) -> Film | None:
    """The film a discussion thread is about, if ``thread`` is one."""
    row = conn.execute(
        "SELECT t.film_id FROM discussion_threads t JOIN clubs c ON c.id = t.club_id"
        " WHERE c.key = ? AND t.thread = ?",
        (club, thread),
    ).fetchone()
    return film_by_id(conn, int(row[0])) if row else None


@dataclass(frozen=True)
class ReviewPassage:
    """One passage of a critic's review, with that review's score."""

    excerpt_id: int
    text: str
    author: str | None
    source: str | None
    url: str | None
    score: float | None
    topics: tuple[str, ...]
    spoilers: bool


def review_passages(conn: sqlite3.Connection, film_id: int) -> list[ReviewPassage]:
    """One passage for each review of a film: the one about the most topics (the
    earliest of those), so that it says something about the film."""
    rows = conn.execute(
        "SELECT e.id, e.text, r.author, coalesce(r.source, d.site), d.url, r.score, e.topics,"
        " r.spoilers, r.id FROM excerpts e JOIN reviews r ON r.id = e.review_id"
        " JOIN documents d ON d.id = r.document_id"
        " WHERE e.film_id = ? ORDER BY r.id, e.id",
        (film_id,),
    ).fetchall()
    best: dict[int, sqlite3.Row] = {}
    for r in rows:
        kept = best.get(int(r[8]))
        if kept is None or len(str(r[6]).split()) > len(str(kept[6]).split()):
            best[int(r[8])] = r
    return [
        ReviewPassage(
            excerpt_id=int(r[0]),
            text=r[1],
            author=r[2],
            source=r[3],
            url=r[4],
            score=None if r[5] is None else float(r[5]),
            topics=tuple(t for t in str(r[6]).split() if t),
            spoilers=bool(r[7]),
        )
        for r in best.values()
    ]


def club_passage(conn: sqlite3.Connection, club: str, passage_id: int) -> Excerpt | None:
    """A passage of a member's review, only for that member's club."""
    row = conn.execute(
        "SELECT 1 FROM club_review_excerpts e JOIN clubs c ON c.id = e.club_id"
        " WHERE e.id = ? AND c.key = ?",
        (passage_id, club),
    ).fetchone()
    return club_reviews.club_excerpt(conn, passage_id) if row else None


@dataclass(frozen=True)
class UsualTime:
    """The club's usual screening time: a weekday (Monday 0) and a local ``HH:MM``."""

    weekday: int
    at: str
    place: str = ""


def set_usual(
    conn: sqlite3.Connection, club: str, usual: UsualTime | None, by: str, now: datetime
) -> None:
    """Set (or with None clear) the club's usual screening time."""
    club_row = ensure_club(conn, club)
    if usual is None:
        conn.execute("DELETE FROM screening_plans WHERE club_id = ?", (club_row,))
        return
    conn.execute(
        "INSERT INTO screening_plans(club_id, weekday, at, place, set_by, set_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (club_id) DO UPDATE SET weekday = excluded.weekday,"
        " at = excluded.at, place = excluded.place, set_by = excluded.set_by,"
        " set_at = excluded.set_at",
        (club_row, usual.weekday, usual.at, usual.place, by, to_iso(now)),
    )


def usual(conn: sqlite3.Connection, club: str) -> UsualTime | None:
    row = conn.execute(
        "SELECT p.weekday, p.at, p.place FROM screening_plans p JOIN clubs c ON c.id = p.club_id"
        " WHERE c.key = ?",
        (club,),
    ).fetchone()
    return UsualTime(int(row[0]), row[1], row[2]) if row else None
