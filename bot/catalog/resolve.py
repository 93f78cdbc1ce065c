"""The film a member means: the library first, then the online catalog.

A catalog hit is stored before it is answered, so it is a library film from
then on. Several catalog films with the title give a short question; none gives
the closest titles; a catalog that does not answer gives one line and what the
library knows.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from bot.catalog.models import Candidate, CatalogUnavailable
from bot.errors import AmbiguousTitle, UnknownTitle, UserError
from bot.films import exact_films, find_film, library_suggestions, split_year, which_film
from bot.polls.matching import item_key
from bot.services import Services
from bot.store import catalog as catalog_store
from bot.store import clubs, films
from bot.store import watchlist as store_watchlist
from bot.store.catalog import CatalogEntry
from bot.store.db import shared_read
from bot.store.models import Film

log = logging.getLogger(__name__)

T = TypeVar("T")

UNAVAILABLE = "The film catalog isn't answering right now; here is what the library knows:"
CHOICES_SHOWN = 5


class CatalogDown(UnknownTitle):
    """The title is not in the library and the catalog could not be asked."""


class Ambiguous(AmbiguousTitle):
    """Several films have the title: the member is asked which.

    ``source`` says where the candidates' ids come from: ``"library"`` (film ids)
    or a catalog provider's name."""

    def __init__(
        self,
        message: str,
        candidates: tuple[Candidate, ...],
        source: str,
        *,
        query: str = "",
        command: str = "film",
    ) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.source = source
        self.query = query  # the title as typed
        self.command = command  # the command line, ``{film}`` where the title goes

    def line_for(self, candidate: Candidate) -> str:
        """The typed command that picks ``candidate`` (title and year in place of the
        title); empty when the year does not tell it apart from another candidate."""
        if candidate.year is None:
            return ""
        twins = [
            c for c in self.candidates if (c.title, c.year) == (candidate.title, candidate.year)
        ]
        if len(twins) > 1:
            return ""
        return command_line(self.command, f"{candidate.title} {candidate.year}")


def command_line(command: str, film: str) -> str:
    """``/rate Heat 1995 8`` from ``rate {film} 8``; a command without ``{film}`` takes
    the title at its end (``film`` gives ``/film Heat 1995``)."""
    if "{film}" in command:
        return "/" + command.replace("{film}", film, 1)
    return f"/{command} {film}"


def which(title: str, candidates: tuple[Candidate, ...], command: str) -> str:
    shown = " · ".join(c.label for c in candidates[:CHOICES_SHOWN])
    extra = len(candidates) - CHOICES_SHOWN
    more = f" (and {extra} more)" if extra > 0 else ""
    example = next((c for c in candidates if c.year), None)
    hint = f" Try `{command_line(command, f'{example.title} {example.year}')}`." if example else ""
    return f"Which *{title}*? {shown}{more}.{hint}"


def _library_first(conn: sqlite3.Connection, query: str) -> tuple[list[Film], str, list[Candidate]]:
    """The library's films of exactly this title, in one read: the films (see
    :func:`bot.films.exact_films`) and, when no year is given and there are several,
    the library's question and the films as candidates (for buttons)."""
    found = exact_films(conn, query)
    _, year = split_year(query)
    if year is not None or len(found) < 2:
        return found, "", []
    out = []
    for film in found:
        directors = tuple(f.value for f in films.facts(conn, film.id) if f.key == "directors")
        out.append(Candidate(str(film.id), film.title, film.year, directors[:2]))
    return found, which_film(found), out


# Reads a command makes about the film it names, run in the same store hop as the
# title's lookup when the library names exactly one film: ``load(conn, film, *args)``,
# returning anything but None (None stands for "not read yet").
Load = Callable[..., T]


# Catalog entries read with a film, by film id, so that its staleness needs no hop.
Entries = dict[int, CatalogEntry | None]


@shared_read
def _library_first_and(
    conn: sqlite3.Connection,
    query: str,
    load: Load[T] | None,
    args: tuple[Any, ...],
    with_entry: bool,
) -> tuple[list[Film], str, list[Candidate], T | None, Entries]:
    """:func:`_library_first`, and for the film when the title names exactly one:
    ``load``, and its catalog entry when ``with_entry``."""
    found, question, same = _library_first(conn, query)
    data = None
    entries: Entries = {}
    if not same and len(found) == 1 and _year_fits(query, found[0]):
        film = found[0]
        if load is not None:
            data = load(conn, film, *args)
        if with_entry:
            entries[film.id] = catalog_store.entry(conn, film.id)
    return found, question, same, data, entries


