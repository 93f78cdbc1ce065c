"""A page reviewing several films, ingested by URL from a local server: each review is filed
under the film it names; a title naming no film, or several, is reported, never guessed."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest

from bench.webpages import PageServer
from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from bot.store import films
from bot.store.models import FilmInput
from tests.conftest import CORPUS, Chat

ROUNDUP = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Five films this month – The Rialto Notes</title>
<meta property="og:site_name" content="The Rialto Notes">
</head><body>
<nav><ul><li>Home</li><li>Reviews</li></ul></nav>
<article>
<h1>Five films this month</h1>
<h2>Past Lives</h2>
<p>Two childhood friends meet again in New York twenty-four years later, and Celine Song
lets every silence between them carry the weight of a whole life not lived.</p>
<p>Rating: 9/10</p>
<h2>Aftersun</h2>
<p>A father and daughter on holiday in Turkey, seen again twenty years on through
camcorder footage and memory; Paul Mescal has never been better.</p>
<p>Rating: 10/10</p>
<h2>Solaris</h2>
<p>A psychologist on a space station meets someone who cannot be there, and the film
takes its time to make that meeting unbearable.</p>
<p>Rating: 8/10</p>
<h2>The Lighthouse Keeper's Daughter</h2>
<p>A quiet film about a lighthouse, the sea and a family that no longer speaks.</p>
<p>Rating: 6/10</p>
<h2>Heat</h2>
<p>A thief and a detective circle each other across Los Angeles, and Michael Mann
films the city at night as a maze of glass and light.</p>
<p>Rating: 8/10</p>
</article>
</body></html>
"""


@pytest.fixture
async def server() -> AsyncIterator[PageServer]:
    s = await PageServer(pages={"roundup.html": ROUNDUP}).start()
    yield s
    await s.close()


@pytest.fixture
async def web_app(settings: Settings) -> AsyncIterator[App]:
    app = await App.open(replace(settings, allow_private_urls=True), rng=random.Random(3))
    await ingest_paths(app.store, [CORPUS])
    for slug, title, year in (
        ("past-lives-2023", "Past Lives", 2023),
        ("aftersun-2022", "Aftersun", 2022),
        ("heat-1995", "Heat", 1995),
        ("solaris-1972", "Solaris", 1972),
        ("solaris-2002", "Solaris", 2002),
    ):
        await app.store.write(films.upsert_film, FilmInput(slug, title, year))
    yield app
    await app.close()


def _filed(db: str) -> list[tuple[str, int, float]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT f.title, f.year, r.score FROM reviews r JOIN films f ON f.id = r.film_id"
            " JOIN documents d ON d.id = r.document_id WHERE d.url LIKE '%roundup%'"
            " ORDER BY f.title"
        ).fetchall()


async def test_each_review_of_a_roundup_goes_to_its_own_film(
    web_app: App, server: PageServer, db_path: str
) -> None:
    admin = Chat(web_app, admin=True)
    reply = await admin(f"/ingest {server.url('roundup.html')}")
    assert not reply.error, reply.text
    assert reply.text.startswith("Added. A page reviewing several films: 3 reviews filed")
    assert "• Past Lives (2023): review by The Rialto Notes, 9/10 (from 9/10)" in reply.text
    assert "• Aftersun (2022): review by The Rialto Notes, 10/10" in reply.text
    assert "• Heat (1995): review by The Rialto Notes, 8/10" in reply.text
    # Never guessed: a title naming two films, and one naming none, are reported.
    assert "“Solaris” could be Solaris (1972), Solaris (2002)" in reply.text
    assert "no film called “The Lighthouse Keeper's Daughter”" in reply.text
    assert _filed(db_path) == [
        ("Aftersun", 2022, 10.0),
        ("Heat", 1995, 8.0),
        ("Past Lives", 2023, 9.0),
    ]
    quote = await admin("/quote Aftersun")
    assert quote.quote is not None and "camcorder" in quote.quote.text
    assert quote.quote.url == server.url("roundup.html")
    scores = await admin("/scores Heat chart:no")
    critics = next(f.value for f in scores.fields if f.name == "Critics")
    assert "The Rialto Notes: 8/10" in critics


async def test_the_same_roundup_twice_changes_nothing(
    web_app: App, server: PageServer, db_path: str
) -> None:
    admin = Chat(web_app, admin=True)
    await admin(f"/ingest {server.url('roundup.html')}")
    again = await admin(f"/ingest {server.url('roundup.html')}")
    assert again.text.startswith("Already loaded, nothing changed. A page reviewing"), again.text
    assert len(_filed(db_path)) == 3


async def test_a_roundup_naming_no_film_for_sure_stores_nothing(
    web_app: App, server: PageServer, db_path: str
) -> None:
    page = ROUNDUP
    for known in ("Past Lives", "Aftersun", "Heat"):
        page = page.replace(f"<h2>{known}</h2>", f"<h2>{known} Redux</h2>")
    server.pages["unclear.html"] = page
    admin = Chat(web_app, admin=True)
    reply = await admin(f"/ingest {server.url('unclear.html')}")
    assert reply.error and "none of their titles names one film" in reply.text, reply.text
    assert "“Solaris” could be Solaris (1972), Solaris (2002)" in reply.text
    assert "no film called “Past Lives Redux”" in reply.text
    with sqlite3.connect(db_path) as conn:
        stored = conn.execute("SELECT count(*) FROM documents WHERE url LIKE '%unclear%'")
        assert stored.fetchone() == (0,)


async def test_the_film_named_with_a_roundup_takes_the_review_naming_it(
    web_app: App, server: PageServer, db_path: str
) -> None:
    admin = Chat(web_app, admin=True)
    reply = await admin(f"/ingest {server.url('roundup.html')} Solaris 1972")
    assert not reply.error, reply.text
    assert "• Solaris (1972): review by The Rialto Notes, 8/10" in reply.text
    assert "could be" not in reply.text
    assert ("Solaris", 1972, 8.0) in _filed(db_path)
    assert len(_filed(db_path)) == 4
