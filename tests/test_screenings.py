"""Screenings through the real dispatcher and scheduler on a SQLite file, the clock
driven by hand: planning, answers, the reminder once across restarts, cancelling, the
discussion at the end of the film, commands in its thread, spoilers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import ManualClock
from bot.config import Settings
from bot.delivery import Delivery
from bot.dispatch import Dispatcher
from bot.ingest import ingest_paths, marks_spoilers
from bot.messages import ActionRequest, Announcement, Member, Reply, Rich
from bot.outbound import Outbox
from bot.scheduler import Scheduler
from bot.screenings import record_post, record_thread
from bot.services import Services
from bot.store import Store, films
from bot.store import screenings as screening_store
from tests.conftest import CORPUS
from tests.polls_helpers import Recorder

# Monday 23 March 2026, 11:00 in Paris.
START = datetime(2026, 3, 23, 10, 0, tzinfo=UTC)
KEY = "console:club"


@dataclass
class Club:
    services: Services
    dispatcher: Dispatcher
    clock: ManualClock
    recorder: Recorder

    async def say(
        self, line: str, who: str = "ada", *, admin: bool = False, channel: str = "gen"
    ) -> Reply:
        return await self.dispatcher.dispatch_text(
            line,
            club=KEY,
            channel=channel,
            member=Member(who, who.capitalize()),
            is_admin=admin,
        )

    async def click(self, action_id: str, who: str = "ada") -> tuple[Reply, Reply | None]:
        result = await self.dispatcher.act(
            ActionRequest(KEY, "gen", Member(who, who.capitalize()), action_id)
        )
        self.clock.advance(timedelta(minutes=1))
        return result.reply, result.refresh

    async def take(self) -> list[Announcement]:
        """What the outbox holds for the club's channels, posted now (through JSON)."""
        await Delivery(self.services).run_once()
        items, self.recorder.items = list(self.recorder.items), []
        return items


async def open_club(path: str, clock: ManualClock, minutes: int = 60) -> Club:
    store = await Store.open(path)
    outbox = Outbox()
    recorder = Recorder()
    outbox.register(recorder)
    services = Services(
        store=store,
        settings=Settings(db_path=path, timezone="Europe/Paris", reminder_minutes=minutes),
        clock=clock,
        outbox=outbox,
    )
    return Club(services, Dispatcher(services), clock, recorder)


pytestmark = pytest.mark.both_backends


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database, ManualClock(START))
    await ingest_paths(c.services.store, [CORPUS])
    yield c
    await c.services.store.close()


def text_of(reply: Reply) -> str:
    return reply.plain_text()


async def test_an_admin_plans_a_screening_and_the_channel_gets_it(club: Club) -> None:
    refused = await club.say("/screening add fri 20:30 Her")
    assert refused.error and "Only club admins" in refused.text

    reply = await club.say("/screening add fri 20:30 Her | Room 2", admin=True)
    assert not reply.error, reply.text
    assert reply.ephemeral
    assert "Planned: Her (2013), Fri 27 Mar 20:30 CET · Room 2." in reply.text
    assert "60 minutes before" in reply.text

    [posted] = await club.take()
    assert posted.channel == "gen" and posted.screening is not None
    assert posted.reply.title == "Screening: Her (2013)"
    # The time is typed, so Discord and Slack show it in each member's own zone.
    assert isinstance(posted.reply.text, Rich)
    [when] = posted.reply.text.times
    assert when.at == datetime(2026, 3, 27, 19, 30, tzinfo=UTC)
    assert [b.label for b in posted.reply.buttons] == ["I'm in", "Can't make it"]
    event = posted.event
    assert event is not None
    assert event.starts_at == when.at
    # Her runs 126 minutes: the event ends then.
    assert event.ends_at == when.at + timedelta(minutes=126)
    assert event.location == "Room 2" and event.voice_channel is None
    assert event.description.startswith("A lonely writer")

    shown = await club.say("/screening")
    assert shown.title == "Screening: Her (2013)"
    assert "Fri 27 Mar 20:30 CET" in text_of(shown)


