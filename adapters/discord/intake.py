"""Turning slash commands away where they enter, before discord.py builds them.

When the bot is overloaded, interactions wait in the gateway connection. Each
one discord.py parses costs an ``Interaction``, a namespace of options, a task
and the command tree's lookup before the adapter can say "busy", and that work
is what falls behind. :class:`IntakeGuard` looks at the raw gateway payload
instead: how late it arrived (from the time in its snowflake id), the command's
path, and the admission pressure. An interaction past Discord's deadline is
left alone (an answer could not land); one admission control turns away gets its
ephemeral busy message in one pre-built request on the guard's own HTTP session;
everything else goes on to discord.py as before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from typing import Any

from discord.http import Route
from discord.utils import _to_json

from adapters.admission import BUSY, Admission, IntakeLag
from adapters.http1 import Answer, Poster, PostError
from bot.commands.spec import Command

log = logging.getLogger(__name__)

DISCORD_EPOCH_MS = 1_420_070_400_000
APPLICATION_COMMAND = 2
SUBCOMMAND_TYPES = (1, 2)  # a subcommand, a subcommand group
CHANNEL_MESSAGE = 4
EPHEMERAL = 64
BUSY_BODY = _to_json(
    {"type": CHANNEL_MESSAGE, "data": {"content": BUSY, "flags": EPHEMERAL}}
).encode()

Parser = Callable[[Any], None]


def snowflake_time(snowflake: int) -> float:
    """The Unix time a Discord id was created at."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


def command_call(data: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """The command an application command payload runs, subcommands included, and the
    values of its options by name."""
    parts = [str(data.get("name") or "")]
    options = data.get("options") or []
    while (
        options and isinstance(options[0], Mapping) and options[0].get("type") in (SUBCOMMAND_TYPES)
    ):
        parts.append(str(options[0].get("name") or ""))
        options = options[0].get("options") or []
    values = {
        str(o["name"]): o.get("value") for o in options if isinstance(o, Mapping) and "name" in o
    }
    return " ".join(parts), values


def command_path(data: Mapping[str, Any]) -> str:
    """The command an application command payload runs, subcommands included."""
    return command_call(data)[0]


class IntakeGuard:
    """Screens ``INTERACTION_CREATE`` payloads before discord.py parses them."""

    def __init__(
        self,
        admission: Admission,
        lag: IntakeLag,
        slow: Mapping[str, Command],
        too_late: float,
        user_agent: str = "",
    ) -> None:
        self.admission = admission
        self.lag = lag
        # The commands that may be slow (heavy for admission), by path.
        self.slow = slow
        self.too_late = too_late
        self.headers = {"Content-Type": "application/json"}
        if user_agent:
            self.headers["User-Agent"] = user_agent
        self.turned_away = 0
        # Interaction callbacks (busy answers here, first answers in the adapter) go
        # over kept-alive connections, far cheaper per request than aiohttp's client.
        self.poster = Poster(timeout=10.0)
        self._sending: set[asyncio.Task[None]] = set()

    def install(self, parsers: dict[str, Parser]) -> None:
        """Put the screen in front of discord.py's own parser."""
        parse = parsers["INTERACTION_CREATE"]

        def parse_interaction_create(data: Any) -> None:
            if not self.screen(data):
                parse(data)

        parsers["INTERACTION_CREATE"] = parse_interaction_create

    def screen(self, data: Mapping[str, Any]) -> bool:
        """True when the interaction was dealt with here (left or told busy)."""
        if data.get("type") != APPLICATION_COMMAND:
            return False
        raw_id, token = data.get("id"), data.get("token")
        if not isinstance(token, str) or not str(raw_id or "").isdigit():
            return False
        lag = self.lag.of(snowflake_time(int(str(raw_id))))
        if lag > self.too_late:
            self.admission.stats.expired += 1
            return True
        pressure = self.admission.pressure(lag)
        if not pressure:
            return False
        path, options = command_call(data.get("data") or {})
        command = self.slow.get(path)
        heavy = command is not None and command.is_slow(options)
        if pressure == 1 and not heavy:
            return False
        self.admission.refused(heavy=heavy)
        self.turned_away += 1
        task = asyncio.ensure_future(self._say_busy(str(raw_id), token))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)
        return True

    async def answer(self, interaction_id: str, token: str, body: bytes) -> Answer:
        """POST an interaction's callback (its first answer); Discord's answer to it."""
        url = f"{Route.BASE}/interactions/{interaction_id}/{token}/callback"
        return await self.poster.post(url, body, self.headers)

    async def _say_busy(self, interaction_id: str, token: str) -> None:
        try:
            answer = await self.answer(interaction_id, token, BUSY_BODY)
        except PostError as exc:
            log.info("could not say busy: %s", exc)
            return
        if answer.status >= 300:
            log.info("Discord refused a busy answer: %s", answer.status)

    async def close(self) -> None:
        """Finish the busy answers under way, then close the session."""
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)
        await self.poster.close()
        self.poster = Poster(timeout=self.poster.timeout)
