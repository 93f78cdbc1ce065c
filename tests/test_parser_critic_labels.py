"""Score labels naming the critic or the jury whose mark they give, in each language."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document

PROSE = "A patient film about a family that stops talking, and then cannot start again."


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Jury mark: 16/20", 8.0),
        ("The jury's score: 4/5", 8.0),
        ("Note du jury : 3,5/5", 7.0),
        ("Wertung der Jury: 7/10", 7.0),
        ("Wertung der Kritik: 9/10", 9.0),
        ("Voto della giuria: 8", 8.0),
        ("Voto della critica: 6,5", 6.5),
        ("Nota del jurado: 7", 7.0),
        ("Nota do crítico: 4/5", 8.0),
        ("Nota da crítica: 7,5/10", 7.5),
    ],
)
def test_the_critics_or_the_jurys_own_label_is_the_critics_score(line: str, score: float) -> None:
    parsed = parse_document(f"{PROSE}\n\n{line}\n")
    assert [r.score for r in parsed.reviews] == [score]
    assert parsed.aggregates == ()


@pytest.mark.parametrize(
    "line",
    ["Nota dos leitores: 8,1 (412 votos)", "Note des spectateurs : 3,9 (1 204 notes)"],
)
def test_readers_labels_stay_aggregates(line: str) -> None:
    parsed = parse_document(f"{PROSE}\n\n{line}\n")
    assert all(r.score is None for r in parsed.reviews)
    assert len(parsed.aggregates) == 1
