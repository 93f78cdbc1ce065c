"""Letterboxd and IMDb exports: imported once, updated by newer rows, refused whole when bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import App
from bot.errors import UserError
from bot.messages import Member
from bot.reviews.exports import BadExport
from bot.reviews.imports import import_history
from bot.store import films
from bot.store.models import FilmInput
from tests.backends import other_connection_rows
from tests.conftest import Chat
from tests.test_cli import run

pytestmark = pytest.mark.both_backends


EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ADA = Member("u1", "Ada")
CLUB = "console:test"
LIBRARY = [
    ("lost-in-translation-2003", "Lost in Translation", 2003),
    ("heat-1995", "Heat", 1995),
    ("solaris-1972", "Solaris", 1972),
    ("solaris-2002", "Solaris", 2002),
    ("alien-1979", "Alien", 1979),
    ("crouching-tiger-2000", "Crouching Tiger, Hidden Dragon", 2000),
]


@pytest.fixture
async def library(chat: Chat) -> Chat:
    for slug, title, year in LIBRARY:
        await chat.app.store.write(films.upsert_film, FilmInput(slug, title, year))
    return chat


async def load(app: App, name: str, *, admin: bool = False, member: Member = ADA) -> str:
    data = (EXPORTS / name).read_bytes()
    summary = await import_history(app.services, CLUB, member, data, name, is_admin=admin)
    return summary.text()


def table(database: str, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in other_connection_rows(database, sql)]


RATINGS_SQL = (
    "SELECT f.title, r.score, r.raw, r.updated_at FROM ratings r"
    " JOIN films f ON f.id = r.film_id ORDER BY f.title"
)


async def test_letterboxd_ratings_are_imported_once(library: Chat, database: str) -> None:
    text = await load(library.app, "letterboxd-ratings.csv")
    assert text.splitlines() == [
        "Letterboxd ratings: 7 rows read — 4 imported, 0 updated, 0 unchanged.",
        "2 not matched to a film: Solaris (several films); A Film Nobody Has Loaded (2021).",
        "1 skipped: Alien (1979) (line 8: rating not 0.5–5).",
    ]
    mine = await library("/ratings me")
    for line in ("Her (2013): 9/10", "Heat (1995): 10/10", "Lost in Translation (2003): 8/10"):
        assert line in mine.text
    rows = table(database, RATINGS_SQL)
    assert ("Her", 9.0, "4.5/5", "2024-01-05T00:00:00+00:00") in rows
    again = await load(library.app, "letterboxd-ratings.csv")
    assert again.startswith("Letterboxd ratings: 7 rows read — 0 imported, 0 updated, 4 unchanged.")
    assert table(database, RATINGS_SQL) == rows


async def test_a_newer_rating_replaces_an_older_one(library: Chat, database: str) -> None:
    await load(library.app, "letterboxd-ratings.csv")
    text = await load(library.app, "letterboxd-ratings-later.csv")
    assert text == "Letterboxd ratings: 3 rows read — 0 imported, 1 updated, 2 unchanged."
    rows = {r[0]: r[1:] for r in table(database, RATINGS_SQL)}
    assert rows["Lost in Translation"][:2] == (6.0, "3/5")  # newer row: replaced
    assert rows["Heat"][:2] == (10.0, "5/5")  # the row is older than the stored rating


async def test_a_rating_made_in_chat_after_the_export_stands(library: Chat) -> None:
    await library("/rate Her 6")
    text = await load(library.app, "letterboxd-ratings.csv")
    assert "3 imported, 0 updated, 1 unchanged" in text
    assert "Her (2013): 6/10" in (await library("/ratings me")).text


async def test_letterboxd_reviews_become_club_reviews(library: Chat) -> None:
    text = await load(library.app, "letterboxd-reviews.csv")
    assert text == (
        "Letterboxd reviews: 2 rows read — 2 imported, 0 updated, 0 unchanged (2 reviews saved)."
    )
    quote = await library("/quote Heat from:club")
    assert quote.quote is not None and "diner scene" in quote.quote.text
    assert quote.quote.attribution() == "Ada (club member), on Heat"
    scores = await library("/scores Heat chart:no")
    assert any(f.value.startswith("1 review by members") for f in scores.fields)
    again = await load(library.app, "letterboxd-reviews.csv")
    assert "0 imported, 0 updated, 2 unchanged" in again
    # Another club never sees them.
    other = Chat(library.app, club="console:elsewhere")
    assert (await other("/quote Heat from:club")).error


async def test_imdb_ratings(library: Chat, database: str) -> None:
    text = await load(library.app, "imdb-ratings.csv")
    assert text.splitlines() == [
        "IMDb ratings: 4 rows read — 2 imported, 0 updated, 0 unchanged.",
        "1 not matched to a film: Unloaded Picture (2020).",
        "1 skipped: Alien (1979) (line 4: rating not 1–10).",
    ]
    rows = {r[0]: r[1:3] for r in table(database, RATINGS_SQL)}
    assert rows == {"Her": (9.0, "9/10"), "Heat": (8.0, "8/10")}


async def test_a_watchlist_is_the_clubs_and_needs_an_admin(library: Chat) -> None:
    with pytest.raises(UserError, match="Only a club admin"):
        await load(library.app, "letterboxd-watchlist.csv")
    text = await load(library.app, "letterboxd-watchlist.csv", admin=True)
    assert text == "Letterboxd watchlist: 3 films read — 3 imported, 0 updated, 0 unchanged."
    listing = await library("/watchlist list")
    for title in ("Alien (1979)", "Paris, Texas (1984)", "Stalker (1979)"):
        assert title in listing.plain_text()
    again = await load(library.app, "letterboxd-watchlist.csv", admin=True)
    assert "0 imported, 0 updated, 3 unchanged" in again


async def test_watched_lists_are_refused_with_what_to_import_instead(library: Chat) -> None:
    with pytest.raises(BadExport, match=r"import ratings\.csv or reviews\.csv"):
        await load(library.app, "letterboxd-watched.csv")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("wrong-columns.csv", "are not an export I know"),
        ("not-csv.csv", "is not a CSV export"),
        ("unclosed-quote.csv", "is not a CSV export"),
    ],
)
async def test_malformed_files_are_refused_and_nothing_is_written(
    library: Chat, database: str, name: str, expected: str
) -> None:
    before = table(
        database, "SELECT (SELECT count(*) FROM ratings), (SELECT count(*) FROM members)"
    )
    with pytest.raises(BadExport, match=expected) as refused:
        await load(library.app, name)
    assert "Date, Name, Year, Letterboxd URI, Rating" in refused.value.message
    assert "Const, Your Rating, Date Rated, Title, Year" in refused.value.message
    assert "Nothing was imported" in refused.value.message
    after = table(database, "SELECT (SELECT count(*) FROM ratings), (SELECT count(*) FROM members)")
    assert after == before


async def test_files_over_the_limits_are_refused(library: Chat, database: str) -> None:
    header = "Date,Name,Year,Letterboxd URI,Rating\n"
    many = header + "".join(f"2024-01-01,Her,2013,https://boxd.it/x{i},4\n" for i in range(20_001))
    with pytest.raises(BadExport, match="more than 20,000 rows"):
        await import_history(library.app.services, CLUB, ADA, many.encode())
    big = header + "2024-01-01,Her,2013,https://boxd.it/x," + "4" * 5_000_001
    with pytest.raises(BadExport, match="at most 5 MB"):
        await import_history(library.app.services, CLUB, ADA, big.encode())
    assert table(database, "SELECT count(*) FROM ratings") == [(0,)]


async def test_unmatched_rows_show_the_first_twenty_then_a_count(library: Chat) -> None:
    header = "Date,Name,Year,Letterboxd URI,Rating\n"
    rows = "".join(f"2024-01-01,Unknown Film {i},1990,https://boxd.it/u{i},3\n" for i in range(25))
    summary = await import_history(library.app.services, CLUB, ADA, (header + rows).encode())
    line = summary.text().splitlines()[1]
    assert line.startswith("25 not matched to a film: Unknown Film 0 (1990); ")
    assert "Unknown Film 19 (1990); and 5 more." in line
    assert "Unknown Film 20" not in line


def test_the_command_line_imports_for_a_console_member(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert run("ingest", "--db", db, "data/films").returncode == 0
    out = run("import", str(EXPORTS / "imdb-ratings.csv"), "--user", "bea", "--db", db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("IMDb ratings: 4 rows read — 1 imported")
    console = run("console", "--db", db, "--user", "bea", stdin="/ratings me\n")
    assert "Her (2013): 9/10" in console.stdout
    bad = run("import", str(EXPORTS / "wrong-columns.csv"), "--user", "bea", "--db", db)
    assert bad.returncode == 1 and "Expected — Letterboxd ratings" in bad.stderr


async def test_my_ratings_tell_films_of_one_title_apart_by_year(library: Chat) -> None:
    first = await library("/rate Solaris 1972 9")
    assert not first.error, first.text
    assert not (await library("/rate Solaris 2002 6")).error
    mine = (await library("/ratings me")).text.splitlines()
    assert sorted(mine) == ["Solaris (1972): 9/10", "Solaris (2002): 6/10"]
    club = (await library.as_member("u2", "Bea")("/ratings")).text
    assert "Ada · Solaris (1972): 9/10" in club and "Ada · Solaris (2002): 6/10" in club
