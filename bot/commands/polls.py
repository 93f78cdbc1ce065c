"""``/poll``: start, vote, withdraw, results, close, cancel and weekly polls,
plus the buttons and menus on a poll message."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot import delivery
from bot.catalog.resolve import resolve_or_title, upgrade_bare_titles
from bot.commands.choices import asks_which_film
from bot.commands.spec import ActionHandler, Command, Option, OptionKind
from bot.errors import UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Reply,
    Request,
    Rich,
    Timestamp,
    error_reply,
)
from bot.polls.durations import (
    DEFAULT_DURATION,
    check_span,
    describe_span,
    parse_deadline,
    parse_span,
)
from bot.polls.localtime import (
    DAY_ABBREVIATIONS,
    DAYS,
    parse_clock,
    weekday_number,
    zone_named,
)
from bot.polls.matching import item_key, parse_choices
from bot.polls.models import (
    Ballot,
    BallotChange,
    BallotChangeKind,
    EditStatus,
    Mode,
    NewOption,
    NewPoll,
    NotEnoughCandidates,
    OptionEdit,
    Poll,
    PollState,
    VoteOutcome,
    VoteStatus,
    WeeklyInput,
    WeeklySchedule,
)
from bot.polls.posts import promise_refresh
from bot.polls.render import ballot_summary, poll_message, results_reply
from bot.polls.startline import StartArgs, split_start
from bot.polls.tally import Tally, tally
from bot.polls.weekly import next_occurrence
from bot.polls.zones import club_zone, club_zone_name
from bot.scheduler import close_and_announce, poke
from bot.services import Services
from bot.store import polls

DEFAULT_QUESTION = "What should we watch next?"
MAX_WEEKLY_DURATION = timedelta(days=7)
_POLL_REF = re.compile(r"(?:^|\s)#(\d+)$|^#(\d+)\s")
_NUMBER = re.compile(r"^#?(\d+)(?:\s|$)")
_MODES = tuple(m.value for m in Mode)
MAX_POLL_DIGITS = 9

POLL_OPTION = Option(
    "poll", "poll number, e.g. 3 or #3 (default: this channel's latest open poll)", OptionKind.POLL
)


def _poll_number(raw: str | None) -> int | None:
    if raw is None or not str(raw).strip():
        return None
    m = _NUMBER.match(str(raw).strip())
    if m is None:
        raise UserError(f"`{raw}` is not a poll number; polls are numbered #1, #2, …")
    if len(m.group(1)) > MAX_POLL_DIGITS:
        raise UserError(f"There is no poll #{m.group(1)[:12]}… in this club.")
    return int(m.group(1))


def _small_id(text: str) -> int:
    """An id from a button or menu value; ValueError when it is not a plausible id."""
    if not text.isdigit() or len(text) > MAX_POLL_DIGITS:
        raise ValueError(text)
    return int(text)


async def _find(services: Services, request: Request, raw: str | None) -> Poll:
    number = _poll_number(raw)
    poll = await services.store.read(polls.find_poll, request.club, request.channel, number)
    if poll is None:
        if number is not None:
            raise UserError(f"There is no poll #{number} in this club.")
        raise UserError("There is no poll here yet. Start one with `/poll start`.")
    return poll


async def _tally(services: Services, poll: Poll) -> tuple[Tally, list[Ballot]]:
    ballots = await services.store.read(polls.ballots, poll.id)
    return tally(poll, ballots), ballots


async def _resolve_title(
    services: Services, title: str, command: str, chosen: Mapping[str, int]
) -> NewOption:
    film = await resolve_or_title(services, title, command=command, chosen=chosen)
    if film is None:
        return NewOption(item_key(None, title), title, None)
    return NewOption(item_key(film.id, film.title), film.label, film.id)


def _poll_size(services: Services, size: int | None) -> int:
    value = services.settings.poll_size if size is None else size
    if not polls.MIN_OPTIONS <= value <= polls.MAX_OPTIONS:
        if size is None:
            return max(polls.MIN_OPTIONS, min(polls.MAX_OPTIONS, value))
        raise UserError(f"`size` must be between {polls.MIN_OPTIONS} and {polls.MAX_OPTIONS}.")
    return value


def _start_line(args: StartArgs, title: str, duration: str | None) -> str:
    """``poll start Alien | {film} | Her 2d``: the member's poll, ``{film}`` for ``title``."""
    mode = f"{args.mode.value} " if args.mode is not None else ""
    asked = f"{args.question} | " if args.question else ""
    titles = " | ".join("{film}" if t == title else t for t in args.titles)
    until = args.deadline or duration
    return f"poll start {mode}{asked}{titles}" + (f" {until}" if until else "")


