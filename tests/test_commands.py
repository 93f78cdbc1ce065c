"""Every film command end to end through the real dispatcher over the bundled corpus."""

from __future__ import annotations

from typing import Any

import pytest

from bot.commands import COMMANDS
from bot.messages import Field, Reply
from bot.store import clubs, films
from tests.backends import other_connection_count, other_connection_rows
from tests.conftest import Chat

pytestmark = pytest.mark.both_backends


def field(reply: Reply, prefix: str) -> Field:
    for f in reply.fields:
        if f.name.startswith(prefix):
            return f
    raise AssertionError(f"no field {prefix!r} in {[f.name for f in reply.fields]}")


async def test_film_card_cites_sources_and_shows_the_music_disagreement(chat: Chat) -> None:
    reply = await chat("/film Her")
    assert not reply.error
    assert reply.title == "Her (2013)"
    assert "Spike Jonze" in field(reply, "Directed by").value
    assert "126 min" in field(reply, "Runtime").value
    assert field(reply, "Rated").value.startswith("R [")
    music = field(reply, "Music")
    assert "disagree" in music.name
    assert "Owen Pallett [" in music.value and "Arcade Fire [" in music.value
    cast = field(reply, "Cast").value
    for name in ("Joaquin Phoenix", "Scarlett Johansson", "Amy Adams", "Rooney Mara"):
        assert name in cast
    assert reply.footer is not None and reply.footer.startswith("Sources: [1]")
    assert "awardscircuit.com" in reply.footer


async def test_film_titles_match_loosely(chat: Chat) -> None:
    for query in ("her", "Her 2013", "Her (2013)", "hr", "HER"):
        reply = await chat(f"/film {query}")
        assert reply.title == "Her (2013)", query


async def test_film_without_title_uses_the_only_film(chat: Chat) -> None:
    assert (await chat("/film")).title == "Her (2013)"


async def test_unknown_film_suggests_the_closest(chat: Chat) -> None:
    reply = await chat("/film Hers")
    assert reply.error and reply.ephemeral
    assert reply.text == "I don't know a film called “Hers”. Closest: Her (2013)."
    far = await chat("/film The Godfather")
    assert far.error and "Her" not in far.text


async def test_scores_for_her_match_the_corpus(chat: Chat) -> None:
    reply = await chat("/scores Her")
    assert not reply.error
    overall = field(reply, "Critics overall").value
    assert overall.startswith("6 scored") and "mean 9.71" in overall and "median 10" in overall
    critics = field(reply, "Critics").value
    assert "“4/4”" in critics and "“5.0”" in critics and "“4.5”" in critics
    assert "Miguel Felix: 10/10" in critics
    aggregates = field(reply, "Audience aggregates").value
    assert aggregates == "IMDb: 7.9/10 (959 votes)"
    assert "Directing 9.5" in field(reply, "Categories").value
    assert reply.image is not None and reply.image.data.startswith(b"\x89PNG")


async def test_scores_put_the_club_beside_the_critics(chat: Chat) -> None:
    await chat.as_member("a", "Ann")("/rate Her 8")
    await chat.as_member("b", "Bob")("/rate Her 6/10")
    await chat.as_member("c", "Cy")("/rate Her 3.5/5")
    reply = await chat("/scores Her chart:no")
    club = field(reply, "Club").value
    assert club.startswith("3 rated") and "mean 7" in club and "median 7" in club
    assert "rates it 2.7 below the critics" in reply.text
    assert reply.image is None


async def test_quote_on_a_topic_is_about_it_and_attributed(chat: Chat) -> None:
    seen = set()
    for _ in range(5):
        reply = await chat("/quote Her music")
        assert reply.quote is not None, reply.text
        assert reply.quote.film == "Her"
        assert any(w in reply.quote.text.lower() for w in ("music", "score", "soundtrack"))
        assert reply.quote.author or reply.quote.source
        seen.add(reply.quote.text)
    assert len(seen) == 5


async def test_quote_never_repeats_until_the_pool_is_used_up(chat: Chat, database: str) -> None:
    pool = other_connection_count(
        database, "SELECT count(*) FROM excerpt_pools WHERE film_id != 0 AND topic = 'acting'"
    )
    assert pool >= 3
    texts = []
    for _ in range(pool):
        reply = await chat("/quote Her acting")
        assert reply.quote is not None
        texts.append(reply.quote.text)
    assert len(set(texts)) == pool
    again = await chat("/quote Her acting")
    assert again.quote is not None and again.quote.text in texts


