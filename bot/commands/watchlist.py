"""``/watchlist``: the films the club wants to see, which polls draw from."""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalog.resolve import resolve_or_title, upgrade_bare_titles
from bot.commands.choices import asks_which_film
from bot.commands.spec import Command, Option, OptionKind
from bot.errors import AmbiguousTitle, UnknownTitle, UserError
from bot.films import find_film
from bot.messages import Reply, Request
from bot.polls.localtime import format_date
from bot.polls.matching import item_key, match_entry
from bot.polls.models import AddStatus, WatchEntry, WatchInput
from bot.polls.zones import club_zone
from bot.services import Services
from bot.store import clubs, films
from bot.store import watchlist as store_watchlist

MAX_LIST_LINES = 50


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _shown(entry: WatchEntry) -> str:
    return f"“{entry.title}” (title only)" if entry.plain else entry.title


async def _title_key(services: Services, title: str) -> tuple[str, str, int | None, bool]:
    """(key, label, film id, known) for a title: a film in the library, else the plain title."""
    try:
        film = await find_film(services.store, title)
    except UnknownTitle:
        return item_key(None, title), title, None, False
    return item_key(film.id, film.title), film.label, film.id, True


async def _resolved_key(
    services: Services, title: str, chosen: Mapping[str, int]
) -> tuple[str, str, int | None, bool]:
    """Like :func:`_title_key`, but the catalog is asked too: a bare title only while
    it is off or not answering."""
    film = await resolve_or_title(services, title, command="watchlist add", chosen=chosen)
    if film is None:
        return item_key(None, title), title, None, False
    return item_key(film.id, film.title), film.label, film.id, True


async def add(services: Services, request: Request) -> Reply:
    key, label, film_id, known = await _resolved_key(
        services, request.options["title"], request.chosen
    )
    outcome = await services.store.write(
        store_watchlist.add_entry,
        WatchInput(
            club=request.club,
            key=key,
            title=label,
            film_id=film_id,
            member_id=request.member.id,
            member_name=request.member.name,
            added_at=services.clock.now(),
        ),
    )
    zone = await club_zone(services, request.club)
    entry = outcome.entry
    if outcome.status is AddStatus.DUPLICATE:
        by = f" by {entry.added_by_name}" if entry.added_by_name else ""
        chosen = f", chosen in poll #{entry.chosen_poll}" if entry.chosen_at else ""
        raise UserError(
            f"{_shown(entry)} is already on the watchlist"
            f" (added{by} on {format_date(entry.added_at, zone)}{chosen})."
        )
    if outcome.status is AddStatus.READDED and outcome.previous is not None:
        watched = outcome.previous.watched_at
        when = f" on {format_date(watched, zone)}" if watched else ""
        return Reply(text=f"{label} was watched{when}; it is back on the watchlist.")
    if not known:
        return Reply(
            text=f"Added “{label}” to the watchlist as a plain title:"
            " it is not in the film library, so /film knows nothing about it."
        )
    return Reply(text=f"Added {label} to the watchlist.")


async def _entry(
    services: Services, request: Request, title: str, include_watched: bool = False
) -> WatchEntry:
    entries = await services.store.read(store_watchlist.entries, request.club, include_watched)
    try:
        key, _, _, known = await _title_key(services, title)
    except AmbiguousTitle:
        # Several films in the library; the watchlist itself may hold just one of them.
        key, known = None, False
    entry = match_entry(entries, title, key if known else None)
    if entry is None:
        raise UserError(f"“{title}” is not on the watchlist. `/watchlist list` shows it.")
    return entry


async def remove(services: Services, request: Request) -> Reply:
    entry = await _entry(services, request, request.options["title"])
    if not request.is_admin and entry.added_by_id != request.member.id:
        who = entry.added_by_name or "someone else"
        raise UserError(f"{_shown(entry)} was added by {who}; only they or an admin can remove it.")
    await services.store.write(store_watchlist.remove_entry, request.club, entry.id)
    return Reply(text=f"Removed {_shown(entry)} from the watchlist.")