async def start(services: Services, request: Request) -> Reply:
    opts = request.options
    given_mode = Mode(opts["mode"]) if "mode" in opts else None
    args = split_start(opts.get("options", ()), opts.get("duration"), given_mode)
    zone = await club_zone(services, request.club)
    now = services.clock.now()
    closes_at = parse_deadline(args.deadline, now, zone)
    if len(args.titles) == 1 or len(args.titles) > polls.MAX_OPTIONS:
        raise UserError(
            f"A poll needs {polls.MIN_OPTIONS} to {polls.MAX_OPTIONS} options separated by |,"
            " e.g. `/poll start Alien | Heat | Her 2d`, or none to take films from the watchlist."
        )
    if not args.titles:
        await upgrade_bare_titles(services, request.club)
    options: list[NewOption] = []
    for title in args.titles:
        option = await _resolve_title(
            services, title, _start_line(args, title, opts.get("duration")), request.chosen
        )
        if any(o.key == option.key for o in options):
            raise UserError(f"{option.label} is listed twice.")
        options.append(option)
    new = NewPoll(
        club=request.club,
        channel=request.channel,
        question=opts.get("question") or args.question or DEFAULT_QUESTION,
        mode=args.mode or Mode.SINGLE,
        anonymous=bool(opts.get("anonymous", False)),
        hidden=bool(opts.get("hidden", False)),
        creator_id=request.member.id,
        creator_name=request.member.name,
        created_at=now,
        closes_at=closes_at,
        options=tuple(options),
        size=_poll_size(services, opts.get("size")),
        open_options=bool(opts.get("open", False)),
        request_key=request.request_id,
    )
    try:
        poll = await services.store.write(polls.create_poll, new)
    except NotEnoughCandidates as exc:
        raise UserError(
            f"The watchlist has {exc.found} film(s) that can be polled; a poll needs two."
            " Add films with `/watchlist add`, or list options: `/poll start Alien | Heat`."
        ) from None
    poke(services)
    message = poll_message(poll, tally(poll, ()), zone)
    return message.with_(text=f"{request.member.name} started poll #{poll.number}.\n{message.text}")


_REFUSED = frozenset(
    {
        VoteStatus.UNKNOWN,
        VoteStatus.CANCELLED,
        VoteStatus.CLOSED,
        VoteStatus.EXPIRED,
        VoteStatus.INVALID,
    }
)


def _refusal(outcome: VoteOutcome, zone_name: str, now: datetime | None = None) -> str | None:
    poll, status = outcome.poll, outcome.status
    if status is VoteStatus.UNKNOWN or poll is None:
        return "That poll does not exist in this club."
    ref = f"Poll #{poll.number}"
    zone = zone_named(zone_name)
    if status is VoteStatus.CANCELLED:
        return f"{ref} was cancelled; there is nothing to vote on."
    if status in (VoteStatus.CLOSED, VoteStatus.EXPIRED):
        ended = poll.closed_at if status is VoteStatus.CLOSED and poll.closed_at else poll.closes_at
        other_year = now is not None and ended.astimezone(zone).year != now.astimezone(zone).year
        return Rich(
            f"{ref} closed at ",
            Timestamp(ended, zone, year=other_year),
            f"; votes are no longer taken. `/poll results #{poll.number}` shows the result.",
        )
    if status is VoteStatus.INVALID:
        if poll.mode is Mode.SINGLE:
            return f"{ref} is single choice: pick one film."
        return f"That choice is not an option of {ref}."
    return None


