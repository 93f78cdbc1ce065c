"""A runtime among the pieces of a credits line, in any language's units or with a prime
("125 minutos", "2 h 58", "179′"), and a runtime the credits go on after past a dash."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.facts import parse_fact_line
from bot.parsing.values import runtime_only


@pytest.mark.parametrize(
    ("piece", "minutes"),
    [
        ("125 minutos", 125),
        ("162 Minuten", 162),
        ("118 minuti.", 118),
        ("2 h 58", 178),
        ("1h45", 105),
        ("179′", 179),
        ("155'", 155),
    ],
)
def test_a_piece_that_is_only_a_runtime(piece: str, minutes: int) -> None:
    assert runtime_only(piece) == minutes


@pytest.mark.parametrize(
    "piece", ["DCP", "10 questions", "5 stars", "Hall 2", "125 minutos de espera", "35 mm", "2004"]
)
def test_pieces_that_are_no_runtime(piece: str) -> None:
    assert runtime_only(piece) is None


def test_a_runtime_piece_after_the_directors_label() -> None:
    pairs = parse_fact_line("Dirección: Alejandro Amenábar · España, 2004 · 125 minutos")
    assert pairs is not None
    assert ("runtime", 125) in pairs
    assert ("directors", ("Alejandro Amenábar",)) in pairs


def test_a_runtime_between_dashes_then_the_cast() -> None:
    pairs = parse_fact_line("Réalisation : Agnès Varda — 1 h 30 — avec Corinne Marchand")
    assert pairs == [
        ("directors", ("Agnès Varda",)),
        ("runtime", 90),
        ("cast", ("Corinne Marchand",)),
    ]


def test_a_catalogue_line_with_minutes_marked_by_a_prime() -> None:
    text = (
        "12  THE TURIN HORSE\n"
        "Hungary 2011 · 146′ · 35mm · Hungarian with English subtitles\n"
        "Director: Béla Tarr\n\n"
        "A father, a daughter, a horse and a wind that does not stop.\n"
    )
    assert parse_document(text).facts.runtime_minutes == 146


def test_a_time_limit_in_sentences_stays_no_runtime() -> None:
    assert (
        parse_fact_line("Score yourself: one point per answer. 10 questions, 15 minutes.") is None
    )


@pytest.mark.parametrize(
    "line", ["21:15 · Rai 5", "20:30 | Screen 2", "Sat 12 Mar · 19:30 · Hall 2"]
)
def test_a_showtime_is_no_runtime(line: str) -> None:
    pairs = parse_fact_line(line) or []
    assert all(field != "runtime" for field, _ in pairs)


def test_a_clock_runtime_still_reads() -> None:
    assert parse_fact_line("Runtime: 1:56") == [("runtime", 116)]


def test_a_year_and_a_runtime_make_an_info_line_whatever_its_other_pieces() -> None:
    line = "1949 · UK · 104 mins · Black & white · English, some German with subtitles"
    assert parse_fact_line(line) == [("year", 1949), ("runtime", 104)]


def test_pieces_split_by_a_hyphenation_point() -> None:
    assert parse_fact_line("2022 ‧ Comedy/Drama ‧ 1h 54m") == [
        ("year", 2022),
        ("genres", ("Comedy", "Drama")),
        ("runtime", 114),
    ]


def test_credits_split_by_dashes_when_every_piece_is_a_fact() -> None:
    line = "Réal. : Peter Jackson — Nouvelle-Zélande, 1992 — durée : 1h44"
    assert parse_fact_line(line) == [
        ("directors", ("Peter Jackson",)),
        ("year", 1992),
        ("runtime", 104),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Sat 12 Mar · 19:30 · Hall 2 · intro by the programmer",  # no year, no runtime
        "Doors 7pm · 2024 prices · bar open · cash only",  # a year is not enough
    ],
)
def test_lines_of_pieces_with_too_few_facts(line: str) -> None:
    assert parse_fact_line(line) is None
