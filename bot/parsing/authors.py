"""Finding the critic's name: "Author: ...", "Reviewed by ...", "By ..." and "— Name" lines.

Labeled forms ("Author:", "Reviewed by") accept any name. Bare bylines, site meta lines
("December 16, 2013 0 By Fans") and sign-offs need a full name of at least two words, so a
site account such as "Fans" is not taken for the critic.
"""

from __future__ import annotations

import re

from bot.parsing.values import looks_like_name, parse_date

_LABELED_RE = re.compile(
    r"^(?:author|reviewer|critic|reviewed by|review by|posted by|words by|by)"
    r"\s*[:：]\s*(?P<v>\S.*)$",
    re.IGNORECASE,
)
_REVIEWED_BY_RE = re.compile(
    r"^(?:reviewed by|review by|posted by|submitted by|words by|a review by)\s+(?P<v>\S.*)$",
    re.IGNORECASE,
)
_PIECES_RE = re.compile(r"\s+[•·|]\s+")
#: "maya — Today at 9:14 PM": a chat export's header over its poster's messages.
_CHAT_HEADER_RE = re.compile(
    r"^(?P<v>[^\W\d][\w.-]{1,23})\s+[—–-]\s+(?:today|yesterday|\d{1,2}/\d{1,2}/\d{2,4})"
    r"(?:\s+at)?\s+\d{1,2}:\d{2}(?:\s*[ap]m)?$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^by\s+(?P<v>\S.*)$", re.IGNORECASE)
_META_BY_RE = re.compile(r"\bby\s+(?P<v>[^\d\s][^|•·]*)$", re.IGNORECASE)
_SIGN_OFF_RE = re.compile(r"^(?:—|–|--|~)\s*(?P<v>[^\W\d_][^—–]*)$")
_CUT_RE = re.compile(
    r"\s*(?:view all posts|view posts|all posts by|posted on|published on|follow\b|@|\||•|·"
    r"|\s[-–—]\s|,|\bon\s+(?=[A-Z][a-z]+\.?\s+\d|\d)|\bin\s+(?:reviews?|movies?|film)\b"
    r"|\(|\bemail\b|\bhttps?://|\s+for\s+).*$",
    re.IGNORECASE,
)


def _clean(value: str) -> str:
    name = _CUT_RE.sub("", value).strip(" \t.:;-–—")
    if name.isupper() and len(name) > 3:
        name = name.title()
    return name


_LETTER_RE = re.compile(r"[^\W\d_]")
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s")
_ACCOUNTS = frozenset({"admin", "administrator", "staff", "editor", "guest", "webmaster", "fans"})


def _named(value: str, *, strict: bool) -> str | None:
    name = _clean(value)
    if not name or len(name) > 60 or name.lower() in _ACCOUNTS:
        return None
    if strict:
        return name if looks_like_name(name, min_tokens=2, max_tokens=4) else None
    if len(name.split()) > 6 or not _LETTER_RE.search(name) or _SENTENCE_BREAK_RE.search(name):
        return None
    return name


def author_in_line(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` is an author/byline line, and the name it gives (if acceptable)."""
    text = line.strip().lstrip("•·*").strip()
    if not text or len(text) > 160:
        return False, None
    for pattern in (_LABELED_RE, _REVIEWED_BY_RE):
        found = pattern.match(text)
        if found:
            return True, _named(found.group("v"), strict=False)
    found = _BYLINE_RE.match(text)
    if found:
        name = _named(found.group("v"), strict=True)
        return (True, name) if name else (False, None)
    found = _CHAT_HEADER_RE.match(text)
    if found:
        return True, found.group("v")
    found = _SIGN_OFF_RE.match(text)
    if found:
        name = _named(found.group("v"), strict=True)
        return (True, name) if name else (False, None)
    pieces = _PIECES_RE.split(text)
    if 1 < len(pieces) <= 4:
        for piece in pieces[1:]:
            found = _REVIEWED_BY_RE.match(piece)
            if found:
                return True, _named(found.group("v"), strict=False)
    if parse_date(text) and len(text.split()) <= 12:
        found = _META_BY_RE.search(text)
        if found:
            return True, _named(found.group("v"), strict=True)
    return False, None


def signoff_name(value: str) -> str | None:
    """The full name in a sign-off such as "Written by Kim Lee" (two to four words)."""
    return _named(value, strict=True)