def _confirmation(outcome: VoteOutcome) -> str:
    poll = outcome.poll
    assert poll is not None
    ref = f"poll #{poll.number}"
    now, before = ballot_summary(poll, outcome.choices), ballot_summary(poll, outcome.previous)
    status = outcome.status
    if status is VoteStatus.RECORDED:
        return f"Your vote in {ref}: {now}."
    if status is VoteStatus.CHANGED:
        return f"Your vote in {ref} is now {now} (was {before})."
    if status is VoteStatus.UNCHANGED:
        return f"Your vote in {ref} is already {now}; nothing changed."
    if status is VoteStatus.WITHDRAWN:
        return f"Your vote in {ref} ({before}) is withdrawn."
    return f"You have no vote in {ref} to withdraw."


async def _cast(
    services: Services, club: str, poll_id: int, member_id: str, name: str, change: BallotChange
) -> VoteOutcome:
    outcome = await services.store.write(
        polls.cast_vote, club, poll_id, member_id, name, change, services.clock.now()
    )
    if outcome.status in _REFUSED:
        refusal = _refusal(outcome, await club_zone_name(services, club), services.clock.now())
        raise UserError(refusal or "That vote was not taken.")
    return outcome


def _split_ref(text: str) -> tuple[str, str | None]:
    m = _POLL_REF.search(text.strip())
    if m is None:
        return text, None
    return _POLL_REF.sub(" ", text.strip()).strip(), m.group(1) or m.group(2)


async def vote(services: Services, request: Request) -> Reply:
    text, ref = _split_ref(request.options["choice"])
    poll = await _find(services, request, request.options.get("poll") or ref)
    if not poll.is_open:
        status = VoteStatus.CANCELLED if poll.state is PollState.CANCELLED else VoteStatus.CLOSED
        zone_name = await club_zone_name(services, request.club)
        refusal = _refusal(VoteOutcome(status, poll), zone_name, services.clock.now())
        raise UserError(refusal or "That poll is closed.")
    choices = parse_choices(poll, text)
    if poll.mode is Mode.SINGLE and len(choices) > 1:
        raise UserError(f"Poll #{poll.number} is single choice: pick one film.")
    outcome = await _cast(
        services,
        request.club,
        poll.id,
        request.member.id,
        request.member.name,
        BallotChange(BallotChangeKind.SET, choices),
    )
    return Reply(text=_confirmation(outcome), ephemeral=True)


async def withdraw(services: Services, request: Request) -> Reply:
    poll = await _find(services, request, request.options.get("poll"))
    outcome = await _cast(
        services,
        request.club,
        poll.id,
        request.member.id,
        request.member.name,
        BallotChange(BallotChangeKind.WITHDRAW),
    )
    return Reply(text=_confirmation(outcome), ephemeral=True)


async def results(services: Services, request: Request) -> Reply:
    poll = await _find(services, request, request.options.get("poll"))
    result, ballots = await _tally(services, poll)
    return results_reply(poll, result, ballots, await club_zone(services, request.club))


def _check_owner(poll: Poll, request: Request, verb: str) -> None:
    if request.is_admin or (poll.creator_id is not None and poll.creator_id == request.member.id):
        return
    who = f" ({poll.creator_name})" if poll.creator_name else ""
    raise UserError(
        f"Only the member who started poll #{poll.number}{who} or a club admin can {verb} it."
    )


def _not_open(poll: Poll) -> UserError:
    return UserError(f"Poll #{poll.number} is already {poll.state.value}.")


async def close(services: Services, request: Request) -> Reply:
    poll = await _find(services, request, request.options.get("poll"))
    _check_owner(poll, request, "close")
    if not poll.is_open:
        raise _not_open(poll)
    # Closed elsewhere than its own channel, the result is also promised there, in the
    # same transaction as the close.
    done = await services.store.write(
        close_and_announce,
        poll.id,
        services.clock.now(),
        False,
        await club_zone_name(services, request.club),
        poll.channel != request.channel,
        services.settings.reminder_minutes,
    )
    if done is None:
        fresh = await services.store.read(polls.load_poll, poll.id)
        raise _not_open(fresh or poll)
    poke(services)
    delivery.notify(services)  # the result elsewhere, or the winner's screening
    return done[1].reply


