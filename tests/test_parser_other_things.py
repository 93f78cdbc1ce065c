"""Things a page rates that are not the film (a book, a hotel, a play, a restaurant, a
course, a record), sub-ratings beside the verdict, and legends that govern the stars below
them: none of these is the critic's score of the film or the film's aggregate."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.inline import title_of, without_date
from bot.parsing.legends import continued_step_list_scale
from bot.parsing.otherthings import names_other_thing


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews if r.score is not None]


def _aggregates(text: str) -> list[tuple[float, int | None]]:
    return [(a.score, a.votes) for a in parse_document(text).aggregates]


# ------------------------------------------------------------- sections about other things


def test_a_book_section_s_stars_and_average_are_not_the_film_s() -> None:
    text = (
        "Page and screen: Atonement\n\n"
        "THE BOOK\n"
        "Ian McEwan, 2001, 371 pages\n"
        "My rating: ★★★★★\n"
        "Readers' average: 3.9 (600,120 ratings)\n\n"
        "The novel's last chapter turns everything round.\n\n"
        "THE FILM\n"
        "Directed by Joe Wright · 2007 · 123 minutes\n\n"
        "The Dunkirk shot is a show-off, and a great one.\n\n"
        "My rating: ★★★★\n"
    )
    doc = parse_document(text)
    assert _scores(text) == [(8.0, "★★★★")]
    assert doc.aggregates == ()
    assert doc.facts.runtime_minutes == 123
    assert doc.facts.year == 2007


def test_a_weekend_guide_keeps_its_film_stars_and_drops_theatre_music_and_food() -> None:
    text = (
        "GUIA DO FIM DE SEMANA\n\n"
        "CINEMA\n"
        "Aquarius ★★★★\n"
        "de Kleber Mendonça Filho · M/12\n"
        "Sônia Braga defende o prédio e a memória.\n\n"
        "TEATRO\n"
        "O Avarento ★★★\n"
        "Teatro da Trindade · até 12 de abril\n\n"
        "MÚSICA\n"
        "Orquestra Gulbenkian ★★★★★\n\n"
        "À MESA\n"
        "Tasca do Zé ★★ — bitoque a 9 €\n"
    )
    assert _scores(text) == [(8.0, "★★★★")]


def test_a_section_about_another_thing_ends_at_the_next_heading() -> None:
    text = "LE LIVRE\nNote : 3/5\n\nLE FILM\nNote : 4/5\n"
    assert _scores(text) == [(8.0, "4/5")]


def test_a_film_heading_alone_opens_no_section_to_set_aside() -> None:
    text = "THE FILM\nMy rating: 7/10\n\nTHE VERDICT\nWorth the trip.\n"
    assert _scores(text) == [(7.0, "7/10")]


def test_a_sentence_mentioning_a_book_is_no_heading() -> None:
    text = "Based on the book.\nA careful adaptation that trusts its actors.\n\nRating: 8/10\n"
    assert _scores(text) == [(8.0, "8/10")]


# ------------------------------------------------------------ lines naming another thing


def test_a_hotel_s_stars_at_the_top_of_its_cinema_guide_are_no_film_score() -> None:
    text = (
        "HÔTEL DU PORT ★★★\n"
        "Guide de la chambre\n\n"
        "Notre film du soir : Les Demoiselles de Rochefort\n"
        "Note : 4/5\n"
    )
    assert _scores(text) == [(8.0, "4/5")]


def test_names_other_thing_wants_the_thing_first() -> None:
    assert names_other_thing("Restaurant Le Lac: 4/5")
    assert names_other_thing("• Hotel Bellevue ★★★★")
    assert names_other_thing("Albergo Miramare ★★★")
    assert not names_other_thing("The Grand Budapest Hotel ★★★★★")
    assert not names_other_thing("Of course it gets 8/10")
    assert not names_other_thing("Rating: ★★★★")


def test_a_course_s_rating_by_its_participants_is_no_aggregate() -> None:
    text = (
        "Filmgespräch: Der Himmel über Berlin\n"
        "Regie: Wim Wenders · 128 Minuten\n\n"
        "So bewerten Teilnehmende diesen Kurs: 4,7 von 5 (31 Bewertungen)\n"
    )
    assert _aggregates(text) == []


def test_an_album_s_listener_rating_is_no_aggregate_of_the_film() -> None:
    text = (
        "Soundtrack review: Drive\n\n"
        "Listeners' rating for this album: 4.4 / 5 (1,902 ratings)\n"
        "IMDb: 7.8/10 (700,000 votes)\n"
    )
    assert _aggregates(text) == [(7.8, 700000)]


# ------------------------------------------------------------------------- sub-ratings


def test_a_row_of_content_ratings_is_no_verdict() -> None:
    text = (
        "Coraline (2009), reviewed by Sam, age 10\n\n"
        "The other mother has buttons for eyes and that was the scariest part.\n\n"
        "Scary bits: 4/5 · Bad language: 1/5 · Things to talk about: 3/5\n"
    )
    assert _scores(text) == []


def test_a_row_of_sub_ratings_still_gives_its_overall_score() -> None:
    text = (
        "Coraline (2009)\n\n"
        "The other mother has buttons for eyes.\n\n"
        "Story: 4/5 · Animation: 5/5 · Overall: 4/5\n"
    )
    assert _scores(text) == [(8.0, "4/5")]


def test_a_title_and_its_score_is_no_row_of_sub_ratings() -> None:
    text = "Short takes\n\nParis, Texas (1984): 9/10\n"
    assert _scores(text) == [(9.0, "9/10")]


# -------------------------------------------------------------- legends over two lines


def test_a_legend_broken_over_two_lines_sets_a_four_star_scale() -> None:
    text = (
        "FILMS IN REVIEW Ratings: **** excellent\n"
        "*** good ** fair * poor\n\n"
        "THE CONVERSATION ***\n\n"
        "Gene Hackman listens to a tape until it says something else.\n"
    )
    assert _scores(text) == [(7.5, "***")]


def test_a_legend_on_one_line_keeps_its_scale() -> None:
    text = (
        "Key: ★★★★ excellent · ★★★ good · ★★ fair · ★ poor\n\n"
        "The Conversation ★★★\n\n"
        "Gene Hackman listens to a tape until it says something else.\n"
    )
    assert _scores(text) == [(7.5, "★★★")]


def test_continued_step_list_scale_wants_stars_on_both_lines() -> None:
    assert continued_step_list_scale("Ratings: **** excellent", "*** good ** fair * poor") == 4
    assert continued_step_list_scale("Our ratings", "*** good ** fair * poor") is None
    assert continued_step_list_scale("", "*** good ** fair * poor") is None


# ---------------------------------------------------------------------------- credits


def test_a_producer_after_the_director_is_not_a_second_director() -> None:
    text = "Directed by Jane Campion · produced by Jan Chapman · 1993 · 121 minutes\n"
    assert parse_document(text).facts.directors == ("Jane Campion",)


def test_a_second_director_after_a_separator_is_still_kept() -> None:
    text = "Directed by Joel Coen · Ethan Coen · 1996 · 98 minutes\n"
    assert parse_document(text).facts.directors == ("Joel Coen", "Ethan Coen")


# ------------------------------------------------------------------------ mail headers


def test_a_mail_s_sender_is_no_director() -> None:
    text = (
        "De: Prensa · Golem Distribución\n"
        "Para: Ana Ruiz\n"
        "Fecha: martes, 4 de abril de 2023\n"
        "Asunto: Cinco lobitos, pase de prensa\n\n"
        "Hola, Ana:\n\n"
        "FICHA\n"
        "Dirección: Alauda Ruiz de Azúa\n"
        "Duración: 104 min\n"
    )
    facts = parse_document(text).facts
    assert facts.directors == ("Alauda Ruiz de Azúa",)
    assert facts.runtime_minutes == 104


def test_a_page_opening_with_a_credit_keeps_it() -> None:
    text = (
        "De: Pedro Almodóvar\nDuración: 112 min\n\nUna madre, una hija y un pueblo de La Mancha.\n"
    )
    assert parse_document(text).facts.directors == ("Pedro Almodóvar",)


# ------------------------------------------------------- facts of another thing's parts


def test_an_album_s_length_and_track_times_are_no_runtime() -> None:
    text = (
        "Soundtrack review: Under the Skin (Original Score)\n"
        "Milan Records · 2014 · 14 tracks · 53 min\n\n"
        "Mica Levi's strings slide like something breathing.\n\n"
        "Best tracks: Love (3:52) · Lipstick to Void (4:07)\n"
    )
    assert parse_document(text).facts.runtime_minutes is None


def test_a_music_credit_beside_the_runtime_keeps_both() -> None:
    text = "Music: Mica Levi · 108 min\n"
    facts = parse_document(text).facts
    assert facts.runtime_minutes == 108
    assert facts.music == ("Mica Levi",)


# ---------------------------------------------------------------- a day heading a film


def test_a_weekday_and_month_heading_is_no_title() -> None:
    assert without_date("SABATO 12 LUGLIO — serata speciale") == "serata speciale"
    assert title_of("SABATO 12 LUGLIO") is None
    assert without_date("Fri 12 May — Heat") == "Heat"
    assert without_date("Thu 06 May December") == "May December"


def test_scores_under_day_headings_go_to_the_films_below_them() -> None:
    text = (
        "CINEMA ALL'APERTO — Programma di agosto\n\n"
        "VENERDÌ 1 AGOSTO\n"
        "Nuovo Cinema Paradiso (1988) — di Giuseppe Tornatore\n"
        "Totò cresce in sala, tra tagli del parroco e pellicole che bruciano.\n"
        "Voto: 9\n\n"
        "SABATO 2 AGOSTO — serata speciale con l'autore in sala\n"
        "Il sorpasso (1962) — di Dino Risi\n"
        "Una spider, l'Aurelia, un Ferragosto che finisce male.\n"
        "Voto: 8\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Nuovo Cinema Paradiso", 9.0),
        ("Il sorpasso", 8.0),
    ]


# ------------------------------------------------------- the film's own line among others


def test_the_film_s_line_beside_a_wine_s_is_the_critic_s_score() -> None:
    text = (
        "FILM AND A BOTTLE\n\n"
        "This week: Babette's Feast (1987)\n\n"
        "A cook spends her lottery money on one dinner for a village that fears pleasure.\n\n"
        "THE FILM ........................ 9/10\n\n"
        "THE BOTTLE\n"
        "A Burgundy, as in the film, about $60.\n"
        "THE WINE ........................ 88/100\n"
    )
    assert _scores(text) == [(9.0, "9/10")]


def test_two_film_lines_are_left_alone() -> None:
    text = (
        "Double bill\n\n"
        "Two films about dinners.\n\n"
        "THE FILM ........ 9/10\n\n"
        "Then another.\n\n"
        "THE FILM ........ 6/10\n"
    )
    assert _scores(text) == []


def test_a_german_compound_of_film_and_verdict_labels_the_critic_s_score() -> None:
    text = (
        "DREHORTE IN QUEDLINBURG\n\n"
        "Die Stadt spielt das Mittelalter, und der Film spielt mit ihr.\n"
        "Unser Filmurteil: ★★★★\n"
    )
    assert _scores(text) == [(8.0, "★★★★")]


# ------------------------------------------------------------ bulleted capsule heads


def test_bulleted_items_with_credits_name_their_capsules_films() -> None:
    text = (
        "La sélection du mois de Paul.\n\n"
        "• Le Samouraï — Jean-Pierre Melville, 1967, 1 h 45\n"
        "  Un tueur, un chapeau, un canari.\n"
        "  Note de Paul : 17/20\n\n"
        "• Playtime — Jacques Tati, 1967, 2 h 04\n"
        "  Une ville de verre et un monsieur perdu dedans.\n"
        "  Note de Paul : 15/20\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("Le Samouraï", 8.5), ("Playtime", 7.5)]
