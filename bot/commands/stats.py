"""``/stats [member]``: how the club's tastes compare, with the critics and with each other."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from dataclasses import dataclass

from bot.charts import agreement_chart, matrix_chart
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UserError
from bot.messages import Field, Image, Reply, Request
from bot.scoring import fmt
from bot.services import Services
from bot.stats import (
    MIN_COMMON,
    MIN_FOR_FILM,
    Agreement,
    ClubSummary,
    FilmFigure,
    MemberSummary,
    agreement_matrix,
    club_summary,
    member_summary,
)
from bot.store import stats as store_stats
from bot.store.models import MemberRef, RatingPoint

MAX_MEMBER_LINES = 15
_MENTION = re.compile(r"^<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>$")


@dataclass(frozen=True)
class StatsData:
    points: list[RatingPoint]
    critics: dict[int, float]
    members: list[MemberRef]


def _load(conn: sqlite3.Connection, club: str) -> StatsData:
    points = store_stats.club_rating_points(conn, club)
    critics = store_stats.critic_means(conn, (p.film_id for p in points))
    return StatsData(points, critics, store_stats.club_members(conn, club))


def _signed(value: float) -> str:
    return ("+" if value > 0 else "−" if value < 0 else "±") + fmt(round(abs(value), 2))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def find_member(text: str, me: MemberRef, members: list[MemberRef]) -> MemberRef:
    """The member a word names: ``me``, a mention, an id or a whole name (any case).
    Anything else is answered with the names it could mean, never a guess."""
    wanted = text.strip()
    if wanted.lower() == "me":
        return me
    mention = _MENTION.match(wanted)
    key = mention.group(1) if mention else wanted
    for m in members:
        if m.id == key:
            return m
    folded = wanted.lstrip("@").casefold()
    exact = [m for m in members if m.name.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        names = ", ".join(f"{m.name} ({m.id})" for m in exact)
        raise UserError(f"Several members are called {wanted}: {names}. Name one by mention.")
    close = [m for m in members if folded and folded in m.name.casefold()]
    if close:
        names = ", ".join(m.name for m in close[:10])
        raise UserError(f"No member is called `{wanted}`. Did you mean: {names}?")
    raise UserError(f"No member called `{wanted}` has used filmclub in this club.")


def _film_vs_critics(f: FilmFigure) -> str:
    return (
        f"{f.film}: club {fmt(round(f.mean, 2))}, critics {fmt(round(f.critics or 0, 2))}"
        f" ({_signed(f.gap or 0.0)}, {_plural(f.count, 'rating')})"
    )


def club_reply(summary: ClubSummary) -> Reply:
    fields = [
        Field(
            "Rated",
            f"{_plural(summary.ratings, 'rating')} of {_plural(summary.films, 'film')}"
            f" by {_plural(len(summary.per_member), 'member')}",
            inline=False,
        )
    ]
    d = summary.most_divisive
    fields.append(
        Field(
            "Most divisive",
            f"{d.film}: from {fmt(d.low)} to {fmt(d.high)} ({_plural(d.count, 'rating')})"
            if d
            else f"No film has {MIN_FOR_FILM} different ratings yet.",
            inline=False,
        )
    )
    loved, least = summary.loved_against_critics, summary.liked_least_against_critics
    if summary.compared == 0:
        none = f"No film has both {MIN_FOR_FILM} club ratings and critics' scores yet."
        above = below = none
    else:
        above = "The club rates no film above the critics."
        below = "The club rates no film below the critics."
    fields.append(
        Field(
            "Loved most against the critics",
            _film_vs_critics(loved) if loved else above,
            inline=False,
        )
    )
    fields.append(
        Field(
            "Liked least against the critics",
            _film_vs_critics(least) if least else below,
            inline=False,
        )
    )
    lines = [
        f"{m.member.name}: {_plural(m.count, 'rating')}, mean {fmt(round(m.mean, 2))}"
        for m in summary.per_member[:MAX_MEMBER_LINES]
    ]
    if len(summary.per_member) > MAX_MEMBER_LINES:
        lines.append(f"… and {len(summary.per_member) - MAX_MEMBER_LINES} more")
    fields.append(Field("Ratings per member", "\n".join(lines), inline=False))
    return Reply(
        title="Club stats",
        fields=tuple(fields),
        footer="/stats me or /stats <member> compares one member with the others.",
    )


def _no_figure(a: Agreement) -> str:
    if a.common >= MIN_COMMON:
        return f"{a.other.name}: {a.common} in common, but one of you rated them all alike"
    return f"{a.other.name}: {a.common} in common"


def _agreement(a: Agreement) -> str:
    return f"{a.other.name}: r = {a.r:+.2f} over {_plural(a.common, 'film')} rated by both"


def member_reply(summary: MemberSummary, *, yours: bool) -> Reply:
    name = summary.member.name
    mean = f"{name} {fmt(round(summary.mean or 0, 2))} over {_plural(summary.count, 'film')}"
    if summary.others_mean is not None:
        mean += (
            f" · the others {fmt(round(summary.others_mean, 2))} on the same films"
            f" ({_plural(summary.others_count, 'rating')})"
        )
    else:
        mean += " · nobody else has rated those films yet"
    fields = [Field("Mean", mean, inline=False)]
    best, worst = summary.most_agreeing, summary.least_agreeing
    if best is None:
        short = [a for a in summary.agreements if a.r is None]
        detail = (
            "; ".join(_no_figure(a) for a in short[:5]) or "nobody else has rated the same films"
        )
        fields.append(
            Field(
                "Agreement",
                f"Not enough ratings in common: it needs {MIN_COMMON} films rated by both"
                f" ({detail}).",
                inline=False,
            )
        )
    else:
        fields.append(Field("Agrees most with", _agreement(best), inline=False))
        fields.append(
            Field(
                "Agrees least with",
                _agreement(worst) if worst else "Only one member to compare with so far.",
                inline=False,
            )
        )
    take = summary.hottest
    if take is not None:
        who = "you" if yours else name
        fields.append(
            Field(
                "Hottest take",
                f"{take.film}: {who} {fmt(take.score)}, {take.against}"
                f" {fmt(round(take.reference, 2))} ({_signed(take.gap)})",
                inline=False,
            )
        )
    return Reply(
        title=f"Stats: {name}",
        fields=tuple(fields),
        footer="Agreement is Pearson's r over films both rated: +1 always agree, −1 always"
        " opposite, 0 unrelated.",
    )


async def stats_handler(services: Services, request: Request) -> Reply:
    data = await services.store.read(_load, request.club)
    wanted: str | None = request.options.get("member")
    if not wanted:
        if not data.points:
            return Reply(text="Nobody in the club has rated a film yet. Try `/rate Her 8`.")
        reply = club_reply(club_summary(data.points, data.critics))
        matrix = agreement_matrix(data.points)
        if request.options.get("chart", True) and len(matrix.members) >= 2:
            chart = await asyncio.to_thread(
                matrix_chart, [m.name for m in matrix.members], dict(matrix.cells)
            )
            reply = reply.with_(image=Image("agreement-club.png", chart.png, chart.alt, chart.text))
        return reply
    me = MemberRef(request.member.id, request.member.name)
    who = find_member(wanted, me, data.members)
    summary = member_summary(who.id, data.points, data.critics)
    yours = who.id == me.id
    if summary is None:
        whom = "You have" if yours else f"{who.name} has"
        return Reply(text=f"{whom} not rated any films in this club yet.")
    reply = member_reply(summary, yours=yours)
    if request.options.get("chart", True):
        pairs = [(a.other.name, a.r, a.common) for a in summary.agreements if a.r is not None]
        too_few = [(a.other.name, a.common) for a in summary.agreements if a.r is None]
        chart = await asyncio.to_thread(agreement_chart, who.name, pairs, too_few)
        slug = re.sub(r"[^a-z0-9]+", "-", who.name.lower()).strip("-") or "member"
        reply = reply.with_(image=Image(f"agreement-{slug}.png", chart.png, chart.alt, chart.text))
    return reply


STATS = Command(
    name="stats",
    help="How the club's tastes compare; with a member (or `me`), how theirs compare",
    options=(
        Option(
            "member",
            "A member's name or mention, or `me`; default: the whole club",
            OptionKind.TEXT,
            max_length=100,
            greedy=True,
        ),
        Option("chart", "Attach the chart (default yes)", OptionKind.BOOLEAN, keyword_only=True),
    ),
    handler=stats_handler,
    slow=True,
    examples=("/stats", "/stats me", "/stats Ada", "/stats me chart:no"),
)
