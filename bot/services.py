"""What a command handler can use: the store, settings, clock and outbox."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.clock import Clock, SystemClock
from bot.club_settings import ClubSettingsCache
from bot.config import Settings
from bot.outbound import Outbox
from bot.store import Store

if TYPE_CHECKING:
    from bot.catalog.service import Catalog


@dataclass
class Services:
    store: Store
    settings: Settings = field(default_factory=Settings)
    clock: Clock = field(default_factory=SystemClock)
    outbox: Outbox = field(default_factory=Outbox)
    rng: random.Random = field(default_factory=random.Random)
    # The online film catalog; None when it is off.
    catalog: Catalog | None = None
    club_settings: ClubSettingsCache = field(default_factory=ClubSettingsCache)
