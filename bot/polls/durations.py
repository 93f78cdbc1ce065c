"""How long a poll stays open: ``2d``, ``36h``, ``90m``, ``1d12h``, ``1w``, ``5 days``,
``2 hours``, ``1 week 2 days``, or
``until fri 18:00`` (``until 18:00``, ``until tomorrow 18:00``, ``until 2026-04-03 18:00``)
read in the club's time zone."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import UserError
from bot.polls.localtime import format_local, parse_clock, resolve_local, weekday_number

DEFAULT_DURATION = timedelta(days=3)
MAX_DURATION = timedelta(days=32)
MIN_DURATION = timedelta(minutes=1)

_UNIT_WORDS = {
    "w": "w",
    "wk": "w",
    "wks": "w",
    "week": "w",
    "weeks": "w",
    "d": "d",
    "day": "d",
    "days": "d",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "m": "m",
    "min": "m",
    "mins": "m",
    "minute": "m",
    "minutes": "m",
}
_UNIT = "|".join(sorted(_UNIT_WORDS, key=len, reverse=True))
_SPAN = re.compile(rf"^(\d+\s*({_UNIT})(\s+|$))+$", re.IGNORECASE)
_COMPACT = re.compile(rf"^(\d+({_UNIT}))+$", re.IGNORECASE)
_PART = re.compile(rf"(\d+)\s*({_UNIT})(?![a-z])", re.IGNORECASE)
_UNITS = {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1)}
# Amounts beyond this are far past any limit; capping them keeps the arithmetic finite.
_MAX_AMOUNT = 10**6
# Words that show a phrase was meant as a duration, even when it cannot be read.
_TIME_UNITS = frozenset({*_UNIT_WORDS, "month", "months", "year", "years", "sec", "secs"})
_TIME_UNITS |= {"second", "seconds", "s", "fortnight", "fortnights"}
_DAYISH = frozenset({"today", "tonight", "tomorrow", "yesterday", "next", "this", "noon"})
DURATION_FORMS = (
    "2d, 36h, 90m, 1d12h, 1w, `5 days`, `2 hours`, `1 week`, or an end such as"
    " `until fri 18:00`, `until 18:00`, `until tomorrow 18:00` or `until 2026-04-03 18:00`"
)
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_span(text: str) -> timedelta | None:
    """``1d12h`` as a timedelta; None when the text is not a span."""
    cleaned = text.strip()
    if not (_SPAN.match(cleaned) or _COMPACT.match(cleaned)):
        return None
    total = timedelta()
    for amount, unit in _PART.findall(cleaned):
        count = min(int(amount) if len(amount) <= 7 else _MAX_AMOUNT, _MAX_AMOUNT)
        total += count * _UNITS.get(_UNIT_WORDS[unit.lower()], timedelta(minutes=1))
    return total


def looks_meant_as_duration(words: list[str]) -> bool:
    """Whether words have the shape of a duration someone tried to give (``5 dayz`` is not,
    ``until yesterday``, ``until 25:99`` and ``3 months`` are), readable or not."""
    if not words or len(words) > 3:
        return False
    first = words[0].lower()
    if first == "until":
        if len(words) == 1:
            return False
        nxt = words[1].lower()
        return nxt in _DAYISH or weekday_number(nxt) is not None or any(c.isdigit() for c in nxt)
    if len(words) == 2 and first.isdigit():
        return words[1].lower() in _TIME_UNITS
    return False


def looks_like_deadline(text: str) -> bool:
    """Whether a phrase is a span or a complete ``until ...`` deadline (shape only)."""
    words = text.split()
    if not words:
        return False
    if parse_span(text) is not None:
        return True
    return words[0].lower() == "until" and _until_shape(words[1:])


def _until_shape(words: list[str]) -> bool:
    if not 1 <= len(words) <= 2 or parse_clock(words[-1]) is None:
        return False
    return len(words) == 1 or _day_word(words[0]) is not None


def _day_word(word: str) -> str | None:
    low = word.lower()
    if low in ("today", "tonight", "tomorrow") or _DATE.match(low):
        return low
    return low if weekday_number(low) is not None else None


def describe_span(span: timedelta) -> str:
    minutes = int(span.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def check_span(span: timedelta, limit: timedelta = MAX_DURATION) -> timedelta:
    if span < MIN_DURATION:
        raise UserError("A poll must stay open for at least a minute.")
    if span > limit:
        raise UserError(f"A poll can stay open for at most {describe_span(limit)}.")
    return span


def parse_deadline(text: str | None, now: datetime, zone: ZoneInfo) -> datetime:
    """When a poll opened ``now`` closes. UserError explains what is wrong."""
    if text is None or not text.strip():
        return now + DEFAULT_DURATION
    span = parse_span(text)
    if span is not None:
        return now + check_span(span)
    words = text.split()
    if words[0].lower() != "until":
        raise UserError(f"I did not understand the duration `{text}`: use {DURATION_FORMS}.")
    end = until_moment(words[1:], now, zone, text)
    if end <= now:
        other_year = end.astimezone(zone).year != now.astimezone(zone).year
        raise UserError(f"{format_local(end, zone, year=other_year)} has already passed.")
    check_span(end - now)
    return end


def until_moment(words: list[str], now: datetime, zone: ZoneInfo, text: str) -> datetime:
    """The moment ``words`` (``fri 18:00``, ``18:00``, ``tomorrow 9pm``) name after ``now``."""
    if not words or len(words) > 2:
        raise UserError(f"`{text}`: say when, such as `until fri 18:00` or `until 18:00`.")
    at = parse_clock(words[-1])
    if at is None:
        raise UserError(f"`{text}`: give a time too, such as `until fri 18:00`.")
    today = now.astimezone(zone).date()
    if len(words) == 1:
        end = resolve_local(today, at, zone)
        return end if end > now else resolve_local(today + timedelta(days=1), at, zone)
    day = words[0].lower()
    if day in ("today", "tonight"):
        return resolve_local(today, at, zone)
    if day == "tomorrow":
        return resolve_local(today + timedelta(days=1), at, zone)
    m = _DATE.match(day)
    if m:
        try:
            target = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise UserError(f"`{words[0]}` is not a date.") from None
        return resolve_local(target, at, zone)
    weekday = weekday_number(day)
    if weekday is None:
        raise UserError(f"`{words[0]}` is not a day: use mon…sun, today, tomorrow or 2026-04-03.")
    for ahead in range(8):
        candidate = today + timedelta(days=ahead)
        if candidate.weekday() == weekday:
            end = resolve_local(candidate, at, zone)
            if end > now:
                return end
    raise AssertionError("a weekday recurs within eight days")
