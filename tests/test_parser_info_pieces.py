"""A film's info line whose other pieces are unknown (country, colour, languages) still
gives its runtime when it holds a year and a feature's length."""

from __future__ import annotations

from bot.parsing import parse_document


def test_a_year_and_a_length_among_unknown_pieces() -> None:
    text = (
        "BRIEF ENCOUNTER (PG)\n"
        "1945 · UK · 86 mins · Black & white · English with subtitles for the hard of hearing\n"
        "Directed by David Lean\n"
    )
    facts = parse_document(text).facts
    assert facts.runtime_minutes == 86
    assert facts.directors == ("David Lean",)


def test_a_short_length_with_a_year_among_unknown_pieces_is_no_runtime() -> None:
    text = "Posted 2021 · Essays · 12 min · Comments · Share this with friends\n"
    assert parse_document(text).facts.runtime_minutes is None


def test_a_credit_s_label_left_at_the_end_of_a_line_is_no_name() -> None:
    text = "Gaumont. Directed by Jean Renoir. Screenplay by\nCharles Spaak and Jean Renoir.\n"
    assert parse_document(text).facts.directors == ("Jean Renoir",)
