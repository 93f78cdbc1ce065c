"""Aggregates an encyclopedia's "Reception" section reports in prose."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.reception import reception_aggregates

_WIKI = (
    "Close (2022 film)\n\nClose is a 2022 drama film directed by Lukas Dhont.\n\n"
    "Reception\n\nOn the review aggregator website Rotten Tomatoes, 91% of 171 critics'\n"
    "reviews are positive, with an average rating of 7.9/10. Metacritic,\n"
    "which uses a weighted average, assigned the film a score of 81 out of\n"
    '100, based on 36 critics, indicating "universal acclaim".\n\n'
    "It ranked 7th in one national poll and appeared in the top 10 of 14 publications.\n"
)


def test_a_reception_paragraph_gives_each_aggregate_with_its_count() -> None:
    doc = parse_document(_WIKI)
    assert [(a.source, a.score, a.votes) for a in doc.aggregates] == [
        ("Rotten Tomatoes", 9.1, 171),
        ("Rotten Tomatoes", 7.9, 171),
        ("Metacritic", 8.1, 36),
    ]
    assert all(review.score is None for review in doc.reviews)


def test_numbers_in_sentences_naming_no_aggregator_stay_prose() -> None:
    assert reception_aggregates("Nine of 10 friends liked it; 91% of 171 people laughed.") == []
    assert reception_aggregates("I gave it a score of 8 out of 10 based on 2 viewings.") == []


def test_a_film_s_title_then_its_members_average_with_the_ballots_counted() -> None:
    text = (
        "FILM SOCIETY BULLETIN\n\nWHAT YOU THOUGHT LAST TIME\n"
        "Rear Window (1954) — members' average 8.9/10 from 42 ballots\n"
        "Stalker (1979) — members' average 6.1/10 from 29 ballots (11 people left early)\n"
        "Heat (1995) — members' average 7.7/10\n"
    )
    doc = parse_document(text)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.9, 42), (6.1, 29), (7.7, None)]
    assert all(review.score is None for review in doc.reviews)
