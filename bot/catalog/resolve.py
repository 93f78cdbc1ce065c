"""The film a member means: the library first, then the online catalog.

A catalog hit is stored before it is answered, so it is a library film from
then on. Several catalog films with the title give a short question; none gives
the closest titles; a catalog that does not answer gives one line and what the
library knows.
"""

from __future__ import annotations

import logging
import sqlite3

from bot.catalog.models import Candidate, CatalogUnavailable
from bot.errors import UserError
from bot.films import find_film, search_titles, split_year
from bot.services import Services
from bot.store import clubs, films
from bot.store.models import Film

log = logging.getLogger(__name__)

UNAVAILABLE = "The film catalog isn't answering right now; here is what the library knows:"
CHOICES_SHOWN = 5


class CatalogDown(UserError):
    """The title is not in the library and the catalog could not be asked."""


def which(title: str, candidates: tuple[Candidate, ...], command: str) -> str:
    shown = " · ".join(c.label for c in candidates[:CHOICES_SHOWN])
    extra = len(candidates) - CHOICES_SHOWN
    more = f" (and {extra} more)" if extra > 0 else ""
    example = next((c for c in candidates if c.year), None)
    hint = f" Try `/{command} {example.title} {example.year}`." if example else ""
    return f"Which *{title}*? {shown}{more}.{hint}"


def _same_title(conn: sqlite3.Connection, query: str) -> list[Candidate]:
    """Library films that have exactly this title, when no year is given and there are several."""
    title, year = split_year(query)
    if year is not None:
        return []
    found = films.films_by_norm(conn, films.normalize_title(title), None)
    if len(found) < 2:
        return []
    out = []
    for film in sorted(found, key=lambda f: -(f.year or 0)):
        directors = tuple(f.value for f in films.facts(conn, film.id) if f.key == "directors")
        out.append(Candidate(str(film.id), film.title, film.year, directors[:2]))
    return out


async def _library_close(services: Services, title: str) -> list[str]:
    return [label for _, label in await search_titles(services.store, title, limit=3)]


async def resolve_film(services: Services, query: str, *, command: str = "film") -> Film:
    """The film ``query`` names. UserError (a question or a clear refusal) otherwise."""
    same = await services.store.read(_same_title, query)
    if same:
        raise UserError(which(split_year(query)[0], tuple(same), command))
    try:
        film = await find_film(services.store, query)
        _, year = split_year(query)
        if year is not None and film.year is not None and film.year != year:
            raise UserError(f"I don't know a film called “{query}”. Closest: {film.label}.")
    except UserError as library_miss:
        catalog = services.catalog
        if catalog is None:
            raise
        title, year = split_year(query)
        try:
            found = await catalog.lookup(title, year)
        except CatalogUnavailable as exc:
            log.warning("catalog lookup of %r failed: %s", query, exc)
            raise CatalogDown(f"{UNAVAILABLE} {library_miss.message}") from None
        if found.film is not None:
            return found.film
        if found.candidates:
            raise UserError(which(title, found.candidates, command)) from None
        close = await _library_close(services, title)
        close += [c.label for c in found.suggestions if c.label not in close]
        hint = f" Closest: {', '.join(close[:6])}." if close else ""
        raise UserError(f"I couldn't find a film called “{query}”.{hint}") from None
    if services.catalog is not None:
        await services.catalog.refresh_if_stale(film)
    return film


async def resolve_or_current(
    services: Services, club: str, query: str | None, *, command: str = "film"
) -> Film:
    """The named film, else the club's current film, else the only film there is."""
    if query:
        return await resolve_film(services, query, command=command)
    store = services.store
    current = await store.read(clubs.current_film_id, club)
    if current is not None:
        film = await store.read(films.film_by_id, current)
        if film is not None:
            return film
    only = await store.read(films.only_film)
    if only is not None:
        return only
    raise UserError("Which film? Give a title, e.g. `/film Her`. The club has no current film yet.")
