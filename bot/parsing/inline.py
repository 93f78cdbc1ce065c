"""Scores closing a line that is not a score line of its own.

Real pages put the critic's score at the end of a title ("The Life of Pi - 10/10"), of a
bullet ("Past Lives (2023) — a quiet ache (★★★★½)"), of a capsule ("…finally terrifying.
★★★★") or of a paragraph ("… gorgeous. Verdict: B+"). A candidate is a score expression
that reaches the end of the line; the rules below decide from its context whether it is the
critic's score. Only the end of a line is read: a score in the middle of a sentence ("which
I gave 6/10 at the time") is always prose.

The rules, in order (each one is explained by a test in tests/test_parser.py):

``labelled``  a score label with a colon just before it ("Grade: A", "Wertung: 8,5/10").
``title``     the rest of the line reads as a film title (capitalized words, a year...).
``verb``      words handing out the writer's own score stand just before it ("I give it"),
              or the writer speaks in the sentence and puts an article before a bare mark
              ("I'm at a solid 7", "io sono più a un 6"), or the sentence is nothing but the
              mark ("Easily a 9."), or the writer's score label and its verb stand before
              it ("My rating is 8."), or a German verb of giving closes the writer's
              sentence ("Ich würde eine 7 geben."). A second thought after it ("a 7, maybe
              7.5") and the film as the object of giving ("… à ce film") are left aside;
              a sentence naming a film ("For me Heat is a 9/10.") carries the name, which
              must be the page's film (see ``bot.parsing.context``).
``sentence``  the score follows a finished sentence or a dash, and its form is explicit;
              in brackets right after a name inside a sentence it is about that film.

Two rules read a score that does not end its line: ``opening`` ("Anatomy of a Fall ★★★★½ —
a puzzle…": a title, its score, then a dash and the capsule) and a diary line giving its
stars before the film ("★★★★½ Past Lives", :func:`leading_title_score`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from bot.parsing.headings import TIME_MARK_RE as _TIME_MARK_RE
from bot.parsing.labels import aggregate_source, is_overall_label
from bot.parsing.lang import (
    AND_WORDS,
    ARTICLES,
    CALENDAR_WORDS,
    CLOSING_VERBS,
    COPULAS,
    FILM_PHRASES,
    FILM_WORDS,
    FIRST_PERSON,
    HEDGE_WORDS,
    SCORE_LABELS,
    SCORE_VERBS,
    SELF_TAILS,
    WATCH_VERBS,
    is_self_tail,
)
from bot.parsing.scorelines import USUAL_SCALES, is_score_label
from bot.parsing.scores import NUMBER_WORDS, ScoreMatch, ends_range_low, match_score

#: Words just before a fraction that make it a date, a time or a count ("on 5/10").
_BLOCKING_TEXT = """on by until till since from before after at between around about approximately
    nearly almost top number no. rank ranked page chapter season episode week day
    mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday
    saturday sunday jan feb mar apr jun jul aug sep sept oct nov dec"""
BLOCKING_WORDS = frozenset(_BLOCKING_TEXT.split())
#: Longest first, so that "eu dou" is found rather than "dou".
_SCORE_VERBS = sorted(SCORE_VERBS, key=len, reverse=True)
#: Forms that need no label: fractions, "out of", "N stars" and star glyphs.
EXPLICIT_FORMS = frozenset({"fraction", "out_of", "n_stars", "stars"})

_NUMBER_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_GRADE_START_RE = re.compile(r"(?<![\w+\-])[A-DF](?=[+\-−]?\W*$)")
#: Initials ("JW", "R.K.") or a name signing a capsule off.
SIGNATURE = r"(?:[A-Z]\.?){2,3}|[A-Z][a-z][\w.'’-]*(?:\s+[A-Z][\w.'’-]+){0,2}"
_SIGN_OFF_RE = re.compile(rf"\s+[—–]\s*(?P<who>{SIGNATURE})$")
_TRAILING_RE = re.compile(r"[\s.!)\]]*$")
#: "Grade: A", "Il mio voto? 8.": a score label, then a colon (or its question), then the score.
_LABEL_BEFORE_RE = re.compile(r"(?P<label>[^\W\d_][\w'’ ]{0,30}?)\s*[:：?]\s*[(\[]?\s*$")
#: "Gore: 2/5 ·": a labelled score closing a piece of a row, as sub-ratings are written.
_LABELLED_SCORE_PIECE_RE = re.compile(
    r"[^\W\d_][\w'’ ]{0,30}?\s*[:：]\s*(?:\d{1,3}(?:[.,]\d{1,2})?\s*/\s*\d{1,3}|[★⭐✪☆½*]{1,10})"
    r"\s*[·|•;,]"
)
_DASH_END_RE = re.compile(r"\S\s+[-–—:]\s*$")
#: What may stand between a title and its score: a dash, a colon, a bracket, dot leaders.
_SEPARATOR_END_RE = re.compile(r"(?:\s[-–—|~:]|[:(\[]|^[-–—~]|\s?(?:\.{3,}|…+))\s*[(\[]?\s*$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)]*\s*[(\[]?\s*$")
_LEADING_MARK_RE = re.compile(
    r"^(?:[-•·▪*]\s+|\d{1,3}[.)]\s+|#\d{1,3}[.)]?\s+|(?:no\.?|n[º°])\s*\d{1,3}\s*[.)—–:-]?\s+"
    r"|\[\d{1,3}\]\s+|(?:[IVX]{1,5})[.)]\s+(?=[A-Z0-9])|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*[-–—:]\s*"
    r"|\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\s+|\d{1,2}\s+[—–]\s+)",
    re.IGNORECASE,
)
#: Pictographs decorating a line ("🎬 02 — Anatomy of a Fall ⭐⭐⭐⭐½ ❤️"); star glyphs stay.
_DECORATION_RE = re.compile(
    r"^(?:[\U0001F000-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\uFE0F\u200d](?<![★⭐✪✭✮☆])\s*)+"
    r"|(?:\s*[\U0001F000-\U0001FAFF\u2190-\u21FF\u2600-\u27BF\uFE0F\u200d](?<![★⭐✪✭✮☆]))+$"
)
#: A diary entry's date ("03/01 Grand Tour ★★★"): what follows is a title, even in sentence case.
_CALENDAR = "|".join(sorted(CALENDAR_WORDS, key=len, reverse=True))
_CALENDAR_SET = frozenset(CALENDAR_WORDS)
#: "Nov 06 Perfect Blue", "Thu 06 — Paprika", "6 nov. Cure", "Fr 01.03. – Dune", "3. März –
#: Dune": a diary's date before its title ("3. May December" is a rank and a title).
CALENDAR_MARK_RE = re.compile(
    rf"^(?:(?:{_CALENDAR})\.?\s+(?:[12]\d|3[01]|0?[1-9])\s+(?:{_CALENDAR})\.?"
    r"(?:\s*[—–:·|-]\s+(?=\S)|\s*$)"
    rf"|(?:{_CALENDAR})\.?\s+(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    r"(?:[./]\d{1,2}\.?(?:\d{2,4})?)?\s*[—–:·|-]?\s+(?=\S)"
    rf"|(?:[12]\d|3[01]|0?[1-9])\s+(?:{_CALENDAR})\.?\s*[—–:·|-]?\s+(?=\S)"
    rf"|(?:[12]\d|3[01]|0?[1-9])\.\s+(?:{_CALENDAR})\.?\s*[—–:·|-]\s+(?=\S)"
    r"|\d{1,2}[./]\d{1,2}\.(?:\d{2,4})?\s*[—–:·|-]\s+(?=\S))",
    re.IGNORECASE,
)
_DATE_MARK_RE = re.compile(
    r"^\d{1,2}[/.]\d{1,2}(?:[/.]\d{2,4})?\s+|" + CALENDAR_MARK_RE.pattern[1:], re.IGNORECASE
)
_EARLY_DIGIT_RE = re.compile(r"^\D{0,12}\d")


def _date_marked(text: str) -> bool:
    """Whether ``text`` opens with a diary's date ("03/01 …", "Nov 06 …")."""
    return _EARLY_DIGIT_RE.match(text) is not None and _DATE_MARK_RE.match(text) is not None


