"""Members' own reviews: written, replaced, removed, quoted, counted, kept to their club."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from adapters.discord import DiscordAdapter
from bot.app import App
from tests.backends import other_connection_count
from tests.conftest import Chat
from tests.discord_fake import GUILD_ID, FakeDiscord, serving
from tests.discord_fake import running as discord_running
from tests.slack_fake import FakeSlack, running, view_submission_payload

pytestmark = pytest.mark.both_backends


REVIEW = (
    "Joaquin Phoenix makes loneliness look like a full-time job, and the soft orange "
    "cinematography turns every city street into a memory. The music by Arcade Fire "
    "carries the quiet scenes without ever pushing them. I cried twice and laughed more "
    "than I expected to."
)


def count(database: str, sql: str) -> int:
    return other_connection_count(database, sql)


async def test_a_review_with_a_score_is_a_rating_and_a_source_of_quotes(
    chat: Chat, database: str
) -> None:
    reply = await chat(f"/review Her 4.5/5 {REVIEW}")
    assert reply.text.startswith("Saved your review of Her (2013), rated 9/10: ")
    ratings = await chat("/ratings me")
    assert "Her (2013): 9/10" in ratings.text
    quote = await chat("/quote Her music from:club")
    assert quote.quote is not None
    assert "Arcade Fire" in quote.quote.text
    assert quote.quote.attribution() == "Ada (club member), on Her"
    scores = await chat("/scores Her chart:no")
    assert next(f.value for f in scores.fields if f.name == "Club reviews").startswith(
        "1 review by members"
    )
    assert count(database, "SELECT count(*) FROM club_review_excerpts") >= 1


async def test_reviewing_again_replaces_and_unreview_removes(chat: Chat, database: str) -> None:
    await chat(f"/review Her 8 {REVIEW}")
    again = await chat("/review Her A second look: the ending lands harder than I remembered.")
    assert again.text.startswith("Replaced your review of Her (2013): 1 quotable passage")
    assert count(database, "SELECT count(*) FROM club_reviews") == 1
    quote = await chat("/quote Her from:club")
    assert quote.quote is not None and quote.quote.text.startswith("A second look")
    # The score was not repeated: the earlier rating stands.
    assert "Her (2013): 8/10" in (await chat("/ratings me")).text
    removed = await chat("/unreview Her")
    assert removed.text.startswith("Removed your review of Her (2013)")
    assert count(database, "SELECT count(*) FROM club_review_excerpts") == 0
    none = await chat("/quote Her from:club")
    assert none.error and "no club review passages" in none.text
    twice = await chat("/unreview Her")
    assert twice.error and "You have not reviewed Her (2013)" in twice.text


async def test_a_title_without_a_score_still_separates_from_the_text(chat: Chat) -> None:
    reply = await chat("/review Her Still thinking about that final rooftop scene.")
    assert reply.text.startswith("Saved your review of Her (2013): 1 quotable passage")
    quote = await chat("/quote Her from:club")
    assert quote.quote is not None
    assert quote.quote.text == "Still thinking about that final rooftop scene."


async def test_bad_reviews_are_refused_and_nothing_is_saved(chat: Chat, database: str) -> None:
    empty = await chat("/review Her 8")
    assert empty.error and "Write your review after the title" in empty.text
    long = await chat("/review Her 8 " + "word " * 801)
    assert long.error and "at most 4000" in long.text
    long_unscored = await chat("/review Her " + "word " * 801)
    assert long_unscored.error and "up to 4,000 characters" in long_unscored.text
    unknown = await chat(f"/review Nosuchfilm 8 {REVIEW}")
    assert unknown.error and "I don't know a film called" in unknown.text
    bad_score = await chat(f"/review Her 11/10 {REVIEW}")
    assert bad_score.error and "11/10" in bad_score.text
    assert count(database, "SELECT count(*) FROM club_reviews") == 0
    assert count(database, "SELECT count(*) FROM ratings") == 0


async def test_club_reviews_stay_in_their_club(chat: Chat) -> None:
    await chat(f"/review Her 9 {REVIEW}")
    other = Chat(chat.app, club="console:other")
    none = await other("/quote Her from:club")
    assert none.error
    scores = await other("/scores Her chart:no")
    assert next(f.value for f in scores.fields if f.name == "Club reviews").startswith("0 reviews")
    # Drawing from everyone in the other club never yields this club's passage.
    for _ in range(40):
        reply = await other("/quote Her")
        assert reply.quote is not None and "(critic)" in reply.quote.attribution()


async def test_quote_from_all_labels_critics_and_members(chat: Chat) -> None:
    await chat("/review Her 9 The rooftop scene at the end is the best thing in the film.")
    roles = set()
    for _ in range(200):
        reply = await chat("/quote Her")
        assert reply.quote is not None and reply.quote.role is not None
        roles.add(reply.quote.role)
        if roles == {"critic", "club member"}:
            break
    assert roles == {"critic", "club member"}
    critics_only = [await chat("/quote Her from:critics") for _ in range(30)]
    assert all(r.quote is not None and r.quote.role == "critic" for r in critics_only)


async def test_review_through_the_slack_modal(
    tmp_path: Path, fake: FakeSlack, loaded_app: App
) -> None:
    async with running(tmp_path, fake, dispatcher=loaded_app.dispatcher) as h:
        await h.slash("/review", "")
        view = {**(await h.fake.api("views.open")).data["view"], "id": "V0001"}
        text_block = next(b for b in view["blocks"] if b["block_id"] == "text")
        assert text_block["element"]["multiline"] is True
        values = {"title": ("select", "Her (2013)"), "score": "8", "text": REVIEW}
        status, body = await h.interact(view_submission_payload(view, values))
        assert (status, body) == (200, "")
        done = (await h.fake.response(where=lambda r: r.name == "r1")).data
        assert "Saved your review of Her (2013), rated 8/10" in done["text"]


@pytest.fixture
async def discord_fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


async def test_review_without_text_opens_a_discord_form(
    discord_fake: FakeDiscord, loaded_app: App
) -> None:
    settings = replace(
        loaded_app.services.settings, discord_token="fake-token", discord_guild_id=str(GUILD_ID)
    )
    adapter = DiscordAdapter(loaded_app.dispatcher, settings, guild_ready_timeout=0.05)
    async with discord_running(adapter):
        opened = await discord_fake.slash("review", {"title": "Her", "score": "8"})
        callback = await discord_fake.callback(opened)
        assert callback.json["type"] == 9  # a modal
        modal = callback.json["data"]
        [row] = modal["components"]
        [field] = row["components"]
        assert (field["style"], field["max_length"], field["required"]) == (2, 4000, True)
        sent = await discord_fake.submit_modal(modal, {"text": REVIEW})
        answer = await discord_fake.callback(sent)
        assert "Saved your review of Her (2013), rated 8/10" in answer.text()
    quote = await Chat(loaded_app, club=f"discord:{GUILD_ID}")("/quote Her from:club")
    assert quote.quote is not None
    assert quote.quote.attribution() == "Alice (club member), on Her"
    assert quote.quote.text in " ".join(REVIEW.split())


async def test_review_without_text_on_slack_opens_a_filled_in_form(
    tmp_path: Path, fake: FakeSlack, loaded_app: App
) -> None:
    async with running(tmp_path, fake, dispatcher=loaded_app.dispatcher) as h:
        await h.slash("/review", "Her 9")
        view = {**(await h.fake.api("views.open")).data["view"], "id": "V0002"}
        blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
        assert blocks["title"]["initial_option"]["value"] == "Her"
        assert blocks["score"]["initial_value"] == "9"
        assert blocks["text"]["multiline"] is True and "initial_value" not in blocks["text"]
        values = {"title": ("select", "Her"), "score": "9", "text": REVIEW}
        status, body = await h.interact(view_submission_payload(view, values))
        assert (status, body) == (200, "")
        done = (await h.fake.response(where=lambda r: r.name == "r1")).data
        assert "Saved your review of Her (2013), rated 9/10" in done["text"]
