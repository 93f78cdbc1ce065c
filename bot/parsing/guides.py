"""Entries of a film guide: "Conversation, The (1974) C-113m. ★★★½ D: Francis Ford Coppola."

A reference guide prints each entry as its title (with a leading article moved to the end,
as the guide's index sorts it), the year in brackets, colour or black and white with the
running time, the stars, then "D:" and the credits. The entry is read back as the film's
title in its usual order, then its score, then the rest of the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parsing.lang import ARTICLES

_ARTICLES = "|".join(sorted((re.escape(a) for a in ARTICLES), key=len, reverse=True))
_ENTRY_RE = re.compile(
    r"^(?:[^\w\s(\"“]\s*)?(?P<title>[^()★⭐]{1,80}?)\s*\((?P<year>(?:18|19|20)\d{2})\)\s+"
    r"(?:C|BW|B&W|Color|Colour)?[-–]?(?P<minutes>\d{2,3})\s*m(?:in)?\.?\s+"
    r"(?P<stars>[★⭐]{1,5}½?|½|BOMB)\s+(?P<rest>(?:D|Dir)\.?:\s*\S.*)$"
)
#: "Conversation, The", "Règle du jeu, La", "Third Man, The": an article printed last.
_INVERTED_RE = re.compile(rf"^(?P<head>.+?),\s+(?P<article>{_ARTICLES})$", re.IGNORECASE)


def uninverted(title: str) -> str:
    """A title with the article a guide's index moved to its end put back in front."""
    found = _INVERTED_RE.match(title.strip())
    if found is None:
        return title.strip()
    article = found.group("article")
    glue = "" if article.endswith(("'", "’")) else " "
    return f"{article}{glue}{found.group('head')}"


@dataclass(frozen=True)
class GuideEntry:
    """One entry of a film guide."""

    title: str
    year: int
    minutes: int
    stars: str
    rest: str


def guide_entry(line: str) -> GuideEntry | None:
    """The entry a line of a film guide opens, else None ("BOMB" is no star score)."""
    found = _ENTRY_RE.match(line) if "(" in line and "m" in line else None
    if found is None or found.group("stars") == "BOMB":
        return None
    return GuideEntry(
        uninverted(found.group("title")),
        int(found.group("year")),
        int(found.group("minutes")),
        found.group("stars"),
        found.group("rest"),
    )
