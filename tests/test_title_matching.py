"""Near-miss words: a vote, a watchlist change or a film card names the film meant, or asks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.commands import COMMANDS as ALL_COMMANDS
from bot.dispatch import Dispatcher
from bot.films import TitleIndex
from bot.store import films
from bot.store.models import FilmInput
from bot.titlematch import Candidate, plausible, resolve
from tests.polls_helpers import Club, add_films, member, open_club

MORE_FILMS = (
    ("batman", "Batman", 1989),
    ("aliens", "Aliens", 1986),
    ("the-godfather", "The Godfather", 1972),
    ("heat-1986", "Heat", 1986),
    ("grand-budapest", "The Grand Budapest Hotel", 2014),
)


@pytest.fixture
async def club(tmp_path: Path) -> AsyncIterator[Club]:
    c = await open_club(str(tmp_path / "match.db"))
    await add_films(c.store)
    for slug, title, year in MORE_FILMS:
        await c.store.write(films.upsert_film, FilmInput(slug=slug, title=title, year=year))
    yield c
    await c.store.close()


async def film(club: Club, words: str) -> tuple[str | None, str, bool]:
    dispatcher = Dispatcher(club.services, ALL_COMMANDS)
    reply = await dispatcher.dispatch_text(
        f"/film {words}", club=club.key, channel="gen", member=member("ada")
    )
    return reply.title, reply.text, reply.error


NO_CLOSE = "`/film` with no title shows the club's film."
VOTES = [
    # (words, option voted for or None when refused)
    ("Godfather", None),
    ("Mother", None),
    ("Other", None),
    ("Hero", None),
    ("Her samantha", None),
    ("Her", "Her (2013)"),
    ("her 2013", "Her (2013)"),
    ("Her (2013)", "Her (2013)"),
    ("Hre", "Her (2013)"),
    ("1", "Her (2013)"),
    ("2", "Ran (1985)"),
    ("Rna", "Ran (1985)"),
]


@pytest.mark.parametrize(("words", "expected"), VOTES)
async def test_vote_words(club: Club, words: str, expected: str | None) -> None:
    started = await club.say("/poll start Her | Ran | Vertigo")
    assert not started.error, started.text
    reply = await club.say(f"/poll vote {words}", "bob")
    ballots = await club.count("SELECT count(*) FROM ballots")
    if expected is None:
        assert reply.error, reply.text
        assert reply.text == (
            f"Poll #1 has no option “{words}”. Options: 1. Her (2013), 2. Ran (1985), "
            "3. Vertigo (1958)."
        )
        assert ballots == 0
    else:
        assert not reply.error, reply.text
        assert reply.text == f"Your vote in poll #1: {expected}."
        assert ballots == 1


async def test_vote_for_one_of_two_films_of_the_same_title_asks(club: Club) -> None:
    await club.say("/poll start Heat 1995 | Heat 1986 | Her")
    reply = await club.say("/poll vote Heat", "bob")
    assert reply.error
    assert reply.text == "Which option of poll #1? 1. Heat (1995), 2. Heat (1986)."
    assert await club.count("SELECT count(*) FROM ballots") == 0
    picked = await club.say("/poll vote heat (1986)", "bob")
    assert picked.text == "Your vote in poll #1: Heat (1986)."


async def test_alien_and_aliens_options_each_exact(club: Club) -> None:
    await club.say("/poll start Alien | Aliens")
    assert (
        await club.say("/poll vote Aliens", "bob")
    ).text == "Your vote in poll #1: Aliens (1986)."
    assert (await club.say("/poll vote alien", "cy")).text == "Your vote in poll #1: Alien (1979)."


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("Batman Returns", "Batman (1989)"),
        ("Alien Covenant", "Alien (1979)"),
        ("Aliens", "Alien (1979)"),
        ("Godfather", "Her (2013)"),
    ],
)
async def test_watchlist_remove_never_removes_a_film_inside_the_words(
    club: Club, words: str, kept: str
) -> None:
    title = kept.split(" (")[0]
    assert not (await club.say(f"/watchlist add {title} {kept[-5:-1]}")).error
    reply = await club.say(f"/watchlist remove {words}")
    assert reply.error, reply.text
    assert reply.text == f"“{words}” is not on the watchlist. `/watchlist list` shows it."
    assert await club.count("SELECT count(*) FROM watchlist") == 1


@pytest.mark.parametrize(("words", "marked"), [("Alien Covenant", False), ("Allien", True)])
async def test_watchlist_watched_words(club: Club, words: str, marked: bool) -> None:
    await club.say("/watchlist add Alien")
    reply = await club.say(f"/watchlist watched {words}")
    assert reply.error is not marked, reply.text
    watched = await club.count("SELECT count(*) FROM watchlist WHERE watched_at IS NOT NULL")
    assert watched == (1 if marked else 0)


async def test_watchlist_remove_of_a_title_shared_in_the_library(club: Club) -> None:
    await club.say("/watchlist add Heat 1995")
    assert (
        await club.say("/watchlist remove heat")
    ).text == "Removed Heat (1995) from the watchlist."
    await club.say("/watchlist add Heat 1995")
    await club.say("/watchlist add Heat (1986)")
    asked = await club.say("/watchlist remove Heat")
    assert asked.error
    assert asked.text == "Which film on the watchlist? 1. Heat (1995), 2. Heat (1986)."
    assert await club.count("SELECT count(*) FROM watchlist") == 2


async def test_watchlist_remove_by_whole_word_prefix(club: Club) -> None:
    await club.say("/watchlist add The Grand Budapest Hotel")
    reply = await club.say("/watchlist remove grand budapest")
    assert reply.text == "Removed The Grand Budapest Hotel (2014) from the watchlist."


async def test_watchlist_add_of_an_ambiguous_title_asks(club: Club) -> None:
    reply = await club.say("/watchlist add Heat")
    assert reply.error
    assert reply.text.startswith("Which film? 1. Heat (1986), 2. Heat (1995).")
    assert await club.count("SELECT count(*) FROM watchlist") == 0


@pytest.mark.parametrize(
    ("words", "title"),
    [
        ("Hre", "Her (2013)"),
        ("hr", "Her (2013)"),
        ("heat 1995", "Heat (1995)"),
        ("Heat (1986)", "Heat (1986)"),
        ("grand budapest", "The Grand Budapest Hotel (2014)"),
        ("godfather", "The Godfather (1972)"),
        ("Aliens", "Aliens (1986)"),
        ("Vertgo", "Vertigo (1958)"),
        ("Alein", "Alien (1979)"),
    ],
)
async def test_film_finds(club: Club, words: str, title: str) -> None:
    found, text, error = await film(club, words)
    assert not error, text
    assert found == title


@pytest.mark.parametrize(
    ("words", "text"),
    [
        ("Heat", "Which film? 1. Heat (1986), 2. Heat (1995). Add the year, e.g. `Heat (1986)`."),
        ("Mother", "I don't know a film called “Mother”. " + NO_CLOSE),
        ("Hero", "I don't know a film called “Hero”. Closest: Her (2013)."),
        ("Batman Returns", "I don't know a film called “Batman Returns”. Closest: Batman (1989)."),
        ("Godfather 2", "I don't know a film called “Godfather 2”. Closest: The Godfather (1972)."),
        ("heat 2001", "I don't know a film called “heat 2001”. Closest: Heat (1995), Heat (1986)."),
    ],
)  # fmt: skip
async def test_film_refuses_or_asks(club: Club, words: str, text: str) -> None:
    found, reply, error = await film(club, words)
    assert error and found is None
    assert reply == text


def test_matcher_rules_on_plain_candidates() -> None:
    cands = [Candidate(n, key) for n, key in enumerate(["her", "heat", "alien", "aliens", "ran"])]
    assert resolve(cands, "Other").found is None
    assert resolve(cands, "heart").found is None  # an extra letter in a short title
    assert resolve(cands, "haet").found == 1
    assert resolve(cands, "hea").found is None  # Heat and Her are equally close
    assert resolve(cands, "alein").found == 2  # one swap from Alien, two edits from Aliens
    assert resolve(cands, "alies").found is None  # one edit from both
    assert resolve(cands, "aliens").found == 3
    assert resolve([*cands, Candidate(9, "her")], "her").ambiguous == (0, 9)
    assert plausible(cands, "godfather") == []


async def test_title_index_reads_only_the_films_added_since(club: Club) -> None:
    store = club.store
    index = await store.read(TitleIndex().refresh)
    before = list(index.keys)
    await store.write(films.upsert_film, FilmInput(slug="zodiac-2007", title="Zodiac", year=2007))
    assert await store.read(films.titles_after, index.ids[-1]) == [
        (index.ids[-1] + 1, "Zodiac", 2007)
    ]
    again = await store.read(index.refresh)
    fresh = await store.read(TitleIndex().refresh)
    assert again.keys == [*before, "zodiac"]
    assert (again.ids, again.labels, again.keys, again.cands) == (
        fresh.ids,
        fresh.labels,
        fresh.keys,
        fresh.cands,
    )
    assert (await film(club, "Zodiak"))[0] == "Zodiac (2007)"
