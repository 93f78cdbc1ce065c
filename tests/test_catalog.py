"""The online film catalog against local fakes of Wikidata and TMDB."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.discord.render import render
from adapters.slack.blocks import reply_blocks
from bot.app import App
from bot.catalog.http import JsonClient, user_agent
from bot.catalog.models import CatalogUnavailable
from bot.catalog.wikidata import WikidataProvider, parse_minutes, parse_time, worth_reading
from bot.clock import ManualClock
from bot.config import Settings
from bot.films import search_titles
from bot.messages import ActionRequest
from bot.store import catalog as store_catalog
from bot.store import films
from tests.catalog_helpers import CONTACT, catalog_chat, catalog_settings
from tests.tmdb_fake import READ_TOKEN, FakeTmdb
from tests.wikidata_fake import ARRIVAL, FakeWikidata

pytestmark = pytest.mark.both_backends

HEAT_CHOICE = (
    "Which *Heat*? Heat (1995, Michael Mann) · Heat (1986, Dick Richards). Try `/film Heat 1995`."
)


@pytest.fixture
async def wikidata() -> AsyncIterator[FakeWikidata]:
    fake = await FakeWikidata().start()
    yield fake
    await fake.stop()


@pytest.fixture
async def tmdb() -> AsyncIterator[FakeTmdb]:
    fake = await FakeTmdb().start()
    yield fake
    await fake.stop()


def field(reply_fields: tuple[object, ...], name: str) -> str:
    for f in reply_fields:
        if getattr(f, "name", None) == name:
            return str(getattr(f, "value", ""))
    raise AssertionError(f"no field {name!r} in {[getattr(f, 'name', '') for f in reply_fields]}")


async def test_one_match_is_stored_and_answered_with_cited_facts(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        reply = await chat("/film Arrival")
        assert not reply.error, reply.text
        assert reply.title == "Arrival (2016)"
        assert field(reply.fields, "Directed by") == "Denis Villeneuve [1]"
        assert (
            field(reply.fields, "Cast") == "Amy Adams [1], Jeremy Renner [1], Forest Whitaker [1]"
        )
        assert field(reply.fields, "Runtime") == "116 min [1]"  # preferred over the normal 118
        assert field(reply.fields, "Release date") == "2016-11-11 (US)" + " [1]"
        assert field(reply.fields, "Rated") == "PG-13 [1]"
        assert field(reply.fields, "Music") == "Jóhann Jóhannsson [1]"
        assert field(reply.fields, "Genres") == "science fiction film [1], drama film [1]"
        assert reply.footer is not None
        assert f"[1] Wikidata {ARRIVAL} https://www.wikidata.org/wiki/{ARRIVAL}" in reply.footer
        assert "fetched" in reply.footer

        asked = len(wikidata.requests)
        again = await chat("/film arrival")
        assert again.title == "Arrival (2016)"
        assert len(wikidata.requests) == asked  # a cache hit makes no request

        rated = await chat("/rate Arrival 8")
        assert rated.text == "Rated Arrival (2016): 8/10."
        scores = await chat("/scores Arrival chart:no")
        assert scores.title == "Scores: Arrival (2016)"
        assert "1 rated" in field(scores.fields, "Club")
        suggestions = await search_titles(chat.app.store, "arr")
        assert "Arrival (2016)" in [label for _, label in suggestions]
        assert len(wikidata.requests) == asked


async def test_several_films_of_one_title_get_a_question_and_a_year_picks(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        reply = await chat("/film Heat")
        assert reply.error and len(reply.buttons) == 2
        assert reply.text == HEAT_CHOICE  # the band and the novel are never offered
        older = await chat("/film Heat 1986")
        assert older.title == "Heat (1986)"
        assert field(older.fields, "Directed by") == "Dick Richards [1]"
        newer = await chat("/film Heat (1995)")
        assert newer.title == "Heat (1995)"
        assert field(newer.fields, "Runtime") == "170 min [1]"  # the deprecated 188 is skipped
        rate = await chat("/rate Heat 7")  # both are library films now: the library asks
        assert rate.error and rate.text.startswith("Which film? 1. Heat (1986), 2. Heat (1995).")


async def test_no_film_of_that_title_lists_the_closest_and_the_miss_is_kept_a_day(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    clock = ManualClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    async with catalog_chat(catalog_settings(settings, wikidata), clock=clock) as chat:
        reply = await chat("/film Heath")
        assert reply.error
        assert reply.text.startswith("I couldn't find a film called “Heath”.")
        assert "Heathers (1989, Michael Lehmann)" in reply.text
        searches = wikidata.count(action="wbsearchentities")
        await chat("/film Heath")
        assert wikidata.count(action="wbsearchentities") == searches
        clock.advance(timedelta(days=1, minutes=1))
        await chat("/film Heath")
        assert wikidata.count(action="wbsearchentities") == searches + 1


async def test_a_year_only_date_is_a_year(settings: Settings, wikidata: FakeWikidata) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        reply = await chat("/film Lonesome")
        assert reply.title == "Lonesome (1928)"
        assert field(reply.fields, "Release date") == "1928 [1]"
    day = parse_time({"time": "+1928-00-00T00:00:00Z", "precision": 9})
    assert day is not None and day.text() == "1928"
    month = parse_time({"time": "+2013-12-00T00:00:00Z", "precision": 10})
    assert month is not None and month.text() == "2013-12"
    assert parse_minutes({"amount": "+2", "unit": "http://www.wikidata.org/entity/Q25235"}) == 120
    assert parse_minutes({"amount": "+126", "unit": "1"}) == 126


@pytest.mark.parametrize(
    ("country", "date", "rated"),
    [
        ("US", "2016-11-11 (US)", True),
        ("GB", "2016-11-10 (GB)", False),
        ("FR", "2016-09-01", False),
    ],
)
async def test_release_date_of_the_clubs_country(
    settings: Settings, wikidata: FakeWikidata, country: str, date: str, rated: bool
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata, country=country)) as chat:
        reply = await chat("/film Arrival")
        assert field(reply.fields, "Release date") == f"{date} [1]"
        names = [f.name for f in reply.fields]
        assert ("Rated" in names) is rated


async def test_user_agent_names_the_bot_and_its_contact(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        await chat("/film Arrival")
    agents = {r.headers.get("User-Agent") for r in wikidata.requests}
    assert agents == {user_agent(CONTACT)}
    (agent,) = agents
    assert agent is not None and agent.startswith("filmclub/") and agent.endswith(f"({CONTACT})")


async def test_concurrent_lookups_of_one_title_make_one_search(settings: Settings) -> None:
    slow = await FakeWikidata(latency=0.05).start()
    try:
        async with catalog_chat(catalog_settings(settings, slow)) as chat:
            replies = await asyncio.gather(*(chat("/film Arrival") for _ in range(6)))
            assert {r.title for r in replies} == {"Arrival (2016)"}
            assert slow.count(action="wbsearchentities") == 1
            assert await chat.app.store.fetchall("SELECT id FROM films WHERE title = 'Arrival'")
            rows = await chat.app.store.fetchall("SELECT count(*) FROM catalog_films")
            assert rows[0][0] == 1
    finally:
        await slow.stop()


async def test_429_retry_after_is_honoured(wikidata: FakeWikidata) -> None:
    waits: list[float] = []
    client = JsonClient("Wikidata", wikidata.api_url, CONTACT, sleep=_recorder(waits))
    try:
        wikidata.trouble("429", count=2, seconds=1.5)
        data = await client.get("", {"action": "wbsearchentities", "search": "Heat"})
        assert [h["label"] for h in data["search"]][:1] == ["Heat"]
        assert waits == [1.5, 1.5]
        assert len(wikidata.requests) == 3
        wikidata.trouble("429", count=1, seconds=3600)  # longer than a member can wait
        with pytest.raises(CatalogUnavailable, match="rate limiting"):
            await client.get("", {"action": "wbsearchentities", "search": "Heat"})
        assert waits == [1.5, 1.5]
    finally:
        await client.close()


def _recorder(waits: list[float]):  # type: ignore[no-untyped-def]
    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    return sleep


@pytest.mark.parametrize("kind", ["429", "slow", "500", "malformed", "refused"])
async def test_catalog_trouble_gives_one_clear_line_and_the_bot_stays_up(
    settings: Settings, wikidata: FakeWikidata, kind: str
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        catalog = chat.app.services.catalog
        assert catalog is not None
        provider = catalog.wikidata
        assert isinstance(provider, WikidataProvider)
        provider.client.timeout = 0.3
        provider.client.max_retry_after = 0.05
        await chat("/film Heat 1995")  # cached before the trouble starts
        if kind == "refused":
            await wikidata.stop()
        elif kind == "429":
            wikidata.trouble("429", count=6, seconds=0.01)
        else:
            wikidata.trouble(kind, count=6, seconds=2.0)
        reply = await chat("/film Arrival")
        assert reply.error
        assert reply.text == (
            "The film catalog isn't answering right now; here is what the library knows:"
            " no film by that name."
        )
        near = await chat("/film Heat 1986")
        assert near.text == (
            "The film catalog isn't answering right now; here is what the library knows:"
            " closest: Heat (1995)."
        )
        assert "Traceback" not in reply.text and "went wrong" not in reply.text
        cached = await chat("/film Heat 1995")
        assert cached.title == "Heat (1995)"
        library = await chat("/film Her")
        assert library.title == "Her (2013)"


async def test_ttl_refresh_runs_in_the_background(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    clock = ManualClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    async with catalog_chat(catalog_settings(settings, wikidata), clock=clock) as chat:
        await chat("/film Arrival")
        film = (await chat.app.store.read(films.films_by_norm, "arrival", 2016))[0]
        first = await chat.app.store.read(store_catalog.entry, film.id)
        assert first is not None
        fetches = wikidata.count(action="wbgetentities", ids=ARRIVAL)
        clock.advance(timedelta(days=29))
        await chat("/film Arrival")
        assert chat.app.services.catalog is not None
        await chat.app.services.catalog.settle()
        assert wikidata.count(action="wbgetentities", ids=ARRIVAL) == fetches
        clock.advance(timedelta(days=2))
        store, reads = chat.app.store, []
        read = store.read

        async def counted(fn: Any, *args: Any) -> Any:
            reads.append(fn.__name__)
            return await read(fn, *args)

        store.read = counted  # type: ignore[method-assign]
        try:
            reply = await chat("/film Arrival")
        finally:
            del store.read
        assert reply.title == "Arrival (2016)"
        # the film, its card and its catalog entry's age: one read between them
        assert reads == ["_library_first_and"]
        await chat.app.services.catalog.settle()
        assert wikidata.count(action="wbgetentities", ids=ARRIVAL) == fetches + 1
        second = await chat.app.store.read(store_catalog.entry, film.id)
        assert second is not None and second.fetched_at == clock.now()
        again = await chat("/film Arrival")
        assert field(again.fields, "Runtime") == "116 min [1]"  # facts replaced, not doubled


async def test_tmdb_adds_poster_logline_trailer_streaming_and_conflicts_are_shown(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata, tmdb)) as chat:
        reply = await chat("/film Arrival")
        assert reply.title == "Arrival (2016)"
        assert reply.text == (
            "A linguist is asked to talk with visitors whose ships hover over Earth. [2]"
        )
        assert field(reply.fields, "Runtime (sources disagree)") == "116 min [1] vs 118 min [2]"
        assert field(reply.fields, "Directed by") == "Denis Villeneuve [1,2]"
        assert field(reply.fields, "Rated") == "PG-13 [1,2]"
        assert field(reply.fields, "Release date") == "2016-11-11 (US) [1,2]"
        assert field(reply.fields, "Trailer") == "https://www.youtube.com/watch?v=trailerkey1 [2]"
        assert field(reply.fields, "Stream (flat rate)") == "Netflix [3], Paramount Plus [3]"
        poster = "https://image.tmdb.org/t/p/w342/arrival-poster.jpg"
        assert reply.thumbnail_url == poster
        assert f"Poster: {poster}" in reply.plain_text()
        slack = reply_blocks(reply)
        accessory = next(b["accessory"] for b in slack if "accessory" in b)
        assert accessory == {
            "type": "image",
            "image_url": poster,
            "alt_text": "Poster: Arrival (2016)",
        }
        (first, *_) = render(reply)
        assert first.embeds[0].thumbnail.url == poster
        assert reply.footer is not None
        assert "[2] TMDB 329865 https://www.themoviedb.org/movie/329865" in reply.footer
        assert "[3] JustWatch via TMDB" in reply.footer
        assert all(r.query.get("api_key") == "fake-tmdb-key" for r in tmdb.requests)
        assert tmdb.count(append_to_response="credits,release_dates,videos,watch/providers") == 1


async def test_tmdb_read_token_is_sent_as_a_bearer_token(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb
) -> None:
    configured = replace(
        catalog_settings(settings, wikidata), tmdb_api_url=tmdb.url, tmdb_read_token=READ_TOKEN
    )
    async with catalog_chat(configured) as chat:
        reply = await chat("/film Arrival")
        assert "Trailer" in [f.name for f in reply.fields]
    assert tmdb.requests
    assert all(r.headers.get("Authorization") == f"Bearer {READ_TOKEN}" for r in tmdb.requests)
    assert all("api_key" not in r.query for r in tmdb.requests)


async def test_labels_are_fetched_in_batches_of_fifty(wikidata: FakeWikidata) -> None:
    provider = WikidataProvider(JsonClient("Wikidata", wikidata.api_url, CONTACT))
    try:
        ids = [f"Q{n}" for n in range(1000, 1120)] + ["Q34436"]
        names = await provider.labels(ids)
    finally:
        await provider.close()
    assert names == {"Q34436": "Amy Adams"}
    sizes = [len(r.query["ids"].split("|")) for r in wikidata.requests]
    assert sizes == [50, 50, 21]


async def test_catalog_off_keeps_lookups_in_the_library(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    assert Settings.from_env({"FILMCLUB_CATALOG": "off"}, env_file=None).catalog is False
    assert Settings.from_env({}, env_file=None).catalog is True
    with pytest.raises(ValueError, match="FILMCLUB_CATALOG"):
        Settings.from_env({"FILMCLUB_CATALOG": "maybe"}, env_file=None)
    off = replace(catalog_settings(settings, wikidata), catalog=False)
    async with catalog_chat(off) as chat:
        assert chat.app.services.catalog is None
        reply = await chat("/film Arrival")
        assert reply.error and "Arrival" in reply.text
    assert wikidata.requests == []


async def test_an_app_from_plain_settings_has_no_catalog(app: App) -> None:
    assert app.services.catalog is None


async def test_help_credits_the_catalog_and_tmdb(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata, tmdb), library=False) as chat:
        reply = await chat("/help")
        assert reply.footer is not None
        assert "Wikidata (CC0)" in reply.footer and "via JustWatch" in reply.footer
        assert (
            "This product uses the TMDB API but is not endorsed or certified by TMDB."
            in reply.footer
        )
    async with catalog_chat(catalog_settings(settings, wikidata), library=False) as chat:
        reply = await chat("/help")
        assert reply.footer == "Film facts from Wikidata (CC0)."
    assert tmdb.requests == [] and wikidata.requests == []


async def test_which_film_comes_with_a_button_per_film(
    settings: Settings, wikidata: FakeWikidata
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata)) as chat:
        reply = await chat("/film Heat")
        assert reply.text == HEAT_CHOICE and reply.ephemeral
        labels = [b.label for b in reply.buttons]
        assert labels == ["Heat (1995, Michael Mann)", "Heat (1986, Dick Richards)"]
        picked = await chat.app.dispatcher.act(
            ActionRequest(chat.club, chat.channel, chat.member, reply.buttons[1].action_id)
        )
        assert picked.reply.title == "Heat (1986)"
        assert field(picked.reply.fields, "Directed by") == "Dick Richards [1]"
        # both Heats are library films now: the question comes from the library
        await chat("/film Heat 1995")
        again = await chat("/film Heat")
        assert again.text.startswith("Which film? 1. Heat (1986), 2. Heat (1995).")
        assert [b.label for b in again.buttons] == [
            "Heat (1986, Dick Richards)",
            "Heat (1995, Michael Mann)",
        ]
        searches = wikidata.count(action="wbsearchentities")
        chosen = await chat.app.dispatcher.act(
            ActionRequest(chat.club, chat.channel, chat.member, again.buttons[1].action_id)
        )
        assert chosen.reply.title == "Heat (1995)"
        assert wikidata.count(action="wbsearchentities") == searches
        bad = await chat.app.dispatcher.act(
            ActionRequest(chat.club, chat.channel, chat.member, "film-pick:library:nope")
        )
        assert bad.reply.error and "try the title again" in bad.reply.text


async def test_tmdb_alone_answers_while_wikidata_is_away(
    settings: Settings, wikidata: FakeWikidata, tmdb: FakeTmdb
) -> None:
    async with catalog_chat(catalog_settings(settings, wikidata, tmdb)) as chat:
        await wikidata.stop()
        reply = await chat("/film Arrival 2016")
        assert reply.title == "Arrival (2016)"
        assert field(reply.fields, "Directed by") == "Denis Villeneuve [1]"
        assert reply.footer is not None and "[1] TMDB 329865" in reply.footer
        assert tmdb.count(query="Arrival", year="2016") == 1


def test_only_hits_named_like_the_title_or_described_as_films_are_read() -> None:
    hits = [
        {"id": "Q1", "label": "Heat", "description": "1995 film by Michael Mann"},
        {"id": "Q2", "label": "heat", "description": "form of energy"},
        {"id": "Q3", "label": "Heat Wave", "description": "song"},
        {"id": "Q4", "label": "Heathers", "description": "1989 film by Michael Lehmann"},
        {"id": "Q5", "label": "Hot", "match": {"type": "alias", "text": "Heat"}},
        {"label": "no id"},
    ]
    assert worth_reading(hits, "Heat") == ["Q1", "Q2", "Q5", "Q4"]
