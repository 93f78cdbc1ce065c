"""The film's title in a document's heading line: "Arrival (2016) Review", "Parasite review".

Only a few headline shapes are accepted, and the title itself must be written like a title
(capitalized words, apart from short particles), so a sentence of prose is never taken for
one. A bare name such as "Spike Jonze" is not a heading: it has neither a year nor "review".
"""

from __future__ import annotations

import re

from bot.parsing.scores import ScoreMatch, match_score

#: A schedule's time of day ("8.00pm Film4: The Holdovers"): a channel or venue, then the title.
TIME_MARK_RE = re.compile(
    r"^\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s+(?:[^:—–]{1,25}?(?::|\s[—–])\s+)?",
    re.I,
)
_TAGS_RE = re.compile(r"^(?:\[[^\]]{1,30}\]\s*|\([^)]{1,30}\)\s+)+")
_QUOTES = "\"'“”‘’«»"
_YEAR_RE = re.compile(r"\s*[(\[]\s*(?P<year>(?:18|19|20)\d{2})\s*[)\]]")
_REVIEW_WORD_RE = re.compile(
    r"\s*(?:[-–—:|]\s*)?(?:(?:full|movie|film|spoiler-free|spoiler free|mini)\s+)?review\b",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"\s*(?:[-–—:|]|//)\s*")
_LEADING_REVIEW_RE = re.compile(
    r"^(?:(?:movie|film|full|spoiler-free)\s+)?review\s*[:：\-–—|]\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_SMALL_TEXT = """a an the and or nor but of in on at to for from by with vs vs. v. de la le les
    el du des da di del von van der den und y et into over"""
_SMALL_WORDS = frozenset(_SMALL_TEXT.split())
_GENERIC_TEXT = """my our a the this movie film full quick short mini capsule user users critic
    critics spoiler spoilers spoiler-free free video podcast book new latest first final another
    double take week weekly staff reader readers guest review reviews"""
_GENERIC_WORDS = frozenset(_GENERIC_TEXT.split())


_LETTER_RE = re.compile(r"[^\W\d_]")
_NOT_TITLE_RE = re.compile(r"[.,;!?]$|[|@#]|https?:|\s[-–—]\s")
_POSSESSIVE_END_RE = re.compile(r"['’]s$")
_BRACKETED_RE = re.compile(r"[(\[]\s*(.+?)\s*[)\]]")
_TRAILING_REVIEW_RE = re.compile(r"\s+(?:(?:movie|film)\s+)?review\b", re.IGNORECASE)


def _title_like(title: str) -> bool:
    words = title.split()
    if not 1 <= len(words) <= 10 or len(title) > 80:
        return False
    if not _LETTER_RE.search(title) or _NOT_TITLE_RE.search(title):
        return False
    if any(ch in title for ch in _QUOTES.replace("'", "").replace("’", "")):
        return False
    if all(word.lower().strip(_QUOTES) in _GENERIC_WORDS for word in words):
        return False
    if _POSSESSIVE_END_RE.search(title):
        return False
    for index, word in enumerate(words):
        bare = word.strip(_QUOTES + "()")
        if not bare:
            return False
        first = bare[0]
        if first.isupper() or first.isdigit() or not first.isalpha():
            continue
        if index > 0 and bare.lower() in _SMALL_WORDS:
            continue
        return False
    return True


def _tidy(title: str) -> str:
    title = title.strip()
    if len(title) >= 2 and title[0] in _QUOTES and title[-1] in _QUOTES:
        title = title[1:-1].strip()
    if title.isupper() and len(title) > 3:
        words = title.lower().split()
        title = " ".join(
            word if index and word in _SMALL_WORDS else word[:1].upper() + word[1:]
            for index, word in enumerate(words)
        )
    return title


def _tail_score(rest: str) -> ScoreMatch | None:
    """A score closing the heading: "- 8/10", "(4/5)", "— ★★★★"."""
    text = _SEPARATOR_RE.sub("", rest, count=1) if _SEPARATOR_RE.match(rest) else rest
    text = text.strip()
    bracketed = _BRACKETED_RE.fullmatch(text)
    text = bracketed.group(1) if bracketed else text
    found = match_score(text)
    if found is None or found.end != len(text):
        return None
    if found.form in ("fraction", "out_of", "n_stars", "stars"):
        return found
    return None


_SCORE_START_RE = re.compile(r"[★⭐✪✭✮½]|\d{1,3}(?:[.,]\d{1,2})?\s*/\s*\d")
#: "- Past Lives (2023): 9/10": a list bullet is no part of the title.
_BULLET_RE = re.compile(r"^[-•·▪‣]\s+")


def _split_heading(text: str) -> tuple[str, int | None, str, bool] | None:
    """(title part, year, what follows, whether "review" was written) of a heading line."""
    year_match = _YEAR_RE.search(text)
    if year_match is not None:
        head, rest = text[: year_match.start()], text[year_match.end() :]
        review = _REVIEW_WORD_RE.match(rest)
        if review is not None:
            rest = rest[review.end() :]
        return head, int(year_match.group("year")), rest, review is not None
    found = _TRAILING_REVIEW_RE.search(text)
    if found is None:
        return None
    return text[: found.start()], None, text[found.end() :], True


def _scored_tail(text: str) -> tuple[str, None, str]:
    """ "Oppenheimer ★★★★" after "Review:": the title, then the score closing the line."""
    words = text.split()
    for count in range(min(len(words) - 1, 3), 0, -1):
        rest = " ".join(words[-count:])
        if _tail_score(rest) is not None:
            return " ".join(words[:-count]), None, rest
    return text, None, ""


def heading_title(line: str) -> tuple[list[tuple[str, object]], ScoreMatch | None] | None:
    """Title/year facts of a heading line, and a score that closes it; None if not a heading."""
    text = _TAGS_RE.sub("", _BULLET_RE.sub("", line.strip().lstrip("#").strip())).strip()
    text = TIME_MARK_RE.sub("", text) if text[:1].isdigit() else text
    if not text or len(text) > 120:
        return None
    leading = _LEADING_REVIEW_RE.match(text)
    if leading is not None:
        text = leading.group("rest")
    parts = _split_heading(text)
    if parts is None:
        if leading is None:
            return None
        parts = (*_scored_tail(text), True)
    head, year, rest, review = parts
    rest = rest.strip()
    score = None
    if rest:
        score = _tail_score(rest)
        tagline = review and _SEPARATOR_RE.match(rest) is not None and leading is None
        if score is None and not tagline:
            return None
    if year is None and not review:
        return None
    title = _tidy(head)
    if not _title_like(title) or _SCORE_START_RE.match(title):
        return None  # "9/10 Past Lives (2023)": a diary line's score, then its film
    pairs: list[tuple[str, object]] = [("title", title)]
    if year is not None:
        pairs.append(("year", year))
    return pairs, score