async def test_times_and_places_that_cannot_be_read_are_refused(club: Club) -> None:
    past = await club.say("/screening add today 09:00 Her", admin=True)
    assert past.error and "has already passed" in past.text
    garbled = await club.say("/screening add someday Her", admin=True)
    assert garbled.error and "is not a time I understand" in garbled.text
    assert "fri 20:30" in garbled.text
    unknown = await club.say("/screening add fri 20:30 Zzyzx Road Movie", admin=True)
    assert unknown.error
    assert await club.take() == []
    rows = await club.services.store.fetchall("SELECT count(*) FROM screenings")
    assert rows[0][0] == 0


async def test_a_channel_given_as_the_place_is_the_event_location(club: Club) -> None:
    await club.say("/screening add tomorrow 21:00 Her | <#555>", admin=True)
    [posted] = await club.take()
    assert posted.event is not None and posted.event.voice_channel == "555"


async def test_answers_update_the_message_in_place(club: Club) -> None:
    await club.say("/screening add fri 20:30 Her", admin=True)
    [posted] = await club.take()
    button = posted.reply.buttons[0].action_id
    reply, refreshed = await club.click(button, "ada")
    assert reply.ephemeral and "You're in" in reply.text
    assert refreshed is not None
    assert "In: 1 (Ada) · Can't make it: 0" in text_of(refreshed)
    _, refreshed = await club.click(posted.reply.buttons[1].action_id, "bob")
    assert refreshed is not None and "Can't make it: 1 (Bob)" in text_of(refreshed)
    # Changing one's mind replaces the answer.
    _, refreshed = await club.click(posted.reply.buttons[1].action_id, "ada")
    assert refreshed is not None and "In: 0 · Can't make it: 2 (Bob, Ada)" in text_of(refreshed)
    typed = await club.say("/screening in", "cy")
    assert "You're in" in typed.text
    assert "In: 1 (Cy)" in text_of(await club.say("/screening"))


async def test_reminder_is_sent_once_at_its_time_even_across_restarts(database: str) -> None:
    path = database
    clock = ManualClock(START)
    first = await open_club(path, clock)
    await ingest_paths(first.services.store, [CORPUS])
    await first.say("/screening add today 20:00 Her", admin=True)
    await first.take()
    scheduler = Scheduler(first.services)
    # 18:58 Paris: not yet.
    clock.set(datetime(2026, 3, 23, 17, 58, tzinfo=UTC))
    assert await scheduler.run_due() == []
    # 19:00 Paris, an hour before: the reminder.
    clock.set(datetime(2026, 3, 23, 18, 0, tzinfo=UTC))
    [reminder] = await scheduler.run_due()
    assert reminder.channel == "gen"
    assert "Reminder: Her (2013) starts Mon 23 Mar 20:00 CET" in reminder.reply.text
    assert await scheduler.run_due() == []
    await first.services.store.close()

    # The bot restarts: the reminder is not sent again.
    clock.set(datetime(2026, 3, 23, 18, 30, tzinfo=UTC))
    second = await open_club(path, clock)
    again = Scheduler(second.services)
    try:
        made = await again.start()
        assert made == []
    finally:
        await again.stop()
    await second.services.store.close()


async def test_a_reminder_due_while_the_bot_was_down_is_sent_on_start(database: str) -> None:
    path = database
    clock = ManualClock(START)
    first = await open_club(path, clock, minutes=30)
    await ingest_paths(first.services.store, [CORPUS])
    await first.say("/screening add today 20:00 Her", admin=True)
    await first.services.store.close()
    clock.set(datetime(2026, 3, 23, 18, 45, tzinfo=UTC))  # 19:45 Paris, 15 minutes before
    second = await open_club(path, clock, minutes=30)
    scheduler = Scheduler(second.services)
    try:
        made = await scheduler.start()
    finally:
        await scheduler.stop()
    assert [a.reply.text.startswith("Reminder: Her (2013)") for a in made] == [True]
    await second.services.store.close()


