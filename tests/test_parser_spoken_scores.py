"""Scores said rather than printed: letter grades in words, scores spelled out in a
transcript, a number out of a scale of any object ("4 out of 5 popcorn buckets"), a score
label saying it is for the film itself ("My rating for the movie: 4/5")."""

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


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        (
            "[00:41:10] RENEE: It's a six and a half out of ten for me. The ending drags.",
            6.5,
            "six and a half out of ten",
        ),
        (
            "[00:41:19] OMAR: I'm lower. Five out of ten, and I won't rewatch it.",
            5.0,
            "Five out of ten",
        ),
        ("Honestly it's a 3 out of 5 for me. Too long by half.", 6.0, "3 out of 5"),
    ],
)
def test_a_score_spoken_in_a_sentence_with_more_talk_after_it(
    line: str, score: float, raw: str
) -> None:
    assert _scores(f"Episode 12: Aftersun\n\n{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "[00:12:00] OMAR: Not me. Eight out of ten, my brother says, and he hated it.",
        "[00:12:00] OMAR: It lost me. Seven out of ten viewers quit, I read somewhere.",
        "[00:12:00] OMAR: Fine. Eight out of ten, according to IMDb users, and I agree.",
        "[00:12:00] OMAR: Heat is a nine out of ten for me. Aftersun is a six.",
        "[00:12:00] OMAR: The Holdovers was a nine out of ten for me. This one, no.",
        "[00:12:00] OMAR: I was unsure. Two out of three, I think, were good.",
    ],
)
def test_spoken_scores_that_are_not_the_speaker_s_own(line: str) -> None:
    assert _scores(f"Episode 12: Aftersun\n\n{line}\n") == []


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("OUR RATING: 3 out of 5 slices of pizza 🍕🍕🍕", 6.0, "3 out of 5 slices of pizza"),
        ("My verdict: 4 out of 5 popcorn buckets", 8.0, "4 out of 5 popcorn buckets"),
        ("Note : 7 sur 10 bobines", 7.0, "7 sur 10 bobines"),
    ],
)
def test_a_labelled_score_out_of_a_scale_of_any_object(line: str, score: float, raw: str) -> None:
    assert _scores(f"Film club: Paddington 2\n\nWe laughed a lot.\n\n{line}\n") == [(score, raw)]


def test_a_labelled_count_out_of_an_unusual_scale_is_no_score() -> None:
    text = "Film club: Paddington 2\n\nWe laughed a lot.\n\nRating: 3 out of 12 sequels\n"
    assert _scores(text) == []


def test_a_count_out_of_a_number_of_people_in_prose_is_no_score() -> None:
    text = (
        "Film club: Paddington 2\n\n"
        "So did 3 out of 5 of my friends, and 4 out of 5 parents cried too.\n"
    )
    assert _scores(text) == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("My rating for the movie: 4/5. A star off for the ending.", 8.0),
        ("Ma note pour le film : 7/10", 7.0),
        ("Meine Wertung für den Film: 6/10", 6.0),
    ],
)
def test_a_score_label_for_the_film_itself(line: str, score: float) -> None:
    text = f"Dinner and a movie: Chef (2014)\n\nCuban sandwiches all round.\n\n{line}\n"
    assert [value for value, _ in _scores(text)] == [score]


def test_a_score_label_for_something_else_on_the_page_is_no_critic_score() -> None:
    text = (
        "Dinner and a movie: Chef (2014)\n\nCuban sandwiches all round.\n\n"
        "My rating for the sandwiches: 5/5\n"
    )
    assert _scores(text) == []
