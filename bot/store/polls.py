"""Polls, ballots and weekly schedules.

Every change of a poll's state is a compare-and-set inside the write's own
transaction: a vote checks that the poll is open and before its deadline in the
same transaction that writes the ballot; a close flips ``state`` from ``open``
only once, and only the writer that flipped it gets the result to announce; a
weekly schedule opens a poll only by moving ``next_open_at`` from the value it
read. Two processes sharing the database file therefore never close or open a
poll twice.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.polls.models import (
    Ballot,
    BallotChange,
    BallotChangeKind,
    EditStatus,
    Mode,
    NewOption,
    NewPoll,
    NotEnoughCandidates,
    OptionEdit,
    Poll,
    PollOption,
    PollState,
    Removal,
    VoteOutcome,
    VoteStatus,
    WeeklyInput,
    WeeklySchedule,
)
from bot.polls.tally import Tally, tally
from bot.polls.weekly import Opening
from bot.store.clubs import (
    add_member,
    club_id,
    ensure_club,
    ensure_member,
    known_members,
    set_current_film,
    settle_members,
)
from bot.store.db import batch_memo, group_form, insert_rows, rows_matching
from bot.store.dialect import dialect_of
from bot.store.films import film_for_title
from bot.store.watchlist import candidates, from_iso, record_result, to_iso, watch_rank

MIN_OPTIONS = 2
MAX_OPTIONS = 10


@dataclass(frozen=True)
class ClosedPoll:
    """A poll this caller closed, with the count that decided it."""

    poll: Poll
    tally: Tally
    ballots: tuple[Ballot, ...]
    late: bool


@dataclass(frozen=True)
class WeeklyOpened:
    """A weekly schedule this caller advanced; ``poll`` is None when none could open."""

    schedule: WeeklySchedule
    opening: Opening
    poll: Poll | None
    candidates: int


_POLL_SELECT = (
    "SELECT p.id, c.key, p.number, p.channel, p.question, p.mode, p.anonymous, p.hidden,"
    " p.state, m.external_id, m.name, p.created_at, p.closes_at, p.closed_at, p.closed_late,"
    " p.winner_option, p.weekly_id,"
    " coalesce((SELECT n FROM poll_ballot_counts k WHERE k.poll_id = p.id), 0),"
    " p.open_options"
    " FROM polls p JOIN clubs c ON c.id = p.club_id LEFT JOIN members m ON m.id = p.created_by"
)


def _options(conn: sqlite3.Connection, poll_id: int) -> tuple[PollOption, ...]:
    rows = conn.execute(
        "SELECT id, position, key, label, film_id, watch_rank FROM poll_options"
        " WHERE poll_id = ? ORDER BY position",
        (poll_id,),
    ).fetchall()
    return tuple(PollOption(int(r[0]), int(r[1]), r[2], r[3], r[4], r[5]) for r in rows)


def _poll(conn: sqlite3.Connection, row: sqlite3.Row) -> Poll:
    return Poll(
        id=int(row[0]),
        club=row[1],
        number=int(row[2]),
        channel=row[3],
        question=row[4],
        mode=Mode(row[5]),
        anonymous=bool(row[6]),
        hidden=bool(row[7]),
        state=PollState(row[8]),
        creator_id=row[9],
        creator_name=row[10],
        created_at=from_iso(row[11]),
        closes_at=from_iso(row[12]),
        closed_at=from_iso(row[13]) if row[13] else None,
        closed_late=bool(row[14]),
        winner_option=row[15],
        weekly=row[16] is not None,
        options=_options(conn, int(row[0])),
        ballot_count=int(row[17]),
        open_options=bool(row[18]),
        removals=_removals(conn, int(row[0])),
    )


def _removals(conn: sqlite3.Connection, poll_id: int) -> tuple[Removal, ...]:
    rows = conn.execute(
        "SELECT id, label, removed_by, removed_at FROM poll_removals WHERE poll_id = ? ORDER BY id",
        (poll_id,),
    ).fetchall()
    out = []
    for rid, label, by, at in rows:
        members = conn.execute(
            "SELECT m.name, b.emptied FROM poll_removal_ballots b"
            " JOIN members m ON m.id = b.member_id WHERE b.removal_id = ? ORDER BY m.name, m.id",
            (rid,),
        ).fetchall()
        out.append(Removal(label, by, from_iso(at), tuple((r[0], bool(r[1])) for r in members)))
    return tuple(out)


def load_poll(conn: sqlite3.Connection, poll_id: int) -> Poll | None:
    row = conn.execute(_POLL_SELECT + " WHERE p.id = ?", (poll_id,)).fetchone()
    return _poll(conn, row) if row else None


def find_poll(
    conn: sqlite3.Connection, club_key: str, channel: str, number: int | None
) -> Poll | None:
    """Poll ``#number`` of the club; without a number, the channel's latest open poll,
    else the club's latest open poll, else the channel's latest poll."""
    club = club_id(conn, club_key)
    if club is None:
        return None
    if number is not None:
        row = conn.execute(
            _POLL_SELECT + " WHERE p.club_id = ? AND p.number = ?", (club, number)
        ).fetchone()
        return _poll(conn, row) if row else None
    for where, args in (
        ("p.club_id = ? AND p.channel = ? AND p.state = 'open'", (club, channel)),
        ("p.club_id = ? AND p.state = 'open'", (club,)),
        ("p.club_id = ? AND p.channel = ?", (club, channel)),
    ):
        row = conn.execute(
            _POLL_SELECT + f" WHERE {where} ORDER BY p.number DESC LIMIT 1", args
        ).fetchone()
        if row:
            return _poll(conn, row)
    return None


def open_polls(conn: sqlite3.Connection, club_key: str) -> list[tuple[int, str]]:
    """(number, question) of the club's open polls, newest first, for autocomplete."""
    rows = conn.execute(
        "SELECT p.number, p.question FROM polls p JOIN clubs c ON c.id = p.club_id"
        " WHERE c.key = ? AND p.state = 'open' ORDER BY p.number DESC",
        (club_key,),
    ).fetchall()
    return [(int(r[0]), r[1]) for r in rows]


