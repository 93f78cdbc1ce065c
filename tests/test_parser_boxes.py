"""A magazine's facts and scores box, drawn with box-drawing lines."""

from __future__ import annotations

from bot.parsing import parse_document

BOX = """Petite Maman

A girl meets her mother as a child in the woods behind her grandmother's house, and the
film never explains it, which is the right choice for a story this small and this exact.

┌──────────────────────────────┐
│ PETITE MAMAN                 │
│ Regie: Céline Sciamma        │
│ Laufzeit: 72 Minuten         │
│                              │
│ Unsere Wertung: ★★★★☆        │
│ Leserwertung: 4,1 (88 Stimmen)│
└──────────────────────────────┘
"""


def test_the_frame_of_a_box_hides_none_of_its_facts_or_scores() -> None:
    doc = parse_document(BOX)
    assert (doc.facts.directors, doc.facts.runtime_minutes) == (("Céline Sciamma",), 72)
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(8.0, "★★★★☆")]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.2, 88)]


SHEET = """El espíritu de la colmena
Año              1973
Duración         97 min.
Dirección        Víctor Erice
Reparto          Ana Torrent, Isabel Tellería

Nota media       7,9
                 20.114 votos
Tu voto          9

Una niña, un pueblo de Castilla y una película de Frankenstein que lo cambia todo.
"""


def test_a_facts_sheet_in_two_aligned_columns_reads_label_then_value() -> None:
    doc = parse_document(SHEET)
    assert (doc.facts.directors, doc.facts.runtime_minutes) == (("Víctor Erice",), 97)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(7.9, 20114)]


def test_your_vote_on_a_spanish_sheet_is_the_writer_s_score() -> None:
    assert [(r.score, r.raw_score) for r in parse_document(SHEET).reviews] == [(9.0, "9")]


def test_a_table_header_with_three_columns_is_no_label_and_value() -> None:
    text = (
        "Film           Director        Score\n"
        "Title          Year            Notes\n"
        "Label          Studio          Rank\n\n"
        "A list of what we watched this spring, without our scores.\n"
    )
    doc = parse_document(text)
    assert (doc.facts.title, doc.facts.directors) == (None, ())
