"""The schema, as numbered migrations applied by ``PRAGMA user_version``."""

from __future__ import annotations

import sqlite3

CORE = """
CREATE TABLE clubs (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    timezone TEXT,
    current_film_id INTEGER REFERENCES films(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE members (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (club_id, external_id)
);
CREATE TABLE films (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    year INTEGER,
    logline TEXT,
    norm_title TEXT NOT NULL
);
CREATE INDEX films_norm_title ON films(norm_title, year);
CREATE TABLE film_facts (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    sources TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    UNIQUE (film_id, key, value)
);
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    url TEXT,
    site TEXT,
    ingested_at TEXT NOT NULL
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    author TEXT,
    source TEXT,
    score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 10),
    raw_score TEXT
);
CREATE INDEX reviews_film ON reviews(film_id, score);
CREATE TABLE review_categories (
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),
    PRIMARY KEY (review_id, name)
) WITHOUT ROWID;
CREATE TABLE aggregates (
    id INTEGER PRIMARY KEY,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    source TEXT,
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),
    votes INTEGER
);
CREATE INDEX aggregates_film ON aggregates(film_id);
CREATE TABLE excerpts (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT ''
);
CREATE INDEX excerpts_review ON excerpts(review_id);
CREATE VIRTUAL TABLE excerpts_fts USING fts5(
    text, topics, content='excerpts', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER excerpts_ai AFTER INSERT ON excerpts BEGIN
    INSERT INTO excerpts_fts(rowid, text, topics) VALUES (new.id, new.text, new.topics);
END;
CREATE TRIGGER excerpts_ad AFTER DELETE ON excerpts BEGIN
    INSERT INTO excerpts_fts(excerpts_fts, rowid, text, topics)
    VALUES ('delete', old.id, old.text, old.topics);
END;
-- Numbered pools of excerpts for each (film, topic), film 0 meaning every film
-- and topic '' every topic, so that the k-th excerpt of a pool is one lookup.
CREATE TABLE excerpt_pools (
    film_id INTEGER NOT NULL,
    topic TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    excerpt_id INTEGER NOT NULL REFERENCES excerpts(id) ON DELETE CASCADE,
    PRIMARY KEY (film_id, topic, ordinal)
) WITHOUT ROWID;
CREATE INDEX excerpt_pools_excerpt ON excerpt_pools(excerpt_id);
CREATE TABLE ratings (
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    score REAL NOT NULL CHECK (score BETWEEN 0 AND 10),
    raw TEXT NOT NULL,
    comment TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (club_id, film_id, member_id)
) WITHOUT ROWID;
-- Covering index for per-film aggregates (count, median by offset).
CREATE INDEX ratings_film_score ON ratings(club_id, film_id, score);
CREATE INDEX ratings_member ON ratings(club_id, member_id);
-- Maintained per-film histogram: one row per whole-point bucket.
CREATE TABLE rating_buckets (
    club_id INTEGER NOT NULL,
    film_id INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    n INTEGER NOT NULL,
    total REAL NOT NULL,
    PRIMARY KEY (club_id, film_id, bucket)
) WITHOUT ROWID;
CREATE TRIGGER ratings_ai AFTER INSERT ON ratings BEGIN
    INSERT INTO rating_buckets(club_id, film_id, bucket, n, total)
    VALUES (new.club_id, new.film_id, CAST(new.score AS INTEGER), 1, new.score)
    ON CONFLICT(club_id, film_id, bucket) DO UPDATE SET n = n + 1, total = total + new.score;
END;
CREATE TRIGGER ratings_ad AFTER DELETE ON ratings BEGIN
    UPDATE rating_buckets SET n = n - 1, total = total - old.score
    WHERE club_id = old.club_id AND film_id = old.film_id AND bucket = CAST(old.score AS INTEGER);
END;
CREATE TRIGGER ratings_au AFTER UPDATE OF score ON ratings BEGIN
    UPDATE rating_buckets SET n = n - 1, total = total - old.score
    WHERE club_id = old.club_id AND film_id = old.film_id AND bucket = CAST(old.score AS INTEGER);
    INSERT INTO rating_buckets(club_id, film_id, bucket, n, total)
    VALUES (new.club_id, new.film_id, CAST(new.score AS INTEGER), 1, new.score)
    ON CONFLICT(club_id, film_id, bucket) DO UPDATE SET n = n + 1, total = total + new.score;
END;
CREATE TABLE quote_rotations (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    pool TEXT NOT NULL,
    size INTEGER NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (club_id, channel, pool)
);
-- Sparse Fisher-Yates state: slot -> value where they differ from identity.
CREATE TABLE quote_swaps (
    rotation_id INTEGER NOT NULL REFERENCES quote_rotations(id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (rotation_id, slot)
) WITHOUT ROWID;
"""

