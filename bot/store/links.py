"""Films known by an outside site's id (IMDb, TMDB), through the catalog's records."""

from __future__ import annotations

import sqlite3

from bot.store.films import film_by_id
from bot.store.models import Film

_COLUMNS = {"imdb": "imdb_id", "tmdb": "tmdb_id"}


def film_by_site_id(conn: sqlite3.Connection, site: str, site_id: str) -> Film | None:
    """The library film the catalog recorded with this IMDb or TMDB id, if exactly one."""
    column = _COLUMNS[site]
    rows = conn.execute(
        f"SELECT film_id FROM catalog_films WHERE {column} = ? LIMIT 2", (site_id,)
    ).fetchall()
    return film_by_id(conn, int(rows[0][0])) if len(rows) == 1 else None
