"""The writer's score spoken in a sentence with the short scale words ("9 de 10", "nine
out of ten" after "I would give it"), followed by more of the sentence or more sentences."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


def test_i_would_give_it_before_a_spoken_score_followed_by_another_sentence() -> None:
    text = (
        "Wallace & Gromit: The Wrong Trousers, reviewed by Ben, age 9\n\n"
        "The penguin is the best villain ever and the train chase is brilliant.\n"
        "I would give it eight out of ten. It is a bit short though.\n"
    )
    assert _scores(text) == [(8.0, "eight out of ten")]


def test_i_would_rate_it_with_a_fraction() -> None:
    text = "Watched Paterson last night.\nI would rate it 7/10. Quiet, kind, a bit long.\n"
    assert _scores(text) == [(7.0, "7/10")]


def test_a_portuguese_score_with_de_before_the_rest_of_the_sentence() -> None:
    text = (
        "Vale a pena ver Central do Brasil?\n\n"
        "Vale. A Fernanda Montenegro segura o filme inteiro.\n"
        "Eu dou 9 de 10, e olha que sou exigente com drama.\n"
    )
    assert _scores(text) == [(9.0, "9 de 10")]


def test_a_count_with_de_is_no_score() -> None:
    text = (
        "Vale a pena ver Central do Brasil?\n\n"
        "Vi 3 de 5 filmes do Walter Salles, e este é o melhor.\n"
    )
    assert _scores(text) == []
