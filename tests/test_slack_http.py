"""The real slack-bolt app in HTTP mode, driven with signed requests against the fake Slack."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from adapters.slack import SlackAdapter, api_base_url
from adapters.slack import app as slack_app
from bot.commands.spec import Command, CommandSet, Option
from bot.config import Settings
from bot.messages import Announcement, Reply, Request
from bot.services import Services
from tests.slack_fake import (
    BOT_TOKEN,
    PNG,
    SECRET,
    TEAM_ID,
    FakeSlack,
    Harness,
    assert_block_kit_limits,
    block_actions_payload,
    block_suggestion_payload,
    form_body,
    interactive_body,
    running,
    sign,
    slash_payload,
    view_submission_payload,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Harness]:
    async with running(tmp_path, fake) as harness:
        yield harness


def block_texts(blocks: list[dict[str, Any]]) -> str:
    return json.dumps(blocks, ensure_ascii=False)


async def test_slash_command_is_acked_then_answered_in_block_kit(h: Harness) -> None:
    started = time.monotonic()
    status, body = await h.slash("/film", '"Lost in Translation"')
    assert (status, body) == (200, "")
    assert time.monotonic() - started < 3
    answer = await h.fake.response()
    assert answer.name == "r1"
    data = answer.data
    assert data["response_type"] == "in_channel"
    blocks = data["blocks"]
    assert_block_kit_limits(blocks)
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": "Lost in Translation", "emoji": True},
    }
    assert blocks[1]["text"]["text"] == (
        "*Lost in Translation* (2013) is a film by <https://example.org/jonze|Spike Jonze>."
    )
    assert blocks[2]["fields"][0]["text"] == "*Year*\n2013"
    assert blocks[3]["type"] == "rich_text"
    assert "tender & <strange>" in blocks[3]["elements"][0]["elements"][0]["text"]
    assert blocks[4]["elements"][0]["text"].startswith("— Dana Critic, The Daily Reel")
    assert blocks[-1]["elements"][0]["text"] == "Sources: test corpus"
    assert data["text"].startswith("Lost in Translation")
    auth = h.fake.calls("api", "auth.test")
    assert auth and auth[0].token == BOT_TOKEN


async def test_errors_are_ephemeral(h: Harness) -> None:
    await h.slash("/rate", "Her 11")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert data["blocks"][0]["text"]["text"].startswith(":warning: `score` must be from 0 to 10")
    await h.slash("/filmclub", "nosuch thing", response_key="r2")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "Unknown command `/nosuch`" in data["text"]
    assert await h.members() == 0


async def test_filmclub_catch_all_and_reserved_help(h: Harness) -> None:
    await h.slash("/filmclub", "")
    data = (await h.fake.response()).data
    assert data["blocks"][0]["text"]["text"] == "filmclub commands"
    # The core says `/help`; Slack has no /help for this app, so it reads /filmclub help.
    assert "`/filmclub help`" in data["blocks"][1]["text"]["text"]
    await h.slash("/filmclub", "/rate Her 8 fine", response_key="r2")
    data = (await h.fake.response()).data
    assert data["text"] == "ana rated Her 8/10: fine"
    await h.slash("/filmclub", "poll start Her | Heat", response_key="r3")
    data = (await h.fake.response()).data
    assert "Poll #1" in data["text"]


async def test_slow_command_uploads_the_chart(h: Harness) -> None:
    status, body = await h.slash("/scores", "Her")
    assert status == 200
    assert json.loads(body) == {"text": "Working on `/scores`…", "response_type": "ephemeral"}
    data = (await h.fake.response()).data
    assert data["response_type"] == "in_channel"
    assert data["blocks"][0]["text"]["text"] == "Critic scores: Her"
    url_call = await h.fake.api("files.getUploadURLExternal")
    assert url_call.data["filename"] == "scores-her.png"
    assert int(url_call.data["length"]) == len(PNG)
    assert url_call.data["alt_txt"] == "Critic scores for Her"
    upload = await h.fake.wait_for("upload")
    assert upload.raw == PNG
    done = await h.fake.api("files.completeUploadExternal")
    assert done.data["channel_id"] == "C100"
    assert done.data["files"] == [{"id": upload.name, "title": "Critic scores: Her"}]


async def test_failed_upload_is_explained_to_the_member(h: Harness) -> None:
    h.fake.failures["files.completeUploadExternal"] = "not_in_channel"
    await h.slash("/scores", "Her")
    await h.fake.response(where=lambda r: r.data["response_type"] == "in_channel")
    note = await h.fake.response(where=lambda r: r.data["response_type"] == "ephemeral")
    assert "invite me to this channel" in note.data["text"]


async def test_poll_buttons_update_in_place(h: Harness) -> None:
    await h.slash("/poll", "start Her | Lost in Translation")
    poll = (await h.fake.response()).data
    assert poll["response_type"] == "in_channel"
    [actions] = [b for b in poll["blocks"] if b["type"] == "actions"]
    assert [(e["text"]["text"], e["action_id"]) for e in actions["elements"]] == [
        ("Her", "poll:vote:1:0"),
        ("Lost in Translation", "poll:vote:1:1"),
    ]
    status, body = await h.interact(block_actions_payload(h.fake, "poll:vote:1:1"))
    assert (status, body) == (200, "")
    update = await h.fake.api("chat.update")
    assert update.data["channel"] == "C100"
    assert update.data["ts"] == "1700000001.000100"
    assert "1. Lost in Translation: 1 votes" in block_texts(update.data["blocks"])
    assert_block_kit_limits(update.data["blocks"])
    confirm = (await h.fake.response(where=lambda r: r.name == "a1")).data
    assert confirm["response_type"] == "ephemeral"
    assert confirm["replace_original"] is False
    assert confirm["text"] == "Your vote for Lost in Translation is counted."


async def test_ranked_poll_uses_a_multi_select(h: Harness) -> None:
    await h.slash("/poll", "rank Her | Heat | Up | Alien")
    poll = (await h.fake.response()).data
    [actions] = [b for b in poll["blocks"] if b["type"] == "actions"]
    [menu] = actions["elements"]
    assert menu["type"] == "multi_static_select"
    assert menu["max_selected_items"] == 3
    assert [o["value"] for o in menu["options"]] == ["0", "1", "2", "3"]
    payload = block_actions_payload(h.fake, "poll:rank:1", values=("2", "0"), multi=True)
    await h.interact(payload)
    update = await h.fake.api("chat.update")
    assert "1 ballots" in block_texts(update.data["blocks"])
    confirm = (await h.fake.response(where=lambda r: r.name == "a1")).data
    assert confirm["text"] == "Your ranking: Up &gt; Her"


async def test_ephemeral_message_is_replaced_through_response_url(h: Harness) -> None:
    await h.slash("/poll", "start Her | Heat")
    await h.fake.response()
    await h.interact(block_actions_payload(h.fake, "poll:vote:1:0", ephemeral=True))
    replaced = await h.fake.response(where=lambda r: r.data.get("replace_original") is True)
    assert "0. Her: 1 votes" in block_texts(replaced.data["blocks"])
    assert not h.fake.calls("api", "chat.update")


async def test_unknown_button_gets_an_ephemeral_error(h: Harness) -> None:
    await h.interact(block_actions_payload(h.fake, "gone:1"))
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "no longer in use" in data["text"]


async def test_rate_modal_suggestions_errors_and_submission(h: Harness) -> None:
    status, body = await h.slash("/rate", "")
    assert (status, body) == (200, "")
    opened = await h.fake.api("views.open")
    assert opened.data["trigger_id"] == "1337.42.trigger"
    view = {**opened.data["view"], "id": "V0001"}
    assert [b["block_id"] for b in view["blocks"]] == ["title", "score", "comment"]

    status, body = await h.interact(block_suggestion_payload(view, "title", "lost"))
    assert status == 200
    options = json.loads(body)["options"]
    assert [o["value"] for o in options] == ["Lost in Translation", "The Lost Weekend", "lost"]

    status, body = await h.interact(
        view_submission_payload(view, {"title": ("select", "Her"), "score": "11"})
    )
    assert status == 200
    assert json.loads(body) == {
        "response_action": "errors",
        "errors": {"score": "score must be from 0 to 10, not 11."},
    }
    assert await h.members() == 0

    values = {"title": ("select", "Lost in Translation"), "score": "9", "comment": "lovely"}
    status, body = await h.interact(view_submission_payload(view, values))
    assert (status, body) == (200, "")
    done = await h.fake.response(where=lambda r: r.name == "r1")
    assert done.data["response_type"] == "in_channel"
    assert done.data["text"] == "ana rated Lost in Translation 9/10: lovely"
    assert await h.members() == 1


async def test_rate_with_arguments_needs_no_modal(h: Harness) -> None:
    await h.slash("/rate", '"Lost in Translation" 9 lovely, really')
    data = (await h.fake.response()).data
    assert data["text"] == "ana rated Lost in Translation 9/10: lovely, really"
    assert not h.fake.calls("api", "views.open")


@pytest.mark.parametrize("problem", ["forged", "wrong secret", "stale timestamp", "unsigned"])
async def test_bad_signatures_are_rejected(h: Harness, problem: str) -> None:
    body = form_body(slash_payload(h.fake, "/rate", "Her 9"))
    if problem == "forged":
        headers = sign(form_body(slash_payload(h.fake, "/rate", "Her 1")))
    elif problem == "wrong secret":
        headers = sign(body, secret="not-the-secret")
    elif problem == "stale timestamp":
        headers = sign(body, timestamp=int(time.time()) - 301)
    else:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = await h.post(body, headers)
    assert status == 401
    await h.fake.settle()
    assert await h.members() == 0
    assert not h.fake.calls("response")
    assert not [r for r in h.fake.records if r.kind == "api" and r.name != "auth.test"]

    status, _ = await h.post(body)
    assert status == 200
    await h.fake.response()
    assert await h.members() == 1


async def test_signed_interaction_with_wrong_secret_is_rejected(h: Harness) -> None:
    body = interactive_body(block_actions_payload(h.fake, "poll:vote:1:0"))
    status, _ = await h.post(body, sign(body, secret="nope"))
    assert status == 401
    await h.fake.settle()
    assert not h.fake.calls("api", "chat.update")


async def test_admin_only_command(h: Harness) -> None:
    await h.slash("/purge", "", user="U100")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "Only club admins" in data["text"]
    await h.slash("/purge", "", user="UADMIN", response_key="r2")
    data = (await h.fake.response(where=lambda r: r.name == "r2")).data
    assert data["text"] == "Purged the test data."
    await h.slash("/purge", "", user="UADMIN", response_key="r3")
    await h.fake.response(where=lambda r: r.name == "r3")
    asked = [r.data["user"] for r in h.fake.calls("api", "users.info")]
    assert asked.count("UADMIN") == 1  # cached


async def test_admin_group_membership(tmp_path: Path) -> None:
    fake = await FakeSlack(usergroups={"film-admins": ["U300"], "other": ["U100"]}).start()
    try:
        async with running(tmp_path, fake, admin_group="@film-admins") as h:
            await h.slash("/purge", "", user="U300")
            assert (await fake.response()).data["text"] == "Purged the test data."
            await h.slash("/purge", "", user="U100", response_key="r2")
            assert "Only club admins" in (await fake.response()).data["text"]
            users = await fake.api("usergroups.users.list")
            assert users.data["usergroup"] == "S0001"
            assert len(fake.calls("api", "usergroups.list")) == 1
    finally:
        await fake.close()


async def test_club_admin_group_set_in_chat(tmp_path: Path) -> None:
    from bot.store import clubs

    fake = await FakeSlack(usergroups={"film-admins": ["U300"], "crew": ["U400"]}).start()
    try:
        async with running(tmp_path, fake, admin_group="@film-admins") as h:
            await h.slash("/purge", "", user="U400")
            assert "Only club admins" in (await fake.response()).data["text"]
            await h.store.write(clubs.set_club_setting, f"slack:{TEAM_ID}", "admin_role", "crew")
            h.services.club_settings.forget(f"slack:{TEAM_ID}")
            await h.slash("/purge", "", user="U400", response_key="r2")
            assert (await fake.response()).data["text"] == "Purged the test data."
            await h.slash("/purge", "", user="U300", response_key="r3")
            assert (await fake.response()).data["text"] == "Purged the test data."
            await h.slash("/purge", "", user="U100", response_key="r4")
            assert "Only club admins" in (await fake.response()).data["text"]
    finally:
        await fake.close()


async def test_oversized_reply_is_split_into_valid_messages(h: Harness) -> None:
    await h.slash("/big", "")
    first = await h.fake.response()
    second = await h.fake.response()
    for message in (first, second):
        assert_block_kit_limits(message.data["blocks"])
    buttons = [
        e
        for m in (first, second)
        for b in m.data["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert len(buttons) == 60
    assert all(len(e["text"]["text"]) <= 75 for e in buttons)


async def test_expired_response_url_falls_back_to_the_web_api(h: Harness) -> None:
    h.fake.expired.add("r9")
    await h.slash("/film", "Her", response_key="r9")
    posted = await h.fake.api("chat.postMessage")
    assert posted.data["channel"] == "C100"
    assert posted.data["blocks"][0]["text"]["text"] == "Her"
    await h.slash("/rate", "Her 12", response_key="r9")
    private = await h.fake.api("chat.postEphemeral")
    assert private.data["user"] == "U100"


async def test_announcer_posts_to_the_channel(h: Harness) -> None:
    outbox = h.services.outbox
    reply = Reply(title="Poll #4 is open", text="Vote until Friday.")
    assert await outbox.announce(Announcement(f"slack:{TEAM_ID}", "C777", reply))
    posted = await h.fake.api("chat.postMessage")
    assert posted.data["channel"] == "C777"
    assert posted.data["text"] == "Poll #4 is open — Vote until Friday."
    assert posted.data["blocks"][0]["type"] == "header"


async def test_stop_unregisters_and_returns(tmp_path: Path, fake: FakeSlack) -> None:
    async with running(tmp_path, fake) as h:
        port = h.adapter.port
        assert port
    reply = Reply(text="late")
    assert not await h.services.outbox.announce(Announcement("slack:T", "C1", reply))
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)


def test_settings_shape_the_client() -> None:
    settings = Settings(slack_bot_token="xoxb-1", slack_signing_secret=SECRET)
    assert api_base_url(settings) == "https://slack.com/api/"
    local = Settings(slack_api_url="http://127.0.0.1:9/api", slack_bot_token="xoxb-1")
    assert api_base_url(local) == "http://127.0.0.1:9/api/"
    no_dispatcher: Any = None
    with pytest.raises(ValueError, match="SLACK_APP_TOKEN"):
        SlackAdapter(no_dispatcher, Settings(slack_bot_token="xoxb-1"))
    with pytest.raises(ValueError, match="SLACK_BOT_TOKEN"):
        SlackAdapter(no_dispatcher, Settings(slack_app_token="xapp-1"))


async def test_failed_modal_falls_back_to_the_usage_error(h: Harness) -> None:
    h.fake.failures["views.open"] = "expired_trigger_id"
    await h.slash("/rate", "")
    data = (await h.fake.response()).data
    assert data["response_type"] == "ephemeral"
    assert "Missing `title`" in data["text"]


def guarded_commands(delay: float = 0.0) -> CommandSet:
    async def lock(services: Services, req: Request) -> Reply:
        await asyncio.sleep(delay)
        return Reply(text=f"Locked: {req.options['reason']}")

    reason = Option("reason", "why", required=True)
    return CommandSet(
        commands=(
            Command("lock", "Lock the club (admins)", (reason,), lock, admin_only=True),
            Command("note", "Leave a slow note", (reason,), lock),
        )
    )


async def test_admin_only_modal_is_not_offered_to_members(tmp_path: Path, fake: FakeSlack) -> None:
    async with running(tmp_path, fake, commands=guarded_commands()) as h:
        await h.slash("/lock", "", user="U100")
        data = (await fake.response()).data
        assert "Only club admins" in data["text"]
        assert not fake.calls("api", "views.open")
        await h.slash("/lock", "", user="UADMIN", response_key="r2")
        view = (await fake.api("views.open")).data["view"]
        assert view["title"]["text"] == "/lock"


async def test_slow_submission_is_acked_before_the_work_ends(
    tmp_path: Path, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slack_app, "ACK_BUDGET", 0.2)
    async with running(tmp_path, fake, commands=guarded_commands(delay=0.8)) as h:
        await h.slash("/note", "")
        view = (await fake.api("views.open")).data["view"]
        started = time.monotonic()
        status, body = await h.interact(view_submission_payload(view, {"reason": "late"}))
        assert (status, body) == (200, "")
        assert time.monotonic() - started < 0.7
        done = await fake.response(where=lambda r: r.name == "r1")
        assert done.data["text"] == "Locked: late"


async def test_only_slash_commands_skip_bolts_dispatch(h: Harness) -> None:
    adapter = h.adapter
    form = slack_app.FORM
    command = b"team_id=T1&user_id=U1&command=%2Ffilm&text=Her&response_url=http%3A%2F%2Fx"
    assert adapter._slash_command(command, form) == {
        "team_id": "T1",
        "user_id": "U1",
        "command": "/film",
        "text": "Her",
        "response_url": "http://x",
    }
    assert adapter._slash_command(b"payload=%7B%7D&command=x", form) is None
    assert adapter._slash_command(b"ssl_check=1&token=x&command=x", form) is None
    assert adapter._slash_command(b'{"command": "/film"}', "application/json") is None
    assert adapter._slash_command(b"\xff\xfe", form) is None
    # Slack's SSL check still gets bolt's answer, through the same endpoint.
    status, _ = await h.post("ssl_check=1&token=abc")
    assert status == 200
    # A slash command without a user is refused as before, without running anything.
    status, body = await h.post("team_id=T1&command=%2Ffilm&text=Her&response_url=http%3A%2F%2Fx")
    assert (status, body) == (400, "no user or team")
