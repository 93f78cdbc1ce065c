"""Recognizing the label of a "Label: value" line."""

from __future__ import annotations

import functools
import re

from bot.parsing.lang import (
    ABOVE_WORDS,
    AGGREGATE_WORDS,
    CATEGORY_NAMES,
    DISC_CATEGORY_WORDS,
    FILM_WORDS,
    OWN_POSSESSIVES,
    OWNER_WORDS,
    SCORE_FILLERS,
    SCORE_LABELS,
)

_LABEL_LINE_RE = re.compile(
    r"^(?P<label>[^\W\d_][\w '’&/().\[\]+-]{0,48}?)\s*(?:[:：]|\s[-–—]\s)\s*(?P<value>.*)$"
)

#: Words naming the critic's own score, and words that may stand around them, in every
#: language of :mod:`bot.parsing.lang`.
_OVERALL_CORE = SCORE_LABELS
_OVERALL_FILLER = SCORE_FILLERS

_AGGREGATE_SOURCES: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bimdb\b", re.I), "IMDb"),
    (re.compile(r"\btomatometer\b|\brotten\s*tomatoes\b", re.I), "Rotten Tomatoes"),
    (re.compile(r"\bmetascore\b|\bmetacritic\b", re.I), "Metacritic"),
    (re.compile(r"\bletterboxd\b", re.I), "Letterboxd"),
    (re.compile(r"\baudience\s+score\b|\bpopcornmeter\b", re.I), "Audience Score"),
    (re.compile(r"\btmdb\b", re.I), "TMDb"),
    (re.compile(r"\bcinemascore\b", re.I), "CinemaScore"),
    (re.compile(r"\buser\s+score\b", re.I), "User Score"),
    (re.compile(rf"\b(?:{'|'.join(AGGREGATE_WORDS)})(?!\w)", re.I), None),
)


_PLURAL_RE = re.compile(r"\[s\]|\(s\)")
_BRACKETED_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_STRAY_RE = re.compile(r"[^\w'&/+ .-]|_")
_SPACES_RE = re.compile(r"\s{2,}|[^\S ]")
_LABEL_WORD_RE = re.compile(r"[^\W\d_][^\W\d_']*(?:'[^\W\d_]*)?")
_DIGIT_RE = re.compile(r"\d")
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s")


@functools.lru_cache(maxsize=4096)
def split_label(line: str) -> tuple[str, str] | None:
    """Split "Label: value" (or "Label - value") into its stripped parts."""
    found = _LABEL_LINE_RE.match(line.strip())
    if not found:
        return None
    label = found.group("label").strip()
    if len(label.split()) > 6:
        return None
    return label, found.group("value").strip()


@functools.lru_cache(maxsize=4096)
def normalize_label(label: str) -> str:
    """Lower-case a label and drop plural markers, parentheses and stray punctuation."""
    text = label.lower().replace("’", "'")
    if "(" in text or "[" in text:
        text = _PLURAL_RE.sub("s", text)
        text = _BRACKETED_RE.sub(" ", text)
    text = _STRAY_RE.sub(" ", text)
    text = text.replace(" & ", " and ")
    return _SPACES_RE.sub(" ", text).strip(" .-")


@functools.lru_cache(maxsize=4096)
def is_overall_label(label: str) -> bool:
    """True for labels naming the critic's own overall score ("My Rating", "Verdict"...)."""
    words = _LABEL_WORD_RE.findall(normalize_label(label))
    if not words or aggregate_source(label)[0]:
        return False
    core = [word for word in words if word not in _OVERALL_FILLER]
    if not core:
        return bool({"overall", "total", "final", "give", "rate"} & set(words))
    if len(core) <= 2 and all(
        word in _OVERALL_CORE or _compound(word) or _film_compound(word) for word in core
    ):
        return True
    return _owned(words)


#: Score labels long enough to close a compound word ("Filmurteil", "Endwertung").
_COMPOUND_ENDS = tuple(sorted((w for w in _OVERALL_CORE if len(w) >= 6), key=len, reverse=True))


def _compound(word: str) -> bool:
    """ "filmurteil", "endwertung": a compound closing on a score label, its first part no
    part of the film ("bildwertung", "musikurteil") and no raters (checked before)."""
    if len(word) < 9 or not word.endswith(_COMPOUND_ENDS):
        return False
    end = next(end for end in _COMPOUND_ENDS if word.endswith(end))
    head = word[: -len(end)].rstrip("s-")
    return len(head) >= 4 and head not in CATEGORY_NAMES and head not in DISC_CATEGORY_WORDS


