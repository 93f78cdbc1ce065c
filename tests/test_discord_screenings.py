"""Screenings on Discord, through real discord.py and the fake Discord: the Guild
Scheduled Event (voice, stage or a place in words, the poster as its cover), answer
buttons updated in place, cancelling, the discussion thread (on the screening's
message, or a forum post) where /rate needs no title, and spoilers hidden."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from adapters.discord import DiscordAdapter
from adapters.discord.render import render
from bot.app import App
from bot.catalog.models import CatalogFact, CatalogFilm
from bot.config import Settings
from bot.messages import Quote, Reply
from bot.screenings import discussion_announcement
from bot.store import catalog
from bot.store import screenings as screening_store
from tests.discord_fake import (
    ALICE,
    BOB,
    CHANNEL_ID,
    EVENT_CANCELLED,
    FORUM_CHANNEL_ID,
    GUILD_ID,
    MANAGER,
    STAGE_CHANNEL_ID,
    VOICE_CHANNEL_ID,
    FakeDiscord,
    Interaction,
    discord_settings,
    serving,
    started,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXTERNAL, STAGE, VOICE = 3, 1, 2


@pytest.fixture
def settings(db_path: str, tmp_path: Path) -> Settings:
    # the poster comes from a local server
    return discord_settings(db_path, tmp_path, allow_private_urls=True)


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeDiscord, loaded_app: App) -> AsyncIterator[DiscordAdapter]:
    async with started(loaded_app, delivery=True) as adapter:
        yield adapter


@pytest.fixture
async def posters() -> AsyncIterator[str]:
    """A local picture server standing in for the poster host."""
    app = web.Application()

    async def poster(request: web.Request) -> web.Response:
        return web.Response(body=PNG, content_type="image/png")

    app.router.add_get("/vertigo.png", poster)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


async def until(check: Callable[[], Awaitable[bool]], within: float = 5.0) -> None:
    """Wait (at most ``within`` seconds) until ``check`` holds."""
    async with asyncio.timeout(within):
        while True:
            if await check():
                return
            await asyncio.sleep(0.01)


async def reply_of(fake: FakeDiscord, interaction: Interaction) -> Any:
    return await fake.callback(interaction)


async def plan(fake: FakeDiscord, options: dict[str, str], user: Any = MANAGER) -> Any:
    interaction = await fake.slash("screening add", options, user=user)
    return await reply_of(fake, interaction)


async def screening_message(fake: FakeDiscord) -> dict[str, Any]:
    await fake.wait_one(
        lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"
    )
    return fake.latest_message_with("screening-rsvp:")


async def test_a_screening_in_a_voice_channel_is_a_voice_event(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    refused = await plan(fake, {"when": "tomorrow 21:00", "title": "Her"}, user=ALICE)
    assert refused.ephemeral and "Only club admins" in refused.text()

    answer = await plan(
        fake, {"when": "tomorrow 21:00", "title": "Her", "where": f"<#{VOICE_CHANNEL_ID}>"}
    )
    assert answer.ephemeral and "Planned: Her (2013)" in answer.text()
    # The time in each member's own zone: Discord's timestamp markup.
    assert "<t:" in answer.text()
    created = await fake.wait_one(
        lambda r: r.method == "POST" and r.path == f"/guilds/{GUILD_ID}/scheduled-events"
    )
    body = created.json
    assert body["name"] == "Screening: Her (2013)"
    assert body["entity_type"] == VOICE and int(body["channel_id"]) == VOICE_CHANNEL_ID
    assert body["description"].startswith("A lonely writer")
    assert body["privacy_level"] == 2
    message = await screening_message(fake)
    assert "<t:" in message["embeds"][0]["description"]
    [event_id] = fake.events

    async def recorded() -> bool:
        rows = await loaded_app.store.read(
            screening_store.upcoming, f"discord:{GUILD_ID}", datetime.now(UTC)
        )
        return rows[0].event_id == str(event_id) and rows[0].message_id == message["id"]

    await until(recorded)


async def test_a_stage_channel_and_a_place_in_words(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    await plan(fake, {"when": "tomorrow 20:00", "title": "Her", "where": f"<#{STAGE_CHANNEL_ID}>"})
    await plan(fake, {"when": "tomorrow 22:30", "title": "Her", "where": "Ada's living room"})
    made = await fake.wait_for(
        lambda r: r.method == "POST" and r.path == f"/guilds/{GUILD_ID}/scheduled-events", count=2
    )
    assert made[0].json["entity_type"] == STAGE
    external = made[1].json
    assert external["entity_type"] == EXTERNAL
    assert external["entity_metadata"] == {"location": "Ada's living room"}
    # An event somewhere else has an end: the film's runtime (126 minutes).
    start = datetime.fromisoformat(external["scheduled_start_time"])
    end = datetime.fromisoformat(external["scheduled_end_time"])
    assert (end - start).total_seconds() == 126 * 60


async def test_the_poster_is_the_event_cover(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App, posters: str
) -> None:
    film = CatalogFilm(
        title="Vertigo",
        year=1958,
        facts=(
            CatalogFact("runtime", "128 min", ("tmdb",)),
            CatalogFact("logline", "A detective with a fear of heights follows a woman.", ()),
        ),
        poster_url=f"{posters}/vertigo.png",
    )
    await loaded_app.store.write(catalog.save_film, film, datetime.now(UTC))
    await plan(fake, {"when": "tomorrow 21:00", "title": "Vertigo"})
    created = await fake.wait_one(
        lambda r: r.method == "POST" and r.path.endswith("/scheduled-events")
    )
    image = created.json["image"]
    assert image.startswith("data:image/png;base64,")
    assert base64.b64decode(image.split(",", 1)[1]) == PNG
    assert created.json["description"] == "A detective with a fear of heights follows a woman."


async def test_without_create_events_the_message_is_still_posted(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    fake.refuse_events = True
    await plan(fake, {"when": "tomorrow 21:00", "title": "Her"})
    message = await screening_message(fake)
    assert message["embeds"][0]["title"] == "Screening: Her (2013)"
    assert fake.events == {}


async def test_answers_update_the_message_and_cancel_cancels_the_event(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    await plan(fake, {"when": "tomorrow 21:00", "title": "Her"})
    message = await screening_message(fake)
    [going, _] = [c["custom_id"] for c in message["components"][0]["components"]]
    click = await fake.click(int(message["id"]), going, user=BOB)
    edit = await fake.callback(click)
    assert edit.json["type"] == 7
    assert "In: 1 (Bob)" in edit.text()
    private = await fake.followups(click)
    assert private[0].ephemeral and "You're in" in private[0].text()

    cancelled = await reply_of(fake, await fake.slash("screening cancel", {}, user=MANAGER))
    assert "Cancelled the screening of Her (2013)" in cancelled.text()
    [event_id] = fake.events
    await fake.wait_one(
        lambda r: r.method == "PATCH" and r.path.endswith(f"/scheduled-events/{event_id}")
    )
    assert fake.events[event_id]["status"] == EVENT_CANCELLED
    # The screening's own message says it is cancelled, without its buttons.
    edit = await fake.wait_one(
        lambda r: (
            r.method == "PATCH" and r.path == f"/channels/{CHANNEL_ID}/messages/{message['id']}"
        )
    )
    assert edit.json["embeds"][0]["title"] == "Cancelled: Her (2013)"
    assert edit.json["components"] == []


async def test_the_discussion_is_a_thread_on_the_screening_message(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    await plan(fake, {"when": "tomorrow 21:00", "title": "Her"})
    message = await screening_message(fake)

    async def recorded() -> bool:
        rows = await loaded_app.store.read(
            screening_store.upcoming, f"discord:{GUILD_ID}", datetime.now(UTC)
        )
        return rows[0].message_id == message["id"]

    await until(recorded)
    await reply_of(fake, await fake.slash("discuss", {"title": "Her"}))
    opened = await fake.wait_one(
        lambda r: (
            r.method == "POST"
            and r.path == f"/channels/{CHANNEL_ID}/messages/{message['id']}/threads"
        )
    )
    assert opened.json["name"] == "Discussion: Her (2013)"
    thread = int(message["id"])  # a thread on a message takes the message's id
    seeded = await fake.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{thread}/messages", count=5
    )
    texts = [s.text() for s in seeded]
    assert texts[0].startswith("Her (2013)")
    assert "Highest score, 10/10" in texts[1] and "Lowest score, 9/10" in texts[2]
    assert "/rate 8" in texts[-1]

    # A second discussion of the same screening goes on in the same thread.
    await reply_of(fake, await fake.slash("discuss", {"title": "Her"}))
    await fake.wait_for(
        lambda r: r.method == "POST" and r.path == f"/channels/{thread}/messages", count=10
    )
    assert list(fake.threads) == [thread]

    rated = await reply_of(fake, await fake.slash("rate", {"score": "8"}, channel_id=thread))
    assert rated.text().startswith("Rated Her (2013): 8/10")
    outside = await reply_of(fake, await fake.slash("rate", {"score": "8"}))
    assert outside.ephemeral and "Missing `title`" in outside.text()


async def test_in_a_forum_the_discussion_is_a_post(
    fake: FakeDiscord, bot: DiscordAdapter, loaded_app: App
) -> None:
    services = loaded_app.services
    from bot.films import find_film

    film = await find_film(services.store, "Her")
    club = f"discord:{GUILD_ID}"
    announcement = await discussion_announcement(services, club, str(FORUM_CHANNEL_ID), film, None)
    await bot.announce(announcement)
    post = await fake.wait_one(
        lambda r: r.method == "POST" and r.path == f"/channels/{FORUM_CHANNEL_ID}/threads"
    )
    assert post.json["name"] == "Discussion: Her (2013)"
    assert post.json["message"]["embeds"][0]["title"] == "Her (2013)"
    [thread] = fake.threads
    assert len(fake.posted_in(thread)) == 5  # the card as the post, then four more
    in_thread = await services.store.read(screening_store.thread_film, club, str(thread))
    assert in_thread is not None and in_thread.id == film.id


def test_a_spoiler_quote_is_hidden_behind_discord_markup() -> None:
    quote = Quote("The brother was a ghost.", "Tess", "Twist", spoiler=True, reveal="spoiler:3")
    [message] = render(Reply(text="Lowest score", quote=quote))
    body = message.embeds[-1].description or ""
    assert body.startswith("||“The brother was a ghost.”||")
    [plain] = render(Reply(quote=Quote("A warm film.", "Pat", "Twist")))
    assert "||" not in (plain.embeds[-1].description or "")


async def test_message_menus_are_synced(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    put = await fake.synced(GUILD_ID)
    menus = {c["name"]: c["type"] for c in put.json if c.get("type") == 3}
    assert menus == {"Add to watchlist": 3, "Rate this film": 3}


async def test_add_to_watchlist_from_a_letterboxd_link(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    message = fake.user_message("tonight? https://letterboxd.com/film/her/")
    answer = await reply_of(fake, await fake.context_menu("Add to watchlist", message))
    assert "Added Her (2013) to the watchlist" in answer.text(), answer.text()
    nothing = fake.user_message("see you on friday")
    refused = await reply_of(fake, await fake.context_menu("Add to watchlist", nothing))
    assert refused.ephemeral and "does not name one film" in refused.text()


async def test_rate_this_film_asks_the_score_in_a_form(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    message = fake.user_message("https://en.wikipedia.org/wiki/Her_(film) was so good")
    menu = await fake.context_menu("Rate this film", message, user=BOB)
    form = await fake.callback(menu)
    assert form.json["type"] == 9  # a modal
    modal = form.json["data"]
    [row] = modal["components"]
    assert row["components"][0]["style"] == 1  # one line for a score
    sent = await fake.submit_modal(modal, {"score": "4 stars"}, user=BOB)
    answer = await reply_of(fake, sent)
    assert answer.text().startswith("Rated Her (2013): 8/10"), answer.text()
