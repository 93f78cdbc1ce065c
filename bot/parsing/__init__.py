"""Parsing review documents: film facts, critic scores, aggregates and review prose."""

from bot.parsing.document import parse_document
from bot.parsing.model import Aggregate, Facts, ParsedDocument, ParsedReview
from bot.parsing.scores import normalize_score

__all__ = [
    "Aggregate",
    "Facts",
    "ParsedDocument",
    "ParsedReview",
    "normalize_score",
    "parse_document",
]
