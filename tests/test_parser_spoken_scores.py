"""Scores said rather than printed: letter grades in words, scores spelled out in a
transcript, a number out of a scale of any object ("4 out of 5 popcorn buckets")."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Back in May I gave it an A-minus and it has only grown on me since.", 9.0, "A-minus"),
        ("The second hour sags. I gave it a B-plus, and readers wrote in.", 8.3, "B-plus"),
        ("I'd give it a C minus for the script alone.", 4.2, "C minus"),
        ("Nothing happens, beautifully. I'd give it a B.", 7.5, "B"),
    ],
)
def test_a_letter_grade_the_writer_gives_in_a_sentence(line: str, score: float, raw: str) -> None:
    assert _scores(f"Past Lives, one year on\n\n{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "I gave it a C of my attention and a B of my patience.",  # letters before other words
        "My editor gave it an A-minus; I never would have.",  # someone else's grade
        "I gave Heat an A-minus years ago.",  # another film's grade
        "Grade A beef, a B-movie plot, and I gave it a chance.",
    ],
)
def test_letters_in_a_sentence_that_are_no_grade_of_mine(line: str) -> None:
    assert _scores(f"Past Lives, one year on\n\n{line}\n") == []
