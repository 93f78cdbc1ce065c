"""Review pages by URL, in chat and on the command line, from a local server."""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bench.webpages import PageServer
from bot.app import App
from bot.config import Settings
from bot.ingest import ingest_paths
from tests.conftest import CORPUS, REPO, Chat

FIXTURES = Path(__file__).parent / "fixtures" / "web"
BOILERPLATE = (
    "cookie",
    "Share on",
    "Share this",
    "Related",
    "Marvin",
    "disagree with this review",
    "Lucy",
    "Copyright",
    "All our reviews",
    "Greg wrote",
    "Dan says",
    "Newsletter",
)


@pytest.fixture
async def server() -> AsyncIterator[PageServer]:
    pages = {p.name: p.read_text(encoding="utf-8") for p in FIXTURES.glob("*.html")}
    s = await PageServer(pages=pages).start()
    yield s
    await s.close()


@pytest.fixture
async def web_app(settings: Settings) -> AsyncIterator[App]:
    app = await App.open(replace(settings, allow_private_urls=True), rng=random.Random(3))
    await ingest_paths(app.store, [CORPUS])
    yield app
    await app.close()


@pytest.fixture
def admin(web_app: App) -> Chat:
    return Chat(web_app, admin=True)


def rows(db: str, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchall()


async def test_a_json_ld_review_on_five_points(
    admin: Chat, server: PageServer, db_path: str
) -> None:
    reply = await admin(f"/ingest {server.url('jsonld-5.html')}")
    assert not reply.error, reply.text
    assert reply.text.startswith(
        "Added. Her (2013): review by Jane Okafor (The Daily Reel), 8/10 (from 4/5), "
    )
    assert reply.text.endswith("\nhttps://dailyreel.example/reviews/her-2013")
    scores = await admin("/scores Her chart:no")
    critics = next(f.value for f in scores.fields if f.name == "Critics")
    assert "Jane Okafor: 8/10 (“4/5”)" in critics
    texts = [
        str(r[0])
        for r in rows(
            db_path,
            "SELECT e.text FROM excerpts e JOIN reviews r ON r.id = e.review_id"
            " WHERE r.author = 'Jane Okafor'",
        )
    ]
    assert len(texts) >= 3 and f"{len(texts)} excerpts" in reply.text
    assert any("Arcade Fire" in t for t in texts)
    for text in texts:
        for junk in BOILERPLATE:
            assert junk.lower() not in text.lower(), (junk, text)


async def test_a_link_wrapped_by_the_chat_app_is_read(admin: Chat, server: PageServer) -> None:
    reply = await admin(f"/ingest <{server.url('rdfa.html')}|rdfa.html>")
    assert reply.text.startswith("Added. Ran (1985): review by Kenji Mori"), reply.text


async def test_the_same_page_twice_changes_nothing(
    admin: Chat, server: PageServer, db_path: str
) -> None:
    await admin(f"/ingest {server.url('jsonld-5.html')}")
    before = rows(db_path, "SELECT count(*) FROM excerpts")
    again = await admin(f"/ingest {server.url('jsonld-5.html')}")
    assert again.text.startswith("Already loaded, nothing changed. Her (2013)")
    # The same canonical URL with different bytes (a new comment, an advert) is the same page.
    server.pages["moved.html"] = server.pages["jsonld-5.html"].replace("2 comments", "3 comments")
    moved = await admin(f"/ingest {server.url('moved.html')}")
    assert moved.text.startswith("Already loaded")
    assert rows(db_path, "SELECT count(*) FROM excerpts") == before
    assert rows(db_path, "SELECT count(*) FROM documents WHERE url LIKE '%dailyreel%'") == [(1,)]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "jsonld-10.html",
            "Lost in Translation (2003): review by Tomás Reyes (Night Train Films), "
            "7.5/10 (from 7.5/10)",
        ),
        (
            "jsonld-100.html",
            "Heat (1995): review by Priya Raman (Screen Ledger), 8.7/10 (from 87/100)",
        ),
        (
            "microdata.html",
            "Alien (1979): review by Hana Kowalski (The Long Take), 8.75/10 (from 3.5/4)",
        ),
        ("rdfa.html", "Ran (1985): review by Kenji Mori (Cinema Notebook), 9/10 (from 9/10)"),
    ],
)
async def test_structured_reviews_on_every_scale_and_syntax(
    admin: Chat, server: PageServer, page: str, expected: str
) -> None:
    reply = await admin(f"/ingest {server.url(page)}")
    assert reply.text.startswith(f"Added. {expected}, "), reply.text
    film = expected.split(":", 1)[0]
    quote = await admin(f"/quote {film}")
    assert quote.quote is not None and quote.quote.url is not None
    assert quote.quote.author == expected.split("review by ", 1)[1].split(" (", 1)[0]