def _year_fits(query: str, film: Film) -> bool:
    _, year = split_year(query)
    return year is None or film.year is None or film.year == year


async def resolve_film(
    services: Services,
    query: str,
    *,
    command: str = "film",
    chosen: Mapping[str, int] | None = None,
) -> Film:
    """The film ``query`` names. UserError (a question or a clear refusal) otherwise.

    ``command`` is the command line for hints, ``{film}`` where the title goes
    (``rate {film} 8``); ``chosen`` holds films the member already picked for titles
    they typed (their answer to "Which …?"), by the title as typed."""
    film, _ = await _resolve(services, query, command, chosen, None, ())
    return film


async def resolve_film_with(
    services: Services,
    query: str,
    load: Load[T],
    *args: Any,
    command: str = "film",
    chosen: Mapping[str, int] | None = None,
) -> tuple[Film, T]:
    """:func:`resolve_film`, and what ``load(conn, film, *args)`` reads about the film:
    in the lookup's own store hop when the library has exactly that title."""
    film, data = await _resolve(services, query, command, chosen, load, args)
    if data is None:
        data = await services.store.read(load, film, *args)
    return film, data


async def _resolve(
    services: Services,
    query: str,
    command: str,
    chosen: Mapping[str, int] | None,
    load: Load[T] | None,
    args: tuple[Any, ...],
) -> tuple[Film, T | None]:
    if chosen and query in chosen:
        picked = await services.store.read(films.film_by_id, chosen[query])
        if picked is not None:
            return picked, None
    with_entry = services.catalog is not None
    exact, question, same, data, entries = await services.store.read(
        _library_first_and, query, load, args, with_entry
    )
    if same:
        raise Ambiguous(question, tuple(same), "library", query=query, command=command)
    try:
        # One exact title needs no second read; anything else goes the matcher's way.
        if len(exact) == 1:
            film = exact[0]
        else:
            film, data = await find_film(services.store, query), None
        if not _year_fits(query, film):
            raise UnknownTitle(f"I don't know a film called “{query}”. Closest: {film.label}.")
    except UnknownTitle as library_miss:
        catalog = services.catalog
        if catalog is None:
            raise
        title, year = split_year(query)
        try:
            found = await catalog.lookup(title, year)
        except CatalogUnavailable as exc:
            log.warning("catalog lookup of %r failed: %s", query, exc)
            close = await library_suggestions(services.store, title)
            known = f"closest: {', '.join(close)}." if close else "no film by that name."
            raise CatalogDown(f"{UNAVAILABLE} {known}") from library_miss
        if found.film is not None:
            return found.film, None
        if found.candidates:
            message = which(title, found.candidates, command)
            raise Ambiguous(
                message, found.candidates, found.source, query=query, command=command
            ) from None
        close = await library_suggestions(services.store, title)
        close += [c.label for c in found.suggestions if c.label not in close]
        hint = f" Closest: {', '.join(close[:6])}." if close else ""
        raise UnknownTitle(f"I couldn't find a film called “{query}”.{hint}") from None
    fresh = await _freshened(services, film, entries)
    return fresh, data if fresh is film else None


async def _freshened(services: Services, film: Film, entries: Entries | None = None) -> Film:
    """A bare-title film filled in by the catalog once it can; a stale one refreshed.
    ``entries`` holds catalog entries already read (by film id)."""
    if services.catalog is None:
        return film
    if film.year is None and await services.store.read(_is_bare, film.id):
        better = await film_for_bare_title(services, film.title)
        return better or film
    if entries is not None and film.id in entries:
        services.catalog.refresh_if_old(film, entries[film.id])
    else:
        await services.catalog.refresh_if_stale(film)
    return film


def _is_bare(conn: sqlite3.Connection, film_id: int) -> bool:
    """A film made for a bare title: no year, no facts, nothing from the catalog yet."""
    return not films.facts(conn, film_id) and catalog_store.entry(conn, film_id) is None


