"""Messages the core sends without being asked, routed to the right adapter."""

from __future__ import annotations

import logging
from typing import Protocol

from bot.messages import Announcement

log = logging.getLogger(__name__)


class Announcer(Protocol):
    """Implemented by each adapter: post a reply in one of its channels."""

    platform: str

    async def announce(self, announcement: Announcement) -> None: ...


class Outbox:
    """Routes each announcement to the adapter of the club's platform."""

    def __init__(self) -> None:
        self._announcers: dict[str, Announcer] = {}

    def register(self, announcer: Announcer) -> None:
        self._announcers[announcer.platform] = announcer

    def unregister(self, announcer: Announcer) -> None:
        if self._announcers.get(announcer.platform) is announcer:
            del self._announcers[announcer.platform]

    async def announce(self, announcement: Announcement) -> bool:
        """Post it; False when no adapter for its platform runs in this process."""
        target = self._announcers.get(announcement.platform)
        if target is None:
            log.info("no adapter for %s; announcement kept in the store only", announcement.club)
            return False
        try:
            await target.announce(announcement)
        except Exception:
            log.exception("announcement to %s failed", announcement.club)
            return False
        return True