async def test_the_running_scheduler_wakes_for_the_reminder(club: Club) -> None:
    scheduler = Scheduler(club.services)
    await scheduler.start()
    try:
        await club.say("/screening add today 20:00 Her", admin=True)
        assert (await club.recorder.next()).screening is not None
        club.clock.set(datetime(2026, 3, 23, 18, 0, tzinfo=UTC))
        # The scheduler may have gone back to sleep "one more second" just as the clock
        # jumped: nudge the hand-driven clock along until the reminder comes.
        async with asyncio.timeout(5):
            while not club.recorder.items:
                club.clock.advance(timedelta(seconds=1))
                await asyncio.sleep(0.01)
        reminder = await club.recorder.next()
        assert reminder.reply.text.startswith("Reminder: Her (2013)")
        assert club.recorder.items == []
    finally:
        await scheduler.stop()


async def test_a_cancelled_screening_is_never_reminded(club: Club) -> None:
    refused = await club.say("/screening cancel")
    assert refused.error and "Only club admins" in refused.text
    await club.say("/screening add today 20:00 Her", admin=True)
    [posted] = await club.take()
    assert posted.screening is not None
    await record_post(club.services, posted, "m-1", "ev-1")
    reply = await club.say("/screening cancel", admin=True)
    assert "Cancelled the screening of Her (2013)" in reply.text
    [cancelled] = await club.take()
    assert cancelled.reply.title == "Cancelled: Her (2013)"
    assert cancelled.cancel_event == "ev-1"
    club.clock.set(datetime(2026, 3, 23, 23, 0, tzinfo=UTC))
    assert await Scheduler(club.services).run_due() == []
    assert (await club.say("/screening cancel", admin=True)).error
    late, _ = await club.click(posted.reply.buttons[0].action_id)
    assert late.error and "cancelled" in late.text


async def test_the_discussion_opens_when_the_film_ends_once(club: Club) -> None:
    await club.say("/screening add today 20:00 Her", admin=True)
    [posted] = await club.take()
    await record_post(club.services, posted, "m-42", None)
    scheduler = Scheduler(club.services)
    # Her runs 126 minutes: 22:06 Paris.
    club.clock.set(datetime(2026, 3, 23, 21, 5, tzinfo=UTC))
    made = await scheduler.run_due()
    assert [a.discussion for a in made if a.discussion] == []
    club.clock.set(datetime(2026, 3, 23, 21, 6, tzinfo=UTC))
    [opened] = [a for a in await scheduler.run_due() if a.discussion]
    discussion = opened.discussion
    assert discussion is not None
    assert discussion.title == "Discussion: Her (2013)"
    assert discussion.anchor == "m-42"  # a thread on the screening's message
    card, *quotes, invitation = discussion.replies
    assert card.title == "Her (2013)"
    labels = [q.text for q in quotes]
    assert 2 <= len(quotes) <= 3
    # The highest- and lowest-scoring critics, so that they disagree.
    assert labels[:2] == ["Highest score, 10/10", "Lowest score, 9/10"]
    assert all(q.quote is not None for q in quotes)
    assert "/rate 8" in invitation.text
    fields = {f.name: f.value for f in invitation.fields}
    assert fields["Critics"] == "6 scored · mean 9.71 · median 10"
    assert fields["The club so far"] == "nobody has rated it yet"
    assert await scheduler.run_due() == []


async def test_in_the_thread_rate_and_quote_need_no_title(club: Club) -> None:
    outside = await club.say("/rate 8")
    assert outside.error and "Missing `title`" in outside.text
    reply = await club.say("/discuss Her")
    assert "Opened the discussion of Her (2013)" in reply.text
    [opened] = await club.take()
    await record_thread(club.services, opened, "thread-7")
    rated = await club.say("/rate 8 lovely", channel="thread-7")
    assert rated.text == "Rated Her (2013): 8/10. Comment: “lovely”"
    quoted = await club.say("/quote", channel="thread-7")
    assert quoted.quote is not None and quoted.quote.film == "Her"
    again = await club.say("/discuss", channel="thread-7")
    assert "Her (2013)" in again.text
    [second] = await club.take()
    assert second.discussion is not None
    fields = {f.name: f.value for f in second.discussion.replies[-1].fields}
    assert fields["The club so far"] == "1 rated · mean 8 · median 8"
    # A title that looks like a score still works outside a thread: /rate 1917 8.
    missing = await club.say("/rate Her")
    assert missing.error and "Missing `score`" in missing.text


