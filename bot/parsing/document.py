"""Entry point: parse one review document into facts, reviews and aggregates."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.cleanup import canonical_url, clean_text, site_of
from bot.parsing.context import read_in_context
from bot.parsing.endings import finish_lines
from bot.parsing.facts import FactsBuilder
from bot.parsing.labels import aggregate_source
from bot.parsing.lang import OUT_OF, VOTE_UNITS
from bot.parsing.lines import Line, classify_lines
from bot.parsing.mail import set_aside_mail_header
from bot.parsing.model import Aggregate, ParsedDocument
from bot.parsing.otherthings import set_aside_other_things
from bot.parsing.prose_facts import prose_runtime
from bot.parsing.prosecredits import prose_credits
from bot.parsing.reception import reception_aggregates
from bot.parsing.reviews import build_reviews, join_wrapped
from bot.parsing.scorelines import classify_score_line
from bot.parsing.scores import match_score
from bot.parsing.tables import table_rows
from bot.parsing.threads import strip_thread_markers

_SCALE_RE = re.compile(
    rf"(?:/|\b(?:{'|'.join(OUT_OF)})\b)\s*(?P<den>\d{{1,3}})(?!\d)|(?P<stars>[★⭐✪☆]{{3,}})", re.I
)


def page_scale(lines: list[Line]) -> int | None:
    """The scale the critic's scores state ("4,5/5", "★★★★☆" -> 5), when they all agree.

    A plain aggregate number of 5 or less ("Note moyenne 4,2") is only read on a page whose
    own scores are out of 5, or with the count of votes it averages ("4,4 (2.311 voti)": an
    average of many raters that low is a star widget's); elsewhere it is ambiguous and left
    out.
    """
    scales: set[int] = set()
    for line in lines:
        score = line.score
        if score is None or score.kind != "overall":
            continue
        found = _SCALE_RE.search(score.raw)
        if found:
            scales.add(int(found.group("den")) if found.group("den") else len(found.group("stars")))
    return scales.pop() if len(scales) == 1 else None


_PIECES_RE = re.compile(r"\s+[·•|]\s+")
#: A scale word or a count of votes: prose that may report an aggregate.
_RECEPTION_HINT_RE = re.compile(
    rf"\d\s*(?:{'|'.join(VOTE_UNITS)}|(?:{'|'.join(OUT_OF)})\s+\d)(?!\w)", re.I
)


def several_aggregates(text: str, five_point: bool = False) -> list[Aggregate]:
    """ "Critics: 98% · Audience: 98%": one aggregate per piece, when every piece is one.

    Plain numbers of 5 or less share one scale: out of 5 when the page's scores are, or when
    one of them counts its votes ("Pubblico: 4,12 (2.318 voti) · Critica: 3,70")."""
    pieces = _PIECES_RE.split(text) if ("·" in text or "•" in text or "|" in text) else []
    if len(pieces) < 2:
        return []
    found = [classify_score_line(piece) for piece in pieces]
    scores = [score for score in found if score is not None and score.kind == "aggregate"]
    if len(scores) != len(found):
        return []
    unscaled = [score for score in scores if score.unscaled]
    if unscaled and not (five_point or any(score.votes is not None for score in unscaled)):
        return []
    return [
        Aggregate(s.source, round(s.value * 2, 2) if s.unscaled else s.value, s.votes)
        for s in scores
    ]


def _reception(lines: list[Line]) -> list[Aggregate]:
    """Aggregates reported in the prose paragraphs of the page (a "Reception" section)."""
    found: list[Aggregate] = []
    paragraph: list[str] = []
    for line in [*lines, None]:
        readable = line is not None and line.kind in ("prose", "skip") and not line.closed
        weak = line is not None and line.score is not None and line.score.weak
        if line is not None and readable and (line.score is None or weak):
            # "Le public lui donne 3,9/5 (12 000 notes). Pour moi c'est 4/5.": the
            # writer's own sentence does not hide the raters' one before it
            paragraph.append(line.text)
            continue
        if paragraph:
            text = " ".join(paragraph)
            if "%" in text or "/" in text or _RECEPTION_HINT_RE.search(text):
                found.extend(reception_aggregates(text))
        paragraph = []
    return found


#: The names of aggregators a search panel prints after their scores.
_SOURCE_NAMES = (
    r"IMDb|Rotten\s+Tomatoes|Metacritic|Letterboxd|TMDb|FilmAffinity|AlloCiné|Filmstarts"
)
#: "7.7/10 IMDb 96% Rotten Tomatoes 87% Metacritic": each score, then the site that gives it.
_VALUE_SOURCE_RE = re.compile(
    rf"(?P<value>\d{{1,3}}(?:[.,]\d{{1,2}})?\s*(?:/\s*(?:5|10|100)|%))\s+(?P<source>{_SOURCE_NAMES})"
    r"\s*[·|,]?\s*"
)


def values_then_sources(text: str) -> list[Aggregate]:
    """A line made only of aggregators' scores, each followed by the site's name."""
    if "%" not in text and "/" not in text:
        return []
    found: list[Aggregate] = []
    at = 0
    text = text.strip()
    while at < len(text):
        pair = _VALUE_SOURCE_RE.match(text, at)
        if pair is None:
            return []
        score = match_score(pair.group("value"))
        source = aggregate_source(pair.group("source"))[1] or pair.group("source")
        if score is None or score.value > 10:
            return []
        found.append(Aggregate(source, score.value, None))
        at = pair.end()
    return found if len(found) >= 2 else []


def _prose_paragraphs(lines: list[Line]) -> list[str]:
    """The text of each run of prose lines, hard-wrapped lines joined."""
    found: list[str] = []
    run: list[str] = []
    for line in [*lines, None]:
        if line is not None and line.kind == "prose":
            run.append(line.text)
        elif run:
            found.append(join_wrapped(run))
            run = []
    return found


def parse_document(text: str, file: str = "") -> ParsedDocument:
    """Parse a review document (plain text, possibly with HTML leftovers).

    Reader comments, page boilerplate, fact lines and score lines never reach a review's
    ``text``; scores are only read from short lines of their own or labeled lines.
    """
    url = canonical_url(text)
    lines = classify_lines(strip_thread_markers(clean_text(text)))
    set_aside_mail_header(lines)
    sections = set_aside_other_things(lines)
    lines = finish_lines(read_in_context(lines))
    set_aside_other_things(lines, sections)
    facts = FactsBuilder()
    aggregates: list[Aggregate] = []
    five_point = page_scale(lines) == 5
    for line in lines:
        if line.facts:
            facts.add(line.facts)
        if line.url and url is None:
            url = line.url
        score = line.score
        if score is None and line.kind in ("prose", "skip") and not line.closed:
            # "7.7/10 IMDb · 96% Rotten Tomatoes · 87% Metacritic": every piece an aggregate
            if "·" in line.text and ("%" in line.text or "/" in line.text):
                aggregates.extend(several_aggregates(line.text, five_point))
            continue
        if score is not None and score.kind == "aggregate":
            value = score.value
            if score.unscaled:
                if not five_point and score.votes is None:
                    continue
                value = round(value * 2, 2)
            aggregates.extend(
                several_aggregates(line.text, five_point)
                or [Aggregate(score.source, value, score.votes)]
            )
    aggregates.extend(_reception(lines))
    aggregates.extend(
        found
        for line in lines
        if line.score is None and line.kind in ("skip", "prose")
        for found in values_then_sources(line.text)
        if found not in aggregates  # the same cells read as a table row's
    )
    aggregates.extend(
        Aggregate(None, row.aggregate[0], row.aggregate[1])
        for row in table_rows([line.text for line in lines])
        if row.aggregate is not None
    )
    built = facts.build()
    if not built.directors:
        facts.add(prose_credits(lines))
        built = facts.build()
    reviews = build_reviews(lines)
    if len(reviews) <= 1 and (built.runtime_minutes is None or not built.directors):
        prose = _prose_paragraphs(lines)
        if built.runtime_minutes is None:
            built = replace(built, runtime_minutes=prose_runtime(prose))
    if len(reviews) == 1 and reviews[0].title is not None and reviews[0].title == built.title:
        reviews = (replace(reviews[0], title=None),)
    return ParsedDocument(
        file=file,
        facts=built,
        reviews=reviews,
        aggregates=tuple(aggregates),
        url=url,
        site=site_of(url),
    )
