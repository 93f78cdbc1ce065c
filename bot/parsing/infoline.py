"""Unlabeled pieces of an info line: "Rated R | 136 min | Action, Sci-Fi | 31 March 1999 (USA)".

Each piece is recognized by its shape alone: a certificate, a runtime, a date or year, or a
comma list made only of known genre words. Such pieces only count on lines split by "|", "•"
or "·", and only when most of the line's pieces are recognized.
"""

from __future__ import annotations

import re

from bot.parsing.values import (
    GENRE_WORDS,
    parse_certificate,
    parse_date,
    parse_runtime,
    runtime_only,
)

_BARE_CERTIFICATE_RE = re.compile(
    r"^(?:rated\s+\S.*|NC-17|PG-13|PG|G|R|NR|TV-(?:Y7|Y|G|PG|14|MA)|Not\s+Rated|Unrated|U|12A"
    r"|15A|16|12|15|18|R18|MA15\+|M)(?:\s*\([^)]*\))?$",
    re.IGNORECASE,
)
_RUNTIME_PIECE_RE = re.compile(r"^[\d\s:hrsminute.,]+$", re.IGNORECASE)
_COUNTRY_RE = re.compile(r"\s*\([^)]{1,30}\)\s*$")
_YEAR_PIECE_RE = re.compile(r"^\(?((?:18|19|20)\d{2})\)?$")
#: "Portugal/Itália/França, 2024", "USA 2024": the countries of production, then the year.
_COUNTRIES_YEAR_RE = re.compile(
    r"^[A-ZÀ-Þ][^\W\d_]*\.?(?:(?:\s*[/,-]\s*|\s+)[A-ZÀ-Þ][^\W\d_]*\.?){0,5},?\s+"
    r"\(?((?:18|19|20)\d{2})\)?$"
)
_GENRE_SPLIT_RE = re.compile(r"\s*(?:,|/|&|\band\b)\s*")
_THREE_DIGITS_RE = re.compile(r"\d{3}")


def genre_list(value: str) -> tuple[str, ...] | None:
    """The genres of "Action, Sci-Fi" or "Horror/Comedy" when every item is a genre word."""
    items = [item.strip(" .") for item in _GENRE_SPLIT_RE.split(value)]
    if not items or not all(items):
        return None
    for item in items:
        words = item.lower().split()
        joined = "-".join(words)
        if joined not in GENRE_WORDS and not all(word in GENRE_WORDS for word in words):
            return None
    return tuple(dict.fromkeys(items))


def parse_bare_piece(piece: str) -> list[tuple[str, object]] | None:
    """Facts from one unlabeled piece of an info line, or None when its shape is unknown."""
    text = piece.strip()
    if not text or len(text.split()) > 6:
        return None
    if _BARE_CERTIFICATE_RE.match(text) and not _THREE_DIGITS_RE.search(text):
        cert = parse_certificate(text)
        if cert is not None:
            return [("certificate", cert)]
    runtime = parse_runtime(text) if _RUNTIME_PIECE_RE.match(text) else runtime_only(text)
    if runtime is not None:
        return [("runtime", runtime)]
    year = _YEAR_PIECE_RE.match(text)
    if year is not None:
        return [("year", int(year.group(1)))]
    date = parse_date(text)
    if date is not None and len(_COUNTRY_RE.sub("", text).split()) <= 3:
        return [("release_date", date)]
    countries = _COUNTRIES_YEAR_RE.match(text)
    if countries is not None:
        return [("year", int(countries.group(1)))]
    genres = genre_list(text)
    if genres:
        return [("genres", genres)]
    return None


def merge_genres(pairs: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """One genres value per line: "Drama | Sport" pieces give ("Drama", "Sport")."""
    genres = [str(g) for field, v in pairs if field == "genres" and isinstance(v, tuple) for g in v]
    if not genres:
        return pairs
    merged: list[tuple[str, object]] = []
    for field, value in pairs:
        if field != "genres":
            merged.append((field, value))
        elif not any(f == "genres" for f, _ in merged):
            merged.append(("genres", tuple(dict.fromkeys(genres))))
    return merged
