"""Wikidata through the MediaWiki Action API: ``wbsearchentities`` then ``wbgetentities``."""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bot.catalog.http import JsonClient
from bot.catalog.models import Candidate, CatalogFilm, CatalogUnavailable, FactSheet
from bot.store.films import normalize_title

BATCH = 50
SEARCH_LIMIT = 20
KEPT_ENTITIES = 256

# Film (Q11424) and the subclasses a film is commonly an instance of.
FILM_CLASSES = frozenset(
    {
        "Q11424",  # film
        "Q202866",  # animated film
        "Q93204",  # documentary film
        "Q24862",  # short film
        "Q506240",  # television film
        "Q24869",  # feature film
        "Q229390",  # 3D film
        "Q226730",  # silent film
        "Q1054574",  # romance film
        "Q130232",  # drama film
        "Q157443",  # comedy film
        "Q2484376",  # thriller film
        "Q471839",  # science fiction film
        "Q200092",  # horror film
        "Q188473",  # action film
        "Q842256",  # musical film
        "Q319221",  # adventure film
        "Q959790",  # crime film
        "Q1146335",  # experimental film
        "Q1361932",  # concert film
    }
)

# Country items of the release-date qualifier P291, by ISO 3166-1 code.
COUNTRIES = {
    "US": "Q30",
    "GB": "Q145",
    "CA": "Q16",
    "AU": "Q408",
    "NZ": "Q664",
    "IE": "Q27",
    "FR": "Q142",
    "DE": "Q183",
    "IT": "Q38",
    "ES": "Q29",
    "PT": "Q45",
    "NL": "Q55",
    "BE": "Q31",
    "CH": "Q39",
    "AT": "Q40",
    "SE": "Q34",
    "NO": "Q20",
    "DK": "Q35",
    "FI": "Q33",
    "PL": "Q36",
    "JP": "Q17",
    "KR": "Q884",
    "CN": "Q148",
    "IN": "Q668",
    "BR": "Q155",
    "MX": "Q96",
    "AR": "Q414",
}

MINUTE = "Q7727"
HOUR = "Q25235"
SECOND = "Q11574"

PEOPLE = {
    "directors": "P57",
    "writers": "P58",
    "cast": "P161",
    "genres": "P136",
    "music": "P86",
    "cinematography": "P344",
    "production_design": "P2554",
}
CAST_LIMIT = 10
IMDB_ID = re.compile(r"tt\d{7,10}")
DESCRIBED_YEAR = re.compile(r"\b(?:18[89]\d|19\d\d|20\d\d)\b")
SUGGEST_LIMIT = 10
IMDB_BATCH = 25
QID = re.compile(r"Q\d+")


def source(qid: str) -> str:
    return f"Wikidata {qid} https://www.wikidata.org/wiki/{qid}"


@dataclass(frozen=True)
class Day:
    """A Wikidata time: a year, a month or a day, as its precision says."""

    year: int
    month: int | None = None
    day: int | None = None

    def text(self) -> str:
        if self.month is None:
            return f"{self.year}"
        if self.day is None:
            return f"{self.year}-{self.month:02d}"
        return f"{self.year}-{self.month:02d}-{self.day:02d}"


def parse_time(value: Any) -> Day | None:
    """``{"time": "+2013-12-18T00:00:00Z", "precision": 11}``; precision 9 is a year."""
    if not isinstance(value, dict) or not isinstance(value.get("time"), str):
        return None
    raw = value["time"].lstrip("+")
    if raw.startswith("-"):
        return None
    try:
        year_s, month_s, rest = raw.split("-", 2)
        year, month, day = int(year_s), int(month_s), int(rest[:2])
    except ValueError:
        return None
    precision = value.get("precision", 11)
    if not isinstance(precision, int) or precision < 9:
        return None
    if precision == 9 or month == 0:
        return Day(year)
    if precision == 10 or day == 0:
        return Day(year, month)
    return Day(year, month, day)


