"""The schema on PostgreSQL: the same numbered migrations, translated.

Each migration in :data:`bot.store.schema.MIGRATIONS` is applied to PostgreSQL
by :func:`translate_script`: column types become PostgreSQL's (``INTEGER`` is
``BIGINT``, ``REAL`` is ``DOUBLE PRECISION`` — PostgreSQL's ``REAL`` is 4 bytes —,
``TEXT`` compares bytewise like SQLite's, ``INTEGER PRIMARY KEY`` an identity),
``WITHOUT ROWID`` is dropped and tables are created after the tables they
reference. What has no mechanical translation (triggers, FTS5 tables, pragmas)
needs its PostgreSQL form in :data:`POSTGRES_PARTS` under the migration's
number; a migration that has such statements and no part there fails loudly
rather than leaving PostgreSQL half a schema.

The version is kept in ``schema_version``; migrating takes an advisory lock so
that processes starting together migrate once.
"""

from __future__ import annotations

import re

from bot.store.pg import PgConnection, outside_literals
from bot.store.schema import MIGRATIONS, _statements

# PostgreSQL forms of what migrations do through triggers and FTS5.
CORE_PARTS = r"""
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
EXCEPTION WHEN OTHERS THEN
    NULL;
END
$$;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
        EXECUTE format(
            'CREATE OR REPLACE FUNCTION filmclub_fold(t text) RETURNS text'
            ' LANGUAGE sql IMMUTABLE PARALLEL SAFE AS'
            ' $f$ SELECT %1$I.unaccent(%2$L::regdictionary, t) $f$',
            (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'unaccent'),
            (SELECT quote_ident(n.nspname) || '.unaccent' FROM pg_extension e
             JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'));
    ELSE
        CREATE OR REPLACE FUNCTION filmclub_fold(t text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT t $f$;
    END IF;
END
$$;
ALTER TABLE excerpts ADD COLUMN fts tsvector GENERATED ALWAYS AS (
    to_tsvector('english'::regconfig, filmclub_fold(text || ' ' || topics))
) STORED;
CREATE INDEX excerpts_fts ON excerpts USING gin (fts);

CREATE FUNCTION ratings_buckets_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE rating_buckets SET n = n - 1, total = total - OLD.score
        WHERE club_id = OLD.club_id AND film_id = OLD.film_id AND bucket = floor(OLD.score);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO rating_buckets AS b (club_id, film_id, bucket, n, total)
        VALUES (NEW.club_id, NEW.film_id, floor(NEW.score), 1, NEW.score)
        ON CONFLICT (club_id, film_id, bucket)
        DO UPDATE SET n = b.n + 1, total = b.total + excluded.total;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ratings_ai AFTER INSERT ON ratings
    FOR EACH ROW EXECUTE FUNCTION ratings_buckets_sync();
CREATE TRIGGER ratings_ad AFTER DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION ratings_buckets_sync();
CREATE TRIGGER ratings_au AFTER UPDATE OF score ON ratings
    FOR EACH ROW EXECUTE FUNCTION ratings_buckets_sync();
"""

READ_AGGREGATES_PARTS = r"""
CREATE FUNCTION rating_values_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE rating_values SET n = n - 1
        WHERE club_id = OLD.club_id AND film_id = OLD.film_id AND score = OLD.score;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO rating_values AS v (club_id, film_id, score, n)
        VALUES (NEW.club_id, NEW.film_id, NEW.score, 1)
        ON CONFLICT (club_id, film_id, score) DO UPDATE SET n = v.n + 1;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER rating_values_ai AFTER INSERT ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_values_sync();
CREATE TRIGGER rating_values_ad AFTER DELETE ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_values_sync();
CREATE TRIGGER rating_values_au AFTER UPDATE OF score ON ratings
    FOR EACH ROW EXECUTE FUNCTION rating_values_sync();

CREATE FUNCTION ballots_count_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO poll_ballot_counts AS k (poll_id, n) VALUES (NEW.poll_id, 1)
        ON CONFLICT (poll_id) DO UPDATE SET n = k.n + 1;
    ELSE
        UPDATE poll_ballot_counts SET n = n - 1 WHERE poll_id = OLD.poll_id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ballots_count_ai AFTER INSERT ON ballots
    FOR EACH ROW EXECUTE FUNCTION ballots_count_sync();
CREATE TRIGGER ballots_count_ad AFTER DELETE ON ballots
    FOR EACH ROW EXECUTE FUNCTION ballots_count_sync();
"""

