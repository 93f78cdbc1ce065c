"""/scores: critics' normalized scores, aggregates apart, the club beside them."""

from __future__ import annotations

import asyncio
import sqlite3
from dataclasses import dataclass

from bot.catalog.resolve import resolve_or_current_with
from bot.charts import scores_chart
from bot.commands.film import TITLE_OPTION
from bot.commands.spec import Command, Option, OptionKind
from bot.messages import Field, Image, Reply, Request
from bot.scoring import fmt, gap_line, merge_aggregates, summarize_critics
from bot.services import Services
from bot.store import club_reviews, films, ratings
from bot.store.models import Aggregate, ClubStats, CriticScore, Film


@dataclass(frozen=True)
class ScoreData:
    critics: list[CriticScore]
    aggregates: list[Aggregate]
    club: ClubStats
    club_values: list[tuple[float, int]]
    club_reviews: int = 0


def _load(conn: sqlite3.Connection, film: Film, club: str) -> ScoreData:
    stats, values = ratings.club_summary(conn, club, film.id)
    return ScoreData(
        films.critic_scores(conn, film.id),
        films.aggregates(conn, film.id),
        stats,
        values,
        club_reviews.review_count(conn, club, film.id),
    )


def _critic_name(c: CriticScore) -> str:
    return c.author or c.source or "unsigned review"


def _critic_line(c: CriticScore) -> str:
    who = _critic_name(c)
    if c.score is None:
        return f"{who}: no overall score" + (" (categories only)" if c.categories else "")
    raw = f" (“{c.raw_score}”)" if c.raw_score else ""
    return f"{who}: {fmt(c.score)}/10{raw}"


def _histogram(hist: tuple[int, ...]) -> str:
    return " ".join(f"{i}:{n}" for i, n in enumerate(hist) if n)


async def scores_handler(services: Services, request: Request) -> Reply:
    film, data = await resolve_or_current_with(
        services, request.club, request.options.get("title"), _load, request.club, command="scores"
    )
    summary = summarize_critics(data.critics)
    fields: list[Field] = []
    if data.critics:
        fields.append(
            Field("Critics", "\n".join(_critic_line(c) for c in data.critics), inline=False)
        )
    fields.append(
        Field(
            "Critics overall",
            f"{summary.count} scored · mean {fmt(summary.mean)} · median {fmt(summary.median)}",
        )
    )
    if summary.categories:
        fields.append(
            Field(
                "Categories (critics' average)",
                " · ".join(f"{name} {fmt(avg)}" for name, avg, _ in summary.categories),
                inline=False,
            )
        )
    aggs = merge_aggregates(data.aggregates)
    if aggs:
        lines = []
        for a in aggs:
            votes = f" ({a.votes:,} votes)" if a.votes else ""
            lines.append(f"{a.source or 'Audience'}: {fmt(a.score)}/10{votes}")
        fields.append(Field("Audience aggregates (not critics)", "\n".join(lines), inline=False))
    club = data.club
    if club.count:
        fields.append(
            Field(
                "Club",
                f"{club.count} rated · mean {fmt(club.mean)} · median {fmt(club.median)}"
                f"\nhistogram {_histogram(club.histogram)}",
            )
        )
    else:
        fields.append(Field("Club", f"No ratings yet: `/rate {film.title} 8`"))
    reviews = data.club_reviews
    fields.append(
        Field(
            "Club reviews",
            f"{reviews} review{'s' if reviews != 1 else ''} by members"
            + (f" · `/quote {film.title} from:club`" if reviews else f" · `/review {film.title}`"),
        )
    )
    gap = gap_line(summary, club)
    image = None
    if request.options.get("chart", True):
        chart = await asyncio.to_thread(
            scores_chart,
            film.label,
            [(_critic_name(c), c.score) for c in data.critics if c.score is not None],
            data.club_values,
            [(a.source or "Audience", a.score) for a in aggs],
            club.mean,
            club.median,
        )
        image = Image(f"scores-{film.slug}.png", chart.png, chart.alt, chart.text)
    return Reply(
        title=f"Scores: {film.label}",
        text=gap or "",
        fields=tuple(fields),
        image=image,
        footer="Scores normalized to 0–10 from each critic's own scale.",
    )


SCORES = Command(
    name="scores",
    help="Critics' scores normalized to 0–10, audience aggregates and the club's ratings",
    options=(
        TITLE_OPTION,
        Option(
            "chart",
            "Attach the chart (default yes)",
            OptionKind.BOOLEAN,
            keyword_only=True,
            heavy=True,
        ),
    ),
    handler=scores_handler,
    # Drawing the chart is the slow part: `chart:no` is answered like any read.
    slow=True,
    examples=("/scores Her", "/scores", "/scores Her chart:no"),
)