def without_date(text: str) -> str:
    """``text`` without the diary date opening it ("Nov 06 Perfect Blue" -> "Perfect Blue")."""
    return CALENDAR_MARK_RE.sub("", text) if _EARLY_DIGIT_RE.match(text) else text


_PARENS_RE = re.compile(r"\s*\([^()]*\)")
#: "Segundo premio (Isaki Lacuesta, 2024)": a year in brackets marks what precedes as a title,
#: even in sentence case.
#: "(1995)", "(Michael Mann, 1995)", "(1970, Jean-Pierre Melville)": a film's credit bracket.
_YEAR_PARENS_RE = re.compile(r"\([^()]*\b(?:18|19|20)\d{2}(?:\)|,\s[^()]*\))")
#: "“Dazzling” — The Times ★★★★★": a quotation followed by who said it is a press quote.
_PRESS_QUOTE_RE = re.compile(r"[“\"«][^“”\"«»]{2,}[”\"»]\s*[-–—,:]?\s*[^\W\d_]")
#: "I give it a 9", "le doy un 9", "ich gebe eine 8": the article before a plain number.
_ARTICLE_END_RE = re.compile(r"\s+(?:a|an|un|una|um|uma|une|eine?|uno|solid|solide)$")
#: "I'm at a solid 7/10": an article (and a word or two of degree) before the writer's score.
_OWN_ARTICLE_RE = re.compile(
    r"\s(?:a|an|un|une|una|um|uma|eine?)(?:\s+(?:solid|strong|easy|generous|firm|hard|soft|low"
    r"|high|good|clear|healthy|bare|very|mere|weak|big|fat))?\s*$"
)
#: "8/10 for me.": words making the score the writer's own, after it at the end of a line.
_SELF_TAIL_END_RE = re.compile(
    rf"\s+(?:{'|'.join(re.escape(t) for t in sorted(SELF_TAILS, key=len, reverse=True))})[\s.!)]*$",
    re.IGNORECASE,
)
_HEDGES = "|".join(w.replace(" ", r"[ \t]+") for w in sorted(HEDGE_WORDS, key=len, reverse=True))
#: "a 7, maybe 7.5", "7/10, peut-être 8": a second thought after the score; the first counts.
_HEDGE_END_RE = re.compile(
    rf",?[ \t]+(?:{_HEDGES})[ \t]+(?:(?:a|an|un|une|una|um|uma|eine?)[ \t]+)?"
    r"\d{1,3}(?:[.,]\d{1,2})?½?(?:[ \t]*/[ \t]*\d{1,3})?[\s.!)]*$",
    re.IGNORECASE,
)
_CLOSING_VERBS = sorted(CLOSING_VERBS, key=len, reverse=True)
#: "Ich würde eine 7 geben.": a verb of giving closing the sentence after the score.
_CLOSING_VERB_RE = re.compile(rf"\s+(?:{'|'.join(_CLOSING_VERBS)})[\s.!]*$", re.IGNORECASE)
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?…]\s+)(?=[^.!?…]*$)")


