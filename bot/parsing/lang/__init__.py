"""Per-language tables of review words, and the unions the parser reads them through."""

from __future__ import annotations

from bot.parsing.lang import de, en, es, fr, it, pt
from bot.parsing.lang.table import Language

LANGUAGES: tuple[Language, ...] = (
    en.LANGUAGE,
    fr.LANGUAGE,
    de.LANGUAGE,
    it.LANGUAGE,
    es.LANGUAGE,
    pt.LANGUAGE,
)


def _union(name: str) -> tuple[str, ...]:
    words: dict[str, None] = {}
    for language in LANGUAGES:
        for word in getattr(language, name):
            words.setdefault(word, None)
    return tuple(words)


SCORE_LABELS = frozenset(_union("score_labels"))
SCORE_FILLERS = frozenset(_union("score_fillers"))
AGGREGATE_WORDS = _union("aggregate_words")
OUT_OF = _union("out_of")
STAR_WORDS = _union("star_words")
DISC_CATEGORY_WORDS = frozenset(_union("disc_category_words"))
FILM_WORDS = frozenset(_union("film_words"))
OTHER_RATED_WORDS = _union("other_rated_words")
CHANNEL_WORDS = _union("channel_words")
CREDIT_WORDS = _union("credit_words")
COPULAS = _union("copulas")
HALF_WORDS = _union("half_words")
POINT_WORDS = _union("point_words")
POSSIBLE_WORDS = _union("possible_words")
VOTE_UNITS = _union("vote_units")
SCORE_VERBS = _union("score_verbs")
NUMBER_WORDS: dict[str, int] = {
    word: value for language in LANGUAGES for word, value in language.number_words.items()
}
SELF_TAILS = frozenset(_union("self_tails"))
FIRST_PERSON = frozenset(_union("first_person"))
WATCH_VERBS = _union("watch_verbs")
ABOUT_WORDS = _union("about_words")
POST_WORDS = _union("post_words")
POSTED_BY = _union("posted_by")
THREAD_LABELS = _union("thread_labels")
COMMENT_HEADINGS = _union("comment_headings")
MAIL_LABELS = frozenset(_union("mail_labels"))
ELSEWHERE_HEADINGS = _union("elsewhere_headings")
ARTICLES = _union("articles")
LEGEND_WORDS = _union("legend_words")
RANGE_WORDS = _union("range_words")
CALENDAR_WORDS = _union("calendar_words")
OPINION_VERBS = _union("opinion_verbs")
QUOTE_WORDS = _union("quote_words")
WROTE_WORDS = _union("wrote_words")
GENRE_WORDS = _union("genre_words")
EITHER_WORDS = _union("either_words")
BETWEEN_WORDS = _union("between_words")
HEDGE_WORDS = _union("hedge_words")
CLOSING_VERBS = _union("closing_verbs")
MEAN_WORDS = _union("mean_words")
ABOVE_WORDS = _union("above_words")
COUNT_PREPOSITIONS = _union("count_prepositions")
FILM_PHRASES = _union("film_phrases")
OWN_POSSESSIVES = frozenset(_union("own_possessives"))
RUNTIME_VERBS = _union("runtime_verbs")
OWNER_WORDS = frozenset(_union("owner_words"))
CATEGORY_NAMES = frozenset(_union("category_words"))
DIRECTOR_PHRASES = _union("director_phrases")
CONCLUSION_WORDS = _union("conclusion_words")


def is_self_tail(text: str) -> bool:
    """ "for me", "(imo)", "für mich!": words after a score that make it the writer's own."""
    return text.strip(" \t()[].!,").casefold() in SELF_TAILS


HOUR_UNITS = _union("hour_units")
AND_WORDS = _union("and_words")
MINUTE_UNITS = _union("minute_units")


def fact_labels() -> dict[str, tuple[str, ...]]:
    """Per fact field, the label regexes of every language."""
    merged: dict[str, dict[str, None]] = {}
    for language in LANGUAGES:
        for key, patterns in language.fact_labels.items():
            merged.setdefault(key, {}).update(dict.fromkeys(patterns))
    return {key: tuple(patterns) for key, patterns in merged.items()}


def bare_fact_labels() -> dict[str, tuple[str, ...]]:
    merged: dict[str, dict[str, None]] = {}
    for language in LANGUAGES:
        for key, patterns in language.bare_fact_labels.items():
            merged.setdefault(key, {}).update(dict.fromkeys(patterns))
    return {key: tuple(patterns) for key, patterns in merged.items()}
