"""Turn a core :class:`Reply` into Discord messages that respect Discord's limits.

A reply becomes one or more :class:`Outgoing` messages: text, title, fields,
quote and footer as embeds; the image as a PNG attachment shown inside the last
embed; buttons and the select menu as component rows on the last message.
Errors become plain, ephemeral content. Text that does not fit is split across
embeds and messages; in ``single`` mode (editing a message in place) everything
is kept to one message and the overflow is trimmed.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

import discord

from bot.messages import Button, Image, Reply, Rich, Select, SelectOption, Timestamp, map_times

log = logging.getLogger(__name__)

MAX_CONTENT = 2000
MAX_TITLE = 256
MAX_DESCRIPTION = 4096
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_EMBED_TOTAL = 6000
MAX_EMBEDS = 10
MAX_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
MAX_SELECT_OPTIONS = 25
MAX_BUTTON_LABEL = 80
MAX_OPTION_TEXT = 100
MAX_PLACEHOLDER = 150
MAX_CUSTOM_ID = 100
MAX_ALT_TEXT = 1024

COLOUR = discord.Colour(0xE0A526)
BLANK = "\u200b"
ELLIPSIS = "…"
EMPTY_REPLY = "Done."

Row = tuple[Button, ...] | Select


@dataclass
class Outgoing:
    """One Discord message ready to send: content, embeds, an optional PNG and component rows."""

    content: str | None = None
    embeds: list[discord.Embed] = field(default_factory=list)
    image: Image | None = None
    rows: list[Row] = field(default_factory=list)
    ephemeral: bool = False

    @property
    def filename(self) -> str | None:
        return safe_filename(self.image.filename) if self.image else None

    def files(self) -> list[discord.File]:
        """Fresh file objects (a :class:`discord.File` can be sent only once)."""
        if self.image is None:
            return []
        alt = clip(self.image.alt, MAX_ALT_TEXT) if self.image.alt else None
        return [discord.File(io.BytesIO(self.image.data), filename=self.filename, description=alt)]

    def total_chars(self) -> int:
        return sum(len(e) for e in self.embeds)


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 1:
        return text[:limit]
    return text[: limit - 1].rstrip() + ELLIPSIS


def split_text(text: str, limit: int) -> list[str]:
    """Split into chunks of at most ``limit`` characters, at paragraph, line,
    sentence or word boundaries when one is close enough to the limit."""
    chunks: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _break_point(rest, limit)
        head = rest[:cut].rstrip()
        if not head:
            head, cut = rest[:limit], limit
        chunks.append(head)
        rest = rest[cut:].lstrip()
    if rest:
        chunks.append(rest)
    return chunks


def _break_point(text: str, limit: int) -> int:
    floor = limit // 2
    for sep, keep in (("\n\n", 0), ("\n", 0), (". ", 1), (" ", 0)):
        pos = text.rfind(sep, 0, limit + len(sep) - keep)
        if pos + keep >= floor:
            return pos + keep
    return limit


def safe_filename(name: str) -> str:
    """An attachment name Discord accepts and ``attachment://`` can refer to."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "image"
    if not stem.lower().endswith(".png"):
        stem += ".png"
    return stem[-100:]


def discord_time(stamp: Timestamp) -> str:
    """A time Discord shows in each reader's own zone, and how far off it is."""
    return f"<t:{stamp.unix}:F> (<t:{stamp.unix}:R>)"


def place_times(reply: Reply) -> Reply:
    """Times as Discord timestamp markup. Embed footers show no markup, so a footer
    holding a time becomes the last line of the text instead."""
    footer = reply.footer
    moved = isinstance(footer, Rich) and bool(footer.times)
    reply = map_times(reply, discord_time)
    if moved and reply.footer:
        text = reply.text.rstrip()
        reply = replace(
            reply, text=f"{text}\n\n{reply.footer}" if text else reply.footer, footer=None
        )
    return reply


