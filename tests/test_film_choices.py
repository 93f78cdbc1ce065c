""" "Which *Heat*?" with buttons for /rate, /watchlist add, /poll start and /poll add:
a click completes the command with the film, once, for the member who asked."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.discord import DiscordAdapter
from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery import Delivery
from bot.messages import ActionRequest, ActionResult, Reply
from tests.catalog_helpers import catalog_chat, catalog_settings
from tests.conftest import Chat
from tests.discord_fake import ADMIN_ROLE_NAME, BOB, GUILD_ID, FakeDiscord, running, serving
from tests.polls_helpers import Recorder
from tests.slack_fake import FakeSlack, block_actions_payload
from tests.slack_fake import running as slack_running
from tests.wikidata_fake import FakeWikidata

pytestmark = pytest.mark.both_backends


NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata().start()
    yield fake
    await fake.stop()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(NOW)


@pytest.fixture
async def chat(
    settings: Settings, wikidata: FakeWikidata, clock: ManualClock
) -> AsyncIterator[Chat]:
    async with catalog_chat(catalog_settings(settings, wikidata), clock=clock) as chat:
        yield chat


async def click(chat: Chat, button: str) -> ActionResult:
    return await chat.app.dispatcher.act(
        ActionRequest(chat.club, chat.channel, chat.member, button, is_admin=chat.admin)
    )


async def posted(chat: Chat) -> list[str]:
    """What the outbox posts to the channel, through a stand-in adapter."""
    recorder = Recorder()
    chat.app.services.outbox.register(recorder)
    try:
        await Delivery(chat.app.services).run_once()
    finally:
        chat.app.services.outbox.unregister(recorder)
    return [a.reply.plain_text() for a in recorder.items]


def asked(reply: Reply) -> list[str]:
    assert reply.ephemeral and reply.buttons, reply.plain_text()
    return [b.action_id for b in reply.buttons]


async def test_rate_asks_which_film_and_a_click_rates_it(chat: Chat) -> None:
    reply = await chat("/rate Heat 8 tense")
    assert reply.text == (
        "Which *Heat*? Heat (1995, Michael Mann) · Heat (1986, Dick Richards)."
        " Try `/rate Heat 1995 8`."
    )
    assert [b.label for b in reply.buttons] == [
        "Heat (1995, Michael Mann)",
        "Heat (1986, Dick Richards)",
    ]
    # Front ends without buttons show the typed command that does the same.
    assert [b.command for b in reply.buttons] == ["/rate Heat 1995 8", "/rate Heat 1986 8"]
    assert all(len(a) <= 100 for a in asked(reply))  # Discord's custom_id limit

    result = await click(chat, reply.buttons[1].action_id)
    assert result.refresh is not None
    assert result.refresh.text == "Heat → Heat (1986). Posted in the channel."
    assert await posted(chat) == ["Ada: Rated Heat (1986): 8/10. Comment: “tense”"]
    rated = await chat("/ratings Heat 1986")
    assert rated.title == "Club ratings: Heat (1986)" and rated.text == "Ada: 8/10 — tense"

    again = await click(chat, reply.buttons[0].action_id)
    assert again.reply.error and "already answered" in again.reply.text
    assert (await chat("/ratings me")).text == "Heat (1986): 8/10 — tense"  # one rating, not two


async def test_a_bad_score_is_refused_before_any_question(chat: Chat) -> None:
    reply = await chat("/rate Heat banana")
    assert reply.error and not reply.buttons
    assert "not a score I understand" in reply.text


async def test_another_members_click_and_a_stale_click_get_clear_replies(
    chat: Chat, clock: ManualClock
) -> None:
    reply = await chat("/watchlist add Heat")
    assert reply.text.endswith("Try `/watchlist add Heat 1995`.")
    bob = chat.as_member("u2", "Bob")
    foreign = await click(bob, reply.buttons[0].action_id)
    assert foreign.reply.error
    assert foreign.reply.text.startswith("That question is Ada's, about their `/watchlist add`")
    elsewhere = replace(chat, club="console:other")
    assert (
        "expired or was already answered"
        in (await click(elsewhere, reply.buttons[0].action_id)).reply.text
    )
    forged = await click(chat, "film-choose:../../etc:0")
    assert forged.reply.error and "no longer in use" in forged.reply.text

    # The question still stands for Ada, until it is half an hour old.
    clock.advance(timedelta(minutes=31))
    stale = await click(chat, reply.buttons[0].action_id)
    assert stale.reply.error and "expired or was already answered" in stale.reply.text
    assert "empty" in (await chat("/watchlist list")).text


async def test_watchlist_add_completes_with_the_chosen_film(chat: Chat) -> None:
    reply = await chat("/watchlist add Heat")
    result = await click(chat, reply.buttons[0].action_id)
    assert await posted(chat) == ["Ada: Added Heat (1995) to the watchlist."]
    assert result.refresh is not None and "Heat (1995)" in result.refresh.text
    listed = await chat("/watchlist list")
    assert "1. Heat (1995) — added by Ada" in listed.text


async def test_poll_start_asks_for_each_unclear_title_and_keeps_the_others(chat: Chat) -> None:
    first = await chat("/poll start ranked Heat | Her 2d")
    assert first.text.endswith("Try `/poll start ranked Heat 1995 | Her 2d`.")
    await chat("/film Heat 1995")
    await chat("/film Heat 1986")  # both Heats are library films now
    first = await chat("/poll start Heat | heat | Her 2d")
    assert first.text.startswith("Which film? 1. Heat (1986), 2. Heat (1995).")
    assert [b.command for b in first.buttons] == [
        "/poll start Heat 1986 | heat | Her 2d",
        "/poll start Heat 1995 | heat | Her 2d",
    ]
    second = (await click(chat, first.buttons[1].action_id)).reply
    # The second title is asked about in turn; the first stays chosen.
    assert second.text.startswith("Which film? 1. Heat (1986), 2. Heat (1995).")
    assert await posted(chat) == []
    result = await click(chat, second.buttons[0].action_id)
    assert result.refresh is not None
    assert result.refresh.text == "heat → Heat (1986). Posted in the channel."
    (poll,) = await posted(chat)
    assert poll.startswith("Poll #1: What should we watch next?\nAda started poll #1.\n")
    assert "Vote Heat (1995)" in poll or "Buttons:" in poll
    assert poll.index("Heat (1995)") < poll.index("Heat (1986)") < poll.index("Her (2013)")


async def test_poll_add_hint_is_its_own(chat: Chat) -> None:
    await chat("/poll start Her | Arrival")
    reply = await chat("/poll add Heat")
    assert reply.text.endswith("Try `/poll add Heat 1995`.")
    result = await click(chat, reply.buttons[1].action_id)
    assert result.refresh is not None
    (added,) = await posted(chat)
    assert "Ada added Heat (1986) to poll #1 as option 3." in added


async def test_a_refusal_after_the_choice_goes_to_the_member_alone(chat: Chat) -> None:
    reply = await chat("/watchlist add Heat")
    await chat("/watchlist add Heat 1995")
    result = await click(chat, reply.buttons[0].action_id)
    assert result.reply.error and "already on the watchlist" in result.reply.text
    assert await posted(chat) == []


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


async def test_on_discord_a_click_completes_the_rating_and_posts_it(
    settings: Settings, wikidata: FakeWikidata, discord_fake: FakeDiscord
) -> None:
    configured = catalog_settings(
        settings,
        wikidata,
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        discord_admin_role=ADMIN_ROLE_NAME,
    )
    async with catalog_chat(configured) as chat:
        adapter = DiscordAdapter(
            chat.app.dispatcher, chat.app.services.settings, guild_ready_timeout=0.05
        )
        async with running(adapter):
            interaction = await discord_fake.slash("rate", {"title": "Heat", "score": "4/5"})
            callback = await discord_fake.callback(interaction)
            if callback.json["type"] == 5:
                (question,) = await discord_fake.followups(interaction, within=20)
            else:
                question = callback
            assert question.ephemeral
            assert question.text().endswith("Try `/rate Heat 1995 4/5`.")
            buttons = [c for row in question.components() for c in row["components"]]
            assert [b["label"] for b in buttons] == [
                "Heat (1995, Michael Mann)",
                "Heat (1986, Dick Richards)",
            ]
            message = discord_fake.latest_message_with("film-choose:")
            bob = await discord_fake.click(int(message["id"]), buttons[0]["custom_id"], user=BOB)
            refused = await discord_fake.callback(bob)
            assert refused.ephemeral and "That question is Alice's" in refused.text()

            pick = await discord_fake.click(int(message["id"]), buttons[0]["custom_id"])
            update = await discord_fake.callback(pick)
            assert update.json["type"] == 7  # the question is replaced: no buttons left
            assert update.text() == "Heat → Heat (1995). Posted in the channel."
            assert update.components() == []
            await Delivery(chat.app.services).run_once()
            sent = await discord_fake.wait_one(
                lambda r: r.method == "POST" and r.path.endswith("/messages")
            )
            assert sent.text() == "Alice: Rated Heat (1995): 8/10 (from 4/5)."


async def test_on_slack_the_buttons_complete_the_watchlist_add(
    tmp_path: Path, settings: Settings, wikidata: FakeWikidata
) -> None:
    slack = await FakeSlack(admins={"UADMIN"}).start()
    try:
        async with (
            catalog_chat(catalog_settings(settings, wikidata)) as chat,
            slack_running(tmp_path, slack, dispatcher=chat.app.dispatcher) as h,
        ):
            await h.slash("/watchlist", "add Heat", user="U200", user_name="bo")
            question = (await h.fake.response()).data
            assert question["response_type"] == "ephemeral"
            buttons = {
                e["text"]["text"]: e["action_id"]
                for block in question["blocks"]
                for e in block.get("elements", [])
                if e.get("type") == "button"
            }
            assert list(buttons) == ["Heat (1995, Michael Mann)", "Heat (1986, Dick Richards)"]
            await h.interact(
                block_actions_payload(h.fake, buttons["Heat (1986, Dick Richards)"], ephemeral=True)
            )
            replaced = (await h.fake.response(where=lambda r: r.name == "a1")).data
            assert replaced["replace_original"] is True
            assert "Heat → Heat (1986). Posted in the channel." in str(replaced)
            await Delivery(chat.app.services).run_once()
            posted = await h.fake.api("chat.postMessage")
            assert posted.data["channel"] == "C100"
            assert "Added Heat (1986) to the watchlist." in str(posted.data)
    finally:
        await slack.close()
