"""Slack HTTP mode as an attacker and a process supervisor meet it: signatures checked
before the body is read, replays refused, anonymous requests refused, the bind address
a setting, and acknowledged commands finished when the process is told to stop."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.slack import SlackAdapter
from adapters.slack.app import NO_IDENTITY
from adapters.slack.signing import RequestGuard
from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from bot.runner import run_app
from tests.conftest import CORPUS
from tests.slack_fake import (
    BOT_TOKEN,
    SECRET,
    FakeSlack,
    Harness,
    block_actions_payload,
    form_body,
    interactive_body,
    running,
    sign,
    slash_payload,
)

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Harness]:
    async with running(tmp_path, fake) as harness:
        yield harness


def _sign_bytes(body: bytes, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack would send with raw bytes (sign() takes text)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
        "Content-Type": "application/x-www-form-urlencoded",
    }


async def post_raw(h: Harness, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    async with h.session.post(h.events_url, data=body, headers=headers) as resp:
        return resp.status, await resp.text()


MALFORMED: dict[str, tuple[bytes, bool, dict[str, str], int]] = {
    # name: (body, signed, header overrides, expected status)
    "unsigned junk": (b"payload=%7Bnot json", False, {}, 401),
    "timestamp not a number": (b"command=%2Ffilm&text=Her", True, {"ts": "soon"}, 401),
    "signature not hex": (b"command=%2Ffilm&text=Her", True, {"sig": "v0=" + "zz" * 32}, 401),
    "signed payload not JSON": (b"payload=%7Bnot json", True, {}, 400),
    "signed payload a list": (b"payload=%5B1%2C2%5D", True, {}, 400),
    "signed body not UTF-8": (b"command=%2Ffilm&text=\xff\xfe", True, {}, 400),
    "signed JSON body not an object": (b"[1, 2]", True, {"json": "1"}, 400),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
async def test_malformed_requests_get_a_4xx_and_no_traceback(
    h: Harness, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    body, signed, tweaks, expected = MALFORMED[case]
    headers = _sign_bytes(body) if signed else {"Content-Type": "application/x-www-form-urlencoded"}
    if "ts" in tweaks:
        headers["X-Slack-Request-Timestamp"] = tweaks["ts"]
    if "sig" in tweaks:
        headers["X-Slack-Signature"] = tweaks["sig"]
    if "json" in tweaks:
        headers["Content-Type"] = "application/json"
    with caplog.at_level(logging.INFO):
        status, _ = await post_raw(h, body, headers)
    assert status == expected
    await h.fake.settle(0.1)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not h.fake.calls("response")
    assert await h.members() == 0


async def test_a_signed_request_is_accepted_once(h: Harness) -> None:
    body = form_body(slash_payload(h.fake, "/rate", "Her 9"))
    headers = sign(body)
    assert (await h.post(body, headers))[0] == 200
    await h.fake.response()
    status, _ = await h.post(body, headers)
    assert status == 401
    click = interactive_body(block_actions_payload(h.fake, "poll:vote:1:0"))
    click_headers = sign(click)
    assert (await h.post(click, click_headers))[0] == 200
    assert (await h.post(click, click_headers))[0] == 401
    await h.fake.settle(0.2)
    assert len(h.fake.calls("response", "r1")) == 1
    assert await h.members() == 1


def test_replay_memory_is_bounded_and_forgets_outside_the_window() -> None:
    now = [1_000_000.0]
    guard = RequestGuard(SECRET, max_remembered=50, clock=lambda: now[0])

    def signed(i: int, at: float) -> tuple[bytes, dict[str, str]]:
        body = f"text={i}".encode()
        return body, _sign_bytes(body, timestamp=int(at))

    first = signed(0, now[0])
    assert guard.check(*first) is None
    replay = guard.check(*first)
    assert replay is not None and replay.reason == "replayed request"
    for i in range(1, 200):
        assert guard.check(*signed(i, now[0])) is None
    assert guard.remembered == 50
    now[0] += 301
    assert guard.check(*signed(500, now[0])) is None
    assert guard.remembered == 1
    stale = guard.check(*signed(501, now[0] - 301))
    assert stale is not None and stale.reason == "stale timestamp"


@pytest.mark.parametrize("missing", ["user_id", "team_id"])
async def test_slash_command_without_user_or_team_is_refused(h: Harness, missing: str) -> None:
    fields = slash_payload(h.fake, "/rate", "Her 9")
    fields[missing] = ""
    status, _ = await h.post(form_body(fields))
    assert status == 400
    await h.fake.settle(0.2)
    assert not h.fake.calls("response")
    assert await h.members() == 0


async def test_interaction_without_user_is_refused(h: Harness) -> None:
    await h.slash("/poll", "start Her | Heat")
    await h.fake.response()
    payload = block_actions_payload(h.fake, "poll:vote:1:0")
    payload["user"] = {"id": "", "team_id": ""}
    status, _ = await h.interact(payload)
    assert status == 400
    await h.fake.settle(0.2)
    assert not h.fake.calls("api", "chat.update")
    assert not h.fake.calls("response", "a1")


def test_slack_host_is_a_setting() -> None:
    assert Settings.from_env({}, env_file=None).slack_host == "0.0.0.0"
    settings = Settings.from_env(
        {"SLACK_HOST": "127.0.0.2", "FILMCLUB_SHUTDOWN_GRACE": "4.5"}, env_file=None
    )
    assert settings.slack_host == "127.0.0.2"
    assert settings.shutdown_grace == 4.5
    assert Settings.from_env({}, env_file=None).shutdown_grace == 30.0
    with pytest.raises(ValueError, match="FILMCLUB_SHUTDOWN_GRACE"):
        Settings.from_env({"FILMCLUB_SHUTDOWN_GRACE": "soon"}, env_file=None)


async def test_adapter_binds_to_slack_host(app_with_slack: AppWithSlack) -> None:
    settings = app_with_slack.settings
    adapter = SlackAdapter(app_with_slack.app.dispatcher, settings)
    task = asyncio.create_task(adapter.run())
    try:
        await adapter.wait_ready(10)
        assert adapter.host == "127.0.0.2"
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.2:{adapter.port}/healthz") as resp:
                assert resp.status == 200
            with pytest.raises(aiohttp.ClientConnectionError):
                await session.get(f"http://127.0.0.1:{adapter.port}/healthz")
    finally:
        await adapter.stop()
        await asyncio.wait_for(task, 15)


# -- stopping with acknowledged work -----------------------------------------------------------


class SlowSlack(FakeSlack):
    """Slack whose response URLs answer only after ``delay`` seconds."""

    delay = 0.0

    async def _respond(self, request: web.Request) -> web.Response:
        await asyncio.sleep(self.delay)
        return await super()._respond(request)


class AppWithSlack:
    def __init__(self, app: App, settings: Settings, fake: SlowSlack) -> None:
        self.app = app
        self.settings = settings
        self.fake = fake


@pytest.fixture
async def app_with_slack(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    fake = SlowSlack()
    await fake.start()
    grace = getattr(request, "param", 30.0)
    settings = Settings(
        db_path=str(tmp_path / "club.db"),
        chart_dir=str(tmp_path / "charts"),
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_port=0,
        slack_host="127.0.0.2",
        slack_api_url=fake.api_url,
        shutdown_grace=grace,
    )
    app = await App.open(settings)
    await ingest_paths(app.store, [CORPUS])
    try:
        yield AppWithSlack(app, settings, fake)
    finally:
        await app.close()
        await fake.close()


async def rate_twenty(adapter: SlackAdapter, fake: FakeSlack) -> None:
    url = f"http://127.0.0.2:{adapter.port}/slack/events"
    async with aiohttp.ClientSession() as session:

        async def one(i: int) -> int:
            fields = slash_payload(
                fake, "/rate", f"Her {i % 11}", user=f"U{i:03}", response_key=f"k{i}"
            )
            body = form_body(fields)
            async with session.post(url, data=body.encode(), headers=sign(body)) as resp:
                return resp.status

        statuses = await asyncio.gather(*(one(i) for i in range(20)))
    assert statuses == [200] * 20


async def started(app: App, settings: Settings) -> tuple[SlackAdapter, asyncio.Task[None]]:
    adapter = SlackAdapter(app.dispatcher, settings)
    task = asyncio.create_task(run_app(app, [adapter]))
    await adapter.wait_ready(10)
    return adapter, task


async def test_sigterm_finishes_every_acknowledged_command(app_with_slack: AppWithSlack) -> None:
    app, fake = app_with_slack.app, app_with_slack.fake
    # Slower than a few seconds, well within the default grace of 30 s.
    fake.delay = 6.0
    adapter, task = await started(app, app_with_slack.settings)
    await rate_twenty(adapter, fake)
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.sleep(0.1)
    # No new requests once stopping: the listening socket is closed.
    with pytest.raises(aiohttp.ClientConnectionError):
        async with aiohttp.ClientSession() as session:
            await session.get(f"http://127.0.0.2:{adapter.port}/healthz")
    await asyncio.wait_for(task, 20)
    answered = {r.name for r in fake.calls("response")}
    assert answered == {f"k{i}" for i in range(20)}
    rows = await app.store.fetchall("SELECT COUNT(*) FROM ratings")
    assert rows[0][0] == 20


@pytest.mark.parametrize("app_with_slack", [0.5], indirect=True)
async def test_work_left_at_the_end_of_the_grace_is_named(
    app_with_slack: AppWithSlack, caplog: pytest.LogCaptureFixture
) -> None:
    app, fake = app_with_slack.app, app_with_slack.fake
    fake.delay = 20.0
    adapter, task = await started(app, app_with_slack.settings)
    await rate_twenty(adapter, fake)
    began = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="adapters.slack.app"):
        await adapter.stop()
        await asyncio.wait_for(task, 10)
    assert time.monotonic() - began < 5
    [warning] = [r for r in caplog.records if "abandoned" in r.getMessage()]
    message = warning.getMessage()
    assert message.startswith("20 Slack requests still running after 0.5s")
    assert "/rate Her 3 (member U003)" in message


async def test_socket_mode_refuses_a_command_without_a_user(
    tmp_path: Path, fake: FakeSlack
) -> None:
    async with running(tmp_path, fake, socket=True) as h:
        fields = slash_payload(fake, "/rate", "Her 9")
        fields["user_id"] = ""
        envelope = await fake.send_envelope("slash_commands", fields)
        ack = await fake.ack(envelope)
        assert ack["payload"] == {"text": NO_IDENTITY, "response_type": "ephemeral"}
        await fake.settle(0.2)
        assert not fake.calls("response")
        assert await h.members() == 0