POLLS = """
CREATE TABLE watchlist (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    film_id INTEGER REFERENCES films(id) ON DELETE SET NULL,
    added_by INTEGER REFERENCES members(id) ON DELETE SET NULL,
    added_at TEXT NOT NULL,
    watched_at TEXT,
    chosen_at TEXT,
    chosen_poll INTEGER,
    polls_lost INTEGER NOT NULL DEFAULT 0,
    UNIQUE (club_id, key)
);
CREATE TABLE weekly_polls (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL UNIQUE REFERENCES clubs(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    local_time TEXT NOT NULL,
    zone TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    size INTEGER NOT NULL CHECK (size BETWEEN 2 AND 10),
    mode TEXT NOT NULL DEFAULT 'single',
    anonymous INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    next_open_at TEXT NOT NULL,
    created_by INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE polls (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    channel TEXT NOT NULL,
    question TEXT NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('single', 'approval', 'ranked')),
    anonymous INTEGER NOT NULL DEFAULT 0,
    hidden INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed', 'cancelled')),
    created_by INTEGER REFERENCES members(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    closes_at TEXT NOT NULL,
    closed_at TEXT,
    closed_late INTEGER NOT NULL DEFAULT 0,
    winner_option INTEGER,
    weekly_id INTEGER REFERENCES weekly_polls(id) ON DELETE SET NULL,
    UNIQUE (club_id, number)
);
CREATE INDEX polls_due ON polls(state, closes_at);
CREATE INDEX polls_channel ON polls(club_id, channel, state);
CREATE TABLE poll_options (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    label TEXT NOT NULL,
    film_id INTEGER REFERENCES films(id) ON DELETE SET NULL,
    watch_rank INTEGER,
    UNIQUE (poll_id, position),
    UNIQUE (poll_id, key)
);
-- One ballot per member per poll; choices are option ids, in preference order.
CREATE TABLE ballots (
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    choices TEXT NOT NULL,
    cast_at TEXT NOT NULL,
    PRIMARY KEY (poll_id, member_id)
) WITHOUT ROWID;
"""

READ_AGGREGATES = """
-- A film's ratings best first (ties: oldest first); also its ratings in score order.
CREATE INDEX ratings_film_top ON ratings(club_id, film_id, score DESC, updated_at);
DROP INDEX ratings_film_score;
-- A member's latest ratings, and a club's, without sorting all of the club's ratings.
CREATE INDEX ratings_member_recent ON ratings(club_id, member_id, updated_at);
DROP INDEX ratings_member;
CREATE INDEX ratings_club_recent ON ratings(club_id, updated_at);
-- How many of a film's ratings have each exact score, so that the median is a
-- walk over a few distinct scores rather than an OFFSET into the film's ratings.
CREATE TABLE rating_values (
    club_id INTEGER NOT NULL,
    film_id INTEGER NOT NULL,
    score REAL NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (club_id, film_id, score)
) WITHOUT ROWID;
INSERT INTO rating_values(club_id, film_id, score, n)
SELECT club_id, film_id, score, count(*) FROM ratings GROUP BY club_id, film_id, score;
CREATE TRIGGER rating_values_ai AFTER INSERT ON ratings BEGIN
    INSERT INTO rating_values(club_id, film_id, score, n)
    VALUES (new.club_id, new.film_id, new.score, 1)
    ON CONFLICT(club_id, film_id, score) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER rating_values_ad AFTER DELETE ON ratings BEGIN
    UPDATE rating_values SET n = n - 1
    WHERE club_id = old.club_id AND film_id = old.film_id AND score = old.score;
END;
CREATE TRIGGER rating_values_au AFTER UPDATE OF score ON ratings BEGIN
    UPDATE rating_values SET n = n - 1
    WHERE club_id = old.club_id AND film_id = old.film_id AND score = old.score;
    INSERT INTO rating_values(club_id, film_id, score, n)
    VALUES (new.club_id, new.film_id, new.score, 1)
    ON CONFLICT(club_id, film_id, score) DO UPDATE SET n = n + 1;
END;
-- Ballots per poll, so that loading a poll does not count its ballots.
CREATE TABLE poll_ballot_counts (
    poll_id INTEGER PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO poll_ballot_counts(poll_id, n)
SELECT poll_id, count(*) FROM ballots GROUP BY poll_id;
CREATE TRIGGER ballots_count_ai AFTER INSERT ON ballots BEGIN
    INSERT INTO poll_ballot_counts(poll_id, n) VALUES (new.poll_id, 1)
    ON CONFLICT(poll_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ballots_count_ad AFTER DELETE ON ballots BEGIN
    UPDATE poll_ballot_counts SET n = n - 1 WHERE poll_id = old.poll_id;
END;
"""

