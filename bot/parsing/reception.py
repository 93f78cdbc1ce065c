"""Aggregates told in an encyclopedia's "Reception" prose.

"On Rotten Tomatoes, 91% of 171 critics' reviews are positive, with an average rating of
7.9/10. Metacritic assigned the film a score of 81 out of 100, based on 36 critics." A
sentence naming an aggregator gives its approval share over the reviews it counts, the
average rating of those reviews, and a weighted score with the count it is based on. Only
sentences naming a known aggregator are read; other numbers in prose stay prose.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.labels import aggregate_source
from bot.parsing.lang import COUNT_PREPOSITIONS, FIRST_PERSON, MEAN_WORDS, OUT_OF, VOTE_UNITS
from bot.parsing.model import Aggregate
from bot.parsing.scores import match_score, parse_votes

_UNITS = r"(?:critics'?|reviews|critics'\s+reviews|ratings|users|votes)"
_COUNT = r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)"
_OUT_OF = "|".join(w.replace(" ", r"\s+") for w in OUT_OF)
#: "91% of 171 critics' reviews": the share of positive reviews among those counted.
_SHARE_RE = re.compile(rf"(?P<pct>\d{{1,3}})\s*%\s+of\s+(?:the\s+)?{_COUNT}\s+{_UNITS}", re.I)
#: "an average rating of 7.9/10", "a score of 81 out of 100".
_AVERAGE_RE = re.compile(
    r"(?:average|weighted|mean)?\s*(?:rating|score)\s+of\s+(?P<v>\d{1,3}(?:\.\d{1,2})?)\s*"
    rf"(?:/|(?:{_OUT_OF})\s+)\s*(?P<den>5|10|20|100)\b",
    re.I,
)
#: "based on 36 critics", "from 412 reviews".
_BASED_RE = re.compile(rf"\b(?:based\s+on|from)\s+{_COUNT}\s+{_UNITS}", re.I)
_SENTENCE_RE = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z])")


#: "Mean score 8.2 out of 10 (17 votes)": an average, its explicit scale and its count.
_MEAN_RE = re.compile(
    r"\b(?:mean|average|moyenne|media|média|durchschnitt)\s+(?:(?:score|rating|mark|note|voto"
    r"|nota|wertung)\s+)?(?:(?:of|de|di|von)\s+)?(?P<v>\d{1,2}(?:[.,]\d{1,2})?)\s*"
    rf"(?:/|(?:{_OUT_OF})\s+)\s*(?P<den>5|10|20|100)\b",
    re.I,
)


_MEAN_WORDS = "|".join(sorted(MEAN_WORDS, key=len, reverse=True))
_PREPOSITIONS = "|".join(
    w.replace(" ", r"\s+") for w in sorted(COUNT_PREPOSITIONS, key=len, reverse=True)
)
_VOTE_UNITS = "|".join(VOTE_UNITS)
_GROUPED = r"\d{1,3}(?:[,.\s]\d{3})+|\d+"
#: What joins a score to the count of votes it averages: "(1.234 Stimmen)", "par 12 000
#: spectateurs", ", from 412 ratings".
_COUNT_AFTER_RE = re.compile(
    rf"\s*[,(]?\s*(?:(?:de|di|del|im)\s+)?(?:(?:{_MEAN_WORDS})\s+)?"
    rf"(?:(?:{_PREPOSITIONS})\s+)?\(?\s*(?:{_GROUPED})\s*[kK]?\+?\s*(?:{_VOTE_UNITS})(?!\w)",
    re.I,
)
#: "1,204 votes, average 7.9/10", "(2.315 votos) media 7,3": the count, then its average.
_COUNT_FIRST_RE = re.compile(
    rf"(?<![\d.,])(?P<count>(?:{_GROUPED})\s*[kK]?\+?\s*(?:{_VOTE_UNITS}))(?!\w)\)?\s*"
    rf"[,;:·—–-]?\s*(?:(?:an?|une|la|el|a|die|der|il|o)\s+)?(?:{_MEAN_WORDS})\s*"
    rf"(?:(?:of|de|di|von|du|do|del)\s+)?[:=]?\s*(?P<v>\d{{1,2}}(?:[.,]\d{{1,2}})?)"
    rf"(?:\s*(?:/|(?:{_OUT_OF})\s+)\s*(?P<den>\d{{1,3}}))?(?![\d/]|[.,]\d)",
    re.I,
)
_MEAN_WORD_RE = re.compile(rf"\b(?:{_MEAN_WORDS})\b", re.I)
_SCORE_START_RE = re.compile(r"(?<![\w.,/])\d")
_PLAIN_RE = re.compile(r"\d{1,2}(?:[.,]\d{1,2})?(?![\d/])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_USUAL_SCALES = frozenset({5.0, 10.0, 20.0, 100.0})


def _raters_average(sentence: str) -> list[Aggregate]:
    """ "le film est noté 3,9/5 par 12 000 spectateurs", "Die Nutzer bewerten ihn mit 7,4
    von 10 (1.234 Stimmen)", "1,204 votes, average 7.9/10": a sentence about many raters
    or their average giving a score with the count of votes right beside it. A sentence the
    writer speaks in ("je lui donne 7/10, comme 12 000 spectateurs") gives nothing."""
    words = [w.replace("’", "'") for w in _WORD_RE.findall(sentence.casefold())]
    if any(word in FIRST_PERSON for word in words):
        return []
    first = _COUNT_FIRST_RE.search(sentence)
    if first is not None:
        found = _averaged(first.group("v"), first.group("den"), parse_votes(first.group("count")))
        return [found] if found is not None else []
    mean = _MEAN_WORD_RE.search(sentence)
    if mean is None and not aggregate_source(sentence)[0]:
        return []
    for start in _SCORE_START_RE.finditer(sentence):
        score = match_score(sentence, start.start(), ranges=False)
        if score is not None and score.form == "out_of" and score.scale not in _USUAL_SCALES:
            # "media 8,9 su 63 schede consegnate": the average over the count, no scale
            figure = _PLAIN_RE.match(sentence, start.start())
            score = match_score(figure.group(0)) if figure is not None else None
            if score is not None and figure is not None:
                score = replace(score, end=figure.end())
        after = _COUNT_AFTER_RE.match(sentence, score.end) if score is not None else None
        if score is None or after is None:
            continue
        if score.form == "plain":
            plain = mean is not None and mean.end() < start.start()
            den = None if plain else ""
        elif score.form in ("fraction", "out_of") and score.scale in _USUAL_SCALES:
            den = str(int(score.scale)) if score.scale is not None else None
        else:
            return []
        if den == "":
            return []  # a plain number with no average named: a count, a year, a rank
        found = _averaged(score.raw.split("/")[0].split()[0], den, parse_votes(after.group(0)))
        return [found] if found is not None else []
    return []


def _averaged(value: str, den: str | None, votes: int | None) -> Aggregate | None:
    """An average on its stated scale; with none, out of 10 (out of 5 when it is 5 or less,
    as a star widget's average of many raters is)."""
    amount = float(value.replace(",", "."))
    scale = float(den) if den else (5.0 if amount <= 5 else 10.0)
    if votes is None or scale not in _USUAL_SCALES or amount > scale:
        return None
    return Aggregate(None, round(amount / scale * 10, 2), votes)


def _count(text: str) -> int:
    return int(text.replace(",", ""))


def reception_aggregates(paragraph: str) -> list[Aggregate]:
    """The aggregates the sentences of a prose paragraph report, in order."""
    out: list[Aggregate] = []
    source: str | None = None
    for sentence in _SENTENCE_RE.split(paragraph):
        named, found_source = aggregate_source(sentence)
        if found_source is not None:
            source = found_source
        if source is None or not named:
            out.extend(_counted_mean(sentence) or _raters_average(sentence))
            continue
        share = _SHARE_RE.search(sentence)
        based = _BASED_RE.search(sentence)
        count = _count(share.group("n")) if share else _count(based.group("n")) if based else None
        if share is not None and int(share.group("pct")) <= 100:
            out.append(Aggregate(source, round(int(share.group("pct")) / 10, 2), count))
        average = _AVERAGE_RE.search(sentence)
        if average is not None and count is not None:
            value, den = float(average.group("v")), int(average.group("den"))
            if value <= den:
                out.append(Aggregate(source, round(value / den * 10, 2), count))
    return out


def _counted_mean(sentence: str) -> list[Aggregate]:
    """ "Mean score 8.2 out of 10 (17 votes).": the average of a vote the sentence counts,
    with no aggregator named ("last month's film averaged 7.4." counts no votes)."""
    found = _MEAN_RE.search(sentence)
    if found is None:
        return []
    votes = parse_votes(sentence[found.end() :])
    value, den = float(found.group("v").replace(",", ".")), int(found.group("den"))
    if votes is None or value > den:
        return []
    return [Aggregate(None, round(value / den * 10, 2), votes)]
