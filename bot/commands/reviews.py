"""/review and /unreview: a member's own review of a film, for their club only."""

from __future__ import annotations

from bot.commands.ratings import SCORE_FORMS, parse_member_score
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UserError
from bot.films import split_year
from bot.messages import Reply, Request
from bot.reviews.club import MAX_REVIEW, review_passages
from bot.reviews.resolve import Ambiguous, NotFound, resolve_title
from bot.scoring import fmt
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


async def review_handler(services: Services, request: Request) -> Reply:
    text = str(request.options.get("text") or "").strip()
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