async def cancel(services: Services, request: Request) -> Reply:
    poll = await _find(services, request, request.options.get("poll"))
    _check_owner(poll, request, "cancel")
    if not poll.is_open:
        raise _not_open(poll)
    cancelled = await services.store.write(
        _cancel_and_refresh,
        poll.id,
        services.clock.now(),
        await club_zone(services, request.club),
    )
    if not cancelled:
        fresh = await services.store.read(polls.load_poll, poll.id)
        raise _not_open(fresh or poll)
    poke(services)
    delivery.notify(services)  # the poll's messages lose their buttons
    return Reply(
        text=f"Poll #{poll.number} was cancelled by {request.member.name};"
        " its ballots will not be counted."
    )


def _edit_refusal(edit: OptionEdit, fallback: Poll) -> UserError:
    poll = edit.poll or fallback
    ref = f"Poll #{poll.number}"
    status = edit.status
    if status is EditStatus.UNKNOWN:
        return UserError("That poll does not exist in this club.")
    if status is EditStatus.NOT_OPEN:
        state = poll.state.value if not poll.is_open else "closed"
        return UserError(f"{ref} is {state}; its films can no longer change.")
    if status is EditStatus.DUPLICATE and edit.option is not None:
        return UserError(f"{edit.option.label} is already option {edit.option.position} of {ref}.")
    if status is EditStatus.FULL:
        return UserError(f"{ref} already has {polls.MAX_OPTIONS} films, the most a poll can hold.")
    if status is EditStatus.TOO_FEW:
        return UserError(
            f"{ref} has only {polls.MIN_OPTIONS} films; a poll needs at least"
            f" {polls.MIN_OPTIONS}. Cancel it instead: `/poll cancel #{poll.number}`."
        )
    return UserError(f"That is not an option of {ref}.")


async def _updated_message(services: Services, request: Request, poll: Poll, line: str) -> Reply:
    result, _ = await _tally(services, poll)
    message = poll_message(poll, result, await club_zone(services, request.club))
    return message.with_(text=f"{line}\n{message.text}")


def _add_and_refresh(
    conn: sqlite3.Connection,
    club: str,
    poll_id: int,
    option: NewOption,
    now: datetime,
    zone: ZoneInfo,
) -> OptionEdit:
    """Add the film and, in the same transaction, promise the edit of the poll's messages."""
    edit = polls.add_option(conn, club, poll_id, option, now)
    if edit.status is EditStatus.ADDED and edit.poll is not None:
        promise_refresh(conn, edit.poll, zone, now)
    return edit


def _remove_and_refresh(
    conn: sqlite3.Connection,
    club: str,
    poll_id: int,
    option_id: int,
    by_name: str,
    now: datetime,
    zone: ZoneInfo,
) -> OptionEdit:
    """Remove the film and, in the same transaction, promise the edit of the poll's messages."""
    edit = polls.remove_option(conn, club, poll_id, option_id, by_name, now)
    if edit.status is EditStatus.REMOVED and edit.poll is not None:
        promise_refresh(conn, edit.poll, zone, now)
    return edit


def _cancel_and_refresh(
    conn: sqlite3.Connection, poll_id: int, now: datetime, zone: ZoneInfo
) -> bool:
    """Cancel the poll and, in the same transaction, promise the edit of its messages."""
    if not polls.cancel_poll(conn, poll_id, now):
        return False
    cancelled = polls.load_poll(conn, poll_id)
    if cancelled is not None:
        promise_refresh(conn, cancelled, zone, now)
    return True


async def add_option(services: Services, request: Request) -> Reply:
    text, ref = _split_ref(request.options["title"])
    poll = await _find(services, request, request.options.get("poll") or ref)
    if not poll.open_options:
        try:
            _check_owner(poll, request, "add films to")
        except UserError as exc:
            raise UserError(
                f"{exc.message} Polls started with `open` take films from every member."
            ) from None
    if not text.strip():
        raise UserError("Name the film to add: `/poll add Alien`.")
    option = await _resolve_title(services, text.strip(), "poll add {film}", request.chosen)
    edit = await services.store.write(
        _add_and_refresh,
        request.club,
        poll.id,
        option,
        services.clock.now(),
        await club_zone(services, request.club),
    )
    if edit.status is not EditStatus.ADDED or edit.poll is None or edit.option is None:
        raise _edit_refusal(edit, poll)
    poke(services)
    delivery.notify(services)  # the poll's messages posted earlier show the new film
    line = (
        f"{request.member.name} added {edit.option.label} to poll #{poll.number}"
        f" as option {edit.option.position}."
    )
    return await _updated_message(services, request, edit.poll, line)


