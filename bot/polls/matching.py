"""Which poll option or watchlist entry a member means."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from bot.errors import AmbiguousTitle, UserError
from bot.polls.models import Poll, PollOption, WatchEntry
from bot.store.films import normalize_title
from bot.titlematch import Resolution, candidates, resolve, split_year

T = TypeVar("T")

_SEPARATORS = re.compile(r"\s*[>|;]\s*")


def item_key(film_id: int | None, title: str) -> str:
    """What makes two watchlist entries or poll options the same film."""
    return f"film:{film_id}" if film_id is not None else f"title:{normalize_title(title)}"


def best_match(items: Sequence[T], label: Callable[[T], str], text: str) -> Resolution[T]:
    """The item the words name, by the shared title rules (:mod:`bot.titlematch`)."""
    return resolve(candidates(items, label), text)


def match_option(poll: Poll, text: str) -> PollOption | None:
    """An option by title, or by its number in the poll; AmbiguousTitle when several fit."""
    cleaned = text.strip()
    found = best_match(poll.options, lambda o: o.label, cleaned)
    exact = found.found is not None and normalize_title(cleaned) == normalize_title(
        split_year(found.found.label)[0]
    )
    if not exact and cleaned.lstrip("#").isdigit() and len(cleaned) <= 3:
        for opt in poll.options:
            if opt.position == int(cleaned.lstrip("#")):
                return opt
    if found.ambiguous:
        listed = ", ".join(f"{o.position}. {o.label}" for o in found.ambiguous)
        raise AmbiguousTitle(f"Which option of poll #{poll.number}? {listed}.")
    return found.found


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
    found = best_match(entries, lambda e: e.title, text)
    if found.ambiguous:
        listed = ", ".join(f"{n}. {e.title}" for n, e in enumerate(found.ambiguous, start=1))
        raise AmbiguousTitle(f"Which film on the watchlist? {listed}.")
    return found.found
