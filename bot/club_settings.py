"""A club's own settings: time zone, country and admin role or group.

An admin sets them in chat (``/club timezone Europe/Paris``); where a club has
set nothing the bot's environment settings apply. Adapters ask
:class:`ClubSettingsCache` for the admin role on every request of a member who
is not already an admin by platform permissions, so its answers are kept for a
short while and dropped when ``/club`` changes them.
"""

from __future__ import annotations

import functools
import re
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.errors import UserError
from bot.polls.localtime import zone_named
from bot.store import clubs

if TYPE_CHECKING:
    from bot.store import Store

# ISO 3166-1 alpha-2, grouped by first letter.
_COUNTRIES = {
    "A": "D E F G I L M O Q R S T U W X Z",
    "B": "A B D E F G H I J L M N O Q R S T V W Y Z",
    "C": "A C D F G H I K L M N O R U V W X Y Z",
    "D": "E J K M O Z",
    "E": "C E G H R S T",
    "F": "I J K M O R",
    "G": "A B D E F G H I L M N P Q R S T U W Y",
    "H": "K M N R T U",
    "I": "D E L M N O Q R S T",
    "J": "E M O P",
    "K": "E G H I M N P R W Y Z",
    "L": "A B C I K R S T U V Y",
    "M": "A C D E F G H K L M N O P Q R S T U V W X Y Z",
    "N": "A C E F G I L O P R U Z",
    "O": "M",
    "P": "A E F G H K L M N R S T W Y",
    "Q": "A",
    "R": "E O S U W",
    "S": "A B C D E G H I J K L M N O R S T V X Y Z",
    "T": "C D F G H J K L M N O R T V W Z",
    "U": "A G M S Y Z",
    "V": "A C E G I N U",
    "W": "F S",
    "Y": "E T",
    "Z": "A M W",
}
COUNTRY_CODES = frozenset(
    first + second for first, seconds in _COUNTRIES.items() for second in seconds.split()
)
_COUNTRY_ALIASES = {"UK": "GB"}
CLEAR_WORDS = frozenset({"none", "off", "clear", "default", "reset"})

_DISCORD_ROLE = re.compile(r"^<@&(\d+)>$")
_SLACK_GROUP = re.compile(r"^<!subteam\^([A-Z0-9]+)(?:\|@?([^>]*))?>$")


@functools.cache
def _zone_names() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def club_zone_named(text: str) -> zoneinfo.ZoneInfo:
    """An IANA zone typed in any case (``europe/paris``); UserError naming it when unknown."""
    canonical = _zone_names().get(text.strip().casefold(), text)
    return zone_named(canonical)


def country_code(text: str) -> str:
    """``fr`` → ``FR``; UserError for anything that is not an ISO 3166-1 alpha-2 code."""
    code = text.strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    if code not in COUNTRY_CODES:
        raise UserError(
            f"`{text.strip()}` is not a country code: use the two-letter ISO code,"
            " such as FR, US, GB or JP."
        )
    return code


def admin_role_value(text: str) -> str:
    """A role or group as typed: a name, an id, a Discord role mention or a Slack group
    mention; kept as the role id or the group's id/handle without the ``@``."""
    value = text.strip()
    role = _DISCORD_ROLE.match(value)
    if role:
        return role.group(1)
    group = _SLACK_GROUP.match(value)
    if group:
        return group.group(1)
    value = value.lstrip("@").strip()
    if not value:
        raise UserError("Name a role (Discord) or user group (Slack), or `none` to clear it.")
    if len(value) > 100:
        raise UserError("That role name is too long: at most 100 characters.")
    return value


def is_clear(text: str) -> bool:
    return text.strip().lower() in CLEAR_WORDS


@dataclass
class ClubSettingsCache:
    """The admin role of each club, read from the store at most once per ``ttl`` seconds."""

    ttl: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _roles: dict[str, tuple[float, str | None]] = field(default_factory=dict)

    async def admin_role(self, store: Store, club: str) -> str | None:
        now = self.clock()
        cached = self._roles.get(club)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        role = await store.read(clubs.club_admin_role, club)
        self._roles[club] = (now, role)
        return role

    def forget(self, club: str) -> None:
        self._roles.pop(club, None)


async def club_country(store: Store, club: str) -> str | None:
    """The club's country code (``FR``), or None: where to look up providers and releases."""
    return await store.read(clubs.club_country, club)