def _sentence_start(text: str) -> int:
    """Where the last sentence of ``text`` starts ("Paula G.: Yo le daría un" is one)."""
    found = _SENTENCE_START_RE.search(text)
    return found.end() if found is not None else 0


_YEAR_TAIL_RE = re.compile(r",?\s*\(?(?:18|19|20)\d{2}\)?$")
_GLYPHS = frozenset("★⭐✪✭✮")
_SMALL_TEXT = """a an the and or of in on at to for from by with vs de la le les el du des da di
    del von van der den und y et ao do dos das em e o os as no na al lo il della im am zum zur
    à au aux en sur sous dans pour par avec con per tra fra por para sin sem com"""
_SMALL = frozenset(_SMALL_TEXT.split())
#: The small words a title may hold between its capitalized ones ("The Man Who Knew Too Much").
SMALL_WORDS = _SMALL


@dataclass(frozen=True)
class InlineScore:
    """A critic's score found at the end of a line."""

    score: ScoreMatch
    rule: str
    """Which rule accepted it: "labelled", "title", "verb", "sentence" or "opening"."""
    before: str
    """The line before the score (without separators)."""
    title: str | None
    """The film the line names, when it names one."""
    author: str | None = None
    """Initials or a name signing the line off after the score ("— JW")."""
    names: tuple[str, ...] = ()
    """Names the writer's sentence gives its score to ("For me Heat is a 9/10." -> Heat)."""


def title_like(text: str, *, heading: bool = False) -> bool:
    """Whether ``text`` is written like a film title: capitalized words, at most twelve.

    A heading line of its own may be in sentence case ("Le Règne animal"): only its first
    word needs a capital then, and it may have at most eight words.
    """
    words = text.replace("–", " ").replace("—", " ").split()
    if not 1 <= len(words) <= 12 or len(text) > 90:
        return False
    if re.search(r"[.,;?]\s|[.;?]$|https?:", text):
        return False
    if heading and len(words) <= 8 and words[0].lstrip("[¿¡")[:1].isupper():
        return any(ch.isalpha() for ch in text)  # "[REC]", "¡Three Amigos!"
    for index, word in enumerate(words):
        bare = word.strip("\"'“”‘’!:&-[]")
        if not bare:
            continue
        if bare[0].isupper() or bare[0].isdigit():
            continue
        if index and bare.lower() in _SMALL:
            continue
        return False
    return any(ch.isalpha() for ch in text)


#: A heading's title in quotation marks: „Dahomey", « Les Feuilles mortes ».
_QUOTED_TITLE_RE = re.compile(r"^[„“\"«‹]\s*(?P<title>[^„“”\"«»‹›]+?)\s*[“”\"»›]$")


def title_of(subject: str, *, heading: bool = False) -> str | None:
    """The film a title or bullet line names: "5. Cars 2, 2011", "Heat (1995)", "Past Lives
    (Celine Song, 2023) — a quiet ache..." give "Cars 2", "Heat", "Past Lives"."""
    subject = _TIME_MARK_RE.sub("", undecorated(subject))
    heading = heading or _date_marked(subject.strip())
    text = _LEADING_MARK_RE.sub("", without_date(subject.strip())).strip()
    head, *tail = re.split(r"\s+[-—–]\s+|:\s+", text, maxsplit=1)
    # "Ich – Einfach unverbesserlich 4": a heading's subtitle may be in sentence case.
    if tail and not title_like(_PARENS_RE.sub("", tail[0]).strip(" ."), heading=heading):
        text = text if subtitled(_PARENS_RE.sub("", text).strip()) else head
    credited = _YEAR_PARENS_RE.search(text) is not None
    text = _PARENS_RE.sub("", text)
    if heading and text[:1] in '„“"«‹':
        text = _QUOTED_TITLE_RE.sub(r"\g<title>", text.strip())  # „Dahomey" (Mati Diop)
    text = _YEAR_TAIL_RE.sub("", text).strip(" -–—:|,")
    if text.isupper() or text.endswith("!!"):
        text = text.rstrip("!")  # "SULLY!" is shouted; "Mamma Mia!" keeps its own mark
    asked = credited and text.endswith("?") and not text.endswith("??")  # "Que Horas Ela Volta?"
    # "PARIS, TEXAS (Wim Wenders, 1984)": before its credits, a title may hold a comma.
    closing = _YEAR_PARENS_RE.search(subject) if credited else None
    plain, loose = text, heading or credited
    if ", " in text and closing is not None and not subject[closing.end() :].strip(" -–—:|"):
        plain, loose = text.replace(", ", " "), False  # every word capitalized then
    if not text or not title_like(plain[:-1] if asked else plain, heading=loose):
        return None
    if len(text) < 2 and not heading:
        return None  # "A: Big, loud, beautiful. 8/10" is an answer, not the film "A"
    if text.isupper() and len(text) > 3:
        text = " ".join(
            w if i and w.lower() in _SMALL else _capitalized(w)
            for i, w in enumerate(text.lower().split())
        )
    return text


