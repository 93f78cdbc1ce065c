"""A panel's grid of critics' stars, and legends giving their top step first."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.grids import grid_row, header_names
from bot.parsing.legends import scale_legend, step_list_scale

_GRID = (
    "LE CONSEIL DES TROIS\n\n"
    "Légende : ★★★★ chef-d'œuvre · ★★★ à voir absolument · ★★ à voir\n"
    "★ à voir à la rigueur · – pas vu\n\n"
    "            Hélène M.   Julien B.   Karim S.\n"
    "La Chimère          ★★★     ★★★★    ★★\n"
    "Le Deuxième Acte    ★★      –       ★\n\n"
    "La Chimère, d'Alice Rohrwacher. Un pilleur de tombes rêveur.\n"
)


def test_each_starred_cell_is_its_critic_s_score_of_the_row_s_film() -> None:
    reviews = parse_document(_GRID).reviews
    assert [(r.title, r.author, r.score, r.raw_score) for r in reviews] == [
        ("La Chimère", "Hélène M.", 7.5, "★★★"),
        ("La Chimère", "Julien B.", 10.0, "★★★★"),
        ("La Chimère", "Karim S.", 5.0, "★★"),
        ("Le Deuxième Acte", "Hélène M.", 5.0, "★★"),
        ("Le Deuxième Acte", "Karim S.", 2.5, "★"),
    ]


def test_a_row_of_several_stars_without_named_columns_is_nobody_s_score() -> None:
    text = "The weekend\n\nLa Chimère ★★★ ★★★★ ★★\nLe Deuxième Acte ★★ – ★\n"
    assert all(review.score is None for review in parse_document(text).reviews)


def test_grid_rows_and_headers() -> None:
    assert grid_row("Trois amies ★★★★ ★★★ ★★★") == ("Trois amies", ["★★★★", "★★★", "★★★"])
    assert grid_row("Heat ★★★★") is None
    assert grid_row("Heat – ★★★★") is None
    assert grid_row("Heat ★★★ –") == ("Heat", ["★★★", "–"])
    assert grid_row("Heat (1995) — a long, cool film ★★★★") is None
    assert header_names("Hélène M. Julien B. Karim S.", 3) == ["Hélène M.", "Julien B.", "Karim S."]
    assert header_names("The critics have spoken", 3) is None


def test_a_labelled_legend_list_from_its_top_step_down_gives_the_scale() -> None:
    assert step_list_scale("Légende : ★★★★ chef-d'œuvre · ★★★ à voir · ★★ à voir") == 4
    assert step_list_scale("Heat ★★★★ · Thief ★★★ · Collateral ★★") is None


def test_a_range_of_stars_from_the_top_down_gives_the_scale() -> None:
    assert scale_legend("Ratings run from ★★★★ (a classic) down to ★½; BOMB marks the") == 4
    assert scale_legend("I went from ★★★★ to ★ in ten minutes") is None


def test_a_title_with_a_subtitle_in_sentence_case_closed_by_its_stars() -> None:
    text = (
        "I film delle feste. Le stelle vanno da una a cinque.\n\n"
        "Berlinguer - La grande ambizione ★★★★\nAndrea Segre racconta gli anni Settanta.\n\n"
        "Diamanti ★★★½\nÖzpetek riunisce 18 attrici in una sartoria romana.\n"
    )
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("Berlinguer - La grande ambizione", 8.0),
        ("Diamanti", 7.0),
    ]


def test_a_title_a_dash_and_its_stars_is_no_grid_row() -> None:
    text = "Weekend\n\nHeat – ★★★★\nMann at his most precise.\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [("Heat", 8.0)]
