"""Rating legends written with the stars themselves.

A page may state the scale of its star scores once, above them: "(ratings out of ****)",
"Notre échelle : ★ à éviter · ★★ pourquoi pas · ★★★ à voir · ★★★★ chef-d'œuvre", or one
step of the legend per line. The top step of such a legend is the scale of the stars
below it, and the legend's own stars are never a score.
"""

from __future__ import annotations

import re

from bot.parsing.inline import inline_score
from bot.parsing.lang import (
    LEGEND_WORDS,
    NUMBER_WORDS,
    OUT_OF,
    POINT_WORDS,
    RANGE_WORDS,
    STAR_WORDS,
)
from bot.parsing.scores import match_score
from bot.parsing.wordhint import WordHint

#: A step's run: its filled stars, then the empty ones drawn up to the top ("★★☆☆").
_RUN = r"[★⭐✪✭✮*]{1,10}☆{0,9}"
_NUMBER = "|".join(
    sorted((w for w, n in NUMBER_WORDS.items() if 1 <= n <= 10), key=len, reverse=True)
)
#: A legend's step: a run of stars, or "4 stars" / "one star" in words.
_STEP_RUN = rf"(?:{_RUN}|(?i:\d{{1,2}}|{_NUMBER})\s+(?i:{'|'.join(STAR_WORDS)})(?!\w))"


_STAR_WORD_RE = re.compile(rf"\b(?:{'|'.join(STAR_WORDS)})\b", re.IGNORECASE)
_STAR_WORD_HINT = WordHint(_STAR_WORD_RE, STAR_WORDS)


def _count(run: str) -> int:
    """How many stars a step is worth: "★★★" and "3 stars" are 3."""
    first = run.split()[0].lower() if run.split() else ""
    if first.isdigit():
        return int(first)
    return NUMBER_WORDS[first] if first in NUMBER_WORDS else len(run) - run.count("☆")


_OUT_OF = "|".join(word.replace(" ", r"\s+") for word in OUT_OF)
#: "(ratings out of ****)", "All scores are out of ★★★★★".
_STATED_RE = re.compile(
    r"(?:\b(?:all\s+)?(?:ratings?|scores?|stars?|grades?|notes?|wertungen|voti|puntuaciones"
    r"|reviews?|critiques?|kritiken|recensioni|críticas|notas)\b.{0,30}?|^[^★⭐✪✭✮*]{0,60}\(\s*)"
    rf"\b(?:{_OUT_OF})\s+(?P<run>[★⭐✪✭✮*]{{2,10}})(?![★⭐✪✭✮*\w])",
    re.IGNORECASE,
)
#: One step of a legend: a run of stars, then the words it stands for ("★★ pourquoi pas").
_STEP_RE = re.compile(
    rf"(?<![★⭐✪✭✮*\w])(?P<run>{_STEP_RUN})(?P<half>½)?\s*[-–—:=]?\s*"
    r"(?P<words>[^\W\d_][^★⭐✪✭✮*·|•;/]{0,40}?)\s*(?:[·|•;,/]\s*|\s{2,}|\s*(?=[★⭐✪✭✮*])|$)"
)
#: A step written words first ("Excellent ★★★★ · Good ★★★ · …").
_STEP_AFTER_RE = re.compile(
    rf"(?P<words>[^\W\d_][^★⭐✪✭✮*·|•;/:]{{0,30}}?)\s*[-–—:=]?\s*(?P<run>{_STEP_RUN})(?P<half>½)?"
    r"\s*(?:[·|•;,/]\s*|\s{2,}|$)"
)
#: What may open a legend line before its first step ("Notre échelle :", "Key —").
_LEAD_RE = re.compile(r"^(?:[^\W\d_][\w'’ ]{0,30}?\s*[:：—–-]\s*)?")
_STEP_LINE_RE = re.compile(
    rf"^[-•·]?\s*(?P<run>{_STEP_RUN})(?P<half>½)?\s*[-–—:=]?\s*"
    r"(?P<words>[^\W\d_][^\d★⭐✪✭✮*]{0,40})$"
    rf"|^[-•·]?\s*(?P<words2>[^\W\d_][^\d★⭐✪✭✮*:]{{0,30}}?)\s*[-–—:=]?\s*(?P<run2>{_STEP_RUN})$"
)


def _steps_scale(counts: list[int]) -> int | None:
    """The top step of three or more distinct steps that follow each other from one star
    (1, 2, 3, 4): a list of films ranked by stars rarely has one film on each step."""
    if len(counts) < 3 or len(set(counts)) != len(counts) or min(counts) != 1:
        return None
    top = max(counts)
    if top != len(counts) or not 3 <= top <= 10:
        return None
    return top


_ANY_STAR_RE = re.compile(r"[★⭐✪✭✮*]")


def stated_star_scale(text: str) -> int | None:
    """ "(ratings out of ****)": the scale a legend states with a run of stars."""
    if _ANY_STAR_RE.search(text) is None or len(text.split()) > 14:
        return None
    found = _STATED_RE.search(text)
    return len(found.group("run")) if found is not None else None


