"""The one place reviews, pages and imported rows turn a title into a film.

Matching is exact: the normalized title, and the year when one is known. A title
the library lacks is looked up in the online film catalog when it is on (and
stored, so the next row naming it is a library hit). Two films answering the
same title give :class:`Ambiguous` with the candidates, so the caller can ask
rather than guess.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.catalog.models import Candidate, CatalogUnavailable
from bot.catalog.wikidata import IMDB_ID
from bot.services import Services
from bot.store import catalog as catalog_store
from bot.store import films
from bot.store.models import Film

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ambiguous:
    title: str
    year: int | None
    candidates: tuple[Film | Candidate, ...]

    def question(self) -> str:
        names = ", ".join(f.label for f in self.candidates)
        return f"“{self.title}” could be {names}: give the year too."


@dataclass(frozen=True)
class NotFound:
    title: str
    year: int | None


Resolution = Film | Ambiguous | NotFound


async def resolve_title(
    services: Services, title: str, year: int | None, imdb_id: str | None = None
) -> Resolution:
    """The film a title (and year) names in the library, exactly, else in the catalog.

    An IMDb id (``tt0113277``, as IMDb's exports carry) decides when it names a film:
    a film stored with that id is taken without asking the network; otherwise a
    library film with the exact title and year, else Wikidata's item with that IMDb
    id (P345). When no film has the id, the title and year decide as for any row.
    """
    if imdb_id and IMDB_ID.fullmatch(imdb_id):
        known = await services.store.read(catalog_store.film_by_imdb, imdb_id)
        if known is not None:
            film = await services.store.read(films.film_by_id, known)
            if film is not None:
                return film
    found = await _in_library(services, title, year)
    if isinstance(found, Film) and (year is None or found.year == year):
        return found
    if imdb_id and IMDB_ID.fullmatch(imdb_id) and services.catalog is not None:
        try:
            exact = await services.catalog.by_imdb(imdb_id)
        except CatalogUnavailable as exc:
            log.warning("catalog lookup of %s failed: %s", imdb_id, exc)
        else:
            if exact is not None:
                return exact
    if not isinstance(found, NotFound) or services.catalog is None:
        return found
    try:
        looked = await services.catalog.lookup(title.strip(), year)
    except CatalogUnavailable as exc:
        log.warning("catalog lookup of %r failed: %s", title, exc)
        return found
    if looked.film is not None:
        return looked.film
    if looked.candidates:
        return Ambiguous(title, year, tuple(looked.candidates))
    return found


TitleKey = tuple[str, int | None, str | None]  # title, year, IMDb id


async def resolve_titles(
    services: Services,
    keys: Sequence[TitleKey],
    progress: Callable[[int, int], None] | None = None,
) -> dict[TitleKey, Resolution]:
    """:func:`resolve_title` for many titles (an import's rows), asking the catalog
    together for the titles the library lacks: one search request per title, the
    rest shared (see :meth:`bot.catalog.service.Catalog.lookup_many`).

    ``progress(settled, total)`` counts distinct titles."""
    wanted = list(dict.fromkeys(keys))
    total = len(wanted)
    out: dict[TitleKey, Resolution] = {}
    by_id: list[TitleKey] = []
    later: list[TitleKey] = []
    catalog = services.catalog
    for key in wanted:
        title, year, imdb_id = key
        exact = bool(imdb_id and IMDB_ID.fullmatch(imdb_id))
        if exact:
            known = await services.store.read(catalog_store.film_by_imdb, imdb_id)
            film = await services.store.read(films.film_by_id, known) if known else None
            if film is not None:
                out[key] = film
                continue
        found = out[key] = await _in_library(services, title, year)
        if isinstance(found, Film) and (year is None or found.year == year):
            continue
        if exact and catalog is not None:
            by_id.append(key)
        elif isinstance(found, NotFound) and catalog is not None and title.strip():
            later.append(key)
    if by_id and catalog is not None:
        # IMDb ids first, many at a time; a row whose id names no film goes by its title.
        named = await catalog.by_imdb_many([str(k[2]) for k in by_id])
        for key in by_id:
            film = named.get(str(key[2]))
            if film is not None:
                out[key] = film
            elif isinstance(out[key], NotFound) and key[0].strip():
                later.append(key)
    settled = total - len(later)
    if progress is not None:
        progress(settled, total)
    if not later or services.catalog is None:
        return out
    queries = [(title.strip(), year) for title, year, _ in later]

    def step(done: int) -> None:
        if progress is not None:
            progress(settled + done, total)

    looked = await services.catalog.lookup_many(queries, step)
    for key, query in zip(later, queries, strict=True):
        answer = looked.get(query)
        if answer is None:
            continue
        if answer.film is not None:
            out[key] = answer.film
        elif answer.candidates:
            out[key] = Ambiguous(key[0], key[1], tuple(answer.candidates))
    if progress is not None:
        progress(total, total)
    return out


async def _in_library(services: Services, title: str, year: int | None) -> Resolution:
    norm = films.normalize_title(title)
    if not norm:
        return NotFound(title, year)
    found = await services.store.read(films.films_by_norm, norm, year)
    if not found and year is not None:
        undated = await services.store.read(films.films_by_norm, norm, None)
        found = [f for f in undated if f.year is None]
    if len(found) == 1:
        return found[0]
    if found:
        return Ambiguous(title, year, tuple(found))
    return NotFound(title, year)
