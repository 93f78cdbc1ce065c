"""Weekly openings keep their local wall time across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from bot.polls.models import Mode, WeeklySchedule
from bot.polls.weekly import next_occurrence, plan_opening

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")
FRIDAY, SUNDAY = 4, 6


def openings(weekday: int, at: time, zone: ZoneInfo, start: datetime, count: int) -> list[datetime]:
    out, after = [], start
    for _ in range(count):
        after = next_occurrence(weekday, at, zone, after)
        out.append(after)
    return out


@pytest.mark.parametrize(
    ("zone", "start", "utc_hours"),
    [
        # Paris springs forward on Sunday 29 March 2026: 19:00 is 18:00 UTC, then 17:00 UTC.
        (PARIS, datetime(2026, 3, 15, tzinfo=UTC), [18, 18, 17, 17]),
        # Paris falls back on Sunday 25 October 2026: 17:00 UTC, then 18:00 UTC.
        (PARIS, datetime(2026, 10, 11, tzinfo=UTC), [17, 17, 18, 18]),
        # New York springs forward on 8 March 2026 and falls back on 1 November 2026.
        (NEW_YORK, datetime(2026, 2, 22, tzinfo=UTC), [0, 0, 23, 23]),
        (NEW_YORK, datetime(2026, 10, 18, tzinfo=UTC), [23, 23, 0, 0]),
    ],
)
def test_sunday_19h_stays_19h_local(zone: ZoneInfo, start: datetime, utc_hours: list[int]) -> None:
    found = openings(SUNDAY, time(19), zone, start, 4)
    assert [w.astimezone(zone).hour for w in found] == [19, 19, 19, 19]
    assert [w.astimezone(zone).weekday() for w in found] == [SUNDAY] * 4
    assert [w.hour for w in found] == utc_hours
    gaps = {b - a for a, b in pairwise(found)}
    assert timedelta(days=7) in gaps and len(gaps) == 2  # one week is an hour short or long


def test_friday_evening_across_both_paris_changes() -> None:
    spring = openings(FRIDAY, time(19), PARIS, datetime(2026, 3, 20, tzinfo=UTC), 2)
    assert [w.astimezone(PARIS).strftime("%a %d %H:%M %Z") for w in spring] == [
        "Fri 20 19:00 CET",
        "Fri 27 19:00 CET",
    ]
    after = next_occurrence(FRIDAY, time(19), PARIS, spring[-1])
    assert after.astimezone(PARIS).strftime("%a %d %H:%M %Z") == "Fri 03 19:00 CEST"
    autumn = openings(FRIDAY, time(19), PARIS, datetime(2026, 10, 20, tzinfo=UTC), 2)
    assert [w.astimezone(PARIS).strftime("%d %H:%M %Z") for w in autumn] == [
        "23 19:00 CEST",
        "30 19:00 CET",
    ]


def test_a_time_in_the_spring_gap_moves_forward_by_the_gap() -> None:
    # 02:30 does not exist in Paris on 29 March 2026 (02:00 jumps to 03:00): it opens at 03:30.
    found = openings(SUNDAY, time(2, 30), PARIS, datetime(2026, 3, 21, tzinfo=UTC), 3)
    local = [w.astimezone(PARIS).strftime("%d %H:%M") for w in found]
    assert local == ["22 02:30", "29 03:30", "05 02:30"]


def test_a_time_that_happens_twice_means_the_first() -> None:
    # 02:30 happens twice in Paris on 25 October 2026: the first one (CEST, 00:30 UTC).
    found = next_occurrence(SUNDAY, time(2, 30), PARIS, datetime(2026, 10, 24, tzinfo=UTC))
    assert found == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def schedule(next_open_at: datetime, duration: timedelta = timedelta(days=2)) -> WeeklySchedule:
    return WeeklySchedule(
        id=1,
        club="console:t",
        channel="gen",
        weekday=FRIDAY,
        hour=19,
        minute=0,
        zone="Europe/Paris",
        duration=duration,
        size=5,
        mode=Mode.SINGLE,
        anonymous=False,
        hidden=False,
        next_open_at=next_open_at,
        created_by_name="Ada",
    )


def test_plan_on_time() -> None:
    due = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    plan = plan_opening(schedule(due), due)
    assert plan.opens_at == due
    assert plan.closes_at == due + timedelta(days=2)
    assert plan.next_open_at == datetime(2026, 4, 3, 17, 0, tzinfo=UTC)
    assert plan.skipped == 0


def test_plan_after_weeks_offline_opens_only_the_latest_window() -> None:
    due = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)
    now = datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # Saturday after the 27th's opening
    plan = plan_opening(schedule(due), now)
    assert plan.opens_at == datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    assert plan.skipped == 3
    assert plan.next_open_at == datetime(2026, 4, 3, 17, 0, tzinfo=UTC)


def test_plan_skips_a_window_that_passed_entirely() -> None:
    due = datetime(2026, 3, 27, 18, 0, tzinfo=UTC)
    now = datetime(2026, 3, 30, 9, 0, tzinfo=UTC)  # the 2-day window ended on Sunday
    plan = plan_opening(schedule(due), now)
    assert plan.opens_at is None
    assert plan.next_open_at == datetime(2026, 4, 3, 17, 0, tzinfo=UTC)
