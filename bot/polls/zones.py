"""The time zone a club's times are shown in."""

from __future__ import annotations

from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.polls.localtime import zone_or_utc
from bot.store import clubs

if TYPE_CHECKING:
    from bot.services import Services


async def club_zone_name(services: Services, club: str) -> str:
    """The club's own setting, else the bot's ``FILMCLUB_TIMEZONE``, else UTC."""
    own = await services.store.read(clubs.club_timezone, club)
    return own or services.settings.timezone or "UTC"


async def club_zone(services: Services, club: str) -> ZoneInfo:
    return zone_or_utc(await club_zone_name(services, club))
