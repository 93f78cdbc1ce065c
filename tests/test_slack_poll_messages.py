"""On Slack, a poll's messages change in place when its films do: through the real
slack-bolt app and the fake Web API, the poll is posted with chat.postMessage so its
ts is known, a film added shows as a new button there, a film removed disappears;
where the bot cannot post, the poll is answered through the command as before and
its message is known from its first click."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.delivery import Delivery
from tests.slack_fake import FakeSlack, Harness, Record, block_actions_payload, running
from tests.test_discord_screenings import until

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack, loaded_app: App) -> AsyncIterator[Harness]:
    delivery = Delivery(loaded_app.services)
    await delivery.start()
    try:
        async with running(tmp_path, fake, dispatcher=loaded_app.dispatcher) as harness:
            yield harness
    finally:
        await delivery.stop()


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    return {
        e["text"]["text"]: e["action_id"]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["type"] == "button"
    }


def edit_of(ts: str) -> Any:
    return lambda r: r.data.get("ts") == ts


async def test_adding_and_removing_films_edit_the_posted_poll(h: Harness) -> None:
    await h.slash("/poll", "start Her | Heat 2d")
    posted = await h.fake.api("chat.postMessage")
    assert posted.data["channel"] == "C100"
    assert list(buttons(posted.data["blocks"])) == ["1. Her (2013)", "2. Heat", "Withdraw my vote"]
    first_ts = "1700000001.000100"

    await h.slash("/poll", "add Alien", response_key="r2")
    reply = await h.fake.api("chat.postMessage")  # the answer: the poll with its new film
    assert "added Alien" in json.dumps(reply.data["blocks"])
    second_ts = "1700000002.000100"
    update = await h.fake.api("chat.update", where=edit_of(first_ts))
    assert update.data["channel"] == "C100"
    assert list(buttons(update.data["blocks"])) == [
        "1. Her (2013)",
        "2. Heat",
        "3. Alien",
        "Withdraw my vote",
    ]

    await h.slash("/poll", "remove Heat", response_key="r3")
    await h.fake.api("chat.postMessage")
    for ts in (first_ts, second_ts):
        update = await h.fake.api("chat.update", where=edit_of(ts))
        assert list(buttons(update.data["blocks"])) == [
            "1. Her (2013)",
            "2. Alien",
            "Withdraw my vote",
        ]
        assert "Heat" not in json.dumps(update.data["blocks"])
    assert not h.fake.calls("response")


async def test_outside_the_channel_the_poll_is_known_from_its_first_click(
    h: Harness,
) -> None:
    h.fake.failures["chat.postMessage"] = "not_in_channel"
    await h.slash("/poll", "start Her | Heat 2d")
    answer: Record = await h.fake.response(name="r1")
    assert answer.data["response_type"] == "in_channel"
    vote = buttons(answer.data["blocks"])["2. Heat"]

    # Before any click its ts is unknown: an added film shows in the answer alone.
    await h.slash("/poll", "add Alien", response_key="r2")
    await h.fake.response(name="r2")
    await h.fake.settle(0.3)
    assert not h.fake.calls("api", "chat.update")

    await h.interact(block_actions_payload(h.fake, vote, message_ts="17.5"))
    await h.fake.api("chat.update", where=edit_of("17.5"))  # the click's own refresh

    await h.slash("/poll", "remove Alien", response_key="r3")
    await h.fake.response(name="r3")
    update = await h.fake.api("chat.update", where=edit_of("17.5"))
    assert list(buttons(update.data["blocks"])) == ["1. Her (2013)", "2. Heat", "Withdraw my vote"]
    assert "2. Heat — 1 vote" in json.dumps(update.data["blocks"], ensure_ascii=False)


async def test_a_deleted_poll_message_is_forgotten(h: Harness, loaded_app: App) -> None:
    await h.slash("/poll", "start Her | Heat 2d")
    await h.fake.api("chat.postMessage")
    h.fake.failures["chat.update"] = "message_not_found"
    await h.slash("/poll", "add Alien", response_key="r2")
    await h.fake.api("chat.update")

    async def forgotten() -> bool:
        followed = await loaded_app.store.fetchall("SELECT count(*) FROM poll_messages")
        waiting = await loaded_app.store.fetchall(
            "SELECT count(*) FROM outbox WHERE delivered_at IS NULL"
        )
        # The reply to /poll add is still followed; the edit is not retried for ever.
        return int(followed[0][0]) == 1 and int(waiting[0][0]) == 0

    await until(forgotten)
