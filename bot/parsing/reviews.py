"""Grouping classified lines into one or more critic reviews."""

from __future__ import annotations

import re
from collections import Counter

from bot.parsing.citations import cited_title
from bot.parsing.facts import FactsBuilder
from bot.parsing.inline import title_of, without_date
from bot.parsing.lang import CREDIT_WORDS
from bot.parsing.lines import Line
from bot.parsing.listing import item_title
from bot.parsing.model import Facts, ParsedReview
from bot.parsing.posts import forum_posters, forum_titles, is_post_header
from bot.parsing.values import looks_like_name

_HYPHENATED_END_RE = re.compile(r"[^\W\d_]-$")


def join_wrapped(parts: list[str]) -> str:
    """Re-join hard-wrapped lines into one paragraph ("all-" + "around" -> "all-around")."""
    text = ""
    for part in parts:
        if not text:
            text = part
        elif part[:1].islower() and _HYPHENATED_END_RE.search(text, max(len(text) - 3, 0)):
            text += part
        else:
            text += " " + part
    return " ".join(text.split())


def paragraphs(lines: list[Line]) -> list[tuple[int, str]]:
    """(first line index, text) for each prose paragraph and each verdict sentence.

    Paragraphs that occur more than once in a document (a logline repeated by a page
    template) are site furniture and are dropped.
    """
    found: list[tuple[int, str]] = []
    run: list[Line] = []

    def flush() -> None:
        if run:
            found.append((run[0].index, join_wrapped([line.text for line in run])))
            run.clear()

    for line in lines:
        if line.kind == "prose":
            run.append(line)
            continue
        flush()
        verdict = line.score.verdict if line.score is not None else None
        if line.score is not None and line.score.kind == "overall" and verdict:
            found.append((line.index, verdict))
    flush()
    counts = Counter(text.casefold() for _, text in found)
    return [(index, text) for index, text in found if counts[text.casefold()] == 1]


def _events(lines: list[Line]) -> list[Line]:
    """The critic's score lines, merging repeats with no prose between them.

    Score lines naming different films ("Asteroid City - 6/10" / "Wonka - 5/10") are
    separate reviews even with nothing between them.
    """
    events: list[Line] = []
    prose_since = True
    for line in lines:
        if line.score is not None and line.score.kind == "overall":
            title = line.score.title
            other_film = bool(events) and title is not None and events[-1].score is not None
            other_film = other_film and title != events[-1].score.title  # type: ignore[union-attr]
            author = line.score.author
            last = events[-1].score if events else None
            other_critic = author is not None and last is not None and author != last.author
            if prose_since or not events or other_film or other_critic:
                events.append(line)
            prose_since = False
        if line.kind == "prose" or (line.kind == "author" and events):
            prose_since = True  # a new poster's header starts a new post
        elif line.kind == "skip" and events and is_post_header(line.text):
            prose_since = True  # "Posts: 388 · Joined: Nov 2019" under the next poster
        elif line.score is None and line.kind in ("skip", "fact") and item_title(line.text):
            prose_since = True  # "3. Le Procès Goldman, de Cédric Kahn": the next item
    prose = [line.index for line in lines if line.kind == "prose"]
    if len(events) == 2 and prose and events[0].index < prose[0] and events[1].index > prose[-1]:
        first, second = (event.score.author for event in events if event.score is not None)
        if first is None or second is None or first == second:
            events = events[:1]
    return events


def _trailing(lines: list[Line], events: list[Line]) -> bool:
    """Whether scores close their reviews (prose, then score) rather than open them.

    Each score line votes by what stands right next to it: prose just before it (the
    score closes a review) or prose just after it, past the review's fact lines (the score
    opens one).
    """
    if not events:
        return False
    content = [line for line in lines if line.kind != "blank"]
    position = {line.index: pos for pos, line in enumerate(content)}
    after = before = 0
    for event in events:
        pos = position[event.index]
        before += pos > 0 and content[pos - 1].kind == "prose"
        nxt = pos + 1
        while nxt < len(content) and content[nxt].kind == "fact":
            nxt += 1  # "Wonka ★★" / "(PG, 116 min)" / its capsule: the facts open it too
        after += nxt < len(content) and content[nxt].kind == "prose"
    if before != after:
        return before > after
    prose = [line.index for line in lines if line.kind == "prose"]
    return any(i < events[0].index for i in prose)


