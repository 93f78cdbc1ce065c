"""Parsing fact values: names, dates, runtimes, certificates, genres."""

from __future__ import annotations

import datetime as dt
import functools
import re

from bot.parsing.lang import AND_WORDS, HOUR_UNITS, MINUTE_UNITS
from bot.parsing.lang import GENRE_WORDS as _LANGUAGE_GENRES

MONTHS: dict[str, int] = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:18|19|20)\d{2})"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<year>(?:18|19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b"),
)
_YEAR_HINT_RE = re.compile(r"(?:18|19|20)\d{2}")

_GENRE_TEXT = """action adventure animation animated anime biography biopic comedy crime
    documentary drama dramedy family fantasy film-noir noir history historical horror musical
    mystery romance romantic rom-com romcom sci-fi scifi science-fiction sport sports thriller
    war western superhero satire suspense psychological period coming-of-age mockumentary
    slasher disaster heist spy martial-arts neo-noir supernatural gangster melodrama epic teen
    zombie erotic"""
GENRE_WORDS = frozenset((*_GENRE_TEXT.split(), *_LANGUAGE_GENRES))

_CERTIFICATE_RE = re.compile(
    r"^(?:rated\s+)?(?P<cert>NC-17|PG-13|PG|G|R|NR|X|TV-(?:Y7|Y|G|PG|14|MA)|Not\s+Rated|Unrated"
    r"|U|12A|12|15|18|R18|MA15\+|MA|M|A|AA|E)(?=\s*$|\s*[.,;:(/|]|\s+for\b)",
    re.IGNORECASE,
)

_PARTICLE_TEXT = "de van von der den la le da di del du dos das bin al el y st. mc ter ten"
_NAME_PARTICLES = frozenset(_PARTICLE_TEXT.split())


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> str | None:
    """Return the first full calendar date in ``text`` as "YYYY-MM-DD"."""
    if _YEAR_HINT_RE.search(text) is None:
        return None
    for pattern in _DATE_PATTERNS:
        found = pattern.search(text)
        if not found:
            continue
        month_text = found.group("month")
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
        if month is None:
            continue
        try:
            date = dt.date(int(found.group("year")), month, int(found.group("day")))
        except ValueError:
            continue
        return date.isoformat()
    return None


_YEAR_ONLY_RE = re.compile(r"\s*\(?((?:18|19|20)\d{2})\)?\.?\s*")


def parse_year(text: str) -> int | None:
    found = _YEAR_ONLY_RE.fullmatch(text)
    return int(found.group(1)) if found else None


_HOURS = rf"(?P<h>\d{{1,2}})\s*(?:{'|'.join(HOUR_UNITS)})(?![^\W\d_])\.?"
_MINUTES = rf"(?P<m>\d{{1,3}})\s*(?:{'|'.join(MINUTE_UNITS)})(?![^\W\d_])\.?"
RUNTIME_RE = re.compile(
    rf"(?:{_HOURS}(?:\s*(?:(?:{'|'.join(AND_WORDS)})\s+|,\s*)?"
    rf"(?:{_MINUTES}|(?P<m2>\d{{1,2}})(?=\s*(?:[.;]\s|[.;]?\s*$))))?)"
    rf"|(?:{_MINUTES.replace('?P<m>', '?P<m3>')})"
    r"|(?:(?<![\d:.])(?P<ch>\d):(?P<cm>[0-5]\d)\b)",  # "1:56", never "21:45" o'clock
    re.IGNORECASE,
)
_BARE_MINUTES_RE = re.compile(r"\s*(\d{2,3})\s*\.?\s*")
_SPACES_RE = re.compile(r"\s{2,}|[^\S ]")


def parse_runtime(text: str, *, bare_number: bool = False) -> int | None:
    """Minutes from "2 Hours 6 Minutes", "116 min", "1h 56m", "1:56" (or "126" if allowed)."""
    found = RUNTIME_RE.search(text)
    if found:
        if found.group("h"):
            minutes = found.group("m") or found.group("m2") or "0"
            total = int(found.group("h")) * 60 + int(minutes)
        elif found.group("m3"):
            total = int(found.group("m3"))
        else:
            total = int(found.group("ch")) * 60 + int(found.group("cm"))
        return total if 0 < total < 1000 else None
    if bare_number:
        plain = _BARE_MINUTES_RE.fullmatch(text)
        if plain:
            return int(plain.group(1))
    return None


