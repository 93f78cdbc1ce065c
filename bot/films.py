"""Finding the film a member means: exact, with a year, or fuzzily."""

from __future__ import annotations

import re
import sqlite3
import weakref
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.errors import UserError
from bot.store import Store, clubs, films
from bot.store.models import Film

_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*\(?(?P<year>(18|19|20)\d\d)\)?$")
MATCH_CUTOFF = 75.0


def title_similarity(query: str, title: str, **_: object) -> float:
    """0-100: edit-distance similarity, or a high score when the query starts the title.

    Plain ratio keeps extra words from matching a short title ("her samantha" is
    not "her"), while typos ("hr") and long titles typed in part ("grand budapest")
    still match.
    """
    score = fuzz.ratio(query, title)
    if len(query) >= 4 and (title.startswith(query) or f" {query}" in f" {title}"):
        score = max(score, 90.0 - 10.0 * (1 - len(query) / max(len(title), 1)))
    return float(score)


def split_year(query: str) -> tuple[str, int | None]:
    """``"Her 2013"`` and ``"Her (2013)"`` give ``("Her", 2013)``; ``"1917"`` stays a title."""
    m = _YEAR.match(query.strip())
    if m and m.group("title").strip():
        return m.group("title").strip(), int(m.group("year"))
    return query.strip(), None


@dataclass
class TitleIndex:
    """Every film title, reloaded when films are added, for fuzzy matching."""

    stamp: tuple[int, int] = (-1, -1)
    ids: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def refresh(self, conn: sqlite3.Connection) -> TitleIndex:
        stamp = films.film_count(conn)
        if stamp != self.stamp:
            rows = films.all_titles(conn)
            self.ids = [r[0] for r in rows]
            self.labels = [f"{r[1]} ({r[2]})" if r[2] else r[1] for r in rows]
            self.keys = [films.normalize_title(r[1]) for r in rows]
            self.stamp = stamp
        return self


_INDEX_BY_STORE: weakref.WeakKeyDictionary[Store, TitleIndex] = weakref.WeakKeyDictionary()


def _index(store: Store) -> TitleIndex:
    index = _INDEX_BY_STORE.get(store)
    if index is None:
        index = _INDEX_BY_STORE[store] = TitleIndex()
    return index


def _exact(conn: sqlite3.Connection, query: str) -> list[Film]:
    title, year = split_year(query)
    found = films.films_by_norm(conn, films.normalize_title(title), year)
    if not found and year is not None:
        found = films.films_by_norm(conn, films.normalize_title(query), None)
    return found


async def search_titles(store: Store, prefix: str, limit: int = 25) -> list[tuple[int, str]]:
    """Titles for autocomplete: prefix matches first, then fuzzy ones."""
    index = await store.read(_index(store).refresh)
    key = films.normalize_title(prefix)
    if not key:
        return list(zip(index.ids[:limit], index.labels[:limit], strict=True))
    starts = [i for i, k in enumerate(index.keys) if k.startswith(key)]
    picked = starts[:limit]
    if len(picked) < limit:
        for _, _, i in process.extract(
            key, index.keys, scorer=fuzz.WRatio, limit=limit, score_cutoff=60
        ):
            if i not in picked:
                picked.append(i)
            if len(picked) >= limit:
                break
    return [(index.ids[i], index.labels[i]) for i in picked]


async def find_film(store: Store, query: str) -> Film:
    """The film a title means; UserError with the closest titles when none fits."""
    exact = await store.read(_exact, query)
    if exact:
        return exact[-1] if len(exact) > 1 and split_year(query)[1] is None else exact[0]
    index = await store.read(_index(store).refresh)
    if not index.ids:
        raise UserError(
            "No films are loaded yet. An admin can add some with `python -m bot ingest`."
        )
    title, _ = split_year(query)
    key = films.normalize_title(title)
    ranked = process.extract(key, index.keys, scorer=title_similarity, limit=3)
    if ranked and ranked[0][1] >= MATCH_CUTOFF:
        film = await store.read(films.film_by_id, index.ids[ranked[0][2]])
        if film is not None:
            return film
    near = process.extract(key, index.keys, scorer=fuzz.WRatio, limit=3, score_cutoff=50)
    close = ", ".join(index.labels[i] for _, _, i in near)
    hint = f" Closest: {close}." if close else " `/film` with no title shows the club's film."
    raise UserError(f"I don't know a film called “{query}”.{hint}")


async def film_or_current(store: Store, club: str, query: str | None) -> Film:
    """The named film, else the club's current film, else the only film there is."""
    if query:
        return await find_film(store, query)
    current = await store.read(clubs.current_film_id, club)
    if current is not None:
        film = await store.read(films.film_by_id, current)
        if film is not None:
            return film
    only = await store.read(films.only_film)
    if only is not None:
        return only
    raise UserError("Which film? Give a title, e.g. `/film Her`. The club has no current film yet.")