class _Segments:
    def __init__(self, lines: list[Line], events: list[Line]) -> None:
        self.events = events
        self.prose = [line.index for line in lines if line.kind == "prose"]
        self.trailing = _trailing(lines, events)

    def of(self, index: int) -> int:
        if len(self.events) <= 1:
            return 0
        if self.trailing:
            for number, event in enumerate(self.events):
                if event.index >= index:
                    return number
            return len(self.events) - 1
        found = 0
        for number, event in enumerate(self.events):
            if event.index <= index:
                found = number
        return found

    def for_author(self, index: int) -> int:
        """An author line next to a score line (no prose between) belongs to that review."""
        best: tuple[int, int] | None = None
        for number, event in enumerate(self.events):
            low, high = sorted((index, event.index))
            if any(low < i < high for i in self.prose):
                continue
            distance = high - low
            if best is None or distance < best[0]:
                best = (distance, number)
        return best[1] if best is not None else self.of(index)


def _is_sign_off(lines: list[Line], pos: int) -> bool:
    """An author line closing a review: prose just before it, no score line just after it."""
    before = next((line for line in reversed(lines[:pos]) if line.kind != "blank"), None)
    after = next((line for line in lines[pos + 1 :] if line.kind != "blank"), None)
    if before is None or before.kind != "prose":
        return False
    return after is None or after.score is None or after.score.kind != "overall"


_CREDIT_OPENING_RE = re.compile(
    r"^(?P<title>[^()]{1,80}?)\s*\([^()]*\b(?:18|19|20)\d{2}\b(?:,[^()]{1,20})?\)"
)


#: "di Paolo Sorrentino, con …", "by Greta Gerwig": a credit line under a capsule's title.
_CREDIT_LINE_RE = re.compile(
    r"^(?:di|de|by|von|dir\.?|un film de|a film by|directed by)\s+[A-Z]", re.IGNORECASE
)


#: "Los destellos — Pilar Palomero retrata…": a title, a dash, then the capsule itself.
_DASH_OPENING_RE = re.compile(r"^(?P<title>[^—–]{1,60}?)\s+[—–]\s+\S")


def _heading_fact(line: Line) -> str | None:
    """The film a heading or a title label names ("1. Heat (1995)", "Film: Mediterraneo")."""
    if line.kind != "fact" or not line.facts or len(line.facts) > 2:
        return None
    title = next((str(value) for field, value in line.facts if field == "title"), None)
    return title_of(title, heading=True) if title is not None else None


#: "Do–So 19:30, Mo+Mi 20:00": a cinema programme's showtimes.
_SHOWTIME_RE = re.compile(r"(?<![\d.,])(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d.,]\d)")
_PIECES_RE = re.compile(r"\s+[·•|]\s+")


def programme_line(text: str) -> bool:
    """A cinema programme's line between a film's title and its capsule: its showtimes
    ("täglich 14:45 und 17:00") or its info ("USA 2024 · 96 Min. · FSK 0")."""
    if text.rstrip().endswith((".", "!", "?")) and not text.rstrip().endswith("Min."):
        return False
    words = text.split()
    if _SHOWTIME_RE.search(text) and len(words) <= 12:
        return True
    pieces = _PIECES_RE.split(text)
    return (
        len(pieces) >= 3
        and all(len(piece.split()) <= 4 for piece in pieces)
        and sum(any(ch.isdigit() for ch in piece) for piece in pieces) >= 2
    )


