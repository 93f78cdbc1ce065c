"""Social captions listing films in lower case, each with its score and a comment."""

from __future__ import annotations

from bot.parsing import parse_document

CAPTION = """@nightowl.films
ranking the ghibli films i rewatched this month pt. 2

spirited away 10/10 — the train scene, no notes
porco rosso 8/10 — a pig with a plane, what else do u need
the cat returns 6.5/10 — cute but thin

#ghibli #filmtok
"""


def test_each_lower_case_caption_line_scores_its_own_film() -> None:
    reviews = parse_document(CAPTION).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("spirited away", 10.0),
        ("porco rosso", 8.0),
        ("the cat returns", 6.5),
    ]


def test_a_single_lower_case_line_names_no_film() -> None:
    text = "watched it again last night\n\nhonestly 8/10 — the ending still works on me\n"
    assert [r.title for r in parse_document(text).reviews] == [None]


def test_the_writer_speaking_is_no_title() -> None:
    text = "my picks\n\ni'd say 8/10 — fun\ni'd give it 6/10 — long\n"
    titles = {r.title for r in parse_document(text).reviews}
    assert not titles & {"i'd say", "i'd give it"}