def _insert_poll(conn: sqlite3.Connection, new: NewPoll) -> Poll:
    club = ensure_club(conn, new.club)
    if new.options:
        options = new.options
    else:
        found = candidates(conn, club, new.size)
        if len(found) < MIN_OPTIONS:
            raise NotEnoughCandidates(len(found))
        options = tuple(NewOption(e.key, e.title, e.film_id) for e in found)
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise ValueError(f"a poll needs {MIN_OPTIONS} to {MAX_OPTIONS} options")
    creator = (
        ensure_member(conn, club, new.creator_id, new.creator_name or new.creator_id)
        if new.creator_id
        else None
    )
    # Numbers are max + 1: one poll creation per club at a time.
    dialect_of(conn).lock_update(conn, "clubs", club)
    number = int(
        conn.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM polls WHERE club_id = ?", (club,)
        ).fetchone()[0]
    )
    cur = conn.execute(
        "INSERT INTO polls(club_id, number, channel, question, mode, anonymous, hidden,"
        " created_by, created_at, closes_at, weekly_id, open_options)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            club,
            number,
            new.channel,
            new.question,
            new.mode.value,
            int(new.anonymous),
            int(new.hidden),
            creator,
            to_iso(new.created_at),
            to_iso(new.closes_at),
            new.weekly_id,
            int(new.open_options),
        ),
    )
    poll_id = cur.lastrowid
    assert poll_id is not None
    conn.executemany(
        "INSERT INTO poll_options(poll_id, position, key, label, film_id, watch_rank)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (poll_id, pos, o.key, o.label, o.film_id, watch_rank(conn, club, o.key))
            for pos, o in enumerate(options, start=1)
        ],
    )
    poll = load_poll(conn, poll_id)
    assert poll is not None
    return poll


def create_poll(conn: sqlite3.Connection, new: NewPoll) -> Poll:
    """Open a poll. Without options, take them from the watchlist
    (NotEnoughCandidates when it has fewer than two). A request key already
    used returns the poll that request opened instead of a second one."""
    if new.request_key:
        row = conn.execute(
            "SELECT poll_id FROM poll_requests WHERE request_key = ?", (new.request_key,)
        ).fetchone()
        if row is not None:
            existing = load_poll(conn, int(row[0]))
            if existing is not None:
                return existing
    poll = _insert_poll(conn, new)
    if new.request_key:
        conn.execute(
            "INSERT OR REPLACE INTO poll_requests(request_key, poll_id) VALUES (?, ?)",
            (new.request_key, poll.id),
        )
    return poll


