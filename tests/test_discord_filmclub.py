"""filmclub's real commands, end to end: the bundled corpus, the real dispatcher,
real discord.py and the fake Discord."""

from __future__ import annotations

import random
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import DiscordAdapter
from adapters.discord.commands import discord_name
from bot.app import App
from bot.commands import COMMANDS
from bot.config import Settings
from bot.ingest import ingest_paths
from tests.conftest import CORPUS
from tests.discord_fake import (
    ALICE,
    BOB,
    GUILD_ID,
    MANAGER,
    FakeDiscord,
    Interaction,
    discord_settings,
    running,
    serving,
    started,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def settings(db_path: str, tmp_path: Path) -> Settings:
    return discord_settings(db_path, tmp_path)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord, loaded_app: App) -> AsyncIterator[DiscordAdapter]:
    async with started(loaded_app) as adapter:
        yield adapter


async def answer(fake: FakeDiscord, interaction: Interaction) -> dict[str, Any]:
    """The message the member ends up seeing: the callback's, or the first follow-up's
    when the command was deferred."""
    callback = await fake.callback(interaction)
    if callback.json["type"] == 5:
        (followup,) = await fake.followups(interaction, within=20)
        return {"text": followup.text(), "ephemeral": followup.ephemeral, "request": followup}
    return {"text": callback.text(), "ephemeral": callback.ephemeral, "request": callback}


