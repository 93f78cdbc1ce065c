""" "Which *Heat*?" with a button per film, for every command that takes a typed title.

A command whose title names several films answers with the question and a button
for each film. The command waits in the store (its options, the films offered,
who asked) under a random token; a button carries only ``film-choose:<token>:<n>``.
Clicking it runs the command again with that film, once: a second click, a click
after :data:`CHOICE_TTL`, or a click by another member gets a clear short reply.
What the command would have said in the channel is posted there.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bot import delivery
from bot.catalog.resolve import Ambiguous, picked_film
from bot.commands.spec import Handler
from bot.errors import UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Announcement,
    Button,
    Reply,
    Request,
    Rich,
    error_reply,
)
from bot.outbound import promise
from bot.services import Services
from bot.store import choices as store_choices
from bot.store.choices import Offered, PendingChoice

log = logging.getLogger(__name__)

CHOOSE = "film-choose"
CHOICE_TTL = timedelta(minutes=30)
MAX_BUTTONS = 5
_ACTION = re.compile(rf"{CHOOSE}:([A-Za-z0-9_-]{{8,32}}):(\d)")
GONE = "That question has expired or was already answered; run the command again."


def asks_which_film(handler: Handler) -> Handler:
    """``handler``, answering "Which …?" with a button per film instead of text alone."""

    async def run(services: Services, request: Request) -> Reply:
        try:
            return await handler(services, request)
        except Ambiguous as question:
            if not question.query or not question.candidates:
                raise
            return await _ask(services, request, question)

    return run


def _plain(options: Mapping[str, Any]) -> dict[str, Any]:
    """Options as JSON keeps them (typed text, numbers, yes/no, lists)."""
    out: dict[str, Any] = {}
    for name, value in options.items():
        if isinstance(value, str | int | float | bool):
            out[name] = value
        elif isinstance(value, tuple | list) and all(isinstance(v, str) for v in value):
            out[name] = list(value)
        else:
            raise TypeError(f"option {name} cannot wait for a choice")
    return out


async def _ask(services: Services, request: Request, question: Ambiguous) -> Reply:
    offered = question.candidates[:MAX_BUTTONS]
    try:
        options = _plain(request.options)
    except TypeError:
        return Reply(text=question.message, ephemeral=True, error=True)
    token = secrets.token_urlsafe(12)
    pending = PendingChoice(
        token=token,
        club=request.club,
        channel=request.channel,
        member_id=request.member.id,
        member_name=request.member.name,
        command=request.command,
        options=options,
        title=question.query,
        offered=tuple(Offered(question.source, c.id, c.label) for c in offered),
        created_at=services.clock.now(),
        chosen=dict(request.chosen),
    )
    await services.store.write(store_choices.save_choice, pending, CHOICE_TTL)
    buttons = tuple(
        Button(c.label[:80], f"{CHOOSE}:{token}:{n}", command=question.line_for(c))
        for n, c in enumerate(offered)
    )
    return Reply(text=question.message, buttons=buttons, ephemeral=True, error=True)


async def choose_action(services: Services, action: ActionRequest) -> ActionResult:
    """A film picked under "Which …?": the waiting command runs with it."""
    m = _ACTION.fullmatch(action.action_id)
    if m is None:
        return ActionResult(error_reply("That button is no longer in use."))
    token, number = m.group(1), int(m.group(2))
    waiting = await services.store.read(store_choices.choice, token)
    if (
        waiting is None
        or waiting.club != action.club
        or services.clock.now() - waiting.created_at > CHOICE_TTL
    ):
        return ActionResult(error_reply(GONE))
    if waiting.member_id != action.member.id:
        return ActionResult(
            error_reply(
                f"That question is {waiting.member_name}'s, about their `/{waiting.command}`;"
                " run the command yourself to choose."
            )
        )
    if number >= len(waiting.offered):
        return ActionResult(error_reply("That button is no longer in use."))
    taken = await services.store.write(store_choices.take_choice, token, action.member.id)
    if taken is None:
        return ActionResult(error_reply(GONE))
    offered = taken.offered[number]
    film = await picked_film(services, offered.source, offered.film_id)
    reply = await _run_again(services, action, taken, film.id)
    picked = Reply(text=f"{taken.title} → {film.label}.")
    if reply.ephemeral or reply.error:
        return ActionResult(reply, refresh=picked)
    announced = reply
    if not str(reply.text).startswith(action.member.name):
        announced = reply.with_(text=Rich(f"{action.member.name}: ", reply.text))
    await services.store.write(
        promise, Announcement(taken.club, taken.channel, announced), services.clock.now()
    )
    delivery.notify(services)
    return ActionResult(Reply(), refresh=picked.with_(text=f"{picked.text} Posted in the channel."))


async def _run_again(
    services: Services, action: ActionRequest, waiting: PendingChoice, film_id: int
) -> Reply:
    from bot.commands import COMMANDS
    from bot.dispatch import coerce_options

    cmd = COMMANDS.resolve(waiting.command)
    if cmd is None or cmd.handler is None:
        return error_reply(GONE)
    try:
        if cmd.admin_only and not action.is_admin:
            raise UserError(f"Only club admins can use `/{waiting.command}`.")
        options = coerce_options(cmd, waiting.options, waiting.command)
        request = Request(
            club=waiting.club,
            channel=waiting.channel,
            member=action.member,
            command=waiting.command,
            options=options,
            is_admin=action.is_admin,
            chosen={**waiting.chosen, waiting.title: film_id},
        )
        return await cmd.handler(services, request)
    except UserError as exc:
        return error_reply(exc.message)


CHOICE_ACTIONS = {CHOOSE: choose_action}