async def test_quote_excerpts_are_clean(chat: Chat, database: str) -> None:
    texts = [r[0] for r in other_connection_rows(database, "SELECT text FROM excerpts")]
    assert len(texts) > 30
    banned = ("Leave a Reply", "says:", "Read More", "View all posts", "Directed by:", "commenting")
    for text in texts:
        assert 40 <= len(text) <= 300, text
        assert not any(b in text for b in banned), text
    assert not any("Great piece man" in t for t in texts)


async def test_quote_with_a_free_word_searches_passages(chat: Chat) -> None:
    reply = await chat("/quote Her Samantha")
    assert reply.quote is not None and "Samantha" in reply.quote.text


async def test_rate_rerate_unrate_and_ratings(chat: Chat) -> None:
    rated = await chat("/rate Her 8.5 lovely")
    assert rated.text == "Rated Her (2013): 8.5/10. Comment: “lovely”"
    updated = await chat("/rate Her ★★★★½")
    assert updated.text == "Updated your rating of Her (2013): 9/10 (from ★★★★½)."
    mine = await chat("/ratings me")
    assert mine.text == "Her (2013): 9/10"
    listing = await chat.as_member("u2", "Bea")("/ratings Her")
    assert "Ada: 9/10" in listing.text
    assert (await chat("/unrate Her")).text.startswith("Removed")
    assert (await chat("/unrate Her")).error
    assert "Nobody" in (await chat("/ratings Her")).text


async def test_rate_accepts_every_form(chat: Chat) -> None:
    forms = {"8": 8, "8.5": 8.5, "8.5/10": 8.5, "4/5": 8, "3.5/4": 8.75, "85%": 8.5, "★★★★½": 9}
    for raw, expected in forms.items():
        reply = await chat(f"/rate Her {raw}")
        assert not reply.error, (raw, reply.text)
        shown = f"{expected:g}"
        assert f": {shown}/10" in reply.text, (raw, reply.text)


async def test_ratings_are_scoped_by_club(chat: Chat) -> None:
    await chat("/rate Her 9")
    other = Chat(chat.app, club="discord:999")
    assert "Nobody" in (await other("/ratings Her")).text


async def test_help_lists_every_command_and_details_one(chat: Chat) -> None:
    overview = await chat("/help")
    names = {f.name for f in overview.fields}
    assert {f"/{path}" for path, _ in COMMANDS.leaves()} == names
    rate = await chat("/help rate")
    assert "Usage: /rate [title] <score> [comment]" in rate.text
    assert "`/rate Her 9 lovely`" in rate.text
    assert (await chat("/help nope")).error


async def test_a_film_and_what_a_command_shows_of_it_are_read_in_one_store_hop(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = chat.app.store
    reads: list[str] = []
    read = store.read

    async def counted(fn: Any, *args: Any) -> Any:
        reads.append(getattr(fn, "__name__", repr(fn)))
        return await read(fn, *args)

    monkeypatch.setattr(store, "read", counted)
    card = await chat("/film Her")
    assert card.title == "Her (2013)" and reads == ["_library_first_and"]
    reads.clear()
    scores = await chat("/scores Her chart:no")
    assert scores.title == "Scores: Her (2013)" and reads == ["_library_first_and"]
    reads.clear()
    assert (await chat("/film her 2013")).title == "Her (2013)"
    assert reads == ["_library_first_and"]
    # The club's current film and its card: one hop as well.
    (her,) = await read(films.films_by_norm, "her", 2013)
    await store.write(clubs.set_current_film, chat.club, her.id)
    reads.clear()
    current = await chat("/film")
    assert current.title == "Her (2013)" and reads == ["_current_and"]


async def test_scores_show_a_members_own_rating_at_once(chat: Chat) -> None:
    before = await chat("/scores Her chart:no")
    assert field(before, "Club").value.startswith("No ratings yet")
    await chat("/rate Her 6")
    after = await chat("/scores Her chart:no")
    assert field(after, "Club").value.startswith("1 rated · mean 6")
    await chat("/rate Her 8")
    again = await chat("/scores Her chart:no")
    assert field(again, "Club").value.startswith("1 rated · mean 8")
