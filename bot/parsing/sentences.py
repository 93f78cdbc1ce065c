"""Splitting prose into sentences without breaking at abbreviations or initials."""

from __future__ import annotations

import re

_ABBREVIATION_WORDS = """mr mrs ms mx dr st jr sr prof rev hon gen col lt sgt capt gov sen rep
    pres vs v e.g i.e cf al approx ca bros inc ltd co corp mt vol vols ch fig pp eds jan feb mar
    apr jun jul aug sep sept oct nov dec u.s u.k d.c a.k.a aka ave blvd dept est ft op pt"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_BOUNDARY_RE = re.compile(r"(?:[.!?]+|…|\.\.\.)[\"'”’)\]]*(?=\s+(?:[\"'“‘\[]?[A-Z0-9]|\())")
_TERMINALS = (".", "!", "?", "…")
_CLOSING_QUOTES = "\"'”’"
_TRAILING_CLOSERS = frozenset(_CLOSING_QUOTES + ")]")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.)*[A-Z]")


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _protected(text: str, end: int) -> bool:
    """Whether the period ending at ``end`` belongs to an abbreviation or an initial."""
    while end > 0 and text[end - 1] in _TRAILING_CLOSERS:
        end -= 1
    if end == 0 or text[end - 1] != ".":
        return False
    start = end - 1
    while start > 0 and (text[start - 1] == "." or _is_word_char(text[start - 1])):
        start -= 1
    token = text[start : end - 1]
    if not token:
        return False
    bare = token.lower().lstrip("(“\"'")
    if bare in ABBREVIATIONS:
        return True
    # Initials such as "K.K." or "J." in "J. Smith".
    return _INITIALS_RE.fullmatch(token) is not None


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    text = " ".join(paragraph.split())
    sentences: list[str] = []
    start = 0
    for found in _BOUNDARY_RE.finditer(text):
        if not found.group(0).startswith(("!", "?")) and _protected(text, found.end()):
            continue
        piece = text[start : found.end()].strip()
        if piece:
            sentences.append(piece)
        start = found.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with terminal punctuation (optionally inside closing quotes)."""
    return text.strip().rstrip(_CLOSING_QUOTES).endswith(_TERMINALS)
