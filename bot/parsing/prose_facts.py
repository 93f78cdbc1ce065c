"""Film facts a page only states in its sentences.

A page with no credits block may still say how long the film runs: in a bracket opening on
the runtime after the film is named ("Alexander Payne's The Holdovers (133 minutes, set over
Christmas 1970)", "Maren Ades Tragikomödie (162 Minuten, mit Sandra Hüller)"), or with a
verb of running ("The film runs 106 minutes", "Le film dure 2 h 31"). Only a feature's
length counts (an hour or more): "a 45-minute drive", "20 Minuten kürzer" and a quiz's
"15 minutes" are no runtime, nor a showtime's "(19:30, Hall 2)", nor a round figure of
hours ("runs 2 hours and feels like 3"). Several different lengths in
the prose (a double bill, a director's cut) name none, and so does a page reviewing several
films; a verb of running after another name ("Oppenheimer runs 180 minutes, Following just
69") is about that film, not the page's.
"""

from __future__ import annotations

import re

from bot.parsing.lang import FILM_WORDS, RUNTIME_VERBS
from bot.parsing.values import RUNTIME_RE, parse_runtime

_VERBS = "|".join(w.replace(" ", r"\s+") for w in sorted(RUNTIME_VERBS, key=len, reverse=True))
#: Where a runtime may start: right inside an opening bracket, or after a verb of running
#: and at most two short words of degree ("runs just under", "dure un peu plus de").
_LEAD_RE = re.compile(
    rf"\(\s*(?=\d)|(?<![\w'’-])(?:{_VERBS})\s+(?:(?:[^\W\d_]{{1,6}}|d['’])\s*){{0,3}}(?=\d)",
    re.IGNORECASE,
)
_BRACKET_END_RE = re.compile(r"\s*[,;)]")
#: "2 h 31, et", "2h15 e": the minutes after the hours, with no unit of their own.
_BARE_MINUTES_RE = re.compile(r"\s*(?P<m>[0-5]\d)(?!\d|[.,:]\d)")
#: The subjects a verb of running may have on a page about one film: the film and its pronoun.
_PRONOUNS_TEXT = "it il elle er es sie esso essa lui él ella ele ela"
_OWN_SUBJECTS = FILM_WORDS | frozenset(_PRONOUNS_TEXT.split())
_SHORTEST = 60
_LONGEST = 600


def prose_runtime(paragraphs: list[str]) -> int | None:
    """The film's runtime stated in the page's sentences, when they state only one."""
    found: set[int] = set()
    for text in paragraphs:
        if not any(ch.isdigit() for ch in text):
            continue
        for lead in _LEAD_RE.finditer(text):
            runtime = RUNTIME_RE.match(text, lead.end())
            if runtime is None or runtime.group("ch") is not None:
                continue  # "(19:30, Hall 2)": a showtime
            bracketed = lead.group(0).startswith("(")
            if not bracketed and _named_subject(text[: lead.start()]):
                continue
            minutes = parse_runtime(runtime.group(0))
            end = runtime.end()
            if runtime.group("h") and not (runtime.group("m") or runtime.group("m2")):
                bare = _BARE_MINUTES_RE.match(text, end)
                if bare is not None and minutes is not None:
                    minutes, end = minutes + int(bare.group("m")), bare.end()
            if minutes is not None and runtime.group("h") and minutes % 60 == 0:
                continue  # "The film runs 2 hours and feels like 3": a round figure
            if bracketed and _BRACKET_END_RE.match(text, end) is None:
                continue  # "(110 minutes of trailers)": something else that long
            if minutes is not None and _SHORTEST <= minutes <= _LONGEST:
                found.add(minutes)
    return found.pop() if len(found) == 1 else None


def _named_subject(before: str) -> bool:
    """ "Oppenheimer runs": a capitalized name right before the verb, not the film itself."""
    words = before.split()
    if not words:
        return False
    last = words[-1].strip("\"'“”«»()")
    return last[:1].isupper() and last.casefold() not in _OWN_SUBJECTS
