"""The real slack-bolt app in Socket Mode: envelopes over the fake's websocket."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.slack import SlackAdapter, SlackSetupError
from bot.config import Settings
from bot.services import Services
from bot.store import Store
from tests.slack_fake import (
    APP_TOKEN,
    BOT_TOKEN,
    PNG,
    FakeDispatcher,
    FakeSlack,
    Harness,
    assert_block_kit_limits,
    block_actions_payload,
    block_suggestion_payload,
    make_commands,
    running,
    slash_payload,
    view_submission_payload,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Harness]:
    async with running(tmp_path, fake, socket=True) as harness:
        yield harness


async def test_connects_with_the_app_token(h: Harness) -> None:
    opened = h.fake.calls("api", "apps.connections.open")
    assert opened and {r.token for r in opened} == {APP_TOKEN}
    assert h.fake.sockets_opened == 1
    assert h.adapter.port is None


async def test_slash_command_envelope_is_acked_and_answered(h: Harness) -> None:
    envelope = await h.fake.send_envelope("slash_commands", slash_payload(h.fake, "/film", "Her"))
    ack = await h.fake.ack(envelope)
    assert ack == {"envelope_id": envelope}
    data = (await h.fake.response()).data
    assert data["response_type"] == "in_channel"
    assert data["blocks"][0]["text"]["text"] == "Her"
    assert_block_kit_limits(data["blocks"])


async def test_slow_command_ack_carries_a_notice_then_the_chart(h: Harness) -> None:
    envelope = await h.fake.send_envelope("slash_commands", slash_payload(h.fake, "/scores", "Her"))
    ack = await h.fake.ack(envelope)
    assert ack["envelope_id"] == envelope
    assert ack["payload"] == {"text": "Working on `/scores`…", "response_type": "ephemeral"}
    await h.fake.response()
    upload = await h.fake.wait_for("upload")
    assert upload.raw == PNG
    done = await h.fake.api("files.completeUploadExternal")
    assert done.data["channel_id"] == "C100"


async def test_errors_are_ephemeral(h: Harness) -> None:
    envelope = await h.fake.send_envelope("slash_commands", slash_payload(h.fake, "/rate", "Her x"))
    await h.fake.ack(envelope)
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "`score` must be a number" in data["text"]
    assert await h.members() == 0


async def test_poll_vote_updates_the_message(h: Harness) -> None:
    envelope = await h.fake.send_envelope(
        "slash_commands", slash_payload(h.fake, "/poll", "start Her | Heat | Up")
    )
    await h.fake.ack(envelope)
    await h.fake.response()
    click = block_actions_payload(h.fake, "poll:vote:1:2", user="U555", message_ts="17.5")
    envelope = await h.fake.send_envelope("interactive", click)
    assert await h.fake.ack(envelope) == {"envelope_id": envelope}
    update = await h.fake.api("chat.update")
    assert update.data["ts"] == "17.5"
    assert "2. Up: 1 votes" in json.dumps(update.data["blocks"])
    confirm = (await h.fake.response(where=lambda r: r.name == "a1")).data
    assert confirm["response_type"] == "ephemeral"
    assert confirm["text"] == "Your vote for Up is counted."


async def test_modal_over_the_socket(h: Harness) -> None:
    envelope = await h.fake.send_envelope("slash_commands", slash_payload(h.fake, "/rate"))
    await h.fake.ack(envelope)
    view = {**(await h.fake.api("views.open")).data["view"], "id": "V0009"}

    envelope = await h.fake.send_envelope(
        "interactive", block_suggestion_payload(view, "title", "sun")
    )
    ack = await h.fake.ack(envelope)
    assert [o["value"] for o in ack["payload"]["options"]] == ["Before Sunrise", "sun"]

    bad = view_submission_payload(view, {"title": ("select", "Her"), "score": "ten"})
    envelope = await h.fake.send_envelope("interactive", bad)
    ack = await h.fake.ack(envelope)
    assert ack["payload"]["response_action"] == "errors"
    assert set(ack["payload"]["errors"]) == {"score"}

    good = view_submission_payload(view, {"title": ("select", "Her"), "score": "7.5"})
    envelope = await h.fake.send_envelope("interactive", good)
    assert await h.fake.ack(envelope) == {"envelope_id": envelope}
    data = (await h.fake.response(where=lambda r: r.name == "r1")).data
    assert data["text"] == "ana rated Her 7.5/10"
    assert await h.members() == 1


async def test_socket_mode_needs_no_signing_secret(tmp_path: Path, fake: FakeSlack) -> None:
    async with running(tmp_path, fake, socket=True, secret="") as h:
        assert h.adapter.socket_mode
        envelope = await fake.send_envelope("slash_commands", slash_payload(fake, "/film", "Up"))
        await fake.ack(envelope)
        assert (await fake.response()).data["blocks"][0]["text"]["text"] == "Up"
    assert fake.sockets_opened == 1
    assert fake.ws is not None and fake.ws.closed


@pytest.mark.parametrize(
    ("bot", "app", "message"),
    [
        ("xoxp-user-token", APP_TOKEN, "SLACK_BOT_TOKEN: invalid_auth"),
        (BOT_TOKEN, "xoxb-not-an-app-token", "SLACK_APP_TOKEN: not_allowed_token_type"),
    ],
)
async def test_rejected_tokens_stop_the_start(
    tmp_path: Path, fake: FakeSlack, bot: str, app: str, message: str
) -> None:
    settings = Settings(
        db_path=str(tmp_path / "x.db"),
        slack_bot_token=bot,
        slack_app_token=app,
        slack_api_url=fake.api_url,
    )
    store = await Store.open(settings.db_path)
    try:
        adapter = SlackAdapter(FakeDispatcher(Services(store, settings), make_commands()), settings)
        with pytest.raises(SlackSetupError, match=message):
            await asyncio.wait_for(adapter.run(), 10)
        assert fake.sockets_opened == 0
    finally:
        await store.close()
