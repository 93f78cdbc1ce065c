"""A course or club schedule: "Week 2 — Rashomon (…)" names the film, not the week."""

from __future__ import annotations

from bot.parsing import parse_document

SCHEDULE = """Spring programme

(My own mark follows each film, out of 10.)

Week 1 — Late Spring (Yasujirō Ozu, Japan 1949, 108 min)
Notes on the tea ceremony scene. My mark: 9/10

Week 2 — Pickpocket (Robert Bresson, France 1959, 76 min)
My mark: 7/10
"""


def test_each_mark_goes_to_the_film_named_after_the_week() -> None:
    reviews = parse_document(SCHEDULE).reviews
    assert [(r.title, r.score) for r in reviews] == [("Late Spring", 9.0), ("Pickpocket", 7.0)]


def test_a_session_in_french_is_no_title_either() -> None:
    text = SCHEDULE.replace("Week 1", "Séance 1").replace("Week 2", "Séance 2")
    assert [r.title for r in parse_document(text).reviews] == ["Late Spring", "Pickpocket"]
