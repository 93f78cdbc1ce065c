"""A score the writer gives in a sentence of their own, inside a longer line.

"honestly I'd give it a solid 7 out of 10. the last hour drags": the score ends a sentence
that is not the line's last one. It counts only in an explicit form (a fraction, "N out of
M", stars) at the very end of a sentence spoken in the first person ("I'd give it", "for me
it's an 8.5/10."), read with the same rules as a score closing a line; a score for another
film ("I'd give Heat 9/10.") or two sentences ending in scores on one line give nothing.
"""

from __future__ import annotations

import re

from bot.parsing.inline import EXPLICIT_FORMS, InlineScore, inline_score
from bot.parsing.lang import FIRST_PERSON, OUT_OF, SCORE_VERBS
from bot.parsing.scores import NUMBER_WORDS, match_score

#: A digit, a star or a scale word ("seven out of ten"): without one, no score to look for.
_HINT_RE = re.compile(
    r"[\d★⭐✪✭✮*]|\b(?:"
    + "|".join(w.replace(" ", r"\s+") for w in OUT_OF if w not in ("de", "of"))
    + r")\b",
    re.IGNORECASE,
)
_STOP_RE = re.compile(r"[.!?]+(?=\s+\S)")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _first_person(sentence: str) -> bool:
    words = _WORD_RE.findall(sentence.casefold())
    return any(word.replace("’", "'") in FIRST_PERSON for word in words)


def score_in_sentence(text: str) -> InlineScore | None:
    """The writer's own explicit score ending a sentence inside ``text``, else None."""
    if len(text) > 600 or _HINT_RE.search(text) is None or _STOP_RE.search(text) is None:
        return None
    found: list[str] = []
    start = 0
    for stop in _STOP_RE.finditer(text):
        sentence = text[start : stop.end()]
        start = stop.end()
        if _ends_in_score(sentence):
            found.append(sentence)
    if len(found) != 1:
        return None  # "I gave it 6/10. then my brother gave it 9/10.": whose is it?
    said = inline_score(found[0])
    if said is None or said.rule != "verb" or said.score.form not in EXPLICIT_FORMS:
        return None
    return said if _first_person(said.before) or _gives(said.before) else None


_ARTICLE_RE = re.compile(r"\s+(?:a|an|un|una|um|uma|une|eine?)$")
_VERBS = sorted(SCORE_VERBS, key=len, reverse=True)


def _gives(before: str) -> bool:
    """ "le doy un", "gli do un": a giving verb of the language tables, spoken by the writer
    even where the language drops the pronoun."""
    text = _ARTICLE_RE.sub("", before.casefold().rstrip())
    return any(
        text.endswith(verb) and (len(text) == len(verb) or not text[-len(verb) - 1].isalnum())
        for verb in _VERBS
    )


_SCORE_START_RE = re.compile(r"(?<![\w.,/])[\d★⭐*]|(?i:\b(?:" + "|".join(NUMBER_WORDS) + r")\b)")


def _ends_in_score(sentence: str) -> bool:
    """Whether an explicit score expression closes ``sentence`` (before its full stop)."""
    body = sentence.rstrip(" .!?")
    for start in _SCORE_START_RE.finditer(body, max(len(body) - 40, 0)):
        found = match_score(body, start.start())
        if found is not None and found.end == len(body) and found.form in EXPLICIT_FORMS:
            return True
    return False
