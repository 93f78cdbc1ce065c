"""Scores on a scale of 20, scales stated in a score's label, and ranged or hedged scores."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.scores import normalize_score

PROSE = (
    "Un huis clos sec et précis : la caméra ne quitte jamais la salle d'audience, "
    "et chaque témoin déplace un peu plus le doute."
)


def _scores(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.raw_score) for r in parse_document(text).reviews]


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("Note : 14/20", 7.0, "14/20"),
        ("14/20", 7.0, "14/20"),
        ("Ma note : 15,5/20", 7.75, "15,5/20"),
        ("Je lui mets 16/20.", 8.0, "16/20"),
        ("Note : 14 sur 20", 7.0, "14 sur 20"),
    ],
)
def test_a_score_out_of_twenty_is_halved(line: str, score: float, raw: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("note sur 20 : 12", 6.0, "12"),
        ("Ma note sur 20 : 15,5", 7.75, "15,5"),
        ("Note /20 : 13", 6.5, "13"),
        ("Note (sur 20) : 17", 8.5, "17"),
        ("Rating (out of 10): 8", 8.0, "8"),
        ("Score out of 5: 4", 8.0, "4"),
        ("Note sur 20 : 14/20", 7.0, "14/20"),
    ],
)
def test_a_score_label_may_state_the_scale_of_its_bare_number(
    line: str, score: float, raw: str
) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "Note sur 20 : 24",  # above its own scale
        "Note sur 12 : 9",  # no usual scale: a rank or a count
        "Chapter 3 of 10: 8",  # not a score label
    ],
)
def test_a_label_s_scale_gives_nothing_it_cannot_hold(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(None, None)]


@pytest.mark.parametrize(
    "line",
    [
        "Sa vision est à 20/20 dans le dernier acte, rien ne lui échappe.",
        "He works 24/7 and it shows.",
        "Since 9/11 the country has changed, and so has this genre.",
        "The shutter stays open 1/20 of a second.",
        "It was top 20 material for a while.",
        "This is episode 14/20.",
        "Hindsight is 20/20.",
        "In hindsight, my vision is 20/20.",
    ],
)
def test_fractions_in_prose_stay_prose(line: str) -> None:
    doc = parse_document(f"{PROSE}\n\n{line}\n")
    assert [r.score for r in doc.reviews] == [None]
    assert doc.aggregates == ()


def test_an_average_out_of_twenty_is_an_aggregate() -> None:
    doc = parse_document(f"{PROSE}\n\nMoyenne sur 20 : 13,2 (45 votes)\n")
    assert [(a.score, a.votes) for a in doc.aggregates] == [(6.6, 45)]
    counted = parse_document(f"{PROSE}\n\nMean score 14.5 out of 20 (17 votes).\n")
    assert [(a.score, a.votes) for a in counted.aggregates] == [(7.25, 17)]


def test_an_average_between_ten_and_twenty_with_no_scale_is_left_out() -> None:
    # "13,2" could be out of 20 or out of 100: neither is guessed.
    doc = parse_document(f"{PROSE}\n\nMoyenne des spectateurs : 13,2 (45 votes)\n")
    assert doc.aggregates == ()


def test_a_credit_line_may_give_its_score_out_of_twenty() -> None:
    text = "THE HOLDOVERS 17/20 (2023, 133 min) Dir: Alexander Payne. With: Paul Giamatti.\n"
    doc = parse_document(text)
    assert [(r.score, r.raw_score) for r in doc.reviews] == [(8.5, "17/20")]
    assert doc.facts.runtime_minutes == 133


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("7-8/10", 7.5, "7-8/10"),
        ("Rating: 7–8/10", 7.5, "7–8/10"),
        ("I'd give it 7 or 8 out of 10.", 7.5, "7 or 8 out of 10"),
        ("Somewhere between 7 and 8 out of 10 for me.", 7.5, "7 and 8 out of 10"),
        ("Note : 3-4/5", 7.0, "3-4/5"),
        ("Je lui mets 7 ou 8 sur 10.", 7.5, "7 ou 8 sur 10"),
        ("Ich gebe ihm 7 bis 8 von 10 Punkten.", 7.5, "7 bis 8 von 10 Punkten"),
        ("Voto: tra 7 e 8 su 10", 7.5, "7 e 8 su 10"),
        ("I'd give it three or four stars.", 7.0, "three or four stars"),
        ("Je lui donne trois ou quatre étoiles.", 7.0, "trois ou quatre étoiles"),
    ],
)
def test_a_range_on_a_stated_scale_is_its_middle(line: str, score: float, raw: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(score, raw)]


@pytest.mark.parametrize(
    "line",
    [
        "Rating: 7-8",  # no scale stated: out of 10, of 20?
        "Rating: 7 or 8",
        "Rating: one or two",
        "Honestly I'd give it a 7 or an 8.",
        "Rating: 2-8/10",  # ends too far apart to be one opinion
        "Rating: 8-7/10",  # not a range
        "The pages 7-8/10 were torn out.",
        "Rating: 7/10-8/10",  # two whole scores
        "Rating: 7/10 - 8/10",
        "7/10 - 8/10",
        "Rating: 7/10 or 8/10",
    ],
)
def test_a_range_is_never_read_from_one_of_its_ends(line: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(None, None)]


@pytest.mark.parametrize(
    ("line", "score", "raw"),
    [
        ("I'd give it a 7, maybe 7.5.", 7.0, "7"),
        ("Honestly a 7/10, maybe 8/10.", 7.0, "7/10"),
        ("Je lui mets un 7, peut-être 7,5.", 7.0, "7"),
        ("Ich gebe ihm eine 7, vielleicht 8.", 7.0, "7"),
        ("Gli do un 7, forse 8.", 7.0, "7"),
    ],
)
def test_a_hedged_score_is_its_first_figure(line: str, score: float, raw: str) -> None:
    assert _scores(f"{PROSE}\n\n{line}\n") == [(score, raw)]


def test_a_hedge_gives_no_score_where_the_first_figure_gives_none() -> None:
    assert _scores(f"{PROSE}\n\nThe story is great, maybe 9.\n") == [(None, None)]


def test_a_member_s_range_is_not_one_score() -> None:
    assert normalize_score("7-8/10") is None
    assert normalize_score("7.5/10") == (7.5, "7.5/10")


@pytest.mark.parametrize(
    ("text", "score"),
    [
        (f"Toutes les notes sont sur 20.\n\nNote : 14\n\n{PROSE}\n", 7.0),
        (f"Nous notons de 0 à 20.\n\nNote : 14,5\n\n{PROSE}\n", 7.25),
        (f"Note : 14\n\n{PROSE}\n\nLes notes vont de 0 à 20.\n", 7.0),  # at the foot
        (f"Toutes les notes sont sur 20.\n\nNote : 8\n\n{PROSE}\n", 4.0),
        (f"Wertungen von 0 bis 20\n\nWertung: 15\n\n{PROSE}\n", 7.5),  # 15 and 12 are
        (f"Notes sur 20\n\nNote : 12\n\n{PROSE}\n", 6.0),  # also film certificates
    ],
)
def test_a_legend_of_twenty_governs_the_bare_numbers_of_the_page(text: str, score: float) -> None:
    assert [r.score for r in parse_document(text).reviews] == [score]


@pytest.mark.parametrize(
    "text",
    [
        f"Note : 14\n\n{PROSE}\n",  # no legend: out of 20, of 100?
        f"Tous les films sont notés sur 5.\n\nNote : 14\n\n{PROSE}\n",
        f"Toutes les notes sont sur 20.\n\nNote : 24\n\n{PROSE}\n",
        f"Scores out of 20.\n\nRating: 15\n\n{PROSE}\n",  # "Rating: 15" is a certificate
    ],
)
def test_a_bare_number_above_ten_needs_a_legend_of_twenty(text: str) -> None:
    assert [r.score for r in parse_document(text).reviews] == [None]


@pytest.mark.parametrize(
    "line", ["Rating: 4/5 - ★★★★", "Rating: 8/10 - 2 hours well spent", "Heat 1995 - 8/10"]
)
def test_a_score_repeated_or_followed_by_words_is_no_range(line: str) -> None:
    assert [r.score for r in parse_document(f"{PROSE}\n\n{line}\n").reviews] == [8.0]
