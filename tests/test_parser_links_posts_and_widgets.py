"""Page furniture and page shapes around a review: links to the site's other pages, another
film's stars, forum posts, audience widgets, headlines, fact sheets and mid-sentence scores."""

from __future__ import annotations

from bot.parsing import parse_document
from bot.parsing.inline import inline_score
from bot.parsing.posts import is_post_header
from bot.parsing.scorelines import classify_score_line


def _scores(text: str) -> list[str]:
    """The critic scores of a page, as written."""
    return [review.raw_score for review in parse_document(text).reviews if review.raw_score]


REVIEW_DE = """Kritik: Der Schacht

Ein kluger, enger Film über einen Turm voller Menschen, der lange nachwirkt.
Die Kamera bleibt nah an den Figuren, und das Ende sitzt.

UNSERE WERTUNG
7/10
"""


def test_most_read_heading_hides_the_scores_under_it() -> None:
    text = REVIEW_DE + "\nDas könnte Sie auch interessieren:\n„Toni Erdmann“ – Kritik (9/10)\n"
    assert _scores(text) == ["7/10"]


def test_most_read_in_french_hides_a_rated_headline() -> None:
    text = (
        "Critique : Anatomie d'une chute\n\nNote de la rédaction : ★★★★☆\n\n"
        "Un film de procès d'une précision rare, porté par Sandra Hüller.\n\n"
        "Les plus lus\n1. Critique « Le Règne animal » : ★★☆☆☆\n2. Le box-office de la semaine\n"
    )
    assert _scores(text) == ["★★★★☆"]


def test_links_after_their_heading_on_one_line_are_skipped() -> None:
    text = (
        "Past Lives (2023)\n\nRating: 9/10\n\n"
        "A quiet film about two people and the lives they did not live.\n\n"
        "Previously on this blog: Aftersun — 80/100 · Tár — 65/100\n"
    )
    assert _scores(text) == ["9/10"]


def test_read_also_in_italian_on_one_line() -> None:
    text = (
        "Io capitano, la recensione\n\nIl nostro voto: 8/10\n\n"
        "Un viaggio raccontato con grande forza e senza retorica.\n\n"
        "Leggi anche: “La chimera”, il film di Rohrwacher — voto 6\n"
    )
    assert _scores(text) == ["8/10"]


def test_a_section_after_the_links_is_still_read() -> None:
    text = (
        "Most read\nDune: Part Two review ★★★★★\n\n"
        "Review: Civil War\n\nA war film that keeps its politics vague on purpose.\n\n"
        "Verdict: ★★★☆☆\n"
    )
    assert _scores(text) == ["★★★☆☆"]


def test_a_sentence_reading_like_a_heading_keeps_its_score() -> None:
    text = (
        "Perfect Days\n\nI read also the novel it borrows from, and liked it less.\n\n"
        "Rating: 8/10\n"
    )
    assert _scores(text) == ["8/10"]


def test_last_weeks_poll_is_not_this_films_audience() -> None:
    text = (
        "THE WEEKLY\n\nThis week: Conclave.\n\nA papal thriller with great hats.\n\n"
        "My score: 4/5\n\nLAST WEEK'S POLL\nYou rated Anora: 4.2/5 on average (96 votes)\n"
    )
    doc = parse_document(text)
    assert [review.raw_score for review in doc.reviews] == ["4/5"]
    assert doc.aggregates == ()


def test_a_discount_is_no_audience_score() -> None:
    text = (
        "Repertory notes\n\nALIEN (Ridley Scott, 1979) ★★★★☆\nStill the best haunted house in "
        "space.\n\nMembers' discount: 20% off all March screenings.\n"
    )
    assert parse_document(text).aggregates == ()


def test_an_audience_percentage_stays_found() -> None:
    text = "Review: Alien\n\nMy rating: 9/10\n\nAudience score: 94% (25,000 ratings)\n"
    (aggregate,) = parse_document(text).aggregates
    assert (aggregate.score, aggregate.votes) == (9.4, 25000)


