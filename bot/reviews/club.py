"""A member's own review: cut into passages like a critic's, scored as a rating."""

from __future__ import annotations

from bot.excerpts import extract_excerpts, topics_for

MAX_REVIEW = 4000
MIN_PASSAGE = 20


def review_passages(text: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The quotable passages of a review; a short review is one passage on its own."""
    found = tuple((e.text, e.topics) for e in extract_excerpts(text))
    if found:
        return found
    whole = " ".join(text.split())
    if len(whole) >= MIN_PASSAGE:
        return ((whole, topics_for(whole)),)
    return ()
