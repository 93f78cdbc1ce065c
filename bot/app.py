"""One running filmclub: the store, the services and the dispatcher, shared by every adapter."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Protocol

from bot.catalog.service import Catalog
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.messages import Announcement
from bot.outbound import Outbox
from bot.services import Services
from bot.store import Store


class Adapter(Protocol):
    """A chat platform front end. ``run`` returns when the adapter stops."""

    platform: str

    async def run(self) -> None: ...

    async def stop(self) -> None: ...

    async def announce(self, announcement: Announcement) -> None: ...


@dataclass
class App:
    services: Services
    dispatcher: Dispatcher
    adapters: list[Adapter] = field(default_factory=list)

    @property
    def store(self) -> Store:
        return self.services.store

    @classmethod
    async def open(
        cls,
        settings: Settings,
        *,
        clock: Clock | None = None,
        rng: random.Random | None = None,
    ) -> App:
        store = await Store.open(settings.database, settings.synchronous)
        clock = clock or SystemClock()
        services = Services(
            store=store,
            settings=settings,
            clock=clock,
            outbox=Outbox(),
            rng=rng or random.Random(),
            catalog=Catalog.from_settings(store, settings, clock),
        )
        return cls(services, Dispatcher(services))

    async def close(self, grace: float | None = None) -> None:
        """Close the catalog's connections, then the store: queued writes finish (or,
        after ``grace`` seconds, are refused)."""
        if self.services.catalog is not None:
            await self.services.catalog.close()
        await self.services.store.close(grace)