def ballots(conn: sqlite3.Connection, poll_id: int) -> list[Ballot]:
    rows = conn.execute(
        "SELECT m.external_id, m.name, b.choices FROM ballots b"
        " JOIN members m ON m.id = b.member_id WHERE b.poll_id = ? ORDER BY m.name, m.id",
        (poll_id,),
    ).fetchall()
    return [Ballot(r[0], r[1], _choices(r[2])) for r in rows]


def _choices(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(",") if x)


def _memo_key(poll_id: int) -> tuple[str, int]:
    return ("poll", poll_id)


def _poll_in_batch(conn: sqlite3.Connection, poll_id: int) -> Poll | None:
    """The poll, loaded once per write transaction however many votes it takes."""
    memo = batch_memo()
    poll: Poll | None = memo.get(_memo_key(poll_id))
    if poll is None:
        # With several writers, a close waits until this transaction's ballots are
        # committed, and this vote sees a close that committed first.
        dialect_of(conn).lock_share(conn, "polls", poll_id)
        poll = load_poll(conn, poll_id)
        if poll is not None:
            memo[_memo_key(poll_id)] = poll
    return poll


def _forget(poll_id: int) -> None:
    batch_memo().pop(_memo_key(poll_id), None)


def _refusal(conn: sqlite3.Connection, club_key: str, poll_id: int, now: datetime) -> VoteOutcome:
    """Why a poll takes no vote now, or RECORDED when it does."""
    poll = _poll_in_batch(conn, poll_id)
    if poll is None or poll.club != club_key:
        return VoteOutcome(VoteStatus.UNKNOWN, None)
    if poll.state is PollState.CANCELLED:
        return VoteOutcome(VoteStatus.CANCELLED, poll)
    if poll.state is PollState.CLOSED:
        return VoteOutcome(VoteStatus.CLOSED, poll)
    if poll.closes_at <= now:
        return VoteOutcome(VoteStatus.EXPIRED, poll)
    return VoteOutcome(VoteStatus.RECORDED, poll)


def _new_choices(
    poll: Poll, before: tuple[int, ...], change: BallotChange
) -> tuple[int, ...] | None:
    """The ballot after a change; None when the change does not fit the poll."""
    valid = {o.id for o in poll.options}
    picked = tuple(dict.fromkeys(change.choices))
    if any(c not in valid for c in picked):
        return None
    if change.kind is BallotChangeKind.WITHDRAW:
        return ()
    if change.kind is BallotChangeKind.SET:
        if not picked or (poll.mode is Mode.SINGLE and len(picked) > 1):
            return None
        return picked
    if len(picked) != 1:
        return None
    choice = picked[0]
    if poll.mode is Mode.SINGLE:
        return picked
    if choice in before:
        return tuple(c for c in before if c != choice)
    return (*before, choice)


def cast_vote(
    conn: sqlite3.Connection,
    club_key: str,
    poll_id: int,
    member_id: str,
    member_name: str,
    change: BallotChange,
    now: datetime,
) -> VoteOutcome:
    """Record, change or withdraw a member's ballot if the poll is open right now.

    A refused vote writes nothing (not even the member row).
    """
    check = _refusal(conn, club_key, poll_id, now)
    if check.status is not VoteStatus.RECORDED or check.poll is None:
        return check
    poll = check.poll
    club = ensure_club(conn, club_key)
    found = conn.execute(
        "SELECT id, name FROM members WHERE club_id = ? AND external_id = ?", (club, member_id)
    ).fetchone()
    before: tuple[int, ...] = ()
    if found is not None:
        row = conn.execute(
            "SELECT choices FROM ballots WHERE poll_id = ? AND member_id = ?", (poll_id, found[0])
        ).fetchone()
        before = _choices(row[0]) if row else ()
    after = _new_choices(poll, before, change)
    if after is None:
        return VoteOutcome(VoteStatus.INVALID, poll, (), before)
    if after == before:
        status = VoteStatus.NO_BALLOT if not after else VoteStatus.UNCHANGED
        return VoteOutcome(status, poll, after, before)
    if found is None:
        member = add_member(conn, club, member_id, member_name)
    elif member_name and found[1] != member_name:
        member = ensure_member(conn, club, member_id, member_name)
    else:
        member = int(found[0])
    if not after:
        conn.execute("DELETE FROM ballots WHERE poll_id = ? AND member_id = ?", (poll_id, member))
        status = VoteStatus.WITHDRAWN
    else:
        conn.execute(
            "INSERT INTO ballots(poll_id, member_id, choices, cast_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(poll_id, member_id) DO UPDATE SET"
            " choices = excluded.choices, cast_at = excluded.cast_at",
            (poll_id, member, ",".join(str(c) for c in after), to_iso(now)),
        )
        status = VoteStatus.CHANGED if before else VoteStatus.RECORDED
    delta = (1 if after else 0) - (1 if before else 0)
    updated = poll.with_ballot_count(poll.ballot_count + delta)
    batch_memo()[_memo_key(poll_id)] = updated
    return VoteOutcome(status, updated, after, before)


