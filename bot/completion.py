"""Suggestions while a member types an option (Discord autocomplete, Slack menus)."""

from __future__ import annotations

from bot.commands.spec import OptionKind
from bot.excerpts import TOPICS
from bot.films import search_titles
from bot.services import Services
from bot.store.films import normalize_title

# Fewer library titles than this starting with what was typed: ask the catalog too.
HANDFUL = 5


async def complete(
    services: Services, club: str, kind: OptionKind, prefix: str, limit: int = 25
) -> list[str]:
    text = prefix.strip().lower()
    if kind is OptionKind.FILM:
        return await complete_films(services, prefix, limit)
    if kind is OptionKind.TOPIC:
        return [t for t in TOPICS if t.startswith(text)][:limit] or list(TOPICS[:limit])
    if kind is OptionKind.POLL:
        from bot.commands.polls import complete_polls

        return await complete_polls(services, club, prefix, limit)
    return []


async def complete_films(services: Services, prefix: str, limit: int = 25) -> list[str]:
    """Library titles starting with ``prefix``; then, when they are few, titles the
    online catalog offers (kept from earlier answers, or asked within a short time
    budget); then the library's close matches."""
    labels = [label for _, label in await search_titles(services.store, prefix, limit)]
    catalog = services.catalog
    key = normalize_title(prefix)
    starting = [label for label in labels if normalize_title(label).startswith(key)]
    if catalog is None or not key or len(starting) >= HANDFUL:
        return labels
    online = await catalog.suggest(prefix, limit)
    seen = {label.casefold() for label in labels}
    extra = [title for title in online if title.casefold() not in seen]
    close = [label for label in labels if label not in starting]
    return (starting + extra + close)[:limit]