async def test_an_aggregate_rating_is_kept_apart_from_critics(
    admin: Chat, server: PageServer
) -> None:
    reply = await admin(f"/ingest {server.url('jsonld-100.html')}")
    assert "1 audience aggregate" in reply.text
    scores = await admin("/scores Heat chart:no")
    audience = next(f.value for f in scores.fields if f.name.startswith("Audience"))
    assert "Screen Ledger: 8.3/10 (1,204 votes)" in audience


async def test_a_page_without_structured_data_needs_its_film_named(
    admin: Chat, server: PageServer
) -> None:
    unnamed = await admin(f"/ingest {server.url('plain.html')}")
    assert unnamed.error and "which film" in unnamed.text
    named = await admin(f"/ingest {server.url('plain.html')} Paddington 2 2017")
    assert named.text.startswith(
        "Added. Paddington 2 (2017): review by Popcorn Letters, 10/10 (from 5/5), "
    )
    quote = await admin("/quote Paddington 2")
    assert quote.quote is not None and quote.quote.url == server.url("plain.html")
    for junk in BOILERPLATE:
        assert junk.lower() not in quote.quote.text.lower()


async def test_a_plain_text_page_goes_to_the_review_parser(admin: Chat, server: PageServer) -> None:
    server.pages["review.txt"] = (
        "Reviewed by Sam Ito\n\n"
        "Heat is three hours long and never drags. Michael Mann films Los Angeles at night as a "
        "maze of glass and light, and the acting from both leads is quietly superb.\n\n"
        "Rating: 9/10\n"
    )
    reply = await admin(f"/ingest {server.url('review.txt')} Heat 1995")
    assert reply.text.startswith("Added. Heat (1995): review by Sam Ito (127.0.0.1), 9/10"), (
        reply.text
    )


async def test_a_page_that_is_not_a_review_says_so(admin: Chat, server: PageServer) -> None:
    reply = await admin(f"/ingest {server.url('not-review.html')}")
    assert reply.error and "does not look like a film review" in reply.text


async def test_ambiguous_titles_ask_for_the_year(admin: Chat, server: PageServer) -> None:
    await admin(f"/ingest {server.url('plain.html')} Solaris 1972")
    await admin(f"/ingest {server.url('jsonld-10.html')} Solaris 2002")
    reply = await admin(f"/ingest {server.url('rdfa.html')} Solaris")
    assert reply.error and "Solaris (1972), Solaris (2002)" in reply.text


async def test_only_admins_ingest_and_private_addresses_need_the_flag(
    admin: Chat, server: PageServer, app: App
) -> None:
    member = admin.as_member("u2", "Bea")
    refused = await member(f"/ingest {server.url('jsonld-5.html')}")
    assert refused.error and "admin" in refused.text.lower()
    strict = Chat(app, admin=True)  # default settings: FILMCLUB_ALLOW_PRIVATE_URLS unset
    private = await strict(f"/ingest {server.url('jsonld-5.html')}")
    assert private.error and "private or local address" in private.text
    bad = await strict("/ingest ftp://example.org/review")
    assert bad.error and "Only http" in bad.text
    assert server.hits == 0


async def _cli(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=REPO,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_the_command_line_ingests_urls_and_saved_pages(
    server: PageServer, tmp_path: Path
) -> None:
    db = str(tmp_path / "cli.db")
    code, out, err = await _cli(
        "ingest", "--db", db, server.url("rdfa.html"), env={"FILMCLUB_ALLOW_PRIVATE_URLS": "1"}
    )
    assert code == 0, err
    assert out.startswith("Added. Ran (1985): review by Kenji Mori (Cinema Notebook), 9/10")
    saved = str(FIXTURES / "microdata.html")
    code, out, err = await _cli("ingest", "--db", db, saved, env={})
    assert code == 0, err
    assert out.startswith("Added. Alien (1979): review by Hana Kowalski")
    code, out, err = await _cli(
        "ingest", "--db", db, server.url("rdfa.html"), env={"FILMCLUB_ALLOW_PRIVATE_URLS": ""}
    )
    assert code == 1 and "private or local address" in err
