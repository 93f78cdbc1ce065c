"""/stats on small hand-computed fixtures: the pure figures, then the command over SQLite.

The fixture (films F1..F4, critics' means F1 9, F2 5, F3 7, F4 none):

    member  F1  F2  F3  F4
    Ada      8   6   4  10
    Bob      7   5   3   .
    Cy       2   6  10   .
    Dee      9   .   .   1
    Eve      5   9   6   8

Ada against Bob over F1..F3: (8, 6, 4) and (7, 5, 3) move together, r = +1; against
Cy (2, 6, 10), r = -1; against Eve over F1..F4: Ada's deviations from 7 are (1, -1, -3, 3), Eve's
(-2, 2, -1, 1): r = 2 / sqrt(20 * 10) = 0.1414; Dee shares only F1 and F4.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator

import pytest

from bot.commands.ratings import RATE
from bot.commands.spec import CommandSet
from bot.commands.stats import STATS
from bot.dispatch import Dispatcher
from bot.messages import Reply
from bot.stats import agreement_matrix, club_summary, member_summary, pearson
from bot.store import films
from bot.store.models import DocumentInput, FilmInput, MemberRef, RatingPoint, ReviewInput
from tests.polls_helpers import Club, open_club

pytestmark = pytest.mark.both_backends


TABLE = {
    "Ada": {1: 8, 2: 6, 3: 4, 4: 10},
    "Bob": {1: 7, 2: 5, 3: 3},
    "Cy": {1: 2, 2: 6, 3: 10},
    "Dee": {1: 9, 4: 1},
    "Eve": {1: 5, 2: 9, 3: 6, 4: 8},
}
CRITICS = {1: 9.0, 2: 5.0, 3: 7.0}
TITLES = {1: "Alien", 2: "Heat", 3: "Ran", 4: "Vertigo"}


def points(table: dict[str, dict[int, float]] = TABLE) -> list[RatingPoint]:
    return [
        RatingPoint(MemberRef(name.lower(), name), film, f"F{film}", float(score))
        for name, row in table.items()
        for film, score in row.items()
    ]


def test_pearson_by_hand() -> None:
    assert pearson([8, 6, 4], [7, 5, 3]) == pytest.approx(1.0)
    assert pearson([8, 6, 4], [2, 6, 10]) == pytest.approx(-1.0)
    assert pearson([8, 6, 4, 10], [5, 9, 6, 8]) == pytest.approx(2 / math.sqrt(200))
    assert pearson([5, 5, 5], [1, 2, 3]) is None  # no spread: no correlation
    assert pearson([1], [2]) is None


def test_club_summary_by_hand() -> None:
    s = club_summary(points(), CRITICS)
    assert (s.ratings, s.films) == (16, 4)
    # Spreads: F1 2..9 = 7, F2 5..9 = 4, F3 3..10 = 7, F4 1..10 = 9.
    assert s.most_divisive is not None
    assert (s.most_divisive.film, s.most_divisive.low, s.most_divisive.high) == ("F4", 1, 10)
    # Club means F1 6.2, F2 6.5, F3 5.75; against critics -2.8, +1.5, -1.25.
    assert s.loved_against_critics is not None and s.loved_against_critics.film == "F2"
    assert s.loved_against_critics.gap == pytest.approx(1.5)
    assert s.liked_least_against_critics is not None
    assert s.liked_least_against_critics.film == "F1"
    assert s.liked_least_against_critics.gap == pytest.approx(-2.8)
    per = [(m.member.name, m.count, m.mean) for m in s.per_member]
    assert per == [
        ("Ada", 4, 7.0),
        ("Eve", 4, 7.0),
        ("Bob", 3, 5.0),
        ("Cy", 3, 6.0),
        ("Dee", 2, 5.0),
    ]


def test_club_summary_small_samples() -> None:
    one_each = points({"Ada": {1: 3}, "Bob": {2: 9}})
    s = club_summary(one_each, CRITICS)
    assert s.most_divisive is None  # one rating per film is no spread
    assert s.loved_against_critics is None and s.liked_least_against_critics is None
    assert club_summary([], {}).per_member == ()


def test_member_summary_by_hand() -> None:
    s = member_summary("ada", points(), CRITICS)
    assert s is not None
    assert (s.count, s.mean) == (4, 7.0)
    # Others on F1..F4: (7+2+9+5) + (5+6+9) + (3+10+6) + (1+8) = 71 over 12 ratings.
    assert s.others_count == 12 and s.others_mean == pytest.approx(71 / 12)
    by_name = {a.other.name: a for a in s.agreements}
    assert by_name["Bob"].r == pytest.approx(1.0) and by_name["Bob"].common == 3
    assert by_name["Cy"].r == pytest.approx(-1.0)
    assert by_name["Eve"].r == pytest.approx(0.1414, abs=1e-4) and by_name["Eve"].common == 4
    assert by_name["Dee"].r is None and by_name["Dee"].common == 2
    assert s.most_agreeing is not None and s.most_agreeing.other.name == "Bob"
    assert s.least_agreeing is not None and s.least_agreeing.other.name == "Cy"
    # Gaps against the others' mean: F4 10 vs 4.5 = +5.5 is the largest (F3 vs critics -3).
    assert s.hottest is not None
    assert (s.hottest.film, s.hottest.against, s.hottest.gap) == ("F4", "the club", 5.5)


def test_member_with_too_little_in_common_gets_no_number() -> None:
    s = member_summary("dee", points(), CRITICS)
    assert s is not None
    assert all(a.r is None for a in s.agreements)
    assert s.most_agreeing is None and s.least_agreeing is None
    assert member_summary("nobody", points(), CRITICS) is None


# -- through the dispatcher, over SQLite --------------------------------------------------

COMMANDS = CommandSet(commands=(STATS, RATE))


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database)
    c.dispatcher = Dispatcher(c.services, COMMANDS)
    for number, title in TITLES.items():
        film_id = await c.store.write(
            films.upsert_film, FilmInput(slug=title.lower(), title=title, year=2000)
        )
        if number in CRITICS:
            review = ReviewInput("A. Critic", CRITICS[number], f"{CRITICS[number]:g}/10", {}, ())
            doc = DocumentInput(
                film_id, f"hash{number}", f"doc{number}.txt", None, None, (review,), ()
            )
            await c.store.write(films.add_document, doc)
    yield c
    await c.store.close()


async def rate_all(club: Club) -> None:
    for name, row in TABLE.items():
        for film, score in row.items():
            reply = await club.say(f"/rate {TITLES[film]} {score}", name.lower())
            assert not reply.error, reply.text


def fields(reply: Reply) -> dict[str, str]:
    return {f.name: f.value for f in reply.fields}


async def test_stats_for_the_club(club: Club) -> None:
    assert "Nobody in the club has rated" in (await club.say("/stats")).text
    await rate_all(club)
    shown = fields(await club.say("/stats"))
    assert shown["Rated"] == "16 ratings of 4 films by 5 members"
    assert shown["Most divisive"] == "Vertigo (2000): from 1 to 10 (3 ratings)"
    assert shown["Loved most against the critics"] == (
        "Heat (2000): club 6.5, critics 5 (+1.5, 4 ratings)"
    )
    assert shown["Liked least against the critics"] == (
        "Alien (2000): club 6.2, critics 9 (−2.8, 5 ratings)"
    )
    assert shown["Ratings per member"].splitlines()[0] == "Ada: 4 ratings, mean 7"


async def test_stats_for_me_and_for_a_member(club: Club) -> None:
    await rate_all(club)
    mine = await club.say("/stats me", "ada")
    assert mine.title == "Stats: Ada"
    shown = fields(mine)
    assert shown["Mean"] == "Ada 7 over 4 films · the others 5.92 on the same films (12 ratings)"
    assert shown["Agrees most with"] == "Bob: r = +1.00 over 3 films rated by both"
    assert shown["Agrees least with"] == "Cy: r = -1.00 over 3 films rated by both"
    assert shown["Hottest take"] == "Vertigo (2000): you 10, the club 4.5 (+5.5)"
    dee = fields(await club.say("/stats Dee", "ada"))
    assert dee["Agreement"].startswith("Not enough ratings in common: it needs 3 films")
    assert "Ada: 2 in common" in dee["Agreement"]
    assert "r =" not in dee["Agreement"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/stats zed", "No member called `zed` has used filmclub"),
        ("/stats e", "No member is called `e`. Did you mean: Dee, Eve?"),
    ],
)
async def test_unclear_members_are_asked_about(club: Club, line: str, message: str) -> None:
    await rate_all(club)
    reply = await club.say(line)
    assert reply.error and message in reply.text, reply.text


async def test_member_who_has_not_rated(club: Club) -> None:
    await rate_all(club)
    assert (await club.say("/stats me", "zoe")).text == (
        "You have not rated any films in this club yet."
    )


async def test_club_stats_without_critics_scores_say_so(club: Club) -> None:
    await club.say("/rate Vertigo 3", "ada")
    await club.say("/rate Vertigo 9", "bob")
    shown = fields(await club.say("/stats"))
    assert shown["Most divisive"] == "Vertigo (2000): from 3 to 9 (2 ratings)"
    no_critics = "No film has both 2 club ratings and critics' scores yet."
    assert shown["Loved most against the critics"] == no_critics
    assert shown["Liked least against the critics"] == no_critics
    await club.say("/rate Alien 3", "ada")
    await club.say("/rate Alien 4", "bob")
    shown = fields(await club.say("/stats"))
    assert shown["Loved most against the critics"] == "The club rates no film above the critics."
    assert shown["Liked least against the critics"].startswith("Alien (2000): club 3.5, critics 9")


def test_agreement_matrix_by_hand() -> None:
    matrix = agreement_matrix(points())
    # Most ratings first (Ada and Eve 4, then Bob and Cy 3, then Dee 2), by name on ties.
    assert [m.name for m in matrix.members] == ["Ada", "Eve", "Bob", "Cy", "Dee"]
    ada, eve, bob, cy, dee = range(5)
    assert matrix.cells[(ada, bob)][0] == pytest.approx(1.0)
    assert matrix.cells[(bob, ada)] == matrix.cells[(ada, bob)]
    assert matrix.cells[(ada, cy)][0] == pytest.approx(-1.0)
    assert matrix.cells[(ada, eve)] == (pytest.approx(2 / math.sqrt(200)), 4)
    assert matrix.cells[(ada, dee)] == (None, 2)  # two films in common: no figure
    assert (ada, ada) not in matrix.cells
    assert [m.name for m in agreement_matrix(points(), limit=2).members] == ["Ada", "Eve"]


async def test_club_stats_attach_the_agreement_grid(club: Club) -> None:
    await rate_all(club)
    reply = await club.say("/stats")
    assert reply.image is not None and reply.image.filename == "agreement-club.png"
    assert "Ada and Bob r +1.00 over 3 films" in reply.image.alt
    assert "Ada and Dee" not in reply.image.alt
    assert (await club.say("/stats chart:no")).image is None


def test_identical_ratings_give_no_correlation_and_say_why() -> None:
    flat = points({"Ada": {1: 7, 2: 7, 3: 7}, "Bob": {1: 2, 2: 5, 3: 9}})
    summary = member_summary("ada", flat, {})
    assert summary is not None
    (bob,) = summary.agreements
    assert (bob.r, bob.common) == (None, 3)
    from bot.commands.stats import member_reply

    shown = {f.name: f.value for f in member_reply(summary, yours=True).fields}
    assert "Bob: 3 in common, but one of you rated them all alike" in shown["Agreement"]
