"""/quote: a random passage from a critic's review, never repeated in a channel
until every passage for the same request has been shown."""

from __future__ import annotations

from bot.commands.film import TITLE_OPTION
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import UnknownTitle, UserError
from bot.excerpts import TOPICS, normalize_topic
from bot.films import film_or_current, find_film
from bot.messages import Quote, Reply, Request
from bot.screenings import REVEAL, thread_film
from bot.services import Services
from bot.store import club_reviews, clubs, quotes
from bot.store.models import Film

SOURCES = ("all", "critics", "club")
FROM_OPTION = Option(
    "from",
    "Whose passages: critics, club (the members' own reviews) or all (default)",
    OptionKind.CHOICE,
    choices=SOURCES,
    keyword_only=True,
)

TOPIC_OPTION = Option(
    "topic",
    "What the passage is about: " + ", ".join(TOPICS),
    OptionKind.TOPIC,
    max_length=60,
)


def fts_query(words: str) -> str:
    """Every word as a quoted FTS5 term, so member input is never FTS syntax."""
    terms = [w.replace('"', "") for w in words.split()]
    return " ".join(f'"{t}"' for t in terms if t)


async def _film_and_words(
    services: Services, club: str, title: str, topic: str | None
) -> tuple[Film | None, str | None]:
    """The film a title names. With no topic given, words that do not name a film
    are the search words: ``/quote Her Samantha`` searches *Her* for "Samantha",
    ``/quote love`` searches every passage (or the club's film's) for "love"."""
    try:
        return await film_or_current(services.store, club, title), topic
    except UnknownTitle:
        if topic is not None:
            raise
        words = title.split()
        for cut in range(len(words) - 1, 0, -1):
            try:
                film = await find_film(services.store, " ".join(words[:cut]))
            except UnknownTitle:
                continue
            return film, " ".join(words[cut:])
        return None, title


async def quote_handler(services: Services, request: Request) -> Reply:
    title = request.options.get("title")
    topic_text: str | None = request.options.get("topic")
    store = services.store
    film: Film | None = None
    if title:
        film, topic_text = await _film_and_words(services, request.club, title, topic_text)
    else:
        film = await thread_film(services, request.club, request.channel)
    if film is not None:
        film_id, film_name = film.id, film.title
    else:
        current = await store.read(clubs.current_film_id, request.club)
        film_id, film_name = (current or 0), None
    topic = normalize_topic(topic_text) if topic_text else ""
    source = str(request.options.get("from") or "all").lower()
    if topic is None:
        query = fts_query(topic_text or "")
        if not query:
            raise UserError("Give a topic word, such as music or acting.")
        critics = quotes.search_pool(film_id, query)
        words = tuple(w for w in (topic_text or "").split() if w)
        club = club_reviews.club_pool(request.club, film_id, "", words)
    else:
        critics = quotes.topic_pool(film_id, topic)
        club = club_reviews.club_pool(request.club, film_id, topic)
    if source == "critics":
        pool = critics
    elif source == "club":
        pool = club
    else:
        pool = club_reviews.combined_pool(critics, club)
    excerpt = await store.write(quotes.draw, request.club, request.channel, pool, services.rng)
    if excerpt is None:
        about = f" about {topic or topic_text}" if topic_text else ""
        where = f" for {film_name}" if film_name else ""
        whose = {"critics": "critics' ", "club": "club review "}.get(source, "review ")
        raise UserError(f"I have no {whose}passages{about}{where} yet.")
    return Reply(
        quote=Quote(
            text=excerpt.text,
            author=excerpt.author,
            film=excerpt.film_title,
            source=excerpt.source,
            url=excerpt.url,
            spoiler=excerpt.spoilers,
            reveal=f"{REVEAL}:{excerpt.id}" if excerpt.spoilers else "",
            role="club member" if excerpt.by_member else "critic",
        )
    )


QUOTE = Command(
    name="quote",
    help="A random passage from a critic's or a member's review, optionally on a topic",
    options=(TITLE_OPTION, TOPIC_OPTION, FROM_OPTION),
    handler=quote_handler,
    examples=("/quote Her music", "/quote Her", "/quote acting", "/quote Her from:club"),
)