POSTGRES_PARTS: dict[int, str] = {1: CORE_PARTS, 3: READ_AGGREGATES_PARTS}


class NotPortable(RuntimeError):
    """A migration statement with no PostgreSQL translation and no hand-written part."""


_UNPORTABLE = re.compile(r"^\s*(CREATE\s+(TRIGGER|VIRTUAL\s+TABLE)|PRAGMA)\b", re.IGNORECASE)
_CREATE_TABLE = re.compile(
    r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([A-Za-z_]\w*)", re.IGNORECASE
)
_REFERENCES = re.compile(r"\bREFERENCES\s+([A-Za-z_]\w*)", re.IGNORECASE)
_DECLARED = re.compile(
    r"(?P<lead>(?:^|[(,])\s*|\bADD\s+(?:COLUMN\s+)?)(?P<name>[A-Za-z_]\w*)\s+"
    r"(?P<type>INTEGER\s+PRIMARY\s+KEY(?:\s+AUTOINCREMENT)?|INTEGER|INT|REAL|TEXT|BLOB)\b",
    re.IGNORECASE | re.MULTILINE,
)
_PG_TYPES = {
    "INTEGER": "BIGINT",
    "INT": "BIGINT",
    "REAL": "DOUBLE PRECISION",
    "TEXT": 'TEXT COLLATE "C"',
    "BLOB": "BYTEA",
}
_TABLE_OPTIONS = re.compile(
    r"\)\s*(?:WITHOUT\s+ROWID|STRICT)(\s*,\s*(?:WITHOUT\s+ROWID|STRICT))*"
    r"\s*(;?)\s*$",
    re.IGNORECASE,
)


def _pg_type(match: re.Match[str]) -> str:
    declared = " ".join(match.group("type").upper().split())
    if declared.startswith("INTEGER PRIMARY KEY"):
        pg = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
    else:
        pg = _PG_TYPES[declared]
    return f"{match.group('lead')}{match.group('name')} {pg}"


def _column_types(statement: str) -> str:
    """Column declarations in PostgreSQL's types; quoted strings are left alone."""
    text = outside_literals(statement, _DECLARED, _pg_type)
    return _TABLE_OPTIONS.sub(r")\2", text)


def translate_script(number: int, script: str) -> list[str]:
    """The PostgreSQL statements for migration ``number``."""
    has_part = number in POSTGRES_PARTS
    tables: list[tuple[str, str]] = []
    others: list[str] = []
    for statement in _statements(script):
        if _UNPORTABLE.match(statement):
            if not has_part:
                first = statement.splitlines()[0]
                raise NotPortable(
                    f"migration {number} has no PostgreSQL form for: {first}"
                    " (add one to bot.store.pg_schema.POSTGRES_PARTS)"
                )
            continue
        created = _CREATE_TABLE.match(statement)
        if created:
            tables.append((created.group(1).lower(), _column_types(statement)))
        elif re.match(r"^\s*(CREATE|ALTER)\b", statement, re.I):
            others.append(_column_types(statement))
        else:
            others.append(statement)
    ordered = _referenced_first(tables)
    statements = [sql for _, sql in ordered]
    # Indexes and data follow the tables they are about, in their written order.
    statements.extend(others)
    if has_part:
        statements.append(POSTGRES_PARTS[number])
    return statements


def _referenced_first(tables: list[tuple[str, str]]) -> list[tuple[str, str]]:
    names = {name for name, _ in tables}
    done: list[tuple[str, str]] = []
    placed: set[str] = set()
    pending = list(tables)
    while pending:
        for i, (name, sql) in enumerate(pending):
            needs = {r.lower() for r in _REFERENCES.findall(sql)} & names
            if needs <= placed | {name}:
                done.append((name, sql))
                placed.add(name)
                del pending[i]
                break
        else:
            done.extend(pending)
            break
    return done


def migrate(conn: PgConnection) -> int:
    """Apply every migration newer than ``schema_version``; return the version."""
    conn.execute("BEGIN")
    try:
        conn.execute(
            "SELECT pg_advisory_xact_lock(hashtext('filmclub.migrate.' || current_schema()))"
        )
        conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
        version = int(row[0]) if row and row[0] is not None else 0
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            for statement in translate_script(number, script):
                conn.executescript(statement)
            conn.execute("DELETE FROM schema_version")
            conn.execute("INSERT INTO schema_version(version) VALUES (?)", (number,))
            version = number
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.refresh_catalog()
    return version