def render(reply: Reply, *, single: bool = False) -> list[Outgoing]:
    """The Discord messages for ``reply``; exactly one when ``single``."""
    reply = place_times(reply)
    ephemeral = reply.ephemeral or reply.error
    if reply.error:
        # A refusal may offer the ways out as buttons ("Which Heat?").
        question = reply.with_(buttons=(), select=None)
        text = question.plain_text().strip() or "Something went wrong."
        rows = _component_rows(reply)[:MAX_ROWS]
        return [Outgoing(content=clip(text, MAX_CONTENT), rows=rows, ephemeral=True)]

    footer = clip(reply.footer, MAX_FOOTER) if reply.footer else None
    reserve = len(footer) if footer else 0
    embeds = _body_embeds(reply, reserve)
    rows = _component_rows(reply)

    if not embeds and reply.image is not None:
        embeds = [discord.Embed(colour=COLOUR)]
    if not embeds and footer:
        embeds = [discord.Embed(colour=COLOUR)]

    groups = _pack(embeds, reserve)
    if single and len(groups) > 1:
        groups = [groups[0]]
        _mark_truncated(groups[0], reserve)

    messages = [Outgoing(embeds=group, ephemeral=ephemeral) for group in groups]
    if not messages:
        messages = [Outgoing(ephemeral=ephemeral)]

    if reply.thumbnail_url and messages[0].embeds:
        messages[0].embeds[0].set_thumbnail(url=reply.thumbnail_url)

    last = messages[-1]
    if last.embeds:
        tail = last.embeds[-1]
        if footer:
            tail.set_footer(text=footer)
        if reply.image is not None:
            last.image = reply.image
            tail.set_image(url=f"attachment://{safe_filename(reply.image.filename)}")

    if rows:
        first_rows, more = rows[:MAX_ROWS], rows[MAX_ROWS:]
        last.rows = first_rows
        if more and single:
            log.warning("dropping %d component rows that do not fit one message", len(more))
        elif more:
            for start in range(0, len(more), MAX_ROWS):
                messages.append(Outgoing(rows=more[start : start + MAX_ROWS], ephemeral=ephemeral))

    for message in messages:
        if not message.embeds and not message.rows and message.content is None:
            message.content = EMPTY_REPLY
    return messages


def _new_embed(title: str | None = None, description: str | None = None) -> discord.Embed:
    return discord.Embed(title=title, description=description, colour=COLOUR)


