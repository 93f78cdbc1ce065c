"""Screenings: when and where the club watches its film, the reminder before, the
discussion after.

A screening is saved with its reminder time; the scheduler claims each reminder
and each discussion once (a compare-and-set in the store) and hands the result to
the outbox. What a platform makes of a screening (a Discord scheduled event, a
Slack message with answer buttons) is the adapter's business: the core describes it
with :class:`~bot.messages.ScreeningEvent` and :class:`~bot.messages.Discussion`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from bot.errors import UserError
from bot.messages import (
    Announcement,
    Button,
    ButtonStyle,
    Discussion,
    Field,
    Quote,
    Reply,
    Rich,
    ScreeningEvent,
    Timestamp,
)
from bot.outbound import promise
from bot.polls.durations import until_moment
from bot.polls.localtime import format_local, parse_clock, resolve_local, weekday_number
from bot.polls.zones import club_zone
from bot.scoring import fmt, summarize_critics
from bot.store import catalog, films, ratings
from bot.store import screenings as store
from bot.store.models import Film
from bot.store.screenings import Answers, NewScreening, ReviewPassage, Screening, UsualTime

if TYPE_CHECKING:
    from bot.services import Services
    from bot.store.polls import ClosedPoll

DEFAULT_LENGTH = timedelta(hours=2)
MAX_AHEAD = timedelta(days=366)
RSVP = "screening-rsvp"
REVEAL = "spoiler"
WHEN_FORMS = "`fri 20:30`, `20:30`, `tomorrow 21:00`, `today 19:00` or `2026-04-03 20:30`"
_RUNTIME = re.compile(r"(\d{2,3})\s*min", re.IGNORECASE)
_DISCORD_CHANNEL = re.compile(r"^<#(\d+)>$")
_SLACK_CHANNEL = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")
MAX_EXCERPTS = 3


def parse_start(words: list[str], now: datetime, zone: ZoneInfo) -> tuple[datetime, list[str]]:
    """The start time the first words name (in the club's zone) and the words left over."""
    for size in (2, 1):
        if len(words) < size:
            continue
        try:
            start = until_moment(words[:size], now, zone, " ".join(words[:size]))
        except UserError:
            continue
        if start <= now:
            other_year = start.astimezone(zone).year != now.astimezone(zone).year
            raise UserError(f"{format_local(start, zone, year=other_year)} has already passed.")
        if start - now > MAX_AHEAD:
            raise UserError("A screening can be planned at most a year ahead.")
        return start, words[size:]
    shown = " ".join(words[:2]) or "(nothing)"
    raise UserError(f"`{shown}` is not a time I understand. Say when: {WHEN_FORMS}.")


def runtime_of(conn: sqlite3.Connection, film_id: int) -> timedelta | None:
    for fact in films.facts(conn, film_id):
        if fact.key == "runtime" and (hit := _RUNTIME.search(fact.value)):
            minutes = int(hit.group(1))
            if 30 <= minutes <= 600:
                return timedelta(minutes=minutes)
    return None


def voice_channel(place: str) -> str | None:
    """The Discord channel id a place names (``<#123>``), if it is one."""
    hit = _DISCORD_CHANNEL.match(place.strip())
    return hit.group(1) if hit else None


def place_text(place: str, channel: str) -> str:
    """Where, for people: the place as given, else this channel."""
    if place.strip():
        return place.strip()
    if channel.isdigit():
        return f"<#{channel}>"
    if _SLACK_CHANNEL.match(f"<#{channel}>"):
        return f"<#{channel}>"
    return f"#{channel}"


def answers_line(answers: Answers) -> str:
    def names(who: tuple[str, ...]) -> str:
        return f" ({', '.join(who)})" if who else ""

    return (
        f"In: {len(answers.going)}{names(answers.going)} · "
        f"Can't make it: {len(answers.not_going)}{names(answers.not_going)}"
    )


def screening_reply(s: Screening, answers: Answers, zone: ZoneInfo, logline: str = "") -> Reply:
    """The screening's message: film, time in each reader's zone, place, who is in."""
    if s.cancelled_at is not None:
        return Reply(
            title=f"Cancelled: {s.film.label}",
            text=Rich("The screening of ", Timestamp(s.starts_at, zone), " is cancelled."),
        )
    text = Rich(
        Timestamp(s.starts_at, zone),
        f" · {place_text(s.place, s.channel)}",
        f"\n{logline}" if logline else "",
    )
    buttons = (
        Button("I'm in", f"{RSVP}:{s.id}:in", ButtonStyle.PRIMARY, "/screening in"),
        Button("Can't make it", f"{RSVP}:{s.id}:out", ButtonStyle.SECONDARY, "/screening out"),
    )
    return Reply(
        title=f"Screening: {s.film.label}",
        text=text,
        fields=(Field("Who's coming", answers_line(answers), inline=False),),
        buttons=buttons,
    )


@dataclass(frozen=True)
class FilmLook:
    logline: str
    poster: str | None


def _look(conn: sqlite3.Connection, film: Film) -> FilmLook:
    logline = next((f.value for f in films.facts(conn, film.id) if f.key == "logline"), "")
    entry = catalog.entry(conn, film.id)
    return FilmLook(logline or film.logline or "", entry.poster_url if entry else None)


async def film_look(services: Services, film: Film) -> FilmLook:
    return await services.store.read(_look, film)


def screening_announcement(s: Screening, zone: ZoneInfo, look: FilmLook) -> Announcement:
    """The screening's message and, for platforms that have them, its event."""
    answers = Answers()
    where = place_text(s.place, s.channel)
    event = ScreeningEvent(
        name=f"Screening: {s.film.label}"[:100],
        description=(look.logline or f"The club watches {s.film.label}.")[:1000],
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        location=where[:100],
        voice_channel=voice_channel(s.place),
        cover_url=look.poster,
    )
    reply = screening_reply(s, answers, zone, look.logline).with_(thumbnail_url=look.poster)
    return Announcement(s.club, s.channel, reply, screening=s.id, event=event)


def create_and_announce(
    conn: sqlite3.Connection, new: NewScreening, now: datetime, zone: ZoneInfo, look: FilmLook
) -> Screening:
    """Save a screening and, in the same transaction, promise its message to the channel."""
    screening = store.create(conn, new, now)
    promise(conn, screening_announcement(screening, zone, look), now)
    return screening


def cancel_and_announce(
    conn: sqlite3.Connection, screening_id: int, now: datetime, zone: ZoneInfo
) -> Screening | None:
    """Cancel a screening and, in the same transaction, promise the news (and the end of
    its platform event); None when it was cancelled already."""
    cancelled = store.cancel(conn, screening_id, now)
    if cancelled is None:
        return None
    reply = screening_reply(cancelled, Answers(), zone)
    announcement = Announcement(
        cancelled.club,
        cancelled.channel,
        reply,
        screening=cancelled.id,
        cancel_event=cancelled.event_id or "",
    )
    promise(conn, announcement, now)
    return cancelled


async def reminder_announcement(services: Services, s: Screening) -> Announcement:
    zone = await club_zone(services, s.club)
    answers = await services.store.read(store.answers, s.id)
    text = Rich(
        f"Reminder: {s.film.label} starts ",
        Timestamp(s.starts_at, zone),
        f" · {place_text(s.place, s.channel)}.",
    )
    return Announcement(
        s.club, s.channel, Reply(text=text, fields=(Field("Who's coming", answers_line(answers)),))
    )


# -- the discussion -------------------------------------------------------------------------


def contrasting(passages: list[ReviewPassage]) -> list[tuple[str, ReviewPassage]]:
    """Two or three passages chosen to disagree: the highest- and lowest-scoring critics,
    then one on a topic neither of them is about; without scores, different topics."""
    picked: list[tuple[str, ReviewPassage]] = []
    scored = sorted((p for p in passages if p.score is not None), key=lambda p: p.score or 0.0)
    if len(scored) >= 2 and (scored[-1].score or 0) > (scored[0].score or 0):
        picked.append((f"Highest score, {fmt(scored[-1].score)}/10", scored[-1]))
        picked.append((f"Lowest score, {fmt(scored[0].score)}/10", scored[0]))
    covered = {t for _, p in picked for t in p.topics}
    chosen = {p.excerpt_id for _, p in picked}
    for passage in passages:
        if len(picked) >= MAX_EXCERPTS:
            break
        if passage.excerpt_id in chosen:
            continue
        fresh = [t for t in passage.topics if t not in covered]
        if fresh or (not picked and passage.topics == ()):
            label = f"On {fresh[0]}" if fresh else "Another view"
            picked.append((label, passage))
            covered.update(passage.topics)
            chosen.add(passage.excerpt_id)
    if len(picked) < 2:
        for passage in passages:
            if len(picked) >= 2:
                break
            if passage.excerpt_id not in chosen:
                picked.append(("Another view", passage))
                chosen.add(passage.excerpt_id)
    return picked


@dataclass(frozen=True)
class DiscussionData:
    passages: list[ReviewPassage]
    critics: str
    club: str


def _discussion_data(conn: sqlite3.Connection, club: str, film_id: int) -> DiscussionData:
    summary = summarize_critics(films.critic_scores(conn, film_id))
    stats = ratings.club_stats(conn, club, film_id)
    critics = (
        f"{summary.count} scored · mean {fmt(summary.mean)} · median {fmt(summary.median)}"
        if summary.count
        else "no critic scores stored"
    )
    mine = (
        f"{stats.count} rated · mean {fmt(stats.mean)} · median {fmt(stats.median)}"
        if stats.count
        else "nobody has rated it yet"
    )
    return DiscussionData(store.review_passages(conn, film_id), critics, mine)


INVITATION = (
    "How was it? Rate it right here with `/rate 8` and write your own take with"
    " `/review 8 What stayed with me…` (no title needed in this thread);"
    " `/quote` brings up more of what the critics said."
)


async def discussion_announcement(
    services: Services,
    club: str,
    channel: str,
    film: Film,
    screening: Screening | None,
) -> Announcement:
    """The discussion of ``film``: its card, critics who disagree, both scores, an invitation."""
    from bot.commands.film import film_card

    card = await film_card(services, film)
    data = await services.store.read(_discussion_data, club, film.id)
    replies: list[Reply] = [card]
    for label, p in contrasting(data.passages):
        reveal = f"{REVEAL}:{p.excerpt_id}" if p.spoilers else ""
        quote = Quote(
            p.text, p.author, film.label, p.source, p.url, spoiler=p.spoilers, reveal=reveal
        )
        replies.append(Reply(text=label, quote=quote))
    replies.append(
        Reply(
            text=INVITATION,
            fields=(Field("Critics", data.critics), Field("The club so far", data.club)),
        )
    )
    anchor = None
    if screening is not None and screening.channel == channel:
        anchor = screening.message_id
    discussion = Discussion(
        title=f"Discussion: {film.label}"[:100],
        film_id=film.id,
        replies=tuple(replies),
        anchor=anchor,
        screening_id=screening.id if screening else None,
    )
    summary = Reply(title=discussion.title, text=f"The discussion of {film.label} is open.")
    return Announcement(club, channel, summary, discussion=discussion)


async def record_post(
    services: Services, announcement: Announcement, message_id: str | None, event_id: str | None
) -> None:
    """An adapter posted a screening's message (and made its event): remember both."""
    if announcement.screening is None:
        return
    await services.store.write(store.set_posted, announcement.screening, message_id, event_id)


async def record_thread(services: Services, announcement: Announcement, thread: str) -> None:
    """An adapter opened a discussion in ``thread``: commands there know its film."""
    discussion = announcement.discussion
    if discussion is None:
        return
    await services.store.write(
        store.open_thread,
        announcement.club,
        thread,
        discussion.film_id,
        discussion.screening_id,
        services.clock.now(),
    )


async def thread_film(services: Services, club: str, channel: str) -> Film | None:
    """The film of the discussion thread a command was typed in, if it was one."""
    return await services.store.read(store.thread_film, club, channel)


# -- the scheduler's part -------------------------------------------------------------------


def _claim_and_promise(
    conn: sqlite3.Connection,
    claim: Callable[[sqlite3.Connection, int, datetime], bool],
    screening_id: int,
    announcement: Announcement,
    now: datetime,
) -> bool:
    """Claim a reminder or a discussion and promise it in one transaction: it is
    announced exactly when it is claimed, by whichever process claims it."""
    if not claim(conn, screening_id, now):
        return False
    promise(conn, announcement, now)
    return True


async def run_due(services: Services) -> list[Announcement]:
    """Claim every reminder and discussion that is due, once each, each put in the
    outbox in the transaction that claims it; what was promised."""
    now = services.clock.now()
    made: list[Announcement] = []
    for s in await services.store.read(store.due_reminders, now):
        made_one = await reminder_announcement(services, s)
        if await services.store.write(
            _claim_and_promise, store.claim_reminder, s.id, made_one, now
        ):
            made.append(made_one)
    for s in await services.store.read(store.due_discussions, now):
        made_one = await discussion_announcement(services, s.club, s.channel, s.film, s)
        if await services.store.write(
            _claim_and_promise, store.claim_discussion, s.id, made_one, now
        ):
            made.append(made_one)
    return made


async def next_due(services: Services) -> datetime | None:
    return await services.store.read(store.next_due)


async def posted_message(services: Services, screening_id: int) -> str | None:
    """The id (Discord) or ts (Slack) of the message posted for a screening, if any."""
    found = await services.store.read(store.get, screening_id)
    return found.message_id if found is not None else None


async def posted_event(services: Services, screening_id: int) -> str | None:
    """The platform event already made for a screening (a retried post makes no second)."""
    found = await services.store.read(store.get, screening_id)
    return found.event_id if found is not None else None


# -- the club's usual screening time ----------------------------------------------------------

# A screening planned when a poll closes is at least this far off.
MIN_NOTICE = timedelta(hours=1)
USUAL_FORMS = "a weekday and a time, such as `fri 20:30`"


def parse_usual(text: str) -> UsualTime:
    """``fri 20:30 | Room 2`` as the club's usual time and place."""
    when, _, place = text.partition("|")
    words = when.split()
    day = weekday_number(words[0]) if words else None
    at = parse_clock(words[1]) if len(words) == 2 else None
    if day is None or at is None:
        raise UserError(f"`{when.strip() or text}` is not a usual time: give {USUAL_FORMS}.")
    return UsualTime(day, at.strftime("%H:%M"), place.strip()[:100])


def describe_usual(usual: UsualTime) -> str:
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    where = f" · {usual.place}" if usual.place else ""
    return f"{day[usual.weekday]}s at {usual.at}{where}"


def next_usual(usual: UsualTime, after: datetime, zone: ZoneInfo) -> datetime:
    """The first usual time at least :data:`MIN_NOTICE` after ``after``."""
    at = parse_clock(usual.at)
    assert at is not None
    today = after.astimezone(zone).date()
    for ahead in range(15):
        day = today + timedelta(days=ahead)
        if day.weekday() == usual.weekday:
            start = resolve_local(day, at, zone)
            if start - after >= MIN_NOTICE:
                return start
    raise AssertionError("a weekday recurs within a week")


def reminder_time(start: datetime, now: datetime, minutes: int) -> datetime | None:
    """When the reminder is due; None when there is none (off, or the start is too near)."""
    if minutes <= 0:
        return None
    due = start - timedelta(minutes=minutes)
    return due if due > now else None


def plan_after_close(
    conn: sqlite3.Connection, closed: ClosedPoll, now: datetime, zone: ZoneInfo, minutes: int
) -> Screening | None:
    """A poll closed with a winner: when the club has a usual screening time, plan the
    screening of the winner then, in the close's own transaction, and promise its message."""
    plan = store.usual(conn, closed.poll.club)
    choice = closed.poll.winner_option
    winner = closed.poll.option(choice) if choice is not None else None
    if plan is None or winner is None or winner.film_id is None:
        return None
    film = films.film_by_id(conn, winner.film_id)
    if film is None:
        return None
    start = next_usual(plan, now, zone)
    new = NewScreening(
        club=closed.poll.club,
        film_id=film.id,
        channel=closed.poll.channel,
        starts_at=start,
        ends_at=start + (runtime_of(conn, film.id) or DEFAULT_LENGTH),
        place=plan.place,
        created_by=None,
        reminder_due_at=reminder_time(start, now, minutes),
        poll_id=closed.poll.id,
    )
    return create_and_announce(conn, new, now, zone, _look(conn, film))
