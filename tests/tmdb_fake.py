"""A local fake of the TMDB API v3: ``search/movie`` and ``movie/{id}`` with
``append_to_response=credits,release_dates,videos,watch/providers``.

Requests must carry ``api_key`` or a bearer token, as TMDB's do.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.http_fake import FakeApi

API_KEY = "fake-tmdb-key"
READ_TOKEN = "fake-tmdb-read-token"

ARRIVAL_ID = 329865

MOVIES: dict[int, dict[str, Any]] = {
    ARRIVAL_ID: {
        "id": ARRIVAL_ID,
        "imdb_id": "tt2543164",
        "title": "Arrival",
        "original_title": "Arrival",
        "release_date": "2016-11-10",
        "runtime": 118,
        "overview": "A linguist is asked to talk with visitors whose ships hover over Earth.",
        "poster_path": "/arrival-poster.jpg",
        "genres": [{"id": 878, "name": "Science Fiction"}, {"id": 18, "name": "Drama"}],
        "credits": {
            "cast": [
                {"id": 9273, "name": "Amy Adams", "character": "Louise Banks", "order": 0},
                {"id": 2888, "name": "Forest Whitaker", "character": "Colonel Weber", "order": 2},
                {"id": 17604, "name": "Jeremy Renner", "character": "Ian Donnelly", "order": 1},
            ],
            "crew": [
                {"id": 137427, "name": "Denis Villeneuve", "job": "Director"},
                {"id": 1, "name": "Eric Heisserer", "job": "Screenplay"},
                {"id": 2, "name": "Ted Chiang", "job": "Novel"},
                {"id": 3, "name": "Jóhann Jóhannsson", "job": "Original Music Composer"},
                {"id": 4, "name": "Bradford Young", "job": "Director of Photography"},
            ],
        },
        "release_dates": {
            "results": [
                {
                    "iso_3166_1": "US",
                    "release_dates": [
                        {
                            "certification": "",
                            "release_date": "2017-02-14T00:00:00.000Z",
                            "type": 4,
                            "note": "",
                        },
                        {
                            "certification": "PG-13",
                            "release_date": "2016-11-11T00:00:00.000Z",
                            "type": 3,
                            "note": "",
                        },
                    ],
                },
                {
                    "iso_3166_1": "GB",
                    "release_dates": [
                        {
                            "certification": "12A",
                            "release_date": "2016-11-10T00:00:00.000Z",
                            "type": 3,
                            "note": "",
                        }
                    ],
                },
            ]
        },
        "videos": {
            "results": [
                {"site": "YouTube", "type": "Teaser", "key": "teaserkey01", "official": True},
                {"site": "YouTube", "type": "Trailer", "key": "trailerkey1", "official": True},
            ]
        },
        "watch/providers": {
            "results": {
                "US": {
                    "link": "https://www.themoviedb.org/movie/329865-arrival/watch?locale=US",
                    "flatrate": [
                        {
                            "provider_id": 531,
                            "provider_name": "Paramount Plus",
                            "display_priority": 4,
                        },
                        {"provider_id": 8, "provider_name": "Netflix", "display_priority": 1},
                    ],
                    "rent": [
                        {"provider_id": 2, "provider_name": "Apple TV", "display_priority": 2}
                    ],
                }
            }
        },
    },
}

SEARCH_FIELDS = ("id", "title", "original_title", "release_date", "overview", "poster_path")


class FakeTmdb(FakeApi):
    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(latency=latency)

    def answer(self, request: web.Request) -> tuple[int, Any]:
        q = request.query
        bearer = request.headers.get("Authorization", "")
        if q.get("api_key") != API_KEY and bearer != f"Bearer {READ_TOKEN}":
            return 401, {
                "status_code": 7,
                "status_message": "Invalid API key: You must be granted a valid key.",
                "success": False,
            }
        parts = request.path.strip("/").split("/")
        if parts == ["search", "movie"]:
            return 200, self._search(q.get("query", ""), q.get("year"))
        if len(parts) == 2 and parts[0] == "movie" and parts[1].isdigit():
            return 200, self._movie(int(parts[1]), q.get("append_to_response", ""))
        raise KeyError(request.path)

    def _search(self, query: str, year: str | None) -> dict[str, Any]:
        found = [
            {k: m[k] for k in SEARCH_FIELDS}
            for m in MOVIES.values()
            if query.lower() in m["title"].lower()
            and (year is None or m["release_date"].startswith(year))
        ]
        return {"page": 1, "results": found, "total_pages": 1, "total_results": len(found)}

    def _movie(self, movie_id: int, append: str) -> dict[str, Any]:
        movie = MOVIES[movie_id]
        extras = {"credits", "release_dates", "videos", "watch/providers"}
        wanted = set(append.split(",")) if append else set()
        return {k: v for k, v in movie.items() if k not in extras or k in wanted}
