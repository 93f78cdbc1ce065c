"""The critic's own verdict wherever it stands: a score the writer calls theirs with a
possessive ("I stand by my three stars out of four", "Ich bleibe bei meinen 8 von 10
Punkten"), in any of the six languages, and the scores that stay someone else's."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document

_OPENING = (
    "Letters about Paterson\n\n"
    "Many of you wrote in about last week's review, and a few of you were cross.\n\n"
)


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        (
            "I watched it again on Sunday. The bus scenes hold up. I stand by my three stars "
            "out of four.",
            7.5,
            "three stars out of four",
        ),
        ("Thank you all. I am keeping my own 7/10, the poems still drag.", 7.0, "7/10"),
        (
            "Ich habe den Film noch einmal gesehen. Ich bleibe bei meinen 8 von 10 Punkten.",
            8.0,
            "8 von 10 Punkten",
        ),
        ("Je l'ai revu dimanche. Je maintiens mes 3 étoiles sur 5.", 6.0, "3 étoiles sur 5"),
        ("L'ho rivisto ieri sera. Confermo il mio 7 su 10, nonostante tutto.", 7.0, "7 su 10"),
        ("Lo volví a ver. Mantengo mis 4 estrellas de 5.", 8.0, "4 estrellas de 5"),
        ("Revi o filme ontem. Continuo com o meu 4/5.", 8.0, "4/5"),
    ],
)
def test_a_score_the_writer_calls_their_own(line: str, score: float, raw: str) -> None:
    assert _scores(f"{_OPENING}{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "My brother gave it 9/10. He is wrong, as usual.",  # someone of mine
        "I read my brother's 9/10 and laughed. Then I went to bed.",  # a possessive noun
        "Her three stars out of four were generous. Anyway, see you next week.",
        "Our sister paper gave it 4/5. We disagree.",  # not the writer's own possessive
        "In my 3 years on this page, no film got more letters.",  # no score form
        "My 5/5 films of the year are coming next week.",  # a count of films, mid-sentence
    ],
)
def test_scores_that_stay_someone_elses(line: str) -> None:
    assert _scores(f"{_OPENING}{line}\n") == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Voto mio: 7 e mezzo. Avrei tagliato venti minuti.", 7.5),
        ("Ma note : 8. Un grand film, malgré la fin.", 8.0),
        ("My rating: 6. The rest is noise.", 6.0),
    ],
)
def test_the_writers_own_label_then_a_plain_mark_and_another_sentence(
    line: str, score: float
) -> None:
    assert [s for s, _ in _scores(f"{_OPENING}{line}\n")] == [score]


@pytest.mark.parametrize(
    "line",
    [
        "Rating: 4. Brilliant stuff, all of it.",  # not the writer's own label: a list number
        "My brother's rating: 8. He is wrong.",
        "My rating: 4. Brilliant first hour.",  # out of 5 or of 10?
    ],
)
def test_a_plain_number_then_a_sentence_under_other_labels(line: str) -> None:
    assert _scores(f"{_OPENING}{line}\n") == []


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Eu dou 9 de 10, e olha que sou chato com filme lento.", 9.0, "9 de 10"),
        (
            "He fell off the sofa. I would give it nine out of ten. The rest is fine.",
            9.0,
            "nine out of ten",
        ),
        ("Le doy 7 de 10, y eso que el final me sobra.", 7.0, "7 de 10"),
    ],
)
def test_a_given_score_with_a_common_scale_word_then_more_talk(
    line: str, score: float, raw: str
) -> None:
    assert _scores(f"{_OPENING}{line}\n") == [(score, raw)]


def test_a_fraction_of_people_with_de_is_no_score() -> None:
    assert _scores(f"{_OPENING}Eu vi que 3 de 10 pessoas saíram antes do fim.\n") == []


def test_a_verdict_a_hard_wrap_splits() -> None:
    text = (
        f"{_OPENING}"
        "Reznor and Ross build the whole thing on a hum, and for me the film is a\n"
        "9 out of 10 on its own, music or no music. The album is another matter.\n"
    )
    assert _scores(text) == [(9.0, "9 out of 10")]


def test_a_wrapped_sentence_giving_someone_elses_score_stays_prose() -> None:
    text = (
        f"{_OPENING}"
        "There are four siblings and roughly twelve subplots, and someone in my row gave it\n"
        "10/10 out loud, which says more about airline wine than about the film.\n"
    )
    assert _scores(text) == []


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("the LAST SHOT. anyway 8/10, docking points only because my laptop was loud", 8.0, "8/10"),
        ("Je ne sais pas quoi en penser, donc 3/5 pour l'instant, à revoir.", 6.0, "3/5"),
        ("Zu lang, zu laut, insgesamt 7 von 10 Punkten, trotz allem.", 7.0, "7 von 10 Punkten"),
        ("Bello ma lungo, quindi 7/10 e basta.", 7.0, "7/10"),
    ],
)
def test_a_score_after_a_word_concluding_the_writers_talk(
    line: str, score: float, raw: str
) -> None:
    assert _scores(f"{_OPENING}{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "The room was packed. So 3/4 of them walked out before the end.",  # a part of people
        "Heat is great. So 9/10 for Heat, obviously, but this one?",  # another film
        "We met at 8. So 9/11 came up, as it always does.",  # no usual scale
        "Anyway 2/3 of the cast are wasted.",
    ],
)
def test_concluding_words_before_numbers_that_are_no_verdict(line: str) -> None:
    assert _scores(f"{_OPENING}{line}\n") == []


def test_a_star_legend_its_next_line_goes_on_with() -> None:
    text = (
        "FILMS IN REVIEW                      Ratings: **** excellent\n"
        "                                     *** good  ** fair  * poor\n\n"
        "CHINATOWN                                              ***½\n\n"
        "Paramount. Directed by Roman Polanski. A detective story that goes wrong slowly.\n"
    )
    assert _scores(text) == [(8.75, "***½")]


def test_a_line_of_stars_under_a_legend_line_that_is_complete() -> None:
    text = (
        "Ratings: **** excellent  *** good  ** fair  * poor\n"
        "HEAT ***\n\n"
        "Mann at his most precise, and De Niro at his coolest.\n"
    )
    assert [s for s, _ in _scores(text)] == [7.5]