async def remove_option(services: Services, request: Request) -> Reply:
    text, ref = _split_ref(request.options["option"])
    poll = await _find(services, request, request.options.get("poll") or ref)
    _check_owner(poll, request, "remove films from")
    if not poll.is_open:
        raise _edit_refusal(OptionEdit(EditStatus.NOT_OPEN, poll), poll)
    choices = parse_choices(poll, text)
    if len(choices) != 1:
        raise UserError("Name one film to remove, by its number or title.")
    edit = await services.store.write(
        _remove_and_refresh,
        request.club,
        poll.id,
        choices[0],
        request.member.name,
        services.clock.now(),
        await club_zone(services, request.club),
    )
    if edit.status is not EditStatus.REMOVED or edit.poll is None or edit.option is None:
        raise _edit_refusal(edit, poll)
    poke(services)
    delivery.notify(services)  # the poll's messages posted earlier lose the film
    changed = edit.removal.members if edit.removal is not None else ()
    line = f"{request.member.name} removed {edit.option.label} from poll #{poll.number}."
    if changed:
        line += (
            f" {len(changed)} ballot{'' if len(changed) == 1 else 's'} named it;"
            " `/poll results` shows whose and what changed."
        )
    return await _updated_message(services, request, edit.poll, line)


def describe_weekly(schedule: WeeklySchedule) -> str:
    zone = zone_named(schedule.zone)
    parts = [
        f"every {DAYS[schedule.weekday].capitalize()} at"
        f" {schedule.hour:02d}:{schedule.minute:02d} ({schedule.zone})",
        f"open for {describe_span(schedule.duration)}",
        f"up to {schedule.size} films from the watchlist",
        schedule.mode.label,
    ]
    if schedule.anonymous:
        parts.append("anonymous")
    if schedule.hidden:
        parts.append("results hidden until close")
    return Rich(
        f"Weekly poll: {', '.join(parts)}; announced in {schedule.channel}. Next opens ",
        Timestamp(schedule.next_open_at, zone),
        ".",
    )


def _weekly_time(request: Request) -> tuple[time, str | None]:
    words = f"{request.options.get('time', '')} {request.options.get('timezone', '')}".split()
    if not words:
        raise UserError("Give a time too: `/poll weekly fri 19:00 Europe/Paris`.")
    at = parse_clock(words[0])
    if at is None:
        raise UserError(f"`{words[0]}` is not a time of day; use 24-hour HH:MM such as 19:00.")
    if len(words) > 2:
        raise UserError(
            f"I did not understand `{' '.join(words[2:])}`. Usage: {WEEKLY.usage('poll weekly')}"
        )
    return at, words[1] if len(words) == 2 else None


async def weekly(services: Services, request: Request) -> Reply:
    day = request.options["day"]
    if day == "show":
        found = await services.store.read(polls.weekly_for, request.club)
        return Reply(text=describe_weekly(found) if found else "No weekly poll is set.")
    if day == "off":
        removed = await services.store.write(polls.delete_weekly, request.club)
        poke(services)
        return Reply(text="The weekly poll is off." if removed else "No weekly poll was set.")
    weekday = weekday_number(day)
    assert weekday is not None
    at, zone_text = _weekly_time(request)
    zone_name = zone_text or await club_zone_name(services, request.club)
    zone = zone_named(zone_name)
    span = DEFAULT_DURATION
    if request.options.get("duration"):
        parsed = parse_span(request.options["duration"])
        if parsed is None:
            raise UserError("A weekly poll's duration is a length such as 2d, 36h or 1d12h.")
        span = check_span(parsed, MAX_WEEKLY_DURATION)
    now = services.clock.now()
    schedule = await services.store.write(
        polls.set_weekly,
        WeeklyInput(
            club=request.club,
            channel=request.channel,
            weekday=weekday,
            hour=at.hour,
            minute=at.minute,
            zone=zone.key,
            duration=span,
            size=_poll_size(services, request.options.get("size")),
            mode=Mode(request.options.get("mode", Mode.SINGLE.value)),
            anonymous=bool(request.options.get("anonymous", False)),
            hidden=bool(request.options.get("hidden", False)),
            next_open_at=next_occurrence(weekday, at, zone, now),
            member_id=request.member.id,
            member_name=request.member.name,
            created_at=now,
        ),
    )
    poke(services)
    return Reply(text=Rich("Set. ", describe_weekly(schedule)))


