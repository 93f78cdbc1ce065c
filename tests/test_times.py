"""Times travel as typed values: each front end shows them its own way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from adapters.discord.render import render as discord_render
from adapters.slack.blocks import reply_blocks
from bot.messages import Reply, Rich, Timestamp
from bot.polls.render import poll_message
from bot.store import polls
from tests.polls_helpers import Club, add_films, open_club

PARIS = ZoneInfo("Europe/Paris")
AT = datetime(2026, 3, 25, 10, 0, tzinfo=UTC)  # Wed 25 Mar 11:00 CET


@pytest.fixture
async def club(tmp_path: Path) -> AsyncIterator[Club]:
    c = await open_club(str(tmp_path / "t.db"))
    await add_films(c.store)
    yield c
    await c.store.close()


def test_rich_text_reads_in_the_club_zone_and_keeps_its_times() -> None:
    stamp = Timestamp(AT, PARIS)
    text = Rich.joined(" · ", ["single choice", Rich("closes ", stamp), "vote: /poll vote 1"])
    assert text == "single choice · closes Wed 25 Mar 11:00 CET · vote: /poll vote 1"
    assert text.times == (stamp,)
    padded = Rich("  closes ", stamp, "\n")
    assert padded.strip() == "closes Wed 25 Mar 11:00 CET"
    assert isinstance(padded.strip(), Rich) and padded.strip().times == (stamp,)
    assert (
        Rich("x ", text)
        .render(lambda t: f"[{t.unix}]")
        .endswith(f"closes [{int(AT.timestamp())}] · vote: /poll vote 1")
    )
    assert Timestamp(AT, PARIS, year=True).local() == "Wed 25 Mar 2026 11:00 CET"


async def poll_reply(club: Club) -> Reply:
    await club.say("/poll start Alien | Heat 2d")
    poll = await club.store.read(polls.find_poll, club.key, "gen", 1)
    assert poll is not None
    return poll_message(poll, None, PARIS)


async def test_discord_gets_timestamp_markup_outside_the_footer(club: Club) -> None:
    reply = await poll_reply(club)
    unix = int(AT.timestamp())
    (message,) = discord_render(reply)
    (embed,) = message.embeds
    assert embed.description is not None
    assert f"closes <t:{unix}:F> (<t:{unix}:R>)" in embed.description
    assert embed.footer.text is None  # markup does not render in footers: moved up
    assert "Wed 25 Mar" not in embed.description


async def test_slack_gets_date_tokens_with_a_club_zone_fallback(club: Club) -> None:
    reply = await poll_reply(club)
    unix = int(AT.timestamp())
    footer = reply_blocks(reply)[-1]
    assert footer["type"] == "context"
    text = footer["elements"][0]["text"]
    assert f"closes <!date^{unix}^{{date_short_pretty}} {{time}}|Wed 25 Mar 11:00 CET>" in text


async def test_console_keeps_the_club_zone(club: Club) -> None:
    reply = await poll_reply(club)
    assert "closes Wed 25 Mar 11:00 CET" in reply.plain_text()
    assert "<t:" not in reply.plain_text() and "<!date" not in reply.plain_text()


async def test_errors_about_times_state_a_year_that_is_not_this_one(club: Club) -> None:
    past = await club.say("/poll start Alien | Heat until 2025-03-01 18:00")
    assert past.error and past.text == "Sat 1 Mar 2025 18:00 CET has already passed."
    same_year = await club.say("/poll start Alien | Heat until 2026-03-01 18:00")
    assert same_year.error and same_year.text == "Sun 1 Mar 18:00 CET has already passed."
    await club.say("/poll start Alien | Heat 1d")
    club.clock.advance(timedelta(days=400))
    late = await club.say("/poll vote Heat", "bob")
    assert late.error and "Poll #1 closed at Tue 24 Mar 2026 11:00 CET" in late.text
    this_year = await club.say("/poll start Alien | Heat 1d")
    assert not this_year.error
    club.clock.advance(timedelta(days=2))
    recent = await club.say("/poll vote Heat #2", "bob")
    assert recent.error and "Poll #2 closed at Wed 28 Apr 12:00 CEST;" in recent.text
