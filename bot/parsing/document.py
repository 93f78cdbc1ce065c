"""Entry point: parse one review document into facts, reviews and aggregates."""

from __future__ import annotations

from bot.parsing.cleanup import canonical_url, clean_text, site_of
from bot.parsing.endings import finish_lines
from bot.parsing.facts import FactsBuilder
from bot.parsing.lines import classify_lines
from bot.parsing.model import Aggregate, ParsedDocument
from bot.parsing.reviews import build_reviews


def parse_document(text: str, file: str = "") -> ParsedDocument:
    """Parse a review document (plain text, possibly with HTML leftovers).

    Reader comments, page boilerplate, fact lines and score lines never reach a review's
    ``text``; scores are only read from short lines of their own or labeled lines.
    """
    url = canonical_url(text)
    lines = finish_lines(classify_lines(clean_text(text)))
    facts = FactsBuilder()
    aggregates: list[Aggregate] = []
    for line in lines:
        if line.facts:
            facts.add(line.facts)
        if line.url and url is None:
            url = line.url
        score = line.score
        if score is not None and score.kind == "aggregate":
            aggregates.append(Aggregate(score.source, score.value, score.votes))
    return ParsedDocument(
        file=file,
        facts=facts.build(),
        reviews=build_reviews(lines),
        aggregates=tuple(aggregates),
        url=url,
        site=site_of(url),
    )
