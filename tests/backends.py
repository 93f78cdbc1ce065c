"""Looking at a test's database from outside the store, on either backend."""

from __future__ import annotations

import sqlite3
from typing import Any

from bot.store.dialect import parse_database


def other_connection_rows(database: str, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
    """Rows read over a connection of its own (not the store's), ``?`` placeholders."""
    target = parse_database(database)
    if target.is_postgres:
        from bot.store.pg import PgConnection

        conn = PgConnection.connect(target.location)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    with sqlite3.connect(target.location) as lite:
        return lite.execute(sql, params).fetchall()


def other_connection_count(database: str, sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(other_connection_rows(database, sql, params)[0][0])
