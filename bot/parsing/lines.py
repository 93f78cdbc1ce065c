"""Classifying every line of a cleaned review document."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.parsing.authors import author_in_line
from bot.parsing.cleanup import (
    is_boilerplate,
    is_heading,
    is_list_line,
    is_meta_line,
    is_press_quote,
    links_elsewhere,
    starts_comments,
    starts_skipped_section,
    url_in_line,
)
from bot.parsing.facts import (
    NAME_FIELDS,
    FactPairs,
    dangling_label,
    parse_fact_line,
    value_on_next_line,
)
from bot.parsing.grids import grid_cells, grid_row, header_names
from bot.parsing.guides import guide_entry
from bot.parsing.headings import heading_title
from bot.parsing.inline import BLOCKING_WORDS, inline_score, title_like, title_of
from bot.parsing.lang import VOTE_UNITS
from bot.parsing.quotes import is_quote_header
from bot.parsing.scorelines import ScoreLine, classify_score_line, heading_kind
from bot.parsing.scores import match_score, parse_votes, suffixed_count

_VOTES_ONLY_RE = re.compile(
    r"^\(?\s*(?:based on\s+|from\s+)?(?:\d{1,3}(?:[,.\s]\d{3})+|\d[\d,.]*)\s*[kKmM]?\+?\s*"
    r"(?:verified\s+|user\s+|critic\s+)?"
    rf"(?:{'|'.join(VOTE_UNITS)})\s*\)?$"
    rf"|^(?:verified\s+|user\s+)?(?:{'|'.join(VOTE_UNITS)})\s*:\s*\d[\d,.]*\s*[kKmM]?\+?$",
    re.IGNORECASE,
)


#: "182K" alone under an aggregate: its vote count with a thousands or millions suffix.
_SUFFIXED_ONLY_RE = re.compile(r"^\d{1,3}(?:[.,]\d)?\s*[kKmM]\+?$")


#: "Quote from: nightowl on October 03", "kim wrote:": the lines under it, up to a blank line,
#: are someone else's post.
_QUOTE_HEADER_RE = re.compile(
    r"^(?:quote(?:\s+from)?\s*:|quote\s*$|originally posted by\b|quoting\b"
    r"|\S+(?:\s+\S+){0,2}\s+(?:wrote|said|writes)\s*:\s*$)",
    re.IGNORECASE,
)
_QUOTED_RE = re.compile(
    r"^(?:>|&gt;|quote(?:\s+from)?\s*:|quote\s*$|originally posted by\b|quoting\b"
    r"|\S+(?:\s+\S+){0,2}\s+(?:wrote|said|writes)\s*:\s*$|(?:re|fwd?|subject)\s*:\s)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Line:
    """One line and what it was recognized as.

    ``kind`` is one of "blank", "prose", "score", "fact", "author", "url", "skip".
    """

    index: int
    text: str
    kind: str
    score: ScoreLine | None = None
    facts: FactPairs | None = None
    author: str | None = None
    url: str | None = None
    closed: bool = False
    """Page furniture, quotes or reader comments: never read for a score."""


#: "> **Verdict:** 8/10", "> Note : 4/5": the ">" of a Markdown block quote.
_BLOCK_QUOTE_RE = re.compile(r"^(?:>|&gt;)\s*(?!>|&gt;)")


def block_quote_verdict(text: str) -> ScoreLine | None:
    """The critic's labelled score set in a Markdown block quote ("> Verdict: 8/10"): a
    known score label and its score, the whole quoted line. Anything else quoted ("> 8/10
    for me.", a quote inside a quote ">> Verdict: 9/10") stays someone else's words."""
    quoted = _BLOCK_QUOTE_RE.match(text)
    if quoted is None:
        return None
    score = classify_score_line(text[quoted.end() :])
    if score is None or score.kind != "overall" or score.label is None or score.author:
        return None
    return score


def _classify(index: int, text: str, heading: str | None, prev_kind: str) -> Line:
    if _QUOTED_RE.match(text):
        verdict = block_quote_verdict(text) if text[:1] in ">&" else None
        if verdict is not None:
            return Line(index, text, "score", score=verdict)
        return Line(index, text, "skip", closed=True)
    url = url_in_line(text)
    if url is not None:
        return Line(index, text, "url", url=url)
    if is_boilerplate(text) or is_press_quote(text):
        return Line(index, text, "skip", closed=True)
    score = classify_score_line(text, heading) or titled_aggregate(text)
    if score is not None:
        return Line(index, text, "score", score=score)
    is_author, name = author_in_line(text)
    if is_author:
        return Line(index, text, "author", author=name)
    facts = parse_fact_line(text)
    if facts is not None:
        return Line(index, text, "fact", facts=facts)
    if (
        heading_kind(text)
        or is_meta_line(text)
        or is_list_line(text)
        or _VOTES_ONLY_RE.match(text)
        or (is_heading(text) and prev_kind != "prose")
    ):
        return Line(index, text, "skip")
    return Line(index, text, "prose")


_TITLE_DASH_RE = re.compile(r"\s+[—–-]\s+")


def titled_aggregate(text: str) -> ScoreLine | None:
    """ "Rear Window (1954) — members' average 8.9/10 from 42 ballots": a film's title, a
    dash, then a labelled aggregate (never the writer's score of that film)."""
    parts = _TITLE_DASH_RE.split(text, maxsplit=1) if ("—" in text or "–" in text) else []
    if len(parts) != 2 or not any(ch.isdigit() for ch in parts[1]):
        return None
    found = classify_score_line(parts[1])
    if found is None or found.kind != "aggregate" or found.label is None:
        return None
    title = title_of(parts[0])
    return replace(found, title=title) if title is not None else None


def _bare_overall(line: Line) -> bool:
    """A line holding nothing but an unlabelled, unsigned score ("4.1 out of 5")."""
    score = line.score
    if score is None or score.kind != "overall" or score.label or score.author or score.title:
        return False
    found = match_score(line.text.strip())
    return found is not None and found.end == len(line.text.strip())


def _attach_votes(lines: list[Line], text: str) -> bool:
    """Attach a "2,431 ratings" line to an aggregate on one of the two previous lines.

    A short caption may stand between them ("Metascore / 81 / Universal acclaim / Based on
    54 critic reviews"). A bare score right above the count of ratings it averages ("4.1 out
    of 5" / "Based on 412 ratings") is such an aggregate too, not the critic's.
    """
    suffixed = _SUFFIXED_ONLY_RE.match(text)
    if not _VOTES_ONLY_RE.match(text) and not suffixed:
        return False
    passed = 0
    for pos in range(len(lines) - 1, -1, -1):
        previous = lines[pos]
        if previous.kind == "blank":
            continue
        score = previous.score
        if score is None and previous.kind == "skip" and passed == 0:
            passed += 1
            continue
        if score is not None and not suffixed and _bare_overall(previous):
            score = replace(score, kind="aggregate")  # "4.1 out of 5" / "Based on 412 ratings"
            previous = replace(previous, score=score)
        if score is None or score.kind != "aggregate" or score.votes is not None:
            return False
        votes = suffixed_count(text) if suffixed else parse_votes(text)
        lines[pos] = replace(previous, score=replace(score, votes=votes))
        return True
    return False


class _Classifier:
    """Walks the lines in order, keeping the little state that spans lines."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.heading: str | None = None
        self.pending_fields: tuple[str, ...] | None = None
        self.skipping = False
        self.skipped_content = False
        self.in_comments = False
        self.seen_content = False
        self.prev_kind = "blank"
        self.nonblank = 0
        self.heading_open = True
        self.quoting = False
        self.grid_names: list[str] | None = None

    def add(self, line: Line, prev_kind: str | None = None) -> None:
        self.lines.append(line)
        self.prev_kind = prev_kind or line.kind
        self.seen_content = self.seen_content or line.kind in ("prose", "score")
        if line.kind != "blank":
            if not is_boilerplate(line.text):
                self.nonblank += 1
            self.heading_open = self.heading_open and line.kind in ("skip", "author", "url")

    def _title_heading(self, index: int, text: str) -> Line | None:
        """The document's own heading ("Arrival (2016) Review") among its first lines."""
        if not self.heading_open or self.nonblank >= 2:
            return None
        found = heading_title(text)
        if found is None:
            return None
        pairs, score = found
        if score is None and parse_fact_line(text) is not None:
            return None  # "Review: Anora (2024) ★★★★" is a heading; "Title: Anora" a fact
        if score is None:
            scored = classify_score_line(text)
            if scored is not None and scored.kind == "overall" and scored.title:
                return None  # "★★★★ Heat (1995)": a list's rated line, read as a score line
            return Line(index, text, "fact", facts=pairs)
        title = next((str(v) for field, v in pairs if field == "title"), None)
        overall = ScoreLine("overall", score.value, score.raw, title=title)
        return Line(index, text, "score", score=overall, facts=pairs)

    def grid(self, index: int, text: str) -> int:
        """Read a row of a grid of critics' stars (see ``bot.parsing.grids``): one score line
        per starred cell, signed by its column's critic; returns how many lines it made."""
        if self.in_comments or self.quoting or self.skipping:
            return 0
        row = grid_row(text)
        if row is None:
            return 0
        title, cells = row
        names = self.grid_names if self.grid_names and len(self.grid_names) == len(cells) else None
        previous = self.lines[-1] if self.lines else None
        if names is None and previous is not None and previous.kind in ("prose", "skip"):
            names = header_names(previous.text, len(cells))
            if names is not None:
                self.lines[-1] = replace(previous, kind="skip", score=None, closed=True)
        found = grid_cells(title, cells, names)
        if names is None and len(found) < 2:
            return 0  # "Heat ★★★★ –": one critic's stars, read as any line
        if names is None or not found:
            self.add(Line(index, text, "skip", closed=True))  # whose stars? nobody's to read
            return 1
        self.grid_names = names
        for offset, cell in enumerate(found):
            score = ScoreLine("overall", cell.value, cell.raw, title=title, author=cell.critic)
            self.add(Line(index + offset, text, "score", score=score, author=cell.critic))
        return len(found)

    def guide(self, index: int, text: str) -> int:
        """Read a film guide's entry (see ``bot.parsing.guides``): its runtime, its score
        naming the film, then the rest of the entry; returns how many lines it made."""
        if self.in_comments or self.quoting or self.skipping:
            return 0
        entry = guide_entry(text)
        score = match_score(entry.stars) if entry is not None else None
        if entry is None or score is None:
            return 0
        runtime = parse_fact_line(f"Runtime: {entry.minutes} min")
        head = f"{entry.title} ({entry.year}) {entry.stars}"
        overall = ScoreLine("overall", score.value, score.raw, title=entry.title)
        self.add(Line(index, head, "score", score=overall, facts=runtime))
        self.feed(index + 1, entry.rest)
        return 2

    def _names_continued(self, line: Line) -> Line:
        """ "Con Marco Giallini, Kasia Smutniak," / "Edoardo Leo, Anna Foglietta": a list of
        names whose line ends on a comma goes on with the names of the next line."""
        previous = self.lines[-1] if self.lines else None
        if previous is None or previous.kind != "fact" or not previous.text.endswith(","):
            return line
        fields = tuple(field for field, _ in previous.facts or ())
        if not fields or not set(fields) <= set(NAME_FIELDS):
            return line
        names = value_on_next_line(fields, line.text)
        return Line(line.index, line.text, "fact", facts=names) if names else line

    def feed(self, index: int, text: str) -> None:
        self.grid_names = None
        if not text:
            if self.skipping and self.skipped_content:
                self.skipping = False
            self.quoting = False
            self.add(Line(index, text, "blank"))
            return
        if self.quoting or _QUOTE_HEADER_RE.match(text) or is_quote_header(text):
            self.quoting = True
            self.add(Line(index, text, "skip", closed=True))
            return
        if self.in_comments or (self.seen_content and starts_comments(text)):
            self.in_comments = True
            self.add(Line(index, text, "skip", closed=True))
            return
        if starts_skipped_section(text):
            self.skipping, self.skipped_content = True, False
            self.add(Line(index, text, "skip", closed=True))
            return
        if links_elsewhere(text):
            self.add(Line(index, text, "skip", closed=True))
            return
        if (
            self.skipping
            and is_heading(text)
            and self.prev_kind != "skip-content"
            and classify_score_line(text) is None
            and inline_score(text) is None
        ):
            self.skipping = False  # a heading ends the section; a rated list item does not
        if self.skipping:
            self.skipped_content = True
            self.add(Line(index, text, "skip", closed=True), prev_kind="skip-content")
            return
        if _attach_votes(self.lines, text):
            self.add(Line(index, text, "skip", closed=True))
            return
        heading = self._title_heading(index, text)
        if heading is not None:
            self.add(heading)
            return
        fields, self.pending_fields = self.pending_fields, dangling_label(text)
        value = value_on_next_line(fields, text) if fields else None
        if value is not None:
            self.add(Line(index, text, "fact", facts=value))
            return
        line = _classify(index, text, self.heading, self.prev_kind)
        if line.kind in ("skip", "prose") and self.prev_kind == "fact":
            line = self._names_continued(line)
        is_label_heading = line.kind in ("skip", "fact") and heading_kind(text) is not None
        self.heading = text if is_label_heading else None
        self.add(line)


#: "Scores: Dan 9/10 · Mel 6.5/10": several people's scores on one line, after a short label.
_NAMED_SCORES_LABEL_RE = re.compile(r"^(?:[^\W\d_][\w' ]{0,24}?\s*[:：—–]\s*)?")
_NAMED_SCORES_SPLIT_RE = re.compile(r"\s+[·|•;]\s+|,\s+")
_NAMED_SCORE_RE = re.compile(r"^(?P<name>[A-Z][^\W\d_]{1,20}):?\s+(?P<score>\S.*)$")


def named_scores(line: str) -> list[str] | None:
    """Each "Name: score" of a line giving two or more people's scores, else None."""
    if len(line) > 160 or not any(sep in line for sep in ("·", "|", "•", ";", ",")):
        return None
    body = line[_NAMED_SCORES_LABEL_RE.match(line).end() :]  # type: ignore[union-attr]
    pieces = _NAMED_SCORES_SPLIT_RE.split(body)
    if len(pieces) < 2:
        return None
    out: list[str] = []
    for piece in pieces:
        found = _NAMED_SCORE_RE.match(piece.strip())
        if found is None or found.group("name").lower() in BLOCKING_WORDS:
            return None  # "Fri 7/10, Sat 8/10" are dates
        score = match_score(found.group("score"))
        if score is None or score.end != len(found.group("score")) or score.form == "plain":
            return None
        out.append(f"{found.group('name')}: {found.group('score')}")
    return out


#: "THE ZONE OF INTEREST ★★★★ (12A, 105 min) Dir: Jonathan Glazer. With: …": a newspaper's
#: credit line, its title and score, then the film's certificate, runtime and credits.
_CREDIT_LINE_RE = re.compile(
    r"^(?P<head>[A-Z0-9][A-Z0-9 '’:&,.!?-]{1,80}?\s+(?:[★⭐✪☆½]+|\d{1,2}(?:\.5)?/(?:4|5|10|20)))"
    r"\s+(?P<facts>\([^()]{2,40}\))\s*(?P<rest>.*)$"
)


#: "Poor Things ★★★★ (18, 141 min) Yorgos Lanthimos's Frankenstein fable…": a guide's capsule
#: opening on its title in title case, its stars and a bracket of facts (a runtime or a year).
_TITLED_CREDIT_RE = re.compile(
    r"^(?P<head>[A-Z0-9][^★⭐✪☆()]{0,80}?\s+[★⭐✪☆½]+)"
    r"\s+(?P<facts>\([^()]{0,30}?(?:\b\d{2,3}\s*min|\b(?:18|19|20)\d{2}\b)[^()]{0,20}\))\s*(?P<rest>.*)$"
)


_GLYPH_RE = re.compile(r"[★⭐✪☆]")


def credit_line(line: str) -> list[str] | None:
    """The parts of a newspaper credit line (title and score, bracket, credits), else None."""
    found = _CREDIT_LINE_RE.match(line) if "(" in line else None
    if found is None and "(" in line and _GLYPH_RE.search(line):
        titled = _TITLED_CREDIT_RE.match(line)
        head = titled.group("head").rstrip("★⭐✪☆½ ") if titled is not None else ""
        found = titled if head and title_like(head) else None
    if found is None or not any(ch.isalpha() for ch in found.group("head")):
        return None
    return [part for part in found.group("head", "facts", "rest") if part]


def classify_lines(text: str) -> list[Line]:
    """Classify each line; everything from the start of reader comments on is skipped."""
    classifier = _Classifier()
    index = 0
    for raw in text.split("\n"):
        line = raw.strip()
        made = (classifier.grid(index, line) or classifier.guide(index, line)) if line else 0
        if made:
            index += made
            continue
        for part in named_scores(line) or credit_line(line) or [line]:
            classifier.feed(index, part)
            index += 1
    return _quoted_replies(classifier.lines)


def _quoted_replies(lines: list[Line]) -> list[Line]:
    """A block-quoted score line repeating a line of the page is a reply quoting that line
    ("Rating: 9/10" / … / "> Rating: 9/10"), and so is any on a forum thread (a post's
    header, "kim wrote:"): it stays someone else's words."""
    quoted = [
        pos
        for pos, line in enumerate(lines)
        if line.score is not None and _BLOCK_QUOTE_RE.match(line.text)
    ]
    if not quoted:
        return lines
    from bot.parsing.posts import is_post_header  # posts reads these lines

    thread = any(
        _QUOTE_HEADER_RE.match(line.text) or is_quote_header(line.text) or is_post_header(line.text)
        for line in lines
        if line.text and line.kind != "blank"
    )
    plain = {
        line.text.casefold() for line in lines if line.text and not _QUOTED_RE.match(line.text)
    }
    for pos in quoted:
        line = lines[pos]
        inner = line.text[_BLOCK_QUOTE_RE.match(line.text).end() :]  # type: ignore[union-attr]
        if thread or inner.casefold() in plain:
            lines[pos] = replace(line, kind="skip", score=None, closed=True)
    return lines
