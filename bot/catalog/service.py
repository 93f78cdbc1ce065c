"""Cached, single-flight catalog lookups; what the providers return is kept in the store."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol, TypeVar, cast

from bot.catalog.http import JsonClient
from bot.catalog.models import Candidate, CatalogFilm, CatalogUnavailable, FactSheet
from bot.catalog.tmdb import TmdbProvider
from bot.catalog.wikidata import WikidataProvider
from bot.clock import Clock
from bot.config import Settings
from bot.store import Store, films
from bot.store import catalog as store_catalog
from bot.store.films import normalize_title
from bot.store.models import Film

log = logging.getLogger(__name__)

MISS_TTL = timedelta(days=1)
SUGGESTIONS = 4
T = TypeVar("T")


class Provider(Protocol):
    """The catalog port: find the films a title may mean, then one film's facts."""

    name: str

    async def search(self, title: str, year: int | None = None) -> list[Candidate]: ...

    async def fetch(self, film_id: str) -> CatalogFilm | None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Lookup:
    """What the catalog made of a title: one stored film, several candidates, or neither."""

    film: Film | None = None
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[Candidate, ...] = ()
    source: str = ""  # the provider the candidates come from


def _names_title(candidate: Candidate, key: str) -> bool:
    return key in {normalize_title(t) for t in (candidate.title, *candidate.aliases)}


def choose(candidates: list[Candidate], title: str, year: int | None) -> list[Candidate]:
    """The candidates whose title (or an alias) is the title asked for, in the year if given.

    A year one off is accepted only when no candidate has the exact year (a film
    released late in one country and early in another)."""
    key = normalize_title(title)
    named = list({c.id: c for c in candidates if _names_title(c, key)}.values())
    if year is None:
        return named
    exact = [c for c in named if c.year == year]
    return exact or [c for c in named if c.year is not None and abs(c.year - year) == 1]


def merge(*parts: CatalogFilm | None) -> CatalogFilm:
    """One film from several providers' records; the first names the film."""
    found = [p for p in parts if p is not None]
    sheet = FactSheet()
    for part in found:
        sheet.extend(part.facts)
    first = found[0]
    return CatalogFilm(
        title=first.title,
        year=first.year or next((p.year for p in found if p.year), None),
        wikidata_id=next((p.wikidata_id for p in found if p.wikidata_id), None),
        tmdb_id=next((p.tmdb_id for p in found if p.tmdb_id), None),
        imdb_id=next((p.imdb_id for p in found if p.imdb_id), None),
        facts=tuple(sheet.facts),
        poster_url=next((p.poster_url for p in found if p.poster_url), None),
    )


