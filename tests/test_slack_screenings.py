"""Screenings on Slack through the real slack-bolt app and the fake Web API: the
screening message with answer buttons whose counts update in place, times as Slack
date tokens, the discussion as a thread on the screening's message, spoilers behind
a "Show" button."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.delivery import Delivery
from bot.ingest import ingest_paths
from tests.slack_fake import (
    FakeSlack,
    Harness,
    app_home_opened_body,
    assert_block_kit_limits,
    block_actions_payload,
    message_shortcut_payload,
    running,
    sign_json,
)
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


def dump(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def buttons(blocks: list[dict[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            found[element["text"]["text"]] = element["action_id"]
        accessory = block.get("accessory") or {}
        if accessory.get("type") == "button":
            found[accessory["text"]["text"]] = accessory["action_id"]
    return found


async def test_the_screening_message_and_its_answers(h: Harness) -> None:
    await h.slash("/screening", "add tomorrow 21:00 Her | Room 2", user="U100")
    refused = (await h.fake.response()).data
    assert refused["response_type"] == "ephemeral" and "Only club admins" in refused["text"]

    await h.slash("/screening", "add tomorrow 21:00 Her | Room 2", user="UADMIN")
    posted = await h.fake.api("chat.postMessage")
    blocks = posted.data["blocks"]
    assert_block_kit_limits(blocks)
    assert "Screening: Her (2013)" in dump(blocks)
    assert "<!date^" in dump(blocks)  # each member reads it in their own zone
    assert "Room 2" in dump(blocks)
    choices = buttons(blocks)
    assert set(choices) == {"I'm in", "Can't make it"}
    confirm = (await h.fake.response()).data
    assert confirm["response_type"] == "ephemeral" and "Planned: Her (2013)" in confirm["text"]

    ts = h.fake.calls("api", "chat.postMessage")[0]
    message_ts = "1700000001.000100"
    await h.interact(
        block_actions_payload(h.fake, choices["I'm in"], user="U200", message_ts=message_ts)
    )
    updated = await h.fake.api("chat.update")
    assert updated.data["ts"] == message_ts
    assert "In: 1" in dump(updated.data["blocks"])
    assert ts.data["channel"] == "C100"

    await h.slash("/screening", "cancel", user="UADMIN", response_key="r2")
    crossed = await h.fake.api("chat.update", where=lambda r: "Cancelled" in dump(r.data["blocks"]))
    assert crossed.data["ts"] == message_ts
    assert "I'm in" not in dump(crossed.data["blocks"])


async def test_the_discussion_is_a_thread_on_the_screening(h: Harness) -> None:
    await h.slash("/screening", "add tomorrow 21:00 Her", user="UADMIN")
    await h.fake.api("chat.postMessage")

    async def posted() -> bool:
        rows = await h.store.fetchall("SELECT message_id FROM screenings")
        return bool(rows[0][0])

    await until(posted)
    await h.slash("/discuss", "Her")
    screening_ts = "1700000001.000100"

    def threaded() -> list[Any]:
        posts = h.fake.calls("api", "chat.postMessage")
        return [p for p in posts if p.data.get("thread_ts") == screening_ts]

    async def seeded() -> bool:
        return len(threaded()) >= 5

    await until(seeded)
    in_thread = threaded()
    assert len(in_thread) == 5
    assert "Her (2013)" in dump(in_thread[0].data["blocks"])
    assert "Highest score, 10/10" in dump(in_thread[1].data["blocks"])
    assert "/rate 8" in dump(in_thread[-1].data["blocks"])


async def test_a_spoiler_is_behind_a_show_button(h: Harness, tmp_path: Path) -> None:
    folder = tmp_path / "films" / "twist-1999"
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.toml").write_text('title = "Twist"\nyear = 1999\n', encoding="utf-8")
    (folder / "reviews" / "telling.txt").write_text(
        "Review by Tess Teller\nScore: 3/10\n\nThis review contains spoilers.\n\nThe brother"
        " was a ghost all along, and the acting cannot hide how thin the story is once you"
        " know it.\n",
        encoding="utf-8",
    )
    await ingest_paths(h.store, [folder])
    await h.slash("/quote", "Twist 1999")
    data = (await h.fake.response()).data
    assert "ghost" not in dump(data["blocks"])
    assert "gives away the plot" in dump(data["blocks"])
    show = buttons(data["blocks"])["Show"]
    await h.interact(block_actions_payload(h.fake, show, response_key="a1"))
    shown = (await h.fake.response()).data
    assert shown["response_type"] == "ephemeral"
    assert "ghost all along" in dump(shown["blocks"])


async def test_the_home_tab_shows_polls_ballot_screening_watchlist_and_ratings(
    h: Harness,
) -> None:
    await h.slash("/watchlist", "add Her")
    await h.fake.response(name="r1")
    await h.slash("/poll", "start Her | Alien 2d")
    await h.fake.api("chat.postMessage")
    await h.slash("/poll", "vote Her")
    await h.slash("/rate", "Her 8")
    await h.slash("/screening", "add tomorrow 21:00 Her", user="UADMIN")

    async def all_saved() -> bool:
        rows = await h.store.fetchall(
            "SELECT (SELECT count(*) FROM ratings) + (SELECT count(*) FROM ballots)"
            " + (SELECT count(*) FROM screenings)"
        )
        return int(rows[0][0]) == 3

    await until(all_saved)
    status, _ = await h.post(app_home_opened_body("U100"), sign_json(app_home_opened_body("U100")))
    assert status == 200
    published = await h.fake.api("views.publish")
    assert published.data["user_id"] == "U100"
    view = h.fake.homes["U100"]
    assert view["type"] == "home"
    assert_block_kit_limits(view["blocks"])
    text = dump(view["blocks"])
    assert "your vote: Her (2013)" in text
    assert "<!date^" in text  # the poll's close and the screening, in the member's zone
    assert "Her (2013), " in text and "1. Her (2013)" in text
    assert "Your recent ratings*\\nHer (2013): 8/10" in text
    # Another member sees their own ballot, and no ratings.
    await h.post(app_home_opened_body("U300"), sign_json(app_home_opened_body("U300")))
    second = await h.fake.api("views.publish")
    assert second.data["user_id"] == "U300"
    other = dump(h.fake.homes["U300"]["blocks"])
    assert "your vote: no vote" in other and "None yet" in other


@pytest.mark.parametrize(
    ("message", "added"),
    [
        ("we should watch https://letterboxd.com/film/her/ soon", "Her (2013)"),
        ("<https://en.wikipedia.org/wiki/Her_(film)|Her (film)>", "Her (2013)"),
        ("https://www.themoviedb.org/movie/152601-her", "Her (2013)"),
        ("Her", "Her (2013)"),
    ],
)
async def test_the_message_shortcut_adds_the_film_a_message_names(
    h: Harness, message: str, added: str
) -> None:
    await h.interact(message_shortcut_payload(h.fake, message))
    data = (await h.fake.response(name="s1")).data
    assert data["response_type"] == "ephemeral"
    assert f"Added {added} to the watchlist" in data["text"], data["text"]


async def test_a_message_that_names_no_film_gets_a_short_answer(h: Harness) -> None:
    await h.interact(message_shortcut_payload(h.fake, "see you all on friday"))
    data = (await h.fake.response(name="s1")).data
    assert data["response_type"] == "ephemeral"
    assert "see you all on friday" in data["text"]
    rows = await h.store.fetchall("SELECT count(*) FROM watchlist")
    assert rows[0][0] == 0
