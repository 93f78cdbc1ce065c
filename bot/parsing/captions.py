"""Social captions that list films in lower case, each with its score.

"hereditary 9/10 — toni collette deserved everything" / "midsommar 7.5/10 — too long": a
writer who never uses capitals cannot mark a title by them, so a title is recognized by
its place instead. Two or more adjacent lines, each entirely in lower case, each a few
words, an explicit score ("9/10", "★★★★") and a dash opening a comment: each line is that
film's score. One such line alone stays prose ("honestly 8/10 — fun" names no film).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.inline import BLOCKING_WORDS, undecorated
from bot.parsing.labels import is_overall_label
from bot.parsing.lang import FIRST_PERSON, OPINION_VERBS, SCORE_VERBS
from bot.parsing.lines import Line
from bot.parsing.scorelines import USUAL_SCALES, ScoreLine
from bot.parsing.scores import match_score

#: "talk to me 8/10 — the hand!!!": a few words, a score, a dash, then the comment.
_CAPTION_RE = re.compile(r"^(?P<title>[^\W\d_][^\d—–:|]{0,40}?)\s+(?P<score>\S+)\s+[—–-]\s+\S")
_EXPLICIT_FORMS = ("fraction", "out_of", "stars", "n_stars")
#: "i'd give it", "i'd say", "gets": a sentence the writer speaks, not a title.
_SPOKEN_RE = re.compile(
    "|".join(rf"(?<!\w){re.escape(phrase)}(?!\w)" for phrase in (*SCORE_VERBS, *OPINION_VERBS))
)


def _caption(text: str) -> tuple[str, float, str] | None:
    """(title, score, raw) of one lower-case caption line, else None."""
    text = undecorated(text)
    if any(ch.isupper() for ch in text):
        return None
    found = _CAPTION_RE.match(text)
    if found is None:
        return None
    score = match_score(found.group("score"))
    if score is None or score.end != len(found.group("score")):
        return None
    if score.form not in _EXPLICIT_FORMS or score.scale not in (None, *USUAL_SCALES):
        return None
    title = found.group("title").strip()
    words = title.split()
    if len(words) > 6 or words[0] in FIRST_PERSON:
        return None  # "i'm at 6/10 — …"
    if _SPOKEN_RE.search(title) or any(word in BLOCKING_WORDS for word in words):
        return None
    if is_overall_label(title):
        return None
    return title, score.value, score.raw


def lowercase_captions(lines: list[Line]) -> None:
    """Read the scores of a run of two or more lower-case caption lines, in place."""
    run: list[tuple[int, tuple[str, float, str]]] = []

    def close() -> None:
        if len(run) >= 2:
            for pos, (title, value, raw) in run:
                score = ScoreLine("overall", value, raw, title=title)
                lines[pos] = replace(lines[pos], kind="score", score=score)
        run.clear()

    for pos, line in enumerate(lines):
        found = _caption(line.text) if line.kind == "prose" and line.score is None else None
        if found is None:
            close()
            continue
        run.append((pos, found))
    close()
