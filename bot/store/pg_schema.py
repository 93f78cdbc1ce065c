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

# The maintained aggregates, kept per statement rather than per row: a statement
# writing 500 ballots of one poll changes the poll's count once, where a row trigger
# changes that one row 500 times (and each change walks past the versions the
# transaction left before it). Put in place of the row triggers above by migrate().
STATEMENT_AGGREGATES = r"""
DROP TRIGGER IF EXISTS ballots_count_ai ON ballots;
DROP TRIGGER IF EXISTS ballots_count_ad ON ballots;
CREATE OR REPLACE FUNCTION ballots_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO poll_ballot_counts AS k (poll_id, n)
    SELECT poll_id, count(*) FROM added GROUP BY poll_id
    ON CONFLICT (poll_id) DO UPDATE SET n = k.n + excluded.n;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION ballots_count_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE poll_ballot_counts AS k SET n = k.n - r.n
    FROM (SELECT poll_id, count(*) AS n FROM removed GROUP BY poll_id) AS r
    WHERE k.poll_id = r.poll_id;
    RETURN NULL;
END
$$;
CREATE TRIGGER ballots_count_ai AFTER INSERT ON ballots REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ballots_count_added();
CREATE TRIGGER ballots_count_ad AFTER DELETE ON ballots REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION ballots_count_removed();

DROP TRIGGER IF EXISTS ratings_ai ON ratings;
DROP TRIGGER IF EXISTS ratings_ad ON ratings;
DROP TRIGGER IF EXISTS ratings_au ON ratings;
DROP TRIGGER IF EXISTS rating_values_ai ON ratings;
DROP TRIGGER IF EXISTS rating_values_ad ON ratings;
DROP TRIGGER IF EXISTS rating_values_au ON ratings;
CREATE OR REPLACE FUNCTION ratings_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO rating_buckets AS b (club_id, film_id, bucket, n, total)
    SELECT club_id, film_id, floor(score), count(*), sum(score) FROM added
    GROUP BY club_id, film_id, floor(score)
    ON CONFLICT (club_id, film_id, bucket)
    DO UPDATE SET n = b.n + excluded.n, total = b.total + excluded.total;
    INSERT INTO rating_values AS v (club_id, film_id, score, n)
    SELECT club_id, film_id, score, count(*) FROM added GROUP BY club_id, film_id, score
    ON CONFLICT (club_id, film_id, score) DO UPDATE SET n = v.n + excluded.n;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION ratings_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE rating_buckets AS b SET n = b.n - r.n, total = b.total - r.total
    FROM (SELECT club_id, film_id, floor(score) AS bucket, count(*) AS n, sum(score) AS total
          FROM removed GROUP BY club_id, film_id, floor(score)) AS r
    WHERE b.club_id = r.club_id AND b.film_id = r.film_id AND b.bucket = r.bucket;
    UPDATE rating_values AS v SET n = v.n - r.n
    FROM (SELECT club_id, film_id, score, count(*) AS n
          FROM removed GROUP BY club_id, film_id, score) AS r
    WHERE v.club_id = r.club_id AND v.film_id = r.film_id AND v.score = r.score;
    RETURN NULL;
END
$$;
CREATE OR REPLACE FUNCTION ratings_rescored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only rows whose score changed move between buckets and values.
    UPDATE rating_buckets AS b SET n = b.n - r.n, total = b.total - r.total
    FROM (SELECT o.club_id, o.film_id, floor(o.score) AS bucket, count(*) AS n,
                 sum(o.score) AS total
          FROM old_rows o JOIN new_rows w USING (club_id, film_id, member_id)
          WHERE w.score <> o.score GROUP BY o.club_id, o.film_id, floor(o.score)) AS r
    WHERE b.club_id = r.club_id AND b.film_id = r.film_id AND b.bucket = r.bucket;
    UPDATE rating_values AS v SET n = v.n - r.n
    FROM (SELECT o.club_id, o.film_id, o.score, count(*) AS n
          FROM old_rows o JOIN new_rows w USING (club_id, film_id, member_id)
          WHERE w.score <> o.score GROUP BY o.club_id, o.film_id, o.score) AS r
    WHERE v.club_id = r.club_id AND v.film_id = r.film_id AND v.score = r.score;
    INSERT INTO rating_buckets AS b (club_id, film_id, bucket, n, total)
    SELECT w.club_id, w.film_id, floor(w.score), count(*), sum(w.score)
    FROM new_rows w JOIN old_rows o USING (club_id, film_id, member_id)
    WHERE w.score <> o.score GROUP BY w.club_id, w.film_id, floor(w.score)
    ON CONFLICT (club_id, film_id, bucket)
    DO UPDATE SET n = b.n + excluded.n, total = b.total + excluded.total;
    INSERT INTO rating_values AS v (club_id, film_id, score, n)
    SELECT w.club_id, w.film_id, w.score, count(*)
    FROM new_rows w JOIN old_rows o USING (club_id, film_id, member_id)
    WHERE w.score <> o.score GROUP BY w.club_id, w.film_id, w.score
    ON CONFLICT (club_id, film_id, score) DO UPDATE SET n = v.n + excluded.n;
    RETURN NULL;
END
$$;
CREATE TRIGGER ratings_ai AFTER INSERT ON ratings REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION ratings_added();
CREATE TRIGGER ratings_ad AFTER DELETE ON ratings REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION ratings_removed();
CREATE TRIGGER ratings_au AFTER UPDATE ON ratings
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ratings_rescored();
"""


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


def _row_aggregates(conn: PgConnection) -> bool:
    """Whether the aggregates of ratings and ballots are still kept by row triggers."""
    row = conn.execute(
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgtype & 1 = 1"
        " AND tgrelid IN (to_regclass('ratings'), to_regclass('ballots'))"
    ).fetchone()
    return bool(row and int(row[0]))


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
        if _row_aggregates(conn):
            conn.executescript(STATEMENT_AGGREGATES)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.refresh_catalog()
    return version