def _body_embeds(reply: Reply, reserve: int) -> list[discord.Embed]:
    embeds: list[discord.Embed] = []
    title = clip(reply.title.strip(), MAX_TITLE) if reply.title and reply.title.strip() else None
    chunks = split_text(reply.text, MAX_DESCRIPTION) if reply.text.strip() else []

    if title or chunks:
        embeds.append(_new_embed(title, chunks[0] if chunks else None))
        embeds.extend(_new_embed(None, chunk) for chunk in chunks[1:])

    if reply.quote is not None:
        quote = reply.quote
        tail = f"\n— {discord.utils.escape_markdown(quote.attribution())}"
        if quote.url:
            tail += f"\n{quote.url}"
        tail = clip(tail, MAX_DESCRIPTION // 2)
        body = discord.utils.escape_markdown(quote.text.strip())
        if quote.spoiler:
            # Discord's own spoiler markup: hidden until the reader clicks it.
            body = clip(body, MAX_DESCRIPTION - len(tail) - 8)
            text = f"||“{body}”||"
        else:
            text = clip(f"“{body}", MAX_DESCRIPTION - len(tail) - 1) + "”"
        embeds.append(_new_embed(None if embeds else title, text + tail))

    budget = MAX_EMBED_TOTAL - reserve
    # The last embed's field count and length, kept here: asking the embed builds
    # every field again, for each field added.
    count = size = 0
    if reply.fields and embeds:
        count, size = len(embeds[-1].fields), len(embeds[-1])
    for f in reply.fields:
        name = clip(f.name.strip(), MAX_FIELD_NAME) or BLANK
        value = clip(f.value.strip(), MAX_FIELD_VALUE) or BLANK
        if not embeds:
            embeds.append(_new_embed())
        current = embeds[-1]
        if count >= MAX_FIELDS or size + len(name) + len(value) > budget:
            current = _new_embed()
            embeds.append(current)
            count = size = 0
        current.add_field(name=name, value=value, inline=f.inline)
        count += 1
        size += len(name) + len(value)
    return embeds


def _pack(embeds: list[discord.Embed], reserve: int) -> list[list[discord.Embed]]:
    """Group embeds into messages of at most 10 embeds and 6,000 characters."""
    groups: list[list[discord.Embed]] = []
    current: list[discord.Embed] = []
    size = 0
    for embed in embeds:
        length = len(embed)
        if current and (len(current) >= MAX_EMBEDS or size + length + reserve > MAX_EMBED_TOTAL):
            groups.append(current)
            current, size = [], 0
        current.append(embed)
        size += length
    if current:
        groups.append(current)
    return groups


def _mark_truncated(embeds: list[discord.Embed], reserve: int) -> None:
    tail = embeds[-1]
    room = MAX_EMBED_TOTAL - reserve - sum(len(e) for e in embeds)
    if tail.fields:
        if room >= 2 and len(tail.fields) < MAX_FIELDS:
            tail.add_field(name=BLANK, value=ELLIPSIS, inline=False)
        return
    description = tail.description or ""
    if room >= 2 and len(description) + 2 <= MAX_DESCRIPTION:
        tail.description = f"{description}\n{ELLIPSIS}" if description else ELLIPSIS


def _component_rows(reply: Reply) -> list[Row]:
    seen: set[str] = set()
    buttons: list[Button] = []
    for button in reply.buttons:
        if not _usable_id(button.action_id, seen):
            continue
        seen.add(button.action_id)
        label = clip(button.label.strip(), MAX_BUTTON_LABEL) or ELLIPSIS
        buttons.append(Button(label=label, action_id=button.action_id, style=button.style))
    rows: list[Row] = [
        tuple(buttons[i : i + MAX_BUTTONS_PER_ROW])
        for i in range(0, len(buttons), MAX_BUTTONS_PER_ROW)
    ]
    select = _fit_select(reply.select, seen) if reply.select is not None else None
    if select is not None:
        rows.append(select)
    return rows


def _usable_id(action_id: str, seen: set[str]) -> bool:
    if not action_id or len(action_id) > MAX_CUSTOM_ID:
        log.warning("skipping a component with an unusable action id %r", action_id[:120])
        return False
    return action_id not in seen


def _fit_select(select: Select, seen: set[str]) -> Select | None:
    if not _usable_id(select.action_id, seen):
        return None
    options: list[SelectOption] = []
    values: set[str] = set()
    for option in select.options:
        if not option.value or len(option.value) > MAX_OPTION_TEXT or option.value in values:
            continue
        values.add(option.value)
        label = clip(option.label.strip(), MAX_OPTION_TEXT) or option.value
        options.append(SelectOption(label=label, value=option.value))
        if len(options) == MAX_SELECT_OPTIONS:
            break
    if not options:
        return None
    count = len(options)
    min_values = max(0, min(select.min_values, count))
    max_values = max(1, min_values, min(select.max_values, count))
    return Select(
        action_id=select.action_id,
        placeholder=clip(select.placeholder, MAX_PLACEHOLDER),
        options=tuple(options),
        min_values=min_values,
        max_values=max_values,
    )


def send_kwargs(message: Outgoing, view: discord.ui.View | None) -> dict[str, Any]:
    """Keyword arguments for ``send_message``, ``followup.send`` and ``channel.send``."""
    kwargs: dict[str, Any] = {}
    if message.content is not None:
        kwargs["content"] = message.content
    if message.embeds:
        kwargs["embeds"] = message.embeds
    files = message.files()
    if files:
        kwargs["files"] = files
    if view is not None:
        kwargs["view"] = view
    return kwargs
