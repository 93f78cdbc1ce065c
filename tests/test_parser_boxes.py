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