def _title_before(lines: list[Line], pos: int) -> str | None:
    """A title-like heading line just before ``pos`` (only facts, blanks or a programme's
    showtimes and info between)."""
    credited = False
    for line in reversed(lines[:pos]):
        named = _heading_fact(line)
        if named is not None:
            return named  # "1. Heat (1995)", read as the page's own heading, heads a capsule
        if line.kind in ("blank", "fact") or (line.score and line.score.kind == "category"):
            credited = credited or (line.kind == "fact" and _credits(line))
            continue
        if _CREDIT_LINE_RE.match(line.text):
            continue
        if line.kind in ("skip", "prose") and line.score is None and programme_line(line.text):
            continue
        if line.kind == "skip" and not line.closed:
            title = title_of(line.text, heading=True)
            if title is None and credited and _NUMBER_TITLE_RE.fullmatch(line.text.strip()):
                return line.text.strip()  # "8½" / "Italia, 1963 · b/n · 138'" / "Regia di …"
            return title
        return None
    return None


#: A title made of figures ("8½", "1917", "2046", "9"), only read right above its credits.
_NUMBER_TITLE_RE = re.compile(r"\d[\d½¼¾]{0,3}")
_CREDIT_FIELDS = frozenset({"year", "runtime", "directors"})


def _credits(line: Line) -> bool:
    """A credits line under a film's title: its year, runtime or director."""
    return any(field in _CREDIT_FIELDS for field, _ in line.facts or ())


def _segment_title(lines: list[Line], event: int, previous: int) -> str | None:
    """The title heading a review of a page that reviews several films.

    The heading line just before the score line ("SUNRISE MOTEL" / "Rating: 4/5"), else the
    title opening the review's first paragraph ("Brief Encounter (David Lean, 1945) ...") or
    the heading line just before that paragraph.
    """
    by_index = {line.index: pos for pos, line in enumerate(lines)}
    title = _title_before(lines, by_index[event])
    if title is not None:
        return title
    own = _paragraph_opening_title(lines, by_index[event])
    if own is not None:
        return own
    item = _item_head_title(lines, by_index[event])
    if item is not None:
        return item
    opening = _opening_title(lines, previous)
    if opening is not None and not _heading_after_opening(lines, previous, event):
        return opening
    headed: str | None = None
    for pos, line in enumerate(lines):
        if line.index <= previous or line.kind != "prose":
            continue
        if line.index > event and headed is not None:
            break
        # The heading nearest the score wins over a page heading above an introduction.
        headed = _title_before(lines, pos) or headed
        if line.index > event:
            break
    return headed


def _heading_after_opening(lines: list[Line], previous: int, event: int) -> bool:
    """Whether a title heading stands between the first paragraph after line ``previous``
    and the score line ``event``: "GUÍA DE ESTRENOS — Semana del 5 de enero" opens the
    page, "LA SOCIEDAD DE LA NIEVE" heads the capsule, and the capsule's own heading wins."""
    first = next(
        (line.index for line in lines if line.index > previous and line.kind == "prose"), None
    )
    if first is None:
        return False
    return any(
        first < line.index < event
        and line.kind == "skip"
        and not line.closed
        and title_of(line.text, heading=True) is not None
        for line in lines
    )


def _paragraph_opening_title(lines: list[Line], pos: int) -> str | None:
    """The title opening the paragraph a score line closes ("1. The Zone of Interest (UK,
    105 min) — screening 3 of 14" / … / "My mark: 9/10"), below a page's introduction."""
    start = pos
    while start > 0 and lines[start - 1].kind == "prose":
        start -= 1
    if start == pos:
        return None
    title = _opening_line_title(lines[start].text)
    if title is None and start + 1 < pos and without_date(lines[start].text) != lines[start].text:
        # "SABATO 12 LUGLIO — serata speciale" / "Le otto montagne (2022) — di …": the day
        # heads the paragraph, the film's title opens its next line
        title = _opening_line_title(lines[start + 1].text)
    return title


def _opening_line_title(line: str) -> str | None:
    text = without_date(line)  # "Week 2 — Rashomon (…)": the week is no title
    opening = _CREDIT_OPENING_RE.match(text) or _DASH_OPENING_RE.match(text)
    if opening is None:
        shouted = _SHOUTED_CREDIT_RE.match(text)
        if shouted is not None and looks_like_name(shouted.group("name")):
            return title_of(shouted.group("title"), heading=True)  # "ANORA de Sean Baker. …"
    return title_of(opening.group("title"), heading=True) if opening is not None else None


