"""The composition in bot.runner: Discord and Slack in one process, on one SQLite file,
driven by real discord.py and slack-bolt against the local fakes over loopback."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from adapters.discord import DiscordAdapter
from adapters.slack import SlackAdapter
from bot.app import Adapter, App
from bot.clock import ManualClock
from bot.config import Settings
from bot.messages import Announcement, Reply
from bot.runner import chat_adapters, load_bundled_corpus, run_app
from tests.conftest import REPO
from tests.discord_fake import (
    ALICE,
    BOB,
    CHANNEL_ID,
    GUILD_ID,
    Captured,
    FakeDiscord,
    Interaction,
    serving,
)
from tests.polls_helpers import START
from tests.slack_fake import (
    APP_TOKEN,
    BOT_TOKEN,
    SECRET,
    TEAM_ID,
    FakeSlack,
    form_body,
    sign,
    slash_payload,
)

pytestmark = pytest.mark.timeout(60)

WAIT = 15.0
DISCORD_CLUB = f"discord:{GUILD_ID}"
SLACK_CLUB = f"slack:{TEAM_ID}"
SLACK_CHANNEL = "C100"
NOTICE = "No Discord or Slack tokens in .env: starting the local console."


# -- fakes and settings ----------------------------------------------------------------------


@pytest.fixture
async def discord() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    yield server
    await server.close()


@pytest.fixture
def both(tmp_path: Path, discord: FakeDiscord, slack: FakeSlack) -> Settings:
    return Settings(
        db_path=str(tmp_path / "club.db"),
        chart_dir=str(tmp_path / "charts"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SECRET,
        slack_port=0,
        slack_api_url=slack.api_url,
    )


@pytest.fixture
async def loop_problems() -> AsyncIterator[list[dict[str, Any]]]:
    """What the event loop reports: pending tasks destroyed, unclosed sessions, errors."""
    loop = asyncio.get_running_loop()
    seen: list[dict[str, Any]] = []
    previous = loop.get_exception_handler()
    loop.set_exception_handler(lambda _loop, context: seen.append(context))
    yield seen
    loop.set_exception_handler(previous)


# -- running the composition -------------------------------------------------------------------


@dataclass
class Running:
    app: App
    adapters: list[Adapter]
    task: asyncio.Task[None]

    def adapter(self, kind: type[Any]) -> Any:
        (found,) = [a for a in self.adapters if isinstance(a, kind)]
        return found

    @property
    def discord(self) -> DiscordAdapter:
        found: DiscordAdapter = self.adapter(DiscordAdapter)
        return found

    @property
    def slack(self) -> SlackAdapter:
        found: SlackAdapter = self.adapter(SlackAdapter)
        return found

    async def finished(self) -> None:
        await asyncio.wait_for(self.task, WAIT)


async def adapter_up(adapter: Adapter) -> None:
    if isinstance(adapter, DiscordAdapter):
        await adapter.ready.wait()
    elif isinstance(adapter, SlackAdapter):
        await adapter.wait_ready(WAIT)


@asynccontextmanager
async def composed(app: App, settings: Settings) -> AsyncIterator[Running]:
    """``run_app(app, chat_adapters(app, settings))`` as a task, once every adapter is up.
    Whatever the block leaves running is cancelled, which stops it the way Ctrl-C would."""
    adapters = chat_adapters(app, settings)
    for adapter in adapters:
        if isinstance(adapter, DiscordAdapter):
            adapter.guild_ready_timeout = 0.05
    task = asyncio.create_task(run_app(app, adapters))
    up = asyncio.ensure_future(asyncio.gather(*(adapter_up(a) for a in adapters)))
    first: set[asyncio.Future[Any]] = {up, task}
    try:
        done, _ = await asyncio.wait(first, timeout=WAIT, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()
            raise AssertionError("run_app returned before the adapters were up")
        if up not in done:
            raise TimeoutError("the adapters did not come up")
        yield Running(app, adapters, task)
    finally:
        up.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await up
        if not task.done():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT)


def runner_tasks() -> list[str]:
    names = {t.get_name() for t in asyncio.all_tasks() if not t.done()}
    return sorted(n for n in names if n.startswith(("adapter-", "poll-scheduler")))


def real_problems(seen: list[dict[str, Any]]) -> list[str]:
    gc.collect()
    return [str(c.get("message")) for c in seen]


# -- talking to the fakes ----------------------------------------------------------------------


async def discord_answer(fake: FakeDiscord, interaction: Interaction) -> str:
    callback = await fake.callback(interaction, within=WAIT)
    if callback.json["type"] == 5:
        (followup,) = await fake.followups(interaction, within=WAIT)
        return followup.text()
    return callback.text()


async def slack_post(
    fake: FakeSlack, adapter: SlackAdapter, command: str, text: str, key: str, **kw: Any
) -> None:
    """POST a signed slash command to the adapter's HTTP endpoint."""
    body = form_body(slash_payload(fake, command, text, response_key=key, **kw))
    url = f"http://127.0.0.1:{adapter.port}/slack/events"
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode(), headers=sign(body)) as resp,
    ):
        assert resp.status == 200, await resp.text()


