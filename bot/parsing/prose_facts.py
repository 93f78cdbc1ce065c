"""The film's runtime when a page only states it in its sentences.

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
_DIGIT_RE = re.compile(r"\d")
_UNIT_AFTER_FIGURE_RE = re.compile(r"\d\s*(?:[^\W\d_]|['’′])")
_LONGEST = 600


def prose_runtime(paragraphs: list[str]) -> int | None:
    """The film's runtime stated in the page's sentences, when they state only one.

    A bracket crediting the film with its year first ("film de Jūzō Itami (1985, 1 h 54)")
    outranks the other forms; a bracket without the year counts in minutes only ("(133
    minutes, set over …)"), not in hours ("Shinkansen pour Kyoto (2 h 15, …)", a trip)."""
    credited: set[int] = set()
    found: set[int] = set()
    for text in paragraphs:
        if _DIGIT_RE.search(text) is None:
            continue
        found.update(_film_lengths(text))
        if _UNIT_AFTER_FIGURE_RE.search(text) is None:
            continue  # every form below reads a length with its unit ("2 h 31", "118'")
        leads = _LEAD_RE.finditer(text) if "(" in text or _has_word(text, _VERB_HINTS) else ()
        for lead in leads:
            year = _YEAR_FIRST_RE.match(text, lead.end()) if lead.group(0)[0] == "(" else None
            minutes = _runtime_at(text, lead, year.end() if year is not None else lead.end())
            if minutes is not None:
                (credited if year is not None else found).add(minutes)
    if credited:
        return credited.pop() if len(credited) == 1 else None
    return found.pop() if len(found) == 1 else None


#: "the 128-minute film", "a 162-minute epic": a length written onto the film itself.
_FILM_LENGTH_RE = re.compile(
    r"\b(?P<m>\d{2,3})[-‑](?:minute|min)\s+(?:film|movie|feature|cut|version|epic)\b",
    re.IGNORECASE,
)


def _film_lengths(text: str) -> set[int]:
    if "-m" not in text and "‑m" not in text:
        return set()
    found = (int(m.group("m")) for m in _FILM_LENGTH_RE.finditer(text))
    return {minutes for minutes in found if _SHORTEST <= minutes <= _LONGEST}


def _length_at(text: str, at: int) -> tuple[int, int] | None:
    """(minutes, end) of a length starting at ``at``: "122 minutes", "2 h 31", "2h17"; no
    clock time ("19:30")."""
    runtime = RUNTIME_RE.match(text, at)
    if runtime is None or runtime.group("ch") is not None:
        return None
    minutes = parse_runtime(runtime.group(0))
    if minutes is None:
        return None
    end = runtime.end()
    if runtime.group("h") and not (runtime.group("m") or runtime.group("m2")):
        bare = _BARE_MINUTES_RE.match(text, end)
        if bare is not None:
            minutes, end = minutes + int(bare.group("m")), bare.end()
    return minutes, end


#: "(1985, 1 h 54)": a bracket crediting a film, its year before its runtime.
_YEAR_FIRST_RE = re.compile(r"(?:18|19|20)\d{2}\s*,\s*(?=\d)")


def _runtime_at(text: str, lead: re.Match[str], at: int) -> int | None:
    """The feature length starting at ``at`` after a bracket or a verb of running."""
    bracketed = lead.group(0).startswith("(")
    if not bracketed and _named_subject(text[: lead.start()]):
        return None
    length = _length_at(text, at)
    if length is None:
        return None  # "(19:30, Hall 2)": a showtime
    minutes, end = length
    hours = RUNTIME_RE.match(text, at).group("h") is not None  # type: ignore[union-attr]
    if hours and minutes % 60 == 0:
        return None  # "The film runs 2 hours and feels like 3": a round figure
    if bracketed and _BRACKET_END_RE.match(text, end) is None:
        return None  # "(110 minutes of trailers)": something else that long
    if bracketed and at == lead.end() and hours:
        return None  # "Kyoto (2 h 15, le Pass …)": a trip's hours, no film's credit
    if not _SHORTEST <= minutes <= _LONGEST:
        return None
    return minutes


def _named_subject(before: str) -> bool:
    """ "Oppenheimer runs": a capitalized name right before the verb, not the film itself."""
    words = before.split()
    if not words:
        return False
    if words[-1].endswith((",", ";")):
        return False  # "The film, written by Joel Coen and Ethan Coen, runs": a clause
    last = words[-1].strip("\"'“”«»()")
    return last[:1].isupper() and last.casefold() not in _OWN_SUBJECTS


#: A word of each verb of running and of each directing phrase, for a quick look before
#: their patterns ("runs", "dure", "directed", "réalisé", "regia"…).
def _longest_words(phrases: tuple[str, ...]) -> frozenset[str]:
    """Each phrase's longest word: a text holding none of them holds none of the phrases."""
    return frozenset(max(phrase.split(), key=len).casefold() for phrase in phrases)


_VERB_HINTS = _longest_words(RUNTIME_VERBS)


def _has_word(text: str, words: frozenset[str]) -> bool:
    folded = text.casefold()
    return any(word in folded for word in words)
