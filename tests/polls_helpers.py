"""A club on a real database (a SQLite file or a PostgreSQL schema) with a manual clock,
for poll and watchlist tests."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.clock import ManualClock
from bot.commands.polls import POLL_ACTIONS, POLL_COMMAND
from bot.commands.spec import CommandSet
from bot.commands.watchlist import WATCHLIST_COMMAND
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.messages import ActionRequest, ActionResult, Announcement, Member, Reply
from bot.outbound import Outbox
from bot.services import Services
from bot.store import Store, films
from bot.store.models import FilmInput

COMMANDS = CommandSet(commands=(POLL_COMMAND, WATCHLIST_COMMAND), actions=dict(POLL_ACTIONS))
# Monday 23 March 2026, 11:00 in Paris.
START = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
FILMS = (
    ("alien", "Alien", 1979),
    ("heat", "Heat", 1995),
    ("her", "Her", 2013),
    ("ran", "Ran", 1985),
    ("vertigo", "Vertigo", 1958),
)


@dataclass
class Recorder:
    """Stands in for a chat adapter: keeps every announcement."""

    platform: str = "console"
    items: list[Announcement] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def announce(self, announcement: Announcement) -> None:
        self.items.append(announcement)
        self.arrived.set()

    async def next(self) -> Announcement:
        async with asyncio.timeout(5):
            while not self.items:
                self.arrived.clear()
                await self.arrived.wait()
        return self.items.pop(0)


@dataclass
class Club:
    services: Services
    dispatcher: Dispatcher
    clock: ManualClock
    recorder: Recorder
    key: str = "console:t"

    @property
    def store(self) -> Store:
        return self.services.store

    async def say(
        self, line: str, who: str = "ada", *, admin: bool = False, channel: str = "gen"
    ) -> Reply:
        return await self.dispatcher.dispatch_text(
            line, club=self.key, channel=channel, member=member(who), is_admin=admin
        )

    async def click(
        self, action_id: str, who: str = "ada", values: tuple[str, ...] = ()
    ) -> ActionResult:
        return await self.dispatcher.act(
            ActionRequest(self.key, "gen", member(who), action_id, values)
        )

    async def count(self, sql: str) -> int:
        rows = await self.store.fetchall(sql)
        return int(rows[0][0])


def member(who: str) -> Member:
    return Member(who, who.capitalize())


async def open_club(
    path: str, clock: ManualClock | None = None, timezone: str = "Europe/Paris"
) -> Club:
    store = await Store.open(path)
    clock = clock or ManualClock(START)
    outbox = Outbox()
    recorder = Recorder()
    outbox.register(recorder)
    services = Services(
        store=store,
        settings=Settings(db_path=path, timezone=timezone, poll_size=5),
        clock=clock,
        outbox=outbox,
    )
    return Club(services, Dispatcher(services, COMMANDS), clock, recorder)


async def add_films(store: Store) -> None:
    for slug, title, year in FILMS:
        await store.write(films.upsert_film, FilmInput(slug=slug, title=title, year=year))