@group_form(cast_vote)
def cast_votes(conn: sqlite3.Connection, calls: list[tuple[Any, ...]]) -> list[VoteOutcome]:
    """:func:`cast_vote` for many calls at once, each outcome as if they ran in order.

    The members and their ballots are read in one statement each, the outcomes
    worked out in order, then the new members, renames and each ballot's last
    state written in one statement each.
    """
    open_calls: dict[tuple[str, int], list[str]] = {}
    for club_key, poll_id, member_id, *_ in calls:
        open_calls.setdefault((club_key, poll_id), []).append(member_id)
    for club_key, poll_id in list(open_calls):
        poll = _poll_in_batch(conn, poll_id)
        if poll is None or poll.club != club_key or poll.state is not PollState.OPEN:
            del open_calls[(club_key, poll_id)]  # every vote on it is refused
    clubs: dict[str, int] = {}
    known: dict[int, dict[str, tuple[int, str]]] = {}
    held: dict[tuple[int, str], tuple[int, ...]] = {}
    for (club_key, poll_id), voters in open_calls.items():
        club = clubs.get(club_key)
        if club is None:
            club = clubs[club_key] = ensure_club(conn, club_key)
            known[club] = {}
        members = known_members(conn, club, voters)
        known[club].update(members)
        for external_id, choices in _held_ballots(conn, poll_id, members).items():
            held[(poll_id, external_id)] = choices
    stored = dict(held)
    names: dict[int, dict[str, str]] = {club: {} for club in known}
    cast: dict[tuple[int, str], tuple[int, str]] = {}  # (poll, member) -> (club, cast_at)
    outcomes: list[VoteOutcome] = []
    for club_key, poll_id, member_id, member_name, change, now in calls:
        check = _refusal(conn, club_key, poll_id, now)
        if check.status is not VoteStatus.RECORDED or check.poll is None:
            outcomes.append(check)
            continue
        poll = check.poll
        club = clubs[club_key]
        before = held.get((poll_id, member_id), ())
        after = _new_choices(poll, before, change)
        if after is None:
            outcomes.append(VoteOutcome(VoteStatus.INVALID, poll, (), before))
            continue
        if after == before:
            status = VoteStatus.NO_BALLOT if not after else VoteStatus.UNCHANGED
            outcomes.append(VoteOutcome(status, poll, after, before))
            continue
        wanted = names[club]
        if member_name or member_id not in wanted:
            wanted[member_id] = member_name
        held[(poll_id, member_id)] = after
        cast[(poll_id, member_id)] = (club, to_iso(now))
        if not after:
            status = VoteStatus.WITHDRAWN
        else:
            status = VoteStatus.CHANGED if before else VoteStatus.RECORDED
        delta = (1 if after else 0) - (1 if before else 0)
        updated = poll.with_ballot_count(poll.ballot_count + delta)
        batch_memo()[_memo_key(poll_id)] = updated
        outcomes.append(VoteOutcome(status, updated, after, before))
    if not cast:
        return outcomes
    ids: dict[tuple[int, str], int] = {}
    for club, wanted in names.items():
        if wanted:
            settled = settle_members(conn, club, known[club], wanted)
            ids.update(((club, e), i) for e, i in settled.items())
    upserts: list[tuple[int, int, str, str]] = []
    deletes: list[tuple[int, int]] = []
    for (poll_id, member_id), (club, cast_at) in cast.items():
        after = held[(poll_id, member_id)]
        member = ids[(club, member_id)]
        if after:
            upserts.append((poll_id, member, ",".join(str(c) for c in after), cast_at))
        elif (poll_id, member_id) in stored:
            deletes.append((poll_id, member))
    if deletes:
        conn.executemany("DELETE FROM ballots WHERE poll_id = ? AND member_id = ?", deletes)
    if upserts:
        insert_rows(
            conn,
            "INSERT INTO ballots(poll_id, member_id, choices, cast_at)",
            upserts,
            ("bigint", "bigint", "text", "text"),
            "ON CONFLICT(poll_id, member_id) DO UPDATE SET"
            " choices = excluded.choices, cast_at = excluded.cast_at",
        )
    return outcomes


