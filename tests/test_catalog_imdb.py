"""An IMDb id names its film exactly: Wikidata's P345, found with ``haswbstatement``."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest

from bot.catalog.http import JsonClient
from bot.catalog.wikidata import WikidataProvider
from bot.config import Settings
from bot.messages import Member
from bot.reviews.imports import import_history
from bot.reviews.resolve import NotFound, resolve_title
from bot.store.models import Film
from tests.catalog_helpers import CONTACT, catalog_chat, catalog_settings
from tests.tmdb_fake import FakeTmdb
from tests.wikidata_fake import HEAT_1995, FakeWikidata

ADA = Member("u1", "Ada")
CLUB = "console:test"
HEADER = "Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,Year\n"


def imdb_csv(*rows: tuple[str, int, str, int]) -> bytes:
    lines = [
        f"{const},{score},2024-05-0{n},{title},{title},https://www.imdb.com/title/{const}/,Movie,{year}"
        for n, (const, score, title, year) in enumerate(rows, start=1)
    ]
    return (HEADER + "\n".join(lines) + "\n").encode()


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata().start()
    yield fake
    await fake.stop()


def statement_searches(fake: FakeWikidata) -> list[str]:
    return [
        r.query.get("srsearch", "")
        for r in fake.requests
        if r.query.get("action") == "query" and r.query.get("list") == "search"
    ]


async def test_an_imdb_id_finds_its_film_when_the_title_does_not(
    settings: Settings, wikidata: FakeWikidata, db_path: str
) -> None:
    # A title no film carries (IMDb exports may hold a local title): the id decides.
    data = imdb_csv(("tt0113277", 8, "Heat: The Director's Cut", 1995))
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        summary = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
        assert (summary.imported, summary.unmatched) == (1, []), summary.text()
        assert statement_searches(wikidata) == ["haswbstatement:P345=tt0113277"]
        assert wikidata.count(action="wbsearchentities") == 0  # no title search was needed
        with sqlite3.connect(db_path) as conn:
            stored = conn.execute(
                "SELECT f.title, f.year, c.wikidata_id, c.imdb_id FROM catalog_films c"
                " JOIN films f ON f.id = c.film_id"
            ).fetchall()
        assert stored == [("Heat", 1995, HEAT_1995, "tt0113277")]
        mine = await chat("/ratings me")
        assert "Heat (1995): 8/10" in mine.text

        # The id is known now: resolving it again asks nothing of the network.
        asked = len(wikidata.requests)
        film = await resolve_title(chat.app.services, "Anything at all", None, "tt0113277")
        assert isinstance(film, Film) and film.label == "Heat (1995)"
        assert len(wikidata.requests) == asked


async def test_a_known_imdb_id_works_with_the_catalog_away(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        first = await resolve_title(chat.app.services, "Heat", 1995, "tt0113277")
        assert isinstance(first, Film)
        await wikidata.stop()  # connections are refused from now on
        again = await resolve_title(chat.app.services, "Heat (alt title)", None, "tt0113277")
        assert isinstance(again, Film) and again.id == first.id


async def test_an_unknown_imdb_id_falls_back_to_the_title_and_is_not_asked_again(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        services = chat.app.services
        film = await resolve_title(services, "Heathers", 1989, "tt9999999")
        assert isinstance(film, Film) and film.label == "Heathers (1989)"
        assert statement_searches(wikidata) == ["haswbstatement:P345=tt9999999"]
        missing = await resolve_title(services, "Unloaded Picture", 2020, "tt9999998")
        assert isinstance(missing, NotFound)
        asked = len(wikidata.requests)
        again = await resolve_title(services, "Unloaded Picture", 2020, "tt9999998")
        assert isinstance(again, NotFound)
        assert len(wikidata.requests) == asked  # both misses are remembered for a day


async def test_a_library_film_with_the_title_and_year_needs_no_network(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        film = await resolve_title(chat.app.services, "Her", 2013, "tt1798709")
        assert isinstance(film, Film) and film.label == "Her (2013)"
        assert wikidata.requests == []


async def test_a_malformed_imdb_id_is_never_sent(wikidata: FakeWikidata) -> None:
    provider = WikidataProvider(JsonClient("Wikidata", wikidata.api_url, CONTACT))
    try:
        assert await provider.by_imdb("tt0113277 OR haswbstatement:P31=Q5") == []
        assert await provider.by_imdb("nm0000001") == []
        assert wikidata.requests == []
        assert await provider.by_imdb("tt0113277") == [HEAT_1995]
        sent = wikidata.requests[-1].query
        assert sent["srsearch"] == "haswbstatement:P345=tt0113277"
        assert sent["srnamespace"] == "0"
    finally:
        await provider.close()


LETTERBOXD = "Date,Name,Year,Letterboxd URI,Rating\n"


async def test_an_import_asks_the_catalog_for_its_missing_titles_together(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    rows = [
        ("Arrival", "2016", "4.5"),
        ("Lonesome", "1928", "4"),
        ("Heat", "", "3"),  # no year: two films have the title
        ("Heathers", "1989", "3.5"),
        ("Nothing Like It", "2001", "2"),
        ("Arrival", "2016", "5"),  # a rewatch: the same title again
    ]
    data = (
        LETTERBOXD
        + "".join(
            f"2024-02-{n:02d},{title},{year},https://boxd.it/x{n},{stars}\n"
            for n, (title, year, stars) in enumerate(rows, start=1)
        )
    ).encode()
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        summary = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
        assert summary.imported == 3, summary.text()
        assert [u.split(" (")[0] for u in summary.unmatched] == ["Heat", "Nothing Like It"]
        assert "several films" in summary.unmatched[0]
        # One search per distinct title; claims and names in shared batches.
        assert wikidata.count(action="wbsearchentities") == 5
        assert wikidata.count(action="wbgetentities") == 3
        asked = len(wikidata.requests)
        again = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
        assert again.unchanged == 3
        # Found films are library films now and the miss is remembered; only the
        # title with several films is asked again.
        assert wikidata.count(action="wbsearchentities") == 6
        assert len(wikidata.requests) - asked == 3
        mine = await chat("/ratings me")
        assert "Arrival (2016): 10/10" in mine.text and "Heathers (1989): 7/10" in mine.text


async def test_an_imdb_export_asks_for_its_ids_together(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    data = imdb_csv(
        ("tt0113277", 8, "Heat (local title)", 1995),
        ("tt2543164", 9, "L'arrivée", 2016),
        ("tt0000001", 6, "Heathers", 1989),  # an id no item has: the title decides
        ("tt0000002", 5, "Nothing Like It", 2001),
    )
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        summary = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
        assert summary.imported == 3, summary.text()
        assert summary.unmatched == ["Nothing Like It (2001)"]
        (search,) = statement_searches(wikidata)
        assert search == (
            "haswbstatement:P345=tt0113277|P345=tt2543164|P345=tt0000001|P345=tt0000002"
        )
        mine = await chat("/ratings me")
        assert "Heat (1995): 8/10" in mine.text and "Arrival (2016): 9/10" in mine.text
        asked = len(wikidata.requests)
        again = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
        assert again.unchanged == 3 and len(wikidata.requests) == asked


async def test_an_import_asks_tmdb_alone_while_wikidata_is_away(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    tmdb = await FakeTmdb().start()
    data = (LETTERBOXD + "2024-02-01,Arrival,2016,https://boxd.it/a1,4.5\n").encode()
    try:
        configured = catalog_settings(settings, wikidata, tmdb)
        async with catalog_chat(configured, library=False) as chat:
            await wikidata.stop()
            summary = await import_history(chat.app.services, CLUB, ADA, data, "ratings.csv")
            assert (summary.imported, summary.unmatched) == (1, []), summary.text()
            assert tmdb.count(query="Arrival", year="2016") == 1
            film = await chat("/film Arrival 2016")
            assert film.footer is not None and "TMDB 329865" in film.footer
    finally:
        await tmdb.stop()
