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


SCHEDA = """Le otto montagne
Un film di Felix van Groeningen. Con Luca Marinelli, Alessandro Borghi.

Pubblico: 3,90 (1.204 voti)  ·  Critica: 3,50

Due amici, una baita da ricostruire e vent'anni di silenzi tra le montagne della Valle d'Aosta.
Giudizio: ★★★★☆
"""


def test_a_press_average_beside_the_public_s_is_an_aggregate_on_the_same_scale() -> None:
    doc = parse_document(SCHEDA)
    assert [(a.score, a.votes) for a in doc.aggregates] == [(7.8, 1204), (7.0, None)]
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(8.0, "★★★★☆")]


def test_my_own_critique_is_no_press_average() -> None:
    text = SCHEDA.replace("Giudizio: ★★★★☆", "La mia critica: 8/10")
    assert 8.0 not in [a.score for a in parse_document(text).aggregates]


def test_on_a_ten_point_page_two_low_averages_without_votes_stay_unread() -> None:
    text = SCHEDA.replace(" (1.204 voti)", "").replace("★★★★☆", "8/10")
    doc = parse_document(text)
    assert (doc.aggregates, [r.score for r in doc.reviews]) == ((), [8.0])


def test_a_credit_sentence_in_the_table_s_words_names_the_director() -> None:
    facts = parse_document(SCHEDA).facts
    assert (facts.directors, facts.cast) == (
        ("Felix van Groeningen",),
        ("Luca Marinelli", "Alessandro Borghi"),
    )


SIDE_BOXES = """Neu im Kino diese Woche

1. Anatomie eines Falls
Ein Sturz aus dem Fenster, ein Prozess, ein Sohn, der zwischen den Eltern steht.
                                          | Regie: Justine Triet
                                          | Wertung: ★★★★☆
                                          | Leser: 4,1 (212 Stimmen)

2. Wonka
Viel Schokolade, wenig Biss, aber Timothée Chalamet singt tapfer.
                                          | Regie: Paul King
                                          | Wertung: ★★★☆☆
"""


def test_a_box_with_a_bar_down_its_left_side_belongs_to_the_item_above() -> None:
    doc = parse_document(SIDE_BOXES)
    assert [(r.title, r.score) for r in doc.reviews] == [
        ("Anatomie eines Falls", 8.0),
        ("Wonka", 6.0),
    ]
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.2, 212)]


def test_a_markdown_table_row_keeps_its_cells() -> None:
    doc = parse_document("| Film | Wertung |\n|---|---|\n| Wonka | 6/10 |\n| Saltburn | 7/10 |\n")
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(6.0, "6/10"), (7.0, "7/10")]


def test_a_bare_count_in_brackets_after_the_raters_average_is_their_number() -> None:
    text = (
        "Past Lives\n\nZwei Kindheitsfreunde, zwanzig Jahre, zwei Kontinente.\n\n"
        "| Wertung: ★★★★☆\n| Leser: 4,3 (1.208)\n"
    )
    assert [(a.score, a.votes) for a in parse_document(text).aggregates] == [(8.6, 1208)]


def test_a_year_in_brackets_after_an_average_is_no_count() -> None:
    text = "Heat\n\nA heist in Los Angeles.\n\nReaders: 8.1 (1995)\n"
    assert [(a.score, a.votes) for a in parse_document(text).aggregates] == [(8.1, None)]
