"""Shared fixtures: real SQLite files under tmp_path (and, for modules marked
``both_backends``, a PostgreSQL schema per test as well), the real dispatcher."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from bot.messages import Member, Reply
from bot.store import Store

if TYPE_CHECKING:
    from tests.slack_fake import FakeSlack

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "data" / "films"
HER_REVIEWS = CORPUS / "her-2013" / "reviews"


POSTGRES_URL = os.environ.get("FILMCLUB_TEST_POSTGRES_URL", "").strip()
IN_CI = os.environ.get("CI", "").strip().lower() == "true"
NO_POSTGRES = (
    "PostgreSQL tests not run: FILMCLUB_TEST_POSTGRES_URL is unset"
    " (run the tests under scripts/with-postgres)"
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: run the module's store tests on SQLite and on PostgreSQL"
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"postgres: {POSTGRES_URL}" if POSTGRES_URL else NO_POSTGRES


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("both_backends") is None:
        return
    backends = ["sqlite", "postgres"] if POSTGRES_URL or IN_CI else ["sqlite"]
    metafunc.parametrize("backend", backends, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """``sqlite``, or ``postgres`` in the second run of a ``both_backends`` test."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The throw-away server's URL, with the extensions the schema likes installed."""
    if not POSTGRES_URL:
        pytest.fail(NO_POSTGRES + "; CI needs them")
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    return POSTGRES_URL


def postgres_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def postgres_schema(base: str) -> Iterator[str]:
    """A fresh, empty schema on the test server, dropped afterwards; yields its URL."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield postgres_schema_url(base, schema)
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """Where this test's store lives: a SQLite file, or a fresh PostgreSQL schema."""
    if backend == "sqlite":
        yield str(tmp_path / "filmclub.db")
        return
    with postgres_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
def postgres_database(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL schema, for tests about PostgreSQL alone."""
    if not POSTGRES_URL and not IN_CI:
        pytest.skip(NO_POSTGRES)
    with postgres_schema(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture(autouse=True)
def _no_catalog_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Subprocesses and Settings.from_env never reach the online catalog in tests;
    a test that wants the catalog points it at the local fakes."""
    monkeypatch.setenv("FILMCLUB_CATALOG", "off")
    monkeypatch.setenv("WIKIDATA_API_URL", "http://127.0.0.1:9/w/api.php")
    monkeypatch.setenv("TMDB_API_URL", "http://127.0.0.1:9/3")
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    monkeypatch.delenv("TMDB_READ_TOKEN", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "filmclub.db")


@pytest.fixture
def settings(database: str, db_path: str, tmp_path: Path) -> Settings:
    url = database if database != db_path else ""
    return Settings(db_path=db_path, database_url=url, chart_dir=str(tmp_path / "charts"))


@pytest.fixture
async def store(database: str) -> AsyncIterator[Store]:
    s = await Store.open(database)
    yield s
    await s.close()


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[App]:
    a = await App.open(settings, rng=random.Random(7))
    yield a
    await a.close()


@pytest.fixture
async def loaded_app(app: App) -> App:
    report = await ingest_paths(app.store, [CORPUS])
    assert report.added == 5, report
    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    """A local Slack Web API and Socket Mode server (tests/slack_fake.py)."""
    from tests.slack_fake import FakeSlack

    slack = await FakeSlack(admins={"UADMIN"}).start()
    yield slack
    await slack.close()


@dataclass
class Chat:
    """Types commands as one member of one club, through the real dispatcher."""

    app: App
    club: str = "console:test"
    channel: str = "general"
    member: Member = field(default_factory=lambda: Member("u1", "Ada"))
    admin: bool = False

    async def __call__(self, line: str) -> Reply:
        return await self.app.dispatcher.dispatch_text(
            line, club=self.club, channel=self.channel, member=self.member, is_admin=self.admin
        )

    def as_member(self, member_id: str, name: str, *, admin: bool = False) -> Chat:
        return Chat(self.app, self.club, self.channel, Member(member_id, name), admin)


@pytest.fixture
def chat(loaded_app: App) -> Chat:
    return Chat(loaded_app)