def test_an_audience_average_in_stars_and_figure_reads_the_figure() -> None:
    text = (
        "La zona d'interesse, la recensione\n\nIl nostro voto: 8/10\n\n"
        "Un film che guarda l'orrore da dietro un muro.\n\n"
        "Voto del pubblico: ★★★★☆ 4,2/5 (1.254 voti)\n"
    )
    (aggregate,) = parse_document(text).aggregates
    assert (aggregate.score, aggregate.votes) == (8.4, 1254)


def test_an_audience_average_in_stars_alone_stays_found() -> None:
    text = (
        "Critique : Le Règne animal\n\nNote de la rédaction : ★★★☆☆\n\n"
        "Un film de genre français ambitieux.\n\nSpectateurs : ★★★★☆ (1 872 notes)\n"
    )
    (aggregate,) = parse_document(text).aggregates
    assert (aggregate.score, aggregate.votes) == (8.0, 1872)


def test_a_figure_far_from_the_stars_is_not_their_average() -> None:
    text = "Review: Alien\n\nMy rating: 9/10\n\nAudience: ★★★★☆ 1/5 (300 votes)\n"
    (aggregate,) = parse_document(text).aggregates
    assert aggregate.score == 8.0


CAPSULES = """REVIVALS THIS MONTH

VERTIGO (Alfred Hitchcock, 1958) ★★★★
A detective, a staircase and a woman who may not exist.

TOP GUN (Tony Scott, 1986) ★★☆☆
Volleyball, jets and very little else.
"""


def test_a_key_drawn_with_empty_stars_sets_the_scale_above_it() -> None:
    key = "Key: ★★★★ unmissable · ★★★☆ worth your evening · ★★☆☆ for fans · ★☆☆☆ skip it\n"
    doc = parse_document(CAPSULES + "\n" + key)
    assert [(review.raw_score, review.score) for review in doc.reviews] == [
        ("★★★★", 10.0),
        ("★★☆☆", 5.0),
    ]


def test_without_a_key_full_stars_keep_the_usual_scale() -> None:
    doc = parse_document(CAPSULES)
    assert [(review.raw_score, review.score) for review in doc.reviews] == [
        ("★★★★", 8.0),
        ("★★☆☆", 5.0),
    ]


BLOG = """Title: Past Lives

A quiet film about two people and the lives they did not live. Greta Lee is superb.

{closing}
"""


def test_stars_given_to_another_film_in_a_later_sentence_are_that_films() -> None:
    closing = "The ending stays with you. Last week's pick, Barbie, got ★★★."
    assert _scores(BLOG.format(closing=closing)) == []


def test_stars_given_to_the_pages_film_in_a_later_sentence_stay() -> None:
    closing = "The ending stays with you. In the end Past Lives gets ★★★★ from me."
    assert _scores(BLOG.format(closing=closing)) == ["★★★★"]


def test_stars_closing_a_diary_entry_stay_with_its_film() -> None:
    text = "Film diary\n\nMon — Aftersun (2022): a memory of a holiday, and it hurts ★★★★½\n"
    assert _scores(text) == ["★★★★½"]


def test_stars_closing_a_review_headline_are_the_critics() -> None:
    text = (
        "Review: Oppenheimer ★★★★\n\nPosted by Dev in Notes\n\n"
        "Three hours of physicists talking in rooms, and never boring.\n"
    )
    doc = parse_document(text)
    assert _scores(text) == ["★★★★"]
    assert doc.facts.title == "Oppenheimer"


def test_a_review_headline_without_a_score_keeps_its_whole_title() -> None:
    text = "Review: The Zone of Interest\n\nA film about a garden next to a camp.\n"
    doc = parse_document(text)
    assert _scores(text) == []
    assert doc.facts.title == "The Zone of Interest"


MID = "Conclave\n\nA pope dies and the cardinals scheme in a very nice building.\n\n{line}\n"


def test_a_score_given_mid_sentence_before_a_second_clause_is_the_writers() -> None:
    line = "So as a thriller I'd give it a 7, though the costumes are worth a look."
    assert _scores(MID.format(line=line)) == ["7"]


def test_a_score_in_words_given_before_and_in_spanish() -> None:
    line = "Aun así, le pongo un ocho sobre diez y la recomiendo en pantalla grande."
    assert _scores(MID.format(line=line)) == ["ocho sobre diez"]


def test_a_hedged_score_mid_sentence_is_not_taken() -> None:
    line = "I'd give it a 7, maybe an 8 on a second viewing, who knows."
    assert _scores(MID.format(line=line)) == []


