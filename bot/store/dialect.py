"""What differs between the two databases the store runs on.

Store functions are written once, in the SQL both SQLite and PostgreSQL accept
(``?`` placeholders, ``INSERT ... ON CONFLICT``, ``RETURNING``-free inserts read
through ``cursor.lastrowid``). The PostgreSQL connection (:mod:`bot.store.pg`)
translates each statement once and caches it. What cannot be written once (row
locks for several writers, full-text search) is asked of the connection's
dialect: ``dialect_of(conn).lock_share(conn, "polls", poll_id)``.

SQLite has a single writer at a time (``BEGIN IMMEDIATE``), so its locks are
no-ops; PostgreSQL runs many writers at READ COMMITTED and takes real row or
advisory locks where a store function reads something it then relies on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_TRANSIENT_STATES = frozenset({"40001", "40P01"})  # serialization failure, deadlock


@dataclass(frozen=True)
class Database:
    """Where the store lives: ``backend`` is ``sqlite`` (``location`` a path) or
    ``postgres`` (``location`` a libpq URL)."""

    backend: str
    location: str

    @property
    def is_postgres(self) -> bool:
        return self.backend == "postgres"


def parse_database(target: str) -> Database:
    """``sqlite:///relative/path``, ``sqlite:////absolute/path``, a bare path, or
    ``postgresql://...`` / ``postgres://...``."""
    text = target.strip()
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if scheme in ("postgresql", "postgres"):
        return Database("postgres", text)
    if scheme == "sqlite":
        path = text[len("sqlite:///") :] if text.lower().startswith("sqlite:///") else ""
        if not path:
            raise ValueError(f"{target!r}: write sqlite:///relative/path or sqlite:////abs/path")
        return Database("sqlite", path)
    if scheme:
        raise ValueError(f"{target!r}: the database must be sqlite:///PATH or postgresql://...")
    if not text:
        raise ValueError("the database path is empty")
    return Database("sqlite", text)


def is_transient(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the whole transaction may simply run again."""
    return getattr(exc, "sqlstate", None) in _TRANSIENT_STATES


class Dialect:
    """SQLite's answers: one writer at a time, so no locks are needed."""

    name = "sqlite"
    begin = "BEGIN IMMEDIATE"
    begin_bookkeeping = begin  # a transaction of bookkeeping writes alone (db.bookkeeping)
    for_update = ""  # appended to a SELECT whose rows this transaction will change
    skip_locked = ""  # appended to a SELECT of rows to claim: rows others hold are skipped

    def lock_share(self, conn: Any, table: str, row_id: int) -> None:
        """Keep the row from changing until this transaction ends; others may read it."""

    def lock_update(self, conn: Any, table: str, row_id: int) -> None:
        """Keep the row for this transaction alone until it ends."""

    def serialize(self, conn: Any, name: str) -> None:
        """Let only one transaction at a time past this point for ``name``."""

    def search_excerpts(self, film_id: int) -> str:
        """Ids of excerpts matching a query of quoted words (``"a" "b"``), one
        ``?`` for the query, then one for the film when ``film_id`` is set."""
        if film_id:
            return (
                "SELECT e.id FROM excerpts_fts JOIN excerpts e ON e.id = excerpts_fts.rowid"
                " WHERE excerpts_fts MATCH ? AND e.film_id = ?"
            )
        return "SELECT rowid FROM excerpts_fts WHERE excerpts_fts MATCH ?"

    def search_terms(self, query: str) -> str:
        return query

    # Many values in one statement: a list to match, rows to insert.
    list_chunk = 500  # values per list, within SQLite's limit on parameters
    rows_chunk = 100  # rows per insert

    def any_of(self, column: str, values: Sequence[Any], sqltype: str) -> tuple[str, list[Any]]:
        """``column`` equal to one of ``values``: the condition and its parameters.
        ``sqltype`` is the values' PostgreSQL type (``bigint``, ``text``)."""
        return f"{column} IN ({', '.join('?' * len(values))})", list(values)

    def rows_of(
        self, rows: Sequence[Sequence[Any]], sqltypes: Sequence[str]
    ) -> tuple[str, list[Any]]:
        """A source of ``rows`` for ``INSERT INTO t(...) <source>``, and its parameters."""
        marks = "(" + ", ".join("?" * len(sqltypes)) + ")"
        return "VALUES " + ", ".join([marks] * len(rows)), [v for row in rows for v in row]


class PostgresDialect(Dialect):
    """PostgreSQL's answers: row locks and transaction-scoped advisory locks."""

    name = "postgres"
    begin = "BEGIN"
    # Its commit returns before the server has flushed it (one statement, one round trip).
    begin_bookkeeping = "BEGIN; SET LOCAL synchronous_commit TO off"
    # NO KEY UPDATE: rows inserted elsewhere that reference the locked row (a member
    # of the club, a ballot of the poll) take KEY SHARE locks, which this leaves alone.
    for_update = " FOR NO KEY UPDATE"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def lock_share(self, conn: Any, table: str, row_id: int) -> None:
        conn.execute(f"SELECT 1 FROM {table} WHERE id = ? FOR SHARE", (row_id,))

    def lock_update(self, conn: Any, table: str, row_id: int) -> None:
        conn.execute(f"SELECT 1 FROM {table} WHERE id = ?{self.for_update}", (row_id,))

    def serialize(self, conn: Any, name: str) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))

    def search_excerpts(self, film_id: int) -> str:
        sql = "SELECT id FROM excerpts WHERE fts @@ plainto_tsquery('english', filmclub_fold(?))"
        return sql + " AND film_id = ?" if film_id else sql

    def search_terms(self, query: str) -> str:
        return " ".join(word.strip('"') for word in query.split())

    # One array parameter per list or column: the statement's text, and so its
    # parsing and planning, stays the same however many values it carries.
    list_chunk = 500
    rows_chunk = 500

    def any_of(self, column: str, values: Sequence[Any], sqltype: str) -> tuple[str, list[Any]]:
        return f"{column} = ANY(?::{sqltype}[])", [list(values)]

    def rows_of(
        self, rows: Sequence[Sequence[Any]], sqltypes: Sequence[str]
    ) -> tuple[str, list[Any]]:
        arrays = ", ".join(f"?::{t}[]" for t in sqltypes)
        return f"SELECT * FROM unnest({arrays})", [list(col) for col in zip(*rows, strict=True)]


SQLITE = Dialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: sqlite3.Connection | Any) -> Dialect:
    found = getattr(conn, "dialect", None)
    return found if isinstance(found, Dialect) else SQLITE
