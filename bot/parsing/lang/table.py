"""The shape of one language's table of review words."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Language:
    """Words a review page uses in one language.

    Label patterns are regular expressions matched against a whole normalized (lower-case)
    label; word lists are plain lower-case words.
    """

    code: str
    score_labels: tuple[str, ...] = ()
    """Words naming the critic's own score ("note", "wertung")."""
    score_fillers: tuple[str, ...] = ()
    """Words that may stand around a score label ("notre", "meine", "final")."""
    aggregate_words: tuple[str, ...] = ()
    """Regexes for words naming many raters ("spectateurs", "leser\\w*")."""
    fact_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per fact field ("directors", "cast", "runtime", ...), regexes for its labels."""
    bare_fact_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Labels that may stand without a colon before a name ("Regia di X", "Avec X")."""
    out_of: tuple[str, ...] = ()
    """Words between a score and its scale ("sur", "von", "de")."""
    score_verbs: tuple[str, ...] = ()
    """Phrases that hand out the critic's own score just before it ("I give it")."""
    self_tails: tuple[str, ...] = ()
    """Phrases after a score that make it the writer's own ("9/10 for me")."""
    number_words: dict[str, int] = field(default_factory=dict)
    """Number words up to ten ("trois", "vier"), for "Trois étoiles sur quatre"."""
    point_words: tuple[str, ...] = ()
    """Words naming the unit after "6 von 10" ("Punkten"), which do not imply a scale."""
    star_words: tuple[str, ...] = ()
    vote_units: tuple[str, ...] = ()
    hour_units: tuple[str, ...] = ()
    minute_units: tuple[str, ...] = ()
