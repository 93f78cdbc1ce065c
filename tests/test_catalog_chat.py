"""Catalog lookups through the real Discord and Slack adapters: a slow lookup is
deferred within Discord's three seconds; the poster is shown beside the facts."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from tests.catalog_helpers import catalog_settings
from tests.conftest import CORPUS
from tests.discord_fake import ADMIN_ROLE_NAME, GUILD_ID, FakeDiscord, running, serving
from tests.slack_fake import FakeSlack
from tests.slack_fake import running as slack_running
from tests.tmdb_fake import FakeTmdb
from tests.wikidata_fake import FakeWikidata

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata(latency=0.1).start()
    yield fake
    await fake.stop()


@pytest.fixture
async def tmdb() -> AsyncIterator[FakeTmdb]:
    fake = await FakeTmdb().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def catalog_app(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb
) -> AsyncIterator[App]:
    configured = catalog_settings(
        settings,
        wikidata,
        tmdb,
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        discord_admin_role=ADMIN_ROLE_NAME,
    )
    app = await App.open(configured, rng=random.Random(7))
    await ingest_paths(app.store, [CORPUS])
    yield app
    await app.close()


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


async def test_discord_defers_a_slow_lookup_then_shows_the_film_with_its_poster(
    discord_fake: FakeDiscord, catalog_app: App
) -> None:
    adapter = DiscordAdapter(
        catalog_app.dispatcher, catalog_app.services.settings, guild_ready_timeout=0.05
    )
    adapter.defer_after = 0.15  # the lookup makes several requests of 0.1 s each
    async with running(adapter):
        interaction = await discord_fake.slash("film", {"title": "Arrival"})
        assert (await discord_fake.callback(interaction)).json["type"] == 5
        (followup,) = await discord_fake.followups(interaction, within=20)
        embed = followup.embeds()[0]
        assert embed["title"] == "Arrival (2016)"
        assert embed["thumbnail"]["url"] == "https://image.tmdb.org/t/p/w342/arrival-poster.jpg"

        again = await discord_fake.slash("film", {"title": "Arrival"})
        callback = await discord_fake.callback(again)
        assert callback.json["type"] == 4  # stored: answered at once
        assert callback.embeds()[0]["title"] == "Arrival (2016)"


async def test_slack_shows_the_poster_as_an_image_accessory(
    tmp_path: Path, catalog_app: App
) -> None:
    slack = await FakeSlack(admins={"UADMIN"}).start()
    try:
        async with slack_running(tmp_path, slack, dispatcher=catalog_app.dispatcher) as h:
            await h.slash("/film", "Arrival")
            data = (await h.fake.response()).data
            assert data["blocks"][0]["text"]["text"] == "Arrival (2016)"
            accessory = next(b["accessory"] for b in data["blocks"] if "accessory" in b)
            assert accessory["image_url"] == "https://image.tmdb.org/t/p/w342/arrival-poster.jpg"
    finally:
        await slack.close()


async def test_discord_which_film_offers_buttons_and_a_click_shows_the_film(
    discord_fake: FakeDiscord, catalog_app: App
) -> None:
    adapter = DiscordAdapter(
        catalog_app.dispatcher, catalog_app.services.settings, guild_ready_timeout=0.05
    )
    async with running(adapter):
        interaction = await discord_fake.slash("film", {"title": "Heat"})
        callback = await discord_fake.callback(interaction)
        if callback.json["type"] == 5:
            (message,) = await discord_fake.followups(interaction, within=20)
        else:
            message = callback
        assert message.ephemeral
        assert message.text().startswith("Which *Heat*?")
        labels = [c["label"] for row in message.data["components"] for c in row["components"]]
        assert labels == ["Heat (1995, Michael Mann)", "Heat (1986, Dick Richards)"]