CATALOG = """
-- Films that came from the online catalog: their ids there and when they were fetched.
CREATE TABLE catalog_films (
    film_id INTEGER PRIMARY KEY REFERENCES films(id) ON DELETE CASCADE,
    wikidata_id TEXT UNIQUE,
    tmdb_id TEXT UNIQUE,
    imdb_id TEXT,
    poster_url TEXT,
    fetched_at TEXT NOT NULL
);
-- Titles the catalog had no film for, so that they are not asked again for a day.
CREATE TABLE catalog_misses (
    query TEXT NOT NULL,
    year INTEGER NOT NULL DEFAULT 0,
    missed_at TEXT NOT NULL,
    PRIMARY KEY (query, year)
) WITHOUT ROWID;
-- When a fact was last fetched from the catalog; NULL for facts from review documents.
ALTER TABLE film_facts ADD COLUMN fetched_at TEXT;
"""

CLUB_SETTINGS = """
ALTER TABLE clubs ADD COLUMN country TEXT;
ALTER TABLE clubs ADD COLUMN admin_role TEXT;
"""

POLL_EDITS = """
-- Polls members can shape: options added while open, options removed with the
-- ballots that named them adjusted (and which members were affected, for the results).
ALTER TABLE polls ADD COLUMN open_options INTEGER NOT NULL DEFAULT 0;
CREATE TABLE poll_removals (
    id INTEGER PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    removed_by TEXT,
    removed_at TEXT NOT NULL
);
CREATE INDEX poll_removals_poll ON poll_removals(poll_id);
CREATE TABLE poll_removal_ballots (
    removal_id INTEGER NOT NULL REFERENCES poll_removals(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    emptied INTEGER NOT NULL,
    PRIMARY KEY (removal_id, member_id)
) WITHOUT ROWID;
"""

WEB_PAGES = """
-- A page fetched twice is known by its canonical URL even when its bytes changed.
CREATE INDEX documents_url ON documents(url);
"""

CLUB_REVIEWS = """
-- Members' own reviews, one per member per film per club; their score is the member's rating.
CREATE TABLE club_reviews (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (club_id, film_id, member_id)
);
CREATE INDEX club_reviews_film ON club_reviews(club_id, film_id);
CREATE TABLE club_review_excerpts (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES club_reviews(id) ON DELETE CASCADE,
    club_id INTEGER NOT NULL,
    film_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT ''
);
CREATE INDEX club_review_excerpts_film ON club_review_excerpts(club_id, film_id);
CREATE INDEX club_review_excerpts_review ON club_review_excerpts(review_id);
"""

OUTBOX = """
-- Messages promised to a channel (a poll closed, a weekly poll opened), written in
-- the transaction that made the promise and posted by the adapter of their platform.
-- A deliverer claims a row by moving claimed_until forward (a lease), so several
-- processes can share the table; delivered_at is set once, by the claim's owner.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    platform TEXT NOT NULL,
    channel TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_until TEXT,
    delivered_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_waiting ON outbox(platform, due_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_club ON outbox(club_id, created_at);
CREATE INDEX outbox_channel ON outbox(club_id, platform, channel, id) WHERE delivered_at IS NULL;
"""

# The platform request (a Discord interaction) that started a poll, so the same
# request delivered twice opens one poll.
POLL_REQUESTS = """
CREATE TABLE poll_requests (
    request_key TEXT PRIMARY KEY,
    poll_id INTEGER NOT NULL REFERENCES polls(id) ON DELETE CASCADE
);
"""

