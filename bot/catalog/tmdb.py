"""TMDB, used besides Wikidata when a key is set: poster, overview, certificate,
trailer and where to stream (TMDB's watch providers come from JustWatch)."""

from __future__ import annotations

from typing import Any

from bot.catalog.http import JsonClient
from bot.catalog.models import Candidate, CatalogFilm, CatalogUnavailable, FactSheet

IMAGE_BASE = "https://image.tmdb.org/t/p/w342"
CAST_LIMIT = 10
WRITER_JOBS = ("Screenplay", "Writer")
THEATRICAL = 3
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."


def source(tmdb_id: str) -> str:
    return f"TMDB {tmdb_id} https://www.themoviedb.org/movie/{tmdb_id}"


def _year(date: Any) -> int | None:
    if isinstance(date, str) and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    return None


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _names(people: list[dict[str, Any]]) -> list[str]:
    return [str(p["name"]) for p in people if isinstance(p.get("name"), str) and p["name"]]


def release(details: dict[str, Any], country: str) -> tuple[str | None, str | None]:
    """(date, certificate) of the theatrical release in ``country``, else its first one."""
    groups = _dicts((details.get("release_dates") or {}).get("results"))
    local = [g for g in groups if g.get("iso_3166_1") == country]
    if not local:
        return None, None
    dates = [d for d in _dicts(local[0].get("release_dates")) if d.get("release_date")]
    if not dates:
        return None, None
    theatrical = [d for d in dates if d.get("type") == THEATRICAL]
    chosen = min(theatrical or dates, key=lambda d: str(d["release_date"]))
    certs = [str(d.get("certification") or "") for d in (theatrical or dates)]
    certificate = next((c for c in certs if c), None)
    return f"{str(chosen['release_date'])[:10]} ({country})", certificate


def trailer(details: dict[str, Any]) -> str | None:
    videos = _dicts((details.get("videos") or {}).get("results"))
    found = [
        v
        for v in videos
        if v.get("site") == "YouTube" and v.get("type") == "Trailer" and v.get("key")
    ]
    found.sort(key=lambda v: not v.get("official", False))
    return f"https://www.youtube.com/watch?v={found[0]['key']}" if found else None


def streaming(details: dict[str, Any], country: str) -> tuple[list[str], str | None]:
    """Flat-rate providers in ``country`` (TMDB has them from JustWatch) and their page."""
    results = (details.get("watch/providers") or {}).get("results") or {}
    here = results.get(country) if isinstance(results, dict) else None
    if not isinstance(here, dict):
        return [], None
    flat = sorted(_dicts(here.get("flatrate")), key=lambda p: p.get("display_priority", 0))
    link = here.get("link")
    return _names([{"name": p.get("provider_name")} for p in flat]), (
        str(link) if isinstance(link, str) else None
    )


class TmdbProvider:
    name = "TMDB"

    def __init__(self, client: JsonClient, api_key: str = "", country: str = "US") -> None:
        self.client = client
        self.api_key = api_key
        self.country = country.upper()

    async def close(self) -> None:
        await self.client.close()

    async def _get(self, path: str, params: dict[str, str]) -> Any:
        if self.api_key:
            params = {**params, "api_key": self.api_key}
        return await self.client.get(path, params)

    async def search(self, title: str, year: int | None = None) -> list[Candidate]:
        params = {"query": title, "include_adult": "false", "language": "en-US"}
        if year is not None:
            params["year"] = str(year)
        data = await self._get("search/movie", params)
        if not isinstance(data, dict) or not isinstance(data.get("results"), list):
            raise CatalogUnavailable("TMDB sent search results in an unexpected shape")
        out: list[Candidate] = []
        for hit in _dicts(data["results"]):
            if not isinstance(hit.get("id"), int) or not isinstance(hit.get("title"), str):
                continue
            aka = hit.get("original_title")
            out.append(
                Candidate(
                    str(hit["id"]),
                    hit["title"],
                    _year(hit.get("release_date")),
                    aliases=(aka,) if isinstance(aka, str) and aka != hit["title"] else (),
                )
            )
        return out

    async def fetch(self, film_id: str) -> CatalogFilm | None:
        details = await self._get(
            f"movie/{film_id}",
            {
                "append_to_response": "credits,release_dates,videos,watch/providers",
                "language": "en-US",
            },
        )
        if details is None:
            return None
        if not isinstance(details, dict) or not isinstance(details.get("title"), str):
            raise CatalogUnavailable("TMDB sent a film in an unexpected shape")
        cite = source(film_id)
        sheet = FactSheet()
        credits = details.get("credits") or {}
        crew = _dicts(credits.get("crew"))
        for name in _names([p for p in crew if p.get("job") == "Director"]):
            sheet.add("directors", name, cite)
        for name in _names([p for p in crew if p.get("job") in WRITER_JOBS]):
            sheet.add("writers", name, cite)
        cast = sorted(_dicts(credits.get("cast")), key=lambda p: p.get("order", 0))
        for name in _names(cast[:CAST_LIMIT]):
            sheet.add("cast", name, cite)
        runtime = details.get("runtime")
        if isinstance(runtime, int) and runtime > 0:
            sheet.add("runtime", f"{runtime} min", cite)
        date, certificate = release(details, self.country)
        if date:
            sheet.add("release_date", date, cite)
        if certificate:
            sheet.add("certificate", certificate, cite)
        for name in _names([p for p in crew if p.get("job") == "Original Music Composer"]):
            sheet.add("music", name, cite)
        for name in _names([p for p in crew if p.get("job") == "Director of Photography"]):
            sheet.add("cinematography", name, cite)
        overview = details.get("overview")
        if isinstance(overview, str) and overview.strip():
            sheet.add("logline", overview, cite)
        link = trailer(details)
        if link:
            sheet.add("trailer", link, cite)
        providers, page = streaming(details, self.country)
        for name in providers:
            sheet.add("streaming", name, f"JustWatch via TMDB {page or cite.split(' ', 2)[2]}")
        poster = details.get("poster_path")
        poster_url = f"{IMAGE_BASE}{poster}" if isinstance(poster, str) and poster else None
        if poster_url:
            sheet.add("poster", poster_url, cite)
        imdb = details.get("imdb_id")
        return CatalogFilm(
            title=details["title"],
            year=_year(details.get("release_date")),
            tmdb_id=str(film_id),
            imdb_id=imdb if isinstance(imdb, str) and imdb else None,
            facts=tuple(sheet.facts),
            poster_url=poster_url,
        )
