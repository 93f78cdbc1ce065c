"""A score the writer gives in a sentence of their own.

"honestly I'd give it a solid 7 out of 10. the last hour drags": the score ends a sentence
or a clause ("I'd give it 7/10, the ending drags") that need not be the line's last one. It
counts only in an explicit form (a fraction, "N out of M", stars) spoken in the first
person: read with the same rules as a score closing a line ("I'd give it", "for me it's an
8.5/10."), or after words making it the writer's own anywhere in its sentence ("Pour moi
c'est 7/10.", "Für mich eine glatte 8/10.", "I'd say 7 out of 10."). A score for another
film ("I'd give Heat 9/10.", "For me Heat deserves 9/10." on a page about another film) or
two scores closing sentences or clauses of one line give nothing. Inside a clause, the
line's one explicit score counts right after such words ("para mí un 6/10 porque se me hizo
larga").
"""

from __future__ import annotations

import re

from bot.parsing.inline import (
    EXPLICIT_FORMS,
    InlineScore,
    about_another_film,
    inline_score,
    named_in,
    overall_tail,
    speaks_first_person,
)
from bot.parsing.labels import aggregate_source
from bot.parsing.lang import (
    ABOUT_WORDS,
    ARTICLES,
    CONCLUSION_WORDS,
    COPULAS,
    FILM_WORDS,
    FIRST_PERSON,
    OPINION_VERBS,
    OUT_OF,
    OWN_POSSESSIVES,
    SCORE_VERBS,
    SELF_TAILS,
    STAR_WORDS,
)
from bot.parsing.scorelines import USUAL_SCALES
from bot.parsing.scores import NUMBER_WORDS, ScoreMatch, ends_range_low, match_score

#: A slash, a star or a scale word ("seven out of ten"): without one, no explicit score.
_HINT_WORDS = tuple(w for w in (*OUT_OF, *STAR_WORDS) if w not in ("de", "of"))
_HINT_MARK_RE = re.compile(r"[/★⭐✪✭✮*]")
#: The one-word scale words of the hint, each form spelled out ("stars?": "star", "stars"),
#: to look up among a text's words: one set lookup a word instead of a pattern a position.
_HINT_SINGLE = frozenset(
    form
    for w in _HINT_WORDS
    if " " not in w
    for form in ((w[:-2], w[:-1]) if w.endswith("?") else (w,))
)
_HINT_SEVERAL_RE = re.compile(
    r"\b(?:" + "|".join(w.replace(" ", r"\s+") for w in _HINT_WORDS if " " in w) + r")\b",
    re.IGNORECASE,
)
_WORDS_RE = re.compile(r"\w+")
#: The shortest form of each scale word, first words of several: one of them is in the text
#: whenever one of the words is.
_HINT_STEMS = tuple(
    sorted(
        {w.split()[0] for w in _HINT_WORDS if " " in w} | set(_HINT_SINGLE),
        key=len,
    )
)


def _has_hint_word(text: str) -> bool:
    """Whether ``text`` holds one of the scale words as a word of its own ("stars", "out
    of", "sur"): a set lookup a word rather than a pattern of alternatives a position."""
    lowered = text.lower()
    if not any(word in lowered for word in _HINT_STEMS):
        return False  # none even inside a word: no need to split the text into words
    if not _HINT_SINGLE.isdisjoint(_WORDS_RE.findall(lowered)):
        return True
    return _HINT_SEVERAL_RE.search(lowered) is not None


#: "Eu dou 9 de 10", "a 7 of 10": the scale words too common for the word hint, between
#: two figures.
_HINT_OF_RE = re.compile(r"\d\s+(?:de|of)\s+\d", re.IGNORECASE)
_STOP_RE = re.compile(r"[.!?]+(?=\s+\S)")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for stop in _STOP_RE.finditer(text):
        sentences.append(text[start : stop.end()])
        start = stop.end()
    if text[start:].strip():
        sentences.append(text[start:])
    return sentences


def _first_person(sentence: str) -> bool:
    words = _WORD_RE.findall(sentence.casefold())
    return any(word.replace("’", "'") in FIRST_PERSON for word in words)


