"""Moving a club's database to PostgreSQL: ``python -m bot migrate-db``.

Both ends are first brought to the newest schema by opening them as stores.
The target must be empty. Every table of the target's schema is then copied in
one transaction (referenced tables first, user triggers off, since the tables
they maintain are copied as they are), identity counters are moved past the
copied ids, and every table's row count is compared before the commit.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.store.db import Store
from bot.store.dialect import Database, parse_database
from bot.store.pg import PgConnection

CHUNK = 5000


class TransferError(RuntimeError):
    """The copy was refused or did not match; nothing was committed."""


@dataclass
class TransferReport:
    tables: dict[str, int] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def summary(self) -> str:
        return (
            f"Copied {self.rows} rows in {len(self.tables)} tables;"
            " every table's row count matches the source."
        )


async def _migrate(target: str) -> None:
    store = await Store.open(target)
    await store.close()


class _Source:
    """Rows of the source database, table by table."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lite: sqlite3.Connection | None = None
        self._pg: PgConnection | None = None
        if database.is_postgres:
            self._pg = PgConnection.connect(database.location)
            self._pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        else:
            self._lite = sqlite3.connect(f"file:{database.location}?mode=ro", uri=True)
            self._lite.execute("BEGIN")

    def columns(self, table: str) -> list[str] | None:
        if self._lite is not None:
            rows = self._lite.execute(f'PRAGMA table_info("{table}")').fetchall()
            return [str(r[1]) for r in rows] or None
        assert self._pg is not None
        found = self._pg.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
            (table,),
        ).fetchall()
        return [str(r[0]) for r in found] or None

    def count(self, table: str) -> int:
        conn: Any = self._lite if self._lite is not None else self._pg
        return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])

    def rows(self, table: str, columns: list[str]) -> Iterator[tuple[Any, ...]]:
        names = ", ".join(f'"{c}"' for c in columns)
        if self._lite is not None:
            cur = self._lite.execute(f'SELECT {names} FROM "{table}"')
            while chunk := cur.fetchmany(CHUNK):
                yield from chunk
            return
        assert self._pg is not None
        with self._pg.raw.cursor(name=f"copy_{table}") as named:
            named.execute(f'SELECT {names} FROM "{table}"')
            while chunk := named.fetchmany(CHUNK):
                yield from (tuple(r) for r in chunk)

    def close(self) -> None:
        if self._lite is not None:
            self._lite.close()
        if self._pg is not None:
            self._pg.execute("ROLLBACK")
            self._pg.close()


def _target_tables(conn: PgConnection) -> list[str]:
    """The target's tables, each after the tables it references."""
    tables = [
        str(r[0])
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema ="
            " current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'"
            " ORDER BY table_name"
        ).fetchall()
    ]
    needs: dict[str, set[str]] = {t: set() for t in tables}
    for child, parent in conn.execute(
        "SELECT c.relname, p.relname FROM pg_constraint k"
        " JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid"
        " WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace"
    ).fetchall():
        if str(child) in needs and str(parent) != str(child):
            needs[str(child)].add(str(parent))
    ordered: list[str] = []
    while needs:
        ready = sorted(t for t, n in needs.items() if n <= set(ordered))
        if not ready:
            ready = sorted(needs)
        for t in ready:
            ordered.append(t)
            del needs[t]
    return ordered


def _copyable_columns(conn: PgConnection, table: str) -> list[str]:
    return [
        str(r[0])
        for r in conn.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = ?"
            " AND is_generated = 'NEVER' ORDER BY ordinal_position",
            (table,),
        ).fetchall()
    ]


def transfer(source: str, target: str) -> TransferReport:
    """Copy everything from ``source`` into the empty PostgreSQL database ``target``."""
    src, dst = parse_database(source), parse_database(target)
    if not dst.is_postgres:
        raise TransferError("the target must be a postgresql:// URL")
    if src == dst:
        raise TransferError("the source and the target are the same database")
    asyncio.run(_migrate(source))
    asyncio.run(_migrate(target))
    reader = _Source(src)
    conn = PgConnection.connect(dst.location)
    report = TransferReport()
    try:
        conn.execute("BEGIN")
        tables = _target_tables(conn)
        for table in tables:
            conn.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
        busy = [t for t in tables if conn.execute(f'SELECT 1 FROM "{t}" LIMIT 1').fetchone()]
        if busy:
            raise TransferError(
                "the target already holds data (in " + ", ".join(busy) + "); give an empty one"
            )
        for table in tables:
            conn.execute(f'ALTER TABLE "{table}" DISABLE TRIGGER USER')
        for table in tables:
            have = reader.columns(table)
            if have is None:
                continue
            columns = [c for c in _copyable_columns(conn, table) if c in have]
            names = ", ".join(f'"{c}"' for c in columns)
            with conn.raw.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in reader.rows(table, columns):
                    copy.write_row(row)
            expected = reader.count(table)
            got = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            if got != expected:
                raise TransferError(f"{table}: {got} rows copied, the source has {expected}")
            report.tables[table] = got
            if "id" in columns:
                conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'),"
                    f' coalesce((SELECT max(id) FROM "{table}"), 0) + 1, false)'
                    f" WHERE pg_get_serial_sequence('\"{table}\"', 'id') IS NOT NULL"
                )
        for table in tables:
            conn.execute(f'ALTER TABLE "{table}" ENABLE TRIGGER USER')
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()
        reader.close()
    return report
