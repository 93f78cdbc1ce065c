"""Counts of raters named as those who voted ("votanti", "votantes", "votants", "reseñas")."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sondaggio del gruppo: media 7,9 su 10 con 1.204 votanti.", (7.9, 1204)),
        ("Encuesta del cineclub: media 7,1 sobre 10 (812 votantes)", (7.1, 812)),
        ("Sondage du ciné-club : moyenne 7,4 sur 10 (96 votants)", (7.4, 96)),
        ("Enquete do cineclube: média 8,2 de 10 (340 votantes)", (8.2, 340)),
    ],
)
def test_the_count_of_voters_goes_with_the_average(line: str, expected: tuple[float, int]) -> None:
    text = f"Roma (2018)\n\nRegia di Alfonso Cuarón, 135 minuti.\n\n{line}\n"
    assert [(a.score, a.votes) for a in parse_document(text).aggregates] == [expected]


def test_an_en_dash_bullet_before_a_labelled_average() -> None:
    text = (
        "Roma (2018)\n\n"
        "ACOGIDA\n"
        "  – Valoración media del público en FilmAffinity: 7,2 (40.110 votos)\n"
        "  – Más de 20 semanas en cartel\n"
    )
    assert [(a.score, a.votes) for a in parse_document(text).aggregates] == [(7.2, 40110)]


def test_an_em_dash_before_a_name_stays_a_sign_off() -> None:
    text = "Roma (2018)\n\nA film of water and memory. Rating: 9/10\n— Ana Ruiz\n"
    reviews = parse_document(text).reviews
    assert [(r.score, r.author) for r in reviews] == [(9.0, "Ana Ruiz")]
