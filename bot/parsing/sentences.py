"""Splitting prose into sentences without breaking at abbreviations or initials."""

from __future__ import annotations

import re

_ABBREVIATION_WORDS = """mr mrs ms mx dr st jr sr prof rev hon gen col lt sgt capt gov sen rep
    pres vs v e.g i.e cf al approx ca bros inc ltd co corp mt vol vols ch fig pp eds jan feb mar
    apr jun jul aug sep sept oct nov dec u.s u.k d.c a.k.a aka ave blvd dept est ft op pt"""
ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())

_BOUNDARY_RE = re.compile(r"(?:[.!?]+|…|\.\.\.)[\"'”’)\]]*(?=\s+(?:[\"'“‘\[]?[A-Z0-9]|\())")
_TERMINAL_RE = re.compile(r"(?:[.!?]|…)[\"'”’]*$")
_CLOSING_QUOTES = "\"'”’"


def _protected(text: str, end: int) -> bool:
    """Whether the period ending at ``end`` belongs to an abbreviation or an initial."""
    head = text[:end].rstrip(_CLOSING_QUOTES + ")]")
    if not head.endswith("."):
        return False
    word = re.search(r"([\w.]+)\.$", head)
    if word is None:
        return False
    token = word.group(1)
    bare = token.lower().lstrip("(“\"'")
    if bare in ABBREVIATIONS:
        return True
    # Initials such as "K.K." or "J." in "J. Smith".
    return bool(re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", token))


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences."""
    text = re.sub(r"\s+", " ", paragraph).strip()
    sentences: list[str] = []
    start = 0
    for found in _BOUNDARY_RE.finditer(text):
        if _protected(text, found.end()) and not found.group(0).startswith(("!", "?")):
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
    return bool(_TERMINAL_RE.search(text.strip()))