def score_in_sentence(text: str) -> InlineScore | None:
    """The writer's own explicit score ending a sentence of ``text``, else None."""
    if len(text) > 600:
        return None
    if (
        _HINT_MARK_RE.search(text) is None
        and not _has_hint_word(text)
        and _HINT_OF_RE.search(text) is None
    ):
        graded = given_grade(text)
        if graded is not None or _COLON_MARK_RE.search(text) is None:
            return graded
        return _labelled_clause(_sentences(text))
    sentences = _sentences(text)
    found = [
        (clause, closing)
        for sentence in sentences
        for clause in _clauses(sentence)
        if (closing := _closing_score(clause))
    ]
    if not found:
        return (
            _tailed(sentences)
            or _opening_clause(sentences)
            or _after_own_words(text)
            or _concluded(text)
            or (_labelled_clause(sentences) if _COLON_MARK_RE.search(text) else None)
        )
    if not found:
        return _labelled_clause(sentences) if _COLON_MARK_RE.search(text) else None
    if len(found) != 1:
        return None  # "I gave it 6/10. then my brother gave it 9/10.": whose is it?
    sentence, (at, score) = found[0]
    said = inline_score(sentence) if len(sentences) > 1 or sentence != text else None
    if said is not None and said.rule == "verb" and said.score.form in EXPLICIT_FORMS:
        return said if _first_person(said.before) or _gives(said.before) else None
    before = sentence[:at]
    names = _own_phrase(before)
    if names is None and _possessed(before):
        names = named_in(before)
    if names is not None and not about_another_film(before) and not _many_raters(sentence):
        return InlineScore(score, "verb", before.strip(), None, names=names)
    if not before.strip():
        return _opening_clause(sentences)
    return _concluded(text)


_TAIL_END_RE = re.compile(
    r"\s+(?:"
    + "|".join(re.escape(t).replace("'", "['’]") for t in sorted(SELF_TAILS, key=len, reverse=True))
    + r")\s*$",
    re.IGNORECASE,
)


def _tailed(sentences: list[str]) -> InlineScore | None:
    """ "It's a seven and a half out of ten for me. The last shot…": the one sentence of the
    line closing on an explicit score and words making it the writer's own, with more
    sentences after it."""
    found: list[tuple[str, int, ScoreMatch]] = []
    for sentence in sentences:
        body = sentence.rstrip(" .!?")
        tail = _TAIL_END_RE.search(body)
        closing = _closing_score(body[: tail.start()]) if tail is not None else None
        if closing is not None and closing[1].scale in (None, *USUAL_SCALES):
            found.append((sentence, *closing))
    if len(found) != 1:
        return None
    sentence, at, score = found[0]
    before = sentence[:at]
    if about_another_film(before) or _many_raters(sentence) or _named_subject(before):
        return None
    return InlineScore(score, "verb", before.strip(), None)


#: "Heat is a", "The Holdovers was an": capitalized words as the subject of the score.
_SUBJECT_RE = re.compile(
    r"(?P<name>[A-Z][\w'’:-]*(?:\s+[A-Z0-9][\w'’:-]*)*)\s+"
    rf"(?:{'|'.join(re.escape(word) for word in COPULAS)})(?!\w)"
)


def _named_subject(before: str) -> bool:
    """Whether the words before a score name a film or person as their subject ("Heat is a
    nine out of ten for me"), rather than "it" or the writer."""
    return any(
        found.group("name").split()[0].casefold().replace("’", "'") not in _LINKS | FIRST_PERSON
        for found in _SUBJECT_RE.finditer(before)
    )


_CLAUSE_RE = re.compile(r"^\s*(?P<clause>[^,;—–]+?)\s*(?:[,;]|\s[—–])\s+(?P<rest>\S.*)$")


