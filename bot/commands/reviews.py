"""/review and /unreview: a member's own review of a film, for their club only."""

from __future__ import annotations

from dataclasses import replace

from bot.commands.ratings import SCORE_FORMS, parse_member_score
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UserError
from bot.films import split_year
from bot.messages import Reply, Request
from bot.parsing.scores import normalize_score
from bot.reviews.club import MAX_REVIEW, review_passages
from bot.reviews.resolve import Ambiguous, NotFound, resolve_title
from bot.scoring import fmt
from bot.screenings import thread_film
from bot.services import Services
from bot.store import club_reviews
from bot.store.models import Film


async def film_named(services: Services, query: str) -> Film:
    """The film a member typed, exactly; a question when two films share the title."""
    title, year = split_year(query)
    found = await resolve_title(services, title, year)
    if isinstance(found, Ambiguous):
        raise UserError(found.question())
    if isinstance(found, NotFound):
        raise UserError(f"I don't know a film called “{query.strip()}”.")
    return found


async def _film_and_text(services: Services, title: str, text: str) -> tuple[Film, str]:
    """``/review Her a lovely film``: with no score between them, the title is the
    longest run of leading words that names a film and the rest is the review."""
    try:
        return await film_named(services, title), text
    except UserError:
        words = title.split()
        if text or len(words) < 2:
            raise
        for cut in range(len(words) - 1, 0, -1):
            try:
                film = await film_named(services, " ".join(words[:cut]))
            except UserError:
                continue
            return film, " ".join(words[cut:])
        raise


async def _in_thread(
    services: Services, request: Request, title: str, text: str
) -> tuple[Film, str, str | None] | None:
    """In a discussion thread the title can be left out: ``/review 8 What a film`` is
    the thread's film, scored 8. Words that name a film still name it there, and words
    that name several are asked about."""
    film = await thread_film(services, request.club, request.channel)
    if film is None:
        return None
    score: str | None = request.options.get("score")
    try:
        named, rest = await _film_and_text(services, title, text)
        return named, rest, score
    except UserError:
        name, year = split_year(title)
        if isinstance(found := await resolve_title(services, name, year), Ambiguous):
            raise UserError(found.question()) from None
    words = f"{title} {text}".split()
    if score or not words or normalize_score(words[0]) is None:
        return film, " ".join(words), score
    size = REVIEW.option("score").take_words(words)  # type: ignore[union-attr]
    return film, " ".join(words[size:]), " ".join(words[:size])


async def review_handler(services: Services, request: Request) -> Reply:
    text = str(request.options.get("text") or "").strip()
    threaded = await _in_thread(services, request, str(request.options["title"]), text)
    if threaded is not None:
        film, text, raw_score = threaded
        request = replace(request, options={**request.options, "score": raw_score})
    else:
        film, text = await _film_and_text(services, request.options["title"], text)
    if not text:
        raise UserError(
            f"Write your review after the title (and an optional score), e.g. "
            f"`/review {film.title} 8 A lovely film`."
        )
    if len(text) > MAX_REVIEW:
        raise UserError(
            f"A review can be up to {MAX_REVIEW:,} characters; yours has {len(text):,}."
        )
    raw_score = request.options.get("score")
    score = parse_member_score(raw_score) if raw_score else None
    passages = review_passages(text)

    replaced = await services.store.write(
        club_reviews.save_member_review,
        request.club,
        request.member.id,
        request.member.name,
        film.id,
        text,
        passages,
        score,
        bool(request.options.get("spoilers")),
    )
    verb = "Replaced your review of" if replaced else "Saved your review of"
    rated = f", rated {fmt(score[0])}/10" if score is not None else ""
    count = len(passages)
    return Reply(
        text=f"{verb} {film.label}{rated}: {count} quotable passage{'s' if count != 1 else ''}."
        f" `/quote {film.title} from:club` shows them to the club."
    )


async def unreview_handler(services: Services, request: Request) -> Reply:
    film = await film_named(services, request.options["title"])
    removed = await services.store.write(
        club_reviews.delete_review, request.club, request.member.id, film.id
    )
    if not removed:
        raise UserError(f"You have not reviewed {film.label}.")
    return Reply(
        text=f"Removed your review of {film.label} (your rating stays; `/unrate` removes it).",
        ephemeral=True,
    )


REVIEW = Command(
    name="review",
    help="Write your own review of a film for the club; writing again replaces it",
    options=(
        # Typed as one line with no score, the title runs on into the review's text: the
        # handler separates them, then holds the text to MAX_REVIEW.
        Option("title", "Film title", OptionKind.FILM, required=True, max_length=200 + MAX_REVIEW),
        Option(
            "score", f"Your score, also your rating: {SCORE_FORMS}", OptionKind.SCORE, max_length=20
        ),
        Option(
            "text",
            f"Your review, up to {MAX_REVIEW:,} characters",
            OptionKind.TEXT,
            max_length=MAX_REVIEW,
            greedy=True,
        ),
        Option(
            "spoilers",
            "Yes if it gives away the plot: its passages stay hidden until a member asks",
            OptionKind.BOOLEAN,
            keyword_only=True,
        ),
    ),
    handler=review_handler,
    examples=("/review Her 9 A lovely, sad film about listening.", "/review Her Still thinking."),
    form_option="text",
)

UNREVIEW = Command(
    name="unreview",
    help="Remove your review of a film",
    options=(Option("title", "Film title", OptionKind.FILM, required=True, max_length=200),),
    handler=unreview_handler,
    examples=("/unreview Her",),
)
