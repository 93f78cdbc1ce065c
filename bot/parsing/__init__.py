"""Parsing review documents: film facts, critic scores, aggregates and review prose.

The names below are loaded on first use: the parser's tables take a noticeable part of a
second to compile, and a chat process that only reads sentences or scores need not pay it
at start.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.parsing.document import parse_document
    from bot.parsing.model import Aggregate, Facts, ParsedDocument, ParsedReview
    from bot.parsing.scores import normalize_score

_HOMES = {
    "Aggregate": "bot.parsing.model",
    "Facts": "bot.parsing.model",
    "ParsedDocument": "bot.parsing.model",
    "ParsedReview": "bot.parsing.model",
    "normalize_score": "bot.parsing.scores",
    "parse_document": "bot.parsing.document",
}

__all__ = [
    "Aggregate",
    "Facts",
    "ParsedDocument",
    "ParsedReview",
    "normalize_score",
    "parse_document",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'bot.parsing' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
