"""A quick "could this match?" before a pattern of many whole words.

Python's regular expressions try every alternative of ``\\b(?:sur|von|aus|…)\\b`` at every
position of a line, which makes a hint meant to skip work cost more than the work on plain
prose. :class:`WordHint` asks the cheap question first: does the text hold any of the
alternatives' first words at all (anywhere, case folded: ``su`` in "such" is enough)?
Only then does the pattern run. An alternative whose first word it cannot read as plain
letters (with at most one optional last letter, ``stars?``) makes it run the pattern
always, so the answer is never different from the pattern's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PLAIN_RE = re.compile(r"([^\W\d_]+)(\??)")


def first_words(alternatives: Iterable[str]) -> frozenset[str] | None:
    """The folded first words each alternative can start with; None when one of them is
    not plain letters ("out of" gives "out"; "stars?" gives "star" and "stars")."""
    words: set[str] = set()
    for alternative in alternatives:
        head = alternative.replace(r"\s+", " ").split(" ", 1)[0]
        plain = _PLAIN_RE.fullmatch(head)
        if plain is None:
            return None
        stem = plain.group(1).casefold()
        if plain.group(2):
            if len(stem) < 2:
                return None
            words.add(stem[:-1])
        words.add(stem)
    return frozenset(words)


class WordHint:
    """``search(text)`` answers as ``pattern.search(text)``, skipping the pattern when
    none of ``alternatives``' first words is in the text."""

    def __init__(self, pattern: re.Pattern[str], alternatives: Iterable[str]) -> None:
        self.pattern = pattern
        self.words = first_words(alternatives)

    def search(self, text: str) -> re.Match[str] | None:
        if self.words is not None:
            folded = text.casefold()
            if not any(word in folded for word in self.words):
                return None
        return self.pattern.search(text)