def test_hours_given_mid_sentence_are_no_score() -> None:
    line = "I gave it 3 hours of my Sunday, and it paid off in the last act."
    assert _scores(MID.format(line=line)) == []


def test_a_labelled_fact_sheet_line_gives_its_facts() -> None:
    text = (
        "Le Règne animal\n\nNote : ★★★☆☆\n\nUn film de genre français ambitieux.\n\n"
        "Fiche : réalisé par Thomas Cailley · durée 128 min · tous publics\n"
    )
    facts = parse_document(text).facts
    assert (facts.directors, facts.runtime_minutes) == (("Thomas Cailley",), 128)


def test_a_fact_sheet_label_before_prose_gives_nothing() -> None:
    text = "La chimera\n\nVoto: 8/10\n\nScheda: un film da vedere due volte, in sala.\n"
    facts = parse_document(text).facts
    assert (facts.directors, facts.runtime_minutes) == ((), None)


def test_a_credit_sentence_run_ending_on_the_budget_keeps_its_runtime() -> None:
    text = (
        "Civil War review\n\nVerdict: 4/5\n\nA war film that keeps its politics vague.\n\n"
        "Directed by Alex Garland. Rated R. Runtime: 109 minutes. Budget: $50 million, the "
        "studio's biggest yet.\n"
    )
    facts = parse_document(text).facts
    assert (facts.directors, facts.runtime_minutes) == (("Alex Garland",), 109)


def test_minutes_written_with_a_prime_close_an_info_line() -> None:
    text = "IO CAPITANO\n\nVoto: 8/10\n\nItalia/Belgio, 2023, 121'.\n\nUn viaggio lungo e duro.\n"
    facts = parse_document(text).facts
    assert (facts.year, facts.runtime_minutes) == (2023, 121)


def test_a_title_holding_a_comma_before_its_credits_keeps_its_stars() -> None:
    text = (
        "REPERTORY NOTES\n\nPARIS, TEXAS (Wim Wenders, 1984) ★★★★☆\nA man walks out of the "
        "desert.\n\nALIEN (Ridley Scott, 1979) ★★★☆☆\nStill scary.\n"
    )
    doc = parse_document(text)
    assert [(review.title, review.raw_score) for review in doc.reviews] == [
        ("Paris, Texas", "★★★★☆"),
        ("Alien", "★★★☆☆"),
    ]


def test_a_comma_in_prose_before_the_credits_makes_no_title() -> None:
    text = "Notes\n\nWell, i liked it (Wim Wenders, 1984) ★★★★☆\n"
    assert [review.title for review in parse_document(text).reviews] == [None]


def test_a_score_label_naming_its_critic_after_it_is_the_critics() -> None:
    text = "VERMIGLIO\n\nUn film lento e bellissimo.\n\nIl giudizio di Serena: ★★★★☆\n"
    (review,) = parse_document(text).reviews
    assert (review.raw_score, review.author) == ("★★★★☆", "Serena")


def test_a_score_label_naming_a_site_after_it_stays_an_aggregate() -> None:
    text = "Vermiglio\n\nVoto: 8/10\n\nRating by IMDb: 7.1/10\n"
    doc = parse_document(text)
    assert _scores(text) == ["8/10"]
    assert [aggregate.score for aggregate in doc.aggregates] == [7.1]


def _aggregates(text: str) -> list[tuple[float, int | None]]:
    return [(aggregate.score, aggregate.votes) for aggregate in parse_document(text).aggregates]


def test_an_audience_average_keeps_the_scale_written_after_it() -> None:
    text = "Vermiglio\n\nVoto: 8/10\n\nLettori: 3,9 stelle su 5 (128 voti)\n"
    assert _aggregates(text) == [(7.8, 128)]
    found = classify_score_line("Média: 4,6 de 5 (83 votos)")
    assert found is not None
    assert (found.kind, found.value, found.raw, found.unscaled) == (
        "aggregate",
        9.2,
        "4,6 de 5",
        False,
    )


def test_an_audience_average_without_a_scale_stays_as_written() -> None:
    text = "Vermiglio\n\nVoto: 8/10\n\nLettori: 7,4 (128 voti)\n"
    assert _aggregates(text) == [(7.4, 128)]


