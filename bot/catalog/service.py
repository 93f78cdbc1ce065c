"""Cached, single-flight catalog lookups; what the providers return is kept in the store."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
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
from bot.store.catalog import CatalogEntry
from bot.store.films import normalize_title
from bot.store.models import Film

log = logging.getLogger(__name__)

MISS_TTL = timedelta(days=1)
SUGGESTIONS = 4
# Autocomplete: how long a member's keystroke may wait for the catalog, how many
# prefixes' answers are kept, and the shortest prefix worth asking about.
SUGGEST_BUDGET = 1.2
SUGGEST_KEPT = 512
SUGGEST_MIN = 3
# Titles looked up together by :meth:`Catalog.lookup_many`.
MANY_CHUNK = 50
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
        self._suggested: OrderedDict[str, tuple[str, ...]] = OrderedDict()

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
        return await self._settle(provider, found, title, year)

    async def _settle(
        self, provider: Provider, found: list[Candidate], title: str, year: int | None
    ) -> Lookup:
        """What ``provider``'s candidates make of a title: a stored film, a question or
        a miss (remembered)."""
        if provider is self.wikidata and year is None:
            self._keep_suggestions(
                normalize_title(title),
                tuple(dict.fromkeys(f"{c.title} ({c.year})" if c.year else c.title for c in found)),
            )
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

    async def lookup_many(
        self,
        queries: Sequence[tuple[str, int | None]],
        progress: Callable[[int], None] | None = None,
    ) -> dict[tuple[str, int | None], Lookup]:
        """:meth:`lookup` for many titles at once (an import), with fewer requests.

        Titles missed within a day are not asked again. The others go to Wikidata
        :data:`MANY_CHUNK` at a time: one search request per title, then the hits'
        claims and every name they need in shared batches of 50, and the films found
        stored in one transaction per chunk. ``progress`` hears how many titles are
        settled. Titles whose lookup met an unanswering catalog are left out."""
        wanted = list(dict.fromkeys(queries))
        since = self.clock.now() - MISS_TTL
        missed = await self.store.read(store_catalog.missed_of, wanted, since)
        out: dict[tuple[str, int | None], Lookup] = {q: Lookup() for q in wanted if q in missed}
        todo = [q for q in wanted if q not in missed]
        if progress is not None:
            progress(len(out))
        for start in range(0, len(todo), MANY_CHUNK):
            chunk = todo[start : start + MANY_CHUNK]
            try:
                out.update(await self._lookup_chunk(chunk))
            except CatalogUnavailable as exc:
                log.warning("Wikidata lookups stopped: %s", exc)
                await self._tmdb_alone(todo[start:], out, progress)
                break
            if progress is not None:
                progress(len(out))
        return out

    async def _tmdb_alone(
        self,
        queries: list[tuple[str, int | None]],
        out: dict[tuple[str, int | None], Lookup],
        progress: Callable[[int], None] | None,
    ) -> None:
        """The rest of an import's titles from TMDB alone, while Wikidata is away."""
        if self.tmdb is None:
            return
        for title, year in queries:
            try:
                found = await self.tmdb.search(title, year)
                out[(title, year)] = await self._settle(self.tmdb, found, title, year)
            except CatalogUnavailable as exc:
                log.warning("TMDB lookups stopped too: %s", exc)
                return
            if progress is not None:
                progress(len(out))

    async def _lookup_chunk(
        self, chunk: list[tuple[str, int | None]]
    ) -> dict[tuple[str, int | None], Lookup]:
        if not isinstance(self.wikidata, WikidataProvider):
            return {(t, y): await self.lookup(t, y) for t, y in chunk}
        found = await self.wikidata.search_many([t for t, _ in chunk])
        out: dict[tuple[str, int | None], Lookup] = {}
        picks: dict[tuple[str, int | None], str] = {}
        misses: list[tuple[str, int | None]] = []
        for title, year in chunk:
            hits = found.get(title, [])
            chosen = choose(hits, title, year)
            if len(chosen) == 1:
                picks[(title, year)] = chosen[0].id
            elif chosen:
                out[(title, year)] = Lookup(candidates=tuple(chosen), source=self.wikidata.name)
            else:
                misses.append((title, year))
                near = [c for c in hits if c not in chosen][:SUGGESTIONS]
                out[(title, year)] = Lookup(suggestions=tuple(near))
        known = {
            qid: film_id
            for qid in set(picks.values())
            if (film_id := await self.store.read(store_catalog.film_by_external_id, qid))
        }
        fetched = await self.wikidata.fetch_many([q for q in picks.values() if q not in known])
        merged = []
        for catalog_film in fetched.values():
            extra = await self._tmdb_for(catalog_film) if self.tmdb is not None else None
            merged.append(merge(catalog_film, extra))
        now = self.clock.now()
        stored = await self.store.write(store_catalog.save_films, merged, now)
        ids = known | {
            f.wikidata_id: i for f, i in zip(merged, stored, strict=True) if f.wikidata_id
        }
        for key, qid in picks.items():
            film = await self.store.read(films.film_by_id, ids[qid]) if qid in ids else None
            if film is None:
                misses.append(key)
            out[key] = Lookup(film=film)
        await self.store.write(store_catalog.record_misses, misses, now)
        return out

    async def by_imdb_many(self, imdb_ids: Sequence[str]) -> dict[str, Film]:
        """:meth:`by_imdb` for many ids at once (an IMDb export): stored ids first, then
        Wikidata for the others a batch at a time, the films found stored together.
        Ids no film has are remembered for a day. Ids left out have no film (yet)."""
        out: dict[str, Film] = {}
        todo: list[str] = []
        since = self.clock.now() - MISS_TTL
        for imdb_id in dict.fromkeys(imdb_ids):
            known = await self.store.read(store_catalog.film_by_imdb, imdb_id)
            film = await self.store.read(films.film_by_id, known) if known is not None else None
            if film is not None:
                out[imdb_id] = film
            elif not await self.store.read(store_catalog.missed_since, imdb_id, None, since):
                todo.append(imdb_id)
        if not todo or not isinstance(self.wikidata, WikidataProvider):
            return out
        for start in range(0, len(todo), MANY_CHUNK):
            chunk = todo[start : start + MANY_CHUNK]
            try:
                out.update(await self._imdb_chunk(self.wikidata, chunk))
            except CatalogUnavailable as exc:
                log.warning("catalog lookups by IMDb id stopped: %s", exc)
                break
        return out

    async def _imdb_chunk(self, wikidata: WikidataProvider, chunk: list[str]) -> dict[str, Film]:
        items = await wikidata.by_imdb_many(chunk)
        single = {i: qids[0] for i, qids in items.items() if len(qids) == 1}
        known = {
            qid: film_id
            for qid in set(single.values())
            if (film_id := await self.store.read(store_catalog.film_by_external_id, qid))
        }
        fetched = await wikidata.fetch_many([q for q in single.values() if q not in known])
        merged = []
        for catalog_film in fetched.values():
            extra = await self._tmdb_for(catalog_film) if self.tmdb is not None else None
            merged.append(merge(catalog_film, extra))
        now = self.clock.now()
        stored = await self.store.write(store_catalog.save_films, merged, now)
        ids = known | {
            f.wikidata_id: i for f, i in zip(merged, stored, strict=True) if f.wikidata_id
        }
        out: dict[str, Film] = {}
        for imdb_id, qid in single.items():
            film = await self.store.read(films.film_by_id, ids[qid]) if qid in ids else None
            if film is not None:
                out[imdb_id] = film
        misses = [(i, None) for i in chunk if i not in out and not items.get(i)]
        await self.store.write(store_catalog.record_misses, misses, now)
        return out

    async def by_imdb(self, imdb_id: str) -> Film | None:
        """The film with this IMDb id: from the store when known, else found on Wikidata
        by its P345 statement and stored. None when no film has it (remembered a day).

        Raises :class:`CatalogUnavailable` when Wikidata does not answer."""
        known = await self.store.read(store_catalog.film_by_imdb, imdb_id)
        if known is not None:
            return await self.store.read(films.film_by_id, known)
        if not isinstance(self.wikidata, WikidataProvider):
            return None
        key = ("imdb", imdb_id)
        return await self._once(key, lambda: self._by_imdb(imdb_id))

    async def _by_imdb(self, imdb_id: str) -> Film | None:
        since = self.clock.now() - MISS_TTL
        if await self.store.read(store_catalog.missed_since, imdb_id, None, since):
            return None
        assert isinstance(self.wikidata, WikidataProvider)
        items = await self.wikidata.by_imdb(imdb_id)
        film = None
        if len(items) == 1:
            known = await self.store.read(store_catalog.film_by_external_id, items[0])
            if known is not None:
                film = await self.store.read(films.film_by_id, known)
            else:
                film = await self.store_film(self.wikidata, items[0])
        if film is None:
            await self.store.write(store_catalog.record_miss, imdb_id, None, self.clock.now())
        return film

    def suggested(self, prefix: str) -> tuple[str, ...] | None:
        """Titles the catalog already offered for ``prefix`` (None: not asked yet)."""
        return self._suggested.get(normalize_title(prefix))

    def _keep_suggestions(self, key: str, titles: tuple[str, ...]) -> None:
        self._suggested[key] = titles
        self._suggested.move_to_end(key)
        while len(self._suggested) > SUGGEST_KEPT:
            self._suggested.popitem(last=False)

    async def suggest(
        self, prefix: str, limit: int = 25, budget: float = SUGGEST_BUDGET
    ) -> list[str]:
        """Film titles from the catalog for an autocomplete prefix; never raises.

        A prefix asked before is answered from memory. Otherwise one search is made
        (shared by everyone typing the same prefix) and waited for at most ``budget``
        seconds; when it finishes later, the next keystroke finds its answer kept."""
        key = normalize_title(prefix)
        if len(key) < SUGGEST_MIN or not isinstance(self.wikidata, WikidataProvider):
            return []
        kept = self._suggested.get(key)
        if kept is not None:
            return list(kept[:limit])
        task = self._inflight.get(("suggest", key))
        if task is None:
            task = self._start_suggest(key, prefix)
        try:
            found = await asyncio.wait_for(asyncio.shield(task), budget)
        except TimeoutError:
            log.info("catalog suggestions for %r are late; the library answers alone", prefix)
            return []
        except Exception as exc:  # the catalog never breaks autocomplete
            log.info("no catalog suggestions for %r: %s", prefix, exc)
            return []
        return list(cast(tuple[str, ...], found)[:limit])

    def _start_suggest(self, key: str, prefix: str) -> asyncio.Task[object]:
        provider = self.wikidata
        assert isinstance(provider, WikidataProvider)

        async def run() -> object:
            try:
                titles = tuple(await provider.suggest(prefix))
            except CatalogUnavailable as exc:
                log.info("catalog suggestions for %r failed: %s", prefix, exc)
                return ()
            self._keep_suggestions(key, titles)
            return titles

        name = ("suggest", key)
        task = asyncio.get_running_loop().create_task(run())
        self._inflight[name] = task
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        task.add_done_callback(lambda _: self._inflight.pop(name, None))
        return task

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
        return self.refresh_if_old(film, await self.store.read(store_catalog.entry, film.id))

    def refresh_if_old(self, film: Film, found: CatalogEntry | None) -> bool:
        """:meth:`refresh_if_stale` for a film whose catalog entry was read with it."""
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
