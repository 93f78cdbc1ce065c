"""A score label naming whose mark it is: a person, a role or a board ("Note de
l'animateur", "Note d'Odile", "Il voto della commissione cineforum", "Our programmer's
rating", "Wertung der Redaktion"), in each language; a part of the film ("Note du
scénario") or many raters ("Note des spectateurs") stay what they were."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.labels import is_overall_label

_PAGE = (
    "La Haine\n\nThree young men, one day and one night after a riot in the suburbs.\n\n{line}\n"
)


@pytest.mark.parametrize(
    "label",
    [
        "Note de l'animateur",
        "Note d'Odile",
        "Il voto della commissione cineforum",
        "Our programmer's rating",
        "Cruise Director's rating",
        "Tom's mark",
        "Wertung der Redaktion",
        "Nota do crítico convidado",
        "Rating of the programmer",
        "Calificación del jurado joven",
    ],
)
def test_a_label_naming_whose_mark_it_is(label: str) -> None:
    assert is_overall_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "Note du scénario",  # a part of the film
        "Voto della regia",
        "Wertung der Musik",
        "Rating of the sound",
        "Note des spectateurs",  # many raters
        "The audience's rating",
        "My brother's rating",  # someone of the writer's
        "Nota dos leitores",
        "Note à l'attention des enseignants",  # no owner word
        "Score yourself",
        "Rating legend",
        "Note de la classe de cinquième du collège",  # too many words for an owner
    ],
)
def test_labels_that_name_no_critic(label: str) -> None:
    assert not is_overall_label(label)


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Note de l'animateur : 17/20", 8.5),
        ("Our programmer's rating: ★★★★★", 10.0),
        ("Il giudizio della commissione: 4/5", 8.0),
    ],
)
def test_the_owned_label_gives_the_critics_score(line: str, score: float) -> None:
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews] == [score]


def test_a_category_label_with_an_article_gives_no_critic_score() -> None:
    reviews = parse_document(_PAGE.format(line="Note de la musique : 4/5")).reviews
    assert [r.score for r in reviews if r.score is not None] == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("L'Oscar è tornato dopo quindici anni. Il voto della redazione: 9", 9.0),
        (
            'He ends up wanting to stay. "Nothing happens and it is perfect." Tom\'s mark: eight.',
            8.0,
        ),
        ("Drôle et tendre, quatre César mérités. Note de la rédaction : 7,5", 7.5),
        ("Ein stiller Film über einen Vater. Unsere Wertung: sieben", 7.0),
    ],
)
def test_a_score_label_closing_a_line_after_its_sentences(line: str, score: float) -> None:
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews] == [score]


@pytest.mark.parametrize(
    "line",
    [
        "The cast is huge and the extras number: three",  # no score label before the colon
        "We counted the extras in the crowd scene: seven.",
        "I still remember the queue. The mark of a classic: nine",  # a mark of something else
    ],
)
def test_numbers_in_words_after_other_labels_stay_prose(line: str) -> None:
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews if r.score is not None] == []


@pytest.mark.parametrize(
    ("line", "score"),
    [
        ("Il giudizio della commissione cineforum (da ★ a ★★★★★): ★★★★½", 9.0),
        ("Notre avis (de ★ à ★★★★) : ★★★", 7.5),
        ("Our rating (★ to ★★★★★): ★★", 4.0),
    ],
)
def test_a_label_stating_its_star_scale_in_brackets(line: str, score: float) -> None:
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews] == [score]


def test_a_star_legend_without_a_score_after_it_stays_a_legend() -> None:
    text = _PAGE.format(line="Nos étoiles vont de ★ (à éviter) à ★★★★ (chef-d'œuvre).\n\n★★★")
    assert [r.score for r in parse_document(text).reviews] == [7.5]


@pytest.mark.parametrize("label", ["Unser Filmurteil", "Gesamturteil", "Die Kritikerwertung"])
def test_a_compound_closing_on_a_score_label(label: str) -> None:
    assert is_overall_label(label)


@pytest.mark.parametrize("label", ["Bildwertung", "Musikurteil", "Leserwertung", "Vorurteil"])
def test_compounds_of_a_part_of_the_film_or_of_raters(label: str) -> None:
    assert not is_overall_label(label)


def test_the_last_of_several_category_scores_on_a_line_is_no_verdict() -> None:
    line = "Scary bits: 2/5 · Bad language: 1/5 · Things to talk about: 4/5"
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews if r.score is not None] == []


def test_a_score_label_after_category_scores_on_a_line_still_counts() -> None:
    line = "Story: 4/5 · Acting: 3/5 · Our rating: 4/5"
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews] == [8.0]


def test_a_labelled_mark_closing_a_clause_mid_line() -> None:
    line = "stay for the worst day of a policeman's life.\" Dev's mark: 9, with a warning."
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews] == [9.0]


@pytest.mark.parametrize(
    "line",
    [
        "We counted the room. Present: 9, absent: 3, late: 2.",  # no score label
        "Short and loud. Rating: 4, and I mean it.",  # out of 5 or of 10?
    ],
)
def test_labelled_figures_closing_clauses_that_are_no_mark(line: str) -> None:
    reviews = parse_document(_PAGE.format(line=line)).reviews
    assert [r.score for r in reviews if r.score is not None] == []
