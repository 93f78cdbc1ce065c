"""Past what one process can answer in time, new commands get an immediate "busy";
heavy work is refused first and nothing already accepted is dropped. Real slack-bolt
and discord.py against the local fakes."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.admission import BUSY, Admission, IntakeLag
from adapters.discord import DiscordAdapter
from adapters.discord.intake import command_call, command_path, snowflake_time
from bot.app import App
from bot.commands.spec import Command, CommandSet, Option
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.messages import Reply, Request
from bot.services import Services
from tests.discord_fake import GUILD_ID, FakeDiscord, FakeUser, serving
from tests.discord_fake import running as discord_running
from tests.slack_fake import FakeSlack, Harness, running

pytestmark = pytest.mark.timeout(60)


def timed_commands(seconds: float) -> CommandSet:
    """``/wait`` takes ``seconds``; ``/film`` answers at once; ``/scores`` is heavy."""

    async def wait(services: Services, req: Request) -> Reply:
        await asyncio.sleep(seconds)
        return Reply(text=f"waited for {req.options['who']}")

    async def film(services: Services, req: Request) -> Reply:
        return Reply(text="Her (2013)")

    async def scores(services: Services, req: Request) -> Reply:
        return Reply(text="Critic scores: Her")

    who = Option("who", "who asks", required=True)
    return CommandSet(
        commands=(
            Command("wait", "Take a while", (who,), wait),
            Command("film", "Facts", (Option("title", "a film"),), film),
            Command("scores", "A chart", (Option("title", "a film"),), scores, slow=True),
        )
    )


def test_a_heavy_option_makes_its_command_slow_only_while_it_is_on() -> None:
    from bot.commands import COMMANDS

    scores = COMMANDS.resolve("scores")
    assert scores is not None
    assert scores.is_slow({}) and scores.is_slow({"title": "Her"})
    assert scores.is_slow({"chart": True}) and scores.is_slow({"chart": "yes"})
    assert not scores.is_slow({"chart": False}) and not scores.is_slow({"chart": "no"})
    film = COMMANDS.resolve("film")
    assert film is not None and not film.is_slow({})
    plain = Command("chart", "always slow", (Option("title", "a film"),), slow=True)
    assert plain.is_slow({"title": "Her"})


def test_standing_delay_and_heavy_work_first() -> None:
    now = [0.0]
    admission = Admission(target=1.0, window=0.5, clock=lambda: now[0])
    first = admission.admit()
    second = admission.admit()
    assert first is not None and second is not None
    now[0] = 0.6  # the oldest has waited 0.6 s: heavy work no longer fits, light still does
    assert admission.admit(heavy=True) is None
    light = admission.admit()
    assert light is not None
    now[0] = 1.2
    assert admission.admit() is None
    admission.done(first)  # took 1.2 s
    admission.done(second)
    admission.done(light)  # took 0.6 s: the queue drains, the standing delay is 0.6
    assert admission.standing_delay() == pytest.approx(0.6)
    assert admission.admit() is not None
    now[0] = 2.0  # the window has passed with nothing finished; one is running since 1.2
    assert admission.standing_delay() == pytest.approx(0.8)
    assert admission.stats.refused == 2 and admission.stats.refused_heavy == 1


# -- Slack -------------------------------------------------------------------------------------


@pytest.fixture
async def h(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[Harness]:
    async with running(tmp_path, fake, commands=timed_commands(1.0)) as harness:
        harness.adapter.admission.target = 0.4
        yield harness


async def test_slack_busy_is_the_ack_and_accepted_work_is_finished(h: Harness) -> None:
    accepted = await asyncio.gather(
        *(h.slash("/wait", f"m{i}", response_key=f"w{i}") for i in range(5))
    )
    assert accepted == [(200, "")] * 5
    await asyncio.sleep(0.5)
    status, body = await h.slash("/film", "Her", response_key="late")
    assert status == 200
    assert json.loads(body) == {"text": BUSY, "response_type": "ephemeral"}
    for i in range(5):
        answer = await h.fake.response(where=lambda r, i=i: r.name == f"w{i}")
        assert answer.data["text"] == f"waited for m{i}"
    await asyncio.sleep(0.6)  # the slow ones leave the window; the queue is empty
    assert await h.slash("/film", "Her", response_key="again") == (200, "")
    assert (await h.fake.response(where=lambda r: r.name == "again")).data["text"] == "Her (2013)"
    assert not h.fake.calls("response", "late")
    assert h.adapter.admission.stats.refused == 1


async def test_slack_sheds_charts_before_reads(tmp_path: Path, fake: FakeSlack) -> None:
    async with running(tmp_path, fake, commands=timed_commands(1.5)) as h:
        h.adapter.admission.target = 1.0
        assert await h.slash("/wait", "a", response_key="w") == (200, "")
        await asyncio.sleep(0.7)
        status, body = await h.slash("/scores", "Her", response_key="chart")
        assert status == 200
        assert json.loads(body)["text"] == BUSY
        assert await h.slash("/film", "Her", response_key="read") == (200, "")
        answer = await fake.response(where=lambda r: r.name == "read")
        assert answer.data["text"] == "Her (2013)"
        await fake.response(where=lambda r: r.name == "w")
        assert not fake.calls("response", "chart")


async def test_slack_asks_who_is_admin_only_when_it_matters(h: Harness) -> None:
    await h.slash("/film", "Her", user="U555")
    await h.fake.response()
    assert not h.fake.calls("api", "users.info")


# -- Discord -----------------------------------------------------------------------------------


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


async def test_discord_busy_is_the_interaction_response(
    discord_fake: FakeDiscord, tmp_path: Path
) -> None:
    settings = Settings(
        db_path=str(tmp_path / "club.db"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
    )
    app = await App.open(settings)
    dispatcher = Dispatcher(app.services, timed_commands(1.0))
    adapter = DiscordAdapter(dispatcher, settings, guild_ready_timeout=0.05, defer_after=2.5)
    adapter.admission.target = 0.4
    try:
        async with discord_running(adapter):
            await discord_fake.synced()
            users = [FakeUser(200_000_000_000_000_100 + i, f"M{i}") for i in range(4)]
            waits = [await discord_fake.slash("wait", {"who": u.name}, user=u) for u in users]
            await asyncio.sleep(0.6)
            chart = await discord_fake.slash("scores", {"title": "Her"})
            late = await discord_fake.slash("film", {"title": "Her"})
            for refused in (chart, late):
                answer = await discord_fake.callback(refused)
                assert answer.json["type"] == 4
                assert answer.ephemeral
                assert answer.text() == BUSY
            # turned away from the raw gateway payload, before discord.py parsed them
            assert adapter.guard.turned_away == 2
            for interaction, user in zip(waits, users, strict=True):
                answer = await discord_fake.callback(interaction)
                assert answer.text() == f"waited for {user.name}"
            await asyncio.sleep(0.6)
            after = await discord_fake.slash("film", {"title": "Her"})
            assert (await discord_fake.callback(after)).text() == "Her (2013)"
    finally:
        await app.close()


def snowflake(at: float, sequence: int) -> int:
    """A Discord id: milliseconds since 2015 in the high bits."""
    return ((int(at * 1000) - 1_420_070_400_000) << 22) | (sequence & 0x3FFFFF)


class SnowflakeDiscord(FakeDiscord):
    """Interaction ids that carry their creation time, ``backdate`` seconds ago."""

    def __init__(self) -> None:
        super().__init__()
        self.backdate = 0.0

    def new_id(self) -> int:
        return snowflake(time.time() - self.backdate, next(self._ids))


def test_intake_lag_absorbs_skew_and_ignores_timeless_ids() -> None:
    now = [1_000.0]
    lag = IntakeLag(clock=lambda: now[0])
    assert lag.of(1_000.0 - 0.4) == 0.0  # skew and network: the floor
    now[0] = 1_010.0
    assert lag.of(1_010.0 - 0.4) == 0.0
    assert lag.of(1_010.0 - 2.4) == pytest.approx(2.0, abs=0.02)
    timeless = IntakeLag(clock=lambda: now[0])
    assert timeless.of(0.0) == 0.0 and not timeless.enabled


async def test_discord_leaves_expired_interactions_and_sheds_late_ones(tmp_path: Path) -> None:
    fake = SnowflakeDiscord()
    await fake.start()
    settings = Settings(
        db_path=str(tmp_path / "club.db"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
    )
    app = await App.open(settings)
    adapter = DiscordAdapter(
        Dispatcher(app.services, timed_commands(0.0)), settings, guild_ready_timeout=0.05
    )
    adapter.admission.target = 1.0
    try:
        with fake.patch():
            async with discord_running(adapter):
                await fake.synced()
                fresh = await fake.slash("film", {"title": "Her"})
                assert (await fake.callback(fresh)).text() == "Her (2013)"
                fake.backdate = 0.7  # later than half the target: charts wait, reads go on
                chart = await fake.slash("scores", {"title": "Her"})
                assert (await fake.callback(chart)).text() == BUSY
                read = await fake.slash("film", {"title": "Her"})
                assert (await fake.callback(read)).text() == "Her (2013)"
                fake.backdate = 2.8  # past any use: not answered at all
                late = await fake.slash("film", {"title": "Her"})
                fake.backdate = 0.0
                after = await fake.slash("film", {"title": "Her"})
                assert (await fake.callback(after)).text() == "Her (2013)"
                assert not fake.sent_to(late)
                assert adapter.admission.stats.expired == 1
                assert adapter.guard.turned_away == 1  # the chart, at the gateway
    finally:
        await app.close()
        await fake.close()


def test_intake_reads_the_command_path_and_time_from_the_raw_payload() -> None:
    data = {
        "name": "poll",
        "options": [{"type": 1, "name": "vote", "options": [{"type": 3, "name": "choice"}]}],
    }
    assert command_path(data) == "poll vote"
    assert command_path({"name": "scores", "options": [{"type": 3, "name": "title"}]}) == "scores"
    chart_no = {
        "name": "scores",
        "options": [
            {"type": 3, "name": "title", "value": "Her"},
            {"type": 5, "name": "chart", "value": False},
        ],
    }
    assert command_call(chart_no) == ("scores", {"title": "Her", "chart": False})
    assert snowflake_time(snowflake(1_700_000_000.25, 7)) == pytest.approx(1_700_000_000.25)
