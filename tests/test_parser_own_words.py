"""The parser reading what writers say about their own score, in each language's words."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.context import same_film

PROSE = (
    "The camera stays close to the faces and the long takes let the actors breathe; "
    "by the last reel the quiet has turned into something like grief."
)


def _scores(text: str) -> list[float | None]:
    return [r.score for r in parse_document(text).reviews]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("The sandworm scene alone was worth the ticket. I'm at a solid 7.", 7.0),
        ("Quiet and lovely, a 7 for me.", 7.0),
        ("For me it's an 8.", 8.0),
        ("I give it 7", 7.0),
        ("Gassman immenso, finale crudele. Io sono più a un 6.", 6.0),
        ("Procès fascinant, je lui mets 7.", 7.0),
        ("Schöner Film. Ich gebe ihm eine 7.", 7.0),
        ("Muy bonita. De mi parte, un 7.", 7.0),
        ("Bonito demais. Para mim é um 7.", 7.0),
        ("Bonito demais. Eu dou 8.", 8.0),
        ("Una película preciosa. Le pongo un 8.", 8.0),
        ("Conclusión: una película que duele. Mi nota, un 7.", 7.0),
        ("Un film bouleversant. Pour moi c'est un 9.", 9.0),
    ],
)
def test_a_plain_number_the_writer_gives_as_their_own(line: str, score: float) -> None:
    # A bare number closing a sentence the writer speaks in ("I", "io", "para mim") with
    # its article ("a 7", "un 6"), or after the writer's own verb of giving ("I give it 7").
    assert _scores(f"{PROSE}\n\n{line}\n") == [score]


@pytest.mark.parametrize(
    "line",
    [
        "Critics were at a solid 7.",  # nobody speaking in the first person
        "It earns 9",  # a verb of giving, but no article and not the writer's
        "My nephew is 7.",  # first person, but no article before the number
        "I'd put it in my top 10.",
        "I saw it 3 times.",
        "I was there at 9.",
    ],
)
def test_numbers_in_sentences_that_give_no_score_stay_prose(line: str) -> None:
    doc = parse_document(f"{PROSE}\n\n{line}\n")
    assert [r.score for r in doc.reviews] == [None]
    assert doc.aggregates == ()


def test_each_chat_poster_keeps_their_own_score() -> None:
    # marco's "un 6" is read from his own sentence; giulia's 8/10 does not silence it.
    text = (
        "#cineforum\n\n[20:01] giulia: voto per Past Lives: 8/10, bellissimo\n"
        "[20:03] marco: io sono più a un 6\n"
    )
    doc = parse_document(text)
    assert [(r.author, r.score) for r in doc.reviews] == [("giulia", 8.0), ("marco", 6.0)]


def test_a_weak_score_of_the_same_writer_still_yields_to_their_score_line() -> None:
    assert _scores(f"{PROSE} I'm at a solid 7.\n\nRating: 6/10\n") == [6.0]


def test_a_title_and_its_capsule_are_not_a_chat_poster() -> None:
    text = (
        "Horror picks\n\nLonglegs: Nicolas Cage is terrifying, the last act less so. 7/10\n"
        "Abigail: a vampire ballerina and a lot of blood. 6/10\n"
    )
    doc = parse_document(text)
    assert [(r.title, r.author, r.score) for r in doc.reviews] == [
        ("Longlegs", None, 7.0),
        ("Abigail", None, 6.0),
    ]


def test_a_post_opening_on_a_bare_title_names_its_film() -> None:
    text = (
        "Re: weekend viewing\n\nPosted by kestrel\nRewatched Heat. Still perfect. 10/10\n\n"
        "Posted by lumen\nTár. Cold, precise and funny. 8/10\n"
    )
    doc = parse_document(text)
    assert [(r.title, r.score) for r in doc.reviews] == [("Heat", 10.0), ("Tár", 8.0)]


def test_a_bare_opening_sentence_is_no_title_when_no_post_names_a_film() -> None:
    text = "Re: weekend viewing\n\nPosted by lumen\nWow. Cold, precise and funny. 8/10\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [(None, 8.0)]


def test_a_watched_title_is_never_a_lone_article() -> None:
    doc = parse_document("Rivisto Il sorpasso ieri sera. Gassman immenso. Io sono più a un 6.\n")
    assert [(r.title, r.score) for r in doc.reviews] == [(None, 6.0)]


def test_a_bare_score_over_its_count_of_ratings_is_an_aggregate() -> None:
    doc = parse_document(f"{PROSE}\n\n4.1 out of 5\nBased on 412 ratings\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(8.2, 412)]
    assert [r.score for r in doc.reviews] == [None]
    # The critic's labelled score keeps its label, whatever follows it.
    labelled = parse_document(f"{PROSE}\n\nRating: 7/10\nBased on 412 ratings\n")
    assert [r.score for r in labelled.reviews] == [7.0]


@pytest.mark.parametrize(
    "line",
    ["Nothing else came close this year. Easily a 9.", "Messy, loud, alive. A solid 9."],
)
def test_a_sentence_that_is_only_a_mark(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [9.0]


def test_a_mark_in_a_longer_sentence_is_not_the_writers() -> None:
    assert _scores(f"{PROSE}\n\nThe cat in the film plays a 9.\n") == [None]


@pytest.mark.parametrize(
    "line", ["Lento, bellissimo. Il mio voto? 8.", "Slow and lovely. My rating? 8."]
)
def test_a_score_label_asked_as_a_question_then_answered(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [8.0]


def test_a_score_label_opening_a_sentence_is_no_film_title() -> None:
    (review,) = parse_document("Mein Urteil: Ein kluger Film. Acht von zehn Punkten.\n").reviews
    assert (review.title, review.score) == (None, 8.0)


def test_a_title_and_score_opening_a_capsule_after_a_dash() -> None:
    text = (
        "Best of the month\n\n"
        "Anatomy of a Fall ★★★★½ — Justine Triet's courtroom drama has no solution.\n\n"
        "Past Lives (9/10) - the quietest heartbreak of the year.\n"
    )
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Anatomy of a Fall", 9.0),
        ("Past Lives", 9.0),
    ]
    assert reviews[0].text == "Justine Triet's courtroom drama has no solution."


@pytest.mark.parametrize("line", ["The sequel 8/10 - no.", "In my top 10 - easily."])
def test_a_score_opening_a_line_needs_a_title_before_it(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [None]


def test_labelled_scores_naming_films_are_the_writers_scores_of_those_films() -> None:
    text = "My ratings this week:\nPast Lives: 9/10\nWonka: 6/10\nArgylle: 3/10\n"
    reviews = parse_document(text).reviews
    assert [(r.title, r.author, r.score) for r in reviews] == [
        ("Past Lives", None, 9.0),
        ("Wonka", None, 6.0),
        ("Argylle", None, 3.0),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        "Fun Factor: 8/10\nRewatch Value: 7/10",  # category words: categories
        "Story: 8/10\nActing: 9/10\nOverall: 8/10",  # the page has its own score
    ],
)
def test_labelled_category_scores_stay_categories(lines: str) -> None:
    reviews = parse_document(f"{PROSE}\n\n{lines}\n").reviews
    assert all(r.title is None for r in reviews)
    assert [r.score for r in reviews] in ([None], [8.0])


def test_a_diary_line_giving_its_stars_then_the_film() -> None:
    text = "My January diary\n\n★★★★½ Past Lives\n★★★ Wonka\n★★ Argylle\n"
    reviews = parse_document(text).reviews
    assert [(r.title, r.score) for r in reviews] == [
        ("Past Lives", 9.0),
        ("Wonka", 6.0),
        ("Argylle", 4.0),
    ]


def test_a_score_then_words_that_are_no_title_stay_prose() -> None:
    assert _scores(f"{PROSE}\n\n4/5 Great film\n") == [None]


def test_a_list_bullet_is_no_part_of_a_title() -> None:
    text = "Weekend watches\n\n- Past Lives (2023): 9/10\n- Wonka (2023): 6/10\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("Past Lives", 9.0),
        ("Wonka", 6.0),
    ]


def test_an_answer_mark_is_no_title() -> None:
    (review,) = parse_document(
        "Q: How was Dune Part Two?\nA: Big, loud, beautiful. 8/10.\n"
    ).reviews
    assert (review.title, review.score) == (None, 8.0)


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("My brother says it is a 9/10.", None),
        ("My wife thinks it is a solid 8/10.", None),
        ("My verdict: it is a solid 8/10.", 8.0),
        ("My wife and I agree it is a solid 8/10.", 8.0),
    ],
)
def test_my_someone_s_score_is_not_the_writer_s(line: str, score: float | None) -> None:
    """ "my" before a person names whose opinion it is; before a score word, it is the writer's."""
    assert _scores(f"Her (2013)\n\n{PROSE}\n\n{line}\n") == [score]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Schöner Film. Ich würde eine 7 geben.", 7.0),
        ("Ich würde dem Film eine 7 geben.", 7.0),
        ("Ich würde ihm 8 von 10 Punkten geben.", 8.0),
        ("Ich würde 7 geben.", 7.0),
        ("Von mir gibt es 8 von 10 Punkten.", 8.0),
        ("Ich gebe dem Film 4 von 5 Sternen.", 8.0),
    ],
)
def test_a_german_sentence_closing_on_its_verb_of_giving(line: str, score: float) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [score]