def _held_ballots(
    conn: sqlite3.Connection, poll_id: int, members: dict[str, tuple[int, str]]
) -> dict[str, tuple[int, ...]]:
    """The choices each of these members holds in the poll (members without a ballot left out)."""
    external = {member_id: external_id for external_id, (member_id, _) in members.items()}
    rows = rows_matching(
        conn,
        "SELECT member_id, choices FROM ballots WHERE poll_id = ? AND {match}",
        "member_id",
        list(external),
        "bigint",
        (poll_id,),
    )
    return {external[int(r[0])]: _choices(r[1]) for r in rows}


def _editable(
    conn: sqlite3.Connection, club_key: str, poll_id: int, now: datetime
) -> OptionEdit | Poll:
    """The poll if its options may change now (open, before its deadline), else why not."""
    _forget(poll_id)
    # With several writers: votes in flight finish first, later ones see the new options.
    dialect_of(conn).lock_update(conn, "polls", poll_id)
    poll = load_poll(conn, poll_id)
    if poll is None or poll.club != club_key:
        return OptionEdit(EditStatus.UNKNOWN, None)
    if not poll.is_open or poll.closes_at <= now:
        return OptionEdit(EditStatus.NOT_OPEN, poll)
    return poll


def add_option(
    conn: sqlite3.Connection, club_key: str, poll_id: int, option: NewOption, now: datetime
) -> OptionEdit:
    """Add an option at the end of an open poll (at most MAX_OPTIONS)."""
    poll = _editable(conn, club_key, poll_id, now)
    if isinstance(poll, OptionEdit):
        return poll
    same = next((o for o in poll.options if o.key == option.key), None)
    if same is not None:
        return OptionEdit(EditStatus.DUPLICATE, poll, same)
    if len(poll.options) >= MAX_OPTIONS:
        return OptionEdit(EditStatus.FULL, poll)
    club = ensure_club(conn, club_key)
    position = max((o.position for o in poll.options), default=0) + 1
    cur = conn.execute(
        "INSERT INTO poll_options(poll_id, position, key, label, film_id, watch_rank)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            poll_id,
            position,
            option.key,
            option.label,
            option.film_id,
            watch_rank(conn, club, option.key),
        ),
    )
    fresh = load_poll(conn, poll_id)
    assert fresh is not None and cur.lastrowid is not None
    return OptionEdit(EditStatus.ADDED, fresh, fresh.option(cur.lastrowid))


def remove_option(
    conn: sqlite3.Connection,
    club_key: str,
    poll_id: int,
    option_id: int,
    by_name: str,
    now: datetime,
) -> OptionEdit:
    """Remove an option from an open poll, keeping at least MIN_OPTIONS.

    Each ballot that named it loses that choice (a ranked ballot's later choices
    move up); a ballot left empty is withdrawn. The members affected are recorded
    with the removal, for the results to tell them.
    """
    poll = _editable(conn, club_key, poll_id, now)
    if isinstance(poll, OptionEdit):
        return poll
    gone = poll.option(option_id)
    if gone is None:
        return OptionEdit(EditStatus.NO_OPTION, poll)
    if len(poll.options) <= MIN_OPTIONS:
        return OptionEdit(EditStatus.TOO_FEW, poll, gone)
    cur = conn.execute(
        "INSERT INTO poll_removals(poll_id, label, removed_by, removed_at) VALUES (?, ?, ?, ?)",
        (poll_id, gone.label, by_name or None, to_iso(now)),
    )
    removal_id = cur.lastrowid
    for member, text in conn.execute(
        "SELECT member_id, choices FROM ballots WHERE poll_id = ?", (poll_id,)
    ).fetchall():
        before = _choices(text)
        if option_id not in before:
            continue
        after = tuple(c for c in before if c != option_id)
        if after:
            conn.execute(
                "UPDATE ballots SET choices = ? WHERE poll_id = ? AND member_id = ?",
                (",".join(str(c) for c in after), poll_id, member),
            )
        else:
            conn.execute(
                "DELETE FROM ballots WHERE poll_id = ? AND member_id = ?", (poll_id, member)
            )
        conn.execute(
            "INSERT INTO poll_removal_ballots(removal_id, member_id, emptied) VALUES (?, ?, ?)",
            (removal_id, member, int(not after)),
        )
    conn.execute("DELETE FROM poll_options WHERE id = ?", (option_id,))
    # Number the options 1..n again (through negatives, to keep positions unique).
    conn.execute("UPDATE poll_options SET position = -position WHERE poll_id = ?", (poll_id,))
    for number, (oid,) in enumerate(
        conn.execute(
            "SELECT id FROM poll_options WHERE poll_id = ? ORDER BY position DESC", (poll_id,)
        ).fetchall(),
        start=1,
    ):
        conn.execute("UPDATE poll_options SET position = ? WHERE id = ?", (number, oid))
    fresh = load_poll(conn, poll_id)
    assert fresh is not None
    return OptionEdit(EditStatus.REMOVED, fresh, gone, fresh.removals[-1])