FILM_CHOICES = """
-- Films are found by their IMDb id (ratings exports carry it).
CREATE INDEX catalog_films_imdb ON catalog_films(imdb_id) WHERE imdb_id IS NOT NULL;
-- A command waiting for its member to pick a film under "Which …?": the command
-- and its options, and the films offered; a click names the token and a number.
CREATE TABLE film_choices (
    token TEXT PRIMARY KEY,
    club TEXT NOT NULL,
    channel TEXT NOT NULL,
    member_id TEXT NOT NULL,
    member_name TEXT NOT NULL,
    command TEXT NOT NULL,
    options TEXT NOT NULL,
    title TEXT NOT NULL,
    chosen TEXT NOT NULL,
    candidates TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX film_choices_age ON film_choices(created_at);
"""

GATEWAY = """
-- When a bot process last identified on Discord's gateway, per rate-limit bucket, so
-- that processes sharing a token space their identifies as Discord asks.
CREATE TABLE discord_identify (
    bucket INTEGER PRIMARY KEY,
    last_at REAL NOT NULL
);
"""

SCREENINGS = """
-- Screenings: when and where the club watches a film, who is in, the messages and
-- events posted for it on the club's platform, and the discussion threads that know
-- their film.
CREATE TABLE screenings (
    id INTEGER PRIMARY KEY,
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    poll_id INTEGER REFERENCES polls(id) ON DELETE SET NULL,
    created_by TEXT,
    created_at TEXT NOT NULL,
    cancelled_at TEXT,
    reminder_due_at TEXT,
    reminded_at TEXT,
    discussed_at TEXT,
    message_id TEXT,
    event_id TEXT
);
CREATE INDEX screenings_club ON screenings(club_id, starts_at);
CREATE INDEX screenings_reminder ON screenings(reminder_due_at) WHERE reminded_at IS NULL;
CREATE INDEX screenings_end ON screenings(ends_at) WHERE discussed_at IS NULL;
CREATE TABLE screening_answers (
    screening_id INTEGER NOT NULL REFERENCES screenings(id) ON DELETE CASCADE,
    member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    going INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (screening_id, member_id)
) WITHOUT ROWID;
ALTER TABLE reviews ADD COLUMN spoilers INTEGER NOT NULL DEFAULT 0;
ALTER TABLE club_reviews ADD COLUMN spoilers INTEGER NOT NULL DEFAULT 0;
-- The club's usual screening time: a poll that closes with a winner plans one then.
CREATE TABLE screening_plans (
    club_id INTEGER PRIMARY KEY REFERENCES clubs(id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    at TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    set_by TEXT,
    set_at TEXT NOT NULL
);
CREATE TABLE discussion_threads (
    club_id INTEGER NOT NULL REFERENCES clubs(id) ON DELETE CASCADE,
    thread TEXT NOT NULL,
    film_id INTEGER NOT NULL REFERENCES films(id) ON DELETE CASCADE,
    screening_id INTEGER REFERENCES screenings(id) ON DELETE SET NULL,
    opened_at TEXT NOT NULL,
    PRIMARY KEY (club_id, thread)
) WITHOUT ROWID;
"""

SLACK_INSTALLS = """
-- Slack workspaces that installed the app (distribution): the latest installation of
-- each workspace or organization (user_id '') and the installer's own, the whole
-- installation kept as JSON beside the columns it is found by.
CREATE TABLE slack_installations (
    enterprise_id TEXT NOT NULL,
    team_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    is_enterprise_install INTEGER NOT NULL,
    data TEXT NOT NULL,
    installed_at REAL NOT NULL,
    PRIMARY KEY (enterprise_id, team_id, user_id)
) WITHOUT ROWID;
-- OAuth state values issued by /slack/install, each consumed once.
CREATE TABLE slack_oauth_states (
    state TEXT PRIMARY KEY,
    issued_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX slack_oauth_states_age ON slack_oauth_states(issued_at);
"""

MIGRATIONS: list[str] = [
    CORE,
    POLLS,
    READ_AGGREGATES,
    CATALOG,
    CLUB_SETTINGS,
    POLL_EDITS,
    WEB_PAGES,
    CLUB_REVIEWS,
    OUTBOX,
    POLL_REQUESTS,
    FILM_CHOICES,
    GATEWAY,
    SCREENINGS,
    SLACK_INSTALLS,
]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the file's ``user_version``; return the version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for number, script in enumerate(MIGRATIONS, start=1):
            if number <= version:
                continue
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
            version = number
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return version


def _statements(script: str) -> list[str]:
    """Split a script into statements, keeping trigger bodies whole."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines():
        if line.strip().startswith("--") or not line.strip():
            continue
        buf += line + "\n"
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
