"""Titles of the films a list, a diary or a capsule guide scores, read across the page.

Some things about a line's title only show when the page is read as a whole:

- "Anatomie d'une chute ★★★★" over its capsule, on a page whose other capsules open with
  "Title ★★★" too, is a title in sentence case, not a verdict.
- "08 Paprika 2006 ★★★½" / "09 Millennium Actress 2001 ★★★★": numbers opening every rated
  line of a list in order are the diary's days (or the list's ranks), not part of the
  titles; a zero-padded number ("08") is never part of a title.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.cleanup import has_terminal_punctuation
from bot.parsing.facts import fields_for_label
from bot.parsing.inline import CALENDAR_MARK_RE, title_like, title_of
from bot.parsing.lang import CHANNEL_WORDS, CREDIT_WORDS
from bot.parsing.lines import Line
from bot.parsing.scores import match_score
from bot.parsing.values import looks_like_name

_GLYPHS = frozenset("★⭐✪✭✮")
_NUMBER_OPENING_RE = re.compile(r"^(?P<n>\d{1,3})\s+(?P<rest>\S.*)$")


def _star_glyphs(raw: str) -> bool:
    found = match_score(raw)
    return found is not None and found.form == "stars" and bool(_GLYPHS & set(raw))


def _neighbour_kind(lines: list[Line], pos: int, step: int) -> str | None:
    pos += step
    return lines[pos].kind if 0 <= pos < len(lines) else None


def sentence_case_headings(lines: list[Line]) -> None:
    """Read "Anatomie d'une chute ★★★★" as a capsule's title and score.

    A weak star score closing a short line in sentence case counts as a titled score when
    the line stands as a heading (nothing just above it, the capsule just below it) and the
    page's other capsules open with a title and star glyphs.
    """
    titled = sum(
        1
        for line in lines
        if line.score is not None
        and line.score.kind == "overall"
        and not line.score.weak
        and line.score.title is not None
        and _star_glyphs(line.score.raw)
    )
    if not titled:
        return
    for pos, line in enumerate(lines):
        score = line.score
        if score is None or score.kind != "overall" or not score.weak or score.title:
            continue
        if line.kind != "prose" or not _star_glyphs(score.raw) or score.author:
            continue
        if _neighbour_kind(lines, pos, -1) not in (None, "blank"):
            continue
        if _neighbour_kind(lines, pos, 1) not in ("prose", "fact"):
            continue
        text = line.text.strip()
        if has_terminal_punctuation(text) or not title_like(text, heading=True):
            continue
        title = title_of(text, heading=True)
        if title is not None:
            lines[pos] = replace(line, kind="score", score=replace(score, title=title, weak=False))


#: "2. Heat", "#2 Heat", "No. 2 — Heat", "[2] Heat", "II. Heat", "- Heat": a rank mark or a
#: bullet, never part of a title.
_RANK_MARK_RE = re.compile(
    r"^(?:(?i:#\s?|no\.?\s*|n[º°]\s*)\d{1,3}[.)]?\s*[—–:-]?|\d{1,3}[.)]\s*[—–:-]?|\[\d{1,3}\]"
    r"|[IVX]{1,5}[.)]|[-•·▪*])\s+(?=[A-Z0-9])"
)


def ranked_titles(lines: list[Line]) -> None:
    """Strip a rank mark or a diary's date left at the start of a rated line's title ("2.
    Heat", "Nov 06 Perfect Blue")."""
    for pos, line in enumerate(lines):
        score = line.score
        title = score.title if score is not None else None
        found = (_RANK_MARK_RE.match(title) or CALENDAR_MARK_RE.match(title)) if title else None
        if score is None or found is None:
            continue
        title = _bare(score.title[found.end() :])  # type: ignore[index]
        if title is not None:
            lines[pos] = replace(line, score=replace(score, title=title))


def _numbered(line: Line) -> re.Match[str] | None:
    score = line.score
    if score is None or score.kind != "overall" or score.title is None:
        return None
    return _NUMBER_OPENING_RE.match(score.title)


def _bare(title: str) -> str | None:
    return title if title_like(title, heading=True) else None


def numbered_titles(lines: list[Line]) -> None:
    """Strip day or rank numbers opening the titles of a list's rated lines.

    A zero-padded number ("08 Paprika") is always stripped; other numbers only when three
    or more rated lines open with one, every titled score of the page does, and they run in
    order (up or down), as a diary's days or a list's ranks do ("12 Angry Men" beside
    "Heat" keeps its number).
    """
    found = [(pos, match) for pos, line in enumerate(lines) if (match := _numbered(line))]
    titled = sum(1 for line in lines if line.score is not None and line.score.title is not None)
    numbers = [int(match.group("n")) for _, match in found]
    ordered = len(found) >= 3 and len(found) == titled
    ordered = ordered and (numbers == sorted(numbers) or numbers == sorted(numbers, reverse=True))
    for pos, match in found:
        padded = match.group("n").startswith("0") and len(match.group("n")) > 1
        if not (padded or ordered):
            continue
        title = _bare(match.group("rest"))
        score = lines[pos].score
        if title is not None and score is not None:
            lines[pos] = replace(lines[pos], score=replace(score, title=title))


_CELL_NOT_TITLE_RE = re.compile(r"[#\d\s./,%★⭐✪½*+:()-]*|[A-F][+-]?")


def table_titles(lines: list[Line]) -> None:
    """ "| 2 | Sicario | 2015 | 9/10 |": a rated table row names its film in the column its
    header calls the film or title, else in the one cell written like a title (not a rank,
    a year or a score)."""
    if not any(line.score is not None and "|" in line.text for line in lines):
        return
    column: int | None = None
    for pos, line in enumerate(lines):
        score = line.score
        if line.kind == "blank" or set(line.text) <= set("|-: "):
            continue  # "|---|---|"
        if "|" not in line.text:
            column = None  # the table ended
            continue
        cells = [cell.strip() for cell in line.text.strip().strip("|").split("|")]
        if score is None:  # "| Film | Director | Score |": the header names the title column
            titled = [i for i, cell in enumerate(cells) if fields_for_label(cell) == ("title",)]
            column = titled[0] if len(titled) == 1 else column
            continue
        if score.kind != "overall" or score.title:
            continue
        if column is not None and column < len(cells):
            named = [cells[column]]
        else:
            named = [
                cell
                for cell in cells
                if cell
                and not _CELL_NOT_TITLE_RE.fullmatch(cell)
                and title_like(cell, heading=True)
            ]
        title = title_of(named[0], heading=True) if len(named) == 1 else None
        if title is not None:
            lines[pos] = replace(line, score=replace(score, title=title))


_CHANNELS = "|".join(re.escape(word) for word in CHANNEL_WORDS)
_CREDITS = "|".join(re.escape(word) for word in CREDIT_WORDS)
#: "#1 — Bacurau (2019)", "Ch. 41  WHIPLASH", "3. Heat": the head of a list's item, its rank
#: or its channel first (never a time of day: "2.40pm BBC Two").
_ITEM_MARK_RE = re.compile(
    rf"^(?:(?:#\s?|(?i:no\.?\s*|n[º°]\s*|(?:{_CHANNELS})\.?\s*))\d{{1,3}}[.)]?|\d{{1,3}}[.)])"
    r"(?:\s*[—–:-])?\s+(?=\S)"
)
#: "• Le Goût des autres — Agnès Jaoui, 2000, 1 h 52": a bullet, then a film credited with its
#: year (a bullet with no year is any list's).
_BULLET_ITEM_RE = re.compile(r"^[•▪◦‣]\s+(?=\S)")
_CREDIT_YEAR_RE = re.compile(r"[,(—–-]\s*(?:18|19|20)\d{2}\b")
#: "20:00 · La noche de los muertos vivientes (1968)", "23.40 — [REC] (2007)": a marathon's or
#: a diary's time of day, then a film credited with its year (a channel after a time, "21:15
#: · Rai 5", names no film).
_TIMED_ITEM_RE = re.compile(r"^(?:[01]?\d|2[0-3])[:.h][0-5]\d\s*(?:[·•|—–-]\s*)?(?=\S)")
_YEAR_BRACKET_END_RE = re.compile(r"\((?:[^()]*,\s*)?(?:18|19|20)\d{2}\)\s*$")
#: "Le Règne animal, de Thomas Cailley", "…, d'Anna Novion": a title, a comma and its director
#: ("Les Vacances de Monsieur Hulot" has no comma and keeps its name).
_CREDIT_TAIL_RE = re.compile(
    rf"^(?P<title>.+?),\s+(?:(?:{_CREDITS})\s+|d['’])"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$"
)


def item_title(text: str) -> str | None:
    """The film an item's head line names after its rank or channel ("#2 — O Som ao Redor
    (2012)", "Ch. 42  SPIRITED AWAY", "2. Le Règne animal, de Thomas Cailley")."""
    mark = _ITEM_MARK_RE.match(text)
    bullet = _BULLET_ITEM_RE.match(text) if mark is None else None
    if bullet is not None and _CREDIT_YEAR_RE.search(text, bullet.end()) is not None:
        head = text[bullet.end() :]  # "• Le Goût des autres — Agnès Jaoui, 2000, 1 h 52"
        credit = _CREDIT_TAIL_RE.match(head)
        if credit is not None and looks_like_name(credit.group("name")):
            head = credit.group("title")
        return title_of(head, heading=True)
    if mark is None:
        timed = _TIMED_ITEM_RE.match(text)
        if timed is None or _YEAR_BRACKET_END_RE.search(text) is None:
            return None
        return title_of(text[timed.end() :], heading=True)
    head = text[mark.end() :]
    credit = _CREDIT_TAIL_RE.match(head)
    if credit is not None and looks_like_name(credit.group("name")):
        head = credit.group("title")
    return title_of(head, heading=True)