def test_reviews_that_say_they_give_away_the_plot_are_marked() -> None:
    assert marks_spoilers("Note: this review contains spoilers.\n\nA warm film.")
    assert marks_spoilers("SPOILERS AHEAD\n\nThe ending...")
    assert marks_spoilers("[Spoilers]\nShe leaves.")
    assert not marks_spoilers("A spoiler-free review. No spoilers here, I promise.")
    assert not marks_spoilers("I will write this without spoilers.")


async def test_spoiler_passages_are_hidden_until_asked_for(club: Club, tmp_path: Path) -> None:
    folder = tmp_path / "films" / "twist-1999"
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.toml").write_text('title = "Twist"\nyear = 1999\n', encoding="utf-8")
    (folder / "reviews" / "plain.txt").write_text(
        "Review by Pat Plain\nScore: 9/10\n\nThe acting is wonderful and the music soars"
        " over every scene of this quiet, funny film about two brothers.\n",
        encoding="utf-8",
    )
    (folder / "reviews" / "telling.txt").write_text(
        "Review by Tess Teller\nScore: 3/10\n\nWarning: this review contains spoilers."
        "\n\nThe brother was a ghost all along, and the acting cannot hide how thin the"
        " story is once you know it.\n",
        encoding="utf-8",
    )
    await ingest_paths(club.services.store, [folder])
    await club.say("/discuss Twist 1999")
    [opened] = await club.take()
    assert opened.discussion is not None
    quotes = [r.quote for r in opened.discussion.replies if r.quote is not None]
    hidden = [q for q in quotes if q.spoiler]
    shown = [q for q in quotes if not q.spoiler]
    assert [q.author for q in hidden] == ["Tess Teller"]
    assert [q.author for q in shown] == ["Pat Plain"]
    passage = hidden[0].reveal
    assert passage.startswith("spoiler:")
    revealed, _ = await club.click(passage)
    assert revealed.ephemeral and revealed.quote is not None
    assert "ghost all along" in revealed.quote.text and not revealed.quote.spoiler
    typed = await club.say(f"/spoiler {passage.split(':')[1]}")
    assert typed.quote is not None and "ghost" in typed.quote.text
    [twist] = await club.services.store.read(films.films_by_norm, "twist", 1999)
    rows = await club.services.store.read(screening_store.review_passages, twist.id)
    assert sorted(p.spoilers for p in rows) == [False, True]


async def test_a_reminder_promised_while_the_platform_is_down_is_posted_after_a_restart(
    database: str,
) -> None:
    path = database
    clock = ManualClock(START)
    first = await open_club(path, clock)
    await ingest_paths(first.services.store, [CORPUS])
    await first.say("/screening add today 20:00 Her", admin=True)
    await first.take()
    first.services.outbox.unregister(first.recorder)  # the platform goes away
    clock.set(datetime(2026, 3, 23, 18, 0, tzinfo=UTC))
    [promised] = await Scheduler(first.services).run_due()
    assert promised.reply.text.startswith("Reminder: Her (2013)")
    assert first.recorder.items == []
    await first.services.store.close()

    clock.set(datetime(2026, 3, 23, 18, 20, tzinfo=UTC))
    second = await open_club(path, clock)
    scheduler = Scheduler(second.services)
    try:
        assert await scheduler.start() == []  # nothing new is claimed ...
        posted = await second.recorder.next()  # ... and the promised reminder is posted
        assert posted.reply.text.startswith("Reminder: Her (2013)")
        second.recorder.items.append(posted)
    finally:
        await scheduler.stop()
    third = Scheduler(second.services)
    try:
        await third.start()
    finally:
        await third.stop()
    assert len([a for a in second.recorder.items if a.reply.text.startswith("Reminder")]) == 1
    await second.services.store.close()