def _opening_clause(sentences: list[str]) -> InlineScore | None:
    """ "I'm higher. Eight out of ten, and I'd go up on a rewatch.": a sentence opening on
    an explicit score as a clause of its own, the writer speaking in the rest of it."""
    found: list[tuple[str, ScoreMatch]] = []
    for sentence in sentences:
        clause = _CLAUSE_RE.match(sentence)
        if clause is None:
            continue
        score = match_score(clause.group("clause"))
        if (
            score is not None
            and score.end == len(clause.group("clause"))
            and score.form in ("out_of", "fraction")
            and score.scale in USUAL_SCALES
            and speaks_first_person(clause.group("rest"))
        ):
            found.append((clause.group("rest"), score))
    if len(found) != 1 or _many_raters(found[0][0]):
        return None
    return InlineScore(found[0][1], "verb", "", None)


def _many_raters(text: str) -> bool:
    """ "for me the IMDb 7.6/10 is too low": the score of a site or of many raters."""
    return aggregate_source(text)[0]


_CLAUSE_END_RE = re.compile(r"[,;](?=\s)|\s[—–-](?=\s)")


def _clauses(sentence: str) -> list[str]:
    """The sentence up to each of its clause ends and up to its own end: "I'd give it 7/10,
    the ending drags" gives "I'd give it 7/10" and the whole sentence."""
    return [sentence[: end.start()] for end in _CLAUSE_END_RE.finditer(sentence)] + [sentence]


_OWN_PHRASES = sorted((*SELF_TAILS, *OPINION_VERBS), key=len, reverse=True)
_OWN_PHRASE_RE = re.compile(
    r"(?<![\w'’])(?:" + "|".join(re.escape(p).replace("'", "['’]") for p in _OWN_PHRASES) + r")"
    r"(?![\w'’])[,:]?\s*(?P<next>\S*)",
    re.IGNORECASE,
)


def _own_phrase(before: str) -> tuple[str, ...] | None:
    """ "Pour moi c'est", "Für mich eine glatte", "I'd say": words making what follows the
    writer's own score, and the names the sentence gives it to ("For me Heat deserves" ->
    ("Heat",): the page's score only on a page about Heat); None without such words, or
    when a capitalized word after them names nothing."""
    found = _OWN_PHRASE_RE.search(before)
    if found is None:
        return None
    names = named_in(before)
    return None if found.group("next")[:1].isupper() and not names else names


#: "I stand by my", "bei meinen", "je maintiens mes": the writer's possessive closing the
#: words before the score, maybe with its article ("il mio", "o meu") or "own".
_POSSESSED_RE = re.compile(
    r"(?<![\w'’])(?:"
    + "|".join(re.escape(w) for w in sorted(OWN_POSSESSIVES, key=len, reverse=True))
    + r")(?:\s+(?:own|eigenen?|propres?|propri[oaie]|propi[oa]s?|pr[oó]pri[oa]s?))?\s*$",
    re.IGNORECASE,
)


def _possessed(before: str) -> bool:
    """ "I stand by my three stars out of four.", "Ich bleibe bei meinen 8 von 10 Punkten.":
    a score the writer calls their own with a possessive right before it is their verdict,
    whatever the verb ("my brother's 9/10" and "her 3/5" are someone else's)."""
    return _POSSESSED_RE.search(before) is not None


_ARTICLE_RE = re.compile(r"\s+(?:a|an|un|una|um|uma|une|eine?)$")
_VERBS = sorted(SCORE_VERBS, key=len, reverse=True)


def _gives(before: str) -> bool:
    """ "le doy un", "gli do un": a giving verb of the language tables, spoken by the writer
    even where the language drops the pronoun."""
    text = _ARTICLE_RE.sub("", before.casefold().rstrip())
    return any(
        text.endswith(verb) and (len(text) == len(verb) or not text[-len(verb) - 1].isalnum())
        for verb in _VERBS
    )


_SCORE_START_RE = re.compile(r"(?<![\w.,/])[\d★⭐*]|(?i:\b(?:" + "|".join(NUMBER_WORDS) + r")\b)")


