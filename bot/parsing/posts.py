"""Forum threads: the header opening each post, and the film a thread or a post names.

A post's header ("#1 — kinogaenger77, 14.11.2022, 21:12", "Messaggio #2 — elenamovies —
3 marzo, 23:45", "postado por marina_rj em 10/11/2024 às 20:41", "Beitrag von kinomaus »
12.03.2024, 10:12", "Post #2", "Re: Heat (1995)") starts a new post: each post holds its
own poster's score and is signed by the poster, and the header is never the film's title.
The film is what the post names, or else what the thread's subject names ("Thema: Im
Westen nichts Neues (2022) – wie fandet ihr ihn?").
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from bot.parsing.cleanup import has_terminal_punctuation
from bot.parsing.inline import title_like, title_of, watched_title
from bot.parsing.lang import POST_WORDS, POSTED_BY, THREAD_LABELS
from bot.parsing.lines import Line
from bot.parsing.values import parse_date

_WORDS = "|".join(sorted(POST_WORDS, key=len, reverse=True))
_BY = "|".join(w.replace(" ", r"\s+") for w in sorted(POSTED_BY, key=len, reverse=True))
#: "#1 — …", "Messaggio #1 — …", "Post #2", "Beitrag 3:".
_NUMBERED_RE = re.compile(
    rf"^(?P<word>(?:{_WORDS})\s*)?(?P<hash>#\s?|n[°º.]\s*)?\d{{1,5}}(?P<rest>(?!\d).*)$",
    re.IGNORECASE,
)
_POSTED_BY_RE = re.compile(
    rf"^(?:{_BY}|(?:{_WORDS})\s+(?:by|from|von|de|di|da|par|por))\s+\S+(?P<rest>.*)$",
    re.IGNORECASE,
)
#: "Posts: 1,204 · Joined: Mar 2015", "Beiträge: 388": the poster's count of posts, which
#: a forum prints under the poster's name at the head of each post.
_STATS_RE = re.compile(rf"^(?:{_WORDS})s?\s*:\s*\d[\d.,]*(?:\s*[·|•,]\s*\S.*)?$", re.IGNORECASE)
#: "Re: Heat (1995)": a reply's subject line.
_REPLY_RE = re.compile(r"^re\s*:\s*(?P<subject>\S.*)$", re.IGNORECASE)
_SEPARATOR_START_RE = re.compile(r"^\s*(?:[—–\-|·•:,]|\b(?:by|von|di|de|da|par|por)\b)")
_TIME_RE = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_NUMERIC_DATE_RE = re.compile(r"\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b")


def _dated(text: str) -> bool:
    return bool(
        _TIME_RE.search(text) or _NUMERIC_DATE_RE.search(text) or parse_date(text) is not None
    )


@functools.lru_cache(maxsize=4096)
def is_post_header(text: str) -> bool:
    """Whether a line is the header of a forum post (its number, poster and time)."""
    text = text.strip().strip("«»[]<>").strip()  # "« Reply #212 on: March 03, 2024 »"
    if not text or len(text) > 120 or len(text.split()) > 14 or "/10" in text:
        return False
    if _REPLY_RE.match(text) is not None or _STATS_RE.match(text) is not None:
        return True
    numbered = _NUMBERED_RE.match(text)
    if numbered is not None and (numbered.group("word") or numbered.group("hash")):
        rest = numbered.group("rest")
        if not rest.strip():
            return bool(numbered.group("word"))  # "Post #2", not "#2"
        if numbered.group("word"):
            return _SEPARATOR_START_RE.match(rest) is not None or _dated(rest)
        # "#1 — kinogaenger77, 14.11.2022", "#2 Lotte_H 14.11.2022 22:40": a bare number
        # needs a date or a time; "#4. Inside Man (2006)" is a rank.
        return not rest.startswith((".", ")")) and _dated(rest)
    posted = _POSTED_BY_RE.match(text)
    return (
        posted is not None and _dated(posted.group("rest")) and not has_terminal_punctuation(text)
    )


_LABELS = "|".join(sorted(THREAD_LABELS, key=len, reverse=True))
_SUBJECT_RE = re.compile(rf"^(?:{_LABELS})\s*[:：]\s*(?P<subject>\S.*)$", re.IGNORECASE)
#: "„Ainda Estou Aqui“ — o que acharam?", "Im Westen nichts Neues (2022) – wie fandet ihr ihn?"
_QUOTED_RE = re.compile(r"^[\"“„«‘']\s*(?P<title>[^\"“”„«»‘’]{1,80}?)\s*[\"”“»’']")
_YEARED_RE = re.compile(r"^(?P<title>[^()]{1,100}?)\s*\(\s*(?:18|19|20)\d{2}\s*\)")
_SUBJECT_SEPARATOR_RE = re.compile(r"\s[–—|-]\s+")


def thread_film(text: str) -> str | None:
    """The film a thread's subject line ("Thema: …", "Re: …") names: in quotes, or followed
    by its year ("Topic: Rewatch thread – The Thing (1982)" names "The Thing")."""
    found = _SUBJECT_RE.match(text.strip()) or _REPLY_RE.match(text.strip())
    if found is None:
        return None
    subject = found.group("subject")
    named = _QUOTED_RE.match(subject) or _YEARED_RE.match(subject)
    if named is None:
        return None
    title = named.group("title").strip(" .,:;-–—")
    pieces = _SUBJECT_SEPARATOR_RE.split(title, maxsplit=1)
    if len(pieces) == 2 and not title_like(title):
        title = pieces[1]  # "Rewatch thread – The Thing (1982)"
    return title if title and any(ch.isalpha() for ch in title) else None


#: "Il sorpasso (1962). Rivisto …": a post opening on its film and the film's year.
_CREDITED_OPENING_RE = re.compile(r"^(?P<title>[^()]{1,80}?)\s*\(\s*(?:18|19|20)\d{2}\s*\)")
#: "Perfetti sconosciuti, finalmente.", "La vita è bella. Mio figlio …": a short opening.
_FRAGMENT_RE = re.compile(r"^(?P<title>[^.,;:!?()]{1,60}?)[.,;!?](?:\s|$)")


def _opening(text: str, *, loose: bool) -> str | None:
    """The film a post's first line opens with: quoted or followed by its year, or (when
    ``loose``) a short fragment of five words at most before the first stop or comma."""
    named = _QUOTED_RE.match(text) or _CREDITED_OPENING_RE.match(text)
    if named is not None:
        return title_of(named.group("title"), heading=True)
    seen = watched_title(text)  # "Watched Heat last night."
    if seen is not None:
        return seen
    fragment = _FRAGMENT_RE.match(text) if loose else None
    if fragment is None or len(fragment.group("title").split()) > 5:
        return None
    return title_of(fragment.group("title"), heading=True)


def _named_by(line: Line | None) -> str | None:
    """The film a post's first line names: a title label ("Film: Heat (1995)"), a film and
    its year, a quoted title or a film said to be seen."""
    if line is None:
        return None
    if line.kind == "fact":
        title = next((str(v) for field, v in line.facts or () if field == "title"), None)
        return title_of(title, heading=True) if title is not None else None
    return _opening(line.text, loose=False)


def _is_header_line(line: Line) -> bool:
    """A post's header among the classified lines ("Posted by kim on …" is an author line)."""
    return line.kind in ("skip", "author") and is_post_header(line.text)


