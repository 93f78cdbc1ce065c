"""When Discord refuses an answer after the command has run, the member still hears of it;
and an interaction delivered twice writes once. Real discord.py against the fake Discord."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings
from tests.discord_fake import (
    ALICE,
    APP_ID,
    CHANNEL_ID,
    GUILD_ID,
    Captured,
    FakeDiscord,
    json_response,
    started,
)
from tests.test_discord_screenings import until

pytestmark = pytest.mark.timeout(60)


@dataclass
class Refusal:
    matches: Callable[[Captured], bool]
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class RefusingDiscord(FakeDiscord):
    """The fake Discord, refusing the requests a test names (every retry of them too)."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals: list[Refusal] = []

    def _answer(self, r: Captured) -> web.StreamResponse:
        for refusal in self.refusals:
            if refusal.matches(r):
                response = json_response(refusal.body, refusal.status)
                response.headers.update(refusal.headers)
                return response
        return super()._answer(r)


def callbacks(r: Captured) -> bool:
    return r.method == "POST" and r.path.endswith("/callback")


def followups(r: Captured) -> bool:
    return r.method == "POST" and re.fullmatch(rf"/webhooks/{APP_ID}/[^/]+", r.path) is not None


UNKNOWN_INTERACTION = Refusal(callbacks, 404, {"message": "Unknown interaction", "code": 10062}, {})
RATE_LIMITED = Refusal(
    callbacks,
    429,
    {"message": "You are being rate limited.", "retry_after": 0.01, "global": False},
    {"Via": "1.1 google", "X-RateLimit-Scope": "shared"},
)
EXPIRED_TOKEN = Refusal(followups, 401, {"message": "Invalid Webhook Token", "code": 50027}, {})


@pytest.fixture
def settings(db_path: str, tmp_path: Path) -> Settings:
    return Settings(
        db_path=db_path,
        chart_dir=str(tmp_path / "charts"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
    )


@pytest.fixture
async def fake() -> AsyncIterator[RefusingDiscord]:
    server = RefusingDiscord()
    await server.start()
    with server.patch():
        yield server
    await server.close()


@pytest.fixture
async def bot(fake: RefusingDiscord, loaded_app: App) -> AsyncIterator[DiscordAdapter]:
    async with started(loaded_app) as adapter:
        yield adapter


def channel_posts(r: Captured) -> bool:
    return r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"


async def ratings(app: App) -> int:
    rows = await app.store.fetchall("SELECT COUNT(*) FROM ratings")
    return int(rows[0][0])


@pytest.mark.parametrize("refusal", [UNKNOWN_INTERACTION, RATE_LIMITED], ids=["10062", "429"])
async def test_refused_reply_after_a_rating_is_told_in_the_channel(
    fake: RefusingDiscord, bot: DiscordAdapter, loaded_app: App, refusal: Refusal
) -> None:
    fake.refusals.append(refusal)
    await fake.slash("rate", {"title": "Her", "score": "9", "comment": "lovely"})
    post = await fake.wait_one(channel_posts, within=10)
    assert await ratings(loaded_app) == 1
    assert f"<@{ALICE.id}>" in post.text()
    assert "Rated Her (2013): 9/10." in post.text()
    assert [str(u) for u in post.json["allowed_mentions"]["users"]] == [str(ALICE.id)]
    assert len(fake.matching(channel_posts)) == 1


async def test_refused_error_reply_posts_nothing(
    fake: RefusingDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    fake.refusals.append(UNKNOWN_INTERACTION)
    await fake.slash("rate", {"title": "Her", "score": "11/10"})
    await fake.wait_one(callbacks)
    await fake.slash("film", {"title": "Her"})  # a later command runs normally
    await fake.wait_one(channel_posts, within=10)
    assert len(fake.matching(channel_posts)) == 1
    assert "11" not in fake.matching(channel_posts)[0].text()
    assert await ratings(loaded_app) == 0


async def test_expired_follow_up_token_falls_back_to_the_channel(
    fake: RefusingDiscord, bot: DiscordAdapter
) -> None:
    fake.refusals.append(EXPIRED_TOKEN)
    interaction = await fake.slash("scores", {"title": "Her"})  # the chart: deferred
    deferred = await fake.callback(interaction)
    assert deferred.json["type"] == 5
    post = await fake.wait_one(channel_posts, within=10)
    assert f"<@{ALICE.id}>" in post.text()
    assert "Her" in post.text()
    # one follow-up tried: a dead token is not tried again
    assert len(fake.matching(followups)) == 1


async def test_the_same_interaction_twice_opens_one_poll(
    fake: RefusingDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    interaction = await fake.slash("poll start", {"options": "Her | Heat | Alien"})
    first = await fake.callback(interaction)
    await fake.dispatch("INTERACTION_CREATE", interaction.payload)
    both = await fake.wait_for(
        lambda r: r.method == "POST" and r.path.endswith(f"/{interaction.token}/callback"),
        count=2,
    )
    rows = await loaded_app.store.fetchall("SELECT number FROM polls")
    assert [r[0] for r in rows] == [1]
    assert "poll #1" in first.text()
    assert "poll #1" in both[1].text()
    again = await fake.slash("poll start", {"options": "Her | Heat"})
    assert "poll #2" in (await fake.callback(again)).text()


async def test_a_poll_told_in_the_channel_is_noted_for_later_edits(
    fake: RefusingDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    fake.refusals.append(UNKNOWN_INTERACTION)
    await fake.slash("poll start", {"options": "Her | Heat"})
    await fake.wait_one(channel_posts, within=10)
    posted = fake.latest_message_with("poll:vote:")

    async def noted() -> bool:
        rows = await loaded_app.store.fetchall("SELECT channel, message_id FROM poll_messages")
        return [tuple(r) for r in rows] == [(str(CHANNEL_ID), posted["id"])]

    await until(noted)