async def test_every_command_is_synced(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    put = await fake.synced(GUILD_ID)
    synced: set[str] = set()
    for command in put.json:
        if command.get("type", 1) != 1:
            continue  # message menus
        subs = [o for o in command.get("options", []) if o["type"] == 1]
        if subs:
            synced.update(f"{command['name']} {s['name']}" for s in subs)
        else:
            synced.add(command["name"])
    expected = {
        " ".join(discord_name(w) for w in path.split())
        for path, cmd in COMMANDS.leaves()
        if cmd.handler is not None
    }
    assert synced == expected
    poll = next(c for c in put.json if c["name"] == "poll")
    start = next(o for o in poll["options"] if o["name"] == "start")
    modes = next(o for o in start["options"] if o["name"] == "mode")
    assert {c["value"] for c in modes["choices"]} >= {"single", "ranked"}


async def test_film_facts(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("film", {"title": "Her"})
    callback = await fake.callback(interaction)
    assert callback.json["type"] == 4 and not callback.ephemeral
    embed = callback.embeds()[0]
    assert embed["title"] == "Her (2013)"
    assert any(f["name"] == "Directed by" and "Spike Jonze" in f["value"] for f in embed["fields"])


async def test_film_autocomplete(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    choices = await fake.autocomplete("film", {"title": "he"}, "title")
    assert {"name": "Her (2013)", "value": "Her (2013)"} in choices
    topics = await fake.autocomplete("quote", {"title": "Her", "topic": "act"}, "topic")
    assert "acting" in [c["value"] for c in topics]


async def test_quote(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("quote", {"title": "Her", "topic": "acting"})
    callback = await fake.callback(interaction)
    (embed,) = callback.embeds()
    assert embed["description"].startswith("“")
    assert "— " in embed["description"] and "on Her" in embed["description"]


async def test_rate_and_ratings(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    rated = await answer(
        fake, await fake.slash("rate", {"title": "Her", "score": "9", "comment": "lovely"})
    )
    assert "Rated Her (2013): 9/10." in rated["text"]
    await answer(fake, await fake.slash("rate", {"title": "Her", "score": "4/5"}, user=BOB))
    shown = await answer(fake, await fake.slash("ratings", {"title": "Her"}))
    assert "Alice: 9/10 — lovely" in shown["text"]
    assert "Bob: 8/10" in shown["text"]

    bad = await answer(fake, await fake.slash("rate", {"title": "Her", "score": "11/10"}))
    assert bad["ephemeral"]
    assert bad["request"].embeds() == []


async def test_scores_chart_is_deferred_with_png(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    await answer(fake, await fake.slash("rate", {"title": "Her", "score": "8"}))
    interaction = await fake.slash("scores", {"title": "Her", "chart": True})
    callback = await fake.callback(interaction)
    assert callback.json["type"] == 5
    (followup,) = await fake.followups(interaction, within=30)
    assert not followup.ephemeral and followup.multipart
    embeds = followup.embeds()
    assert embeds[0]["title"] == "Scores: Her (2013)"
    (upload,) = followup.files
    assert upload.name == "files[0]"
    assert upload.data.startswith(PNG_MAGIC)
    assert embeds[-1]["image"]["url"] == f"attachment://{upload.filename}"
    assert followup.json["attachments"][0]["description"].startswith(
        "Dot plot of scores out of 10 for Her (2013)"
    )


async def test_scores_without_the_chart_are_answered_at_once(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    """No chart, no slow work: one interaction response, no deferral, no follow-up;
    the member's own rating, just made, is in it."""
    await answer(fake, await fake.slash("rate", {"title": "Her", "score": "7"}, user=BOB))
    interaction = await fake.slash("scores", {"title": "Her", "chart": False}, user=BOB)
    callback = await fake.callback(interaction)
    assert callback.json["type"] == 4 and not callback.ephemeral
    (embed,) = callback.embeds()
    assert embed["title"] == "Scores: Her (2013)"
    club = next(f["value"] for f in embed["fields"] if f["name"] == "Club")
    assert club.startswith("1 rated · mean 7")
    assert "image" not in embed and not callback.files
    await answer(fake, await fake.slash("rate", {"title": "Her", "score": "9"}, user=ALICE))
    again = await fake.callback(await fake.slash("scores", {"title": "Her", "chart": False}))
    club = next(f["value"] for f in again.embeds()[0]["fields"] if f["name"] == "Club")
    assert club.startswith("2 rated · mean 8")
    assert fake.matching(lambda r: r.method == "POST" and "/webhooks/" in r.path) == []


async def test_admin_role_is_looked_up_only_for_commands_that_ask(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    services = bot.dispatcher.services
    looked_up: list[str] = []
    lookup = services.club_settings.admin_role

    async def counted(store: Any, club: str) -> str | None:
        looked_up.append(club)
        return await lookup(store, club)

    services.club_settings.admin_role = counted  # type: ignore[method-assign]
    await answer(fake, await fake.slash("film", {"title": "Her"}))
    await answer(fake, await fake.slash("rate", {"title": "Her", "score": "8"}))
    assert looked_up == []
    refused = await answer(fake, await fake.slash("club timezone", {"zone": "Europe/Paris"}))
    assert refused["ephemeral"] and "Only club admins" in refused["text"]
    assert looked_up == [f"discord:{GUILD_ID}"]


async def test_help(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    shown = await answer(fake, await fake.slash("help"))
    for name in ("/film", "/quote", "/poll"):
        assert name in shown["text"]


async def test_poll_vote_by_button(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash(
        "poll start", {"options": "Her | Heat | Alien", "duration": "2d"}
    )
    callback = await fake.callback(interaction)
    assert not callback.ephemeral
    ids = callback.custom_ids()
    votes = [i for i in ids if i.startswith("poll:vote:")]
    assert len(votes) == 3 and any(i.startswith("poll:withdraw:") for i in ids)
    message = fake.message_for(interaction)

    click = await fake.click(int(message["id"]), votes[1], user=BOB)
    update = await fake.callback(click)
    assert update.json["type"] == 7
    assert "2. Heat — 1 vote" in update.text()
    (private,) = await fake.followups(click)
    assert private.ephemeral and "Heat" in private.text()

    polls = await fake.autocomplete("poll results", {"poll": ""}, "poll")
    assert polls, "the open poll is suggested"
    results = await answer(fake, await fake.slash("poll results", {"poll": polls[0]["value"]}))
    assert "Heat" in results["text"]


async def test_poll_deadline_is_shown_in_each_members_zone(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    interaction = await fake.slash("poll start", {"options": "Her | Heat", "duration": "2d"})
    (embed,) = (await fake.callback(interaction)).embeds()
    found = re.search(r"closes <t:(\d+):F> \(<t:(\d+):R>\)", embed["description"])
    assert found is not None and found.group(1) == found.group(2)
    assert abs(int(found.group(1)) - (time.time() + 2 * 86400)) < 120
    assert "<t:" not in (embed.get("footer") or {}).get("text", "")


async def test_ranked_poll_select(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash(
        "poll start", {"mode": "ranked", "options": "Her | Heat | Alien", "anonymous": True}
    )
    callback = await fake.callback(interaction)
    selects = [c for row in callback.components() for c in row["components"] if c["type"] == 3]
    (select,) = selects
    assert select["max_values"] == 3
    values = [o["value"] for o in select["options"]]
    message = fake.message_for(interaction)
    pick = await fake.click(
        int(message["id"]), select["custom_id"], (values[2], values[0]), user=ALICE
    )
    update = await fake.callback(pick)
    assert update.json["type"] == 7
    assert "1 ballot" in update.text()


async def test_admin_only_command(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    refused = await answer(fake, await fake.slash("poll weekly", {"day": "fri"}, user=ALICE))
    assert refused["ephemeral"] and "admin" in refused["text"].lower()
    allowed = await answer(fake, await fake.slash("poll weekly", {"day": "show"}, user=MANAGER))
    assert not allowed["ephemeral"]
    assert "weekly" in allowed["text"].lower()


async def test_poll_survives_restart(fake: FakeDiscord, settings: Settings) -> None:
    first_app = await App.open(settings, rng=random.Random(3))
    await ingest_paths(first_app.store, [CORPUS])
    first = DiscordAdapter(first_app.dispatcher, settings, guild_ready_timeout=0.05)
    try:
        async with running(first):
            interaction = await fake.slash("poll start", {"options": "Her | Heat | Alien"})
            callback = await fake.callback(interaction)
            vote = next(i for i in callback.custom_ids() if i.startswith("poll:vote:"))
            message_id = int(fake.message_for(interaction)["id"])
    finally:
        await first_app.close()

    second_app = await App.open(settings, rng=random.Random(4))
    second = DiscordAdapter(second_app.dispatcher, settings, guild_ready_timeout=0.05)
    try:
        async with running(second):
            click = await fake.click(message_id, vote, user=BOB)
            update = await fake.callback(click)
            assert update.json["type"] == 7
            assert "1. Her (2013) — 1 vote" in update.text()
            results = await answer(fake, await fake.slash("poll results"))
            assert "1 vote" in results["text"]
    finally:
        await second_app.close()
