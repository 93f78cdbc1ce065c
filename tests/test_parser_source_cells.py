"""Scores printed before their sources in cells set apart by wide gaps or dots ("7.7/10 IMDb
96% Rotten Tomatoes"): one aggregate per cell, when every cell is one."""

from __future__ import annotations

from bot.parsing import parse_document


def _aggregates(text: str) -> list[tuple[str | None, float, int | None]]:
    return [(a.source, a.score, a.votes) for a in parse_document(text).aggregates]


def test_cells_set_apart_by_wide_gaps() -> None:
    text = (
        "Aftersun\n"
        "2022 · Drama · 1h 42m\n\n"
        "7.6/10 IMDb      96% Rotten Tomatoes      95% Metacritic\n\n"
        "A father and daughter on holiday in Turkey, remembered twenty years later.\n"
    )
    assert _aggregates(text) == [
        ("IMDb", 7.6, None),
        ("Rotten Tomatoes", 9.6, None),
        ("Metacritic", 9.5, None),
    ]


def test_cells_inside_a_drawn_box() -> None:
    text = (
        "┌──────────────────────────────────────────────┐\n"
        "│ 7.6/10 IMDb      96% Rotten Tomatoes         │\n"
        "└──────────────────────────────────────────────┘\n"
    )
    assert _aggregates(text) == [("IMDb", 7.6, None), ("Rotten Tomatoes", 9.6, None)]


def test_pieces_that_are_not_all_aggregates_give_none() -> None:
    text = (
        "Aftersun\n\n"
        "Seen twice · 96% of it in close-up · 7/10 IMDb\n\n"
        "A father and daughter on holiday in Turkey.\n"
    )
    assert _aggregates(text) == []
