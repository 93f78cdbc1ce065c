"""Grids of several critics' stars: one row per film, one column per critic.

A newspaper's panel prints its critics' names once, on a header line, and under it one row
per film: the title, then one cell per critic, each a run of stars or a mark for a film the
critic has not seen ("–"). Each starred cell is that critic's score of that film. A row of
two or more cells whose critics cannot be named is never read as one critic's score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parsing.inline import title_like
from bot.parsing.scores import match_score

_CELL = r"(?:[★⭐✪✭]+½?|½|[–—•-])"
#: "Trois amies ★★★★ ★★★ ★★★": a title, then two or more cells, at least one starred.
_ROW_RE = re.compile(
    rf"^(?P<title>[^★⭐✪✭½]*?[^\W\d_][^★⭐✪✭½]*?)\s+(?P<cells>{_CELL}(?:\s+{_CELL})+)$"
)
_STARRED_RE = re.compile(r"[★⭐✪✭½]")


@dataclass(frozen=True)
class GridCell:
    """One critic's cell of a row: the stars as written and the score they give."""

    title: str
    critic: str | None
    raw: str
    value: float


def grid_row(line: str) -> tuple[str, list[str]] | None:
    """(title, cells) of a grid row, else None."""
    found = _ROW_RE.match(line.strip()) if _STARRED_RE.search(line) else None
    if found is None:
        return None
    cells = found.group("cells").split()
    title = found.group("title").strip(" .:-–—")
    if not _STARRED_RE.search(cells[0]) or not title:
        return None  # "Heat – ★★★★": a dash before the first stars parts a title from them
    if not title_like(title, heading=True):
        return None
    return title, cells


def header_names(line: str, count: int) -> list[str] | None:
    """The ``count`` critics' names of a grid's header line ("Hélène M. Julien B. Karim S."),
    when its words split evenly into that many capitalized names."""
    words = line.split()
    if count < 2 or not words or len(words) % count or _STARRED_RE.search(line):
        return None
    size = len(words) // count
    if size > 3:
        return None
    names = [" ".join(words[i : i + size]) for i in range(0, len(words), size)]
    if not all(word[:1].isupper() for word in words):
        return None
    return names


def grid_cells(title: str, cells: list[str], names: list[str] | None) -> list[GridCell]:
    """The scored cells of a row, each with its column's critic (None when unnamed)."""
    out: list[GridCell] = []
    for column, cell in enumerate(cells):
        if not _STARRED_RE.search(cell):
            continue  # "–": not seen
        score = match_score(cell)
        if score is None or score.end != len(cell):
            continue
        critic = names[column] if names is not None and column < len(names) else None
        out.append(GridCell(title, critic, score.raw, score.value))
    return out
