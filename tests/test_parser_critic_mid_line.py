"""The critic's labelled score where a sentence of prose precedes it on its line, or
spelled out in words after its label."""

from __future__ import annotations

from bot.parsing import parse_document


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


def test_a_possessive_mark_after_a_quote_on_the_same_line() -> None:
    text = (
        "STAFF PICKS\n\n"
        'The Third Man (1949). "The zither never lets you relax."\n'
        'Vienna in ruins and Orson Welles arriving late. "Worth it for the sewers." '
        "Ana's mark: 9, with a warning: the ending is cold.\n"
    )
    assert _scores(text) == [(9.0, "9")]


def test_a_labelled_score_closing_a_prose_line_names_the_critic_in_its_label() -> None:
    text = (
        "Nuovo Cinema Paradiso (1988)\n"
        "Totò cresce nella sala del paese. Il voto della redazione: 9\n"
    )
    assert _scores(text) == [(9.0, "9")]


def test_a_mark_spelled_out_after_its_label() -> None:
    text = "Local Hero (1983)\n\nAn oil man falls for a village.\nTom's mark: eight.\n"
    assert _scores(text) == [(8.0, "eight")]


def test_a_word_after_a_label_that_is_no_number_is_no_score() -> None:
    text = "Local Hero (1983)\n\nAn oil man falls for a village.\nTom's mark: great.\n"
    assert _scores(text) == []


def test_a_label_in_the_middle_of_a_sentence_is_no_score() -> None:
    text = (
        "Local Hero (1983)\n\n"
        "The critics gave it this mark: 9 and then forgot it, which is a shame.\n"
    )
    assert _scores(text) == []


def test_a_score_label_naming_who_gives_it() -> None:
    text = (
        "La sélection de Paul\n\n"
        "Un homme et une femme, de Claude Lelouch. Deauville, la plage, le chabada.\n"
        "Note de Paul : 16/20\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.score, r.raw_score, r.author) for r in reviews] == [(8.0, "16/20", "Paul")]


def test_a_category_label_naming_a_person_stays_a_category() -> None:
    text = (
        "Un homme et une femme (1966)\n\n"
        "Deauville, la plage, le chabada.\n"
        "Musique de Francis : 4/5\n"
        "Note : 8/10\n"
    )
    assert _scores(text) == [(8.0, "8/10")]


def test_a_committee_s_verdict_with_its_star_range_in_the_label() -> None:
    text = (
        "CINEFORUM SAN ROCCO · Scheda n. 4\n\n"
        "IL POSTINO\n"
        "Regia di Michael Radford · Durata: 108 minuti\n\n"
        "Un postino, un poeta in esilio e una bicicletta.\n\n"
        "Il giudizio della commissione (da ★ a ★★★★): ★★★½\n"
    )
    assert _scores(text) == [(8.75, "★★★½")]


def test_a_committee_s_verdict_on_the_usual_five_stars() -> None:
    text = (
        "Sala Aurora\n\n"
        "Il postino (1994)\n"
        "Un postino, un poeta in esilio e una bicicletta.\n\n"
        "Giudizio della commissione cineforum: ★★★★\n"
    )
    assert _scores(text) == [(8.0, "★★★★")]


def test_a_range_of_stars_alone_is_a_legend_not_a_score() -> None:
    text = (
        "Notre échelle (de ★ à ★★★★★) :\n\n"
        "Le Samouraï (1967)\n"
        "Alain Delon, un chapeau, un canari.\n"
        "Note : ★★★★\n"
    )
    assert _scores(text) == [(8.0, "★★★★")]


def test_a_spoken_half_mark_followed_by_a_sentence() -> None:
    text = (
        "Visto ieri sera: Perfetti sconosciuti.\n"
        "Una cena, sette telefoni sul tavolo.\n"
        "Voto mio: 6 e mezzo. Il finale è troppo furbo.\n"
    )
    assert _scores(text) == [(6.5, "6 e mezzo")]


def test_a_whole_number_after_a_label_and_before_a_sentence_is_no_mark() -> None:
    text = "Perfetti sconosciuti (2016)\n\nVoto: 4. Il resto lo dirò al cineforum.\n"
    assert _scores(text) == []


def test_a_cinema_programmer_s_rating_is_the_critic_s() -> None:
    text = (
        "BRIEF ENCOUNTER (PG)\n\n"
        "From our programmer\n"
        "Two strangers, a railway café and a piece of grit in an eye.\n"
        "Our programmer's rating: ★★★★\n\n"
        "Audience rating 4.6 / 5 (120 ratings)\n"
    )
    assert _scores(text) == [(8.0, "★★★★")]


def test_a_mark_of_fifteen_out_of_twenty_is_no_certificate() -> None:
    text = "Le Samouraï (1967)\n\nAlain Delon, un chapeau, un canari.\n\nNote : 15/20\n"
    assert _scores(text) == [(7.5, "15/20")]


def test_a_bare_fifteen_after_a_rating_label_stays_a_certificate() -> None:
    text = "Trainspotting (1996)\n\nRating: 15\nRunning time: 94 minutes\n"
    assert _scores(text) == []
