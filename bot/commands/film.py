"""/film: the facts card, every fact with its sources, disagreements shown."""

from __future__ import annotations

import sqlite3
from collections import OrderedDict

from bot.catalog.resolve import Ambiguous, picked_film, resolve_or_current_with
from bot.commands.spec import Command, Option, OptionKind
from bot.messages import ActionRequest, ActionResult, Button, Field, Reply, Request
from bot.services import Services
from bot.store import catalog, films
from bot.store.catalog import CatalogEntry
from bot.store.models import Fact, Film

MAX_BUTTONS = 5

TITLE_OPTION = Option(
    "title", "Film title; default: the club's current film", OptionKind.FILM, max_length=200
)

LABELS: dict[str, str] = {
    "directors": "Directed by",
    "writers": "Written by",
    "cast": "Cast",
    "runtime": "Runtime",
    "release_date": "Release date",
    "certificate": "Rated",
    "music": "Music",
    "cinematography": "Cinematography",
    "production_design": "Production design",
    "genres": "Genres",
    "streaming": "Stream (flat rate)",
    "trailer": "Trailer",
    "imdb": "IMDb",
}
NOT_FIELDS = {"logline", "poster"}
SINGLE_VALUED = {"runtime", "release_date", "certificate"}


def source_numbers(facts: list[Fact]) -> dict[str, int]:
    """Number each source in order of first use, for compact citations."""
    numbers: dict[str, int] = {}
    for fact in facts:
        for src in fact.sources:
            numbers.setdefault(src, len(numbers) + 1)
    return numbers


def disagree(key: str, values: list[Fact]) -> bool:
    """Sources disagree when a single fact has several values, or when no source
    backs more than one of a key's values (each source names a different one)."""
    if len(values) < 2:
        return False
    if key in SINGLE_VALUED:
        return True
    backers = [set(v.sources) for v in values]
    if any(not b for b in backers):
        return False
    return all(a.isdisjoint(b) for i, a in enumerate(backers) for b in backers[i + 1 :])


def _cite(fact: Fact, numbers: dict[str, int]) -> str:
    if not fact.sources:
        return fact.value
    refs = ",".join(str(numbers[s]) for s in fact.sources)
    return f"{fact.value} [{refs}]"


def fact_fields(facts: list[Fact]) -> tuple[list[Field], dict[str, int]]:
    numbers = source_numbers(facts)
    grouped: OrderedDict[str, list[Fact]] = OrderedDict()
    for fact in facts:
        if fact.key not in NOT_FIELDS:
            grouped.setdefault(fact.key, []).append(fact)
    fields: list[Field] = []
    for key, values in grouped.items():
        label = LABELS.get(key, key.replace("_", " ").capitalize())
        if disagree(key, values):
            body = " vs ".join(_cite(v, numbers) for v in values)
            fields.append(Field(f"{label} (sources disagree)", body, inline=False))
        else:
            inline = key not in ("cast",)
            fields.append(Field(label, ", ".join(_cite(v, numbers) for v in values), inline))
    return fields, numbers


Card = tuple[list[Fact], CatalogEntry | None]


def _card(conn: sqlite3.Connection, film: Film) -> Card:
    return films.facts(conn, film.id), catalog.entry(conn, film.id)


PICK = "film-pick"


def choice_reply(question: Ambiguous) -> Reply:
    """The question, with a button for each film (at most five)."""
    buttons = tuple(
        Button(c.label[:80], f"{PICK}:{question.source}:{c.id}")
        for c in question.candidates[:MAX_BUTTONS]
    )
    return Reply(text=question.message, buttons=buttons, ephemeral=True, error=True)


async def film_handler(services: Services, request: Request) -> Reply:
    try:
        film, card = await resolve_or_current_with(
            services, request.club, request.options.get("title"), _card
        )
    except Ambiguous as question:
        return choice_reply(question)
    return card_reply(film, card)


async def pick_action(services: Services, action: ActionRequest) -> ActionResult:
    """A film picked with a button under "Which …?": its facts card."""
    _, source, film_id = [*action.action_id.split(":", 2), "", ""][:3]
    film = await picked_film(services, source, film_id)
    return ActionResult(await film_card(services, film))


async def film_card(services: Services, film: Film) -> Reply:
    return card_reply(film, await services.store.read(_card, film))


def card_reply(film: Film, card: Card) -> Reply:
    """The facts card of a film from what :func:`_card` read."""
    facts, entry = card
    fields, numbers = fact_fields(facts)
    footer = None
    if numbers:
        footer = "Sources: " + "; ".join(f"[{n}] {src}" for src, n in numbers.items())
        if entry is not None:
            footer += f" (fetched {entry.fetched_at.date().isoformat()})"

    loglines = [f for f in facts if f.key == "logline"]
    text = _cite(loglines[0], numbers) if loglines else (film.logline or "")
    if not facts:
        text = (text + "\n" if text else "") + "No facts are stored for this film yet."
    poster = entry.poster_url if entry is not None else None
    return Reply(
        title=film.label, text=text, fields=tuple(fields), footer=footer, thumbnail_url=poster
    )


FILM = Command(
    name="film",
    help="Facts about a film (director, cast, runtime...), each with its source",
    options=(TITLE_OPTION,),
    handler=film_handler,
    examples=("/film Her", "/film her 2013", "/film"),
)

FILM_ACTIONS = {PICK: pick_action}
