"""The one place reviews, pages and imported rows turn a title into a film.

Matching is exact: the normalized title, and the year when one is known. A title
the library lacks is looked up in the online film catalog when it is on (and
stored, so the next row naming it is a library hit). Two films answering the
same title give :class:`Ambiguous` with the candidates, so the caller can ask
rather than guess.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.catalog.models import Candidate, CatalogUnavailable
from bot.services import Services
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

    ``imdb_id`` is accepted for sources that carry one; the title and year decide.
    """
    del imdb_id
    found = await _in_library(services, title, year)
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