def _closing_score(sentence: str) -> tuple[int, ScoreMatch] | None:
    """(where it starts, the score) of an explicit score closing ``sentence`` before its
    full stop, else None."""
    body = sentence.rstrip(" .!?")
    for start in _SCORE_START_RE.finditer(body, max(len(body) - 40, 0)):
        found = match_score(body, start.start())
        if found is not None and found.end == len(body) and found.form in EXPLICIT_FORMS:
            return None if ends_range_low(body, start.start()) else (start.start(), found)
    return None


def _after_own_words(text: str) -> InlineScore | None:
    """ "yo la vi ayer, para mí un 6/10 porque se me hizo larga": the line's one explicit
    score, inside a clause, right after words making it the writer's own (only an article,
    "it's" or "c'est" and a word of degree between them)."""
    if _OWN_PHRASE_RE.search(text) is None:
        return None
    scores = [
        (start.start(), found)
        for start in _SCORE_START_RE.finditer(text)
        if (found := match_score(text, start.start())) is not None
        and found.form in EXPLICIT_FORMS
        and not ends_range_low(text, start.start())
        and not text[start.start() + len(found.raw) : start.start() + len(found.raw) + 1].isalnum()
    ]
    if len(scores) != 1:
        return None
    at, score = scores[0]
    before, after = text[:at], text[at + len(score.raw) :]
    phrases = list(_OWN_PHRASE_RE.finditer(before))
    if not phrases or phrases[-1].group("next")[:1].isupper():
        return None
    between = before[phrases[-1].start("next") :]
    if any(word.casefold().replace("’", "'") not in _BETWEEN for word in between.split()):
        return None  # "for me the 7.6/10 on IMDb", "for me birthday, 3/4 of the room"
    if _PART_OF_RE.match(after) or _many_raters(text[at:]):
        return None
    return None if about_another_film(before) else InlineScore(score, "verb", before.strip(), None)


#: The few words that may stand between "para mí" and its score: "un", "c'est", "it's an"…
_LINKS_TEXT = """a an un une una um uma ein eine einen it's it is its c'est est es è é ist das this
    that solid clear easy strong firm klare glatte solide clara clair claro chiaro"""
_LINKS = frozenset(_LINKS_TEXT.split())
#: Between "for me" and its score, also the film itself and its verb: "for me the film is a
#: 9 out of 10 on its own", "para mí la película es un 8/10 sin más".
_BETWEEN = _LINKS | frozenset(
    word for word in (*FILM_WORDS, *COPULAS, *ARTICLES) if " " not in word
)
#: "3/4 of the room", "2/3 de la salle": a fraction of something, not a score.
_PART_OF_RE = re.compile(r"^\s+(?:of|de|des|del|der|die|das|di|dos|das|du)\b", re.IGNORECASE)


_GIVING = sorted(
    (verb for verb in SCORE_VERBS if verb.split()[0].replace("’", "'") in FIRST_PERSON),
    key=len,
    reverse=True,
)
#: "I gave it an A-minus", "I'd give it a B+.": a letter grade the writer gives.
_GIVEN_GRADE_RE = re.compile(
    r"(?<![\w'’])(?:" + "|".join(re.escape(v).replace("'", "['’]") for v in _GIVING) + r")"
    r"\s+(?:an?\s+)?(?=[A-DF](?:[-‑ ](?:plus|minus)\b|[+\-−]|[,.;:!?]|\s+grade\b|$))",
    re.IGNORECASE,
)


_GRADE_TOKEN_RE = re.compile(
    r"(?<![\w'’])[A-DF](?:[-‑ ](?:plus|minus)\b|[+\-−]|[,.;:!?]|\s+grade\b|$)"
)


def given_grade(text: str) -> InlineScore | None:
    """ "I gave it an A-minus in my dispatch", "I gave it a B-plus, and …": a letter grade
    right after the writer's own giving verb, anywhere in the line; a bare letter only
    before a stop or the word "grade" ("I gave it a B, …"), never before another word
    ("I gave it a C of my time")."""
    if _GRADE_TOKEN_RE.search(text) is None:
        return None
    found = [m for m in _GIVEN_GRADE_RE.finditer(text) if text[m.end() : m.end() + 1].isupper()]
    if len(found) != 1:
        return None
    at = found[0].end()
    score = match_score(text, at, grades=True)
    before = text[:at]
    if score is None or score.form != "grade" or about_another_film(before):
        return None
    return InlineScore(score, "verb", before.strip(), None)


