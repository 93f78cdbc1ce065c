"""Films a review cites in its own lines: a name, then a bracket opening on its year.

"Casa quase cheia para rever TABU (2012), a preto e branco", "Priya (box office) picks:
Paris, Texas (1984, 147 min, cert 15)", "Il sorpasso (1962) di Dino Risi, stanotte …": the
name is the run of capitalized words (and the small words inside titles) right before the
bracket, or, at the start of a line or sentence, its few words in sentence case. On a page
reviewing several films, the one film a review's lines cite is that review's film.
"""

from __future__ import annotations

import re

from bot.parsing.inline import SMALL_WORDS, title_of

#: "(2012)", "(1984, 147 min, cert 15)": a bracket opening on a year.
_YEAR_BRACKET_RE = re.compile(r"\(\s*(?:18|19|20)\d{2}\s*[),]")
_STRIP = "\"'“”‘’«»„"
_SENTENCE_END = (".", ":", ";", "!", "?", "—", "–")
#: The most words a sentence-case title opening its sentence may have ("Il sorpasso").
_OPENING_WORDS = 5


def _cited_name(text: str, at: int) -> str | None:
    """The film named right before the year bracket at ``at``."""
    tokens = text[:at].split()
    run: list[str] = []
    sentence_case = False
    for pos in range(len(tokens) - 1, -1, -1):
        token = tokens[pos]
        bare = token.strip(_STRIP + ",")
        if token.endswith(_SENTENCE_END) or not bare:
            sentence_case = True
            break
        if bare[0].isupper() or bare[0].isdigit():
            run.insert(0, bare if not token.endswith(",") else bare + ",")
        elif run and bare.casefold() in SMALL_WORDS:
            run.insert(0, bare)
        elif run:
            break
        else:
            sentence_case = True  # "Il sorpasso (1962)": maybe a title in sentence case
            break
    else:
        sentence_case = True
    while run and run[0].islower():
        run.pop(0)  # "… para rever o filme TABU": never a lower-case word before the name
    if not run and sentence_case:
        start = len(tokens) - _OPENING_WORDS
        sentence = tokens[max(start, 0) :]
        ends = [n for n, token in enumerate(sentence) if token.endswith(_SENTENCE_END)]
        run = sentence[ends[-1] + 1 :] if ends else sentence
        if start > 0 and not ends:
            return None
    name = " ".join(run).strip(" ,")
    if not name:
        return None
    parts = [title_of(part, heading=True) for part in name.split(", ")]
    if not all(parts):
        return None
    return ", ".join(part for part in parts if part)  # "Paris, Texas"


def cited_title(texts: list[str]) -> str | None:
    """The one film the lines ``texts`` cite with its year, else None (none, or several)."""
    found: dict[str, None] = {}
    for text in texts:
        if "(" not in text:
            continue
        for bracket in _YEAR_BRACKET_RE.finditer(text):
            name = _cited_name(text, bracket.start())
            if name is not None:
                found.setdefault(name, None)
    return next(iter(found)) if len(found) == 1 else None