def _capitalized(word: str) -> str:
    """ "HEAT" -> "Heat", "[REC]" -> "[Rec]": the first letter up, the others down."""
    lead = len(word) - len(word.lstrip("[(¿¡\"'“‘«"))
    return word[:lead] + word[lead:].capitalize()


_SUBTITLE_DASH_RE = re.compile(r"\s+[-–—]\s+")


def subtitled(text: str) -> bool:
    """ "Berlinguer - La grande ambizione": a title in title case, a dash, then a subtitle of
    a few words in sentence case (capitalized first word, no sentence punctuation)."""
    parts = _SUBTITLE_DASH_RE.split(text)
    if len(parts) != 2 or not parts[1][:1].isupper() or len(parts[1].split()) > 5:
        return False
    return title_like(parts[0]) and title_like(parts[1], heading=True)


def undecorated(text: str) -> str:
    """``text`` without the pictographs opening or closing it (star glyphs are kept)."""
    text = text.strip()
    if text and (ord(text[0]) >= 0x2190 or ord(text[-1]) >= 0x2190):
        return _DECORATION_RE.sub("", text).strip()
    return text


_MARK_CHAR_RE = re.compile(r"[\d★⭐✪✭✮*½]")
_LETTERS_RE = re.compile(r"[^\W\d_]+")
_NUMBER_WORD_SET = frozenset(word.lower() for word in NUMBER_WORDS)
_NOT_BEFORE_START = frozenset(".,/*★⭐✪✭✮")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what ``\w`` matches


def score_starts(text: str, pos: int = 0) -> list[int]:
    """Where a score expression may start from ``pos`` on: a figure, a star or a number
    word, not joined to what comes before it (a letter, a figure, ``.,/*`` or a star); found
    by character class and word lookup, not by trying every number word at every place."""
    found = [m.start() for m in _MARK_CHAR_RE.finditer(text, pos)]
    found.extend(
        m.start()
        for m in _LETTERS_RE.finditer(text, pos)
        if m.group(0).lower() in _NUMBER_WORD_SET
        and (m.end() == len(text) or not _word_char(text[m.end()]))
    )
    return [
        at
        for at in sorted(found)
        if at == 0 or not (text[at - 1] in _NOT_BEFORE_START or _word_char(text[at - 1]))
    ]


def _candidate(text: str, *, grades: bool) -> tuple[int, ScoreMatch] | None:
    """The leftmost score expression that runs to the end of ``text``."""
    tail_from = max(len(text) - 80, 0)
    for start in score_starts(text, tail_from):
        score = match_score(text, start)
        if score is not None and not text[score.end :].strip(" \t.!)]"):
            return None if ends_range_low(text, start) else (start, score)
    if grades:
        grade = _GRADE_START_RE.search(text, tail_from)
        if grade is not None:
            score = match_score(text, grade.start(), grades=True)
            if score is not None and not text[score.end :].strip(" \t.!)]"):
                return grade.start(), score
    return None


def _explicit(score: ScoreMatch, *, ascii_stars: bool) -> bool:
    if score.form not in EXPLICIT_FORMS:
        return False
    if score.scale is not None and score.scale not in USUAL_SCALES:
        return False
    ascii_only = score.form == "stars" and set(score.raw) <= set("*½/12 ")
    return ascii_stars or not ascii_only


@functools.lru_cache(maxsize=4096)
def inline_score(line: str, *, grade_legend: bool = False) -> InlineScore | None:
    """The critic's score closing ``line``, or None (see the module's rules); else the
    writer's score given mid-sentence ("le doy un 7. Carolina Yuste muy bien")."""
    found = _closing_score(line, grade_legend=grade_legend)
    if found is None and len(line) <= 600:
        return _given_mid_sentence(undecorated(line), None)
    return found


