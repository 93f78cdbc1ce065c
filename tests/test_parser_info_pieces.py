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


def test_words_broken_by_a_printed_page_s_hyphens_are_read_whole() -> None:
    text = (
        "THE CONVERSATION ***\n\n"
        "Paramount. Produced by Fred Roos. Di-\n"
        "rected by Francis Ford Coppola. Screenplay by\n"
        "Francis Ford Coppola. 113 minutes. Rated PG.\n\n"
        "Harry Caul records a couple in a crowded square and cannot stop listen-\n"
        "ing to the tape. Gene Hackman plays him as a man who has folded him-\n"
        "self away, and the last scene, in a flat he has taken apart to the floor-\n"
        "boards, is as lonely as any in the decade.\n"
    )
    doc = parse_document(text)
    assert doc.facts.directors == ("Francis Ford Coppola",)
    assert doc.facts.runtime_minutes == 113
    assert "listening to the tape" in doc.reviews[0].text


def test_a_lone_break_keeps_a_compound_word_s_hyphen() -> None:
    text = (
        "Rating: 7/10\n\n"
        "A slow and patient thriller about a man who listens too much, and a well-\n"
        "made one: the sound design alone is worth the ticket.\n"
    )
    assert "a well-made one" in parse_document(text).reviews[0].text


def test_a_hyphen_before_a_capital_or_a_number_joins_nothing() -> None:
    text = "Directed by Agnès Varda -\nCléo from 5 to 7 (1962)\n"
    assert parse_document(text).facts.directors == ("Agnès Varda",)


def test_a_credit_s_label_left_at_the_end_of_a_line_is_no_name() -> None:
    text = "Gaumont. Directed by Jean Renoir. Screenplay by\nCharles Spaak and Jean Renoir.\n"
    assert parse_document(text).facts.directors == ("Jean Renoir",)


def test_labelled_pieces_joined_by_dashes() -> None:
    text = (
        "REPO MAN\n"
        "Réalisation : Alex Cox — États-Unis, 1984 — durée : 1h32\n\n"
        "Un punk, une Chevrolet Malibu et quelque chose dans le coffre.\n"
    )
    facts = parse_document(text).facts
    assert facts.directors == ("Alex Cox",)
    assert facts.runtime_minutes == 92


def test_a_fanzine_s_abbreviated_credit_and_editors_mark() -> None:
    text = (
        "BAD TASTE\n"
        "Réal. : Peter Jackson\n\n"
        "Des extraterrestres, une tronçonneuse, aucun budget.\n\n"
        " GORE-O-MÈTRE ........ 5/5\n"
        " NOTE DE LA RÉDAC' ... 15/20\n"
    )
    doc = parse_document(text)
    assert doc.facts.directors == ("Peter Jackson",)
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(7.5, "15/20")]


def test_pieces_set_apart_by_other_dots() -> None:
    for dot in ("‧", "∙", "⋅"):
        text = f"Aftersun\n2022 {dot} Drama {dot} 1h 42m\n\nA holiday in Turkey.\n"
        assert parse_document(text).facts.runtime_minutes == 102


def test_a_time_of_day_before_a_title_is_no_runtime() -> None:
    text = (
        "Maratón de terror\n\n"
        "21:45 · Suspiria (1977)\n"
        "Los colores de Argento en pantalla grande.\n\n"
        "23:40 · Rec (2007)\n"
        "El último piso, la cámara nocturna.\n"
    )
    assert parse_document(text).facts.runtime_minutes is None


def test_hours_and_minutes_with_a_colon_are_a_runtime() -> None:
    text = "Suspiria (1977)\n1977 · 1:38 · Italy\n"
    assert parse_document(text).facts.runtime_minutes == 98
