"""Shared fixtures: real SQLite files under tmp_path, the real dispatcher."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
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
def settings(db_path: str, tmp_path: Path) -> Settings:
    return Settings(db_path=db_path, chart_dir=str(tmp_path / "charts"))


@pytest.fixture
async def store(db_path: str) -> AsyncIterator[Store]:
    s = await Store.open(db_path)
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