@pytest.mark.parametrize(
    "line",
    [
        "Er würde eine 7 geben.",  # not the writer
        "Meine Frau würde eine 9 geben.",  # the writer's wife
        "Die Kritiker würden eine 7 geben.",
        "Ich würde ihm eine Chance geben.",  # no score before the verb
    ],
)
def test_a_closing_verb_of_someone_else_gives_no_score(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [None]


def test_a_closing_verb_without_a_score_before_it_leaves_the_line_to_other_rules() -> None:
    text = "Anatomy of a Fall ★★★★ — man muss ihm eine Chance geben.\n"
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("Anatomy of a Fall", 8.0)
    ]


_HEAT = "Mann's film is long and patient, and its two leads never share a frame until the diner."


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("Collateral (2004)", "For me Heat is a 9/10."),  # the page's heading names another film
        ("Title: Collateral", "Honestly, I think The Holdovers is a 9/10."),
        ("", "For me Heat is a 9/10."),  # the page names no film: Heat may not be its film
        ("Collateral (2004)", "After Heat, for me it is a 9/10."),
        ("Collateral (2004)", "For me Heat deserves 9/10."),
        ("Collateral (2004)", "The Holdovers is a 9/10 for me."),  # two words opening it
    ],
)
def test_a_score_the_writer_gives_another_film_is_not_the_page_s(page: str, line: str) -> None:
    (review,) = parse_document(f"{page}\n\n{_HEAT}\n\n{line}\n").reviews
    assert (review.score, review.title) == (None, None)
    assert line in review.text  # the sentence stays the review's prose


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("Heat (1995)", "For me Heat is a 9/10."),
        ("Heat (1995)", "For me Heat deserves 9/10."),
        ("Title: The Holdovers", "The Holdovers is a 9/10 for me."),
        ("Heat (1995)", "Quiet and patient, a 9/10 for me."),  # an opening word names nothing
        ("Collateral (2004)", "On Sunday I'd give it a 9/10."),  # a day names no film
        ("Collateral (2004)", "Honestly I think it is a 9/10."),
        ("Title: The Holdovers", "Honestly, I think the Holdovers is a 9/10."),
        ("Collateral (2004)", "For me it's a 9/10."),  # names nothing
        ("Der Pate (1972)", "Für mich ist der Film eine glatte 9/10."),  # the film itself
        ("Der Pate (1972)", "Für mich ist das Ende eine 9/10."),  # a noun, no name
    ],
)
def test_a_score_the_writer_gives_the_page_s_film_stays_theirs(page: str, line: str) -> None:
    assert _scores(f"{page}\n\n{_HEAT}\n\n{line}\n") == [9.0]