def _closing_score(line: str, *, grade_legend: bool) -> InlineScore | None:
    text = undecorated(line)
    if len(text) < 2 or len(text) > 600:
        return None
    author = None
    signed = _SIGN_OFF_RE.search(text) if ("—" in text or "–" in text) else None
    if signed is not None and signed.start() > 0:
        author = signed.group("who")
        text = text[: signed.start()].rstrip()
    own_tail = _SELF_TAIL_END_RE.search(text, max(len(text) - 40, 0)) if len(text) > 6 else None
    if own_tail is not None:
        text = text[: own_tail.start()]
    hedge = _HEDGE_END_RE.search(text, max(len(text) - 40, 0)) if "," in text[-40:] else None
    if hedge is not None:
        text = text[: hedge.start()]
    film_tail = _FILM_TAIL_RE.search(text, max(len(text) - 40, 0))
    if film_tail is not None:
        text = text[: film_tail.start()]  # "Je donnerais 7/10 à ce film."
    closing = _CLOSING_VERB_RE.search(text, max(len(text) - 20, 0)) if _CLOSING_VERBS else None
    given = _candidate(text[: closing.start()], grades=False) if closing is not None else None
    if given is not None:  # "Ich würde eine 7 geben.": only the writer's own sentence
        before = text[: given[0]]
        score = given[1]
        if _first_person(before) and (_explicit(score, ascii_stars=False) or _plain_mark(score)):
            return InlineScore(score, "verb", before.strip(), None, author, named_in(before))
        return None
    found = _candidate(text, grades=True) or _word_after_label(text)
    if found is None:
        return _opening_score(text, author) or _given_mid_sentence(text, author)
    start, score = found
    before = text[:start]
    copula = _COPULA_END_RE.search(before) if _COPULA_HINT_RE.search(before) else None
    if (  # "My rating is 8.", "Ma note est de 7/10.", "Meine Wertung ist eine 8."
        copula is not None
        and _own_label(copula.group("label"))
        and (_explicit(score, ascii_stars=False) or _plain_mark(score))
    ):
        return InlineScore(score, "verb", before.strip(), None, author)
    own_article = _OWN_ARTICLE_RE.search(before.casefold()) is not None
    if (own_tail is not None or _first_person_article(before) or _mark_sentence(before)) and (
        _explicit(score, ascii_stars=False) or (own_article and _plain_mark(score))
    ):
        return InlineScore(score, "verb", before.strip(), None, author, named_in(before))
    if before.strip() and is_self_tail(before) and _explicit(score, ascii_stars=False):
        return InlineScore(score, "verb", before.strip(), None, author)  # "Von mir 8/10."
    label = _LABEL_BEFORE_RE.search(before)
    if label is not None and (
        overall_tail(label.group("label"))
        or is_overall_label(label.group("label").split()[-1])
        or is_overall_label(label["label"])
    ):
        if aggregate_source(label.group("label"))[0]:
            return None
        subject = before[: label.start()].strip()
        return InlineScore(score, "labelled", subject, None, author)
    if label is not None and _LABELLED_SCORE_PIECE_RE.search(before, 0, label.start()):
        return None  # "Scary bits: 2/5 · Bad language: 1/5 · Humour: 4/5": sub-ratings
    if score.form == "grade" and not (
        (grade_legend and _SENTENCE_END_RE.search(before))
        or (_DASH_END_RE.search(before) and title_of(before.strip(" -–—:")) is not None)
    ):
        return None
    # "… needle drop since “Under Pressure”. Close. 8/10.": a quotation in an earlier
    # sentence of the writer's prose makes no press quote of a score standing alone.
    if _PRESS_QUOTE_RE.search(before) and not (
        _SENTENCE_END_RE.search(before) and _first_person(before[: before.rstrip().rfind(" ")])
    ):
        return None
    lowered = before.casefold().rstrip()
    # "I give it a 7", "le doy un siete sobre diez": an article may stand before any form.
    article = _ARTICLE_END_RE.search(lowered)
    if article is not None:
        lowered = lowered[: article.start()]
    verb = next(
        (
            verb
            for verb in _SCORE_VERBS
            if lowered.endswith(verb)
            and (len(lowered) == len(verb) or not lowered[-len(verb) - 1].isalnum())
        ),
        None,
    )
    givable = _explicit(score, ascii_stars=False) or (
        _plain_mark(score) and (article is not None or _spoken_by_writer(verb))
    )
    if verb is not None and givable:
        return InlineScore(score, "verb", before.strip(), None, author)
    words = before.split()
    if words and words[-1].lower().strip("(#") in BLOCKING_WORDS:
        return None
    subject = _SEPARATOR_END_RE.sub("", before).strip()
    title = title_of(subject) if subject else None
    if title is not None and is_score_label(title):
        title = None  # "Mein Urteil: Ein kluger Film. Acht von zehn." names no film
    titled = _explicit(score, ascii_stars=True) or score.form == "grade"
    if subject and title is not None and titled:
        bare = _TIME_MARK_RE.sub("", subject)
        bare = _PARENS_RE.sub("", _LEADING_MARK_RE.sub("", without_date(bare)))
        bare = _YEAR_TAIL_RE.sub("", bare).strip(" -–—:|,!")
        loose = _YEAR_PARENS_RE.search(subject) is not None or _date_marked(subject)
        loose = loose or subtitled(bare)
        credits = _YEAR_PARENS_RE.search(subject)
        if ", " in bare and credits is not None and not subject[credits.end() :].strip():
            bare, loose = bare.replace(", ", " "), False  # "PARIS, TEXAS (Wim Wenders, 1984)"
        if title_like(bare, heading=loose):
            return InlineScore(score, "title", subject, title, author)
    glyphs = score.form == "stars" and any(ch in _GLYPHS for ch in score.raw)
    ends = (
        not subject or glyphs or _SENTENCE_END_RE.search(before) or _SEPARATOR_END_RE.search(before)
    )
    if about_another_film(before):
        return None
    if ends and (score.form == "grade" or _explicit(score, ascii_stars=False)):
        # "… walked out of. Last week's pick, Barbie, got ★★★.": stars inside a later
        # sentence of a paragraph, naming a film, are that film's unless it is the page's.
        later = glyphs and _sentence_start(before) > 0
        names = named_in(before) if later and not _SENTENCE_END_RE.search(before) else ()
        return InlineScore(score, "sentence", subject, title, author, names)
    return None


