"""The film's director, and its length, credited in a sentence of the writer's prose.

A page with no credits line may still say it: "a film directed by Alfred Hitchcock that…",
"È stato proiettato Nuovo Cinema Paradiso, regia di Giuseppe Tornatore, nella versione da
155 minuti". The credit is one of the languages' credit phrases (their bare director labels
of two words or more: "directed by", "regia di", "un film de") followed by a person's name,
or two joined by "and". The sentence that credits the director may also give the film's
length ("… runs 122 minutes", "(1985, 1 h 54)"). Only the writer's own paragraphs are read,
and only when the whole page credits one director (or one pair) this way: a page naming two
films' directors names no one.
"""

from __future__ import annotations

import re

from bot.parsing.facts import FactPairs
from bot.parsing.lang import AND_WORDS, DIRECTOR_PHRASES, bare_fact_labels
from bot.parsing.lines import Line
from bot.parsing.values import RUNTIME_RE, looks_like_name, parse_runtime

#: The languages' bare director labels of two words or more, and their other phrases of
#: directing ("a film by", "unter der Regie von").
_PHRASES = sorted(
    {
        *(label for label in bare_fact_labels().get("directors", ()) if " " in label),
        *DIRECTOR_PHRASES,
    },
    key=len,
    reverse=True,
)
_WORD = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+"
_PARTICLE = r"(?:van|von|de|del|della|di|da|du|le|la|dos)\s+"
#: "Alfred Hitchcock", "Kleber Mendonça Filho", "Felix van Groeningen": two to four words.
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE})?{_WORD}){{1,3}}"
_JOIN = "|".join(AND_WORDS)
_PHRASE = "|".join(phrase.replace(" ", r"\s+") for phrase in _PHRASES)
_PHRASE_RE = re.compile(rf"(?<!\w)(?:{_PHRASE})\s")
_CREDIT_RE = re.compile(
    rf"(?<!\w)(?:{_PHRASE})\s+"
    rf"(?-i:(?P<names>{_NAME}(?:\s+(?:{_JOIN}|&)\s+{_NAME})?))(?![\w'’])",
    re.IGNORECASE,
)
_NAME_SPLIT_RE = re.compile(rf"\s+(?:{_JOIN}|&)\s+")
#: Where a sentence ends: a stop, then a capital (never "Dr. No" or "2h17, e vale").
_SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)»”\"'])[.!?]+\s+(?=[A-ZÀ-ÖØ-Þ«“\"])")
#: The shortest and longest runtimes a credit's sentence may give for a feature film.
_FEATURE = range(40, 301)


def _paragraphs(lines: list[Line]) -> list[str]:
    """The writer's prose, paragraph by paragraph, each joined into one text."""
    found: list[str] = []
    current: list[str] = []
    for line in [*lines, None]:
        if line is not None and line.kind == "prose" and not line.closed:
            current.append(line.text)
            continue
        if current:
            found.append(" ".join(current))
        current = []
    return found


def prose_credits(lines: list[Line]) -> FactPairs:
    """The directors (and the runtime their sentence gives) credited in the page's prose,
    when it credits one director or one pair; else nothing."""
    credited: list[tuple[tuple[str, ...], int | None]] = []
    for paragraph in _paragraphs(lines):
        if _PHRASE_RE.search(paragraph.lower()) is None:
            continue  # a quick look first: a case-blind search of many phrases is slow
        for sentence in _SENTENCE_END_RE.split(paragraph):
            for found in _CREDIT_RE.finditer(sentence):
                names = tuple(_NAME_SPLIT_RE.split(found.group("names")))
                if not all(looks_like_name(name) for name in names):
                    continue
                credited.append((names, _runtime(sentence)))
    if len({names for names, _ in credited}) != 1:
        return []
    names = credited[0][0]
    pairs: FactPairs = [("directors", names)]
    runtimes = {runtime for _, runtime in credited if runtime is not None}
    if len(runtimes) == 1:
        pairs.append(("runtime", runtimes.pop()))
    return pairs


#: "2h17", "1 h 54": hours, then minutes with no unit, in the middle of a sentence.
_HOURS_MINUTES_RE = re.compile(r"(?<![\d:.,])(?P<h>[1-4])\s?h\s?(?P<m>[0-5]\d)(?!\d)", re.I)


def _runtime(sentence: str) -> int | None:
    """The one feature's length a sentence gives with its unit ("122 minutes", "1 h 54")."""
    found = [int(m["h"]) * 60 + int(m["m"]) for m in _HOURS_MINUTES_RE.finditer(sentence)]
    if not found:
        found = [
            minutes
            for match in RUNTIME_RE.finditer(sentence)
            if (minutes := parse_runtime(match.group(0))) is not None
        ]
    found = [minutes for minutes in found if minutes in _FEATURE]
    return found[0] if len(set(found)) == 1 else None