async def test_in_the_thread_review_needs_no_title(club: Club) -> None:
    await club.say("/discuss Her")
    [opened] = await club.take()
    assert opened.discussion is not None
    assert "/review" in opened.discussion.replies[-1].text
    await record_thread(club.services, opened, "thread-9")
    saved = await club.say("/review 9 The voice carries the whole film.", channel="thread-9")
    assert saved.text.startswith("Saved your review of Her (2013), rated 9/10"), saved.text
    plain = await club.say("/review Quiet and sad, in a good way.", channel="thread-9")
    assert plain.text.startswith("Replaced your review of Her (2013):"), plain.text
    rated = await club.say("/ratings Her")
    assert "Ada: 9/10" in rated.text


async def test_a_members_review_marked_spoilers_is_hidden_until_asked(club: Club) -> None:
    saved = await club.say(
        "/review Her 9 spoilers:yes In the end Samantha leaves with the other systems, and"
        " Theodore writes to Catherine at last, which broke my heart completely."
    )
    assert saved.text.startswith("Saved your review of Her (2013)"), saved.text
    quoted = await club.say("/quote Her from:club", "bob")
    assert quoted.quote is not None and quoted.quote.spoiler
    assert quoted.quote.reveal.startswith("spoiler:-")
    shown, _ = await club.click(quoted.quote.reveal, "bob")
    assert shown.ephemeral and shown.quote is not None and "Samantha" in shown.quote.text
    # Another club cannot read it by its number.
    elsewhere = await club.dispatcher.dispatch_text(
        f"/spoiler {quoted.quote.reveal.split(':')[1]}",
        club="console:other",
        channel="gen",
        member=Member("eve", "Eve"),
    )
    assert elsewhere.error and "There is no passage" in elsewhere.text
    # Without the flag, the passage shows as before.
    await club.say("/review Her 8 A gentle film about listening.", "cy")
    plain = await club.say("/quote Her from:club", "cy")
    assert plain.quote is not None
    assert plain.quote.spoiler == ("Samantha" in plain.quote.text)


async def test_a_poll_winner_gets_its_screening_at_the_usual_time(club: Club) -> None:
    assert "no usual screening time" in (await club.say("/screening usual")).text
    refused = await club.say("/screening usual fri 20:30")
    assert refused.error and "Only club admins" in refused.text
    bad = await club.say("/screening usual someday", admin=True)
    assert bad.error and "fri 20:30" in bad.text
    done = await club.say("/screening usual fri 20:30 | Room 2", admin=True)
    assert "Fridays at 20:30 · Room 2" in done.text
    await club.say("/poll start Her | Alien 2d", channel="movies")
    await club.say("/poll vote Her", "bob", channel="movies")
    await club.take()
    # The poll closes on Wednesday 11:00 Paris; Friday 20:30 is the next usual time.
    club.clock.advance(timedelta(days=2))
    await Scheduler(club.services).run_due()
    posted = await club.take()
    titles = [a.reply.title for a in posted]
    assert titles[0] is not None and titles[0].startswith("Poll #1 closed: Her (2013) wins")
    [screening] = [a for a in posted if a.screening is not None]
    assert screening.channel == "movies" and screening.reply.title == "Screening: Her (2013)"
    assert screening.event is not None and screening.event.location == "Room 2"
    assert screening.event.starts_at == datetime(2026, 3, 27, 19, 30, tzinfo=UTC)
    shown = await club.say("/screening")
    assert "Fri 27 Mar 20:30 CET" in text_of(shown)


async def test_a_poll_closed_by_hand_plans_its_screening_too(club: Club) -> None:
    await club.say("/screening usual fri 20:30", admin=True)
    await club.say("/poll start Her | Alien 2d")
    await club.say("/poll vote Alien", "bob")
    closed = await club.say("/poll close")
    assert closed.title is not None and "Alien" in closed.title
    [screening] = [a for a in await club.take() if a.screening is not None]
    assert screening.reply.title is not None and "Alien" in screening.reply.title
    await club.say("/screening usual off", admin=True)
    await club.say("/poll start Her | Alien 2d")
    await club.say("/poll close")
    assert [a for a in await club.take() if a.screening is not None] == []
