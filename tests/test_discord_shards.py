"""Discord shards split over processes that share one database."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings, shard_ids
from bot.store import Store, gateway
from tests.discord_fake import FakeDiscord, running, serving

pytestmark = pytest.mark.both_backends


def test_shard_settings_read_lists_and_ranges() -> None:
    env = {"DISCORD_SHARD_COUNT": "8", "DISCORD_SHARD_IDS": "0, 2-4,7"}
    settings = Settings.from_env(env, env_file=None)
    assert settings.discord_shard_count == 8
    assert settings.discord_shard_ids == (0, 2, 3, 4, 7)
    assert Settings.from_env({}, env_file=None).discord_shard_ids == ()


@pytest.mark.parametrize(
    ("raw", "count", "message"),
    [
        ("0,1", 0, "needs DISCORD_SHARD_COUNT"),
        ("2", 2, "not within 0-1"),
        ("3-1", 4, "not within 0-3"),
        ("one", 4, "numbers and ranges"),
        ("1-", 4, "numbers and ranges"),
    ],
)
def test_bad_shard_ids_are_refused_plainly(raw: str, count: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        shard_ids(raw, count)


async def test_identify_turns_are_spaced_across_stores(database: str) -> None:
    one, two = await Store.open(database), await Store.open(database)
    try:
        now = time.time()
        assert await one.write(gateway.claim_identify, 0, now, 5.0) == 0
        wait = await two.write(gateway.claim_identify, 0, now + 1, 5.0)
        assert 3.9 < wait <= 4.0
        assert await two.write(gateway.claim_identify, 1, now + 1, 5.0) == 0  # other bucket
        assert await two.write(gateway.claim_identify, 0, now + 5, 5.0) == 0
        assert await one.write(gateway.claim_identify, 0, now + 5.5, 5.0) > 4
    finally:
        await one.close()
        await two.close()


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


async def test_two_processes_split_the_shards_and_one_syncs_commands(
    database: str, db_path: str, discord_server: FakeDiscord
) -> None:
    spacing = 0.4
    async with AsyncExitStack() as stack:
        adapters: list[DiscordAdapter] = []
        for shard in (0, 1):
            settings = Settings(
                db_path=db_path,
                database_url=database if database != db_path else "",
                discord_token="fake-token",
                discord_shard_count=2,
                discord_shard_ids=(shard,),
            )
            app = await App.open(settings)
            stack.push_async_callback(app.close)
            adapters.append(
                DiscordAdapter(
                    app.dispatcher, settings, guild_ready_timeout=0.05, identify_spacing=spacing
                )
            )
        # Both start at once, as two processes would.
        await asyncio.gather(*(stack.enter_async_context(running(a)) for a in adapters))
        shards = sorted(tuple(i["shard"]) for i in discord_server.identifies)
        assert shards == [(0, 2), (1, 2)]
        syncs = [
            r for r in discord_server.requests if r.method == "PUT" and r.path.endswith("/commands")
        ]
        assert len(syncs) == 1
        assert adapters[0].sync_commands and not adapters[1].sync_commands
        times = sorted(t for a in adapters for _, t in a.identified_at)
        assert len(times) == 2 and times[1] - times[0] >= spacing * 0.95
