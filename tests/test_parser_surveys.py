"""A members' or readers' survey: an average on the scale it states ("4,6 de 5"), with the
count of answers that makes it ("83 respostas", "112 Antworten", "41 réponses"), in each
language; counts of people that average nothing stay no aggregate."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document

_HEAD = "Members' survey, autumn season\n\nThank you to everyone who answered.\n\n"


def _aggregates(line: str) -> list[tuple[float, int | None]]:
    found = parse_document(f"{_HEAD}Central do Brasil (1998)\n{line}\n").aggregates
    return [(a.score, a.votes) for a in found]


@pytest.mark.parametrize(
    ("line", "score", "votes"),
    [
        ("Média: 4,6 de 5 · 83 respostas", 9.2, 83),
        ("Durchschnitt: 7,9 von 10 · 112 Antworten", 7.9, 112),
        ("Moyenne : 3,8 sur 5 (41 réponses)", 7.6, 41),
        ("Average: 4.1 out of 5 · 57 responses", 8.2, 57),
        ("Media: 3,9 su 5 · 48 risposte", 7.8, 48),
        ("Media: 4,6 de 10 · 30 respuestas", 4.6, 30),  # the stated scale, not a guessed one
        ("Média: 3,7 de 5 · 25 participantes", 7.4, 25),
    ],
)
def test_a_survey_average_with_its_count_of_answers(line: str, score: float, votes: int) -> None:
    assert _aggregates(line) == [(score, votes)]


@pytest.mark.parametrize(
    "line",
    [
        "Foram 3 sessões, 214 presenças e 197 formulários devolvidos.",
        "Present: 17 participants.",
        "We had 112 Antworten this year, thank you!",
    ],
)
def test_counts_of_people_average_nothing(line: str) -> None:
    assert _aggregates(line) == []


def test_an_aggregate_after_an_en_dash_bullet() -> None:
    text = (
        "Carta\n\n\nACOGIDA\n"
        "  – Valoración media del público en FilmAffinity: 7,4 (31.250 votos)\n"
        "  – El 96 % de las críticas recogidas por Rotten Tomatoes son positivas (112 reseñas)\n"
    )
    assert [(a.score, a.votes) for a in parse_document(text).aggregates] == [(7.4, 31250)]


def test_a_search_panels_scores_each_followed_by_its_site() -> None:
    text = (
        "the banshees of inisherin\n\n"
        "The Banshees of Inisherin\n"
        "2022 ‧ Comedy/Drama ‧ 1h 54m\n\n"
        "7.7/10 IMDb 96% Rotten Tomatoes 87% Metacritic\n"
    )
    found = [(a.source, a.score) for a in parse_document(text).aggregates]
    assert found == [("IMDb", 7.7), ("Rotten Tomatoes", 9.6), ("Metacritic", 8.7)]


@pytest.mark.parametrize(
    "line",
    [
        "I gave it 7/10 on IMDb and 4/5 on Letterboxd.",  # the writer's own, in a sentence
        "96% Rotten Tomatoes fans agree, apparently.",  # one pair, then words
    ],
)
def test_sentences_with_sites_are_no_search_panel(line: str) -> None:
    from bot.parsing.document import values_then_sources

    assert values_then_sources(line) == []


@pytest.mark.parametrize(
    ("sentence", "score", "votes"),
    [
        ("Votazione del pubblico in sala: media 8,9 su 63 schede consegnate.", 8.9, 63),
        ("Vote de la salle : moyenne 7,8 sur 41 bulletins.", 7.8, 41),
    ],
)
def test_an_average_over_its_count_of_ballots(sentence: str, score: float, votes: int) -> None:
    from bot.parsing.reception import reception_aggregates

    assert [(a.score, a.votes) for a in reception_aggregates(sentence)] == [(score, votes)]


def test_a_figure_over_a_count_of_something_else_is_no_average() -> None:
    from bot.parsing.reception import reception_aggregates

    assert reception_aggregates("La media è 8,9 su 63 anni di storia del cinema.") == []
