"""Sections rating something other than the film ("THE BOOK", "TEATRO", "À MESA"): their
scores and averages are not the film's, until a heading for the film or the cinema; a film
title with such a word in it is no section heading."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.title) for r in parse_document(text).reviews if r.score is not None]


def test_a_book_section_before_the_film_section() -> None:
    text = (
        "BOOK VS. FILM: The Remains of the Day\n\n"
        "THE BOOK\n"
        "Kazuo Ishiguro, 1989, 245 pages\n"
        "My rating: ★★★★★\n"
        "Goodreads average: 4.13 (312,004 ratings)\n\n"
        "The novel works because the narrator is the last to see what we see.\n\n"
        "THE FILM\n"
        "Hopkins is extraordinary in the silences, but the film explains too much.\n\n"
        "My rating for the film: ★★★½\n"
    )
    doc = parse_document(text)
    assert [r.score for r in doc.reviews if r.score is not None] == [7.0]
    assert doc.aggregates == ()


def test_a_culture_guide_keeps_only_its_cinema_section() -> None:
    text = (
        "ROTEIRO · FIM DE SEMANA\n\n"
        "CINEMA\n"
        "A Substância ★★★\n"
        "Demi Moore em grande forma num body horror que grita tudo duas vezes.\n\n"
        "TEATRO\n"
        "Casa de Bernarda Alba ★★★★\n"
        "Teatro Nacional D. Maria II, até 30 de março.\n\n"
        "À MESA\n"
        "Tasca do Chico, em Alfama ★★★★\n"
    )
    assert _scores(text) == [(6.0, "A Substância")]


def test_a_film_title_with_a_section_word_is_no_section() -> None:
    text = (
        "Weekend picks\n\n"
        "HOTEL RWANDA\n"
        "Don Cheadle holds the whole film together.\n"
        "Rating: 4/5\n\n"
        "THE BOOK THIEF\n"
        "Handsome and careful, too careful.\n"
        "Rating: 3/5\n"
    )
    assert _scores(text) == [(8.0, "Hotel Rwanda"), (6.0, "The Book Thief")]
