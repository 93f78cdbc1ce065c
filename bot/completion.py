"""Suggestions while a member types an option (Discord autocomplete, Slack menus)."""

from __future__ import annotations

from bot.commands.spec import OptionKind
from bot.excerpts import TOPICS
from bot.films import search_titles
from bot.services import Services


async def complete(
    services: Services, club: str, kind: OptionKind, prefix: str, limit: int = 25
) -> list[str]:
    text = prefix.strip().lower()
    if kind is OptionKind.FILM:
        return [label for _, label in await search_titles(services.store, prefix, limit)]
    if kind is OptionKind.TOPIC:
        return [t for t in TOPICS if t.startswith(text)][:limit] or list(TOPICS[:limit])
    if kind is OptionKind.POLL:
        from bot.commands.polls import complete_polls

        return await complete_polls(services, club, prefix, limit)
    return []