def close_poll(
    conn: sqlite3.Connection, poll_id: int, now: datetime, late: bool = False
) -> ClosedPoll | None:
    """Close an open poll and apply its result; None if it was not open (someone else
    closed or cancelled it first)."""
    _forget(poll_id)
    cur = conn.execute(
        "UPDATE polls SET state = 'closed', closed_at = ?, closed_late = ?"
        " WHERE id = ? AND state = 'open'",
        (to_iso(now), int(late), poll_id),
    )
    if cur.rowcount != 1:
        return None
    poll = load_poll(conn, poll_id)
    assert poll is not None
    counted = tuple(ballots(conn, poll_id))
    result = tally(poll, counted)
    if result.winner is not None:
        conn.execute("UPDATE polls SET winner_option = ? WHERE id = ?", (result.winner, poll_id))
        winner = poll.option(result.winner)
        assert winner is not None
        film_id = winner.film_id
        if film_id is None:
            # A bare title (the catalog was off or not answering) still becomes the club's film.
            film_id = film_for_title(conn, winner.label)
            conn.execute("UPDATE poll_options SET film_id = ? WHERE id = ?", (film_id, winner.id))
        set_current_film(conn, poll.club, film_id)
        club = ensure_club(conn, poll.club)
        losers = [o.key for o in poll.options if o.id != winner.id]
        record_result(conn, club, winner.key, losers, now, poll.number)
        reloaded = load_poll(conn, poll_id)
        assert reloaded is not None
        poll = reloaded
    return ClosedPoll(poll, result, counted, late)


def cancel_poll(conn: sqlite3.Connection, poll_id: int, now: datetime) -> bool:
    _forget(poll_id)
    cur = conn.execute(
        "UPDATE polls SET state = 'cancelled', closed_at = ? WHERE id = ? AND state = 'open'",
        (to_iso(now), poll_id),
    )
    return cur.rowcount == 1


def due_polls(conn: sqlite3.Connection, now: datetime) -> list[tuple[int, datetime]]:
    """(id, deadline) of open polls whose deadline has come."""
    rows = conn.execute(
        "SELECT id, closes_at FROM polls WHERE state = 'open' AND closes_at <= ?"
        " ORDER BY closes_at, id",
        (to_iso(now),),
    ).fetchall()
    return [(int(r[0]), from_iso(r[1])) for r in rows]


def next_due(conn: sqlite3.Connection) -> datetime | None:
    """The earliest deadline of an open poll or opening of a weekly poll."""
    row = conn.execute(
        "SELECT min(t) FROM (SELECT min(closes_at) AS t FROM polls WHERE state = 'open'"
        " UNION ALL SELECT min(next_open_at) FROM weekly_polls) AS due"
    ).fetchone()
    return from_iso(row[0]) if row and row[0] else None


_WEEKLY_SELECT = (
    "SELECT w.id, c.key, w.channel, w.weekday, w.local_time, w.zone, w.duration_minutes,"
    " w.size, w.mode, w.anonymous, w.hidden, w.next_open_at, m.name"
    " FROM weekly_polls w JOIN clubs c ON c.id = w.club_id"
    " LEFT JOIN members m ON m.id = w.created_by"
)


def _weekly(row: sqlite3.Row) -> WeeklySchedule:
    hour, minute = (int(x) for x in str(row[4]).split(":"))
    return WeeklySchedule(
        id=int(row[0]),
        club=row[1],
        channel=row[2],
        weekday=int(row[3]),
        hour=hour,
        minute=minute,
        zone=row[5],
        duration=timedelta(minutes=int(row[6])),
        size=int(row[7]),
        mode=Mode(row[8]),
        anonymous=bool(row[9]),
        hidden=bool(row[10]),
        next_open_at=from_iso(row[11]),
        created_by_name=row[12],
    )


