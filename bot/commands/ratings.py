"""/rate, /unrate and /ratings: one rating per member per film per club."""

from __future__ import annotations

from bot.catalog.resolve import resolve_film
from bot.commands.choices import asks_which_film
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UserError
from bot.films import film_or_current, find_film
from bot.messages import Field, Reply, Request
from bot.parsing.scores import normalize_score
from bot.scoring import fmt
from bot.screenings import thread_film
from bot.services import Services
from bot.store import ratings
from bot.store.models import Film, Rating

SCORE_FORMS = "8, 8.5, 8.5/10, 4/5, 3.5/4, 85%, ★★★★½, 4 stars or 8 out of 10"
MAX_COMMENT = 500
# Not required in the declaration so that a thread's `/rate 8` reads as a score;
# the handler asks for it when it is missing.
_SCORE_OPTION = Option(
    "score", f"Your score: {SCORE_FORMS}", OptionKind.SCORE, max_length=20, needed=True
)


def parse_member_score(raw: str) -> tuple[float, str]:
    parsed = normalize_score(raw)
    if parsed is None:
        raise UserError(
            f"`{raw}` is not a score I understand. Use {SCORE_FORMS};"
            " stars are out of 5 and a bare number out of 10."
        )
    return parsed


WHICH_FILM = (
    "Missing `title`: which film? `/rate Her 8`. In a discussion thread the title can be"
    " left out: `/rate 8`."
)


async def _film_score_comment(services: Services, request: Request) -> tuple[Film, str, str | None]:
    """The film, the score as typed and the comment. Without a title, a discussion
    thread's film; outside one, ``/rate 1917 8`` is the title 1917 rated 8."""
    title: str | None = request.options.get("title")
    raw: str | None = request.options.get("score")
    comment: str | None = request.options.get("comment") or None
    if title:
        if not raw:
            raise UserError(f"Missing `score`: {_SCORE_OPTION.help}. Usage: {RATE.usage()}")
        parse_member_score(raw)  # a bad score is refused before any question about the film
        film = await resolve_film(
            services, title, command=f"rate {{film}} {raw}", chosen=request.chosen
        )
    else:
        in_thread = await thread_film(services, request.club, request.channel)
        if in_thread is not None:
            film = in_thread
        else:
            words = (comment or "").split()
            if not raw or not words or normalize_score(words[0]) is None:
                raise UserError(WHICH_FILM)
            size = _SCORE_OPTION.take_words(words)
            title, raw = raw, " ".join(words[:size])
            comment = " ".join(words[size:]) or None
            parse_member_score(raw)
            film = await resolve_film(
                services, title, command=f"rate {{film}} {raw}", chosen=request.chosen
            )
    if not raw:
        raise UserError(f"Missing `score`: {_SCORE_OPTION.help}. Usage: {RATE.usage()}")
    return film, raw, comment


async def rate_handler(services: Services, request: Request) -> Reply:
    film, typed, comment = await _film_score_comment(services, request)
    score, raw = parse_member_score(typed)
    replaced = await services.store.write(
        ratings.upsert_rating,
        request.club,
        request.member.id,
        request.member.name,
        film.id,
        score,
        raw,
        comment,
    )
    verb = "Updated your rating of" if replaced else "Rated"
    shown = fmt(score)
    extra = "" if raw in (shown, f"{shown}/10") else f" (from {raw})"
    said = f" Comment: “{comment}”" if comment else ""
    return Reply(text=f"{verb} {film.label}: {shown}/10{extra}.{said}")


async def unrate_handler(services: Services, request: Request) -> Reply:
    film = await find_film(services.store, request.options["title"])
    removed = await services.store.write(
        ratings.delete_rating, request.club, request.member.id, film.id
    )
    if not removed:
        raise UserError(f"You have not rated {film.label}.")
    return Reply(text=f"Removed your rating of {film.label}.", ephemeral=True)


def _line(r: Rating, *, with_film: bool, with_member: bool) -> str:
    parts = []
    if with_member:
        parts.append(r.member_name)
    if with_film:
        parts.append(r.film_label)
    head = " · ".join(parts)
    comment = f" — {r.comment}" if r.comment else ""
    return f"{head}: {fmt(r.score)}/10{comment}"


async def ratings_handler(services: Services, request: Request) -> Reply:
    title: str | None = request.options.get("title")
    store = services.store
    if title and title.strip().lower() == "me":
        rows = await store.read(ratings.member_ratings, request.club, request.member.id)
        if not rows:
            return Reply(text="You have not rated any films yet. Try `/rate Her 8`.")
        lines = [_line(r, with_film=True, with_member=False) for r in rows]
        return Reply(title=f"Ratings by {request.member.name}", text="\n".join(lines))
    try:
        film = await film_or_current(store, request.club, title)
    except UserError:
        if title:
            raise
        rows = await store.read(ratings.club_ratings, request.club)
        if not rows:
            return Reply(text="Nobody in the club has rated a film yet. Try `/rate Her 8`.")
        lines = [_line(r, with_film=True, with_member=True) for r in rows]
        return Reply(title="Latest ratings in the club", text="\n".join(lines))
    rows, stats = await store.read(ratings.film_ratings_and_stats, request.club, film.id)
    if not rows:
        return Reply(text=f"Nobody in the club has rated {film.label} yet.")
    lines = [_line(r, with_film=False, with_member=True) for r in rows]
    summary = Field(
        "Club", f"{stats.count} rated · mean {fmt(stats.mean)} · median {fmt(stats.median)}"
    )
    return Reply(title=f"Club ratings: {film.label}", text="\n".join(lines), fields=(summary,))


RATE = Command(
    name="rate",
    help="Rate a film; rating it again replaces your rating",
    options=(
        Option(
            "title",
            "Film title (leave it out in a discussion thread)",
            OptionKind.FILM,
            max_length=200,
        ),
        _SCORE_OPTION,
        Option(
            "comment",
            "A few words (optional)",
            OptionKind.TEXT,
            max_length=MAX_COMMENT,
            greedy=True,
        ),
    ),
    handler=asks_which_film(rate_handler),
    examples=("/rate Her 9 lovely", '/rate "Lost in Translation" 4/5', "/rate Her ★★★★½"),
)

UNRATE = Command(
    name="unrate",
    help="Remove your rating of a film",
    options=(Option("title", "Film title", OptionKind.FILM, required=True, max_length=200),),
    handler=unrate_handler,
    examples=("/unrate Her",),
)

RATINGS = Command(
    name="ratings",
    help="The club's ratings of a film, or yours with `me`",
    options=(
        Option(
            "title",
            "Film title, or `me` for your own ratings; default: the club's current film",
            OptionKind.FILM,
            max_length=200,
        ),
    ),
    handler=ratings_handler,
    examples=("/ratings Her", "/ratings me", "/ratings"),
)