#: "179′", "155'": minutes marked with a prime, as festival catalogues and film-society
#: sheets print them.
_PRIME_MINUTES_RE = re.compile(r"(?P<m>\d{2,3})\s*[′'’]")
_PIECE_TRIM = " \t.,;"


def runtime_only(text: str) -> int | None:
    """Minutes of a piece that is a runtime and nothing else: "125 minutos", "2 h 58",
    "162 Minuten", "1:56", "179′" (any language's units); None for "DCP" or "10 questions"."""
    piece = text.strip(_PIECE_TRIM)
    if not piece or not piece[0].isdigit():
        return None
    prime = _PRIME_MINUTES_RE.fullmatch(piece)
    if prime is not None:
        minutes = int(prime.group("m"))
        return minutes if 20 <= minutes <= 600 else None
    found = RUNTIME_RE.fullmatch(piece)
    return parse_runtime(piece) if found is not None else None


def parse_certificate(text: str) -> str | None:
    """The certificate ("R", "PG-13", "15") in "Rated R for language", "PG-13 (...)", "R"."""
    found = _CERTIFICATE_RE.match(text.strip())
    if not found:
        return None
    cert = _SPACES_RE.sub(" ", found.group("cert"))
    return cert.title() if " " in cert or cert.lower() == "unrated" else cert.upper()


_ROLE_RE = re.compile(r"\s+(?:as|…|\.\.\.)\s+")
_BRACKETS_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_PARENS_RE = re.compile(r"\([^)]*\)")
#: Names are listed with commas, "&", "/" or "and" in each language ("und", "et", "e", "y").
_NAME_SPLIT_RE = re.compile(r"\s*(?:,|;|/|&|\b(?:and|und|et|e|y)\b)\s*")
_SUFFIX_RE = re.compile(r"(?:Jr|Sr|II|III|IV)\.?")
_GENRE_SPLIT_RE = re.compile(r"\s*(?:,|;|/|\||&|\band\b|\s#)\s*")
_HASHTAG_RE = re.compile(r"#([\w-]+)")
_HASHTAG_WORD_RE = re.compile(r"#[\w-]+")


def _clean_name(piece: str) -> str:
    piece = _ROLE_RE.split(piece)[0]
    piece = _BRACKETS_RE.sub(" ", piece)
    piece = _SPACES_RE.sub(" ", piece)
    return piece.strip(" \t.;:-–—•·*\"“”'")


def split_names(value: str) -> tuple[str, ...]:
    """Split a list of people on commas, "and", "&", "/" and ";" and drop empty pieces."""
    value = _PARENS_RE.sub(" ", value)
    pieces = _NAME_SPLIT_RE.split(value)
    names: list[str] = []
    for piece in pieces:
        name = _clean_name(piece)
        if not name or name.lower() in {"more", "others", "etc", "various"}:
            continue
        if _SUFFIX_RE.fullmatch(name) and names:
            suffix = f"{name}." if name in ("Jr", "Sr") else name
            names[-1] = f"{names[-1]}, {suffix}"
            continue
        if name not in names:
            names.append(name)
    return tuple(names)


def looks_like_name(text: str, *, min_tokens: int = 2, max_tokens: int = 5) -> bool:
    """Whether ``text`` reads like a person's name ("Jane Doe", "K.K. Barrett")."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= max_tokens:
        return False
    for index, token in enumerate(tokens):
        bare = token.strip(",.'’")
        if not bare:
            return False
        if index > 0 and token.lower() in _NAME_PARTICLES:
            continue
        if not (bare[0].isupper() and all(ch.isalpha() or ch in ".'’-" for ch in bare)):
            return False
    return True


def split_genres(value: str) -> tuple[str, ...]:
    pieces = _GENRE_SPLIT_RE.split(value)
    genres: list[str] = []
    for piece in pieces:
        genre = piece.strip(" \t.#")
        if genre and genre not in genres and len(genre) <= 30:
            genres.append(genre)
    return tuple(genres)


def hashtag_genres(line: str) -> tuple[str, ...] | None:
    """Genres from a line made only of hashtags ("#drama #romance #sci-fi"), else None."""
    if "#" not in line:
        return None
    tags = _HASHTAG_RE.findall(line)
    if not tags or _HASHTAG_WORD_RE.sub("", line).strip(" \t,·•|"):
        return None
    return tuple(dict.fromkeys(tag for tag in tags if tag.lower() in GENRE_WORDS))