def set_weekly(conn: sqlite3.Connection, item: WeeklyInput) -> WeeklySchedule:
    """Create or replace the club's weekly poll."""
    club = ensure_club(conn, item.club)
    member = ensure_member(conn, club, item.member_id, item.member_name)
    conn.execute(
        "INSERT INTO weekly_polls(club_id, channel, weekday, local_time, zone, duration_minutes,"
        " size, mode, anonymous, hidden, next_open_at, created_by, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(club_id) DO UPDATE SET channel = excluded.channel,"
        " weekday = excluded.weekday, local_time = excluded.local_time, zone = excluded.zone,"
        " duration_minutes = excluded.duration_minutes, size = excluded.size,"
        " mode = excluded.mode, anonymous = excluded.anonymous, hidden = excluded.hidden,"
        " next_open_at = excluded.next_open_at, created_by = excluded.created_by,"
        " created_at = excluded.created_at",
        (
            club,
            item.channel,
            item.weekday,
            f"{item.hour:02d}:{item.minute:02d}",
            item.zone,
            int(item.duration.total_seconds() // 60),
            item.size,
            item.mode.value,
            int(item.anonymous),
            int(item.hidden),
            to_iso(item.next_open_at),
            member,
            to_iso(item.created_at),
        ),
    )
    found = weekly_for(conn, item.club)
    assert found is not None
    return found


def weekly_for(conn: sqlite3.Connection, club_key: str) -> WeeklySchedule | None:
    row = conn.execute(_WEEKLY_SELECT + " WHERE c.key = ?", (club_key,)).fetchone()
    return _weekly(row) if row else None


def delete_weekly(conn: sqlite3.Connection, club_key: str) -> bool:
    club = club_id(conn, club_key)
    if club is None:
        return False
    return conn.execute("DELETE FROM weekly_polls WHERE club_id = ?", (club,)).rowcount == 1


def due_weekly(conn: sqlite3.Connection, now: datetime) -> list[WeeklySchedule]:
    rows = conn.execute(
        _WEEKLY_SELECT + " WHERE w.next_open_at <= ? ORDER BY w.next_open_at, w.id",
        (to_iso(now),),
    ).fetchall()
    return [_weekly(r) for r in rows]


WEEKLY_QUESTION = "Weekly poll: what should we watch next?"


def open_weekly(
    conn: sqlite3.Connection, schedule: WeeklySchedule, opening: Opening, now: datetime
) -> WeeklyOpened | None:
    """Advance a due schedule and open its poll, in one transaction.

    None when the schedule was changed or already advanced by someone else.
    """
    cur = conn.execute(
        "UPDATE weekly_polls SET next_open_at = ? WHERE id = ? AND next_open_at = ?",
        (to_iso(opening.next_open_at), schedule.id, to_iso(schedule.next_open_at)),
    )
    if cur.rowcount != 1:
        return None
    if opening.opens_at is None or opening.closes_at is None:
        return WeeklyOpened(schedule, opening, None, 0)
    new = NewPoll(
        club=schedule.club,
        channel=schedule.channel,
        question=WEEKLY_QUESTION,
        mode=schedule.mode,
        anonymous=schedule.anonymous,
        hidden=schedule.hidden,
        creator_id=None,
        creator_name=None,
        created_at=now,
        closes_at=opening.closes_at,
        size=schedule.size,
        weekly_id=schedule.id,
    )
    conn.execute("SAVEPOINT weekly_poll")
    try:
        poll = _insert_poll(conn, new)
    except NotEnoughCandidates as exc:
        conn.execute("ROLLBACK TO weekly_poll")
        conn.execute("RELEASE weekly_poll")
        return WeeklyOpened(schedule, opening, None, exc.found)
    conn.execute("RELEASE weekly_poll")
    _forget(poll.id)
    conn.execute(
        "UPDATE polls SET created_by = (SELECT created_by FROM weekly_polls WHERE id = ?)"
        " WHERE id = ?",
        (schedule.id, poll.id),
    )
    reloaded = load_poll(conn, poll.id)
    assert reloaded is not None
    return WeeklyOpened(schedule, opening, reloaded, len(reloaded.options))
