"""Apps whose film catalog points at the local Wikidata and TMDB fakes."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

from bot.app import App
from bot.clock import Clock
from bot.config import Settings
from bot.ingest import ingest_paths
from tests.conftest import CORPUS, Chat
from tests.tmdb_fake import FakeTmdb
from tests.wikidata_fake import FakeWikidata

CONTACT = "filmclub-admin@example.org"


def catalog_settings(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb | None = None, **extra: Any
) -> Settings:
    more: dict[str, Any] = {}
    if tmdb is not None:
        more = {"tmdb_api_url": tmdb.url, "tmdb_api_key": "fake-tmdb-key"}
    return replace(
        settings,
        catalog=True,
        wikidata_api_url=wikidata.api_url,
        contact=CONTACT,
        **(more | extra),
    )


@asynccontextmanager
async def catalog_chat(
    settings: Settings, *, clock: Clock | None = None, library: bool = True
) -> AsyncIterator[Chat]:
    app = await App.open(settings, clock=clock, rng=random.Random(7))
    try:
        if library:
            await ingest_paths(app.store, [CORPUS])
        yield Chat(app)
    finally:
        await app.close()
