"""A run of any one glyph after the critic's label stating the scale in its own unit
("Captain's rating (out of 5 anchors): ⚓⚓⚓⚓")."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


def _page(rating: str) -> str:
    return (
        "MOVIES UNDER THE STARS · Pool Deck\n\n"
        "JAWS (PG)\n"
        "1975 · 124 min · Directed by Steven Spielberg\n"
        "Maybe not the film to show beside a swimming pool, and yet.\n"
        f"{rating}\n"
    )


def test_anchors_out_of_five() -> None:
    assert _scores(_page("Captain's rating (out of 5 anchors): ⚓⚓⚓⚓")) == [(8.0, "⚓⚓⚓⚓")]


def test_an_emoji_out_of_four() -> None:
    assert _scores(_page("Our rating (out of 4 shells): 🐚🐚🐚")) == [(7.5, "🐚🐚🐚")]


def test_a_glyph_with_a_variation_selector() -> None:
    text = _page("Captain's rating (out of 5 anchors): ⚓\ufe0f⚓\ufe0f⚓\ufe0f")
    assert _scores(text) == [(6.0, "⚓⚓⚓")]


def test_more_glyphs_than_the_scale_is_no_score() -> None:
    assert _scores(_page("Captain's rating (out of 5 anchors): ⚓⚓⚓⚓⚓⚓")) == []


def test_a_label_that_is_no_score_label_gives_nothing() -> None:
    assert _scores(_page("Waves tonight (out of 5 anchors): ⚓⚓")) == []
