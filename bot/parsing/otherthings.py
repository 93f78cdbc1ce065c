"""Things a page rates that are not a film: a book, a hotel, a play, a restaurant.

A reader skips the stars of the hotel printed above its in-room cinema guide, and the
"THE BOOK" half of a book-versus-film column: what is scored there is something else.
Two places say so, both read from the languages' ``other_rated_words``:

- a short heading naming such a thing ("THE BOOK", "TEATRO", "À MESA") opens a section
  whose scores, aggregates and facts are not the film's, up to the next heading;
- a score line that opens with such a thing's name ("HÔTEL DES REMPARTS ★★★★") rates it;
- a facts line counting such a thing's parts ("19 tracks · 66 min"), or labelled with it
  ("Best tracks: …"), describes it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.cleanup import has_terminal_punctuation
from bot.parsing.facts import fields_for_label
from bot.parsing.lang import OTHER_RATED_WORDS
from bot.parsing.lines import Line
from bot.parsing.scorelines import strip_bullet

#: The patterns below read lower-cased text: a case-blind alternation of many words is
#: several times slower.
_OTHER = "|".join(OTHER_RATED_WORDS)  # lower-case, as the tables write them
#: "THE BOOK", "Na televisão", "À mesa :": at most two short words before the thing's name.
_HEADING_RE = re.compile(rf"^(?:[^\W\d_]{{1,3}}['’]?\s*){{0,2}}(?:{_OTHER})\s*[:：]?$")
#: "Hôtel des Remparts ★★★★", "Restaurant Le Lac: 4/5": a line naming the thing first.
_OPENING_RE = re.compile(rf"^(?:{_OTHER})(?!\w)")
#: "19 tracks · 66 min", "245 pages": a count of such a thing's parts, on its facts line.
_COUNTED_RE = re.compile(rf"\d\s*(?:{_OTHER})(?!\w)")
_OTHER_WORD_RE = re.compile(rf"(?<!\w)(?:{_OTHER})(?!\w)")
_LABEL_RE = re.compile(r"^(?P<label>[^:：\d]{1,40}?)\s*[:：]")
_MAX_HEADING_WORDS = 5
_MAX_HEADING_CHARS = 60


def _heading_shaped(text: str) -> bool:
    """A short standalone line, no sentence: what may open or close a section."""
    if len(text) > _MAX_HEADING_CHARS:
        return False
    words = text.split()
    return 0 < len(words) <= _MAX_HEADING_WORDS and not has_terminal_punctuation(text)


def other_sections(lines: list[Line]) -> set[int]:
    """Positions of the lines under a heading that names something other than a film, up
    to the next heading (a short line after a blank line, in capitals when the opening
    heading was)."""
    inside: set[int] = set()
    upper: bool | None = None  # inside a section when not None
    after_blank = True
    for pos, line in enumerate(lines):
        text = line.text.strip()
        if line.kind == "blank" or not text:
            after_blank = True
            continue
        starts_section = (
            line.score is None
            and _heading_shaped(text)
            and _HEADING_RE.match(text.lower()) is not None
        )
        if starts_section:
            upper = text.isupper()
            inside.add(pos)
        elif upper is not None:
            ends = (
                after_blank
                and line.score is None
                and _heading_shaped(text)
                and (text.isupper() or not upper)
            )
            if ends:
                upper = None
            else:
                inside.add(pos)
        after_blank = False
    return inside


def _describes_other_thing(text: str) -> bool:
    """ "Null Corporation · 2010 · 19 tracks · 66 min", "Best tracks: Intro (4:18)": a facts
    line counting another thing's parts, or labelled with one (a credit's own label, such as
    "Music:", is the film's)."""
    if _COUNTED_RE.search(text.lower()):
        return True
    label = _LABEL_RE.match(text)
    return (
        label is not None
        and _OTHER_WORD_RE.search(label.group("label").lower()) is not None
        and fields_for_label(label.group("label").strip().lower()) is None
    )


def names_other_thing(text: str) -> bool:
    """Whether a score line opens with the name of something other than a film."""
    return _OPENING_RE.match(strip_bullet(text).lstrip().lower()) is not None


def set_aside_other_things(lines: list[Line], sections: set[int] | None = None) -> set[int]:
    """Close the lines of sections about other things; returns their positions. Given the
    positions found before the lines were re-read, close them again and also drop the scores
    and facts of lines naming another thing."""
    if sections is None:
        found = other_sections(lines)
        for pos in found:
            if lines[pos].kind != "blank":
                lines[pos] = replace(lines[pos], kind="skip", score=None, facts=None, closed=True)
        return found
    for pos, line in enumerate(lines):
        if pos in sections:
            if line.kind != "blank":
                lines[pos] = replace(line, kind="skip", score=None, facts=None, closed=True)
        elif line.score is not None:
            if line.score.kind == "overall" and names_other_thing(line.text):
                lines[pos] = replace(line, kind="skip", score=None, closed=True)
        elif line.facts and _describes_other_thing(line.text):
            lines[pos] = replace(line, kind="skip", facts=None)
    return sections
