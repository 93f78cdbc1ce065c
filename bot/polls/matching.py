"""Which poll option or watchlist entry a member means."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz, process

from bot.errors import UserError
from bot.polls.models import Poll, PollOption, WatchEntry
from bot.store.films import normalize_title

T = TypeVar("T")

FUZZY_CUTOFF = 80.0
_YEAR_SUFFIX = re.compile(r"\s*\((18|19|20)\d\d\)$")
_SEPARATORS = re.compile(r"\s*[>|;]\s*")


def item_key(film_id: int | None, title: str) -> str:
    """What makes two watchlist entries or poll options the same film."""
    return f"film:{film_id}" if film_id is not None else f"title:{normalize_title(title)}"


def _bare(label: str) -> str:
    return normalize_title(_YEAR_SUFFIX.sub("", label))


def best_match(items: Sequence[T], label: Callable[[T], str], text: str) -> T | None:
    """Exact title (with or without the year), then a unique prefix, then a clear fuzzy match."""
    query = normalize_title(text)
    if not query or not items:
        return None
    labels = [label(item) for item in items]
    keys = [_bare(lab) for lab in labels]
    for item, lab, key in zip(items, labels, keys, strict=True):
        if key == query or normalize_title(lab) == query:
            return item
    starts = [item for item, key in zip(items, keys, strict=True) if key.startswith(query)]
    if len(starts) == 1:
        return starts[0]
    ranked = process.extract(query, keys, scorer=fuzz.WRatio, limit=2)
    clear = len(ranked) == 1 or (len(ranked) > 1 and ranked[0][1] - ranked[1][1] >= 5)
    if ranked and ranked[0][1] >= FUZZY_CUTOFF and clear:
        return items[ranked[0][2]]
    return None


def match_option(poll: Poll, text: str) -> PollOption | None:
    """An option by title, or by its number in the poll."""
    cleaned = text.strip()
    found = best_match(poll.options, lambda o: o.label, cleaned)
    if found is not None and normalize_title(cleaned) in (
        normalize_title(found.label),
        _bare(found.label),
    ):
        return found
    if cleaned.isdigit():
        for opt in poll.options:
            if opt.position == int(cleaned):
                return opt
    return found


def options_list(poll: Poll) -> str:
    return ", ".join(f"{o.position}. {o.label}" for o in poll.options)


def parse_choices(poll: Poll, text: str) -> tuple[int, ...]:
    """Option ids from ``Heat``, ``2``, ``Heat > Alien``, ``2>1>3``, ``1|3`` or ``2 1 3``."""
    whole = match_option(poll, text)
    if whole is not None:
        return (whole.id,)
    parts = [p for p in _SEPARATORS.split(text.strip()) if p]
    if len(parts) == 1:
        words = parts[0].split()
        if len(words) > 1 and all(w.isdigit() for w in words):
            parts = words
        elif "," in parts[0]:
            parts = [p.strip() for p in parts[0].split(",") if p.strip()]
    picked: list[int] = []
    for part in parts:
        opt = match_option(poll, part)
        if opt is None:
            raise UserError(
                f"Poll #{poll.number} has no option “{part}”. Options: {options_list(poll)}."
            )
        if opt.id not in picked:
            picked.append(opt.id)
    if not picked:
        raise UserError(f"Which film? Options: {options_list(poll)}.")
    return tuple(picked)


def match_entry(entries: Sequence[WatchEntry], text: str, key: str | None) -> WatchEntry | None:
    """The watchlist entry for a title (``key``: the key of the film the title names)."""
    if key is not None:
        for entry in entries:
            if entry.key == key:
                return entry
    return best_match(entries, lambda e: e.title, text)
