"""On Discord, a poll's messages change in place when its films do: through real
discord.py and the fake Discord, a film added shows as a new button on the poll
posted earlier, a film removed disappears from it, and a cancelled poll's messages
lose their buttons."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings
from bot.store import poll_messages
from tests.discord_fake import (
    BOB,
    CHANNEL_ID,
    Captured,
    FakeDiscord,
    Interaction,
    discord_settings,
    serving,
    started,
)
from tests.test_discord_screenings import until

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def settings(db_path: str, tmp_path: Path) -> Settings:
    return discord_settings(db_path, tmp_path)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord, loaded_app: App) -> AsyncIterator[DiscordAdapter]:
    async with started(loaded_app, delivery=True) as adapter:
        yield adapter


def button_labels(message: dict[str, Any]) -> list[str]:
    return [c["label"] for row in message["components"] for c in row["components"]]


async def answered(fake: FakeDiscord, interaction: Interaction) -> dict[str, Any]:
    """The public message the command left in the channel."""
    callback = await fake.callback(interaction)
    if callback.json["type"] == 5:
        await fake.followups(interaction, within=20)
    return fake.latest_message_with("poll:vote:")


async def edit_of(fake: FakeDiscord, message_id: str, after: int = 0) -> Captured:
    [*_, last] = await fake.wait_for(
        lambda r: r.method == "PATCH" and r.path == f"/channels/{CHANNEL_ID}/messages/{message_id}",
        count=after + 1,
    )
    return last


async def test_adding_and_removing_films_edit_the_posted_poll(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    poll = await answered(fake, await fake.slash("poll start", {"options": "Her | Heat"}))
    assert button_labels(poll) == ["1. Her (2013)", "2. Heat", "Withdraw my vote"]
    poll_id = int(poll["components"][0]["components"][0]["custom_id"].split(":")[2])

    async def noted() -> bool:
        found = await loaded_app.store.read(poll_messages.posts_of, poll_id)
        return [p.message_id for p in found] == [poll["id"]]

    await until(noted)

    added = await answered(fake, await fake.slash("poll add", {"title": "Alien"}))
    assert added["id"] != poll["id"]
    assert "added Alien" in added["embeds"][0]["description"]
    await edit_of(fake, poll["id"])
    shown = fake.messages[int(poll["id"])]
    assert button_labels(shown) == ["1. Her (2013)", "2. Heat", "3. Alien", "Withdraw my vote"]
    assert shown["embeds"][0]["title"] == poll["embeds"][0]["title"]

    await fake.callback(await fake.slash("poll remove", {"option": "Heat"}))
    await edit_of(fake, poll["id"], after=1)
    await edit_of(fake, added["id"])  # the reply to /poll add is a poll message too
    for message_id in (poll["id"], added["id"]):
        shown = fake.messages[int(message_id)]
        assert button_labels(shown) == ["1. Her (2013)", "2. Alien", "Withdraw my vote"]
        assert "Heat" not in shown["embeds"][0]["description"]

    # The new button works on the edited message.
    vote = next(
        c["custom_id"]
        for row in fake.messages[int(poll["id"])]["components"]
        for c in row["components"]
        if c["label"] == "2. Alien"
    )
    update = await fake.callback(await fake.click(int(poll["id"]), vote, user=BOB))
    assert "2. Alien — 1 vote" in update.text()


async def test_a_cancelled_poll_loses_its_buttons(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    poll = await answered(fake, await fake.slash("poll start", {"options": "Her | Heat"}))
    cancelled = await fake.callback(await fake.slash("poll cancel", {}))
    assert "was cancelled" in cancelled.text()
    edit = await edit_of(fake, poll["id"])
    assert (edit.json or {})["components"] == []
    assert "cancelled" in fake.messages[int(poll["id"])]["embeds"][0]["footer"]["text"]
