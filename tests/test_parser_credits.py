"""Credit lines the parser reads for a film's director and runtime, in each language."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document

PROSE = "A quiet film about two people who meet again after many years, and what is left."


@pytest.mark.parametrize(
    ("credits", "director", "minutes"),
    [
        ("Dir. Celine Song, 106 mins", "Celine Song", 106),
        ("Réalisé par Céline Sciamma — 1h45", "Céline Sciamma", 105),
        ("Regisseur: Christian Petzold\nSpielzeit: 102 Min.", "Christian Petzold", 102),
        ("Regista: Nanni Moretti\nDurata: 1 ora e 36 minuti", "Nanni Moretti", 96),
        ("Regie: Wim Wenders\nLaufzeit: 2 Stunden und 5 Minuten", "Wim Wenders", 125),
        ("Dirección: Víctor Erice\nDuración: 2 horas y 49 minutos", "Víctor Erice", 169),
        ("Realização: João Pedro Rodrigues\nDuração: 1h50", "João Pedro Rodrigues", 110),
        ("Directed by Celine Song, 106 minutes. Starring Greta Lee.", "Celine Song", 106),
    ],
)
def test_director_and_runtime_credits(credits: str, director: str, minutes: int) -> None:
    facts = parse_document(f"{credits}\n\n{PROSE}\n\nRating: 8/10\n").facts
    assert (facts.directors, facts.runtime_minutes) == ((director,), minutes)


def test_hours_joined_to_minutes_by_a_word_are_never_read_as_whole_hours() -> None:
    # "1 ora e 36 minuti" once gave 60: the minutes after "e" were left out.
    facts = parse_document("Durata: 1 ora e 36 minuti\n").facts
    assert facts.runtime_minutes == 96


def test_a_runtime_inside_a_credit_bracket_stays_with_its_bracket() -> None:
    text = f"Anatomy of a Fall (Justine Triet, 2023, 151 min.) Rated R.\n\n{PROSE}\n"
    facts = parse_document(text).facts
    assert (facts.directors, facts.runtime_minutes) == (("Justine Triet",), 151)


def test_a_runtime_in_a_sentence_of_prose_is_no_fact() -> None:
    doc = parse_document(f"{PROSE}\n\nThe film, at 106 minutes, never drags. 8/10\n")
    assert doc.facts.runtime_minutes is None