async def watched(services: Services, request: Request) -> Reply:
    title = request.options.get("title")
    if title:
        entry = await _entry(services, request, title)
    else:
        current = await services.store.read(clubs.current_film_id, request.club)
        entries = await services.store.read(store_watchlist.entries, request.club)
        key = item_key(current, "") if current is not None else None
        found = [e for e in entries if e.key == key]
        if not found and current is not None:
            film = await services.store.read(films.film_by_id, current)
            bare = item_key(None, film.title) if film is not None else None
            found = [e for e in entries if e.key == bare]
        if not found:
            raise UserError("Which film? e.g. `/watchlist watched Alien`.")
        entry = found[0]
    now = services.clock.now()
    done = await services.store.write(store_watchlist.mark_watched, request.club, entry.id, now)
    if done is None:
        raise UserError(f"{_shown(entry)} is already marked as watched.")
    zone = await club_zone(services, request.club)
    return Reply(
        text=f"Marked {_shown(done)} as watched on {format_date(now, zone)};"
        " it is no longer offered in polls."
    )


def _line(number: int, entry: WatchEntry, zone_date: str) -> str:
    by = f"added by {entry.added_by_name}, " if entry.added_by_name else "added "
    line = f"{number}. {_shown(entry)} — {by}{zone_date}"
    if entry.polls_lost:
        line += f" · lost {_plural(entry.polls_lost, 'poll')}"
    if entry.chosen_at is not None:
        line += f" · chosen in poll #{entry.chosen_poll}"
    return line


async def show(services: Services, request: Request) -> Reply:
    include_watched = bool(request.options.get("all", False))
    await upgrade_bare_titles(services, request.club)
    entries = await services.store.read(store_watchlist.entries, request.club, include_watched)
    if not entries:
        return Reply(text="The watchlist is empty. Add a film with `/watchlist add Alien`.")
    zone = await club_zone(services, request.club)
    waiting = [e for e in entries if e.watched_at is None]
    seen = [e for e in entries if e.watched_at is not None]
    lines = [
        _line(n, e, format_date(e.added_at, zone))
        for n, e in enumerate(waiting[:MAX_LIST_LINES], start=1)
    ]
    if len(waiting) > MAX_LIST_LINES:
        lines.append(f"… and {len(waiting) - MAX_LIST_LINES} more")
    if seen:
        lines.append("Watched:")
        lines.extend(
            f"- {_shown(e)} — watched {format_date(e.watched_at, zone)}"
            for e in seen[-MAX_LIST_LINES:]
            if e.watched_at is not None
        )
    return Reply(
        title=f"Watchlist ({_plural(len(waiting), 'film')} to see)",
        text="\n".join(lines),
        footer="Polls offer the oldest films first. /watchlist watched <title> marks one seen.",
    )


TITLE = Option("title", "film title", OptionKind.FILM, required=True)

WATCHLIST_COMMAND = Command(
    "watchlist",
    "The films the club wants to see; polls draw from it",
    subcommands=(
        Command(
            "add",
            "Add a film, looked up in the film catalog if the library does not have it",
            options=(TITLE,),
            handler=asks_which_film(add),
            examples=("/watchlist add Alien", "/watchlist add The Third Man 1949"),
        ),
        Command(
            "remove",
            "Remove a film (the member who added it, or an admin)",
            options=(TITLE,),
            handler=remove,
            checks_admin=True,
            examples=("/watchlist remove Alien",),
        ),
        Command(
            "list",
            "Who added what, and how many polls each film has lost",
            options=(Option("all", "include watched films", OptionKind.BOOLEAN, flag=True),),
            handler=show,
            examples=("/watchlist list", "/watchlist list all"),
        ),
        Command(
            "watched",
            "Mark a film as watched, with today's date (default: the club's current film)",
            options=(Option("title", "film title", OptionKind.FILM),),
            handler=watched,
            examples=("/watchlist watched Alien", "/watchlist watched"),
        ),
    ),
)