async def resolve_or_current(
    services: Services, club: str, query: str | None, *, command: str = "film"
) -> Film:
    """The named film, else the club's current film, else the only film there is."""
    if query:
        return await resolve_film(services, query, command=command)
    film, _ = await _current(services, club, None, ())
    return film


async def resolve_or_current_with(
    services: Services,
    club: str,
    query: str | None,
    load: Load[T],
    *args: Any,
    command: str = "film",
) -> tuple[Film, T]:
    """:func:`resolve_or_current`, and what ``load(conn, film, *args)`` reads about the
    film, in the lookup's own store hop where it can be."""
    if query:
        return await resolve_film_with(services, query, load, *args, command=command)
    film, data = await _current(services, club, load, args)
    if data is None:
        data = await services.store.read(load, film, *args)
    return film, data


@shared_read
def _current_and(
    conn: sqlite3.Connection,
    club: str,
    load: Load[T] | None,
    args: tuple[Any, ...],
    with_entry: bool,
) -> tuple[Film | None, T | None, Entries]:
    """The club's current film, ``load`` for it and its catalog entry when ``with_entry``."""
    current = clubs.current_film_id(conn, club)
    film = films.film_by_id(conn, current) if current is not None else None
    if film is None:
        return None, None, {}
    entries: Entries = {film.id: catalog_store.entry(conn, film.id)} if with_entry else {}
    return film, load(conn, film, *args) if load is not None else None, entries


async def _current(
    services: Services, club: str, load: Load[T] | None, args: tuple[Any, ...]
) -> tuple[Film, T | None]:
    store = services.store
    film, data, entries = await store.read(
        _current_and, club, load, args, services.catalog is not None
    )
    if film is not None:
        fresh = await _freshened(services, film, entries)
        return fresh, data if fresh is film else None
    only = await store.read(films.only_film)
    if only is not None:
        return only, None
    raise UserError("Which film? Give a title, e.g. `/film Her`. The club has no current film yet.")


async def resolve_or_title(
    services: Services, title: str, *, command: str, chosen: Mapping[str, int] | None = None
) -> Film | None:
    """The film a title names, or None for a bare title: only while the catalog is
    off or not answering. Several films, or none in a catalog that answered, is an error."""
    try:
        return await resolve_film(services, title, command=command, chosen=chosen)
    except CatalogDown:
        return None
    except UnknownTitle:
        if services.catalog is None:
            return None
        raise


def _exact_one(conn: sqlite3.Connection, title: str) -> Film | None:
    name, year = split_year(title)
    found = films.films_by_norm(conn, films.normalize_title(name), year)
    return found[0] if len(found) == 1 else None


async def film_for_bare_title(services: Services, title: str) -> Film | None:
    """The one film a bare title names, exactly in the library or in the catalog; None
    when it is still unclear or the catalog is not answering (never a guess)."""
    film = await services.store.read(_exact_one, title)
    if (film is not None and film.year is not None) or services.catalog is None:
        return film
    name, year = split_year(title)
    try:
        found = await services.catalog.lookup(name, year)
    except CatalogUnavailable:
        return None
    return found.film


async def upgrade_bare_titles(services: Services, club: str, limit: int = 5) -> int:
    """Turn watchlist entries kept as bare titles into films where that is now clear."""
    entries = await services.store.read(store_watchlist.entries, club)
    upgraded = 0
    for entry in [e for e in entries if e.plain][:limit]:
        film = await film_for_bare_title(services, entry.title)
        if film is None:
            continue
        key = item_key(film.id, film.title)
        await services.store.write(
            store_watchlist.attach_film, club, entry.id, key, film.label, film.id
        )
        upgraded += 1
    return upgraded


async def picked_film(services: Services, source: str, film_id: str) -> Film:
    """The film a member picked from a list of candidates."""
    if source == "library" and film_id.isdigit():
        film = await services.store.read(films.film_by_id, int(film_id))
        if film is not None:
            return film
    elif services.catalog is not None:
        try:
            picked = await services.catalog.pick(source, film_id)
        except CatalogUnavailable:
            raise UserError(f"{UNAVAILABLE} nothing more about that film yet.") from None
        if picked is not None:
            return picked
    raise UserError("That film can no longer be found; try the title again.")