_CONCLUSIONS = "|".join(
    w.replace(" ", r"\s+") for w in sorted(CONCLUSION_WORDS, key=len, reverse=True)
)
#: "anyway 8/10, docking points…", "donc 3/5 pour l'instant, à revoir": a word concluding the
#: writer's talk at the start of a clause, then the score.
_CONCLUDED_RE = re.compile(
    rf"(?:^|[.!?;,:…]\s+|\s)(?:{_CONCLUSIONS})[,:]?\s+(?=[\d★⭐])", re.IGNORECASE
)
#: "So 9/10 for Heat": the score given to a name in the rest of its clause.
_FOR_NAME_RE = re.compile(
    rf"\b(?:{'|'.join(re.escape(w) for w in ABOUT_WORDS)})\s+(?-i:[A-ZÀ-Þ])", re.IGNORECASE
)
#: Each concluding phrase's longest word, for a quick look before the pattern.
_CONCLUSION_HINTS = frozenset(max(w.split(), key=len).casefold() for w in CONCLUSION_WORDS)
#: The rest of the score's clause: words, no figure, up to a stop or the end.
_CLAUSE_REST_RE = re.compile(r"[^\d.,;!?/]*(?:[.,;!?]|$)")


def _concluded(text: str) -> InlineScore | None:
    """ "the LAST SHOT. anyway 8/10, docking points only because my laptop…": the line's one
    score in an explicit form on a usual scale, right after a word concluding the writer's
    talk at the start of a clause; never a part of something ("so 3/4 of the audience")."""
    folded = text.casefold()
    if not any(word in folded for word in _CONCLUSION_HINTS):
        return None
    found = [
        (match.end(), score)
        for match in _CONCLUDED_RE.finditer(text)
        if (score := match_score(text, match.end())) is not None
        and score.form in ("fraction", "out_of", "stars")
        and score.scale in (None, *USUAL_SCALES)
        and (rest := _CLAUSE_REST_RE.match(text, match.end() + len(score.raw))) is not None
        and not _PART_OF_RE.match(rest.group(0))
        and not _FOR_NAME_RE.search(rest.group(0))
    ]
    if len(found) != 1:
        return None
    at, score = found[0]
    before = text[:at]
    if _many_raters(text[at:]) or about_another_film(before):
        return None
    return InlineScore(score, "verb", before.strip(), None)


#: A colon and a figure: without one, no labelled mark closes a clause.
_COLON_MARK_RE = re.compile(r"[:：]\s*\d")
#: "Dev's mark: 9, with a warning: …": a score label and a plain mark closing a clause.
_LABELLED_MARK_RE = re.compile(
    r"(?:^|[.!?\"”»]\s+)(?P<label>[^\W\d_][\w'’ ]{0,30}?)\s*[:：]\s*"
    r"(?P<mark>(?:10|\d)(?:[.,]5)?)$"
)


def _labelled_clause(sentences: list[str]) -> InlineScore | None:
    """ "The Wicker Man (1973). … Dev's mark: 9, with a warning: the ending…": the one
    clause of the line closing on the critic's score label and a plain mark above 5 (so out
    of ten; "Rating: 4, …" may be out of five)."""
    found: list[tuple[str, ScoreMatch]] = []
    for sentence in sentences:
        if ":" not in sentence and "：" not in sentence:
            continue
        for clause in _clauses(sentence)[:-1]:
            mark = _LABELLED_MARK_RE.search(clause.rstrip())
            if mark is None or not overall_tail(mark.group("label")):
                continue
            if aggregate_source(mark.group("label"))[0]:
                continue
            score = match_score(mark.group("mark"))
            if score is not None and score.amount > 5:  # "Rating: 4, …" may be out of 5
                found.append((clause[: mark.start("label")], score))
    if len(found) != 1:
        return None
    before, score = found[0]
    return InlineScore(score, "labelled", before.strip(), None)
