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


COMPARED = """Due film, un confronto

Le due versioni di una storia di fantasmi in una casa sul mare.

LA PRIMA
Il mare d'inverno (Francia, 2009)
Regia: Claire Martin
Con Louise Vidal, Hugo Perrin,
Jeanne Morel, Paul Dubois
Lenta e bellissima, con un finale che resta addosso.
Il nostro voto: 8

LA SECONDA
Winter Sea (USA, 2013)
Regia: Dan Hollis
Con Amy Carter, Luke Brandt,
Nora Vance, Tim Oakes
Più rumorosa, più spaventosa, meno sincera.
Il nostro voto: 5

IN SINTESI
Vedete la prima.
"""


def test_names_going_on_after_a_comma_keep_a_film_s_heading_over_its_review() -> None:
    doc = parse_document(COMPARED)
    assert [(r.title, r.score) for r in doc.reviews] == [
        ("Il mare d'inverno", 8.0),
        ("Winter Sea", 5.0),
    ]
    assert doc.facts.directors == ("Claire Martin",)


def test_a_sentence_after_a_list_of_names_stays_prose() -> None:
    doc = parse_document(
        "Heat (1995)\nCast: Al Pacino, Robert De Niro,\n"
        "then a city at night, and the long shootout downtown.\n\nRating: 9/10\n"
    )
    assert [(r.score, r.title) for r in doc.reviews] == [(9.0, None)]
    assert doc.facts.cast[:2] == ("Al Pacino", "Robert De Niro")


@pytest.mark.parametrize(
    ("line", "director"),
    [
        ("Regie und Drehbuch: Christian Petzold", "Christian Petzold"),
        ("Dirección y guion: Isabel Coixet", "Isabel Coixet"),
        ("Regia e sceneggiatura: Alice Rohrwacher", "Alice Rohrwacher"),
        ("Réalisation et scénario : Mia Hansen-Løve", "Mia Hansen-Løve"),
        ("Direção e roteiro: Anna Muylaert", "Anna Muylaert"),
    ],
)
def test_two_credit_labels_joined_by_and_fill_both(line: str, director: str) -> None:
    doc = parse_document(f"{line}\n\n{PROSE}\n")
    assert doc.facts.directors == (director,)
    assert doc.facts.writers == (director,)


def test_two_labels_joined_by_and_that_name_no_one_are_no_credit() -> None:
    doc = parse_document(f"Land und Jahr: Deutschland 2016\nGenre und Länge: Drama\n\n{PROSE}\n")
    assert (doc.facts.directors, doc.facts.writers) == ((), ())


@pytest.mark.parametrize(
    ("line", "minutes"),
    [
        ("Laufzeit: 118 Minuten. Ab Donnerstag im Kino.", 118),
        ("Durée : 1 h 45. En salles mercredi.", 105),
        ("Running time: 97 minutes. Bring tissues.", 97),
    ],
)
def test_a_labelled_runtime_closed_by_a_sentence_of_its_own(line: str, minutes: int) -> None:
    assert parse_document(f"{PROSE}\n\n{line}\n").facts.runtime_minutes == minutes


def test_a_runtime_told_in_a_sentence_is_read_from_the_prose() -> None:
    text = f"{PROSE}\n\nThe film runs 97 minutes. Bring tissues.\n"
    assert parse_document(text).facts.runtime_minutes == 97
    text = f"{PROSE}\n\nThe film runs about 2 hours. Bring tissues.\n"
    assert parse_document(text).facts.runtime_minutes is None


@pytest.mark.parametrize(
    ("line", "director", "minutes"),
    [
        (
            "Regie: Christian Petzold · Laufzeit 102 Minuten · nach einer Idee von Harun Farocki",
            "Christian Petzold",
            102,
        ),
        ("Director: Kelly Reichardt | Runtime 108 minutes | Drama", "Kelly Reichardt", 108),
        ("Regia: Alice Rohrwacher · Durata 127 minuti", "Alice Rohrwacher", 127),
    ],
)
def test_a_label_without_colon_starts_a_new_fact_not_another_name(
    line: str, director: str, minutes: int
) -> None:
    facts = parse_document(f"{line}\n\n{PROSE}\n").facts
    assert (facts.directors, facts.runtime_minutes) == ((director,), minutes)


def test_a_time_limit_at_the_end_of_sentences_is_no_runtime() -> None:
    text = (
        f"Film night quiz: one point per right answer. Twelve questions, 20 minutes.\n\n{PROSE}\n"
    )
    assert parse_document(text).facts.runtime_minutes is None
    # the credit-line form it must not take away:
    credit = f"Drama, 98 minutes\n\n{PROSE}\n"
    assert parse_document(credit).facts.runtime_minutes == 98
