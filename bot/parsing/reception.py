"""Aggregates told in an encyclopedia's "Reception" prose.

"On Rotten Tomatoes, 91% of 171 critics' reviews are positive, with an average rating of
7.9/10. Metacritic assigned the film a score of 81 out of 100, based on 36 critics." A
sentence naming an aggregator gives its approval share over the reviews it counts, the
average rating of those reviews, and a weighted score with the count it is based on. Only
sentences naming a known aggregator are read; other numbers in prose stay prose.
"""

from __future__ import annotations

import re

from bot.parsing.labels import aggregate_source
from bot.parsing.lang import OUT_OF
from bot.parsing.model import Aggregate
from bot.parsing.scores import parse_votes

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
            out.extend(_counted_mean(sentence))
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