_INDEFINITE_TEXT = "a an un une uno una um uma ein eine einer"
_INDEFINITE = frozenset(_INDEFINITE_TEXT.split())
#: The most words naming whose score a label is ("della commissione cineforum").
_OWNER_SIZE = 3


def _owned(words: list[str]) -> bool:
    """ "Note de l'animateur", "Il voto della commissione cineforum", "Our programmer's
    rating", "Cruise director's rating": a score label and whose score it is (a person, a
    role, a board), which makes it that one critic's mark; never a part of the film ("Note
    du scénario") nor many raters (checked before: "Note des spectateurs")."""
    heads = [k for k, word in enumerate(words) if word in _OVERALL_CORE]
    if len(heads) != 1:
        return False
    head = heads[0]
    before, after = words[:head], words[head + 1 :]
    if after and all(word in _OVERALL_FILLER for word in before):
        joined = after[0]
        owner = after[1:]
        if joined.startswith("d'") and len(joined) > 2:
            owner = [joined[2:], *owner]  # "note d'odile"
        elif joined not in OWNER_WORDS:
            return False
        if owner and owner[0] in _INDEFINITE:
            return False  # "The mark of a classic": no one's mark
        return _owner(owner)
    if not after and before and before[-1].endswith("'s"):
        if any(word in OWN_POSSESSIVES for word in before):
            return False  # "My brother's rating": someone of the writer's, not a critic
        owner = [*before[:-1], before[-1][:-2]]
        return _owner([word for word in owner if word not in _OVERALL_FILLER] or owner)
    return False


def _owner(words: list[str]) -> bool:
    names = [word.split("'")[-1] for word in words]  # "l'animateur" -> "animateur"
    names = [name for name in names if name]
    return (
        1 <= len(names) <= _OWNER_SIZE
        and not any(name in CATEGORY_NAMES or name in _CATEGORY_WORDS for name in names)
        and not any(name in DISC_CATEGORY_WORDS for name in names)
    )


#: One-word film words a compound may open with ("Filmurteil", "Filmwertung").
_FILM_HEADS = tuple(sorted((w for w in FILM_WORDS if " " not in w), key=len, reverse=True))


def _film_compound(word: str) -> bool:
    """ "filmurteil", "filmnote": a film word joined to a score label in one word."""
    head = next((h for h in _FILM_HEADS if word.startswith(h) and len(word) > len(h) + 3), None)
    return head is not None and word[len(head) :] in _OVERALL_CORE


def is_grade_label(label: str) -> bool:
    return "grade" in normalize_label(label)


#: "Media dei voti qui sopra", "Average of the scores above": the page's own average.
_ABOVE = "|".join(word.replace(" ", r"\s+") for word in ABOVE_WORDS)
_ABOVE_RE = re.compile(rf"\b(?:{_ABOVE})(?!\w)", re.I)


@functools.lru_cache(maxsize=4096)
def aggregate_source(label: str) -> tuple[bool, str | None]:
    """Whether ``label`` names a many-raters score, and which source it names (if any).
    An average of the page's own scores above it is none."""
    if _ABOVE_RE.search(label):
        return False, None
    for pattern, source in _AGGREGATE_SOURCES:
        if pattern.search(label):
            return True, source
    return False, None


_CATEGORY_TEXT = """acting actors actor actress actresses performances performance cast casting
    story plot storyline script screenplay writing dialogue direction directing visuals visual
    cinematography photography camerawork music soundtrack sound design editing pacing effects
    vfx cgi characters characterization development costumes makeup entertainment value values
    rewatchability originality atmosphere tone humor humour comedy scares emotion impact ending
    themes world-building worldbuilding animation action enjoyment fun craft technical"""
CATEGORY_WORDS = frozenset(_CATEGORY_TEXT.split())
_CATEGORY_WORDS = CATEGORY_WORDS


def is_known_category(label: str) -> bool:
    """A label naming a usual review category ("Acting", "Sound Design", "Lead Actors")."""
    words = normalize_label(label).split()
    return (
        looks_like_category(label)
        and bool(words)
        and (words[-1] in CATEGORY_WORDS or " ".join(words) in DISC_CATEGORY_WORDS)
    )


def looks_like_category(label: str) -> bool:
    """A short label made of words, e.g. "Directing", "Set Direction", "acting"."""
    if len(label) > 45 or _DIGIT_RE.search(label) or _SENTENCE_BREAK_RE.search(label):
        return False
    words = label.split()
    return 1 <= len(words) <= 6 and label[0].isalpha()
