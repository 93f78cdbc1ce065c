"""/import in chat: a Discord attachment option, real discord.py against the fake Discord."""

from __future__ import annotations

from pathlib import Path

from adapters.discord import DiscordAdapter
from tests.conftest import Chat
from tests.discord_fake import ALICE, FakeDiscord
from tests.test_discord_filmclub import answer, bot, fake, settings  # noqa: F401 - fixtures

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


async def test_import_an_attached_letterboxd_file_on_discord(
    fake: FakeDiscord,  # noqa: F811
    bot: DiscordAdapter,  # noqa: F811
) -> None:
    command = fake.command("import")
    [option] = command["options"]
    assert (option["name"], option["type"], option["required"]) == ("file", 11, True)
    data = (EXPORTS / "letterboxd-ratings.csv").read_bytes()
    interaction = await fake.slash("import", files={"file": ("ratings.csv", data)}, user=ALICE)
    shown = await answer(fake, interaction)
    assert shown["ephemeral"]
    assert "Letterboxd ratings: 7 rows read — 1 imported, 0 updated, 0 unchanged." in shown["text"]
    assert "A Film Nobody Has Loaded (2021)" in shown["text"]
    mine = await answer(fake, await fake.slash("ratings", {"title": "me"}, user=ALICE))
    assert "Her (2013): 9/10" in mine["text"]
    again = await answer(
        fake, await fake.slash("import", files={"file": ("ratings.csv", data)}, user=ALICE)
    )
    assert "0 imported, 0 updated, 1 unchanged" in again["text"]


async def test_typed_import_asks_for_an_attachment(chat: Chat) -> None:
    reply = await chat("/import ratings.csv")
    assert reply.error and "must be a file attached to the command" in reply.text
