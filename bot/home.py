"""A member's overview (Slack's App Home): open polls with their ballot, the next
screening, the watchlist's first films, their recent ratings."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.messages import Field, Reply, Rich, Timestamp
from bot.polls.models import Poll
from bot.polls.render import ballot_summary
from bot.polls.zones import club_zone
from bot.scoring import fmt
from bot.screenings import place_text
from bot.store import polls, ratings, watchlist
from bot.store import screenings as screening_store
from bot.store.models import Rating
from bot.store.screenings import Screening

if TYPE_CHECKING:
    from bot.services import Services

SHOWN = 5


@dataclass(frozen=True)
class HomeData:
    polls: list[tuple[Poll, tuple[int, ...] | None]]
    screening: Screening | None
    watchlist: list[str]
    ratings: list[Rating]


def _load(conn: sqlite3.Connection, club: str, member: str, now: datetime) -> HomeData:
    open_polls: list[tuple[Poll, tuple[int, ...] | None]] = []
    for number, _ in polls.open_polls(conn, club)[:SHOWN]:
        poll = polls.find_poll(conn, club, "", number)
        if poll is None:
            continue
        mine = next(
            (b.choices for b in polls.ballots(conn, poll.id) if b.member_id == member), None
        )
        open_polls.append((poll, mine))
    upcoming = screening_store.upcoming(conn, club, now, 1)
    entries = watchlist.entries(conn, club)[:SHOWN]
    return HomeData(
        polls=open_polls,
        screening=upcoming[0] if upcoming else None,
        watchlist=[e.title for e in entries],
        ratings=ratings.member_ratings(conn, club, member)[:SHOWN],
    )


async def home(services: Services, club: str, member_id: str) -> Reply:
    """The overview as a neutral reply: one field per part, each saying when it is empty."""
    zone = await club_zone(services, club)
    data = await services.store.read(_load, club, member_id, services.clock.now())
    fields: list[Field] = []
    if data.polls:
        lines = [
            Rich(
                f"#{p.number} {p.question}: your vote: {ballot_summary(p, mine or ())} · closes ",
                Timestamp(p.closes_at, zone),
            )
            for p, mine in data.polls
        ]
        fields.append(Field("Open polls", Rich.joined("\n", lines), inline=False))
    else:
        fields.append(Field("Open polls", "None right now.", inline=False))
    s = data.screening
    if s is not None:
        when = Rich(f"{s.film.label}, ", Timestamp(s.starts_at, zone))
        fields.append(
            Field("Next screening", Rich(when, f" · {place_text(s.place, s.channel)}"), False)
        )
    else:
        fields.append(Field("Next screening", "None planned.", inline=False))
    listed = "\n".join(f"{i}. {t}" for i, t in enumerate(data.watchlist, 1))
    fields.append(Field("Watchlist", listed or "Empty: `/watchlist add <title>`.", False))
    mine_rated = "\n".join(f"{r.film_label}: {fmt(r.score)}/10" for r in data.ratings)
    fields.append(Field("Your recent ratings", mine_rated or "None yet: `/rate Her 8`.", False))
    return Reply(title="Your film club", fields=tuple(fields))
