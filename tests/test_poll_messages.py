"""A poll's posted messages: where they are is kept, and every change of the poll's
films (and its end) promises an in-place edit of each, in the same transaction, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from bot.messages import Announcement, Reply
from bot.outbound import announcement_from_json, announcement_to_json
from bot.polls.posts import PostNotes, current_message, record_post
from bot.store import poll_messages
from bot.store.pg_schema import translate_script
from bot.store.schema import MIGRATIONS, POLL_MESSAGES
from tests.conftest import Chat

pytestmark = pytest.mark.both_backends


async def promised(chat: Chat) -> list[Announcement]:
    rows = await chat.app.store.fetchall("SELECT payload FROM outbox ORDER BY id")
    return [announcement_from_json(str(r[0])) for r in rows]


def labels(reply: Reply) -> list[str]:
    return [b.label for b in reply.buttons]


async def start(chat: Chat, line: str = "poll start Her | Heat 2d") -> int:
    reply = await chat(line)
    assert reply.poll is not None, reply
    return reply.poll


def test_the_table_has_a_postgresql_form() -> None:
    [create] = translate_script(MIGRATIONS.index(POLL_MESSAGES) + 1, POLL_MESSAGES)
    assert create.startswith("CREATE TABLE poll_messages")
    assert "poll_id BIGINT NOT NULL" in create and "WITHOUT ROWID" not in create


async def test_adding_and_removing_a_film_edits_every_posted_message(chat: Chat) -> None:
    poll_id = await start(chat)
    services = chat.app.services
    await record_post(services, chat.club, poll_id, "general", "m1")
    await record_post(services, chat.club, poll_id, "other", "m2")
    await record_post(services, chat.club, poll_id, "general", "m1")  # noted once

    added = await chat("poll add Alien")
    assert "added Alien" in added.text and added.poll == poll_id
    edits = await promised(chat)
    assert [(a.channel, a.replaces) for a in edits] == [("general", "m1"), ("other", "m2")]
    for edit in edits:
        assert edit.reply.poll == poll_id
        assert labels(edit.reply) == ["1. Her (2013)", "2. Heat", "3. Alien", "Withdraw my vote"]
        assert not edit.reply.ephemeral

    await chat("poll remove Heat")
    edits = (await promised(chat))[2:]
    assert [(a.channel, a.replaces) for a in edits] == [("general", "m1"), ("other", "m2")]
    for edit in edits:
        assert labels(edit.reply) == ["1. Her (2013)", "2. Alien", "Withdraw my vote"]
        assert "Heat" not in edit.reply.text


async def test_a_refused_change_promises_nothing(chat: Chat) -> None:
    poll_id = await start(chat)
    await record_post(chat.app.services, chat.club, poll_id, "general", "m1")
    duplicate = await chat("poll add Heat")
    assert duplicate.error and "already option 2" in duplicate.text
    assert (await chat("poll remove Up")).error
    assert await promised(chat) == []


async def test_closing_and_cancelling_take_the_buttons_away(chat: Chat) -> None:
    first = await start(chat)
    await record_post(chat.app.services, chat.club, first, "general", "m1")
    await chat("poll vote Heat")
    await chat("poll close")
    [edit] = [a for a in await promised(chat) if a.replaces == "m1"]
    assert edit.reply.buttons == () and edit.reply.select is None
    assert "Heat — 1 vote" in edit.reply.text

    second = await start(chat, "poll start Her | Alien 2d")
    await record_post(chat.app.services, chat.club, second, "general", "m2")
    await chat("poll cancel")
    [edit] = [a for a in await promised(chat) if a.replaces == "m2"]
    assert edit.reply.buttons == () and "cancelled" in str(edit.reply.footer)


async def test_without_posted_messages_nothing_is_promised(chat: Chat) -> None:
    """The console posts no message to edit: its poll replies are unchanged."""
    await start(chat)
    added = await chat("poll add Alien")
    assert added.text.startswith("Ada added Alien to poll #1 as option 3.")
    await chat("poll remove Heat")
    assert await promised(chat) == []


async def test_only_the_polls_own_club_notes_its_messages(chat: Chat) -> None:
    poll_id = await start(chat)
    store = chat.app.store
    assert not await store.write(
        poll_messages.record, "slack:T9", poll_id, "C1", "1.2", chat.app.services.clock.now()
    )
    assert not await store.write(
        poll_messages.record, chat.club, poll_id, "", "1.2", chat.app.services.clock.now()
    )
    assert await store.write(
        poll_messages.record, chat.club, poll_id, "C1", "1.2", chat.app.services.clock.now()
    )
    assert await store.read(poll_messages.posts_of, poll_id) == [
        poll_messages.PollPost(poll_id, "C1", "1.2")
    ]
    assert await store.write(poll_messages.forget, poll_id, "C1", "1.2")
    assert await store.read(poll_messages.posts_of, poll_id) == []


async def test_a_poll_follows_a_bounded_number_of_messages(chat: Chat) -> None:
    poll_id = await start(chat)
    for i in range(poll_messages.MAX_PER_POLL + 3):
        await record_post(chat.app.services, chat.club, poll_id, "general", f"m{i}")
    posts = await chat.app.store.read(poll_messages.posts_of, poll_id)
    assert len(posts) == poll_messages.MAX_PER_POLL


async def test_notes_write_once_per_message(chat: Chat) -> None:
    poll_id = await start(chat)
    notes = PostNotes(size=2)
    services = chat.app.services
    await notes.note(services, chat.club, poll_id, "general", "m1")
    await chat.app.store.write(poll_messages.forget, poll_id, "general", "m1")
    await notes.note(services, chat.club, poll_id, "general", "m1")  # remembered: no write
    assert await chat.app.store.read(poll_messages.posts_of, poll_id) == []
    await notes.note(services, chat.club, poll_id, "general", "m2")
    await notes.note(services, chat.club, poll_id, "general", "m3")  # m1 drops out
    await notes.note(services, chat.club, poll_id, "general", "m1")
    found = await chat.app.store.read(poll_messages.posts_of, poll_id)
    assert sorted(p.message_id for p in found) == ["m1", "m2", "m3"]


def test_an_edit_survives_the_outbox() -> None:
    reply = Reply(title="Poll #1", text="1. Her", poll=7)
    edit = Announcement("slack:T1", "C1", reply, replaces="1700000001.000100")
    back = announcement_from_json(announcement_to_json(edit))
    assert back == edit
    plain = announcement_from_json(announcement_to_json(Announcement("slack:T1", "C1", Reply())))
    assert plain.replaces is None and plain.reply.poll is None


async def test_an_edit_shows_the_poll_as_it_stands_when_it_is_made(chat: Chat) -> None:
    poll_id = await start(chat)
    await record_post(chat.app.services, chat.club, poll_id, "general", "m1")
    await chat("poll add Alien")
    [late] = await promised(chat)
    assert "3. Alien — 1 vote" not in late.reply.text
    await chat("poll vote Alien")
    await chat("poll remove Heat")
    # A retried edit delivered after the later one cannot bring Heat back.
    now = await current_message(chat.app.services, late)
    assert labels(now) == ["1. Her (2013)", "2. Alien", "Withdraw my vote"]
    assert "2. Alien — 1 vote" in now.text and now.poll == poll_id
    # Another club's announcement never shows this club's poll.
    foreign = Announcement("slack:T9", "C1", late.reply, replaces="1.2")
    assert await current_message(chat.app.services, foreign) == late.reply
