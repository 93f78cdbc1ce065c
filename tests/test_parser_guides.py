"""Entries of a reference film guide, their inverted titles read back in the usual order."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.guides import guide_entry, uninverted

_GUIDE = (
    "THE POCKET GUIDE\n\n"
    "Ratings run from ★★★★ (a classic) down to ★½; BOMB marks the worst.\n\n"
    "Conversation, The (1974) C-113m. ★★★½ D: Francis Ford Coppola. Gene Hackman,\n"
    "John Cazale. A surveillance expert who trusts nobody.\n\n"
    "Paris, Texas (1984) C-145m. ★★★★ D: Wim Wenders. Harry Dean Stanton. A man walks\n"
    "out of the desert.\n\n"
    "Ishtar (1987) C-107m. BOMB D: Elaine May. Warren Beatty, Dustin Hoffman.\n"
)


def test_guide_entries_are_scores_of_their_films_on_the_legend_s_scale() -> None:
    reviews = parse_document(_GUIDE).reviews
    assert [(r.title, r.score, r.raw_score) for r in reviews if r.score is not None] == [
        ("The Conversation", 8.75, "★★★½"),
        ("Paris, Texas", 10.0, "★★★★"),
    ]
    assert reviews[0].facts is not None and reviews[0].facts.runtime_minutes == 113


def test_articles_of_every_language_move_back_in_front() -> None:
    assert uninverted("Conversation, The") == "The Conversation"
    assert uninverted("Règle du jeu, La") == "La Règle du jeu"
    assert uninverted("Eclisse, L'") == "L'Eclisse"
    assert uninverted("Paris, Texas") == "Paris, Texas"


def test_a_line_that_is_no_guide_entry() -> None:
    assert guide_entry("Heat (1995) is 170m of Mann at his best. ★★★★") is None
    entry = guide_entry("▶ Heaven's Gate (1980) C-219m. ★½ D: Michael Cimino.")
    assert entry is not None and (entry.title, entry.minutes, entry.stars) == (
        "Heaven's Gate",
        219,
        "★½",
    )
