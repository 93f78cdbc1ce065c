"""Plain-text tables of films: a score column, an average column and its count."""

from __future__ import annotations

from bot.parsing import parse_document

RANKED = """My decade so far
(scores out of 10)

 #  | Film           | Year | Mins | Score
----+----------------+------+------+------
 1  | Aftersun       | 2022 | 101  | 9.5
 2  | Drive My Car   | 2021 | 179  | 9
"""

SHELF = """Export of my watched shelf. My Rating is out of 5; 0 means not rated.

Title | Year | My Rating | Average Rating | Number of Ratings
Aftersun | 2022 | 5 | 4.20 | 9,120
Barbie | 2023 | 0 | 3.70 | 40,002
"""


def test_the_score_column_scores_each_film_and_rank_and_minutes_are_no_scores() -> None:
    reviews = parse_document(RANKED).reviews
    assert [(r.title, r.score, r.raw_score) for r in reviews] == [
        ("Aftersun", 9.5, "9.5"),
        ("Drive My Car", 9.0, "9"),
    ]


def test_the_page_states_the_column_s_scale_and_zero_is_unrated() -> None:
    doc = parse_document(SHELF)
    assert [(r.title, r.score) for r in doc.reviews] == [("Aftersun", 10.0)]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.4, 9120), (7.4, 40002)]


def test_a_table_without_a_title_column_gives_no_scores() -> None:
    text = "Week | Room | Score\n1 | A | 9\n2 | B | 7\n\nAttendance was good all term.\n"
    assert [r.score for r in parse_document(text).reviews if r.score is not None] == []