async def slack_command(
    fake: FakeSlack, adapter: SlackAdapter, command: str, text: str, key: str, **kw: Any
) -> str:
    """POST a signed slash command to the adapter's HTTP endpoint; the text it answers."""
    await slack_post(fake, adapter, command, text, key, **kw)
    record = await fake.response(where=lambda r: r.name == key, wait_s=WAIT)
    return json.dumps(record.data, ensure_ascii=False)


async def poll_states(app: App) -> list[tuple[str, str, str]]:
    rows = await app.store.fetchall(
        "SELECT c.key, p.number, p.state FROM polls p JOIN clubs c ON c.id = p.club_id"
        " ORDER BY c.key, p.number"
    )
    return [(str(r[0]), f"#{r[1]}", str(r[2])) for r in rows]


def channel_post(channel_id: int) -> Callable[[Captured], bool]:
    path = f"/channels/{channel_id}/messages"
    return lambda r: r.method == "POST" and r.path == path


def channel_posts(fake: FakeDiscord) -> list[Captured]:
    return fake.matching(lambda r: r.method == "POST" and r.path.startswith("/channels/"))


# -- 1. one process, two platforms, one file --------------------------------------------------


async def test_discord_and_slack_share_one_store_and_announce_on_their_own_platform(
    both: Settings,
    discord: FakeDiscord,
    slack: FakeSlack,
    loop_problems: list[dict[str, Any]],
) -> None:
    clock = ManualClock(START)
    app = await App.open(both, clock=clock)
    try:
        assert await load_bundled_corpus(app) is not None
        async with composed(app, both) as running:
            assert [a.platform for a in running.adapters] == ["discord", "slack"]
            assert running.discord.dispatcher is app.dispatcher
            assert running.slack.dispatcher is app.dispatcher
            assert running.discord.dispatcher.services.store is app.store
            assert running.slack.dispatcher.services.store is app.store
            assert running.slack.socket_mode is False and running.slack.port
            await discord.synced(GUILD_ID, within=WAIT)

            rated = await discord.slash("rate", {"title": "Her", "score": "9"}, user=ALICE)
            assert "Rated Her (2013): 9/10." in await discord_answer(discord, rated)
            answer = await slack_command(slack, running.slack, "/rate", "Her 7", "rate")
            assert "Rated Her (2013): 7/10." in answer

            with sqlite3.connect(both.db_path) as conn:
                rows = conn.execute(
                    "SELECT c.key, m.name, r.score FROM ratings r"
                    " JOIN clubs c ON c.id = r.club_id JOIN members m ON m.id = r.member_id"
                    " ORDER BY c.key"
                ).fetchall()
            conn.close()
            assert rows == [(DISCORD_CLUB, "Alice", 9.0), (SLACK_CLUB, "ana", 7.0)]

            started = await discord.slash(
                "poll start", {"options": "Alien | Heat", "duration": "1h"}, user=ALICE
            )
            assert "started poll #1" in await discord_answer(discord, started)
            voted = await discord.slash("poll vote", {"choice": "Heat"}, user=BOB)
            assert "Your vote in poll #1" in await discord_answer(discord, voted)
            # The poll message is posted by the bot, to be edited in place later.
            await slack_post(slack, running.slack, "/poll", "start Ran | Vertigo 1h", "start")
            poll_post = await slack.api("chat.postMessage", wait_s=WAIT)
            assert "started poll #1" in json.dumps(poll_post.data, ensure_ascii=False)
            answer = await slack_command(
                slack, running.slack, "/poll", "vote Vertigo", "vote", user="U200", user_name="bo"
            )
            assert "Your vote in poll #1" in answer
            assert channel_posts(discord) == []
            assert len(slack.calls("api", "chat.postMessage")) == 1

            clock.advance(timedelta(hours=1))
            closed = await discord.wait_one(channel_post(CHANNEL_ID), within=WAIT)
            assert "Poll #1 closed: Heat wins" in closed.text()
            posted = await slack.api("chat.postMessage", wait_s=WAIT)
            assert posted.data["channel"] == SLACK_CHANNEL
            slack_text = json.dumps(posted.data, ensure_ascii=False)
            assert "Poll #1 closed: Vertigo wins" in slack_text
            await asyncio.sleep(0.3)
            assert [r.path for r in channel_posts(discord)] == [f"/channels/{CHANNEL_ID}/messages"]
            assert len(slack.calls("api", "chat.postMessage")) == 2
            assert "Vertigo" not in closed.text() and "Heat" not in slack_text
            assert await poll_states(app) == [
                (DISCORD_CLUB, "#1", "closed"),
                (SLACK_CLUB, "#1", "closed"),
            ]

            slack_port = running.slack.port
            assert sorted(runner_tasks()) == ["adapter-discord", "adapter-slack", "poll-scheduler"]
            await running.discord.stop()
            await running.finished()
            assert running.task.result() is None
            assert runner_tasks() == []
            assert running.discord.client is not None and running.discord.client.is_closed()
            with pytest.raises(aiohttp.ClientConnectionError):
                async with (
                    aiohttp.ClientSession() as session,
                    session.get(f"http://127.0.0.1:{slack_port}/healthz"),
                ):
                    pass
            late = Announcement(DISCORD_CLUB, str(CHANNEL_ID), Reply(text="after the end"))
            assert await app.services.outbox.announce(late) is False
            assert await app.services.outbox.announce(replace(late, club=SLACK_CLUB)) is False
    finally:
        await app.close()
    assert real_problems(loop_problems) == []