class Catalog:
    """Looks films up online once; from then on they are library films."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        wikidata: Provider,
        tmdb: Provider | None = None,
        ttl_days: int = 30,
    ) -> None:
        self.store = store
        self.clock = clock
        self.wikidata = wikidata
        self.tmdb = tmdb
        self.ttl = timedelta(days=ttl_days)
        self._inflight: dict[object, asyncio.Task[object]] = {}
        self._background: set[asyncio.Task[object]] = set()

    @classmethod
    def from_settings(cls, store: Store, settings: Settings, clock: Clock) -> Catalog | None:
        if not settings.catalog:
            return None
        wikidata = WikidataProvider(
            JsonClient("Wikidata", settings.wikidata_api_url, settings.contact),
            settings.country,
        )
        tmdb = None
        if settings.tmdb_enabled:
            headers = {}
            if settings.tmdb_read_token and not settings.tmdb_api_key:
                headers["Authorization"] = f"Bearer {settings.tmdb_read_token}"
            tmdb = TmdbProvider(
                JsonClient("TMDB", settings.tmdb_api_url, settings.contact, headers=headers),
                settings.tmdb_api_key,
                settings.country,
            )
        return cls(store, clock, wikidata, tmdb, settings.catalog_ttl_days)

    async def close(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        await self.wikidata.close()
        if self.tmdb is not None:
            await self.tmdb.close()

    async def _once(self, key: object, work: Callable[[], Awaitable[T]]) -> T:
        """Run ``work`` once for everyone asking the same ``key`` at the same time."""
        task = self._inflight.get(key)
        if task is None:

            async def run() -> object:
                return await work()

            task = asyncio.get_running_loop().create_task(run())
            self._inflight[key] = task
            task.add_done_callback(lambda _: self._inflight.pop(key, None))
        return cast(T, await asyncio.shield(task))

    async def lookup(self, title: str, year: int | None = None) -> Lookup:
        """The film ``title`` names in the catalog, stored; or the candidates; or nothing.

        Raises :class:`CatalogUnavailable` when no provider answers."""
        key = ("lookup", normalize_title(title), year)
        return await self._once(key, lambda: self._lookup(title, year))

    async def _lookup(self, title: str, year: int | None) -> Lookup:
        since = self.clock.now() - MISS_TTL
        if await self.store.read(store_catalog.missed_since, title, year, since):
            return Lookup()
        try:
            found = await self.wikidata.search(title, year)
            provider: Provider = self.wikidata
        except CatalogUnavailable:
            if self.tmdb is None:
                raise
            log.warning("Wikidata is not answering; asking TMDB alone")
            found = await self.tmdb.search(title, year)
            provider = self.tmdb
        chosen = choose(found, title, year)
        if len(chosen) == 1:
            film = await self.store_film(provider, chosen[0].id)
            if film is not None:
                return Lookup(film=film)
            chosen = []
        if len(chosen) > 1:
            return Lookup(candidates=tuple(chosen), source=provider.name)
        await self.store.write(store_catalog.record_miss, title, year, self.clock.now())
        near = [c for c in found if c not in chosen][:SUGGESTIONS]
        return Lookup(suggestions=tuple(near))

    async def pick(self, provider_name: str, film_id: str) -> Film | None:
        """The film a member picked among candidates, stored (it may be already)."""
        providers = [p for p in (self.wikidata, self.tmdb) if p is not None]
        provider = next((p for p in providers if p.name == provider_name), None)
        if provider is None:
            return None
        if provider is self.wikidata:
            known = await self.store.read(store_catalog.film_by_external_id, film_id)
            if known is not None:
                return await self.store.read(films.film_by_id, known)
        return await self.store_film(provider, film_id)

    async def store_film(self, provider: Provider, film_id: str) -> Film | None:
        """Fetch one film from ``provider`` (and TMDB besides), store it, return it."""
        key = ("fetch", provider.name, film_id)
        return await self._once(key, lambda: self._store_film(provider, film_id))

    async def _store_film(self, provider: Provider, film_id: str) -> Film | None:
        first = await provider.fetch(film_id)
        if first is None:
            return None
        extra = None
        if self.tmdb is not None and provider is not self.tmdb:
            extra = await self._tmdb_for(first)
        merged = merge(first, extra)
        stored = await self.store.write(store_catalog.save_film, merged, self.clock.now())
        return await self.store.read(films.film_by_id, stored)

    async def _tmdb_for(self, film: CatalogFilm) -> CatalogFilm | None:
        """TMDB's record of a film found on Wikidata; None when TMDB cannot say."""
        assert self.tmdb is not None
        try:
            tmdb_id = film.tmdb_id
            if tmdb_id is None:
                hits = choose(await self.tmdb.search(film.title, film.year), film.title, film.year)
                if len(hits) != 1:
                    return None
                tmdb_id = hits[0].id
            return await self.tmdb.fetch(tmdb_id)
        except CatalogUnavailable as exc:
            log.warning("TMDB left out of %s: %s", film.label, exc)
            return None

    async def refresh_if_stale(self, film: Film) -> bool:
        """Start a background refresh of a catalog film older than the TTL; True if started."""
        found = await self.store.read(store_catalog.entry, film.id)
        if found is None or self.clock.now() - found.fetched_at < self.ttl:
            return False
        key = ("refresh", film.id)
        if key in self._inflight:
            return False
        if found.wikidata_id:
            provider: Provider = self.wikidata
            film_id = found.wikidata_id
        elif found.tmdb_id and self.tmdb is not None:
            provider, film_id = self.tmdb, found.tmdb_id
        else:
            return False

        async def refresh() -> object:
            try:
                return await self.store_film(provider, film_id)
            except CatalogUnavailable as exc:
                log.info("could not refresh %s: %s", film.label, exc)
                return None

        task = asyncio.get_running_loop().create_task(refresh())
        self._inflight[key] = task
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(lambda _: self._inflight.pop(key, None))
        return True

    async def settle(self) -> None:
        """Wait for background refreshes under way (tests, shutdown)."""
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
