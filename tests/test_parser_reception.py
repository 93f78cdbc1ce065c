"""Aggregates an encyclopedia's "Reception" section reports in prose."""

from __future__ import annotations

import pytest

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


_REVIEW = "Un film patient sur une famille qui attend des nouvelles qui ne viennent jamais.\n\n"


@pytest.mark.parametrize(
    ("sentence", "score", "votes"),
    [
        ("Sur le site, le film est noté 3,9/5 par 12 000 spectateurs.", 7.8, 12000),
        ("Die Nutzer bewerten ihn mit 7,4 von 10 (1.234 Stimmen).", 7.4, 1234),
        ("Su MyMovies la media utenti è 7,1 su 10 (850 voti).", 7.1, 850),
        ("En la web, la nota media de los usuarios es 6,8 (3.402 votos).", 6.8, 3402),
        ("No site, a média do público é 4,1/5 (980 avaliações).", 8.2, 980),
        ("Les spectateurs lui donnent 3,9/5 de moyenne sur 12 000 notes.", 7.8, 12000),
        ("Die Nutzer geben im Schnitt 7,4 von 10 bei 1.234 Stimmen.", 7.4, 1234),
        ("Los usuarios le dan un 6,8 sobre 10 con 3.402 votos.", 6.8, 3402),
        ("Users rate it 7.9/10 across 1,204 votes.", 7.9, 1204),
    ],
)
def test_raters_and_their_count_in_prose_give_an_aggregate_in_each_language(
    sentence: str, score: float, votes: int
) -> None:
    doc = parse_document(f"{_REVIEW}{sentence}\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(score, votes)]
    assert [r.score for r in doc.reviews] == [None]


@pytest.mark.parametrize(
    ("sentence", "score", "votes"),
    [
        ("1,204 votes, average 7.9/10", 7.9, 1204),
        ("(2.315 votos) media 7,3", 7.3, 2315),
        ("The club page shows 1,204 votes, average 7.9/10, since March.", 7.9, 1204),
    ],
)
def test_an_average_stated_after_its_count_of_votes(
    sentence: str, score: float, votes: int
) -> None:
    doc = parse_document(f"{_REVIEW}{sentence}\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(score, votes)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Je lui donne 7/10, comme 12 000 spectateurs.",  # the writer's own score
        "Le film a attiré 12 000 spectateurs en 1995 et 3 000 en 1996.",  # counts, no score
        "The 2019 survey of 1,204 voters put it 3rd.",
        "Die Nutzer waren 2019 zu 1.234 Stimmen gekommen.",
    ],
)
def test_counts_of_raters_without_their_average_stay_prose(sentence: str) -> None:
    assert parse_document(f"{_REVIEW}{sentence}\n").aggregates == ()


def test_the_writer_s_score_beside_the_raters_stays_the_writer_s() -> None:
    doc = parse_document(f"{_REVIEW}Je lui donne 7/10, comme 12 000 spectateurs.\n")
    assert [r.score for r in doc.reviews] == [7.0]


@pytest.mark.parametrize(
    "sentence",
    [
        "Critics gave 8/10 to this film.",
        "Critics gave it 8/10 in 1995 and 20 votes followed.",
        "Critics were at a solid 7.",
    ],
)
def test_a_sentence_about_raters_is_no_aggregate_label(sentence: str) -> None:
    doc = parse_document(f"{_REVIEW}{sentence}\n")
    assert doc.aggregates == ()
    assert [r.score for r in doc.reviews] == [None]


@pytest.mark.parametrize(
    ("line", "score"),
    [("Audience 88%", 8.8), ("Audience average 7.4", 7.4), ("Readers' rating 8.2/10", 8.2)],
)
def test_a_label_ending_on_its_raters_or_score_word_is_still_an_aggregate(
    line: str, score: float
) -> None:
    assert [a.score for a in parse_document(f"{_REVIEW}{line}\n").aggregates] == [score]


def test_the_raters_sentence_beside_the_writer_s_score_is_still_read() -> None:
    doc = parse_document(
        f"{_REVIEW}Le public lui donne 3,9/5 (12 000 notes). Pour moi c'est 4/5.\n"
    )
    assert [r.score for r in doc.reviews] == [8.0]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(7.8, 12000)]


@pytest.mark.parametrize(
    "line",
    [
        "Media dei voti qui sopra: 6,75",
        "Average of the scores above: 7.4",
        "Moyenne des notes ci-dessus : 3,2",
        "Durchschnitt der Wertungen oben: 7,1",
        "Media de las notas de arriba: 6,9",
        "Média das notas acima: 7,3",
    ],
)
def test_an_average_of_the_pages_own_scores_is_no_aggregate(line: str) -> None:
    text = f"Anora — 8/10\n\nThe Brutalist — 6/10\n\n{line}\n"
    parsed = parse_document(text)
    assert parsed.aggregates == ()
    average = float(line.rsplit(" ", 1)[-1].replace(",", "."))
    assert all(r.score != pytest.approx(average) for r in parsed.reviews)