#: "ANORA de Sean Baker. Une strip-teaseuse…", "THE SUBSTANCE by Coralie Fargeat, …": a post
#: or capsule opening on its film's title in capitals and the name of its director.
_SHOUTED_CREDIT_RE = re.compile(
    r"^(?P<title>[A-Z0-9ÀÂÇÉÈÊËÎÏÔÖÙÛÜÑÁÍÓÚ][A-Z0-9ÀÂÇÉÈÊËÎÏÔÖÙÛÜÑÁÍÓÚ '’:&!?-]{1,60}?)\s+"
    rf"(?:{'|'.join(re.escape(word) for word in CREDIT_WORDS)})\s+"
    r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})[.,:;]\s"
)


def _item_head_title(lines: list[Line], pos: int) -> str | None:
    """The title heading the item a score line closes: the first line of its block starts
    with a rank or a channel ("#2 — O Som ao Redor (2012)" / a credit / the capsule / "Nota:
    9,5"; "Ch. 42  SPIRITED AWAY" / "2001 · 125 min" / … / "Our rating: ★★★★★")."""
    start = pos
    while start > 0 and lines[start - 1].kind != "blank":
        start -= 1
    if start == pos:
        return None
    head = lines[start].text
    credited = _BULLETED_CREDIT_RE.match(head)
    if credited is not None and looks_like_name(credited.group("name")):
        return title_of(credited.group("title"), heading=True)  # "• Le Grand Bleu — Luc …"
    return item_title(head)


#: "• Le Goût des autres — Agnès Jaoui, 2000, 1 h 52": a bulleted item heading its capsule
#: with the film's title, a dash, its director's name and the year.
_BULLETED_CREDIT_RE = re.compile(
    r"^[•▪‣*-]\s+(?P<title>[^—–]{1,60}?)\s+[—–]\s+(?P<name>[^,—–]{3,40}),\s*"
    r"(?:18|19|20)\d{2}\b"
)


def _opening_title(lines: list[Line], previous: int) -> str | None:
    """The title opening the first paragraph after line ``previous``: "Brief Encounter
    (David Lean, 1945) Celia Johnson and…"."""
    for line in lines:
        if line.index <= previous or line.kind != "prose":
            continue
        text = without_date(line.text)
        opening = _CREDIT_OPENING_RE.match(text)
        if opening is not None:
            return title_of(opening.group("title"))
        dashed = _DASH_OPENING_RE.match(text)
        return title_of(dashed.group("title"), heading=True) if dashed is not None else None
    return None


#: "Argylle. Do not bother.": a post opening on a bare title, a sentence of its own.
_BARE_TITLE_SENTENCE_RE = re.compile(r"^(?P<title>[^.!?]{1,60}?)[.!?]\s+[A-Z]")


def _sentence_title(lines: list[Line], previous: int) -> str | None:
    """The title a review's first paragraph opens with as a sentence of its own, written
    like a title (capitalized words, at most six); only read on a page whose other reviews
    name their films."""
    for line in lines:
        if line.index <= previous or line.kind != "prose":
            continue
        found = _BARE_TITLE_SENTENCE_RE.match(line.text)
        if found is None or len(found.group("title").split()) > 6:
            return None
        return title_of(found.group("title"))
    return None


def _cited(lines: list[Line], previous: int, event: int) -> str | None:
    """The one film cited with its year ("rever TABU (2012), a preto e branco") in the lines
    from the review before up to this review's score."""
    texts = [
        line.text
        for line in lines
        if previous < line.index <= event and line.kind in ("prose", "skip", "score")
    ]
    return cited_title(texts)


