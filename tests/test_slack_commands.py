"""End to end through the real commands and the bundled corpus: Slack request in,
Block Kit, chart uploads and poll updates out."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from bot.plaintext import BROKEN_TEXT
from tests.slack_fake import (
    FakeSlack,
    Harness,
    assert_block_kit_limits,
    block_actions_payload,
    block_suggestion_payload,
    running,
    slash_payload,
    view_submission_payload,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack, loaded_app: App) -> AsyncIterator[Harness]:
    async with running(tmp_path, fake, dispatcher=loaded_app.dispatcher) as harness:
        yield harness


def dump(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def elements(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


async def test_film_facts(h: Harness) -> None:
    await h.slash("/film", "Her")
    data = (await h.fake.response()).data
    assert data["response_type"] == "in_channel"
    assert data["blocks"][0]["text"]["text"] == "Her (2013)"
    assert "Spike Jonze" in dump(data["blocks"])
    assert_block_kit_limits(data["blocks"])


async def test_quote_is_a_rich_text_quote(h: Harness) -> None:
    await h.slash("/quote", "Her")
    data = (await h.fake.response()).data
    kinds = [b["type"] for b in data["blocks"]]
    assert "rich_text" in kinds
    quote = next(b for b in data["blocks"] if b["type"] == "rich_text")
    assert quote["elements"][0]["type"] == "rich_text_quote"
    credit = data["blocks"][kinds.index("rich_text") + 1]
    assert credit["type"] == "context" and "on Her" in credit["elements"][0]["text"]


async def test_scores_chart_is_uploaded(h: Harness) -> None:
    status, _ = await h.slash("/scores", "Her")
    assert status == 200
    data = (await h.fake.response(wait_s=30)).data
    assert data["blocks"][0]["text"]["text"] == "Scores: Her (2013)"
    assert_block_kit_limits(data["blocks"])
    upload = await h.fake.wait_for("upload", wait_s=30)
    assert upload.raw.startswith(b"\x89PNG\r\n\x1a\n")
    done = await h.fake.api("files.completeUploadExternal")
    assert done.data["channel_id"] == "C100"
    assert done.data["files"][0]["id"] == upload.name


async def test_scores_without_the_chart_are_quick_work(h: Harness) -> None:
    """The chart is the slow part: with it the ack says the work is under way (and is
    refused first when the bot is busy); without it the ack is empty like any read."""
    status, body = await h.slash("/scores", "Her chart:no")
    assert (status, body) == (200, "")
    data = (await h.fake.response()).data
    assert data["blocks"][0]["text"]["text"] == "Scores: Her (2013)"
    status, body = await h.slash("/scores", "Her")
    assert status == 200 and "Working on" in json.loads(body)["text"]
    await h.fake.response(wait_s=30)
    admission = h.adapter.admission
    assert not admission.stats.refused_heavy
    assert h.adapter._heavy("scores Her", h.adapter._target("scores Her"))
    assert not h.adapter._heavy("scores Her chart:no", h.adapter._target("scores Her chart:no"))


async def test_single_choice_poll_votes_update_the_message(h: Harness) -> None:
    await h.slash("/poll", "start Her | Alien | Heat")
    # Posted with chat.postMessage, so its ts is known and it can be edited later.
    poll = (await h.fake.api("chat.postMessage")).data
    assert poll["channel"] == "C100"
    assert not h.fake.calls("response")
    assert_block_kit_limits(poll["blocks"])
    buttons = {e["text"]["text"]: e["action_id"] for e in elements(poll["blocks"])}
    assert set(buttons) == {"1. Her (2013)", "2. Alien", "3. Heat", "Withdraw my vote"}

    await h.interact(block_actions_payload(h.fake, buttons["2. Alien"], user="U201"))
    update = await h.fake.api("chat.update")
    assert "2. Alien — 1 vote" in dump(update.data["blocks"])
    assert_block_kit_limits(update.data["blocks"])
    confirm = (await h.fake.response(where=lambda r: r.name == "a1")).data
    assert confirm["response_type"] == "ephemeral"
    assert confirm["replace_original"] is False

    await h.slash("/poll", "results", response_key="r2")
    results = (await h.fake.response(where=lambda r: r.name == "r2")).data
    assert "Alien — 1 vote" in dump(results["blocks"])


async def test_poll_deadline_is_a_slack_date_token(h: Harness) -> None:
    await h.slash("/poll", "start Her | Alien 2d")
    blocks = (await h.fake.api("chat.postMessage")).data["blocks"]
    footer = next(b for b in blocks if b["type"] == "context")["elements"][0]["text"]
    found = re.search(r"closes <!date\^(\d+)\^\{date_short_pretty\} \{time\}\|[^>]+ UTC>", footer)
    assert found is not None, footer
    assert abs(int(found.group(1)) - (time.time() + 2 * 86400)) < 120


async def test_ranked_poll_with_the_multi_select(h: Harness) -> None:
    await h.slash("/poll", "start ranked Her | Alien | Heat")
    poll = (await h.fake.api("chat.postMessage")).data
    [menu] = [e for e in elements(poll["blocks"]) if e["type"] == "multi_static_select"]
    assert menu["max_selected_items"] == 3
    by_label = {o["text"]["text"]: o["value"] for o in menu["options"]}
    ranking = (by_label["3. Heat"], by_label["1. Her (2013)"])
    click = block_actions_payload(h.fake, menu["action_id"], values=ranking, multi=True)
    await h.interact(click)
    update = await h.fake.api("chat.update")
    assert "3. Heat — 1 first choice" in dump(update.data["blocks"])
    confirm = (await h.fake.response(where=lambda r: r.name == "a1")).data
    assert confirm["response_type"] == "ephemeral"


async def test_rate_through_the_modal(h: Harness) -> None:
    await h.slash("/rate", "")
    view = {**(await h.fake.api("views.open")).data["view"], "id": "V0001"}
    status, body = await h.interact(block_suggestion_payload(view, "title", "he"))
    assert status == 200
    assert "Her (2013)" in [o["value"] for o in json.loads(body)["options"]]

    status, body = await h.interact(
        view_submission_payload(view, {"title": ("select", "Her (2013)"), "score": "11/10"})
    )
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["score"]

    values = {"title": ("select", "Her (2013)"), "score": "4.5/5", "comment": "so tender"}
    status, body = await h.interact(view_submission_payload(view, values))
    assert (status, body) == (200, "")
    done = (await h.fake.response(where=lambda r: r.name == "r1")).data
    assert "Her (2013)" in done["text"] and "9/10" in done["text"]

    await h.slash("/ratings", "Her", response_key="r2")
    ratings = (await h.fake.response(where=lambda r: r.name == "r2")).data
    assert "ana: 9/10 — so tender" in dump(ratings["blocks"])


async def test_help_through_filmclub(h: Harness) -> None:
    await h.slash("/filmclub", "help")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert data["blocks"][0]["text"]["text"] == "filmclub commands"
    text = dump(data["blocks"])
    assert "/filmclub help &lt;command&gt;" in text
    assert "*/poll start*" in text
    assert_block_kit_limits(data["blocks"])


async def test_weekly_polls_need_an_admin(h: Harness) -> None:
    await h.slash("/poll", "weekly fri 19:00 Europe/Paris", user="U100")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "Only club admins" in data["text"]
    await h.slash("/poll", "weekly fri 19:00 Europe/Paris", user="UADMIN", response_key="r2")
    data = (await h.fake.response(where=lambda r: r.name == "r2")).data
    assert "Only club admins" not in data["text"]
    assert not data["text"].startswith(":warning:")


async def test_socket_mode_with_the_real_commands(
    tmp_path: Path, fake: FakeSlack, loaded_app: App
) -> None:
    async with running(tmp_path, fake, socket=True, dispatcher=loaded_app.dispatcher):
        envelope = await fake.send_envelope("slash_commands", slash_payload(fake, "/film", "Her"))
        assert await fake.ack(envelope) == {"envelope_id": envelope}
        data = (await fake.response()).data
        assert data["blocks"][0]["text"]["text"] == "Her (2013)"


async def test_broken_text_in_a_modal_is_refused_plainly(h: Harness) -> None:
    await h.slash("/rate", "")
    view = {**(await h.fake.api("views.open")).data["view"], "id": "V0001"}
    values = {"title": ("select", "Her (2013)"), "score": "8", "comment": "so \udcff tender"}
    status, body = await h.interact(view_submission_payload(view, values))
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"].values()) == [BROKEN_TEXT]
    store = h.adapter.dispatcher.services.store
    assert await store.fetchall("SELECT score FROM ratings") == []


def test_every_handler_that_reads_is_admin_asks_slack_for_it() -> None:
    """Slack asks who is an admin only for commands declared to need it; a handler that
    reads ``request.is_admin`` without that declaration would refuse every Slack admin."""
    import inspect

    from bot.commands import COMMANDS

    undeclared = [
        path
        for path, cmd in COMMANDS.leaves()
        if cmd.handler is not None
        and "is_admin" in inspect.getsource(cmd.handler)
        and not (cmd.admin_only or cmd.checks_admin)
    ]
    assert undeclared == []
