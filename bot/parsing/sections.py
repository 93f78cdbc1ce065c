"""Sections of a page that rate something other than the film.

A culture guide or a "book vs. film" post heads each thing it rates: "THE BOOK" / "My
rating: ★★★★★" then "THE FILM" / "My rating for the film: ★★★½"; "TEATRO", "MÚSICA", "À
MESA" after "CINEMA". A heading that is nothing but such a word (with an article or a
preposition) opens a section whose scores and averages are not the film's, until a heading
that is nothing but a word for the film or the cinema. A film's title is never such a
heading: "HOTEL RWANDA" or "The Book Thief" have other words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.lang import FILM_SECTIONS, FILM_WORDS, OTHER_SECTIONS
from bot.parsing.lines import Line

_SMALL_TEXT = (
    "the a an na no nos nas à a al au aux en im in on da do la le les el der die das il lo"
)
_SMALL = frozenset(_SMALL_TEXT.split())
_WORD_RE = re.compile(r"[^\W\d_]+")
_FILM = FILM_SECTIONS | frozenset(word for word in FILM_WORDS if " " not in word)
#: The most characters of a section heading ("NA TELEVISÃO", "THE BOTTLE").
_LONGEST = 30


def _section(text: str) -> str | None:
    """ "other", "film" or None for a line that is no section heading."""
    if len(text) > _LONGEST or any(ch.isdigit() for ch in text):
        return None
    words = [w for w in _WORD_RE.findall(text.casefold()) if w not in _SMALL]
    if len(words) != 1:
        return None
    if words[0] in OTHER_SECTIONS:
        return "other"
    return "film" if words[0] in _FILM else None


def drop_other_sections(lines: list[Line]) -> list[Line]:
    """``lines`` without the scores of sections rating another thing than the film."""
    out: list[Line] | None = None
    other = False
    for pos, line in enumerate(lines):
        if line.kind == "skip" and line.score is None and len(line.text) <= _LONGEST:
            section = _section(line.text)
            if section is not None:
                other = section == "other"
        elif other and line.score is not None and line.score.kind in ("overall", "aggregate"):
            out = out if out is not None else list(lines)
            out[pos] = replace(line, kind="skip", score=None, closed=True)
    return out if out is not None else lines
