"""Marks out of 100 after the critic's label, read on the scale a legend states; a critic's
own average on her profile is about her, not a film; "her/his/their score" is the critic's."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[str | None, float | None, str | None]]:
    return [
        (r.title, r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None
    ]


_PROFILE = (
    "CRITICS' CORNER › Critics › Sam Ade\n\n"
    "SAM ADE\n"
    "Film critic, The Evening Post · 800 reviews\n"
    "His average score: 61 · He scores lower than 40% of critics\n"
    "{legend}\n\n"
    "RECENT REVIEWS\n\n"
    "Past Lives (2023)\n"
    "His score: 90\n"
    '"A love story told in the spaces between calls."\n\n'
    "Saltburn (2023)\n"
    "His score: 35\n"
    '"All surface, and it knows it."\n'
)


def test_marks_out_of_a_hundred_under_a_legend_saying_so() -> None:
    text = _PROFILE.format(legend="Scores are out of 100.")
    assert _scores(text) == [("Past Lives", 9.0, "90"), ("Saltburn", 3.5, "35")]


def test_marks_above_twenty_without_a_legend_are_no_scores() -> None:
    text = _PROFILE.format(legend="")
    assert _scores(text) == []


def test_a_mark_above_twenty_under_a_twenty_point_legend_is_no_score() -> None:
    text = (
        "Toutes les notes sont sur 20.\n\n"
        "Le Samouraï (1967)\n"
        "Alain Delon, un chapeau, un canari.\n"
        "Note : 45\n"
    )
    assert _scores(text) == []


def test_her_score_is_the_critic_s() -> None:
    text = (
        "Past Lives (2023)\n\nA love story told in the spaces between calls.\n\nHer score: 9/10\n"
    )
    assert _scores(text) == [(None, 9.0, "9/10")]