def step_list_scale(text: str) -> int | None:
    """The scale a one-line legend list gives: its top step ("★ à éviter · … · ★★★★ chef-
    d'œuvre" -> 4). Each step is a run of stars followed by words, and the line holds
    nothing else but an optional short label before the first step."""
    if len(text) > 240 or (
        len(_ANY_STAR_RE.findall(text)) < 6 and len(_STAR_WORD_RE.findall(text)) < 3
    ):
        return None
    lead = _LEAD_RE.match(text).group(0)  # type: ignore[union-attr]
    body = text[len(lead) :].strip()
    labelled = _LEGEND_START_RE.search(lead) is not None
    for pattern in (_STEP_RE, _STEP_AFTER_RE):
        counts: list[int] = []
        pos = 0
        while pos < len(body):
            step = pattern.match(body, pos)
            if step is None:
                break
            counts.append(_count(step.group("run")))
            pos = step.end()
        if pos >= len(body) and (scale := _steps_scale(counts)) is not None:
            return scale
        if labelled and pos >= len(body) and (scale := _top_steps_scale(counts)) is not None:
            return scale
    return None


def continued_step_list_scale(previous: str, text: str) -> int | None:
    """The scale of a one-line legend list broken over two lines ("Ratings: **** excellent"
    / "*** good ** fair * poor" -> 4): read together, the lines make one list of steps."""
    if not previous or _ANY_STAR_RE.search(previous) is None or _ANY_STAR_RE.search(text) is None:
        return None
    return step_list_scale(f"{previous.rstrip()} {text.lstrip()}")


def _top_steps_scale(counts: list[int]) -> int | None:
    """ "Légende : ★★★★ chef-d'œuvre · ★★★ à voir · ★★ …": under a legend's label, three or
    more steps down from the top by one star (the lowest may follow on the next line)."""
    if len(counts) < 3 or counts != list(range(counts[0], counts[0] - len(counts), -1)):
        return None
    return counts[0] if 3 <= counts[0] <= 10 else None


def step_line(text: str) -> int | None:
    """The number of stars of a line that is one step of a legend ("★★★ — good", "Good
    ★★★"), else None."""
    if _ANY_STAR_RE.search(text) is None and _STAR_WORD_HINT.search(text) is None:
        return None
    found = _STEP_LINE_RE.match(text.strip())
    if found is None:
        return None
    if found.group("run") is not None:
        return _count(found.group("run")) if len(found.group("words").split()) <= 5 else None
    return _count(found.group("run2")) if len(found.group("words2").split()) <= 3 else None


def legend_blocks(texts: list[str]) -> dict[int, int]:
    """Positions of the lines of legends written one step per line, with their scale.

    Three or more adjacent lines, each a run of stars and a few words, with distinct
    numbers of stars that follow each other ("★★★★ excellent" / "★★★ good" / "★★ fair").
    """
    found: dict[int, int] = {}
    run: list[tuple[int, int]] = []

    def close() -> None:
        if not run:
            return
        scale = _steps_scale([count for _, count in run])
        if scale is not None:
            found.update(dict.fromkeys((pos for pos, _ in run), scale))
        run.clear()

    for pos, text in enumerate(texts):
        count = step_line(text) if text else None
        if count is None:
            close()
            continue
        run.append((pos, count))
    close()
    return found


