"""Page-level reading of reviews: star legends, list and diary titles, forum posts,
scores said inside a sentence."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.legends import legend_blocks, scale_legend, stated_star_scale, step_list_scale
from bot.parsing.posts import is_post_header, poster, thread_film
from bot.parsing.quotes import is_quote_header
from bot.parsing.spoken import score_in_sentence


def _scores(text: str) -> list[tuple[str | None, float | None]]:
    return [(r.title, r.score) for r in parse_document(text).reviews]


def test_ascii_star_legend_sets_the_scale_of_the_stars_below_it() -> None:
    text = (
        "WEEKEND PICKS (ratings out of ****)\n\nHeat ***1/2\nMann's cops and robbers, "
        "at their most precise.\n\nThief **\nStylish, and hollow at its centre.\n"
    )
    assert _scores(text) == [("Heat", 8.75), ("Thief", 5.0)]


def test_one_line_legend_list_gives_its_top_step_as_the_scale() -> None:
    text = (
        "Notre échelle : ★ à éviter · ★★ pourquoi pas · ★★★ à voir · ★★★★ chef-d'œuvre\n\n"
        "La Chimère ★★★\nUn pilleur de tombes rêveur, et Josh O'Connor en état de grâce.\n\n"
        "Le Règne animal ★★\nUne belle idée qui s'essouffle à mi-chemin.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("La Chimère", 7.5),
        ("Le Règne animal", 5.0),
    ]
    assert not any("échelle" in r.text for r in reviews)


def test_legend_written_one_step_per_line_is_never_a_score() -> None:
    text = (
        "HOW WE RATE\n★★★★ — must see\n★★★ — good\n★★ — fair\n★ — skip it\n\n"
        "Past Lives ★★★★\nA quiet ache that stays for days.\n\n"
        "Argylle ★\nTwo hours of twists nobody asked for.\n"
    )
    assert _scores(text) == [("Past Lives", 10.0), ("Argylle", 2.5)]


def test_stars_with_no_stated_scale_stay_out_of_five() -> None:
    text = "Past Lives ★★★★\nA quiet ache.\n\nArgylle ★\nTwo hours of twists.\n"
    assert _scores(text) == [("Past Lives", 8.0), ("Argylle", 2.0)]


def test_legend_helpers_refuse_lists_of_films() -> None:
    assert step_list_scale("Heat ★★★★ Thief ★★★ Ronin ★★") is None
    assert step_list_scale("Roundup: ★★★★ Heat ★★★ Thief ★★ Ronin") is None
    assert step_list_scale("★★★★ excellent ★★★ good ★★ fair ★ poor") == 4
    assert stated_star_scale("(ratings out of ****)") == 4
    assert stated_star_scale("Heat ****") is None
    assert legend_blocks(["★★★★★ Heat", "★★★★ Thief", "★★★ Ronin"]) == {}


def test_ranked_list_items_give_their_titles_without_the_rank() -> None:
    text = (
        "My three favourite Westerns, ranked.\n\n"
        "#3. Rio Bravo (1959) — 8/10\nHawks at his most relaxed, and Dean Martin's finest hour.\n\n"
        "#2. Unforgiven (1992) — 9/10\nEastwood buries the genre he grew up in.\n\n"
        "1) The Searchers (1956) — 9.5/10\nThe door closes and the whole genre changes.\n"
    )
    assert _scores(text) == [("Rio Bravo", 8.0), ("Unforgiven", 9.0), ("The Searchers", 9.5)]


def test_diary_day_numbers_are_not_part_of_titles() -> None:
    text = (
        "March diary\n\n"
        "03  Tampopo  1985  ★★★★½  ♥  ↻\n     Ramen as a western, and every detour is a gift.\n\n"
        "07  Cure  1997  ★★★★\n     The quietest horror film ever made.\n\n"
        "12  Pulse  2001  ★★★\n     Lonelier than scary, which is the point.\n"
    )
    assert _scores(text) == [("Tampopo", 9.0), ("Cure", 8.0), ("Pulse", 6.0)]


def test_a_zero_padded_day_is_stripped_even_alone() -> None:
    text = "Diary\n\n08  Paprika  2006  ★★★½\n  The parade is a masterpiece.\n"
    doc = parse_document(text)
    assert [(r.score, r.title or doc.facts.title) for r in doc.reviews] == [(7.0, "Paprika")]


def test_a_title_opening_with_a_number_keeps_it_beside_other_titles() -> None:
    text = (
        "12 Angry Men (1957) ★★★★★\nA jury room, and nothing else is needed.\n\n"
        "Heat (1995) ★★★★\nTwo men, one diner, the best scene of the decade.\n"
    )
    assert _scores(text) == [("12 Angry Men", 10.0), ("Heat", 8.0)]


def test_sentence_case_capsule_heading_with_stars_is_a_title() -> None:
    text = (
        "Trois films\n\nLes Trois Mousquetaires ★★\nDu spectacle, sans élan.\n\n"
        "Anatomie d'une chute ★★★★\nUn procès, un couple, une année de cinéma.\n"
    )
    assert _scores(text) == [("Les Trois Mousquetaires", 4.0), ("Anatomie d'une chute", 8.0)]


def test_a_short_verdict_line_with_stars_alone_stays_a_verdict() -> None:
    text = "Anatomie d'une chute\n\nUn procès, un couple, une année de cinéma.\n\nLoved it ★★★★\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [(None, 8.0)]


def test_post_headers_are_not_titles_and_each_post_keeps_its_score() -> None:
    text = (
        "Forum › Klassiker\n\nThema: Der Himmel über Berlin (1987) – eure Meinung?\n\n"
        "#1 — filmfan, 02.03.2024, 20:15\nGestern im Kino gesehen, die Bibliothek ist magisch.\n"
        "Von mir 9/10.\n\n"
        "#2 — kinomaus, 02.03.2024, 21:40\nSchön, aber die zweite Hälfte zieht sich.\n"
        "Ich gebe 6 von 10 Punkten.\n\n"
        "#3 — filmfan, 03.03.2024, 08:02\nStimmt, Peter Falk ist der Beste!\n"
    )
    assert _scores(text) == [
        ("Der Himmel über Berlin", 9.0),
        ("Der Himmel über Berlin", 6.0),
    ]


def test_posts_name_their_films_when_a_post_opens_on_a_film_and_its_year() -> None:
    text = (
        "Forum › Ultimo film visto\n\n"
        "Messaggio #1 — anna_b — 3 marzo, 22:10\nI soliti ignoti (1958). Ancora perfetto.\n"
        "Voto: 9\n\n"
        "Messaggio #2 — piero — 3 marzo, 23:45\nMediterraneo, finalmente. Carino e leggero.\n"
        "7/10\n"
    )
    assert _scores(text) == [("I soliti ignoti", 9.0), ("Mediterraneo", 7.0)]


def test_a_bare_opening_fragment_is_no_title_without_the_threads_convention() -> None:
    text = (
        "Post #1 — ana — 10/11/2024 20:41\nSaí do cinema em silêncio. Que filme.\nNota 9.\n\n"
        "Post #2 — tiago — 10/11/2024 22:05\nLongo demais, mas bonito.\nDou 7,5/10.\n"
    )
    assert _scores(text) == [(None, 9.0), (None, 7.5)]


def test_post_header_helpers() -> None:
    assert is_post_header("Beitrag #3")
    assert is_post_header("postado por marina_rj em 10/11/2024 às 20:41")
    assert not is_post_header("#4. Inside Man (2006) — 7/10")
    assert not is_post_header("#2 Best Movie of 2021")
    assert thread_film('Tópico: "Ainda Estou Aqui" — o que acharam?') == "Ainda Estou Aqui"
    assert thread_film("Topic: what did you all watch this week?") is None


def test_a_capsules_own_heading_wins_over_the_page_header() -> None:
    text = (
        "GUÍA DE ESTRENOS — Semana del 12 de enero\n\nDos estrenos. Puntuamos de 0 a 5.\n\n"
        "EL 47\nDirección: Marcel Barrena. Duración: 110 min.\nUn autobús contra una ciudad.\n"
        "Puntuación: 3,5/5\n\n"
        "SEGUNDO PREMIO\nDirección: Isaki Lacuesta. Duración: 110 min.\nUn grupo, una gira.\n"
        "Puntuación: 4/5\n"
    )
    assert _scores(text) == [("El 47", 7.0), ("Segundo Premio", 8.0)]


def test_first_person_score_ending_a_sentence_inside_a_chat_line() -> None:
    text = (
        "#film-club\n\n[20:01] noor: back from Dune Part Two\n"
        "[20:03] noor: honestly I'd give it a solid 8 out of 10. the desert fight is unreal\n"
        "[20:04] sam: for me it's a 6.5/10. way too long\n"
        "[20:05] sam: we sat in row 12 and it was loud\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.author, r.score, r.raw_score) for r in reviews] == [
        ("noor", 8.0, "8 out of 10"),
        ("sam", 6.5, "6.5/10"),
    ]


def test_scores_inside_sentences_that_are_not_the_writers_own_stay_prose() -> None:
    for line in (
        "She gave it 7 out of 10. I think she is wrong about the ending",
        "I'd give Heat 9/10. this one is not close to it",
        "I gave it 6/10. then my brother gave it 9/10. we argued all night",
        "in 2019 about 7 out of 10 people saw it on a phone. sad",
    ):
        assert [r.score for r in parse_document(f"chat\n\n[20:03] noor: {line}\n").reviews] in (
            [],
            [None],
        ), line


def test_scores_in_words_with_an_article_after_the_verb() -> None:
    for text, value in (
        ("Le doy un siete sobre diez.", 7.0),
        ("Je lui donne un sept sur dix.", 7.0),
        ("Ich gebe ihm eine Sieben von zehn.", 7.0),
        ("Io gli do un sette e mezzo su dieci.", 7.5),
    ):
        assert [r.score for r in parse_document(f"Review\n\nA fine film.\n\n{text}\n").reviews] == [
            value
        ], text


def test_a_bracketed_scale_of_stars_on_a_heading_is_a_legend() -> None:
    text = "Reviews (out of ★★★★)\n\nHeat ★★★\nMann at his best.\n\nThief ★★\nNeon and steel.\n"
    assert _scores(text) == [("Heat", 7.5), ("Thief", 5.0)]


def test_a_score_stating_its_own_star_scale_is_no_legend() -> None:
    text = "Heat ★★★ (out of ★★★★)\n\nMann at his best.\n"
    assert [r.score for r in parse_document(text).reviews] == [7.5]


def test_rank_marks_of_every_shape_are_not_part_of_titles() -> None:
    for mark_two, mark_one in (("No. 2 —", "No. 1 —"), ("2.", "1."), ("[2]", "[1]")):
        text = (
            f"Top heists\n\n{mark_two} Heat (1995) - 9/10\nMann at his best.\n\n"
            f"{mark_one} Rififi (1955) - 9.5/10\nThe template.\n"
        )
        assert _scores(text) == [("Heat", 9.0), ("Rififi", 9.5)], mark_two


def test_reply_subject_lines_name_the_thread_film_and_separate_posts() -> None:
    text = (
        "Re: Heat (1995)\n\nReply #3 on: March 03, 2024, 10:12:44 PM\nStill great.\n"
        "My score: 9/10\n\nReply #4 on: March 04, 2024, 08:00:01 AM\nToo long.\n"
        "7/10 for me\n"
    )
    assert _scores(text) == [("Heat", 9.0), ("Heat", 7.0)]


def test_a_title_line_inside_a_post_names_its_film() -> None:
    text = (
        "Forum › Filme\n\nBeitrag von kinomaus » 12.03.2024, 10:12\nHeat (1995)\n"
        "Stark, aber lang.\nVon mir 8/10.\n\nBeitrag von filmfan » 12.03.2024, 11:40\n"
        "Thief (1981)\nNeon und Stahl.\nIch gebe 7 von 10 Punkten.\n"
    )
    assert _scores(text) == [("Heat", 8.0), ("Thief", 7.0)]


def test_a_range_of_stars_in_a_legend_gives_the_scale() -> None:
    for legend in (
        "Notation : de ★ (à éviter) à ★★★★ (chef-d'œuvre)",
        "Ratings run from ★ to ★★★★.",
    ):
        text = f"{legend}\n\nHeat ★★★\nMann at his best.\n\nThief ★★\nNeon and steel.\n"
        assert _scores(text) == [("Heat", 7.5), ("Thief", 5.0)], legend


def test_a_stated_range_of_numbers_sets_the_scale_of_bare_marks() -> None:
    text = (
        "GUÍA\n\nDos estrenos de la semana. Puntuamos de 0 a 5.\n\n"
        "EL 47\nUn autobús contra una ciudad.\nPuntuación: 3,5\n\n"
        "SEGUNDO PREMIO\nUn grupo, una gira.\nPuntuación: 4\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [("El 47", 7.0), ("Segundo Premio", 8.0)]
    assert "Dos estrenos" in reviews[0].text  # the legend's sentence stays in the prose


def test_a_short_range_legend_is_never_a_score_and_bare_marks_out_of_ten_stay() -> None:
    text = "Our ratings: 1-10\n\nHeat\nMann at his best.\nRating: 8\n"
    assert [r.score for r in parse_document(text).reviews] == [8.0]


def test_numbers_in_a_range_that_is_no_legend_change_nothing() -> None:
    assert scale_legend("He scored 0 to 5 goals in the final") is None
    assert scale_legend("The scale from 1 to 5 of hurricanes") is None
    assert scale_legend("Wir vergeben 1 bis 5 Sterne.") == 5
    text = "Heat\n\nHe scored 0 to 5 goals a season.\n\nRating: 4\n"
    assert [r.score for r in parse_document(text).reviews] == [4.0]


def test_diary_dates_with_month_or_weekday_names_are_not_part_of_titles() -> None:
    for first, second in (("Nov 06", "Nov 08"), ("Thu 06 —", "Sat 08 —"), ("6 nov.", "8 nov.")):
        text = (
            f"Diary\n\n{first}  Perfect Blue  1997  ★★★★½\nSkin crawl.\n\n"
            f"{second}  Paprika  2006  ★★★½\nThe parade.\n"
        )
        assert _scores(text) == [("Perfect Blue", 9.0), ("Paprika", 7.0)], first


def test_a_film_named_like_a_date_keeps_its_name() -> None:
    text = "May December (2023) ★★★★\nHaynes at his sharpest.\n\nHeat (1995) ★★★★★\nMann.\n"
    assert _scores(text) == [("May December", 8.0), ("Heat", 10.0)]


def test_giving_verbs_of_pro_drop_languages_inside_a_chat_line() -> None:
    for line, value in (
        ("la verdad le doy un 7 sobre 10. el final se alarga", 7.0),
        ("sinceramente gli do un 7 su 10. il finale è lungo", 7.0),
        ("ehrlich gesagt gebe ich ihm 7 von 10. das Ende zieht sich", 7.0),
        ("franchement je lui mets 7 sur 10. la fin traîne", 7.0),
    ):
        reviews = parse_document(f"chat\n\n[21:06] marta: {line}\n").reviews
        assert [(r.author, r.score) for r in reviews] == [("marta", value)], line


def test_a_scale_stated_after_a_legend_word_in_each_language() -> None:
    for legend, scores in (
        ("Tous les films sont notés sur 5.", ("Note : 4", "Note : 3")),
        ("Valoramos sobre 5.", ("Nota: 4", "Nota: 3")),
        ("We rate films out of 4 stars.", ("★★★", "★★")),
        ("All films rated on a four-star scale.", ("★★★", "★★")),
        ("Bewertet wird mit null bis vier Sternen.", ("★★★", "★★")),
        ("I voti sono in stelle, da una a quattro.", ("★★★", "★★")),
    ):
        text = (
            f"Guide\n\n{legend}\n\nHEAT\nMann at his best.\n{scores[0]}\n\n"
            f"THIEF\nNeon and steel.\n{scores[1]}\n"
        )
        expected = [8.0, 6.0] if "5" in legend else [7.5, 5.0]
        assert [r.score for r in parse_document(text).reviews] == expected, legend


def test_a_score_with_its_own_scale_is_never_taken_for_a_legend() -> None:
    assert scale_legend("Three stars out of four.") is None
    assert scale_legend("Rating: ★★★★ (out of 5)") is None
    assert scale_legend("The film got a rating of 4.") is None
    text = "Heat\n\nMann at his best.\n\nThree stars out of four.\n"
    assert [r.score for r in parse_document(text).reviews] == [7.5]


def test_a_numbered_heading_read_as_the_pages_title_heads_its_capsule() -> None:
    text = (
        "# My picks\n\n## 1. Heat (1995)\nMann at his best.\nScore: 9/10\n\n"
        "## 2. Thief (1981)\nNeon and steel.\nScore: 8/10\n"
    )
    assert _scores(text) == [("Heat", 9.0), ("Thief", 8.0)]


def test_roman_numeral_ranks_are_not_part_of_titles() -> None:
    text = "Top 2\n\nI. Heat (1995) — 9/10\nMann.\n\nII. Thief (1981) — 8/10\nNeon.\n"
    assert _scores(text) == [("Heat", 9.0), ("Thief", 8.0)]


def test_each_post_is_signed_by_the_poster_its_header_names() -> None:
    text = (
        "Forum\n\nThema: Heat (1995) – Meinungen?\n\n"
        "#1 — kinomaus, 12.03.2024, 10:12\nStark, aber lang.\nVon mir 8/10.\n\n"
        "Beitrag von filmfan » 12.03.2024, 11:40\nMeisterwerk.\nIch gebe 10 von 10 Punkten.\n\n"
        "Post #3\nZu lang.\n6/10\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.author, r.score) for r in reviews] == [
        ("kinomaus", 8.0),
        ("filmfan", 10.0),
        (None, 6.0),
    ]
    assert poster("Messaggio #1 — ruggero_b — 3 marzo, 22:10") == "ruggero_b"
    assert poster("postado por marina_rj em 10/11/2024 às 20:41") == "marina_rj"
    assert poster("Reply #3 on: March 03, 2024, 10:12:44 PM") is None


def test_words_making_a_closing_score_the_writers_own_anywhere_in_its_sentence() -> None:
    for line, value in (
        ("Pour moi c'est 7/10.", 7.0),
        ("Für mich eine glatte 8/10.", 8.0),
        ("Von mir gibt's 7 von 10 Punkten.", 7.0),
        ("I'd say 7 out of 10.", 7.0),
        ("Nota 8/10 pra mim.", 8.0),
        ("secondo me siamo sul 6/10. il finale non regge", 6.0),
    ):
        text = f"Forum\n\n#1 — kim, 12.03.2024, 10:12\nGut gemacht, aber lang.\n{line}\n"
        assert [r.score for r in parse_document(text).reviews] == [value], line


def test_own_words_before_another_films_name_give_no_score() -> None:
    for line in (
        "For me Heat deserves 9/10.",
        "My brother says 9/10.",
        "I'd say 70% of it works.",
    ):
        text = f"Forum\n\n#1 — kim, 12.03.2024, 10:12\nGood, but long.\n{line}\n"
        assert [r.score for r in parse_document(text).reviews] in ([], [None]), line


def test_a_title_label_or_a_seen_film_inside_a_post_names_it() -> None:
    text = (
        "Forum › Visti\n\nMessaggio #1 — anna — 3 marzo, 22:10\nFilm: Il sorpasso (1962)\n"
        "Ancora perfetto.\nVoto: 9\n\nMessaggio #2 — piero — 3 marzo, 23:45\n"
        "Watched Mediterraneo last night. Carino.\n7/10\n"
    )
    assert _scores(text) == [("Il sorpasso", 9.0), ("Mediterraneo", 7.0)]


def test_a_thread_subject_read_as_the_page_heading_gives_the_film() -> None:
    doc = parse_document("Thema: Heat (1995)\n\nkinomaus:\nStark, aber lang.\n8/10\n")
    assert doc.facts.title == "Heat"
    assert [r.score for r in doc.reviews] == [8.0]


def test_legend_steps_written_words_first_are_never_capsules() -> None:
    for legend in (
        "How we rate\nExcellent ★★★★\nGood ★★★\nFair ★★\nPoor ★",
        "Key: Excellent ★★★★ · Good ★★★ · Fair ★★ · Poor ★",
    ):
        text = f"{legend}\n\nHeat ★★★\nMann at his best.\n\nThief ★★\nNeon and steel.\n"
        assert _scores(text) == [("Heat", 7.5), ("Thief", 5.0)], legend


def test_a_list_of_films_rated_with_stars_is_no_legend() -> None:
    text = "Top picks\n\nHeat ★★★★\nThief ★★★★\nRonin ★★\nCobra ★\n"
    assert [r.score for r in parse_document(text).reviews] == [8.0, 8.0, 4.0, 2.0]


def test_a_first_person_score_closing_a_clause_inside_a_chat_line() -> None:
    for line, value in (
        ("honestly I'd give it 7 out of 10, the ending drags", 7.0),
        ("para mí, un 8 sobre 10 - el final flojea", 8.0),
    ):
        reviews = parse_document(f"chat\n\n[21:06] marta: {line}\n").reviews
        assert [(r.author, r.score) for r in reviews] == [("marta", value)], line
    assert [
        r.score
        for r in parse_document(
            "chat\n\n[21:06] marta: I gave it 6/10, then my brother gave it 9/10\n"
        ).reviews
    ] in ([], [None])


def test_a_numbered_post_header_without_a_dash_still_needs_a_date() -> None:
    assert is_post_header("#2 Lotte_H 14.11.2022 22:40")
    assert poster("#2 Lotte_H 14.11.2022 22:40") == "Lotte_H"
    assert not is_post_header("#3 Heat (1995)")


def test_a_thread_subject_names_the_film_after_its_own_words() -> None:
    assert thread_film("Topic: Rewatch thread – The Thing (1982)") == "The Thing"
    assert thread_film("Topic: Spider-Man: No Way Home (2021)") == "Spider-Man: No Way Home"


def test_legend_steps_in_words_are_never_scores_and_set_the_scale() -> None:
    for legend in (
        "How we rate\n4 stars — must see\n3 stars — good\n2 stars — fair\n1 star — skip it",
        "Légende : 1 étoile à éviter, 2 étoiles pourquoi pas, 3 étoiles à voir, 4 étoiles culte",
    ):
        text = f"{legend}\n\nHeat ★★★\nMann at his best.\n\nThief ★★\nNeon and steel.\n"
        assert _scores(text) == [("Heat", 7.5), ("Thief", 5.0)], legend


def test_a_review_closing_on_stars_in_words_keeps_its_score() -> None:
    text = "Heat\n\nMann at his best, a film about work.\n\n4 stars — must see\n"
    assert [r.score for r in parse_document(text).reviews] == [8.0]


def test_a_range_legend_in_a_sentence_is_no_score_and_sets_the_scale() -> None:
    text = (
        "LE USCITE DELLA SETTIMANA\nI nostri voti vanno da 1 a 5.\n\n"
        "IO CAPITANO\nRegia: Matteo Garrone. Durata: 121 minuti.\nUn viaggio dal Senegal.\n"
        "Voto: 4\n\nLA CHIMERA\nRegia: Alice Rohrwacher. Durata: 130 minuti.\nUn tombarolo.\n"
        "Voto: 3,5\n"
    )
    assert _scores(text) == [("Io Capitano", 8.0), ("La Chimera", 7.0)]


def test_bracketed_reply_headers_are_post_headers_not_titles() -> None:
    text = (
        "Topic: What did you watch last night?\n\nRe: What did you watch last night?\n"
        "« Reply #212 on: March 03, 2024, 10:12:44 PM »\nDune: Part Two (2024). Worth it.\n"
        "9/10\n\nRe: What did you watch last night?\n"
        "« Reply #213 on: March 04, 2024, 08:00:01 AM »\nI cried on the train home.\n8.5/10\n"
    )
    assert _scores(text) == [("Dune: Part Two", 9.0), (None, 8.5)]


def test_weekday_and_numeric_dates_opening_diary_lines() -> None:
    text = (
        "Mein Filmtagebuch\n\nFr 01.03. – Dune: Part Two ★★★★½\nRiesig, laut, großartig.\n\n"
        "So 03.03. – Perfect Days ★★★★\nDie schönste Meditation des Jahres.\n\n"
        "05.03. – Argylle ★\nZwei Stunden meines Lebens.\n"
    )
    assert _scores(text) == [("Dune: Part Two", 9.0), ("Perfect Days", 8.0), ("Argylle", 2.0)]


def test_a_guide_capsule_opening_on_title_stars_and_facts_in_title_case() -> None:
    text = (
        "FILM GUIDE\n★★★★ Excellent  ★★★ Good  ★★ Fair  ★ Poor\n\n"
        "Poor Things ★★★★ (18, 141 min) Yorgos Lanthimos's Frankenstein fable, with Emma\n"
        "Stone in a fearless turn.\n\n"
        "The Iron Claw ★★★ (15, 132 min) Sean Durkin's wrestling tragedy is heavy going.\n\n"
        "Wonka ★★ (PG, 116 min) Sweet, loud and forgettable.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Poor Things", 10.0),
        ("The Iron Claw", 7.5),
        ("Wonka", 5.0),
    ]
    assert [r.facts.runtime_minutes if r.facts else None for r in reviews] == [141, 132, 116]


def test_the_lines_one_score_right_after_own_words_inside_a_clause() -> None:
    text = (
        "[22:02] lucia: le doy un 8 sobre 10, la avalancha me dejó sin aire\n"
        "[22:05] pablo: yo la vi ayer, para mí un 6/10 porque se me hizo larga\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.author, r.score) for r in reviews] == [("lucia", 8.0), ("pablo", 6.0)]
    for line in (
        "we went for me birthday, 3/4 of the room left early",
        "pour moi c'est 3/4 du film qui est raté",
        "for me Heat is 9/10 because of the shootout",
    ):
        assert score_in_sentence(line) is None, line


def test_a_rank_before_a_title_opening_with_a_month_is_no_date() -> None:
    text = (
        "The list\n\n4. Saltburn (Prime Video) — 6/10\nNasty.\n\n"
        "3. May December (Netflix) — 8/10\nA hall of mirrors.\n"
    )
    assert _scores(text) == [("Saltburn", 6.0), ("May December", 8.0)]


def test_rated_table_rows_name_their_films() -> None:
    ranked = (
        "Top thrillers\n\n| # | Film | Year | Score |\n|---|---|---|---|\n"
        "| 1 | Parasite | 2019 | 10/10 |\n| 2 | Sicario | 2015 | 9/10 |\n"
    )
    assert _scores(ranked) == [("Parasite", 10.0), ("Sicario", 9.0)]
    headed = (
        "Picks\n\n| Réalisateur | Titre | Note |\n|---|---|---|\n"
        "| Michael Mann | Heat | 9/10 |\n| Michael Mann | Thief | 8/10 |\n"
    )
    assert _scores(headed) == [("Heat", 9.0), ("Thief", 8.0)]
    unheaded = "Picks\n\n| Heat | Michael Mann | 9/10 |\n| Thief | Michael Mann | 8/10 |\n"
    assert _scores(unheaded) == [(None, 9.0), (None, 8.0)]  # two cells could be the film


def test_a_site_or_many_raters_score_beside_own_words_is_no_critic_score() -> None:
    for line in (
        "for me the 7.6/10 on IMDb is too low",
        "for me it's a 7.6/10 on IMDb, lol",
        "honestly for me the IMDb 7.6/10.",
    ):
        assert score_in_sentence(line) is None, line


def test_a_festival_diarys_day_numbers_are_not_part_of_titles() -> None:
    text = (
        "FESTIVAL DIARY\n\nDay 1: Anora (2024) — 9/10\nSean Baker's best.\n\n"
        "Day 2: The Substance (2024) — 7/10\nFearless, then too much.\n"
    )
    assert _scores(text) == [("Anora", 9.0), ("The Substance", 7.0)]


def test_a_key_of_stars_at_the_foot_of_a_guide_sets_the_scale_above_it() -> None:
    text = (
        "Heat ★★★\nMann at his best.\n\nThief ★★\nNeon and steel.\n\n"
        "Key: ★ poor · ★★ fair · ★★★ good · ★★★★ excellent\n"
    )
    assert _scores(text) == [("Heat", 7.5), ("Thief", 5.0)]
    marks = (
        "Heat\nMann.\nVoto: 4\n\nThief\nNeon.\nVoto: 3\n\n"
        "Key: ★ poor · ★★ fair · ★★★ good · ★★★★ top\n"
    )
    assert [r.score for r in parse_document(marks).reviews] == [4.0, 3.0]  # marks, not stars


def test_a_quoted_post_in_any_language_keeps_its_score_out() -> None:
    for header in (
        "kinomaus schrieb:",
        "Zitat von kinomaus:",
        "kinomaus ha scritto:",
        "Citation de kinomaus :",
        "kinomaus escribió:",
        "kinomaus escreveu:",
    ):
        text = (
            f"Forum\n\n#2 — filmfan, 12.03.2024, 10:12\n{header}\nTotal langweilig. 3/10\n\n"
            "Sehe ich anders, großartig.\nVon mir 9/10.\n"
        )
        assert [(r.author, r.score) for r in parse_document(text).reviews] == [("filmfan", 9.0)], (
            header
        )
    assert not is_quote_header("Cita de Borges: el cine es todo")
    assert not is_quote_header("Message de cinephile75")


def test_list_lines_with_dot_leaders_bullets_or_the_score_first() -> None:
    leaders = "My year\n\nInside Man (2006) ........ 7/10\nHeat (1995) .............. 9/10\n"
    assert _scores(leaders) == [("Inside Man", 7.0), ("Heat", 9.0)]
    bullets = "Watched this week:\n- Heat (1995) - 9/10\n- Thief (1981) - 8/10\n"
    assert _scores(bullets) == [("Heat", 9.0), ("Thief", 8.0)]
    for first, second in (("★★★★", "★★★"), ("8/10 —", "6/10 —")):
        text = f"My year\n\n{first} Heat (1995)\nMann.\n\n{second} Thief (1981)\nNeon.\n"
        assert _scores(text) == [("Heat", 8.0), ("Thief", 6.0)], first


def test_a_verdict_naming_another_film_after_a_leading_score_is_no_title() -> None:
    doc = parse_document("My year\n\n9/10 — Better than Heat (1995)\nMann.\n")
    assert [(r.title, r.score) for r in doc.reviews] == [(None, 9.0)]


def test_a_scales_unit_around_its_numbers_in_each_language() -> None:
    for line, value, raw in (
        ("Von mir gibt es 8 von 10 möglichen Punkten.", 8.0, "8 von 10 möglichen Punkten"),
        ("Ich gebe 7/10 Punkte.", 7.0, "7/10 Punkte"),
        ("Meine Wertung: 7 Punkte von 10.", 7.0, "7 Punkte von 10"),
        ("Je lui donne 8 sur 10 points possibles.", 8.0, "8 sur 10 points possibles"),
        ("I give it 8 out of a possible 10.", 8.0, "8 out of a possible 10"),
    ):
        text = f"Forum\n\n#1 — kim, 12.03.2024, 10:12\nGut gemacht, aber lang.\n{line}\n"
        reviews = parse_document(text).reviews
        assert [(r.score, r.raw_score) for r in reviews] == [(value, raw)], line


def test_posted_by_headers_read_as_bylines_still_give_posts_the_threads_film() -> None:
    text = (
        "Topic: Heat (1995)\n\nPosted by kim on March 3, 2024\nLoved it. 9/10 for me.\n\n"
        "Posted by lee on March 4, 2024\nMeh. I'd give it a 5/10, the middle drags.\n\n"
        "Posted by max on March 5, 2024\nRating: 7/10\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score, r.author) for r in reviews] == [
        ("Heat", 9.0, "kim"),
        ("Heat", 5.0, "lee"),
        ("Heat", 7.0, "max"),
    ]
