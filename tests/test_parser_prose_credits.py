"""The director, and the length, credited in a sentence of the writer's prose on a page
with no credits line; a page crediting two films' directors credits no one."""

from __future__ import annotations

from bot.parsing import parse_document


def _facts(text: str) -> tuple[tuple[str, ...], int | None]:
    facts = parse_document(text).facts
    return facts.directors, facts.runtime_minutes


def test_a_director_and_length_in_one_sentence() -> None:
    text = (
        "Why is there no music in Jaws' quiet scenes?\n\n"
        "The film, directed by Steven Spielberg, runs 124 minutes, and John Williams\n"
        "keeps the theme for the moments the shark is near.\n"
    )
    assert _facts(text) == (("Steven Spielberg",), 124)


def test_two_directors_joined_by_and() -> None:
    text = (
        "A question about Fargo.\n\n"
        "Written and directed by Joel Coen and Ethan Coen, it never once explains\n"
        "the money in the snow.\n"
    )
    assert _facts(text) == (("Joel Coen", "Ethan Coen"), None)


def test_italian_credit_with_hours_and_minutes() -> None:
    text = (
        "Verbale della serata cinema.\n\n"
        "È stato proiettato Il sorpasso, regia di Dino Risi, 1 h 45, in cortile. I presenti\n"
        "hanno gradito.\n"
    )
    assert _facts(text) == (("Dino Risi",), 105)


def test_a_length_in_another_sentence_is_not_taken() -> None:
    text = (
        "A poster of a film directed by Alfred Hitchcock.\n"
        "The tube it ships in is 40 minutes from the post office, 90 minutes by bus.\n"
    )
    assert _facts(text) == (("Alfred Hitchcock",), None)


def test_two_films_directors_name_no_one() -> None:
    text = (
        "Double bill tonight.\n\n"
        "First a film directed by Agnès Varda, then one directed by Jacques Demy.\n"
    )
    assert _facts(text) == ((), None)


def test_a_credits_line_wins_over_the_prose() -> None:
    text = (
        "Directed by Céline Sciamma · 2019 · 122 minutes\n\n"
        "Often compared to a film directed by Jane Campion, but it is its own thing.\n"
    )
    assert _facts(text) == (("Céline Sciamma",), 122)


def test_a_lower_case_word_after_the_phrase_is_no_name() -> None:
    text = "The whole thing feels directed by committee, and it shows.\n"
    assert _facts(text) == ((), None)