_LEGEND_WORDS = "|".join(
    w.replace(" ", r"\s+") for w in sorted(LEGEND_WORDS, key=len, reverse=True)
)
_RANGE_WORDS = "|".join(sorted(RANGE_WORDS, key=len, reverse=True))
#: "Ratings run from ★ to ★★★★", "Notation : de ★ (à éviter) à ★★★★ (chef-d'œuvre)".
_STAR_RANGE_RE = re.compile(
    rf"(?<![★⭐✪✭✮*])[★⭐✪✭✮*](?:\s*\([^()]{{1,30}}\))?\s*(?:{_RANGE_WORDS}|[-–—])\s*"
    rf"(?P<run>[★⭐✪✭✮*]{{3,10}})(?![★⭐✪✭✮*½])",
    re.IGNORECASE,
)
#: "Ratings run from ★★★★ (a classic) down to ★½": the top step first, then the lowest.
_TOP_FIRST_RANGE_RE = re.compile(
    rf"(?<![★⭐✪✭✮*])(?P<run>[★⭐✪✭✮*]{{3,10}})(?:\s*\([^()]{{1,30}}\))?\s*(?:{_RANGE_WORDS})\s*"
    r"(?:[★⭐✪✭✮*]½?|½)(?![★⭐✪✭✮*½])",
    re.IGNORECASE,
)
_UNIT = "|".join((*STAR_WORDS, *POINT_WORDS))
#: The lowest step of a range: none, one, or half a star ("de 0,5 a 5 estrelas").
_LOW = "|".join([r"0[.,]5", "½", "0", "1", *(w for w, n in NUMBER_WORDS.items() if n <= 1)])
_TOP = "|".join(
    ["4", "5", "10", "20", "100", *(w for w, n in NUMBER_WORDS.items() if n in (4, 5, 10))]
)
#: "a rating of 4" is no legend: a bare "of" does not state a scale.
_OUT_OF_WORDS = "|".join(w.replace(" ", r"\s+") for w in OUT_OF if w != "of")
#: The end of a stated scale: a full stop or a bracket, or the unit ("5 Sternen", "10 points").
_TAIL = rf"(?![.,]\d)(?=\s*(?:[.:;,)\]]|$|(?:{_UNIT})\b))"
_LEGEND_START_RE = re.compile(rf"\b(?:{_LEGEND_WORDS})\b", re.IGNORECASE)
#: "Puntuamos de 0 a 5.", "Wertungen von 1 bis 10", "Bewertet wird mit null bis vier Sternen".
_NUMBER_RANGE_RE = re.compile(
    rf"[^.!?\d]{{0,30}}?\b(?:{_LOW})\s*(?:{_RANGE_WORDS}|[-–])\s*(?P<top>{_TOP})\b{_TAIL}",
    re.IGNORECASE,
)
#: "Tous les films sont notés sur 5.", "We rate films out of 4 stars.", "Valoramos sobre 5."
_OUT_OF_SCALE_RE = re.compile(
    rf"[^.!?\d]{{0,30}}?\b(?:{_OUT_OF_WORDS})\s+(?P<top>{_TOP})\b{_TAIL}", re.IGNORECASE
)
#: "rated on a four-star scale", "a 5-point scale".
_SIZED_SCALE_RE = re.compile(
    rf"\b(?P<top>{_TOP})[-\s](?:{_UNIT})\s+(?:{_LEGEND_WORDS})\b", re.IGNORECASE
)


def _top(found: re.Match[str]) -> int:
    top = found.group("top").lower()
    return NUMBER_WORDS[top] if top in NUMBER_WORDS else int(top)


#: A star, or the top of a usual scale ("5", "10", "four"): without one, no scale is stated.
_SCALE_HINT_RE = re.compile(rf"[★⭐✪✭✮*]|\b(?:{_TOP})\b", re.IGNORECASE)


def scale_legend(text: str) -> int | None:
    """The scale a legend states for the page: the top of a range of stars or of numbers
    ("de ★ à ★★★★", "Puntuamos de 0 a 5."), a scale after its legend word ("notés sur 5",
    "We rate films out of 4 stars.") or a sized scale ("on a four-star scale")."""
    if len(text) > 300:
        return None
    stars = _STAR_RANGE_RE.search(text) if _ANY_STAR_RE.search(text) else None
    if stars is None and _ANY_STAR_RE.search(text) and _LEGEND_START_RE.search(text):
        stars = _TOP_FIRST_RANGE_RE.search(text)
    if stars is not None:
        if _LABEL_END_RE.match(text, stars.end()) or _STARS_LABEL_END_RE.match(text, stars.end()):
            return None  # "Il giudizio (da ★ a ★★★★★): ★★★★½": a label stating its scale
        return len(stars.group("run"))
    if _SCALE_HINT_RE.search(text) is None:
        return None  # no digit, no star and no star word: no scale to state
    legend = _LEGEND_START_RE.search(text)
    if legend is None:
        return None
    ranged = _NUMBER_RANGE_RE.match(text, legend.end())
    if ranged is not None:
        return _top(ranged)  # "I nostri voti vanno da 1 a 5.": "a 5" is no score
    if inline_score(text) is not None:
        return None  # "Three stars out of four": a score, not a legend
    sized = _SIZED_SCALE_RE.search(text)
    if sized is not None:
        return _top(sized)
    found = _OUT_OF_SCALE_RE.match(text, legend.end())
    if found is None or _scores_to(text, legend.end(), found.start("top"), found.end("top")):
        return None  # "Rated three and a half out of five": a score, not a legend
    if _scores_to(text, max(legend.start() - 24, 0), legend.start(), found.end("top")):
        return None  # "I stand by my three stars out of four.": the star word is the score's
    if _LABEL_END_RE.match(text, found.end("top")):
        return None  # "Rating (out of 10): 8": a score label stating its scale
    return _top(found)


#: The colon and value after a scale that ends a score's label ("Note (sur 20) : 14").
_LABEL_END_RE = re.compile(r"\s*\)?\s*[:：]\s*\d")
_STARS_LABEL_END_RE = re.compile(r"[^():]{0,20}\)\s*[:：]\s*[★⭐✪✭✮*]")


_WORD_START_RE = re.compile(r"\b\w")


def _scores_to(text: str, start: int, top: int, end: int) -> bool:
    """Whether a word between ``start`` and the scale's ``top`` opens a score reaching
    ``end``: the scale is then that score's own."""
    for word in _WORD_START_RE.finditer(text, start, top):
        score = match_score(text[word.start() :])
        if score is not None and word.start() + score.end >= end:
            return True
    return False