async def complete_polls(services: Services, club: str, prefix: str, limit: int = 25) -> list[str]:
    """Open polls for autocomplete, newest first: ``#3 What should we watch next?``."""
    wanted = prefix.strip().lstrip("#").lower()
    found = await services.store.read(polls.open_polls, club)
    labels = [
        f"#{number} {question}"
        for number, question in found
        if not wanted or str(number).startswith(wanted) or wanted in question.lower()
    ]
    return labels[:limit]


async def poll_action(services: Services, action: ActionRequest) -> ActionResult:
    """``poll:vote:<poll>:<option>``, ``poll:withdraw:<poll>``, ``poll:rank:<poll>``."""
    parts = action.action_id.split(":")
    try:
        verb, poll_id = parts[1], _small_id(parts[2])
        if verb == "vote" and len(parts) == 4:
            change = BallotChange(BallotChangeKind.TOGGLE, (_small_id(parts[3]),))
        elif verb == "withdraw" and len(parts) == 3:
            change = BallotChange(BallotChangeKind.WITHDRAW)
        elif verb == "rank" and len(parts) == 3:
            change = BallotChange(BallotChangeKind.SET, tuple(_small_id(v) for v in action.values))
        else:
            raise ValueError(verb)
    except (IndexError, ValueError):
        return ActionResult(error_reply("That button is no longer in use."))
    outcome = await services.store.write(
        polls.cast_vote,
        action.club,
        poll_id,
        action.member.id,
        action.member.name,
        change,
        services.clock.now(),
    )
    poll = outcome.poll
    refresh = None
    if poll is not None and not (poll.hidden and poll.is_open):
        result, _ = await _tally(services, poll)
        refresh = poll_message(poll, result, await club_zone(services, action.club))
    refusal = _refusal(outcome, await club_zone_name(services, action.club), services.clock.now())
    if outcome.status is VoteStatus.INVALID and poll is not None:
        offered = {o.id for o in poll.options}
        if any(c not in offered for c in change.choices):
            refusal = (
                f"That film is no longer an option of Poll #{poll.number};"
                " the poll message now shows the current films."
            )
    if refusal is not None:
        return ActionResult(error_reply(refusal), refresh)
    return ActionResult(Reply(text=_confirmation(outcome), ephemeral=True), refresh)


START = Command(
    "start",
    "Start a poll: 2–10 titles separated by |, or none to take films from the watchlist",
    options=(
        Option("mode", "how members vote (default: single)", OptionKind.CHOICE, choices=_MODES),
        Option(
            "duration",
            "how long it stays open: 2d, 36h, 90m, until fri 18:00 (default 3d)",
            OptionKind.DURATION,
        ),
        Option(
            "options",
            "titles separated by | (none: from the watchlist)",
            OptionKind.LIST,
            max_length=120,
        ),
        Option(
            "question",
            "the question (text: a first item ending in ?)",
            keyword_only=True,
            max_length=200,
        ),
        Option(
            "size",
            "how many watchlist films to offer (2–10)",
            OptionKind.INTEGER,
            keyword_only=True,
        ),
        Option("anonymous", "never show who voted for what", OptionKind.BOOLEAN, flag=True),
        Option("hidden", "hide the results until the poll closes", OptionKind.BOOLEAN, flag=True),
        Option("open", "let every member add films", OptionKind.BOOLEAN, flag=True),
    ),
    handler=asks_which_film(start),
    examples=(
        "/poll start Alien | Heat | Her 2d",
        "/poll start",
        "/poll start ranked anonymous Friday film? | Alien | Heat | Her until fri 18:00",
        "/poll start approval hidden 36h size:6",
        "/poll start open Alien | Heat 2d",
    ),
)