def test_a_capsule_s_sentence_may_name_the_film_of_its_heading() -> None:
    text = (
        "Weekend round-up\n\nHeat\n\n"
        f"{_HEAT}\n\nFor me Heat is a 9/10.\n\nCollateral\n\n"
        "A taxi, a long night in Los Angeles and a hitman in a grey suit.\n\n"
        "For me Collateral is a 7/10.\n"
    )
    assert [(r.title, r.score) for r in parse_document(text).reviews] == [
        ("Heat", 9.0),
        ("Collateral", 7.0),
    ]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("My rating is 8.", 8.0),
        ("Loved it. My score is a solid 8/10.", 8.0),
        ("Ma note est de 7/10.", 7.0),
        ("Meine Wertung ist eine 8.", 8.0),
        ("Il mio voto è 7.", 7.0),
        ("Minha nota é 8.", 8.0),
    ],
)
def test_the_writer_s_score_label_and_its_verb_give_their_score(line: str, score: float) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [score]


@pytest.mark.parametrize(
    "line",
    [
        "The average rating is 8.",  # nobody's own
        "Her rating is 8.",
        "My brother's rating is 8.",
        "My rating is higher than 7.",
    ],
)
def test_a_score_label_that_is_not_the_writer_s_gives_nothing(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [None]


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Je donnerais 7/10 à ce film.", 7.0),
        ("I'd give 8/10 to this film.", 8.0),
        ("Le doy un 7 a la película.", 7.0),
        ("Io darei un 7 al film.", 7.0),
        ("Eu daria nota 8 para o filme.", 8.0),
    ],
)
def test_a_score_given_to_the_film_itself(line: str, score: float) -> None:
    # "… à ce film", "… to this film": the film as the object of giving, after the score.
    assert _scores(f"{PROSE}\n\n{line}\n") == [score]


@pytest.mark.parametrize(
    ("name", "title", "same"),
    [
        ("Heat", "Heat (1995)", True),
        ("the holdovers", "The Holdovers", True),
        ("Portrait of a Lady", "Portrait of a Lady on Fire", True),
        ("Heat", "Heat 2", False),
        ("Heat", "Collateral", False),
    ],
)
def test_a_name_in_a_sentence_is_the_page_s_film(name: str, title: str, same: bool) -> None:
    assert same_film(name, title) is same
