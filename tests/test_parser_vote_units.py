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
