"""Which title a member's words name: the one rule set behind every choice that is recorded.

In order, the first rule that finds anything decides:

1. the exact title (case, accents, punctuation and a leading article ignored),
   optionally with its year (``Heat 1995``, ``Heat (1995)``);
2. the start of exactly one title, in whole words (``grand budapest`` is
   *The Grand Budapest Hotel*; ``batman returns`` is never *Batman*);
3. a typo of exactly one title: at most one edit (a wrong, missing, extra or
   swapped letter) for titles up to eleven letters, two for longer ones; titles
   of three to five letters allow a wrong, missing or swapped letter but not an
   extra one unless it repeats its neighbour (``hre`` and ``hr`` are *Her*,
   ``hero`` is not; ``allien`` is *Alien*, ``aliens`` is not). No other title may be
   within its own allowance: ``hea`` is as near *Heat* as *Her*, so it names neither.

Several titles at the same rule (two films called *Heat*, no year given) are
ambiguous: the caller asks which one. Words that merely contain a title
("godfather" contains "her") never match.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.store.films import normalize_title

T = TypeVar("T")

_YEAR = re.compile(r"^(?P<title>.*?)[\s,]*\(?(?P<year>(18|19|20)\d\d)\)?$")
# Words too common to make two titles look related.
_COMMON_WORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "on", "to", "for", "at", "by", "with", "from", "or"}
)


def split_year(query: str) -> tuple[str, int | None]:
    """``"Her 2013"`` and ``"Her (2013)"`` give ``("Her", 2013)``; ``"1917"`` stays a title."""
    m = _YEAR.match(query.strip())
    if m and m.group("title").strip():
        return m.group("title").strip(), int(m.group("year"))
    return query.strip(), None


def typo_allowance(key: str, query: str) -> int:
    """How many edits from ``key`` still count as a typo of it (0: none)."""
    size = len(key)
    if size < 3:
        return 0
    if size <= 5:
        return 1 if len(query) <= size or _doubled(query, key) else 0
    return 1 if size <= 11 else 2


def _doubled(query: str, key: str) -> bool:
    """Whether ``query`` is ``key`` with one letter typed twice (``allien``)."""
    return len(query) == len(key) + 1 and any(
        query[i] == query[i - 1] and query[:i] + query[i + 1 :] == key for i in range(1, len(query))
    )


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """Something a title can name, with its normalized title and its year."""

    item: T
    key: str
    year: int | None = None


@dataclass(frozen=True)
class Resolution(Generic[T]):
    """The one item the words name, or the items they could name (ambiguous), or neither."""

    found: T | None = None
    ambiguous: tuple[T, ...] = ()


def candidates(items: Sequence[T], label: Callable[[T], str]) -> list[Candidate[T]]:
    """Candidates from labels such as ``Heat (1995)``."""
    out: list[Candidate[T]] = []
    for item in items:
        title, year = split_year(label(item))
        out.append(Candidate(item, normalize_title(title), year))
    return out


def _one(found: list[Candidate[T]]) -> Resolution[T] | None:
    if not found:
        return None
    if len(found) == 1:
        return Resolution(found=found[0].item)
    return Resolution(ambiguous=tuple(c.item for c in found))


def _with_year(cands: Sequence[Candidate[T]], year: int | None) -> list[Candidate[T]]:
    return [c for c in cands if year is None or c.year == year]


def _word_prefix(query: str, key: str) -> bool:
    """Whether ``query`` is the first whole words of ``key`` (both normalized: words
    separated by single spaces), and not all of them."""
    return key.startswith(query) and key[len(query) : len(query) + 1] == " "


def resolve(cands: Sequence[Candidate[T]], text: str) -> Resolution[T]:
    """Apply the rules above to ``text``."""
    whole = normalize_title(text)
    if not whole or not cands:
        return Resolution()
    title, year = split_year(text)
    query = normalize_title(title)
    readings = [(whole, None)] if year is None else [(whole, None), (query, year)]
    for key, yr in readings:
        exact = _one(_with_year([c for c in cands if c.key == key], yr))
        if exact is not None:
            return exact
    for key, yr in readings:
        starts = _one(_with_year([c for c in cands if _word_prefix(key, c.key)], yr))
        if starts is not None:
            return starts
    for key, yr in readings:
        pool = _with_year(cands, yr)
        typo = _typo(pool, key)
        if typo is not None:
            return Resolution(found=typo)
    return Resolution()


def _typo(pool: Sequence[Candidate[T]], query: str) -> T | None:
    if not pool or len(query) < 2:
        return None
    keys = [c.key for c in pool]
    ranked = process.extract(query, keys, scorer=OSA.distance, score_cutoff=4, limit=None)
    within = [i for _, d, i in ranked if d <= typo_allowance(keys[i], query)]
    return pool[within[0]].item if len(within) == 1 else None


def plausible(cands: Sequence[Candidate[T]], text: str, limit: int = 3) -> list[T]:
    """Items worth suggesting after a miss: a few edits away, or sharing a whole word."""
    title, _ = split_year(text)
    query = normalize_title(title)
    if not query:
        return []
    keys = [c.key for c in cands]
    # A key within reach is at most a third of its length away, so no further than the
    # longest reach a key near the query's length can have.
    cutoff = max(1, (len(query) + 2) // 2)
    near: dict[int, int] = {}
    for _, distance, n in process.extract(
        query, keys, scorer=OSA.distance, score_cutoff=cutoff, limit=None
    ):
        key = keys[n]
        if len(key) >= 3 and distance <= max(1, len(key) // 3):
            near[n] = distance
    words = set(query.split()) - _COMMON_WORDS
    if words:
        alternatives = "|".join(re.escape(w) for w in sorted(words))
        shares = re.compile(rf"(?:^| )(?:{alternatives})(?: |$)").search
        for n, key in enumerate(keys):
            if n not in near and shares(key):
                near[n] = 99
    ranked = sorted(near, key=lambda n: (near[n], n))
    return [cands[n].item for n in ranked[:limit]]
