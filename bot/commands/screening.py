"""/screening and /discuss: when the club watches, who is in, and the talk afterwards."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot import delivery
from bot.catalog.resolve import Ambiguous, resolve_film, resolve_or_current
from bot.commands.spec import Command, Handler, Option, OptionKind
from bot.errors import UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Announcement,
    Quote,
    Reply,
    Request,
    Rich,
    Timestamp,
)
from bot.outbound import promise
from bot.polls.zones import club_zone
from bot.screenings import (
    DEFAULT_LENGTH,
    REVEAL,
    RSVP,
    WHEN_FORMS,
    cancel_and_announce,
    create_and_announce,
    describe_usual,
    discussion_announcement,
    film_look,
    parse_start,
    parse_usual,
    place_text,
    reminder_time,
    runtime_of,
    screening_reply,
    thread_film,
)
from bot.services import Services
from bot.store import quotes
from bot.store import screenings as store
from bot.store.screenings import NewScreening, Screening

MAX_PLACE = 100


def _promise(conn: sqlite3.Connection, announcement: Announcement, now: datetime) -> int:
    return promise(conn, announcement, now)


def _wake(services: Services) -> None:
    """Something was promised or scheduled: the delivery and the scheduler look again."""
    from bot import scheduler

    delivery.notify(services)
    scheduler.poke(services)


async def _next(services: Services, club: str) -> Screening | None:
    found = await services.store.read(store.upcoming, club, services.clock.now(), 1)
    return found[0] if found else None


async def add_handler(services: Services, request: Request) -> Reply:
    now = services.clock.now()
    zone = await club_zone(services, request.club)
    start, rest = parse_start(str(request.options["when"]).split(), now, zone)
    title: str | None = request.options.get("title")
    where: str = request.options.get("where") or ""
    if rest:
        # Text syntax: `/screening add fri 20:30 Her | Room 2`.
        extra, _, extra_where = " ".join(rest).partition("|")
        if title or (where and extra_where):
            raise UserError(
                f"I did not understand `{' '.join(rest)}`. Usage: /screening add <when> [title]"
                " [| where], e.g. `/screening add fri 20:30 Her | Room 2`."
            )
        title = extra.strip() or None
        where = where or extra_where.strip()
    if len(where) > MAX_PLACE:
        raise UserError(f"`where` is too long: at most {MAX_PLACE} characters.")
    try:
        if title:
            film = await resolve_film(services, title, command="screening add")
        else:
            film = await resolve_or_current(services, request.club, None, command="screening add")
    except Ambiguous as question:
        raise UserError(question.message) from None
    length = await services.store.read(runtime_of, film.id) or DEFAULT_LENGTH
    minutes = services.settings.reminder_minutes
    # None when the start is nearer than that: the screening's message is the reminder.
    reminder = reminder_time(start, now, minutes)
    new = NewScreening(
        club=request.club,
        film_id=film.id,
        channel=request.channel,
        starts_at=start,
        ends_at=start + length,
        place=where,
        created_by=request.member.id,
        reminder_due_at=reminder,
    )
    look = await film_look(services, film)
    await services.store.write(create_and_announce, new, now, zone, look)
    _wake(services)
    text = Rich(
        f"Planned: {film.label}, ",
        Timestamp(start, zone),
        f" · {place_text(where, request.channel)}.",
    )
    if reminder is not None:
        text = Rich(text, f" A reminder goes to this channel {minutes} minutes before.")
    return Reply(text=text, ephemeral=True)


async def usual_handler(services: Services, request: Request) -> Reply:
    raw = str(request.options.get("when") or "").strip()
    if not raw:
        found = await services.store.read(store.usual, request.club)
        if found is None:
            return Reply(
                text="The club has no usual screening time. An admin sets one with"
                " `/screening usual fri 20:30`; then each poll's winner gets its screening."
            )
        return Reply(text=f"The club's usual screening: {describe_usual(found)}.")
    if not request.is_admin:
        raise UserError("Only club admins can set the usual screening time.")
    now = services.clock.now()
    if raw.lower() in ("off", "none"):
        await services.store.write(store.set_usual, request.club, None, request.member.id, now)
        return Reply(text="The club has no usual screening time any more.")
    usual = parse_usual(raw)
    await services.store.write(store.set_usual, request.club, usual, request.member.id, now)
    return Reply(
        text=f"The club's usual screening: {describe_usual(usual)}. When a poll closes with a"
        " winner, its screening is planned for the next one (at least an hour ahead)."
    )


async def next_handler(services: Services, request: Request) -> Reply:
    found = await services.store.read(store.upcoming, request.club, services.clock.now(), 3)
    if not found:
        return Reply(
            text="No screening is planned. An admin plans one with `/screening add fri 20:30 Her`."
        )
    zone = await club_zone(services, request.club)
    first = found[0]
    answers = await services.store.read(store.answers, first.id)
    reply = screening_reply(first, answers, zone)
    if len(found) > 1:
        later = Rich.joined(
            "\n", [Rich(f"{s.film.label}: ", Timestamp(s.starts_at, zone)) for s in found[1:]]
        )
        reply = reply.with_(footer=Rich("Later: ", later))
    return reply


async def cancel_handler(services: Services, request: Request) -> Reply:
    first = await _next(services, request.club)
    if first is None:
        raise UserError("No screening is planned, so there is none to cancel.")
    zone = await club_zone(services, request.club)
    cancelled = await services.store.write(
        cancel_and_announce, first.id, services.clock.now(), zone
    )
    if cancelled is None:
        raise UserError("That screening was cancelled already.")
    _wake(services)
    return Reply(text=f"Cancelled the screening of {cancelled.film.label}.", ephemeral=True)


async def _answer(
    services: Services, club: str, member_id: str, name: str, going: bool, screening: Screening
) -> tuple[Reply, Reply]:
    now = services.clock.now()
    if screening.cancelled_at is not None:
        raise UserError(f"The screening of {screening.film.label} was cancelled.")
    if screening.ends_at <= now:
        raise UserError(f"The screening of {screening.film.label} is over.")
    answers = await services.store.write(store.answer, screening.id, member_id, name, going, now)
    zone = await club_zone(services, club)
    said = "You're in" if going else "Noted: you can't make it"
    return (
        Reply(text=f"{said} for {screening.film.label}.", ephemeral=True),
        screening_reply(screening, answers, zone),
    )


def _answer_handler(going: bool) -> Handler:
    async def handler(services: Services, request: Request) -> Reply:
        first = await _next(services, request.club)
        if first is None:
            raise UserError("No screening is planned.")
        reply, _ = await _answer(
            services, request.club, request.member.id, request.member.name, going, first
        )
        return reply

    return handler


async def rsvp_action(services: Services, action: ActionRequest) -> ActionResult:
    _, raw_id, which = [*action.action_id.split(":"), "", ""][:3]
    screening = await services.store.read(store.get, int(raw_id)) if raw_id.isdigit() else None
    if screening is None or screening.club != action.club:
        raise UserError("That screening no longer exists.")
    reply, refreshed = await _answer(
        services, action.club, action.member.id, action.member.name, which == "in", screening
    )
    return ActionResult(reply, refresh=refreshed)


async def _reveal(services: Services, club: str, passage: int) -> Reply:
    """A hidden passage: a critic's (its id), or a member's of this club (minus its id)."""
    if passage < 0:
        excerpt = await services.store.read(store.club_passage, club, -passage)
    else:
        excerpt = await services.store.read(quotes.excerpt, passage)
    if excerpt is None:
        raise UserError(f"There is no passage {passage}.")
    quote = Quote(
        excerpt.text,
        excerpt.author,
        excerpt.film_title,
        excerpt.source,
        excerpt.url,
        role="club member" if excerpt.by_member else None,
    )
    return Reply(text="Spoilers ahead:", quote=quote, ephemeral=True)


async def reveal_action(services: Services, action: ActionRequest) -> ActionResult:
    """Show a passage hidden for spoilers to the member who asked (only to them)."""
    _, raw_id = [*action.action_id.split(":"), ""][:2]
    if not raw_id.lstrip("-").isdigit():
        raise UserError("That passage is no longer stored.")
    return ActionResult(await _reveal(services, action.club, int(raw_id)))


async def spoiler_handler(services: Services, request: Request) -> Reply:
    return await _reveal(services, request.club, int(request.options["passage"]))


async def discuss_handler(services: Services, request: Request) -> Reply:
    title: str | None = request.options.get("title")
    film = None
    if not title:
        film = await thread_film(services, request.club, request.channel)
    try:
        if film is None:
            film = await resolve_or_current(services, request.club, title, command="discuss")
    except Ambiguous as question:
        raise UserError(question.message) from None
    screening = await services.store.read(store.latest_for_film, request.club, film.id)
    announcement = await discussion_announcement(
        services, request.club, request.channel, film, screening
    )
    await services.store.write(_promise, announcement, services.clock.now())
    _wake(services)
    return Reply(text=f"Opened the discussion of {film.label}.", ephemeral=True)


SCREENING_COMMAND = Command(
    name="screening",
    help="When the club watches its film: plan, show, answer, cancel",
    default="next",
    subcommands=(
        Command(
            name="add",
            help="Plan a screening: when, the film (default: the club's film), where",
            options=(
                Option(
                    "when",
                    f"When, in the club's time zone: {WHEN_FORMS}",
                    required=True,
                    max_length=200,
                ),
                Option(
                    "title",
                    "Film title; default: the club's current film",
                    OptionKind.FILM,
                    max_length=200,
                ),
                Option(
                    "where", "A voice or stage channel, or a place in words", max_length=MAX_PLACE
                ),
            ),
            handler=add_handler,
            admin_only=True,
            examples=(
                "/screening add fri 20:30",
                "/screening add tomorrow 21:00 Her | Room 2",
            ),
        ),
        Command(
            name="next",
            help="The next screening: film, time, place, who is in",
            handler=next_handler,
            examples=("/screening", "/screening next"),
        ),
        Command(
            name="usual",
            help="The club's usual screening time; each poll's winner is planned for it",
            options=(
                Option(
                    "when",
                    "(admins) A weekday and time, such as fri 20:30 | Room 2; off to clear",
                    max_length=200,
                    greedy=True,
                ),
            ),
            handler=usual_handler,
            examples=("/screening usual", "/screening usual fri 20:30 | Room 2"),
            checks_admin=True,
        ),
        Command(
            name="in",
            help="Say you are coming to the next screening",
            handler=_answer_handler(True),
            examples=("/screening in",),
        ),
        Command(
            name="out",
            help="Say you can't make the next screening",
            handler=_answer_handler(False),
            examples=("/screening out",),
        ),
        Command(
            name="cancel",
            help="Cancel the next screening",
            handler=cancel_handler,
            admin_only=True,
            examples=("/screening cancel",),
        ),
    ),
)

DISCUSS = Command(
    name="discuss",
    help="Open the discussion of a film: a thread seeded with its card and the critics",
    options=(
        Option(
            "title", "Film title; default: the club's current film", OptionKind.FILM, max_length=200
        ),
    ),
    handler=discuss_handler,
    examples=("/discuss", "/discuss Her"),
)

SPOILER = Command(
    name="spoiler",
    help="Read a passage hidden because its review gives away the plot",
    options=(
        Option(
            "passage",
            "The passage's number, as given where it was hidden",
            OptionKind.INTEGER,
            required=True,
        ),
    ),
    handler=spoiler_handler,
    examples=("/spoiler 12",),
)

SCREENING_ACTIONS = {RSVP: rsvp_action, REVEAL: reveal_action}
