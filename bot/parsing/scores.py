"""Score expressions: numbers, fractions, percentages, stars and letter grades.

Every score is normalized to a 0..10 scale and rounded to two decimals.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from bot.parsing.lang import (
    AND_WORDS,
    BETWEEN_WORDS,
    EITHER_WORDS,
    HALF_WORDS,
    OUT_OF,
    POINT_WORDS,
    POSSIBLE_WORDS,
    STAR_WORDS,
    VOTE_UNITS,
)
from bot.parsing.lang import NUMBER_WORDS as LANG_NUMBER_WORDS

#: Number words of every language, longest first in the patterns below.
NUMBER_WORDS: dict[str, int] = LANG_NUMBER_WORDS

#: Letter grades on a 0..10 scale (close to the conversion used by review aggregators).
GRADES: dict[str, float] = {
    "A+": 10.0,
    "A": 9.5,
    "A-": 9.0,
    "B+": 8.3,
    "B": 7.5,
    "B-": 6.7,
    "C+": 5.8,
    "C": 5.0,
    "C-": 4.2,
    "D+": 3.3,
    "D": 2.5,
    "D-": 1.7,
    "F": 0.0,
}

_NUM = r"\d{1,3}(?:[.,]\d{1,2}(?!\d))?\s?½?|½"
_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_AMOUNT = rf"(?:{_NUM}|{_WORD})"
_GAP = r"(?:[ \t]+|-)"
_HALF_WORDS = sorted(HALF_WORDS, key=len, reverse=True)
_HALF_BODY = "|".join(
    [_GAP + word.replace(" ", _GAP) for word in _HALF_WORDS if not word.startswith("+")]
    + [word[1:] for word in _HALF_WORDS if word.startswith("+")]
)
#: "and a half", "et demie", "e mezzo", "drei|einhalb": after the number or its star word.
_HALF = rf"(?P<half>{_HALF_BODY})?"
_HALF_AFTER = rf"(?P<half2>{_HALF_BODY})?"
_STAR_CHARS = "★⭐✪✭✮*"
_EMPTY_STAR_CHARS = "☆✩✰"

_STAR_WORD = rf"(?:{'|'.join(STAR_WORDS)})"
_SPACE = r"[ \t]+"
_OUT_OF = "(?:" + "|".join(w.replace(" ", _SPACE) for w in OUT_OF if w != "of") + ")"
_GLYPHS = rf"[{_STAR_CHARS}]+"
_UNIT_WORD = rf"(?:{'|'.join((*STAR_WORDS, *POINT_WORDS))})"
_STARS_RE = re.compile(
    rf"(?P<stars>[{_STAR_CHARS}]+)[ \t]?(?P<half>½|1/2|\.5|half)?[ \t]?"
    rf"(?P<empty>[{_EMPTY_STAR_CHARS}]*)"
    rf"(?:[ \t]*\(?(?:{_STAR_WORD}[ \t]+)?(?:{_OUT_OF}|of)[ \t]+"
    rf"(?P<den>\d{{1,2}}|{_WORD}|{_GLYPHS})(?:[ \t]+{_STAR_WORD})?\)?"
    rf"|[ \t]*{_STAR_WORD}(?!\w))?",
    re.IGNORECASE,
)
#: "von 10 möglichen Punkten", "sur 10 points possibles": the scale's unit, maybe "possible".
_POSSIBLE = rf"(?:{'|'.join(POSSIBLE_WORDS)})"
_UNIT_AFTER = rf"(?:[ \t]+(?:{_POSSIBLE}[ \t]+)?{_UNIT_WORD}(?:[ \t]+{_POSSIBLE})?)"
#: "3 out of 4", "three and a half stars out of five", "4 de 5 estrellas", "2½ stars (of 4)",
#: "7 Punkte von 10", "8 von 10 möglichen Punkten", "8 out of a possible 10".
_OUT_OF_RE = re.compile(
    rf"(?P<num>{_AMOUNT}){_HALF}(?:[ \t]*{_UNIT_WORD})?{_HALF_AFTER}"
    rf"(?:[ \t]+{_OUT_OF}[ \t]+(?:(?:a|an)[ \t]+)?(?:{_POSSIBLE}[ \t]+)?|[ \t]*\([ \t]*"
    rf"(?:{_OUT_OF}|of)[ \t]+(?=[^)]*\)))(?P<den>\d{{1,3}}|{_WORD})"
    rf"{_UNIT_AFTER}?\)?(?!\w)",
    re.IGNORECASE,
)
#: "8/10", "4/5 stars", "7/10 Punkte".
_FRACTION_RE = re.compile(
    rf"(?P<num>{_NUM})\*?[ \t]*/[ \t]*(?P<den>\d{{1,3}}(?:\.0)?)(?![\d/]|[.,]\d)"
    rf"(?:[ \t]*{_UNIT_WORD}(?!\w))?",
    re.IGNORECASE,
)
_PERCENT_RE = re.compile(rf"(?P<num>{_NUM})[ \t]*%")
_N_STARS_RE = re.compile(
    rf"(?P<num>{_AMOUNT}){_HALF}(?:[ \t]+|-){_STAR_WORD}(?!\w){_HALF_AFTER}(?!\w)", re.IGNORECASE
)
#: "sette e mezzo", "7 e mezzo": a number and a half in words, on a 10-point scale.
_HALF_PLAIN_RE = re.compile(rf"(?P<num>{_AMOUNT})(?P<half>{_HALF_BODY})(?!\w)", re.IGNORECASE)
_PLAIN_RE = re.compile(r"(?P<num>\d{1,3}(?:[.,]\d{1,2})?½?)(?![\d/%½]|[.,:]\d|[ \t]*[/%½])")
#: "B+", "A minus", "A-minus": a letter grade and its sign, in a symbol or in words.
_GRADE_RE = re.compile(
    r"(?P<grade>[A-DF])(?P<mod>(?:[ \t]+|[-‑])(?:plus|minus)\b|[+\-−])?(?![\w+\-])"
)


_HALF_STAR_RE = re.compile(r"½(?![\d/])")
_ATTEMPTS: tuple[tuple[re.Pattern[str], str], ...] = (
    (_OUT_OF_RE, "out_of"),
    (_FRACTION_RE, "fraction"),
    (_PERCENT_RE, "percent"),
    (_N_STARS_RE, "n_stars"),
    (_HALF_PLAIN_RE, "plain"),
    (_PLAIN_RE, "plain"),
)


@dataclass(frozen=True)
class ScoreMatch:
    """A score expression found at the start of a string."""

    value: float
    raw: str
    end: int
    form: str
    """One of "stars", "out_of", "fraction", "percent", "n_stars", "plain", "grade"."""
    amount: float
    """The number as written (before scaling); useful when a plain number needs rescaling."""
    scale: float | None = None
    """The scale the expression states ("/5", "out of four", "★★☆☆"); None when implied."""


def _amount(text: str) -> float | None:
    text = text.strip().lower()
    if text and all(ch in _STAR_CHARS for ch in text):
        return float(len(text))
    if text in NUMBER_WORDS:
        return float(NUMBER_WORDS[text])
    text = text.replace(",", ".")
    half = text.endswith("½")
    text = text.rstrip("½").strip()
    if not text:
        return 0.5 if half else None
    try:
        value = float(text)
    except ValueError:
        return None
    if half:
        if value != int(value):
            return None
        value += 0.5
    return value


def _scaled(amount: float | None, maximum: float | None) -> float | None:
    if amount is None or maximum is None or maximum <= 0 or maximum > 100:
        return None
    if not math.isfinite(amount) or amount < 0 or amount > maximum:
        return None
    return round(amount / maximum * 10.0, 2)


def _stars(match: re.Match[str]) -> ScoreMatch | None:
    filled = float(len(match.group("stars")))
    if match.group("half"):
        filled += 0.5
    empty = len(match.group("empty") or "")
    den_text = match.group("den")
    stated: float | None = None
    if den_text:
        stated = _amount(den_text)
    elif empty:
        stated = float(math.ceil(filled) + empty)
    value = _scaled(filled, stated or 5.0)
    if value is None:
        return None
    raw = match.group(0).strip()
    return ScoreMatch(value, raw, match.end(), "stars", filled, stated)


_RANGE_NUM = rf"(?P<lo>\d{{1,3}}(?:[.,]\d{{1,2}})?|(?:{_WORD})(?!\w))"
_RANGE_HIGH = rf"(?=\d|(?:{_WORD})(?!\w))"
_EITHER = "|".join(w.replace(" ", _SPACE) for w in sorted(EITHER_WORDS, key=len, reverse=True))
#: "7-8/10", "7 or 8 out of 10", "7 bis 8 von 10": the low end of a range and its joining word.
_RANGE_LOW_RE = re.compile(rf"{_RANGE_NUM}(?:[-–]|[ \t]+(?:{_EITHER})[ \t]+){_RANGE_HIGH}", re.I)
#: "between 7 and 8 out of 10", "entre 7 et 8 sur 10": the same after a word of "between".
_RANGE_AND_RE = re.compile(rf"{_RANGE_NUM}[ \t]+(?:{'|'.join(AND_WORDS)})[ \t]+{_RANGE_HIGH}", re.I)
_BETWEEN_BEFORE_RE = re.compile(
    rf"(?<!\w)(?:{'|'.join(w.replace(' ', _SPACE) for w in BETWEEN_WORDS)})[ \t]+$", re.I
)
_NOT_A_RANGE = ScoreMatch(0.0, "", -1, "", 0.0)


def _range(text: str, pos: int) -> ScoreMatch | None:
    """ "7-8/10", "7 or 8 out of 10", "between 7 and 8 out of 10": the middle of a range of
    two scores on the scale the high end states (7.5). The ends must be close (a tenth of the
    scale, or one step); a range whose scale is not stated ("7-8", "7 or 8") is refused.
    Returns ``_NOT_A_RANGE`` when no range starts at ``pos``."""
    low = _RANGE_LOW_RE.match(text, pos)
    if low is None and pos > 0:
        low = _RANGE_AND_RE.match(text, pos)
        if low is not None and _BETWEEN_BEFORE_RE.search(text, max(pos - 30, 0), pos) is None:
            low = None  # "7 and 8 out of 10" only after "between", "entre", "zwischen"
    if low is None:
        return _NOT_A_RANGE
    high = match_score(text, low.end())
    if high is None:
        return _NOT_A_RANGE  # "7-eleven"
    if high.form not in ("fraction", "out_of", "n_stars"):
        return None  # "Rating: 7-8", "a 7 or 8": which scale?
    bottom, top = _amount(low.group("lo")), high.amount
    scale = high.scale or 5.0
    if bottom is None or not bottom < top or top - bottom > max(1.0, scale / 10):
        return None
    value = _scaled((bottom + top) / 2, scale)
    if value is None:
        return None
    raw = text[pos : high.end].strip()
    return ScoreMatch(value, raw, high.end, high.form, (bottom + top) / 2, high.scale)


#: What stands before the high end of a range: "7-", "7 or an ", "entre 7 et ".
_RANGE_BEFORE_RE = re.compile(
    rf"\d(?:[-–]|[ \t]+(?:{_EITHER}|{'|'.join(AND_WORDS)})[ \t]+"
    r"(?:(?:a|an|un|une|una|uno|um|uma|eine?)[ \t]+)?)$|/\d{1,3}[ \t]*[-–—][ \t]*$",
    re.I,
)


def ends_range_low(text: str, start: int) -> bool:
    """Whether a score starting at ``start`` is the high end of a range ("7-8/10", "a 7 or
    an 8", "7/10 - 8/10"): read whole from its low end, or refused, never from its high end
    alone."""
    return start > 0 and _RANGE_BEFORE_RE.search(text, max(start - 20, 0), start) is not None


def match_score(
    text: str, pos: int = 0, *, grades: bool = False, ranges: bool = True
) -> ScoreMatch | None:
    """Match one score expression starting exactly at ``pos`` of ``text``.

    Plain numbers are read on a 10-point scale; stars and "N stars" on a 5-point scale.
    Letter grades are only considered when ``grades`` is true. A range of two scores on a
    stated scale ("7-8/10") is its middle (see :func:`_range`) unless ``ranges`` is false.
    """
    if ranges and text[pos : pos + 1].isalnum():
        ranged = _range(text, pos)
        if ranged is not _NOT_A_RANGE:
            return ranged
    star = _STARS_RE.match(text, pos)
    if star and star.group("stars"):
        return _stars(star)
    half_star = _HALF_STAR_RE.match(text, pos)
    if half_star:
        return ScoreMatch(1.0, "½", half_star.end(), "stars", 0.5)
    for pattern, form in _ATTEMPTS:
        found = pattern.match(text, pos)
        if not found:
            continue
        amount = _amount(found.group("num"))
        groups = found.groupdict()
        halved = bool(groups.get("half") or groups.get("half2"))
        if amount is not None and halved:
            amount = amount + 0.5 if amount == int(amount) else None
        scale = None
        if form in ("out_of", "fraction"):
            scale = _amount(found.group("den"))
            value = _scaled(amount, scale)
        elif form == "percent":
            value = _scaled(amount, 100.0)
        elif form == "n_stars":
            value = _scaled(amount, 5.0)
        else:
            value = _scaled(amount, 10.0)
        if value is None or amount is None:
            return None
        if form == "plain" and (found.group("num").endswith("½") or halved) and amount <= 5:
            return None  # "3½": stars out of 4 or 5, or a tenth scale? Only "7½" is clear.
        return ScoreMatch(value, found.group(0).strip(), found.end(), form, amount, scale)
    if grades:
        grade = _GRADE_RE.match(text, pos)
        if grade:
            written = grade.group("mod") or ""
            mod = written.strip(" \t-‑").lower() or written  # "A-minus" -> "minus", "A-" -> "-"
            sign = {"+": "+", "plus": "+", "-": "-", "−": "-", "minus": "-"}.get(mod, "")
            key = grade.group("grade") + sign
            if key in GRADES:
                return ScoreMatch(GRADES[key], grade.group(0).strip(), grade.end(), "grade", 0.0)
    return None


# Members type the same few scores over and over (`8`, `4/5`, `★★★★`): each form is read once.
@functools.lru_cache(maxsize=4096)
def normalize_score(raw: str) -> tuple[float, str] | None:
    """Parse one whole score expression such as "8.5/10", "85%", "★★★★½" or "3.5 out of 5".

    Returns ``(value on 0..10, the expression as written)`` or None when the text is not a
    single valid score (unparseable, negative, not finite or above its scale's maximum).
    """
    text = raw.strip()
    if not text:
        return None
    found = match_score(text, grades=True, ranges=False)  # a member's "7-8/10" is no one score
    if found is None or found.end != len(text):
        return None
    return found.value, text


_UNITS = "|".join(VOTE_UNITS)
_VOTES_RE = re.compile(
    r"(?:\bfrom\b|\bbased\s+on\b|\bby\b)?[\s(/]*(?P<n>\d{1,3}(?:[,.\s]\d{3})+|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>[kKmM]\b)?\+?\s*(?:verified\s+|user\s+|total\s+|critic\s+|global\s+)?"
    rf"(?P<unit>{_UNITS})(?!\w)",
    re.IGNORECASE,
)
_LABELED_VOTES_RE = re.compile(
    rf"^(?:[^\W\d_]+\s+)?(?:{_UNITS})\s*:\s*(?P<n>\d{{1,3}}(?:[,.\s]\d{{3}})+|\d+(?:\.\d+)?)"
    r"\s*(?P<mult>[kKmM]\b)?\+?$",
    re.IGNORECASE,
)
#: "231K" after an aggregate's score: a count with a thousands or millions suffix.
_SUFFIXED_COUNT_RE = re.compile(r"(?<![\d.,/])(?P<n>\d{1,3}(?:\.\d)?)\s*(?P<mult>[kKmM])(?!\w)")


_DIGIT_RE = re.compile(r"\d")
_GROUPED_RE = re.compile(r"\d{1,3}(?:[,.\s]\d{3})+")
_GROUPING_RE = re.compile(r"[,.\s]")


def parse_votes(text: str) -> int | None:
    """Find a vote count such as "(959 voted)", "from 2,431 users" or "1.2K ratings"."""
    if not _DIGIT_RE.search(text):
        return None
    found = _VOTES_RE.search(text) or _LABELED_VOTES_RE.match(text.strip())
    if not found:
        return None
    digits = found.group("n")
    mult = (found.group("mult") or "").lower()
    grouped = _GROUPED_RE.fullmatch(digits) is not None
    number = float(_GROUPING_RE.sub("", digits) if grouped else digits)
    number *= {"k": 1_000, "m": 1_000_000}.get(mult, 1)
    return round(number)


def suffixed_count(text: str) -> int | None:
    """A bare "231K" / "1.2M" count (the vote count printed beside an aggregate)."""
    found = _SUFFIXED_COUNT_RE.search(text)
    if not found:
        return None
    scale = 1_000 if found.group("mult").lower() == "k" else 1_000_000
    return round(float(found.group("n")) * scale)