_WATCHED_RE = re.compile(
    rf"^(?:{'|'.join(re.escape(v) for v in sorted(WATCH_VERBS, key=len, reverse=True))})\s+"
    r"(?P<title>[^.!?,;]{1,80}?)(?:\s+(?:last night|yesterday|today|tonight|again|at last)\b"
    r"|[.!?,;]|$)",
    re.IGNORECASE,
)


def watched_title(text: str) -> str | None:
    """The film a post opens by saying it was seen: "Rewatched Alien. Still perfect." """
    found = _WATCHED_RE.match(text.strip()) if text else None
    if found is None:
        return None
    words = found.group("title").split()
    for count in range(len(words), 0, -1):  # "Hereditary and regretted it" -> "Hereditary"
        if words[count - 1][:1].isupper() or words[count - 1][:1].isdigit():
            title = title_of(" ".join(words[:count]))
            if title is not None and title.lower() not in _SMALL:  # "Il sorpasso" -> not "Il"
                return title
    return None


#: The most words of a label after a sentence that may name the critic's score ("… anni. Il
#: voto della redazione: 9").
_LABEL_TAIL_WORDS = 4


def overall_tail(label: str) -> bool:
    """Whether ``label``, or its last few words, names the critic's score: "dopo quindici
    anni. Il voto della redazione", "perfect. Tom's mark"."""
    words = label.split()
    return any(
        is_overall_label(" ".join(words[-size:]))
        for size in range(1, min(len(words), _LABEL_TAIL_WORDS) + 1)
    )


#: "Tom's mark: eight.": a number in words, alone after a score label's colon.
_WORD_VALUE_RE = re.compile(
    rf"[:：]\s*(?P<word>(?i:{_NUMBER_WORDS}))[\s.!]*$",
)


def _word_after_label(text: str) -> tuple[int, ScoreMatch] | None:
    """A mark in words closing a labelled line ("Tom's mark: eight."); only read under a
    score label (checked by the caller), as words elsewhere are prose."""
    found = _WORD_VALUE_RE.search(text, max(len(text) - 20, 0)) if ":" in text[-20:] else None
    if found is None:
        return None
    word = found.group("word")
    amount = float(NUMBER_WORDS[word.casefold()])
    start = found.start("word")
    if not overall_tail(text[:start].rstrip(" :：")):
        return None
    return start, ScoreMatch(amount, word, start + len(word), "plain", amount)


def _plain_mark(score: ScoreMatch) -> bool:
    """A plain number that can be a mark out of ten ("a 7", "un 6", "7.5")."""
    return score.form == "plain" and score.amount <= 10


def _spoken_by_writer(verb: str | None) -> bool:
    """ "I give it", "eu dou": a verb of giving spoken by the writer, which may hand out a
    bare number ("I give it 7"); "It earns 9" needs its article."""
    return verb is not None and any(word in FIRST_PERSON for word in verb.split())


#: The dash opening a capsule after a title and its score: "Anatomy of a Fall ★★★★½ — …"
_CAPSULE_DASH_RE = re.compile(r"\s[—–-]\s+(?=\S)")


def _opening_score(text: str, author: str | None) -> InlineScore | None:
    """ "Anatomy of a Fall ★★★★½ — a puzzle with no solution.": a title, an explicit score
    and a dash opening the capsule; the capsule stays the review's text."""
    dash = _CAPSULE_DASH_RE.search(text, 0, 120)
    if dash is None:
        return None
    head = text[: dash.start()].rstrip(" )]")
    found = _candidate(head, grades=False)
    if found is None or not _explicit(found[1], ascii_stars=False):
        return None
    subject = head[: found[0]].rstrip(" ([")
    title = title_of(subject) if subject else None
    bare = _YEAR_TAIL_RE.sub("", _PARENS_RE.sub("", _LEADING_MARK_RE.sub("", subject)))
    if title is None or not title_like(bare.strip(" -–—:|,!")) or is_overall_label(title):
        return None
    return InlineScore(found[1], "opening", text[dash.end() :], title, author)


_GIVEN_RE = re.compile(
    rf"(?<![\w'’])(?:{'|'.join(re.escape(verb) for verb in _SCORE_VERBS)})\s+"
    r"(?:(?:a|an|un|una|um|uma|une|eine?|uno)\s+)?(?=\S)",
    re.IGNORECASE,
)
#: The verbs themselves: one of them must be in the line before the pattern runs.
_GIVEN_VERBS = tuple(verb.casefold() for verb in _SCORE_VERBS)
#: What may follow a score given mid-sentence: a comma, "and" opening a second clause, or
#: the next sentence, with no other number close after it ("a 7, though the costumes…", "le
#: doy un 7. Carolina Yuste muy bien", not "a 7, maybe 8").
_CLAUSE_AFTER_RE = re.compile(
    rf"(?:\s*[,;]|\s+(?:{'|'.join(AND_WORDS)})\s|[.!]\s+(?=[^\W\d_]))(?![^.!?]*\d)",
    re.IGNORECASE,
)


