"""Which film a chat message is about: a link to IMDb, Letterboxd, TMDB or Wikipedia,
else the message's own words as a title.

Used by the message actions ("Add to watchlist", "Rate this film"). The answer is a
title (and year) for the ordinary title rules, or a film the library already knows by
an IMDb or TMDB id; nothing here picks among several films.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from bot.catalog.models import CatalogUnavailable
from bot.errors import UserError
from bot.store import links
from bot.store.models import Film

if TYPE_CHECKING:
    from bot.services import Services

MAX_TITLE = 200
_IMDB = re.compile(r"imdb\.com/(?:[a-z]{2}/)?title/(tt\d{7,9})", re.IGNORECASE)
_LETTERBOXD = re.compile(r"letterboxd\.com/(?:[\w.-]+/)?film/([a-z0-9-]+)", re.IGNORECASE)
_TMDB = re.compile(r"themoviedb\.org/movie/(\d+)(?:-([a-z0-9-]+))?", re.IGNORECASE)
_WIKIPEDIA = re.compile(r"(?:[a-z-]+\.)?wikipedia\.org/wiki/([^\s?#<>|]+)", re.IGNORECASE)
_URL = re.compile(r"<?https?://\S+>?")
_YEAR_SLUG = re.compile(r"^(.*)-((?:19|20)\d\d)$")
_WIKI_FILM = re.compile(r"^(.*?)\s*\((?:((?:19|20)\d\d)\s+)?(?:[\w ]+\s)?film\)$", re.IGNORECASE)


@dataclass(frozen=True)
class FilmMention:
    """What a message names: a film the library knows by a site's id, else a title."""

    title: str | None = None
    film: Film | None = None
    source: str = "words"  # imdb, letterboxd, tmdb, wikipedia or words

    def query(self) -> str:
        """The title as the title rules read it (``Her 2013``)."""
        if self.film is not None:
            return self.film.label
        return self.title or ""


def _slug_title(slug: str) -> str:
    hit = _YEAR_SLUG.match(slug)
    words, year = (hit.group(1), hit.group(2)) if hit else (slug, "")
    title = words.replace("-", " ").strip()
    return f"{title} {year}".strip()


def _wiki_title(page: str) -> str:
    title = unquote(page).replace("_", " ").strip()
    hit = _WIKI_FILM.match(title)
    if hit:
        return f"{hit.group(1)} {hit.group(2) or ''}".strip()
    return title


async def _by_imdb(services: Services, imdb_id: str) -> Film | None:
    """The film with this IMDb id: the library's record of it, else the catalog's
    (Wikidata's IMDb statements) when the catalog is on and answering."""
    film = await services.store.read(links.film_by_site_id, "imdb", imdb_id)
    if film is not None or services.catalog is None:
        return film
    try:
        return await services.catalog.by_imdb(imdb_id)
    except CatalogUnavailable:
        return None


def _words(text: str) -> str:
    """The message without its links and chat markup: the title it may be."""
    words = _URL.sub(" ", text)
    words = re.sub(r"[*_~`>]+", " ", words)
    return " ".join(words.split())


async def film_mention(services: Services, text: str) -> FilmMention:
    """The film a message is about; UserError when it names none that can be read."""
    if hit := _IMDB.search(text):
        film = await _by_imdb(services, hit.group(1))
        if film is not None:
            return FilmMention(film=film, source="imdb")
        rest = _words(text)
        if rest and len(rest) <= MAX_TITLE:
            return FilmMention(title=rest, source="imdb")
        raise UserError(
            f"That IMDb link ({hit.group(1)}) is not a film I know yet, and the message gives"
            " no title. Add it by its title: `/watchlist add <title>`."
        )
    if hit := _TMDB.search(text):
        film = await services.store.read(links.film_by_site_id, "tmdb", hit.group(1))
        if film is not None:
            return FilmMention(film=film, source="tmdb")
        if hit.group(2):
            return FilmMention(title=_slug_title(hit.group(2)), source="tmdb")
    if hit := _LETTERBOXD.search(text):
        return FilmMention(title=_slug_title(hit.group(1)), source="letterboxd")
    if hit := _WIKIPEDIA.search(text):
        return FilmMention(title=_wiki_title(hit.group(1)), source="wikipedia")
    rest = _words(text)
    if not rest:
        raise UserError("That message names no film: no title and no film link.")
    if len(rest) > MAX_TITLE:
        raise UserError(
            "That message is too long to be a title, and it has no IMDb, Letterboxd, TMDB or"
            " Wikipedia link."
        )
    # Plain words must name a film (a link names one by itself): never a guess.
    from bot.catalog.resolve import resolve_film

    try:
        film = await resolve_film(services, rest, command="watchlist add")
    except UserError as exc:
        raise UserError(
            f"“{rest}” does not name one film I know, and the message has no IMDb,"
            f" Letterboxd, TMDB or Wikipedia link. ({exc.message})"
        ) from None
    return FilmMention(film=film)