ADD = Command(
    "add",
    "Add a film to an open poll (its creator or an admin; any member if it was started `open`)",
    options=(
        Option("title", "the film to add", OptionKind.FILM, required=True, max_length=120),
        Option(POLL_OPTION.name, POLL_OPTION.help, OptionKind.POLL, keyword_only=True),
    ),
    handler=asks_which_film(add_option),
    examples=("/poll add Alien", "/poll add The Third Man #3"),
)

REMOVE = Command(
    "remove",
    "Remove a film from an open poll; ballots that named it are adjusted (creator or admin)",
    options=(
        Option("option", "the film's number or title", required=True, greedy=True, max_length=120),
        Option(POLL_OPTION.name, POLL_OPTION.help, OptionKind.POLL, keyword_only=True),
    ),
    handler=remove_option,
    examples=("/poll remove Heat", "/poll remove 2 #3"),
)

VOTE = Command(
    "vote",
    "Vote, or change your vote: a title or number; ranked polls: best first, e.g. 2>1>3",
    options=(
        Option(
            "choice", "title or number (ranked: 2>1>3, approval: 1|3)", required=True, greedy=True
        ),
        Option(POLL_OPTION.name, POLL_OPTION.help, OptionKind.POLL, keyword_only=True),
    ),
    handler=vote,
    examples=(
        "/poll vote Heat",
        "/poll vote 2 #3",
        "/poll vote Her > Alien > Heat",
        "/poll vote 1|3",
    ),
)

WITHDRAW = Command(
    "withdraw",
    "Withdraw your vote while the poll is open",
    options=(POLL_OPTION,),
    handler=withdraw,
    examples=("/poll withdraw", "/poll withdraw #3"),
)

RESULTS = Command(
    "results",
    "Show a poll's results (only ballot counts while a hidden poll is open)",
    options=(POLL_OPTION,),
    handler=results,
    examples=("/poll results", "/poll results #3"),
)

CLOSE = Command(
    "close",
    "Close a poll now and announce the winner (its creator or an admin)",
    options=(POLL_OPTION,),
    handler=close,
    checks_admin=True,
    examples=("/poll close", "/poll close #3"),
)

CANCEL = Command(
    "cancel",
    "Cancel a poll without a result (its creator or an admin)",
    options=(POLL_OPTION,),
    handler=cancel,
    checks_admin=True,
    examples=("/poll cancel #3",),
)

WEEKLY = Command(
    "weekly",
    "Open a poll from the watchlist every week at a local time; off; show",
    options=(
        Option(
            "day",
            "weekday, or off / show",
            OptionKind.CHOICE,
            required=True,
            choices=(*DAY_ABBREVIATIONS, "off", "show"),
        ),
        Option("time", "local time, 24-hour HH:MM", max_length=40),
        Option(
            "timezone", "IANA time zone such as Europe/Paris (default: the club's)", max_length=64
        ),
        Option(
            "duration",
            "how long each poll stays open, at most 7d (default 3d)",
            OptionKind.DURATION,
        ),
        Option("size", "how many watchlist films to offer (2–10)", OptionKind.INTEGER),
        Option("mode", "how members vote (default: single)", OptionKind.CHOICE, choices=_MODES),
        Option("anonymous", "never show who voted for what", OptionKind.BOOLEAN, flag=True),
        Option("hidden", "hide the results until each poll closes", OptionKind.BOOLEAN, flag=True),
    ),
    handler=weekly,
    admin_only=True,
    examples=(
        "/poll weekly fri 19:00 Europe/Paris 2d 5",
        "/poll weekly sun 18:30 1d ranked",
        "/poll weekly show",
        "/poll weekly off",
    ),
)

POLL_COMMAND = Command(
    "poll",
    "Club polls: what do we watch next?",
    subcommands=(START, VOTE, WITHDRAW, RESULTS, ADD, REMOVE, CLOSE, CANCEL, WEEKLY),
)

POLL_ACTIONS: dict[str, ActionHandler] = {"poll": poll_action}