def _titles(lines: list[Line], events: list[Line]) -> list[str | None]:
    """Each review's film: named on its score line, or by the heading of its section.

    Section headings only count when no score line names its film and every review has a
    heading, all different (a roundup or a capsule guide); a lone heading over one review of
    several is something else (a name, the page's own heading). Failing those, each review's
    one film cited with its year counts, when every review cites a different one.
    """
    own = [event.score.title if event.score is not None else None for event in events]
    if len(events) < 2:
        return own
    if any(own):
        by_index = {line.index: pos for pos, line in enumerate(lines)}
        previous = -1
        filled: list[str | None] = []
        for event, title in zip(events, own, strict=True):
            filled.append(
                title
                or _item_head_title(lines, by_index[event.index])
                or _opening_title(lines, previous)
                or _sentence_title(lines, previous)
                or _cited(lines, previous, event.index)
            )
            previous = event.index
        return filled
    headed: list[str | None] = []
    previous = -1
    for event, title in zip(events, own, strict=True):
        headed.append(title or _segment_title(lines, event.index, previous))
        previous = event.index
    named = [title for title in headed if title is not None]
    if len(named) == len(headed) and len(set(named)) == len(named):
        return headed
    # "… para rever TABU (2012), a preto e branco": each review citing one film of its own
    # with its year, when headings do not tell the films apart (a page or section heading).
    cited: list[str | None] = []
    previous = -1
    for event in events:
        cited.append(_cited(lines, previous, event.index))
        previous = event.index
    found = [title for title in cited if title is not None]
    if len(found) == len(cited) and len(set(found)) == len(found):
        return cited
    return own


def _review_facts(lines: list[Line], segments: _Segments, count: int) -> list[Facts | None]:
    """Each review's own fact lines, on a page reviewing several films (None when a review
    has none, or when the facts are shared by every review)."""
    builders = [FactsBuilder() for _ in range(count)]
    seen = [False] * count
    for line in lines:
        if line.facts and (line.kind == "fact" or line.score is not None):
            number = segments.of(line.index)
            builders[number].add(line.facts)
            seen[number] = True
    if sum(seen) < 2:
        return [None] * count
    return [
        builder.build() if found else None for builder, found in zip(builders, seen, strict=True)
    ]


def build_reviews(lines: list[Line]) -> tuple[ParsedReview, ...]:
    events = _events(lines)
    segments = _Segments(lines, events)
    count = max(len(events), 1)
    texts: list[list[str]] = [[] for _ in range(count)]
    categories: list[dict[str, float]] = [{} for _ in range(count)]
    authors: list[str | None] = [None] * count
    for index, text in paragraphs(lines):
        texts[segments.of(index)].append(text)
    names: list[str] = []
    for event_number, event_line in enumerate(events):
        signed = event_line.score.author if event_line.score is not None else None
        if signed:
            authors[event_number] = signed
    for line in lines:
        if line.kind == "prose" and line.author and line.score is None:
            number = segments.of(line.index)
            authors[number] = authors[number] or line.author
    for pos, line in enumerate(lines):
        score = line.score
        if score is not None and score.kind == "category" and score.label:
            categories[segments.of(line.index)].setdefault(score.label, score.value)
        if line.kind == "author" and line.author:
            names.append(line.author)
            if _is_sign_off(lines, pos):
                number = segments.of(line.index - 1)
            else:
                number = segments.for_author(line.index)
            authors[number] = authors[number] or line.author
    if not events and not texts[0] and not categories[0]:
        return ()
    if len(set(names)) == 1:
        authors = [author or names[0] for author in authors]
    titles = forum_titles(lines, events, _titles(lines, events)) if events else [None]
    authors = forum_posters(lines, events, authors) if events else authors
    own_facts = _review_facts(lines, segments, count) if count > 1 else [None] * count
    reviews: list[ParsedReview] = []
    for number in range(count):
        event = events[number].score if events else None
        reviews.append(
            ParsedReview(
                author=authors[number],
                score=event.value if event else None,
                raw_score=event.raw if event else None,
                categories=categories[number],
                text="\n\n".join(texts[number]),
                title=titles[number],
                facts=own_facts[number],
            )
        )
    return tuple(reviews)
