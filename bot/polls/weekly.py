"""When a weekly poll opens: the same local wall time every week, in its own zone.

The schedule is kept as weekday + local HH:MM + IANA zone, and every opening is
computed from those with zoneinfo, so a daylight-saving change never moves a
19:00 poll to 18:00 or 20:00. See :mod:`bot.polls.localtime` for local times
that fall in a spring-forward gap or a fall-back overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.polls.localtime import resolve_local
from bot.polls.models import WeeklySchedule


def next_occurrence(weekday: int, at: time, zone: ZoneInfo, after: datetime) -> datetime:
    """The first instant strictly after ``after`` that is ``weekday`` ``at`` in ``zone`` (UTC)."""
    start = after.astimezone(zone).date() - timedelta(days=1)
    for ahead in range(16):
        day = start + timedelta(days=ahead)
        if day.weekday() != weekday:
            continue
        when = resolve_local(day, at, zone)
        if when > after:
            return when
    raise AssertionError("a weekday recurs within sixteen days")


@dataclass(frozen=True)
class Opening:
    """What to do with a weekly schedule that is due.

    ``opens_at`` is the most recent scheduled opening that has come, or None when
    its whole voting window passed while the bot was not running (the poll is
    then skipped, as a poll nobody could vote in would be). ``skipped`` counts
    the openings missed entirely; ``next_open_at`` is the first one still ahead.
    """

    opens_at: datetime | None
    closes_at: datetime | None
    next_open_at: datetime
    skipped: int


def plan_opening(schedule: WeeklySchedule, now: datetime) -> Opening:
    zone = ZoneInfo(schedule.zone)
    at = time(schedule.hour, schedule.minute)
    latest = schedule.next_open_at
    skipped = 0
    following = next_occurrence(schedule.weekday, at, zone, latest)
    while following <= now:
        latest, skipped = following, skipped + 1
        following = next_occurrence(schedule.weekday, at, zone, latest)
    closes = latest + schedule.duration
    if closes <= now:
        return Opening(None, None, following, skipped + 1)
    return Opening(latest, closes, following, skipped)
