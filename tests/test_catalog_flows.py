"""Watchlist, polls and the club's film with the catalog: in-process and in the console."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.config import Settings
from tests.catalog_helpers import catalog_chat, catalog_settings
from tests.conftest import CORPUS, REPO
from tests.wikidata_fake import FakeWikidata


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata().start()
    yield fake
    await fake.stop()


async def test_watchlist_poll_and_the_clubs_film_use_catalog_films(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        added = await chat("/watchlist add Arrival")
        assert added.text == "Added Arrival (2016) to the watchlist."
        which = await chat("/watchlist add Heat")
        assert which.error and which.text.startswith("Which *Heat*?")
        nothing = await chat("/watchlist add Heath")
        assert nothing.error and "I couldn't find a film called “Heath”" in nothing.text
        assert (
            await chat("/watchlist add Heat 1995")
        ).text == "Added Heat (1995) to the watchlist."
        started = await chat("/poll start Arrival | Heat 1995 | Lonesome 2d")
        assert not started.error, started.text
        assert "Lonesome (1928)" in started.plain_text()
        assert (await chat("/poll vote Arrival")).text.startswith("Your vote in poll #1: Arrival")
        closed = await chat("/poll close")
        assert "Arrival (2016) is now the club's film" in closed.plain_text()
        film = await chat("/film")
        assert film.title == "Arrival (2016)"
        watched = await chat("/watchlist watched")
        assert watched.text.startswith("Marked Arrival (2016) as watched")


async def test_bare_titles_only_while_the_catalog_is_away_then_upgraded(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        await wikidata.stop()
        added = await chat("/watchlist add Arrival")
        assert added.text.startswith("Added “Arrival” to the watchlist as a plain title")
        await chat("/watchlist add Her")
        await chat("/poll start Arrival | Her 2d")
        await chat("/poll vote Arrival")
        closed = await chat("/poll close")
        assert "Arrival is now the club's film" in closed.plain_text()
        bare = await chat("/film")
        assert bare.title == "Arrival" and "No facts are stored" in bare.text

        await wikidata.start()  # the catalog answers again, on the same port
        upgraded = await chat("/film")
        assert upgraded.title == "Arrival (2016)"
        assert any(f.name == "Directed by" for f in upgraded.fields)
        listed = await chat("/watchlist list")
        assert "Arrival (2016)" in listed.text and "title only" not in listed.text
        watched = await chat("/watchlist watched")
        assert watched.text.startswith("Marked Arrival (2016) as watched")
        rows = await chat.app.store.fetchall(
            "SELECT count(*) FROM films WHERE norm_title = ?", ("arrival",)
        )
        assert rows[0][0] == 1  # the bare film became the catalog film, not a second one


async def test_console_against_the_fake_wikidata(tmp_path: Path, wikidata: FakeWikidata) -> None:
    db = str(tmp_path / "console.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env |= {"FILMCLUB_CATALOG": "on", "WIKIDATA_API_URL": wikidata.api_url}
    env |= {"FILMCLUB_CONTACT": "admin@example.org"}

    async def bot(*args: str, stdin: str = "") -> tuple[int, str, str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            *args,
            cwd=REPO,
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 120)
        return proc.returncode or 0, out.decode(), err.decode()

    code, _, err = await bot("ingest", str(CORPUS), "--db", db)
    assert code == 0, err
    session = "\n".join(
        [
            "/film Arrival",
            "/watchlist add Arrival",
            "/poll start Arrival | Her 2d",
            "/poll vote Arrival",
            "/poll close",
            "/rate Arrival 8",
            "/scores Arrival chart:no",
        ]
    )
    code, text, err = await bot("console", "--db", db, "--user", "ada", stdin=session + "\n")
    assert code == 0, err
    assert "Arrival (2016)\n" in text
    assert "Directed by: Denis Villeneuve [1]" in text
    assert "Added Arrival (2016) to the watchlist." in text
    assert "Arrival (2016) is now the club's film" in text
    assert "Rated Arrival (2016): 8/10." in text
    assert "Scores: Arrival (2016)" in text
    assert wikidata.count(action="wbsearchentities") == 1
    assert "Traceback" not in err


async def test_imports_and_reviews_resolve_titles_through_the_catalog(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    from bot.messages import Member
    from bot.reviews.imports import import_history

    csv = (
        b"Date,Name,Year,Letterboxd URI,Rating\n"
        b"2024-01-05,Her,2013,https://boxd.it/aaaa,4.5\n"
        b"2024-02-11,Arrival,2016,https://boxd.it/bbbb,4\n"
        b"2024-03-01,Heat,,https://boxd.it/cccc,3\n"
        b"2024-03-02,Nowhere At All,1999,https://boxd.it/dddd,2\n"
    )
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        summary = await import_history(
            chat.app.services, chat.club, Member("u1", "Ada"), csv, "ratings.csv"
        )
        text = summary.text()
        assert "Nowhere At All (1999)" in text and "Heat (several films)" in text, text
        mine = await chat.as_member("u1", "Ada")("/ratings me")
        assert "Arrival (2016): 8/10" in mine.text, mine.text
        rows = await chat.app.store.fetchall(
            "SELECT f.year FROM ratings r JOIN films f ON f.id = r.film_id WHERE f.title = ?",
            ("Arrival",),
        )
        assert [r[0] for r in rows] == [2016]
        reviewed = await chat("/review Lonesome 8 A city film with a fairground heart.")
        assert not reviewed.error, reviewed.text
        assert "Lonesome (1928)" in reviewed.text
