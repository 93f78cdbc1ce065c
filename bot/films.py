"""Finding the film a member means, by the rules in :mod:`bot.titlematch`."""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from bot.errors import AmbiguousTitle, UnknownTitle, UserError
from bot.store import Store, clubs, films
from bot.store.models import Film
from bot.titlematch import Candidate, plausible, resolve, split_year

__all__ = [
    "exact_films",
    "film_or_current",
    "find_film",
    "search_titles",
    "split_year",
    "which_film",
]


def which_film(films_found: Sequence[Film]) -> str:
    """The question asked when a title names several films."""
    listed = ", ".join(f"{n}. {f.label}" for n, f in enumerate(films_found, start=1))
    return f"Which film? {listed}. Add the year, e.g. `{films_found[0].label}`."


@dataclass
class TitleIndex:
    """Every film title, for fuzzy matching; films added since are read on the next use."""

    stamp: tuple[int, int] = (-1, -1)
    ids: list[int] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    cands: list[Candidate[int]] = field(default_factory=list)

    def refresh(self, conn: sqlite3.Connection) -> TitleIndex:
        """Bring the index up to date (on the reader's thread). The lists are replaced,
        never changed in place, so a reader holding them sees one consistent index."""
        stamp = films.film_count(conn)
        if stamp == self.stamp:
            return self
        count, last = self.stamp
        if count >= 0 and stamp[1] > last:
            # Films only added since (ids only grow): read and normalize just those.
            rows = films.titles_after(conn, last)
            if count + len(rows) == stamp[0]:
                self._load(rows, keep=True)
                self.stamp = stamp
                return self
        self._load(films.all_titles(conn), keep=False)
        self.stamp = stamp
        return self

    def suggestions(self, text: str) -> list[str]:
        """Labels of the titles worth suggesting for ``text`` after a miss."""
        labels = dict(zip(self.ids, self.labels, strict=True))
        return [labels[i] for i in plausible(self.cands, text)]

    def _load(self, rows: list[tuple[int, str, int | None]], *, keep: bool) -> None:
        ids = [r[0] for r in rows]
        labels = [f"{r[1]} ({r[2]})" if r[2] else r[1] for r in rows]
        keys = [films.normalize_title(r[1]) for r in rows]
        cands = [Candidate(r[0], key, r[2]) for r, key in zip(rows, keys, strict=True)]
        if keep:
            ids, labels = self.ids + ids, self.labels + labels
            keys, cands = self.keys + keys, self.cands + cands
        self.ids, self.labels, self.keys, self.cands = ids, labels, keys, cands


_INDEX_BY_STORE: weakref.WeakKeyDictionary[Store, TitleIndex] = weakref.WeakKeyDictionary()


def _index(store: Store) -> TitleIndex:
    index = _INDEX_BY_STORE.get(store)
    if index is None:
        index = _INDEX_BY_STORE[store] = TitleIndex()
    return index


def exact_films(conn: sqlite3.Connection, query: str) -> list[Film]:
    """Films whose title is exactly the query's (with its year, when it ends in one)."""
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
    """The film a title names. UnknownTitle (with plausible titles) when none does,
    AmbiguousTitle (listing them) when several do."""
    exact = await store.read(exact_films, query)
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise AmbiguousTitle(which_film(exact))
    index = await store.read(_index(store).refresh)
    if not index.ids:
        raise UnknownTitle(
            "No films are loaded yet. An admin can add some with `python -m bot ingest`."
        )
    found = resolve(index.cands, query)
    if found.found is not None:
        film = await store.read(films.film_by_id, found.found)
        if film is not None:
            return film
    if found.ambiguous:
        several = [await store.read(films.film_by_id, i) for i in found.ambiguous]
        raise AmbiguousTitle(which_film([f for f in several if f is not None]))
    close = ", ".join(index.suggestions(query))
    hint = f" Closest: {close}." if close else " `/film` with no title shows the club's film."
    raise UnknownTitle(f"I don't know a film called “{query}”.{hint}")


async def library_suggestions(store: Store, title: str) -> list[str]:
    """Library titles worth suggesting after a miss (the matcher's plausible ones)."""
    index = await store.read(_index(store).refresh)
    return index.suggestions(title)


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
