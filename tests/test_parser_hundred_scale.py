"""Marks out of 100 after the critic's label, read on the scale a legend states; a critic's
own average on her profile is about her, not a film; "her/his/their score" is the critic's."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[str | None, float | None, str | None]]:
    return [
        (r.title, r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None
    ]


def test_her_score_is_the_critic_s() -> None:
    text = (
        "Past Lives (2023)\n\nA love story told in the spaces between calls.\n\nHer score: 9/10\n"
    )
    assert _scores(text) == [(None, 9.0, "9/10")]
