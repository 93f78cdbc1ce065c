"""Recognizing score lines: the critic's verdict, category scores and aggregates.

A score only counts when it stands on a short line of its own or after a label; numbers
inside sentences of prose are never read as scores.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from bot.parsing.facts import fields_for_label
from bot.parsing.labels import (
    aggregate_source,
    is_grade_label,
    is_known_category,
    is_overall_label,
    looks_like_category,
    split_label,
)
from bot.parsing.lang import (
    ABOUT_WORDS,
    AND_WORDS,
    CREDIT_WORDS,
    EITHER_WORDS,
    FILM_WORDS,
    FIRST_PERSON,
    MEAN_WORDS,
    OTHER_RATED_WORDS,
    OUT_OF,
    SCORE_FILLERS,
    SELF_TAILS,
    is_self_tail,
)
from bot.parsing.scores import (
    NUMBER_WORDS,
    ScoreMatch,
    ends_range_low,
    match_score,
    parse_votes,
    suffixed_count,
)
from bot.parsing.values import looks_like_name, parse_certificate


@dataclass(frozen=True)
class ScoreLine:
    kind: str
    """One of "overall" (the critic's score), "category" or "aggregate"."""
    value: float
    raw: str
    label: str | None = None
    source: str | None = None
    votes: int | None = None
    verdict: str | None = None
    unscaled: bool = False
    """An aggregate's plain number of 5 or less with no scale stated: out of 5 or of 10? A
    critic's labelled number above 10 ("Note : 14"): out of 20 only under a legend saying
    so, and its value is read out of 20 until then."""
    title: str | None = None
    """What a score placed at the end of a title or bullet line is about."""
    weak: bool = False
    """Read from the end of a prose line: only counts when the page has no other score."""
    author: str | None = None
    names: tuple[str, ...] = ()
    """Names the writer's sentence gives the score to ("For me Heat is a 9/10."): the score
    is the page's only when they name the page's film."""


_BULLET_RE = re.compile(r"^(?:[•·▪●◦‣]|[-–](?=\s))\s*")
_HASHTAG_VERDICT_RE = re.compile(r"^#(?P<tag>[^\W\d_][\w-]*)\s+(?P<rest>\S.*)$")
_NO_COLON_LABEL_RE = re.compile(
    r"^(?P<label>[^\W\d_][\w '’&.-]{1,40}?)\s+"
    r"(?P<value>(?:[\d★⭐*½]|(?i:one|two|three|four|five|six|seven|eight|nine|ten)\b).*)$"
)
_LEADER_RE = re.compile(
    r"^(?P<label>[^\W\d_][\w '’&/-]{0,40}?)\s*(?:\.{2,}|…+|_{2,}|-{2,})\s*(?P<value>\S.*)$"
)
_BRACKETED_RE = re.compile(r"^[(\[]\s*(?P<inner>[^()\[\]]{1,30}?)\s*[)\]]\.?$")
#: "3. Members' ballot": a number closed by a full stop or bracket, then words.
_LIST_NUMBER_RE = re.compile(r"[.)]\s+[^\W\d_]")
_SEPARATOR_RE = re.compile(r"^(?:[–—\-:|~]+|,)\s*(?P<verdict>.*)$")
#: "My rating: 6/10. Brilliant first hour, then…": the verdict as a sentence after the score.
_SENTENCE_AFTER_RE = re.compile(r"^[.!]\s+(?P<verdict>[A-Z][^\d/]*)$")
#: "[21:04] maya: …", "tomás: …", "[21/07/2023, 23:45:02] Amira: …": a chat message and who
#: posted it (one word, no spaces).
_CHAT_RE = re.compile(
    r"^(?:\[?(?:\d{1,2}[/.]\d{1,2}[/.]\d{2,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?\]?"
    r"\s+(?:-\s+)?)?(?P<who>[^\W\d][\w.-]{1,23}):\s+(?P<msg>\S.*)$",
    re.IGNORECASE,
)
#: "my take on Saltburn": a score label naming the film it is about.
_ABOUT_RE = re.compile(
    rf"^(?P<label>.+?)\s+(?:{'|'.join(ABOUT_WORDS)})\s+(?P<title>[^\W\d_].*)$", re.IGNORECASE
)
_WIDGET_RE = re.compile(
    r"(?:\d\s*Stars?\s*){3,}.*?\(\s*(?P<votes>\d[\d,]*)\s+votes?,\s*average:\s*"
    r"(?P<avg>\d+(?:\.\d+)?)\s+out\s+of\s+(?P<den>\d+)\s*\)",
    re.IGNORECASE,
)


_DIGIT_RE = re.compile(r"\d")
_PLAIN_AGGREGATE_RE = re.compile(
    r"(\d{1,3}(?:[.,]\d{1,2})?)(?!\d|[.,]\d|\s*%|\s*out\b|\s*/\s*\d{1,3}(?![\d.,]\d|\d|\s*[^\W\d_]))"
)
_SCORE_START_RE = re.compile(r"(?<![\w.,/])[\d★⭐*½]")
_BRACKETED_VALUE_RE = re.compile(r"[(\[]\s*([^()\[\]]+?)\s*[)\]]")


def strip_bullet(line: str) -> str:
    return _BULLET_RE.sub("", line.strip()).strip()


@functools.lru_cache(maxsize=4096)
def heading_kind(line: str) -> str | None:
    """The kind of a bare score heading: "overall" ("My Rating"), "aggregate" ("Tomatometer")."""
    text = strip_bullet(line).rstrip(":：").strip()
    if text.startswith("#"):
        return None
    if not text or len(text.split()) > 4 or _DIGIT_RE.search(text):
        return None
    if is_overall_label(text):
        return "overall"
    if aggregate_source(text)[0]:
        return "aggregate"
    return None


#: The scales a score may state without a label ("8/10", "3 out of 4", "14/20").
USUAL_SCALES = frozenset({4.0, 5.0, 10.0, 20.0, 100.0})


def _explicit(found: ScoreMatch) -> bool:
    """Score forms that stand on their own without a label (fractions, ★ stars...)."""
    if found.form == "stars":
        return not set(found.raw) <= set("* ") or "out of" in found.raw.lower()
    if found.scale is not None and found.scale not in USUAL_SCALES:
        return False  # "3/12: The Prestige": a rank among twelve, not a score
    return found.form in ("fraction", "out_of", "n_stars")


def _aggregate_value(
    value: str, source: str | None, scale: float | None = None
) -> tuple[float, str, bool] | None:
    """(value on 0..10, as written, whether its scale is unknown) of an aggregate's value.

    ``scale`` is the scale its label states ("Moyenne sur 20 : 13,2"). Without one, a number
    between 10 and 20 with decimals ("13,2") could be out of 20 or of 100 and is left out.
    """
    plain = _PLAIN_AGGREGATE_RE.match(value)
    stated = match_score(value) if plain and scale is None else None
    if stated is not None and stated.form == "out_of" and stated.scale in USUAL_SCALES:
        return stated.value, stated.raw, False  # "Média: 4,6 de 5 · 83 respostas"
    if (
        stated is not None
        and plain is not None
        and value[plain.end() :].startswith(" ")
        and stated.form in ("out_of", "n_stars")
        and stated.scale
    ):
        return stated.value, stated.raw, False  # "3,9 stelle su 5", "4,2 von 5 Sternen"
    if plain and scale is not None:
        amount = float(plain.group(1).replace(",", "."))
        return (round(amount / scale * 10, 2), plain.group(1), False) if amount <= scale else None
    if plain:
        amount = float(plain.group(1).replace(",", "."))
        if 10 < amount <= 20 and amount != int(amount) and source != "Metacritic":
            return None  # "Moyenne : 13,2": out of 20 or of 100?
        if source == "Letterboxd" and amount <= 5:
            return round(amount * 2, 2), plain.group(1), False
        if source == "Metacritic" or 10 < amount <= 100:
            return round(amount / 10, 2), plain.group(1), False
        if amount <= 10:
            return amount, plain.group(1), source is None and amount <= 5
        return None
    found = match_score(value, grades=source == "CinemaScore")
    if found is None or (scale is not None and found.scale not in (None, scale)):
        return None
    return found.value, found.raw, False


#: "71% of ballots", "64 % des voix": a percentage of the votes cast is a share, not a score
#: ("91% of 171 critics" counts the critics whose reviews it sums up, and stays a score).
_SHARE_RE = re.compile(
    rf"^\s*(?:{'|'.join(OUT_OF)}|des|del|der|dei|degli|delle|das|dos)\s+(?![^\W\d_]+\s+\d)[^\W\d_]",
    re.IGNORECASE,
)


def _vote_share(value: str, raw: str) -> bool:
    if not raw.endswith("%"):
        return False
    at = value.find(raw)
    return at >= 0 and _SHARE_RE.match(value[at + len(raw) :]) is not None


_FIRST_WORD_RE = re.compile(r"^\s+[^\W\d_]+")


def _counted(raw: str, rest: str) -> bool:
    """Whether the number ``raw`` is a count of voters, its unit right after it."""
    word = _FIRST_WORD_RE.match(rest)
    return word is not None and parse_votes(raw + word.group(0)) is not None


def _aggregate(
    label: str | None, value: str, votes_text: str, scale: float | None = None
) -> ScoreLine | None:
    source = aggregate_source(label)[1] if label else None
    parsed = _aggregate_value(value, source, scale)
    if parsed is None or _vote_share(value, parsed[1]):
        return None
    rest = value[value.find(parsed[1]) + len(parsed[1]) :]
    figure = _figure_after_stars(parsed[0], parsed[1], rest)
    if figure is not None:
        parsed, rest = (figure.value, figure.raw, False), rest.lstrip()[figure.end :]
    if _counted(parsed[1], rest):
        return None  # "Present: 17 members.": the number counts people, it is no score
    votes = parse_votes(votes_text)
    if votes is None:
        votes = suffixed_count(rest)
    if votes is None and label is not None:
        votes = _bracketed_count(rest)
    return ScoreLine("aggregate", parsed[0], parsed[1], label, source, votes, unscaled=parsed[2])


def _figure_after_stars(stars: float, raw: str, rest: str) -> ScoreMatch | None:
    """ "★★★★☆ 4,2/5": an average drawn in stars and then written as a figure reads as the
    figure; the stars are only rounded to the nearest one."""
    if not raw or raw[0].isdigit() or not rest[:1].isspace():
        return None
    figure = match_score(rest.lstrip())
    if figure is None or figure.form not in ("fraction", "out_of") or figure.scale is None:
        return None
    return figure if abs(figure.value - stars) <= 2 else None


#: "Leser: 4,4 (1.032)": the count of the raters a label names, in brackets after their average.
_BRACKETED_COUNT_RE = re.compile(r"\s*\(\s*(?P<n>\d{1,3}(?:[.,\s]\d{3})+|\d{1,4})\s*\)\s*")


def _bracketed_count(rest: str) -> int | None:
    found = _BRACKETED_COUNT_RE.fullmatch(rest)
    if found is None:
        return None
    digits = found.group("n")
    if len(digits) == 4 and 1880 <= int(digits) <= 2100:
        return None  # "(1998)": a year, not a count
    return int(re.sub(r"[.,\s]", "", digits))


def _widget(text: str) -> ScoreLine | None:
    found = _WIDGET_RE.search(text) if "average:" in text.lower() else None
    if not found:
        return None
    avg, den = float(found.group("avg")), float(found.group("den"))
    if den <= 0 or avg > den:
        return None
    votes = int(found.group("votes").replace(",", ""))
    return ScoreLine("aggregate", round(avg / den * 10, 2), found.group(0), None, None, votes)


def _hashtag_verdict(text: str) -> ScoreLine | None:
    found = _HASHTAG_VERDICT_RE.match(text)
    if not found:
        return None
    rest = found.group("rest")
    score = match_score(rest)
    if score is None:
        return None
    tail = _SEPARATOR_RE.match(rest[score.end :].strip() or ":")
    if tail is None:
        return None
    value = score.value
    if score.form == "plain":
        value = round(score.amount * 2, 2) if score.amount <= 5 else score.value
    return ScoreLine("overall", value, score.raw, verdict=tail.group("verdict") or None)


def _leading_score(text: str, heading: str | None) -> ScoreLine | None:
    kind = heading_kind(heading) if heading else None
    if kind == "aggregate" and heading is not None:
        return _aggregate(heading, text, text)
    score = match_score(text, grades=kind == "overall")
    if score is None:
        return None
    if score.form == "plain" and _LIST_NUMBER_RE.match(text, score.end):
        return None  # "3. Members' ballot": the number of an item in a list
    rest = text[score.end :].strip()
    votes = parse_votes(rest) if rest[:1] in ("(", "f", "b") or rest[:1].isdigit() else None
    if votes is not None:
        return ScoreLine("aggregate", score.value, score.raw, votes=votes)
    has_source, source = aggregate_source(rest)
    if has_source and len(rest.split()) <= 4:
        return ScoreLine("aggregate", score.value, score.raw, rest, source, parse_votes(rest))
    allowed = _explicit(score) or kind == "overall"
    if _second_score(rest, score.value):
        return None  # "7/10-8/10", "7/10 or 8/10": which one?
    if not rest:
        return ScoreLine("overall", score.value, score.raw) if allowed else None
    if len(rest.split()) <= 4 and is_overall_label(rest):
        return ScoreLine("overall", score.value, f"{score.raw} {rest}")
    if allowed and is_self_tail(rest):
        return ScoreLine("overall", score.value, score.raw)
    own, comma, comment = rest.partition(",")
    if allowed and comma and is_self_tail(own):  # "8/10 from me, Pike steals it"
        return ScoreLine("overall", score.value, score.raw, verdict=comment.strip() or None)
    worded = _BRACKETED_VERDICT_RE.fullmatch(rest)
    if allowed and worded is not None:  # "★★★★★ (excelente)": the step of the page's key
        return ScoreLine("overall", score.value, score.raw, verdict=worded.group("verdict"))
    tail = _SEPARATOR_RE.match(rest)
    named = _FILM_AND_YEAR_RE.fullmatch(tail.group("verdict") if tail else rest)
    if named is not None and allowed and _capitalized(named.group("title")):
        # "★★★★ Heat (1995)", "9/10 — Heat (1995)"; not "9/10 — better than Heat (1995)"
        return ScoreLine("overall", score.value, score.raw, title=named.group("title").strip())
    if tail is not None and allowed:
        return ScoreLine("overall", score.value, score.raw, verdict=tail.group("verdict") or None)
    return None


#: "(excelente)", "(very good)": a score's verdict in a word or three, in brackets.
_BRACKETED_VERDICT_RE = re.compile(r"\((?P<verdict>[^\W\d_][^()\d]{0,30}?)\)\.?")


def _capitalized(title: str) -> bool:
    """Every word longer than three letters starts with a capital or a digit."""
    return all(word[:1].isupper() or word[:1].isdigit() for word in title.split() if len(word) > 3)


#: "Heat (1995)": a film and its year after a score that opens a list's line.
_FILM_AND_YEAR_RE = re.compile(
    r"(?P<title>[A-Z0-9ÀÉÈÎÔÜ«\"“][^()]{0,79}?)\s*\(\s*(?:18|19|20)\d{2}\s*\)\.?"
)


def _trailing_score(label: str, value: str) -> ScoreLine | None:
    """A short labeled verdict that ends with its score: "Verdict: A quiet triumph – 9/10"."""
    if len(value) > 200:
        return None
    for start in _SCORE_START_RE.finditer(value):
        score = match_score(value, start.start())
        if score is not None and not value[score.end :].strip(" .)]"):
            if ends_range_low(value, start.start()):
                return None  # "Rating: 7 or 8": which one?
            verdict = value[: start.start()].strip(" –—-:,;([")
            return ScoreLine("overall", score.value, score.raw, label, verdict=verdict or None)
    return None


def _same_score(text: str, value: float) -> bool:
    """ "4/5 ⭐⭐⭐⭐": the rest of a value repeats the same score in another form."""
    again = match_score(text)
    return again is not None and again.end == len(text) and again.value == value


#: "Rated 3.5/5 by Helen Marsh": the critic signing the score.
_BY_NAME_RE = re.compile(r"^by\s+(?P<name>[^\W\d_][\w.'’ -]{1,50}?)\.?$", re.IGNORECASE)


#: "Note : 14": a bare number above ten, which no ten-point scale holds.
_OVER_TEN_RE = re.compile(r"(?P<num>[12]\d(?:[.,]\d{1,2})?)\s*\.?")
_OVER_TWENTY_RE = re.compile(r"(?P<num>[2-9]\d|100)\s*\.?")
_MEAN_WORD_RE = re.compile(rf"(?<!\w)(?:{'|'.join(MEAN_WORDS)})(?!\w)", re.IGNORECASE)
#: "My rating: 4 out of 5 popcorn buckets 🍿🍿🍿🍿": what the scale counts, in a word or
#: three, maybe drawn after it.
_UNIT_RE = re.compile(r"(?P<unit>[^\W\d_A-Z]+(?:[ -][^\W\d_]+){0,2})\s*[^\w\s.,;:!?]{0,10}")
#: "4 out of 5 for me", "4 out of 5 in my book": words after the scale that are no unit.
_NOT_UNIT_RE = re.compile(
    r"(?:"
    + "|".join(
        re.escape(word)
        for word in {*ABOUT_WORDS, *AND_WORDS, *OUT_OF, *(t.split()[0] for t in SELF_TAILS)}
    )
    + r")(?!\w)",
    re.IGNORECASE,
)


#: "Tom's mark: eight.": a number up to ten in words, all the value after a score's label.
_SPELLED_RE = re.compile(r"(?P<word>[^\W\d_]{3,8})[.!]?")


def _spelled_mark(value: str) -> tuple[float, str] | None:
    """The number a value spells out alone ("eight", "sette."), as a mark out of ten."""
    found = _SPELLED_RE.fullmatch(value.strip())
    if found is None:
        return None
    number = NUMBER_WORDS.get(found.group("word").casefold())
    return (float(number), found.group("word")) if number is not None else None


_FRACTION_RE = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?\s*/\s*\d{1,3}(?!\d)")


def _fractional(score: ScoreMatch) -> bool:
    """ "7 e mezzo", "7,5": a plain mark with a half or decimals, never a list's number."""
    return score.form == "plain" and score.amount != int(score.amount)


def _overall(label: str, value: str) -> ScoreLine | None:
    over_ten = _OVER_TEN_RE.fullmatch(value)
    if (
        over_ten is not None
        and 10 < float(over_ten.group("num").replace(",", ".")) <= 20
        and fields_for_label(label) != ("certificate",)  # "Rating: 15" is a certificate
    ):
        # "Note : 12", "Wertung: 15": out of 20 only under a legend saying so (see
        # bot.parsing.context)
        amount = float(over_ten.group("num").replace(",", "."))
        return ScoreLine(
            "overall", round(amount / 2, 2), over_ten.group("num"), label, unscaled=True
        )
    over_twenty = _OVER_TWENTY_RE.fullmatch(value)
    if over_twenty is not None and 20 < int(over_twenty.group("num")) <= 100:
        # "Her score: 40": out of 100 only under a legend saying so (bot.parsing.context);
        # "Her average score: 64" on a critic's page is about the critic, not a film
        if _MEAN_WORD_RE.search(label):
            return None
        amount = int(over_twenty.group("num"))
        return ScoreLine("overall", amount / 10, over_twenty.group("num"), label, unscaled=True)
    if not is_grade_label(label) and parse_certificate(value) and not _FRACTION_RE.match(value):
        return None  # "Rating: 15" is a certificate; "Note : 15/20" a mark
    bracketed = _BRACKETED_VALUE_RE.fullmatch(value)
    value = bracketed.group(1) if bracketed else value
    score = match_score(value, grades=True)
    if score is None:
        spelled = _spelled_mark(value)
        if spelled is not None:
            return ScoreLine("overall", spelled[0], spelled[1], label)
    rest = value[score.end :].strip() if score else ""
    if score is not None and rest and _same_score(rest, score.value):
        rest = ""
    if score is not None and _second_score(rest, score.value):
        return None  # "Rating: 7/10-8/10", "7/10 - 8/10": which one?
    counted = score is not None and score.form == "out_of" and score.scale in USUAL_SCALES
    unit = _UNIT_RE.fullmatch(rest) if counted else None
    if score is not None and unit is not None and not _NOT_UNIT_RE.match(rest):
        return ScoreLine("overall", score.value, f"{score.raw} {unit.group('unit')}", label)
    signed = _BY_NAME_RE.match(rest) if score is not None and rest else None
    if score is not None and signed is not None and looks_like_name(signed.group("name")):
        return ScoreLine("overall", score.value, score.raw, label, author=signed.group("name"))
    tail = _SEPARATOR_RE.match(rest) if rest else None
    if (
        rest
        and tail is None
        and score is not None
        and (_explicit(score) or _own_mark(label, score) or _fractional(score))
    ):
        tail = _SENTENCE_AFTER_RE.match(rest)  # "6/10. Brilliant…", not "4. Brilliant…"
    if score is None or (rest and tail is None and not rest.startswith("(")):
        return _trailing_score(label, value)
    verdict = tail.group("verdict") if tail else None
    return ScoreLine("overall", score.value, score.raw, label, verdict=verdict or None)


def _own_mark(label: str, score: ScoreMatch) -> bool:
    """ "Voto mio: 7 e mezzo. Avrei tagliato venti minuti.": a plain mark above 5 (so out of
    ten) under the writer's own label ("my", "mio", "ma") may open their next sentence; under
    another label "4. Brilliant…" is a list's number, and "My rating: 4." may be out of 5."""
    words = label.casefold().replace("’", "'").split()
    plain = score.form == "plain" and 5 < score.amount <= 10
    return plain and any(word in FIRST_PERSON for word in words)


_JOIN_RE = re.compile(rf"^(?:[-–—]|(?:{'|'.join(EITHER_WORDS)})\s)\s*", re.IGNORECASE)


def _second_score(rest: str, value: float) -> bool:
    """Whether ``rest`` is a dash or "or" and another whole score, not the same one again
    ("4/5 - ★★★★"): the high end of a range."""
    join = _JOIN_RE.match(rest) if rest else None
    if join is None:
        return False
    again = match_score(rest, join.end())
    return again is not None and again.value != value and not rest[again.end :].strip(" .")


#: "Anna's grade", "Mark’s verdict": a critic naming their own score.
_POSSESSIVE_LABEL_RE = re.compile(r"^(?P<who>[A-Z][^\W\d_]+)['’]s\s+(?P<label>\S.*)$")
#: "Note d'Odile", "Voto di Marco", "Rating by Sam": the critic's score word, then who gave it.
_OF_WHO_LABEL_RE = re.compile(
    rf"^(?P<label>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_]+)?)\s+"
    rf"(?:(?:{'|'.join(CREDIT_WORDS)})\s+|d['’]\s*)(?P<who>[A-Z][^\W\d_]+(?:-[A-Z][^\W\d_]+)?)$"
)
#: "Il giudizio di Serena", "Die Wertung von Jonas": the score label, then whose it is.
_OWNED_LABEL_RE = re.compile(
    rf"^(?P<label>\S.*?)\s+(?:{'|'.join(CREDIT_WORDS)})\s+"
    r"(?P<who>(?-i:[A-Z])[^\W\d_]+(?:\s+(?-i:[A-Z])[^\W\d_]+)?)$",
    re.IGNORECASE,
)


_SCALE_WORDS = "|".join(w.replace(" ", r"\s+") for w in OUT_OF if w != "of")
#: "Note sur 20", "Note /20", "Rating (out of 10)": a score label stating its scale.
_LABEL_SCALE_RE = re.compile(
    rf"(?P<label>[^\W\d_].*?)\s*\(?\s*(?:(?:{_SCALE_WORDS})\s+|/\s*)(?P<den>\d{{1,3}})\s*\)?",
    re.IGNORECASE,
)
#: The value under such a label: a plain number, maybe closed by a full stop.
_LABEL_SCALED_VALUE_RE = re.compile(r"(?P<num>\d{1,3}(?:[.,]\d{1,2})?)\s*\.?")


def _label_scale(label: str) -> tuple[str, float] | None:
    """ "Note sur 20" -> ("Note", 20): the label without the usual scale it states."""
    if not label[-1:].isdigit() and not label.endswith(")"):
        return None
    found = _LABEL_SCALE_RE.fullmatch(label)
    if found is None or float(found.group("den")) not in USUAL_SCALES:
        return None
    return found.group("label"), float(found.group("den"))


def is_score_label(label: str) -> bool:
    """A label naming the critic's score, maybe with its scale ("Note sur 20")."""
    scaled = _label_scale(label)
    return is_overall_label(scaled[0] if scaled is not None else label)


def _on_label_scale(label: str, scale: float, value: str) -> ScoreLine | None:
    """ "Note sur 20 : 14,5", "Moyenne /20 : 13,2 (45 votes)": a plain value on the scale
    its label states (an explicit form must state the same scale)."""
    if aggregate_source(label)[0]:
        return _aggregate(label, value, value, scale)
    if not is_overall_label(label):
        return None
    plain = _LABEL_SCALED_VALUE_RE.fullmatch(value)
    if plain is None:
        found = _overall(label, value)
        stated = match_score(found.raw) if found is not None else None
        return found if stated is not None and stated.scale == scale else None
    amount = float(plain.group("num").replace(",", "."))
    if amount > scale:
        return None
    return ScoreLine("overall", round(amount / scale * 10, 2), plain.group("num"), label)


def _labeled(label: str, value: str, *, colon: bool = True) -> ScoreLine | None:
    scaled = _label_scale(label)
    if scaled is not None:
        return _on_label_scale(scaled[0], scaled[1], value)
    possessive = _POSSESSIVE_LABEL_RE.match(label)
    if possessive is not None and is_overall_label(possessive.group("label")):
        found = _overall(possessive.group("label"), value)
        if found is not None:
            return replace(found, label=label, author=possessive.group("who"))
    given_by = _OF_WHO_LABEL_RE.match(label)
    if (
        given_by is not None
        and is_overall_label(given_by.group("label"))
        and not aggregate_source(label)[0]  # "Rating by IMDb" is the site's average
    ):
        found = _overall(given_by.group("label"), value)
        if found is not None:
            return replace(found, label=label, author=given_by.group("who"))
    owned = _OWNED_LABEL_RE.match(label) if " " in label else None
    if (
        owned is not None
        and is_overall_label(owned.group("label"))
        and not aggregate_source(label)[0]
    ):
        found = _overall(owned.group("label"), value)
        if found is not None:
            return replace(found, label=label, author=owned.group("who"))
    has_source, _ = aggregate_source(label)
    if has_source or (value[:1].isdigit() and parse_votes(value) is not None):
        return _aggregate(label, value, value)
    if is_overall_label(label):
        return _overall(label, value)
    about = _ABOUT_RE.match(label)
    named = _score_words_ending(about.group("label")) if about is not None else None
    if about is not None and named is not None:
        found = _overall(named, value)
        title = about.group("title").strip()
        if found is not None and title.casefold() in FILM_WORDS:
            return replace(found, label=label)  # "My rating for the movie: 4.5/5"
        if found is not None and title[:1].isupper():
            return replace(found, label=named, title=title)
    if looks_like_category(label) and (colon or is_known_category(label)):
        score = match_score(value, grades=True)
        if score is not None and not value[score.end :].strip():
            return ScoreLine("category", score.value, score.raw, label)
    return None


def _score_words_ending(label: str) -> str | None:
    """The score words closing a label that names its film ("ok my take" -> "my take")."""
    words = label.split()
    for count in range(min(len(words), 3), 0, -1):
        tail = " ".join(words[-count:])
        if is_overall_label(tail):
            return tail
    return None


def _bare_category(label: str, value: str) -> ScoreLine | None:
    """ "Acting 9/10", "Music ★★★★": a known category and an explicit score, no separator."""
    if not is_known_category(label):
        return None
    score = match_score(value)
    if score is None or value[score.end :].strip() or not _explicit(score):
        return None
    return ScoreLine("category", score.value, score.raw, label)


def _leader_category(label: str, value: str) -> ScoreLine | None:
    """ "Fun Factor ...... 8/10": any short label with dot leaders and an explicit score."""
    score = match_score(value)
    if score is None or value[score.end :].strip() or not _explicit(score):
        return None
    return (
        ScoreLine("category", score.value, score.raw, label) if looks_like_category(label) else None
    )


def _bracketed(text: str) -> ScoreLine | None:
    """A line holding only a bracketed score, such as "(7/10)"."""
    found = _BRACKETED_RE.match(text)
    if found is None:
        return None
    inner = found.group("inner")
    score = match_score(inner)
    if score is None or score.end != len(inner) or not _explicit(score):
        return None
    return ScoreLine("overall", score.value, score.raw)


def chat_message(line: str, *, strict: bool = False) -> tuple[str, str] | None:
    """(poster, message) of a chat line ("[22:12] marco: io sono più a un 6"), else None.

    ``strict`` wants a time or a lower-case handle, so that "Longlegs: Nicolas Cage is
    terrifying" (a title and its capsule) is not taken for a poster and a message.
    """
    if ":" not in line or (
        strict and not (line[:1] in "[" or line[:1].isdigit() or line[:1].islower())
    ):
        return None
    chat = _CHAT_RE.match(strip_bullet(line))
    if chat is None or aggregate_source(chat.group("who"))[0] or is_overall_label(chat["who"]):
        return None  # "Rating: …" is a label, never a poster
    if strict and not (chat.group("who")[0].islower() or line.lstrip("[ ")[:1].isdigit()):
        return None
    return chat.group("who"), chat.group("msg")


#: "(recipe rating)", "Sold by …", "23,5% di share": raters scoring something else than the film.
_OTHER_RATED_RE = re.compile(rf"(?<!\w)(?:{'|'.join(OTHER_RATED_WORDS)})(?!\w)", re.IGNORECASE)


def rates_something_else(line: str) -> bool:
    """Whether a line's rating is a recipe's, a seller's or a channel's share of viewers."""
    return _OTHER_RATED_RE.search(line) is not None


#: "Il giudizio della commissione (da ★ a ★★★★★): ★★★★½": a label stating its star scale in
#: brackets; the bracket is dropped, the label and the stars it scales remain.
_STAR_SCALE_LABEL_RE = re.compile(r"\s*\([^():]*[★⭐✪✭✮][^():]*\)(?=\s*[:：])")


_STAR_RUN_RE = re.compile(r"[★⭐✪✭✮]+")


def _on_star_scale(found: ScoreLine, bracket: str) -> ScoreLine:
    """The stars of ``found`` on the scale the label's bracket draws ("de ★ à ★★★★": 4)."""
    top = max((len(run) for run in _STAR_RUN_RE.findall(bracket)), default=0)
    glyphs = found.raw.replace(" ", "")
    if top not in (4, 5, 10) or not glyphs or set(glyphs) - set("★⭐✪✭✮☆½"):
        return found
    amount = sum(ch in "★⭐✪✭✮" for ch in glyphs) + 0.5 * glyphs.count("½")
    return replace(found, value=round(amount / top * 10, 2)) if amount <= top else found


def classify_score_line(line: str, heading: str | None = None) -> ScoreLine | None:
    """Read ``line`` as a score line, or return None.

    ``heading`` is a bare label heading ("My Rating", "Tomatometer") found on the previous
    non-blank line; it lets a bare number on the next line count as that kind of score. A
    chat message ("[21:04] maya: my take on Saltburn: 6/10") is read after its poster.
    """
    stated = _STAR_SCALE_LABEL_RE.search(line) if "(" in line and ":" in line else None
    if stated is not None:
        line = line[: stated.start()] + line[stated.end() :]
    found = _score_line(line, heading)
    if found is not None and stated is not None and found.kind == "overall":
        found = _on_star_scale(found, stated.group(0))
    if found is not None and found.kind == "aggregate" and rates_something_else(line):
        return None
    if found is not None or ":" not in line:
        return found
    chat = chat_message(line)
    if chat is None:
        return None
    said = classify_score_line(chat[1]) or _titled_verdict(chat[1])
    if said is None or said.kind != "overall":
        return None
    return replace(said, author=chat[0])


def _titled_verdict(message: str) -> ScoreLine | None:
    """ "Oppenheimer: 8.5/10. RDJ should win something": in a chat message, a film's title,
    an explicit score and the poster's verdict as a sentence."""
    labeled = split_label(message)
    if labeled is None or not labeled[1]:
        return None
    label, value = labeled
    score = match_score(value)
    if score is None or not _explicit(score) or is_known_category(label):
        return None
    rest = value[score.end :].strip()
    verdict = _SENTENCE_AFTER_RE.match(rest) if rest else None
    if rest and verdict is None:
        return None
    if not label[:1].isupper() or len(label.split()) > 6 or aggregate_source(label)[0]:
        return None
    said = verdict.group("verdict") if verdict is not None else None
    return ScoreLine("overall", score.value, score.raw, title=label, verdict=said)


#: "Il giudizio della commissione (da ★ a ★★★★★): ★★★★½": a label stating its star range.
_LABEL_STAR_RANGE_RE = re.compile(
    r"\s*\((?P<inner>[^()]{0,12}?[★⭐✪✭✮*][^()]{0,24}?(?P<top>[★⭐✪✭✮*]{3,10})[^()]{0,12})\)"
    r"(?=\s*[:：])"
)


_ANY_STAR_RE = re.compile(r"[★⭐✪✭✮*]")


def _label_star_range(text: str, heading: str | None) -> ScoreLine | None:
    """A labelled star score whose label states its range in brackets: read without the
    brackets, on the range's scale."""
    ranged = _LABEL_STAR_RANGE_RE.search(text)
    if ranged is None:
        return None
    found = _score_line(text[: ranged.start()] + text[ranged.end() :], heading)
    stated = match_score(found.raw) if found is not None else None
    if found is None or stated is None or stated.form != "stars":
        return found
    top = len(ranged.group("top"))
    return (
        replace(found, value=round(stated.amount / top * 10, 2)) if stated.amount <= top else None
    )


def _score_line(line: str, heading: str | None) -> ScoreLine | None:
    text = strip_bullet(line)
    if not text or len(text) > 400:
        return None
    if ")" in text and _ANY_STAR_RE.search(text) and _LABEL_STAR_RANGE_RE.search(text):
        return _label_star_range(text, heading)
    widget = _widget(text)
    if widget is not None:
        return widget
    if text.startswith("#"):
        return _hashtag_verdict(text)
    leading = _leading_score(text, heading) or _bracketed(text)
    if leading is not None:
        return leading
    leader = _LEADER_RE.match(text)
    if leader is not None:
        label, value = leader.group("label").strip(), leader.group("value")
        return _labeled(label, value, colon=False) or _leader_category(label, value)
    labeled = split_label(text)
    if labeled is not None and labeled[1]:
        label, value = labeled
        colon = text[len(label) :].lstrip().startswith((":", "："))
        return _labeled(label, value, colon=colon) or _piece_score(text)
    bare = _NO_COLON_LABEL_RE.match(text)
    if bare is not None and not _SENTENCE_IN_LABEL_RE.search(bare.group("label")):
        label = bare.group("label").strip()
        many, source = aggregate_source(label)
        if is_overall_label(label) or (
            many and (source or (len(label.split()) <= 4 and _names_raters_last(label)))
        ):
            # "Critics were at a solid 7.", "Critics gave 8/10": a sentence about raters.
            return _labeled(label, bare.group("value"), colon=False)
        return _bare_category(label, bare.group("value"))
    return _piece_score(text)


def _names_raters_last(label: str) -> bool:
    """A label without a colon ends on its raters or its score word ("Audience 88%", "Note
    des lecteurs 4,1"), not on a verb ("Critics gave 8/10")."""
    last = label.split()[-1]
    if aggregate_source(last)[0] or is_overall_label(last):
        return True
    return len(last) > 4 and last.lower() in SCORE_FILLERS  # "average", not "it", "give"


#: "A sequel that hates its audience. One star.": a sentence is not a label.
_SENTENCE_IN_LABEL_RE = re.compile(r"[.!?](?:\s|$)")
_PIECE_SEPARATOR_RE = re.compile(r"\s+[|·•]\s+")


def _piece_score(text: str) -> ScoreLine | None:
    """ "Full Review | Original Score: 4/4": the one labelled score among a line's pieces."""
    if "|" not in text and "·" not in text and "•" not in text:
        return None
    pieces = _PIECE_SEPARATOR_RE.split(text)
    if len(pieces) < 2:
        return None
    found = [score for piece in pieces if (score := _piece_overall(piece)) is not None]
    if not found and ("—" in text or "–" in text):
        pieces = [part for piece in pieces for part in _PIECE_DASH_RE.split(piece)]
        found = [score for piece in pieces if (score := _piece_overall(piece)) is not None]
    return found[0] if len(found) == 1 else None


#: "Heart 5 — Overall 9/10": the scorecard's last part, then the overall score after a dash.
_PIECE_DASH_RE = re.compile(r"\s+[—–]\s+")


def _piece_overall(piece: str) -> ScoreLine | None:
    """The critic's own score a piece of a line gives: "Original Score: 4/4", "Overall 9/10"."""
    labeled = split_label(piece)
    if labeled is not None and labeled[1]:
        score = _labeled(labeled[0], labeled[1])
    else:
        bare = _NO_COLON_LABEL_RE.match(piece)
        label = bare.group("label").strip() if bare is not None else ""
        score = (
            _labeled(label, bare.group("value"), colon=False)
            if bare and is_overall_label(label)
            else None
        )
    return score if score is not None and score.kind == "overall" else None
