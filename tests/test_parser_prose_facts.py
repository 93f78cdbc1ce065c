"""A runtime only the page's sentences state: in a bracket opening on it after the film is
named, or after a verb of running, in each language; lengths that are no feature's runtime
stay out."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.prose_facts import prose_runtime


def _runtime(paragraph: str) -> int | None:
    text = f"Letters about last month's review\n\n{paragraph}\n\nMore letters next month.\n"
    return parse_document(text).facts.runtime_minutes


@pytest.mark.parametrize(
    ("paragraph", "minutes"),
    [
        (
            "Our review of Kelly Reichardt's First Cow (122 minutes, set in 1820s Oregon) "
            "brought in a pile of letters.",
            122,
        ),
        (
            "Unsere Besprechung von Christian Petzolds Roter Himmel (103 Minuten, mit Paula "
            "Beer) hat viele Zuschriften ausgelöst.",
            103,
        ),
        ("Aftersun is a 2022 drama. The film runs 101 minutes and was shot in Turkey.", 101),
        ("Le film dure 2 h 31, et on ne les sent pas passer.", 151),
        ("Der Film dauert 162 Minuten, und keine davon ist zu viel.", 162),
        ("Il film dura 118 minuti ed è girato in bianco e nero.", 118),
        ("La película dura 125 minutos y se hace corta.", 125),
        ("O filme dura 2h15 e passa voando.", 135),
        (
            "The film, written and directed by Joel Coen and Ethan Coen, runs 122 minutes.",
            122,
        ),
        ("Saul Bass designed it; the 128-minute film was shot in VistaVision.", 128),
        ("Voltei pensando. Direção de Walter Salles, 2h17, e vale cada minuto.", 137),
    ],
)
def test_a_runtime_the_sentences_state(paragraph: str, minutes: int) -> None:
    assert _runtime(paragraph) == minutes


@pytest.mark.parametrize(
    "paragraph",
    [
        "I saw it in IMAX (a 45-minute drive each way, £21.50 a ticket) and again at home.",
        "The queue runs 20 minutes on a Saturday, so come early.",
        "Trotzdem: 20 Minuten kürzer wäre besser gewesen.",
        "Screenings (19:30, Hall 2) sell out fast.",
        "Before it we sat through (110 minutes of trailers) and a fire drill.",
        "The theatrical cut runs 112 minutes; the director's cut runs 138 minutes.",
        "Ten questions, 15 minutes. Answers at the bottom.",
        "The film runs 2 hours and feels like 3.",  # a round figure
        "It was a 45-minute drive each way, and a 90-minute queue.",  # not the film's
        "Directed by Sofia Coppola, 2 hours of my life.",  # a round figure
        "I rewatched all twelve. Oppenheimer runs 180 minutes, Following just 69.",
    ],
)
def test_lengths_that_are_no_runtime(paragraph: str) -> None:
    assert _runtime(paragraph) is None


def test_a_credits_block_runtime_wins_over_the_prose() -> None:
    text = (
        "First Cow\nRuntime: 122 min\n\n"
        "The cut shown at the festival runs 125 minutes, with a longer prologue.\n"
    )
    assert parse_document(text).facts.runtime_minutes == 122


def test_one_runtime_said_twice_is_that_runtime() -> None:
    assert prose_runtime(["It runs 122 minutes.", "(122 minutes, in colour)"]) == 122


def test_a_page_reviewing_several_films_takes_no_runtime_from_its_sentences() -> None:
    text = (
        "Cannes, day 3\n\n"
        "Anora: a screwball comedy that turns on a dime. 4/5\n\n"
        "The Substance: loud, long and proud of it. 3/5\n\n"
        "Tomorrow: Megalopolis, which runs 138 minutes.\n"
    )
    assert parse_document(text).facts.runtime_minutes is None


def test_a_bracket_crediting_the_film_with_its_year_outranks_a_trips_hours() -> None:
    paragraph = (
        "Le soir, projection en plein air d'un film de Jūzō Itami (1985, 1 h 54), le "
        "western ramen. Demain, Shinkansen pour Kyoto (2 h 15, le Pass fait son travail)."
    )
    assert _runtime(paragraph) == 114


def test_hours_in_a_bracket_without_a_year_are_no_runtime() -> None:
    assert _runtime("Demain, Shinkansen pour Kyoto (2 h 15, le Pass fait son travail).") is None


def _directors(paragraph: str) -> tuple[str, ...]:
    text = f"Letters about last month's review\n\n{paragraph}\n\nMore letters next month.\n"
    return parse_document(text).facts.directors


@pytest.mark.parametrize(
    ("paragraph", "names"),
    [
        (
            "Past Lives is a 2023 drama written and directed by Celine Song in her debut.",
            ("Celine Song",),
        ),
        (
            "The film, written and directed by Joel Coen and Ethan Coen, is a quiet one.",
            ("Joel Coen", "Ethan Coen"),
        ),
        ("Le soir, un film de Jūzō Itami (1985), le western ramen.", ("Jūzō Itami",)),
        ("Voltei pensando. Direção de Walter Salles, e vale cada minuto.", ("Walter Salles",)),
        ("Un classico diretto da Giuseppe Tornatore nel 1988.", ("Giuseppe Tornatore",)),
        ("It was directed by Guillermo del Toro. Nobody else could.", ("Guillermo del Toro",)),
    ],
)
def test_a_director_the_sentences_name(paragraph: str, names: tuple[str, ...]) -> None:
    assert _directors(paragraph) == names


@pytest.mark.parametrize(
    "paragraph",
    [
        "It was produced by Ismail Merchant, as always.",  # not a directing phrase
        "A film by the Dardenne brothers, in every sense.",  # no name after the phrase
        "Directed by Sofia Coppola, it echoes a film directed by Wong Kar-wai.",  # which one?
        "Un film de Noël, rien de plus.",  # one capitalized word is no name
    ],
)
def test_sentences_that_name_no_one_director(paragraph: str) -> None:
    assert _directors(paragraph) == ()


def test_a_credits_block_director_wins_over_the_prose() -> None:
    text = "First Cow\nDirector: Kelly Reichardt\n\nIt reminded me of a film by Robert Altman.\n"
    assert parse_document(text).facts.directors == ("Kelly Reichardt",)