def parse_minutes(value: Any) -> int | None:
    """``{"amount": "+126", "unit": ".../Q7727"}`` in minutes."""
    if not isinstance(value, dict):
        return None
    try:
        amount = float(str(value.get("amount", "")).lstrip("+"))
    except ValueError:
        return None
    unit = str(value.get("unit", "")).rsplit("/", 1)[-1]
    if unit == HOUR:
        amount *= 60
    elif unit == SECOND:
        amount /= 60
    elif unit not in (MINUTE, "1"):
        return None
    minutes = round(amount)
    return minutes if minutes > 0 else None


def _statements(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    """A property's statements with a value, preferred first, deprecated left out."""
    claims = entity.get("claims")
    found = claims.get(prop, []) if isinstance(claims, dict) else []
    if not isinstance(found, list):
        return []
    usable = [
        s
        for s in found
        if isinstance(s, dict)
        and s.get("rank") != "deprecated"
        and isinstance(s.get("mainsnak"), dict)
        and s["mainsnak"].get("snaktype", "value") == "value"
        and isinstance(s["mainsnak"].get("datavalue"), dict)
    ]
    return [s for s in usable if s.get("rank") == "preferred"] + [
        s for s in usable if s.get("rank") != "preferred"
    ]


def _best(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    """Only the best-ranked statements: the preferred ones if any, else the normal ones."""
    found = _statements(entity, prop)
    preferred = [s for s in found if s.get("rank") == "preferred"]
    return preferred or found


def _value(statement: dict[str, Any]) -> Any:
    return statement["mainsnak"]["datavalue"].get("value")


def _item_id(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return str(value["id"])
    if isinstance(value, dict) and isinstance(value.get("numeric-id"), int):
        return f"Q{value['numeric-id']}"
    return None


def item_ids(entity: dict[str, Any], prop: str, limit: int | None = None) -> list[str]:
    ids: list[str] = []
    for statement in _statements(entity, prop):
        qid = _item_id(_value(statement))
        if qid and qid not in ids:
            ids.append(qid)
    return ids[:limit] if limit else ids


def strings(entity: dict[str, Any], prop: str) -> list[str]:
    return [v for v in (_value(s) for s in _best(entity, prop)) if isinstance(v, str) and v]


def label(entity: dict[str, Any]) -> str | None:
    labels = entity.get("labels")
    if isinstance(labels, dict):
        en = labels.get("en")
        if isinstance(en, dict) and isinstance(en.get("value"), str):
            return str(en["value"])
    return None


def aliases(entity: dict[str, Any]) -> tuple[str, ...]:
    found = entity.get("aliases")
    en = found.get("en", []) if isinstance(found, dict) else []
    return tuple(a["value"] for a in en if isinstance(a, dict) and isinstance(a.get("value"), str))


def is_film(entity: dict[str, Any]) -> bool:
    return any(qid in FILM_CLASSES for qid in item_ids(entity, "P31"))


def release_days(entity: dict[str, Any]) -> list[tuple[Day, list[str], str]]:
    """(date, release countries, rank) of every usable P577 statement, in order."""
    out: list[tuple[Day, list[str], str]] = []
    for statement in _statements(entity, "P577"):
        day = parse_time(_value(statement))
        if day is None:
            continue
        countries: list[str] = []
        qualifiers = statement.get("qualifiers")
        if isinstance(qualifiers, dict):
            for snak in qualifiers.get("P291", []) or []:
                dv = snak.get("datavalue") if isinstance(snak, dict) else None
                qid = _item_id(dv.get("value")) if isinstance(dv, dict) else None
                if qid:
                    countries.append(qid)
        out.append((day, countries, str(statement.get("rank", "normal"))))
    return out


def first_year(entity: dict[str, Any]) -> int | None:
    years = [day.year for day, _, _ in release_days(entity)]
    return min(years) if years else None


def release_date(entity: dict[str, Any], country: str) -> str | None:
    """The release in ``country`` if Wikidata has one, else the earliest release."""
    days = release_days(entity)
    if not days:
        return None
    wanted = COUNTRIES.get(country.upper())
    local = [d for d, countries, _ in days if wanted and wanted in countries]
    if local:
        return f"{min(local, key=_sort_key).text()} ({country.upper()})"
    preferred = [d for d, _, rank in days if rank == "preferred"]
    return min(preferred or [d for d, _, _ in days], key=_sort_key).text()


def _sort_key(day: Day) -> tuple[int, int, int]:
    return (day.year, day.month or 0, day.day or 0)


FILMISH = ("film", "movie", "documentary", "animated", "animation", "short")
NEAR_READ = 4


def worth_reading(hits: list[Any], title: str) -> list[str]:
    """The search hits whose claims are worth fetching (an item's claims can be large):
    every hit whose label or matched alias is the title asked for, and a few others
    described as films, as suggestions."""
    key = normalize_title(title)
    exact: list[str] = []
    near: list[str] = []
    for hit in hits:
        if not isinstance(hit, dict) or not isinstance(hit.get("id"), str):
            continue
        match = hit.get("match")
        names = [hit.get("label"), match.get("text") if isinstance(match, dict) else None]
        if any(isinstance(n, str) and normalize_title(n) == key for n in names):
            exact.append(hit["id"])
        elif any(word in str(hit.get("description") or "").lower() for word in FILMISH):
            near.append(hit["id"])
    return exact + near[:NEAR_READ]


class WikidataProvider:
    """Candidates and facts from Wikidata; every fact cites the item it came from."""

    name = "Wikidata"

    def __init__(self, client: JsonClient, country: str = "US") -> None:
        self.client = client
        self.country = country.upper()
        self._entities: OrderedDict[str, dict[str, Any]] = OrderedDict()

    async def close(self) -> None:
        await self.client.close()

    async def _call(self, params: dict[str, str]) -> dict[str, Any]:
        data = await self.client.get("", {**params, "format": "json"})
        if not isinstance(data, dict):
            raise CatalogUnavailable("Wikidata sent an unexpected answer")
        if "error" in data:
            raise CatalogUnavailable(f"Wikidata refused the request: {data['error']}")
        return data

    async def entities(self, ids: Iterable[str], props: str) -> dict[str, dict[str, Any]]:
        """Items by id, fetched in batches of at most 50."""
        wanted = list(dict.fromkeys(ids))
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
            data = await self._call(
                {
                    "action": "wbgetentities",
                    "ids": "|".join(chunk),
                    "props": props,
                    "languages": "en",
                }
            )
            entities = data.get("entities")
            if not isinstance(entities, dict):
                raise CatalogUnavailable("Wikidata sent entities in an unexpected shape")
            for qid, entity in entities.items():
                if isinstance(entity, dict) and "missing" not in entity:
                    found[qid] = entity
        return found

    async def labels(self, ids: Iterable[str]) -> dict[str, str]:
        entities = await self.entities(ids, "labels")
        return {qid: name for qid, e in entities.items() if (name := label(e))}

    def _keep(self, qid: str, entity: dict[str, Any]) -> None:
        self._entities[qid] = entity
        self._entities.move_to_end(qid)
        while len(self._entities) > KEPT_ENTITIES:
            self._entities.popitem(last=False)

    async def _hits(self, title: str) -> list[str]:
        """The ids worth reading among ``wbsearchentities``' hits for ``title``."""
        data = await self._call(
            {
                "action": "wbsearchentities",
                "search": title,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": str(SEARCH_LIMIT),
            }
        )
        hits = data.get("search")
        if not isinstance(hits, list):
            raise CatalogUnavailable("Wikidata sent search results in an unexpected shape")
        return worth_reading(hits, title)

    async def search(self, title: str, year: int | None = None) -> list[Candidate]:
        return (await self.search_many([title]))[title]

    async def search_many(self, titles: list[str]) -> dict[str, list[Candidate]]:
        """Candidates for each title: one search request per title, then the hits'
        claims and their directors' names in shared batches of 50."""
        wanted = {title: await self._hits(title) for title in dict.fromkeys(titles)}
        ids = list(dict.fromkeys(qid for found in wanted.values() for qid in found))
        entities = await self.entities(ids, "labels|aliases|descriptions|claims") if ids else {}
        films = {qid: e for qid, e in entities.items() if is_film(e)}
        for qid, entity in films.items():
            self._keep(qid, entity)
        names = await self.labels({d for e in films.values() for d in item_ids(e, "P57")[:2]})
        out: dict[str, list[Candidate]] = {}
        for title, found in wanted.items():
            out[title] = []
            for qid in found:
                if qid not in films or not (name := label(films[qid])):
                    continue
                entity = films[qid]
                directors = tuple(names[d] for d in item_ids(entity, "P57")[:2] if d in names)
                desc = entity.get("descriptions", {}).get("en", {}).get("value", "")
                out[title].append(
                    Candidate(qid, name, first_year(entity), directors, str(desc), aliases(entity))
                )
        return out

    async def suggest(self, prefix: str, limit: int = SUGGEST_LIMIT) -> list[str]:
        """Film titles starting with ``prefix``, for autocomplete: one ``wbsearchentities``
        request, keeping the hits Wikidata describes as films (``Heat (1995)``)."""
        data = await self._call(
            {
                "action": "wbsearchentities",
                "search": prefix,
                "language": "en",
                "uselang": "en",
                "type": "item",
                "limit": str(SEARCH_LIMIT),
            }
        )
        hits = data.get("search")
        if not isinstance(hits, list):
            raise CatalogUnavailable("Wikidata sent search results in an unexpected shape")
        out: list[str] = []
        for hit in hits:
            if not isinstance(hit, dict) or not isinstance(hit.get("label"), str):
                continue
            description = str(hit.get("description") or "")
            if not any(word in description.lower() for word in FILMISH):
                continue
            year = DESCRIBED_YEAR.search(description)
            shown = f"{hit['label']} ({year.group(0)})" if year else str(hit["label"])
            if shown not in out:
                out.append(shown)
        return out[:limit]

    async def by_imdb(self, imdb_id: str) -> list[str]:
        """The items whose IMDb id (P345) is ``imdb_id``: CirrusSearch's ``haswbstatement``
        through ``list=search``; each hit's ``title`` is the item id in the main namespace."""
        if not IMDB_ID.fullmatch(imdb_id):
            return []
        data = await self._call(
            {
                "action": "query",
                "list": "search",
                "srsearch": f"haswbstatement:P345={imdb_id}",
                "srnamespace": "0",
                "srlimit": "5",
                "srprop": "",
            }
        )
        query = data.get("query")
        hits = query.get("search") if isinstance(query, dict) else None
        if not isinstance(hits, list):
            raise CatalogUnavailable("Wikidata sent search results in an unexpected shape")
        found = [h.get("title") for h in hits if isinstance(h, dict)]
        return [qid for qid in found if isinstance(qid, str) and QID.fullmatch(qid)]

    async def by_imdb_many(self, imdb_ids: list[str]) -> dict[str, list[str]]:
        """The items of several IMDb ids: one search for up to :data:`IMDB_BATCH` ids
        (``haswbstatement:P345=tt…|P345=tt…`` finds items with any of them), then the
        items' claims in batches of 50, which tell which id each item has. The claims
        are kept for a :meth:`fetch_many` just after."""
        wanted = [i for i in dict.fromkeys(imdb_ids) if IMDB_ID.fullmatch(i)]
        out: dict[str, list[str]] = {i: [] for i in wanted}
        for start in range(0, len(wanted), IMDB_BATCH):
            chunk = wanted[start : start + IMDB_BATCH]
            data = await self._call(
                {
                    "action": "query",
                    "list": "search",
                    "srsearch": "haswbstatement:" + "|".join(f"P345={i}" for i in chunk),
                    "srnamespace": "0",
                    "srlimit": str(min(500, 2 * len(chunk))),
                    "srprop": "",
                }
            )
            query = data.get("query")
            hits = query.get("search") if isinstance(query, dict) else None
            if not isinstance(hits, list):
                raise CatalogUnavailable("Wikidata sent search results in an unexpected shape")
            qids = [
                h["title"]
                for h in hits
                if isinstance(h, dict)
                and isinstance(h.get("title"), str)
                and QID.fullmatch(h["title"])
            ]
            if not qids:
                continue
            entities = await self.entities(qids, "labels|aliases|descriptions|claims")
            lowered = {i.lower(): i for i in chunk}
            for qid, entity in entities.items():
                self._keep(qid, entity)
                for value in (_value(st) for st in _statements(entity, "P345")):
                    if isinstance(value, str) and value.lower() in lowered:
                        out[lowered[value.lower()]].append(qid)
        return out

    async def fetch(self, film_id: str) -> CatalogFilm | None:
        return (await self.fetch_many([film_id])).get(film_id)

    async def fetch_many(self, film_ids: list[str]) -> dict[str, CatalogFilm]:
        """Films by id, with the names of their people fetched in shared batches of 50.

        Claims read by a search just before are used once; a later fetch asks again."""
        wanted = list(dict.fromkeys(film_ids))
        entities = {qid: e for qid in wanted if (e := self._entities.pop(qid, None)) is not None}
        missing = [qid for qid in wanted if qid not in entities]
        if missing:
            entities.update(await self.entities(missing, "labels|aliases|descriptions|claims"))
        usable = {qid: e for qid, e in entities.items() if is_film(e) and label(e)}
        refs = {qid: self._refs(e) for qid, e in usable.items()}
        names = await self.labels(
            [ref for found in refs.values() for ids in found.values() for ref in ids]
        )
        return {qid: self._film(qid, e, refs[qid], names) for qid, e in usable.items()}

    def _refs(self, entity: dict[str, Any]) -> dict[str, list[str]]:
        refs = {key: item_ids(entity, prop) for key, prop in PEOPLE.items()}
        refs["cast"] = refs["cast"][:CAST_LIMIT]
        certificates = item_ids(entity, "P1657") if self.country == "US" else []
        refs["certificate"] = certificates[:1]
        return refs

    def _film(
        self,
        film_id: str,
        entity: dict[str, Any],
        refs: dict[str, list[str]],
        names: dict[str, str],
    ) -> CatalogFilm:
        cite = source(film_id)
        sheet = FactSheet()
        for key in ("directors", "writers", "cast"):
            for qid in refs[key]:
                if qid in names:
                    sheet.add(key, names[qid], cite)
        minutes = [parse_minutes(_value(s)) for s in _best(entity, "P2047")]
        if minutes and minutes[0]:
            sheet.add("runtime", f"{minutes[0]} min", cite)
        released = release_date(entity, self.country)
        if released:
            sheet.add("release_date", released, cite)
        certificates = refs["certificate"]
        if certificates and certificates[0] in names:
            sheet.add("certificate", names[certificates[0]], cite)
        for key in ("genres", "music", "cinematography", "production_design"):
            for qid in refs[key]:
                if qid in names:
                    sheet.add(key, names[qid], cite)
        imdb = strings(entity, "P345")
        tmdb = strings(entity, "P4947")
        if imdb:
            sheet.add("imdb", f"https://www.imdb.com/title/{imdb[0]}/", cite)
        return CatalogFilm(
            title=label(entity) or "",
            year=first_year(entity),
            wikidata_id=film_id,
            tmdb_id=tmdb[0] if tmdb else None,
            imdb_id=imdb[0] if imdb else None,
            facts=tuple(sheet.facts),
        )
