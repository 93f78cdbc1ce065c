"""A slash command's first answer, posted over the guard's kept-alive connections.

discord.py answers an interaction through aiohttp and asks Discord for the message it
created (``with_response``), which it then builds into objects; the bot needs that
message only to remember where a poll was posted. Every other first answer is the
same JSON body discord.py would send, posted by :class:`adapters.http1.Poster`, and
discord.py's interaction is marked answered so that follow-ups and checks work as
before. A file to upload, a proxy, or Discord asking to slow down go discord.py's way.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord.enums import InteractionResponseType
from discord.utils import MISSING, _from_json, _to_json
from discord.webhook.async_ import interaction_message_response_params

from adapters.discord.intake import IntakeGuard
from adapters.discord.render import Outgoing
from adapters.http1 import Answer, PostError

log = logging.getLogger(__name__)


class _Status:
    """What :class:`discord.HTTPException` reads of a response."""

    def __init__(self, answer: Answer) -> None:
        self.status = answer.status
        self.reason = answer.reason


def _error_of(answer: Answer) -> discord.HTTPException:
    try:
        message: Any = _from_json(answer.body.decode("utf-8", "replace")) if answer.body else ""
    except ValueError:
        message = answer.body.decode("utf-8", "replace")
    if not isinstance(message, dict | str):
        message = str(message)
    return discord.HTTPException(_Status(answer), message)  # type: ignore[arg-type]


def body_of(
    interaction: discord.Interaction[Any], message: Outgoing, view: discord.ui.View | None
) -> bytes:
    """The callback body discord.py's ``send_message`` would send for ``message``."""
    flags: Any = MISSING
    if message.ephemeral:
        flags = discord.MessageFlags._from_value(0)
        flags.ephemeral = True
    params = interaction_message_response_params(
        type=InteractionResponseType.channel_message.value,
        content=message.content if message.content is not None else MISSING,
        embeds=message.embeds or MISSING,
        view=view if view is not None else MISSING,
        flags=flags,
        previous_allowed_mentions=interaction._state.allowed_mentions,
    )
    return _to_json(params.payload).encode()


async def send_first(
    guard: IntakeGuard,
    interaction: discord.Interaction[Any],
    message: Outgoing,
    view: discord.ui.View | None,
) -> bool:
    """Answer ``interaction`` with ``message``; False when discord.py must send it.

    Raises :class:`discord.HTTPException` when Discord refuses the answer."""
    if message.image is not None or interaction._state.http.proxy is not None:
        return False
    body = body_of(interaction, message, view)
    try:
        answer = await guard.answer(str(interaction.id), interaction.token, body)
    except PostError as exc:
        log.info("a first answer failed (%s); sending it again through discord.py", exc)
        return False
    if answer.status == 429:
        return False  # discord.py waits as Discord asks, then sends it
    if answer.status >= 300:
        raise _error_of(answer)
    interaction.response._response_type = InteractionResponseType.channel_message
    return True