def forum_titles(
    lines: list[Line], events: list[Line], titles: list[str | None]
) -> list[str | None]:
    """Each post's film, in a thread whose posts carry scores: what the post opens with,
    else the film the thread's subject names.

    A post opening on a bare short fragment ("Perfetti sconosciuti, finalmente.") only
    names its film in a thread where another scored post opens on a film and its year or a
    quoted title: the thread's posts then open with their films.
    """
    headers = [line.index for line in lines if _is_header_line(line)]
    if not headers or not events:
        return titles
    thread = next((film for line in lines if (film := thread_film(line.text)) is not None), None)
    openings: list[Line | None] = []
    for event in events:
        header = max((h for h in headers if h < event.index), default=None)
        openings.append(
            next(
                (
                    line
                    for line in lines
                    if header is not None
                    and header < line.index <= event.index
                    and line.kind in ("prose", "score", "skip", "fact")
                    and not line.closed
                ),
                None,
            )
        )
    strict = [_named_by(line) for line in openings]
    loose = any(strict)
    filled: list[str | None] = []
    for title, line, named in zip(titles, openings, strict, strict=True):
        if title is None and line is not None and line.kind != "fact":
            title = named or (_opening(line.text, loose=True) if loose else None)
        filled.append(title or named or thread)
    return filled


#: The poster's handle in a post's header: after its number and a dash ("#1 — kinogaenger77,
#: 14.11.2022"), after "postado por" / "Beitrag von" ("Beitrag von kinomaus » 12.03.2024").
_HANDLE_AFTER_NUMBER_RE = re.compile(
    r"^(?:\S+\s*)?#?\s?\d{1,5}(?:\s*[—–\-|·:]\s*|\s+)(?P<who>[^\W\d][\w.\-]{1,29})"
    r"(?=\s*(?:[,—–\-|·»(]|$)|\s+\d)"
)
_HANDLE_AFTER_BY_RE = re.compile(
    rf"^(?:{_BY}|(?:{_WORDS})(?:\s*#?\s?\d{{1,5}})?\s+(?:by|from|von|de|di|da|par|por))\s+"
    r"(?P<who>[^\W\d][\w.\-]{1,29})(?=\s|,|$)",
    re.IGNORECASE,
)


def poster(text: str) -> str | None:
    """The handle of who wrote a post, from its header, else None."""
    if not is_post_header(text):
        return None
    found = _HANDLE_AFTER_BY_RE.match(text.strip()) or _HANDLE_AFTER_NUMBER_RE.match(text.strip())
    if found is None:
        return None
    who = found.group("who").rstrip(".-")
    return None if who.lower() in POST_WORDS or parse_date(who) else who


def forum_posters(
    lines: list[Line], events: list[Line], authors: list[str | None]
) -> list[str | None]:
    """Each post's critic: the poster its header names, when nothing else signs the review."""
    headers = [(line.index, line.text) for line in lines if _is_header_line(line)]
    if not headers or len(authors) != len(events):
        return authors
    out: list[str | None] = []
    for event, author in zip(events, authors, strict=True):
        header = max((h for h in headers if h[0] < event.index), default=None)
        out.append(author or (poster(header[1]) if header is not None else None))
    return out


def subject_line(line: Line) -> Line:
    """A thread's subject read as the page's heading ("Thema: Heat (1995)") names the film
    it quotes or dates, not "Thema: Heat"."""
    if line.kind != "fact" or not line.facts:
        return line
    film = thread_film(line.text)
    if film is None or not any(field == "title" for field, _ in line.facts):
        return line
    pairs = [(field, film if field == "title" else value) for field, value in line.facts]
    return replace(line, facts=pairs)
