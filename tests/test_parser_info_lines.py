"""An info line of a film page in its own language: release date, runtime and genres."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document

PROSE = "A family drama told over one long summer, with a fine cast and a patient camera."


@pytest.mark.parametrize(
    ("line", "minutes"),
    [
        ("Date de sortie 14 février 2024 | 1h 52min | Drame, Comédie", 112),
        ("Data de lançamento 3 de março de 2022 | 2h 05min | Drama, Biografia", 125),
        ("Kinostart 5. Mai 2023 | 1h 41min | Komödie, Drama", 101),
        ("Fecha de estreno 9 de junio de 2021 | 1h 38min | Comedia, Drama", 98),
    ],
)
def test_an_info_line_in_each_language_gives_the_runtime(line: str, minutes: int) -> None:
    facts = parse_document(f"{line}\n\n{PROSE}\n\nNote : 4/5\n").facts
    assert facts.runtime_minutes == minutes


def test_an_info_line_of_unknown_pieces_gives_nothing() -> None:
    facts = parse_document(f"Salle 3 | 2h 10min | Tarif réduit, Carte\n\n{PROSE}\n").facts
    assert facts.runtime_minutes is None
