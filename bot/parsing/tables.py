"""Plain-text tables whose columns are separated by "|", one film per row.

A header row names the columns: the film's ("Title", "Film"), the writer's score ("Score",
"My Rating"), an average of many raters ("Average Rating") and its count ("Number of
Ratings"). Each row then gives that film's score, and its aggregate. A rank ("#") or a
runtime ("Mins") column is never a score. The scale of a score column comes from its header
("Score /5") or from the page saying so ("My Rating is out of 5", "scores out of 10"); a 0
in a column out of 5 is a film left unrated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.parsing.facts import fields_for_label
from bot.parsing.labels import aggregate_source, is_overall_label
from bot.parsing.lang import OUT_OF, VOTE_UNITS
from bot.parsing.scores import parse_votes

_AVERAGE_RE = re.compile(r"\b(?:average|avg|mean|moyenne|media|média|durchschnitt)\b", re.I)
_COUNT_RE = re.compile(rf"\b(?:number|count|no\.?|#)\b.*\b(?:{'|'.join(VOTE_UNITS)})$", re.I)
_HEADER_SCALE_RE = re.compile(r"(?:/|\bout of\s+)(?P<top>5|10|20|100)\)?$", re.I)
_RULE_RE = re.compile(r"^[-=+|: ]{3,}$")
_NUMBER_RE = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
_OUT_OF = "|".join(word.replace(" ", r"\s+") for word in OUT_OF if word != "of")


@dataclass(frozen=True)
class TableRow:
    """One row of a film table: where it is, the film, its score and its aggregate."""

    pos: int
    title: str
    score: tuple[float, str] | None
    aggregate: tuple[float, int | None] | None


@dataclass(frozen=True)
class _Columns:
    title: int
    score: int | None
    average: int | None
    count: int | None
    width: int


def _cells(text: str) -> list[str]:
    return [cell.strip() for cell in text.strip().strip("|").split("|")]


def _scores(header: str) -> bool:
    """A column of the writer's scores: "Score", "My Rating", "Rating (out of 5)"."""
    if header.lower() in ("rating", "my rating"):
        return True  # "Rating" alone is also the label of a certificate
    named = _HEADER_SCALE_RE.sub("", header).strip(" (")
    if not is_overall_label(named) or aggregate_source(header)[0]:
        return False
    return fields_for_label(header) != ("certificate",)


def _columns(text: str) -> _Columns | None:
    if text.count("|") < 2:
        return None
    cells = _cells(text)
    if any(not cell or any(ch.isdigit() for ch in cell) for cell in cells if cell != "#"):
        return None
    title = next((i for i, cell in enumerate(cells) if fields_for_label(cell) == ("title",)), None)
    if title is None:
        return None
    average = next((i for i, c in enumerate(cells) if _AVERAGE_RE.search(c)), None)
    count = next((i for i, c in enumerate(cells) if _COUNT_RE.search(c)), None)
    score = next(
        (i for i, cell in enumerate(cells) if i not in (average, count) and _scores(cell)),
        None,
    )
    if score is None and average is None:
        return None
    return _Columns(title, score, average, count, len(cells))


def _page_scale(texts: list[str], header: str) -> float | None:
    """ "My Rating is out of 5", "(scores out of 10; …)": the page stating the scale."""
    name = re.escape(header.lower().rstrip("s"))
    pattern = re.compile(rf"\b{name}s?\s+(?:is\s+|are\s+)?(?:{_OUT_OF})\s+(5|10|20|100)\b", re.I)
    for text in texts:
        found = pattern.search(text)
        if found is not None:
            return float(found.group(1))
    return None


def _value(cell: str, scale: float) -> float | None:
    if not _NUMBER_RE.match(cell):
        return None
    amount = float(cell.replace(",", "."))
    if amount > scale:
        return None
    return round(amount / scale * 10.0, 2)


def table_rows(texts: list[str]) -> list[TableRow]:
    """The film rows of the page's tables, in order."""
    if not any(text.count("|") >= 2 for text in texts):
        return []
    rows: list[TableRow] = []
    columns: _Columns | None = None
    scale = 10.0
    for pos, text in enumerate(texts):
        if not text or _RULE_RE.match(text):
            continue  # "----+----": the rule under a header
        if text.count("|") < 2:
            columns = None
            continue
        header = _columns(text)
        if header is not None:
            columns = header
            cells = _cells(text)
            named = cells[header.score] if header.score is not None else "rating"
            stated = _HEADER_SCALE_RE.search(named)
            scale = float(stated.group("top")) if stated else _page_scale(texts, named) or 10.0
            continue
        if columns is None:
            continue
        cells = _cells(text)
        if len(cells) != columns.width:
            continue  # a rule row ("----+----") or a row of another shape
        title = cells[columns.title]
        if not title or not any(ch.isalpha() for ch in title):
            continue
        score = None
        if columns.score is not None:
            raw = cells[columns.score]
            value = _value(raw, scale)
            if value is not None and not (value == 0 and scale == 5):
                score = (value, raw)
        aggregate = None
        if columns.average is not None:
            value = _value(cells[columns.average], scale)
            if value is not None:
                votes = None
                if columns.count is not None:
                    votes = parse_votes(f"{cells[columns.count]} votes")
                aggregate = (value, votes)
        rows.append(TableRow(pos, title, score, aggregate))
    return rows