def test_a_members_poll_with_its_answers_is_an_aggregate() -> None:
    text = (
        "Vermiglio\n\nIl giudizio: ★★★★☆\n\n"
        "Dal sondaggio tra gli iscritti: 3,9 stelle su 5 di media, 128 risposte.\n"
    )
    assert _aggregates(text) == [(7.8, 128)]


THREAD = """Aftersun (2022) – members' reviews

paloma_reels
Posts: 1,204 · Joined: Mar 2015
Finally caught it at the local arthouse. The rave scene at the end broke me.
My rating: 9/10

grainy_vhs
Posts: 388 · Joined: Nov 2019
I found it too elliptical, I spent half of it waiting for the film to start. I'd give it a 6.
"""


def test_each_post_under_its_posters_stats_line_keeps_its_own_score() -> None:
    assert _scores(THREAD) == ["9/10", "6"]


def test_a_posters_stats_line_is_no_post_without_a_count() -> None:
    assert not is_post_header("Posts: many · Joined: Mar 2015")
    assert is_post_header("Beiträge: 2.977")


def test_a_quoted_song_in_the_writers_prose_is_no_press_quote() -> None:
    text = (
        THREAD + "\nLennart_K\nPosts: 2,977 · Joined: Jan 2011\n"
        'The use of "Under Pressure" is the best needle drop in years. '
        "It isn't quite a ten for me but close. 8/10.\n"
    )
    assert _scores(text) == ["9/10", "6", "8/10"]


def test_a_press_quote_before_stars_stays_a_press_quote() -> None:
    text = "Aftersun\n\nMy rating: 9/10\n\n“A quiet marvel” — The Courier ★★★★★\n"
    assert _scores(text) == ["9/10"]


def test_a_score_given_before_the_next_sentence_is_the_writers() -> None:
    line = (
        "Como película le doy un 7. Carolina Yuste muy bien también. "
        'Para comparar: "Truman" era de 9 para mí.'
    )
    assert _scores(MID.format(line=line)) == ["7"]


def test_a_score_given_before_a_sentence_with_another_number_is_not_taken() -> None:
    line = "Como película le doy un 7. Mi hermana le daría 9 puntos."
    assert _scores(MID.format(line=line)) == []


def test_a_sentence_opening_on_its_mark_in_words_is_the_writers() -> None:
    line = "Correcta pero muy de manual, con música que te dice cuándo llorar. Un seis, y gracias."
    assert _scores(MID.format(line=line)) == ["seis"]


def test_a_sentence_opening_on_a_count_of_number_words_is_no_mark() -> None:
    line = "The band plays it straight. A two, three, four count opens every song."
    assert _scores(MID.format(line=line)) == []


def test_a_festival_diarys_quoted_titles_name_their_scores() -> None:
    text = (
        "Journal de Cannes, jour 4\n\nDeux films en compétition.\n\n"
        "« Les Feuilles mortes » (Aki Kaurismäki)\nUne comédie romantique pudique.\n"
        "Notre note : 17/20\n\n"
        "„Sterben“ (Matthias Glasner)\nDrei Stunden Familienkrieg, grausam komisch.\n"
        "Notre note : 9/20\n"
    )
    doc = parse_document(text)
    assert [(review.title, review.raw_score) for review in doc.reviews] == [
        ("Les Feuilles mortes", "17/20"),
        ("Sterben", "9/20"),
    ]


def test_a_quoted_sentence_is_no_heading_title() -> None:
    text = "Notes\n\n“A masterpiece.”\nThe paper said so, and I agree.\nRating: 9/10\n"
    assert [review.title for review in parse_document(text).reviews] == [None]


def test_a_sentence_after_an_initial_and_a_colon_is_read_whole() -> None:
    line = "Paula G.: Yo le daría un 6, se me hizo larga."
    found = inline_score(line)
    assert found is not None and found.score.raw == "6"
    assert parse_document(MID.format(line=line)).reviews


def test_a_runtime_before_links_to_other_sites_is_read() -> None:
    text = "Close\n\nReview by Wren ★★★½\n\nTwo boys, one summer.\n\n104 mins   More at IMDb TMDB\n"
    assert parse_document(text).facts.runtime_minutes == 104