# -- 2. restart catch-up -----------------------------------------------------------------------


async def test_poll_due_while_the_bot_was_down_closes_once_late_on_discord(
    tmp_path: Path, discord: FakeDiscord, loop_problems: list[dict[str, Any]]
) -> None:
    settings = Settings(
        db_path=str(tmp_path / "restart.db"),
        chart_dir=str(tmp_path / "charts"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
    )
    first = await App.open(settings, clock=ManualClock(START))
    try:
        async with composed(first, settings) as running:
            assert [a.platform for a in running.adapters] == ["discord"]
            await discord.synced(GUILD_ID, within=WAIT)
            started = await discord.slash(
                "poll start", {"options": "Alien | Heat", "duration": "1h"}, user=ALICE
            )
            assert "started poll #1" in await discord_answer(discord, started)
            voted = await discord.slash("poll vote", {"choice": "Alien"}, user=BOB)
            assert "Your vote in poll #1" in await discord_answer(discord, voted)
            running.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await running.finished()
            assert runner_tasks() == []
    finally:
        await first.close()
    assert channel_posts(discord) == []

    second = await App.open(settings, clock=ManualClock(START + timedelta(hours=3)))
    try:
        assert await poll_states(second) == [(DISCORD_CLUB, "#1", "open")]
        async with composed(second, settings) as running:
            closed = await discord.wait_one(channel_post(CHANNEL_ID), within=WAIT)
            text = closed.text()
            assert "Poll #1 closed: Alien wins" in text
            # Discord shows the time in each reader's zone.
            unix = int((START + timedelta(hours=1)).timestamp())
            assert f"closed late: the bot was offline at <t:{unix}:F> (<t:{unix}:R>)" in text
            assert await poll_states(second) == [(DISCORD_CLUB, "#1", "closed")]
            await asyncio.sleep(0.3)
            assert len(channel_posts(discord)) == 1
            signal.raise_signal(signal.SIGTERM)
            await running.finished()
            assert runner_tasks() == []
    finally:
        await second.close()
    assert len(channel_posts(discord)) == 1
    assert real_problems(loop_problems) == []


# -- 3. which adapters run -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        ({}, []),
        ({"discord_token": "d"}, [DiscordAdapter]),
        ({"slack_bot_token": BOT_TOKEN}, []),
        ({"slack_app_token": APP_TOKEN, "slack_signing_secret": SECRET}, []),
        ({"slack_bot_token": BOT_TOKEN, "slack_signing_secret": SECRET}, [SlackAdapter]),
        ({"slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN}, [SlackAdapter]),
        (
            {"discord_token": "d", "slack_bot_token": BOT_TOKEN, "slack_app_token": APP_TOKEN},
            [DiscordAdapter, SlackAdapter],
        ),
    ],
)
async def test_chat_adapters_picks_what_the_tokens_enable(
    app: App, settings: Settings, tokens: dict[str, Any], expected: list[type[Any]]
) -> None:
    configured = replace(settings, **tokens)
    adapters = chat_adapters(app, configured)
    assert [type(a) for a in adapters] == expected
    for adapter in adapters:
        assert isinstance(adapter, DiscordAdapter | SlackAdapter)
        assert adapter.dispatcher is app.dispatcher
        assert adapter.settings is configured
    slack_adapters = [a for a in adapters if isinstance(a, SlackAdapter)]
    if slack_adapters:
        assert slack_adapters[0].socket_mode is bool(configured.slack_app_token)


# -- 4. the command line from another directory ----------------------------------------------


@pytest.mark.parametrize(
    "dotenv",
    ["", 'DISCORD_TOKEN=\nSLACK_BOT_TOKEN=""\n', f"SLACK_BOT_TOKEN={BOT_TOKEN}\n"],
    ids=["empty", "blank-values", "slack-without-mode"],
)
def test_run_from_another_directory_falls_back_to_the_console(tmp_path: Path, dotenv: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / ".env").write_text(dotenv, encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_", "FILMCLUB_"))
    }
    env["PYTHONPATH"] = str(REPO)
    out = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--db", "club.db", "--user", "ada"],
        input="/rate Her 8\n",
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.splitlines().count(NOTICE) == 1
    assert "Loaded 1 film" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.strip() == "Rated Her (2013): 8/10."
    with sqlite3.connect(elsewhere / "club.db") as conn:
        rows = conn.execute(
            "SELECT c.key, r.score FROM ratings r JOIN clubs c ON c.id = r.club_id"
        ).fetchall()
    conn.close()
    assert len(rows) == 1 and rows[0][1] == 8.0
    assert not (elsewhere / "data").exists()


def test_chat_processes_run_on_uvloop_when_it_is_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from bot.runner import event_loop_name, run_on_loop

    discord = Settings(discord_token="t")
    console = Settings()
    assert event_loop_name(console) == "asyncio"
    assert event_loop_name(Settings(discord_token="t", event_loop="asyncio")) == "asyncio"
    try:
        importlib.import_module("uvloop")
    except ImportError:
        assert event_loop_name(discord) == "asyncio"
    else:
        assert event_loop_name(discord) == "uvloop"

        async def loop_type() -> str:
            return type(asyncio.get_running_loop()).__module__

        assert run_on_loop(loop_type(), "uvloop").startswith("uvloop")
    assert run_on_loop(asyncio.sleep(0, "done"), "asyncio") == "done"
    # Without uvloop the choice falls back to asyncio's own loop, asked for or not.
    real_import = importlib.import_module

    def no_uvloop(name: str, package: str | None = None) -> Any:
        if name == "uvloop":
            raise ImportError(name)
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", no_uvloop)
    assert event_loop_name(discord) == "asyncio"
    assert event_loop_name(Settings(discord_token="t", event_loop="uvloop")) == "asyncio"


def test_event_loop_setting() -> None:
    assert Settings.from_env({}, env_file=None).event_loop == "auto"
    assert (
        Settings.from_env({"FILMCLUB_EVENT_LOOP": "UVLoop"}, env_file=None).event_loop == "uvloop"
    )
    with pytest.raises(ValueError, match="FILMCLUB_EVENT_LOOP"):
        Settings.from_env({"FILMCLUB_EVENT_LOOP": "trio"}, env_file=None)