def _given_mid_sentence(text: str, author: str | None) -> InlineScore | None:
    """ "So as a thriller I'd give it a 7, though the costumes…", "le pongo un ocho sobre
    diez y la recomiendo": the writer's verb of giving, its score, then a second clause."""
    folded = text.casefold()
    found = _GIVEN_RE.search(text) if any(v in folded for v in _GIVEN_VERBS) else None
    while found is not None:
        score = match_score(text, found.end())
        if score is not None and _CLAUSE_AFTER_RE.match(text, score.end):
            verb = text[found.start() : found.end()].casefold()
            article = _ARTICLE_END_RE.search(verb.rstrip()) is not None
            if _explicit(score, ascii_stars=False) or (
                _plain_mark(score) and (article or _spoken_by_writer(verb))
            ):
                before = text[: found.end()].strip()
                return InlineScore(score, "verb", before, None, author, named_in(before))
        found = _GIVEN_RE.search(text, found.end())
    return _mark_opening_sentence(text, author)


#: "Un seis, y gracias.", "A solid 7, though…": a sentence opening on its article and mark.
_MARK_OPENING_RE = re.compile(
    r"(?:a|an|un|una|une|um|uma|eine?)\s+"
    r"(?:(?:solid|strong|easy|generous|firm|clear|big|fat|solide|glatte)\s+)?(?=\S)",
    re.IGNORECASE,
)
#: Where a sentence after the first may open.
_SENTENCE_GAP_RE = re.compile(r"[.!?…]\s+")


_WORD_RE = re.compile(r"[^\W\d_]+")


def _number_word(text: str, start: int) -> ScoreMatch | None:
    """ "seis", "seven": a mark written as a number word."""
    word = _WORD_RE.match(text, start)
    value = NUMBER_WORDS.get(word.group(0).casefold()) if word is not None else None
    if word is None or value is None or not 1 <= value <= 10:
        return None
    return ScoreMatch(float(value), word.group(0), word.end(), "plain", float(value))


def _mark_openings(text: str) -> Iterator[re.Match[str]]:
    """Sentences opening on an article (and maybe a word of praise), matched up to the mark."""
    for at in (0, *(gap.end() for gap in _SENTENCE_GAP_RE.finditer(text))):
        found = _MARK_OPENING_RE.match(text, at)
        if found is not None:
            yield found


def _mark_opening_sentence(text: str, author: str | None) -> InlineScore | None:
    for found in _mark_openings(text):
        score = match_score(text, found.end()) or _number_word(text, found.end())
        if score is None or not (_plain_mark(score) or _explicit(score, ascii_stars=False)):
            continue
        after = _CLAUSE_AFTER_RE.match(text, score.end)
        if after is None or after.group(0).strip()[:1] not in (",", ";"):
            continue
        following = _WORD_RE.search(text, after.end())
        if following is None or following.group(0).casefold() not in NUMBER_WORDS:
            before = text[: found.end()].strip()
            return InlineScore(score, "verb", before, None, author)
    return None


def leading_title_score(line: str) -> InlineScore | None:
    """ "★★★★½ Past Lives", "- 8/10 Perfect Days": a diary line giving its score, then the
    film's title (the rest of the line, written like one)."""
    first = line.lstrip(" -•·▪*")[:1]
    if not first or not (first in "★⭐✪✭✮½" or first.isdigit() or ord(first) >= 0x2600):
        return None
    text = _LEADING_MARK_RE.sub("", undecorated(line)).strip()
    if not text or not (text[0] in "★⭐✪✭✮½" or text[0].isdigit()):
        return None
    score = match_score(text)
    if score is None or not _explicit(score, ascii_stars=False):
        return None
    rest = text[score.end :].strip(" -–—:|")
    if not rest or len(rest.split()) > 10:
        return None
    title = title_of(rest)
    bare = _YEAR_TAIL_RE.sub("", _PARENS_RE.sub("", rest)).strip(" -–—:|,!")
    if title is None or not title_like(bare) or is_overall_label(title):
        return None
    return InlineScore(score, "title", "", title)


def _mark_sentence(before: str) -> bool:
    """ "Nothing else came close. Easily a 9.": a sentence that is nothing but a mark, its
    article and a word or two of degree, gives the writer's own score."""
    start = _SENTENCE_START_RE.search(before)
    if start is None:
        return False
    sentence = before[start.end() :]
    words = sentence.split()
    return (
        1 <= len(words) <= 3
        and all(word.isalpha() for word in words)
        and _OWN_ARTICLE_RE.search(" " + sentence.casefold()) is not None
    )


def _first_person_article(before: str) -> bool:
    """ "… worth the ticket. I'm at a solid " : the writer's own sentence handing out a score."""
    return _OWN_ARTICLE_RE.search(before) is not None and _first_person(before)


