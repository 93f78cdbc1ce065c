"""Film autocomplete through the real discord.py: library titles first, then the
catalog's when the library has few, within a short time budget and never failing."""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from bot.store import films
from bot.store.models import FilmInput
from tests.catalog_helpers import catalog_settings
from tests.conftest import CORPUS
from tests.discord_fake import ADMIN_ROLE_NAME, GUILD_ID, FakeDiscord, running, serving
from tests.wikidata_fake import FakeWikidata

pytestmark = [pytest.mark.timeout(60), pytest.mark.both_backends]


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


@pytest.fixture
async def app(settings: Settings, wikidata: FakeWikidata) -> AsyncIterator[App]:
    configured = catalog_settings(
        settings,
        wikidata,
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        discord_admin_role=ADMIN_ROLE_NAME,
    )
    app = await App.open(configured, rng=random.Random(7))
    await ingest_paths(app.store, [CORPUS])
    yield app
    await app.close()


@pytest.fixture
async def discord(discord_fake: FakeDiscord, app: App) -> AsyncIterator[FakeDiscord]:
    adapter = DiscordAdapter(app.dispatcher, app.services.settings, guild_ready_timeout=0.05)
    async with running(adapter):
        yield discord_fake


async def offered(discord: FakeDiscord, typed: str, path: str = "film") -> list[str]:
    choices = await discord.autocomplete(path, {"title": typed}, "title")
    return [c["value"] for c in choices]


def searches(fake: FakeWikidata) -> int:
    return fake.count(action="wbsearchentities")


async def test_the_catalog_fills_in_when_the_library_has_few(
    discord: FakeDiscord, wikidata: FakeWikidata
) -> None:
    shown = await offered(discord, "Arri")
    assert shown[0] == "Arrival (2016)"
    # Only what Wikidata describes as films: the band and the novel called Heat never are.
    heat = await offered(discord, "hea", path="rate")
    assert heat[:3] == ["Heat (1995)", "Heat (1986)", "Heathers (1989)"]
    assert searches(wikidata) == 2
    # A prefix asked before is answered from memory.
    assert await offered(discord, "arri") == shown
    assert searches(wikidata) == 2
    assert wikidata.count(action="wbgetentities") == 0  # suggestions read no claims


async def test_a_short_prefix_or_a_library_with_plenty_asks_nothing(
    discord: FakeDiscord, wikidata: FakeWikidata, app: App
) -> None:
    assert "Arrival (2016)" not in await offered(discord, "ar")
    for n, title in enumerate(("Alien", "Aliens", "Alien 3", "Alien Resurrection", "Alien Nation")):
        await app.store.write(films.upsert_film, FilmInput(f"alien-{n}", title, 1979 + n))
    shown = await offered(discord, "Alie")
    assert shown[:5] == [
        "Alien (1979)",
        "Aliens (1980)",
        "Alien 3 (1981)",
        "Alien Resurrection (1982)",
        "Alien Nation (1983)",
    ]
    assert searches(wikidata) == 0


async def test_a_slow_catalog_is_not_waited_for_and_its_answer_is_kept(
    discord: FakeDiscord, wikidata: FakeWikidata, app: App
) -> None:
    wikidata.trouble("slow", seconds=2.5)
    first, second = await asyncio.gather(offered(discord, "Arri"), offered(discord, "Arri"))
    assert "Arrival (2016)" not in first and "Arrival (2016)" not in second
    assert searches(wikidata) == 1  # both keystrokes shared one search
    assert app.services.catalog is not None
    await app.services.catalog.settle()
    assert (await offered(discord, "Arri"))[0] == "Arrival (2016)"
    assert searches(wikidata) == 1


async def test_a_catalog_that_is_away_never_breaks_autocomplete(
    discord: FakeDiscord, wikidata: FakeWikidata
) -> None:
    await wikidata.stop()
    assert await offered(discord, "Arri") == []
    assert (await offered(discord, "Her"))[0] == "Her (2013)"
