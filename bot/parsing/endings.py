"""Reading the end of a review: sign-off bylines and a score closing the last paragraph.

"Written by Kim Lee" among the credits at the top of a page names the film's writer, but
the same line after the critic's prose (followed by nothing but page furniture) is the
review's sign-off. A last paragraph ending in "(7/10)" gives the score when the document
has no score line of its own.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.authors import signoff_name
from bot.parsing.inline import about_another_film
from bot.parsing.lines import Line
from bot.parsing.scorelines import ScoreLine
from bot.parsing.scores import match_score

_WRITTEN_BY_RE = re.compile(
    r"^(?:(?:this )?(?:review|article|post|piece) )?(?:written|words|text)\s+by\s*:?\s*"
    r"(?P<v>\S.*)$",
    re.IGNORECASE,
)
_TRAILING_SCORE_RE = re.compile(r"\s*[(\[]\s*(?P<score>[^()\[\]]{1,25}?)\s*[)\]]\.?$")
_CREDIT_FIELDS = frozenset({"directors", "writers", "cast", "music", "cinematography"})


def _neighbour(lines: list[Line], pos: int, step: int) -> Line | None:
    pos += step
    while 0 <= pos < len(lines):
        if lines[pos].kind != "blank":
            return lines[pos]
        pos += step
    return None


def _is_credit(line: Line | None) -> bool:
    return bool(line and line.facts and any(f in _CREDIT_FIELDS for f, _ in line.facts))


def _sign_offs(lines: list[Line]) -> None:
    prose = [pos for pos, line in enumerate(lines) if line.kind == "prose"]
    if not prose:
        return
    for pos in range(prose[-1] + 1, len(lines)):
        line = lines[pos]
        if line.kind not in ("fact", "skip"):
            continue
        found = _WRITTEN_BY_RE.match(line.text.strip().lstrip("•·*-–—~ "))
        name = signoff_name(found.group("v")) if found else None
        if name is None:
            continue
        if _is_credit(_neighbour(lines, pos, -1)) or _is_credit(_neighbour(lines, pos, 1)):
            continue
        lines[pos] = Line(line.index, line.text, "author", author=name)


def _closing_score(lines: list[Line]) -> None:
    if any(line.score is not None and line.score.kind == "overall" for line in lines):
        return
    prose = [pos for pos, line in enumerate(lines) if line.kind == "prose"]
    if not prose:
        return
    line = lines[prose[-1]]
    found = _TRAILING_SCORE_RE.search(line.text)
    if found is None or not line.text[: found.start()].strip():
        return
    opening = found.start() + len(found.group(0)) - len(found.group(0).lstrip())
    if about_another_film(line.text[: opening + 1]):
        return
    text = found.group("score")
    score = match_score(text)
    if score is None or score.end != len(text) or score.form not in ("fraction", "out_of"):
        return
    overall = ScoreLine("overall", score.value, score.raw)
    lines[prose[-1]] = replace(line, text=line.text[: found.start()].rstrip(), score=overall)


def finish_lines(lines: list[Line]) -> list[Line]:
    """Re-read the lines after the critic's last paragraph (sign-offs, a closing score)."""
    finished = list(lines)
    _sign_offs(finished)
    _closing_score(finished)
    return finished
