"""Wall-clock times in a club's time zone.

A local time that does not exist (02:30 on a spring-forward night) is read with
the offset in force before the change, which lands it as far after the gap's
start as it was meant to be: 02:30 becomes 03:30. A local time that happens
twice (01:30 on a fall-back night) means the first of the two.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import UserError

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_ABBREVIATIONS = tuple(d[:3] for d in DAYS)


def zone_named(name: str) -> ZoneInfo:
    """An IANA zone such as ``Europe/Paris``; UserError when there is none by that name."""
    cleaned = name.strip()
    if cleaned.upper() == "UTC":
        cleaned = "UTC"
    try:
        if not cleaned or cleaned.startswith(("/", ".")) or ".." in cleaned:
            raise ValueError(cleaned)
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError):
        raise UserError(
            f"Unknown time zone `{name}`: use an IANA name"
            " such as Europe/Paris or America/New_York."
        ) from None


def zone_or_utc(name: str | None) -> ZoneInfo:
    try:
        return zone_named(name) if name else ZoneInfo("UTC")
    except UserError:
        return ZoneInfo("UTC")


def weekday_number(word: str) -> int | None:
    """0 for Monday (``mon``, ``monday``, ``Mon.``) ... 6 for Sunday."""
    low = word.strip().lower().rstrip(".")
    if len(low) < 3:
        return None
    for number, day in enumerate(DAYS):
        if day.startswith(low):
            return number
    return None


def parse_clock(word: str) -> time | None:
    """``18:00``, ``18h``, ``18h30``, ``6pm``, ``6:30pm``; None when it is not a time."""
    low = word.strip().lower()
    suffix = ""
    if low.endswith(("am", "pm")):
        low, suffix = low[:-2], low[-2:]
    for sep in (":", "h", "."):
        if sep in low:
            hh, _, mm = low.partition(sep)
            break
    else:
        hh, mm = low, ("00" if suffix else "")
    if not hh.isdigit() or (mm and not mm.isdigit()) or len(hh) > 2 or len(mm) not in (0, 2):
        return None
    if not mm and not (suffix or word.strip().lower().endswith("h")):
        return None
    hour, minute = int(hh), int(mm or 0)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def resolve_local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time on a day in a zone (see the module notes)."""
    return datetime.combine(day, at, tzinfo=zone).replace(fold=0).astimezone(UTC)


def format_local(
    when: datetime, zone: ZoneInfo, *, weekday: bool = True, year: bool = False
) -> str:
    """``Fri 3 Apr 18:00 CEST``; with ``year``, ``Fri 3 Apr 2026 18:00 CEST``."""
    local = when.astimezone(zone)
    day = f"{local:%a} {local.day} {local:%b}" if weekday else f"{local.day} {local:%b}"
    if year:
        day += f" {local.year}"
    return f"{day} {local:%H:%M} {local.tzname()}"


def format_date(when: datetime, zone: ZoneInfo) -> str:
    local = when.astimezone(zone)
    return f"{local.day} {local:%b %Y}"
