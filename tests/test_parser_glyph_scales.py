"""Hearts and dots drawn as a score, read only where the page gives their scale; stars with
the word of their key in brackets."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None, str | None]]:
    return [
        (r.score, r.raw_score, r.title) for r in parse_document(text).reviews if r.score is not None
    ]


HEARTS = """Ciné-club du jeudi · cycle Agnès Varda

Nos avis vont de ♥ (si vous avez le temps) à ♥♥♥♥ (immanquable).

CLÉO DE 5 À 7 (1962)
Deux heures de la vie d'une chanteuse qui attend un diagnostic, dans Paris.
Notre avis : ♥♥♥♥
Jeudi 12 à 20 h

SANS TOIT NI LOI (1985)
Une jeune vagabonde, l'hiver, racontée par ceux qui l'ont croisée.
Notre avis : ♥♥♥
Jeudi 19 à 20 h
"""


def test_hearts_read_on_the_scale_their_legend_gives() -> None:
    found = [(score, raw, (title or "").casefold()) for score, raw, title in _scores(HEARTS)]
    assert found == [(10.0, "♥♥♥♥", "cléo de 5 à 7"), (7.5, "♥♥♥", "sans toit ni loi")]


def test_dots_with_their_empty_dots_state_their_own_scale() -> None:
    text = (
        "Stasera in TV\n\n"
        "Il divo\nUn ritratto di Andreotti, tra grottesco e tragedia.\n"
        "Il nostro giudizio: ●●●○○\n"
    )
    assert [(score, raw) for score, raw, _ in _scores(text)] == [(6.0, "●●●○○")]


def test_hearts_and_dots_without_a_scale_are_no_score() -> None:
    text = (
        "Stasera in TV\n\n"
        "Il divo\nUn ritratto di Andreotti, tra grottesco e tragedia.\n"
        "Il nostro giudizio: ●●●\n\n"
        "♥♥♥\n"
        "● Rai 3, 21:20\n"
    )
    assert _scores(text) == []


def test_likes_under_a_post_are_no_score_even_with_a_legend() -> None:
    text = (
        "Nos avis vont de ♥ à ♥♥♥♥.\n\n"
        "Vu hier soir : Les Glaneurs et la Glaneuse.\n"
        "Likes : ♥♥\n"
        "♡ 212 ↻ 38\n"
    )
    assert _scores(text) == []


def test_stars_with_their_key_s_word_in_brackets() -> None:
    text = (
        "CRÍTICA\n\nO Auto da Compadecida volta aos cinemas.\n\n"
        "COTAÇÃO\n★★★★ (ótimo)\n\n"
        "Legenda: ★ ruim · ★★ regular · ★★★ bom · ★★★★ ótimo · ★★★★★ excelente\n"
    )
    assert [(score, raw) for score, raw, _ in _scores(text)] == [(8.0, "★★★★")]


def test_a_count_in_brackets_after_stars_is_no_verdict() -> None:
    text = "Kinoabend\n\nDas Publikum war begeistert.\n\n★★★★ (212 Stimmen)\n"
    assert [score for score, _, _ in _scores(text)] == []
