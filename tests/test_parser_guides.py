"""Entries of a reference film guide, their inverted titles read back in the usual order."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.guides import guide_entry, uninverted

_GUIDE = (
    "THE POCKET GUIDE\n\n"
    "Ratings run from ★★★★ (a classic) down to ★½; BOMB marks the worst.\n\n"
    "Conversation, The (1974) C-113m. ★★★½ D: Francis Ford Coppola. Gene Hackman,\n"
    "John Cazale. A surveillance expert who trusts nobody.\n\n"
    "Paris, Texas (1984) C-145m. ★★★★ D: Wim Wenders. Harry Dean Stanton. A man walks\n"
    "out of the desert.\n\n"
    "Ishtar (1987) C-107m. BOMB D: Elaine May. Warren Beatty, Dustin Hoffman.\n"
)


def test_guide_entries_are_scores_of_their_films_on_the_legend_s_scale() -> None:
    reviews = parse_document(_GUIDE).reviews
    assert [(r.title, r.score, r.raw_score) for r in reviews if r.score is not None] == [
        ("The Conversation", 8.75, "★★★½"),
        ("Paris, Texas", 10.0, "★★★★"),
    ]
    assert reviews[0].facts is not None and reviews[0].facts.runtime_minutes == 113


def test_articles_of_every_language_move_back_in_front() -> None:
    assert uninverted("Conversation, The") == "The Conversation"
    assert uninverted("Règle du jeu, La") == "La Règle du jeu"
    assert uninverted("Eclisse, L'") == "L'Eclisse"
    assert uninverted("Paris, Texas") == "Paris, Texas"


def test_a_line_that_is_no_guide_entry() -> None:
    assert guide_entry("Heat (1995) is 170m of Mann at his best. ★★★★") is None
    entry = guide_entry("▶ Heaven's Gate (1980) C-219m. ★½ D: Michael Cimino.")
    assert entry is not None and (entry.title, entry.minutes, entry.stars) == (
        "Heaven's Gate",
        219,
        "★½",
    )


_PROGRAMME = (
    "KINO AM FLUSS — Programm vom 4. bis 10. Juli\n\n"
    "SAAL 1\n\n"
    "Perfect Days\nJapan 2023 · 124 Min. · FSK 0\nDo–So 19:30, Mo+Mi 20:00\n"
    "Ein Toilettenreiniger in Tokio, seine Kassetten und seine Bäume.\n"
    "Unsere Wertung: ★★★★☆\n\n"
    "SAAL 2\n\n"
    "Ich – Einfach unverbesserlich 4\nUSA 2024 · 94 Min. · FSK 6\n"
    "täglich 15:00, Fr+Sa auch 21:15 (OV)\n"
    "Gru zieht mit der Familie um. Die Minions tragen den Film.\n"
    "Unsere Wertung: ★★☆☆☆\n"
)


def test_a_programme_s_films_head_their_capsules_over_showtimes_and_info() -> None:
    reviews = parse_document(_PROGRAMME).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Perfect Days", 8.0),
        ("Ich – Einfach unverbesserlich 4", 4.0),
    ]


def test_programme_lines() -> None:
    from bot.parsing.reviews import programme_line

    assert programme_line("täglich 14:45 und 17:00, Sa+So auch 12:30")
    assert programme_line("USA 2024 · 96 Min. · FSK 0")
    assert not programme_line("Wir treffen uns um 19:30 vor dem Kino und gehen dann essen.")
    assert not programme_line("Drama · Komödie · Familie")


def test_a_critic_s_note_under_a_legend_from_one_to_ten() -> None:
    from bot.parsing.legends import scale_legend

    assert scale_legend("Las notas del crítico van del 1 al 10.") == 10
    text = (
        "CARTELERA — Viernes\n\nLas notas del crítico van del 1 al 10.\n\n"
        "CINES ARAGONIA (Sala 4)\nLa estrella azul\nSesiones: 16.30, 19.00, 21.30\n"
        "El debut de Javier Macipe, con más alma que presupuesto.\nNota del crítico: 8\n\n"
        "CINES PALAFOX (Sala 1)\nVolveréis\nSesiones: 17.15, 20.00\n"
        "Una pareja celebra su separación con una fiesta.\nNota del crítico: 6\n"
    )
    assert [(r.title, r.score, r.raw_score) for r in parse_document(text).reviews] == [
        ("La estrella azul", 8.0, "8"),
        ("Volveréis", 6.0, "6"),
    ]


def test_an_info_line_of_countries_and_year_runtime_and_certificate() -> None:
    from bot.parsing.facts import parse_fact_line

    assert parse_fact_line("Portugal/Itália/França, 2024 · Duração: 129 min. · M/12") == [
        ("year", 2024),
        ("runtime", 129),
    ]
    assert parse_fact_line("USA 2024 · 96 Min. · FSK 0") == [("year", 2024), ("runtime", 96)]
    assert parse_fact_line("Heute, morgen und übermorgen · Kasse · Bar") is None