def _first_person(before: str) -> bool:
    """Whether the writer speaks in the last sentence of ``before`` ("I'm at", "Ich würde")."""
    sentence = before[_sentence_start(before) :]
    words = [
        w.replace("’", "'") for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", sentence.casefold())
    ]
    return any(
        word in FIRST_PERSON and not _someone_of_mine(words, k) for k, word in enumerate(words)
    )


_LOWER_ARTICLES = frozenset(ARTICLES)
#: Capitalized words that name no film: days and months ("On Sunday I'd give it…"), "IMO".
_NOT_NAMES = _CALENDAR_SET | SELF_TAILS
_TOKEN_STRIP = "\"'“”‘’«»„,:;()[]!?"


def named_in(before: str) -> tuple[str, ...]:
    """The names the writer's sentence gives its score to: runs of capitalized words ("For
    me Heat is a" -> ("Heat",), "I think The Holdovers is a" -> ("The Holdovers",)); at the
    start of the sentence, where every word has a capital, two words or more ("The Holdovers
    is a 9/10 for me"). The writer's own words ("I", "I've", "Ich"), the words for the film
    itself, days and months, and a noun after a lower-case article ("Für mich ist das Ende
    eine") name nothing."""
    sentence = before[_sentence_start(before) :]
    runs: list[tuple[list[str], bool]] = []
    run: list[str] = []
    initial = False
    previous = ""

    def close() -> None:
        nonlocal run
        if run:
            runs.append((run, initial))
        run = []

    for index, token in enumerate(sentence.split()):
        bare = token.strip(_TOKEN_STRIP)
        word = bare.casefold().replace("’", "'")
        capital = bare[:1].isupper() or (bool(run) and bare[:1].isdigit())
        if (
            capital
            and word not in FIRST_PERSON
            and not word.startswith("i'")  # "I've"
            and word not in FILM_WORDS
            and word not in _NOT_NAMES
            and not (previous in _LOWER_ARTICLES and not run)
        ):
            initial = initial if run else index == 0
            run.append(bare)
        elif run and word in _SMALL and not token.endswith((",", ";", ":")):
            run.append(bare)  # "The Man Who Knew Too Much", "La Règle du jeu"
        else:
            close()
        previous = token if token.islower() else ""
        if token.endswith((",", ";", ":")):
            close()
    close()
    names = []
    for found, opening in runs:
        while found and found[-1].casefold() in _SMALL:
            found = found[:-1]  # "Heat is a" -> "Heat"
        if found and (not opening or len(found) >= 2):
            names.append(" ".join(found))
    return tuple(names)


#: "… to this film.", "… à ce film.", "… al film.": the film itself as the object of giving.
_FILM_TAIL_RE = re.compile(
    r"\s+(?:"
    + "|".join(w.replace(" ", r"\s+") for w in sorted(FILM_PHRASES, key=len, reverse=True))
    + r")[\s.!]*$",
    re.IGNORECASE,
)
_COPULAS = "|".join(w.replace(" ", r"\s+") for w in sorted(COPULAS, key=len, reverse=True))
#: "My rating is a ", "Ma note est de ": the writer's score label, its verb, maybe an article.
_COPULA_END_RE = re.compile(
    rf"(?:^|[.!?…:;,]\s+)(?P<label>[^\W\d_][\w'’ ]{{0,30}}?)\s+(?:{_COPULAS})\s+"
    r"(?:(?:a|an|un|une|una|um|uma|eine?)\s+)?(?:(?:solid|clear|easy|strong|glatte|solide)\s+)?$",
    re.IGNORECASE,
)
_COPULA_HINT_RE = re.compile(rf"\s(?:{_COPULAS})\s", re.IGNORECASE)


def _own_label(label: str) -> bool:
    """ "My rating", "Ma note", "Il mio voto": a score label the writer calls their own."""
    words = label.casefold().split()
    return any(word in FIRST_PERSON for word in words) and is_overall_label(label)


#: The writer's possessives that may name someone else ("my brother", "meine Frau").
_POSSESSIVES = frozenset({"my", "meine"})


def speaks_first_person(text: str) -> bool:
    """ "and I'd go up on a rewatch": the writer speaking, not someone of theirs ("my
    brother says")."""
    words = [
        w.replace("’", "'") for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", text.casefold())
    ]
    return any(
        word in FIRST_PERSON and not _someone_of_mine(words, k) for k, word in enumerate(words)
    )


def _someone_of_mine(words: list[str], k: int) -> bool:
    """ "My brother says it is a 9/10": "my" before anything but a score word names whose
    opinion it is, and it is not the writer's."""
    if words[k] not in _POSSESSIVES or k + 1 >= len(words):
        return False
    return words[k + 1] not in SCORE_LABELS


_NAMED_BEFORE_BRACKET_RE = re.compile(
    r"(?:^|[a-z,;]\s)(?P<name>[A-Z][\w'’:-]*(?:\s+(?:[A-Z0-9][\w'’:-]*|of|the|and|in))*)\s*[(\[]$"
)


def about_another_film(before: str) -> bool:
    """ "… more than Heat (8/10)": a bracketed score right after a name inside a sentence
    is about that film (or person), not the review's own verdict."""
    text = before.rstrip()
    found = _NAMED_BEFORE_BRACKET_RE.search(text) if text.endswith(("(", "[")) else None
    return found is not None
