"""Roundup titles from a film cited with its year in the review's own lines ("rever TABU
(2012), a preto e branco", "picks: Paris, Texas (1984, 147 min)"), over a page heading; a
review citing two films, or none, names none that way."""

from __future__ import annotations

import pytest

from bot.parsing import parse_document
from bot.parsing.citations import cited_title


def _titles(text: str) -> list[tuple[float | None, str | None]]:
    return [(r.score, r.title) for r in parse_document(text).reviews]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Casa cheia para rever TABU (2012), a preto e branco.", "Tabu"),
        ("Priya (box office) picks: Paris, Texas (1984, 147 min, cert 15)", "Paris, Texas"),
        ("Il sorpasso (1962) di Dino Risi, stanotte su Rai Movie.", "Il sorpasso"),
        (
            "Monday, 8pm. We finally showed The Night of the Hunter (1955) on 35mm.",
            "The Night of the Hunter",
        ),
        ("Mardi soir. La Règle du jeu (1939) en copie neuve.", "La Règle du jeu"),
    ],
)
def test_the_film_a_line_cites_with_its_year(line: str, title: str) -> None:
    assert cited_title([line]) == title


@pytest.mark.parametrize(
    "lines",
    [
        ["It owes a lot to Heat (1995) and to Thief (1981)."],  # two films: which one?
        ["We opened the doors at 7pm (2024 prices apply)."],  # no name before the bracket
        ["the sound was off for most of the first reel (1998 print, badly worn)."],
        ["Nothing about it was new."],
    ],
)
def test_lines_that_cite_no_one_film(lines: list[str]) -> None:
    assert cited_title(lines) is None


def test_a_diary_of_screenings_names_each_review_by_its_cited_film() -> None:
    text = (
        "Cinematheque diary — week of 3 to 9 March\n\n"
        "Monday, 9.30pm, Hall 1. A full house to see again WINGS OF DESIRE (1987), in black\n"
        "and white and colour. Still the most generous film about Berlin.\n"
        "Rating: ★★★★★\n\n"
        "Wednesday, 7pm, same hall. PARIS, TEXAS (1984) was next, and the print was tired.\n"
        "Rating: ★★★☆☆\n"
    )
    assert _titles(text) == [(10.0, "Wings of Desire"), (6.0, "Paris, Texas")]


def test_a_heading_right_above_the_score_still_wins() -> None:
    text = (
        "Weekend picks\n\n"
        "ANORA\n"
        "A screwball comedy that owes a debt to It Happened One Night (1934).\n"
        "Rating: 4/5\n\n"
        "THE SUBSTANCE\n"
        "Loud and proud, closer to The Fly (1986) than to anything French.\n"
        "Rating: 3/5\n"
    )
    assert _titles(text) == [(8.0, "Anora"), (6.0, "The Substance")]


_GUIDE = (
    "Tonight on TV\n\n"
    "21:15 · Rai 5\n"
    "{first}\n"
    "Italia, 1963 · b/n · 138'\n"
    "Regia di Federico Fellini\n"
    "A director in crisis and a spa full of memories.\n"
    "Our rating: ★★★★★\n\n"
    "21:30 · Rai 1\n"
    "{second}\n"
    "UK, 2019 · colore · 119'\n"
    "Regia di Sam Mendes\n"
    "Two soldiers cross no man's land in one long take.\n"
    "Our rating: ★★★★☆\n"
)


def test_a_title_of_figures_right_above_its_credits() -> None:
    text = _GUIDE.format(first="8½", second="1917")
    assert _titles(text) == [(10.0, "8½"), (8.0, "1917")]


def test_figures_with_no_credits_under_them_name_no_film() -> None:
    text = (
        "Tonight on TV\n\n"
        "21:15\n"
        "8\n"
        "A director in crisis and a spa full of memories.\n"
        "Our rating: ★★★★★\n\n"
        "21:30\n"
        "9\n"
        "Two soldiers cross no man's land in one long take.\n"
        "Our rating: ★★★★☆\n"
    )
    assert [title for _, title in _titles(text)] == [None, None]


def test_a_marathons_timed_items_name_their_films() -> None:
    text = (
        "I survived the horror marathon (12 hours, 6 films)\n\n"
        "The ticket was 25 € with unlimited coffee. Times and marks:\n\n"
        "20:00 · Night of the Living Dead (1968)\n"
        "A black-and-white classic to start. The whole room clapped at the end.\n"
        "Mark: 8/10\n\n"
        "21:45 · Suspiria (1977)\n"
        "Argento's colours on a big screen are another film. I give it a 9.\n\n"
        "23:40 · [REC] (2007)\n"
        "Still works: the top floor, the night camera. Mark: 8,5\n"
    )
    found = [(r.score, r.title) for r in parse_document(text).reviews]
    assert found == [(8.0, "Night of the Living Dead"), (9.0, "Suspiria"), (8.5, "[Rec]")]


def test_a_time_and_a_channel_name_no_film() -> None:
    from bot.parsing.listing import item_title

    assert item_title("21:15 · Rai 5") is None
    assert item_title("2.40pm BBC Two") is None
    assert item_title("20:00 · La noche de los muertos vivientes (1968)") == (
        "La noche de los muertos vivientes"
    )


def test_bulleted_items_credited_with_their_year_head_their_capsules() -> None:
    text = (
        "Hotel booklet\n\n"
        "Our concierge's picks of the month. She marks out of 20.\n\n"
        "• Le Goût des autres — Agnès Jaoui, 2000, 1 h 52\n"
        "  A bored boss falls for an actress and for culture. Funny and tender.\n"
        "  Note d'Odile : 17/20\n\n"
        "• Les Émotifs anonymes — Jean-Pierre Améris, 2010, 1 h 20\n"
        "  Two shy people in a chocolate factory. Charming, a bit sweet.\n"
        "  Note d'Odile : 13/20\n"
    )
    found = [(r.score, r.title) for r in parse_document(text).reviews]
    assert found == [(8.5, "Le Goût des autres"), (6.5, "Les Émotifs anonymes")]


def test_a_bullet_without_a_year_heads_nothing() -> None:
    from bot.parsing.listing import item_title

    assert item_title("• Wi-Fi : REMPARTS-INVITES") is None
    assert item_title("• Great acting throughout") is None
