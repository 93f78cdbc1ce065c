"""The one path every adapter takes: request in, reply out."""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from bot.commands.spec import Command, CommandSet, Option, OptionKind, parse_bool
from bot.errors import StorageError, UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Attachment,
    Member,
    Reply,
    Request,
    error_reply,
)
from bot.plaintext import BROKEN_TEXT, has_broken_text, mend, strip_invisible
from bot.services import Services
from bot.textparse import parse_line

log = logging.getLogger(__name__)

MAX_LINE = 4500  # room for a 4,000-character review with its title and score
DEFAULT_MAX_LENGTH = 200
# Whole numbers beyond this are refused (SQLite stores at most 64-bit integers).
MAX_INTEGER = 10**12
LONG_NUMBER = re.compile(r"^#?(\d{10,})")
# Unicode's control characters (category Cc): C0, DEL and C1.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
TROUBLE = "Something went wrong on my side; nothing was saved. Please try again."


def _check_text(opt: Option, value: str) -> str:
    value = unicodedata.normalize("NFC", strip_invisible(value)).strip()
    if _CONTROL.search(value):
        raise UserError(f"`{opt.name}` contains control characters; use plain text.")
    limit = opt.max_length or DEFAULT_MAX_LENGTH
    if len(value) > limit:
        raise UserError(f"`{opt.name}` is too long: {len(value)} characters, at most {limit}.")
    return value


def coerce_options(cmd: Command, raw: Mapping[str, Any], path: str | None = None) -> dict[str, Any]:
    """Check and convert option values; raise UserError naming the problem.

    ``path`` is the command's full path (``poll vote``), shown in usage lines.
    """
    out: dict[str, Any] = {}
    for name in raw:
        if cmd.option(name) is None:
            raise UserError(f"`{name}` is not an option of this command. Usage: {cmd.usage(path)}")
    for opt in cmd.options:
        value = raw.get(opt.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if opt.required:
                raise UserError(f"Missing `{opt.name}`: {opt.help}. Usage: {cmd.usage(path)}")
            continue
        out[opt.name] = _coerce(opt, value)
    return out


def _coerce(opt: Option, value: Any) -> Any:
    if opt.kind is OptionKind.ATTACHMENT:
        if isinstance(value, Attachment):
            return value
        raise UserError(
            f"`{opt.name}` must be a file attached to the command; typed text cannot carry one."
        )
    if opt.kind is OptionKind.LIST:
        items = (value,) if isinstance(value, str) else tuple(value)
        return tuple(_check_text(opt, str(v)) for v in items if str(v).strip())
    if opt.kind is OptionKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        parsed = parse_bool(str(value))
        if parsed is None:
            raise UserError(f"`{opt.name}` must be yes or no.")
        return parsed
    if opt.kind is OptionKind.INTEGER:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_INTEGER:
            return value
        try:
            number = float(str(value).strip())
        except ValueError:
            raise UserError(f"`{opt.name}` must be a whole number, not `{value}`.") from None
        if not math.isfinite(number) or number != int(number):
            raise UserError(f"`{opt.name}` must be a whole number, not `{value}`.")
        if abs(number) > MAX_INTEGER:
            raise UserError(f"`{opt.name}` is far too large: `{_short(str(value))}`.")
        return int(number)
    text = _check_text(opt, str(value))
    if opt.kind is OptionKind.POLL and (big := LONG_NUMBER.match(text)):
        raise UserError(f"There is no poll #{_short(big.group(1))} in this club.")
    if opt.kind is OptionKind.CHOICE:
        for choice in opt.choices:
            if choice.lower() == text.lower():
                return choice
        raise UserError(f"`{opt.name}` must be one of: {', '.join(opt.choices)}.")
    return text


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Dispatcher:
    """Runs commands and actions for every adapter, turning failures into short replies."""

    def __init__(self, services: Services, commands: CommandSet | None = None) -> None:
        if commands is None:
            from bot.commands import COMMANDS

            commands = COMMANDS
        self.services = services
        self.commands = commands

    async def dispatch(self, request: Request) -> Reply:
        if has_broken_text(request.command) or has_broken_text(dict(request.options)):
            return error_reply(BROKEN_TEXT)
        names = (request.member.id, request.member.name, request.club, request.channel)
        if has_broken_text(names) or has_broken_text(request.club_name):
            request = replace(
                request,
                member=Member(mend(request.member.id), mend(request.member.name)),
                club=mend(request.club),
                channel=mend(request.channel),
                club_name=mend(request.club_name),
            )
        cmd = self.commands.resolve(request.command)
        if cmd is None or cmd.handler is None:
            return error_reply(f"Unknown command `/{request.command}`. `/help` lists the commands.")
        try:
            if cmd.admin_only and not request.is_admin:
                raise UserError(f"Only club admins can use `/{request.command}`.")
            options = coerce_options(cmd, request.options, request.command)
            return await cmd.handler(self.services, replace(request, options=options))
        except UserError as exc:
            return error_reply(exc.message)
        except StorageError as exc:
            log.warning("/%s failed: %s", request.command, exc.cause)
            return error_reply(exc.message)
        except Exception:
            log.exception("command /%s failed", request.command)
            return error_reply(TROUBLE)

    async def dispatch_text(
        self,
        line: str,
        *,
        club: str,
        channel: str,
        member: Member,
        is_admin: bool = False,
        club_name: str = "",
    ) -> Reply:
        """Parse a text command (``/rate "Her" 9 lovely``) and run it."""
        if has_broken_text(line):
            return error_reply(BROKEN_TEXT)
        line = strip_invisible(line)
        if len(line) > MAX_LINE:
            return error_reply(
                f"That line is too long ({len(line)} characters, at most {MAX_LINE})."
            )
        try:
            parsed = parse_line(line, self.commands)
        except UserError as exc:
            return error_reply(exc.message)
        request = Request(
            club=club,
            channel=channel,
            member=member,
            command=parsed.path,
            options=parsed.options,
            is_admin=is_admin,
            club_name=club_name,
        )
        return await self.dispatch(request)

    async def act(self, action: ActionRequest) -> ActionResult:
        if has_broken_text(action.action_id) or has_broken_text(action.values):
            return ActionResult(error_reply(BROKEN_TEXT))
        action = replace(action, member=Member(mend(action.member.id), mend(action.member.name)))
        handler = self.commands.action_handler(action.action_id)
        if handler is None:
            return ActionResult(error_reply("That button is no longer in use."))
        try:
            return await handler(self.services, action)
        except UserError as exc:
            return ActionResult(error_reply(exc.message))
        except StorageError as exc:
            log.warning("action %s failed: %s", action.action_id, exc.cause)
            return ActionResult(error_reply(exc.message))
        except Exception:
            log.exception("action %s failed", action.action_id)
            return ActionResult(error_reply(TROUBLE))

    async def complete(
        self, club: str, kind: OptionKind, prefix: str, limit: int = 25
    ) -> list[str]:
        """Suggestions for an option being typed (film titles, topics, open polls)."""
        from bot.completion import complete

        try:
            return await complete(self.services, club, kind, prefix, limit)
        except Exception:
            log.exception("autocomplete for %s failed", kind.value)
            return []
