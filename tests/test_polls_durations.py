"""Poll durations and deadlines, and reading the free-form part of /poll start."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UserError
from bot.polls.durations import parse_deadline, parse_span
from bot.polls.models import Mode
from bot.polls.startline import split_start

PARIS = ZoneInfo("Europe/Paris")
# Monday 23 March 2026, 11:00 in Paris (CET, UTC+1).
NOW = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2d", timedelta(days=2)),
        ("36h", timedelta(hours=36)),
        ("90m", timedelta(minutes=90)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1w", timedelta(weeks=1)),
        ("1d 6h", timedelta(days=1, hours=6)),
    ],
)
def test_spans(text: str, span: timedelta) -> None:
    assert parse_span(text) == span
    assert parse_deadline(text, NOW, PARIS) == NOW + span


def test_default_is_three_days() -> None:
    assert parse_deadline(None, NOW, PARIS) == NOW + timedelta(days=3)


def test_at_most_32_days() -> None:
    assert parse_deadline("32d", NOW, PARIS) == NOW + timedelta(days=32)
    with pytest.raises(UserError, match="at most 32 days"):
        parse_deadline("33d", NOW, PARIS)
    with pytest.raises(UserError, match="at least a minute"):
        parse_deadline("0m", NOW, PARIS)


def test_until_weekday_in_the_club_zone() -> None:
    end = parse_deadline("until fri 18:00", NOW, PARIS)
    assert end == datetime(2026, 3, 27, 17, 0, tzinfo=UTC)  # 18:00 CET


def test_until_across_a_dst_change_keeps_the_wall_time() -> None:
    # From Friday 27 March to Tuesday 31 March, across the spring-forward night.
    friday = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
    end = parse_deadline("until tue 18:00", friday, PARIS)
    assert end.astimezone(PARIS).hour == 18
    assert end == datetime(2026, 3, 31, 16, 0, tzinfo=UTC)  # 18:00 CEST


def test_until_time_today_or_tomorrow() -> None:
    assert parse_deadline("until 18:00", NOW, PARIS) == datetime(2026, 3, 23, 17, tzinfo=UTC)
    assert parse_deadline("until 09:00", NOW, PARIS) == datetime(2026, 3, 24, 8, tzinfo=UTC)
    assert parse_deadline("until tomorrow 9pm", NOW, PARIS) == datetime(2026, 3, 24, 20, tzinfo=UTC)
    assert parse_deadline("until 2026-04-03 18:00", NOW, PARIS) == datetime(
        2026, 4, 3, 16, tzinfo=UTC
    )


def test_until_same_weekday_later_today_or_next_week() -> None:
    assert parse_deadline("until mon 18:00", NOW, PARIS) == datetime(2026, 3, 23, 17, tzinfo=UTC)
    assert parse_deadline("until mon 08:00", NOW, PARIS) == datetime(2026, 3, 30, 6, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "did not understand the duration"),
        ("until fri", "give a time too"),
        ("until blursday 18:00", "is not a day"),
        ("until 2026-03-01 18:00", "already passed"),
        ("until 2026-06-01 18:00", "at most 32 days"),
    ],
)
def test_bad_deadlines(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_deadline(text, NOW, PARIS)


def test_split_start_titles_duration_and_question() -> None:
    args = split_start(("Friday film? Alien", "Heat", "Her 2d"), None, None)
    assert args.question == "Friday film?"
    assert args.titles == ("Alien", "Heat", "Her")
    assert args.deadline == "2d"
    assert args.mode is None


def test_split_start_trailing_until_and_mode() -> None:
    args = split_start(("Alien", "Heat until fri 18:00 ranked"), None, None)
    assert args.titles == ("Alien", "Heat")
    assert args.deadline == "until fri 18:00"
    assert args.mode is Mode.RANKED


def test_split_start_leading_until_taken_alone_by_the_parser() -> None:
    args = split_start(("fri 18:00 Alien", "Heat"), "until", None)
    assert args.deadline == "until fri 18:00"
    assert args.titles == ("Alien", "Heat")


def test_split_start_keeps_titles_that_merely_contain_until() -> None:
    args = split_start(("Alien", "Until Dawn"), None, None)
    assert args.titles == ("Alien", "Until Dawn")
    assert args.deadline is None


def test_split_start_only_a_duration() -> None:
    assert split_start(("36h",), None, None).titles == ()
    assert split_start(("36h",), None, None).deadline == "36h"
