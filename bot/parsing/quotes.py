"""The header of a quoted post in a forum, in each language of the tables.

"Zitat von kinomaus:", "kinomaus schrieb:", "Citation de marc :", "anna ha scritto:": the
lines under such a header, up to a blank line, are someone else's post, and their score is
not the poster's.
"""

from __future__ import annotations

import functools
import re

from bot.parsing.lang import QUOTE_WORDS, WROTE_WORDS


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


#: "Zitat von kinomaus:", "Citation de marc :", "Quote from: nightowl on October 03".
_QUOTE_RE = re.compile(
    rf"^[\[«]?(?:{_alternation(QUOTE_WORDS)})(?!\w)(?:\s+(?:from|von|de|di|da|of))?\s*[:：]?\s*"
    r"(?:[^\s:：]+(?:\s+[^\s:：]+){0,4})?\s*[:：]?\s*[\]»]?\s*$",
    re.IGNORECASE,
)
#: "kinomaus schrieb:", "anna ha scritto:", "marc a écrit :" (the poster's name, then the verb).
_WROTE_RE = re.compile(
    rf"^\S+(?:\s+\S+){{0,2}}\s+(?:{_alternation(WROTE_WORDS)})(?:\s+\S+){{0,4}}?\s*[:：]\s*$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def is_quote_header(text: str) -> bool:
    """Whether ``text`` opens a quoted post (a short line naming who is quoted)."""
    text = text.strip()
    if not text or len(text) > 100:
        return False
    return _QUOTE_RE.match(text) is not None or _WROTE_RE.match(text) is not None
