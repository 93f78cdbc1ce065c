"""Platform-neutral requests and replies.

Adapters turn a platform event into a :class:`Request` or :class:`ActionRequest`,
hand it to the dispatcher and render the :class:`Reply` they get back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from bot.polls.localtime import format_local


@dataclass(frozen=True)
class Timestamp:
    """A moment shown to members: each front end formats it its own way (Discord and
    Slack in each reader's own time zone, the console in the club's)."""

    at: datetime
    zone: ZoneInfo
    year: bool = False  # spell out the year (for times not in this year)

    @property
    def unix(self) -> int:
        return int(self.at.timestamp())

    def local(self) -> str:
        """``Fri 3 Apr 18:00 CEST`` in the club's zone."""
        return format_local(self.at, self.zone, year=self.year)


class Rich(str):
    """Text with :class:`Timestamp` values in it. As a ``str`` it reads with every time
    in the club's zone (what the console shows); ``parts`` keeps the times typed so the
    Discord and Slack renderers can format them for each reader."""

    parts: tuple[str | Timestamp, ...]

    def __new__(cls, *parts: str | Timestamp) -> Rich:
        flat: list[str | Timestamp] = []
        for part in parts:
            if isinstance(part, Rich):
                flat.extend(part.parts)
            elif isinstance(part, Timestamp) or part:
                flat.append(part)
        text = "".join(p.local() if isinstance(p, Timestamp) else p for p in flat)
        obj = super().__new__(cls, text)
        obj.parts = tuple(flat)
        return obj

    @classmethod
    def joined(cls, separator: str, items: Iterable[str | Timestamp]) -> Rich:
        parts: list[str | Timestamp] = []
        for i, item in enumerate(items):
            if i:
                parts.append(separator)
            parts.append(item)
        return cls(*parts)

    @property
    def times(self) -> tuple[Timestamp, ...]:
        return tuple(p for p in self.parts if isinstance(p, Timestamp))

    def strip(self, chars: str | None = None) -> Rich:
        return self.lstrip(chars).rstrip(chars)

    def lstrip(self, chars: str | None = None) -> Rich:
        parts = list(self.parts)
        while parts and isinstance(parts[0], str):
            head = parts[0].lstrip(chars)
            if head:
                parts[0] = head
                break
            parts.pop(0)
        return Rich(*parts)

    def rstrip(self, chars: str | None = None) -> Rich:
        parts = list(self.parts)
        while parts and isinstance(parts[-1], str):
            tail = parts[-1].rstrip(chars)
            if tail:
                parts[-1] = tail
                break
            parts.pop()
        return Rich(*parts)

    def render(self, fmt: Any) -> str:
        """The text with each time formatted by ``fmt(timestamp) -> str``."""
        return "".join(fmt(p) if isinstance(p, Timestamp) else p for p in self.parts)


def render_times(text: str, fmt: Any) -> str:
    """``text`` with its times (if it is :class:`Rich`) formatted by ``fmt``."""
    return text.render(fmt) if isinstance(text, Rich) else text


def has_times(reply: Reply) -> bool:
    values = [reply.text, reply.footer or "", *(f.value for f in reply.fields)]
    return any(isinstance(v, Rich) and v.times for v in values)


def map_times(reply: Reply, fmt: Any) -> Reply:
    """The reply with every time formatted by ``fmt``, as plain strings."""
    if not has_times(reply):
        return reply
    return replace(
        reply,
        text=render_times(reply.text, fmt),
        footer=render_times(reply.footer, fmt) if reply.footer else reply.footer,
        fields=tuple(replace(f, value=render_times(f.value, fmt)) for f in reply.fields),
    )


@dataclass(frozen=True)
class Member:
    """Who sent a request: a platform user id and a display name."""

    id: str
    name: str


@dataclass(frozen=True)
class Attachment:
    """A file a member attached to a command; ``read`` downloads it."""

    name: str
    size: int
    read: Callable[[], Awaitable[bytes]] = field(compare=False, repr=False)


@dataclass(frozen=True)
class Request:
    """One slash command, already parsed into typed options.

    ``club`` is the club key, ``"<platform>:<id>"`` (a Discord guild, a Slack
    workspace, the console's club). ``command`` is the full command path such
    as ``"film"`` or ``"poll start"``.
    """

    club: str
    channel: str
    member: Member
    command: str
    options: Mapping[str, Any] = field(default_factory=dict)
    is_admin: bool = False
    club_name: str = ""
    # The platform's id of this request (a Discord interaction), when it has one:
    # the same id delivered twice must not write twice.
    request_id: str = ""
    # Films the member already picked for titles they typed (their answer to
    # "Which Heat?"), by the title as typed.
    chosen: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ActionRequest:
    """A click on a button or a choice in a select menu.

    ``action_id`` is the id the core put on the :class:`Button` or
    :class:`Select`; ``values`` are the chosen option values of a select
    (empty for a button).
    """

    club: str
    channel: str
    member: Member
    action_id: str
    values: tuple[str, ...] = ()
    is_admin: bool = False


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Quote:
    """A passage from a review and where it came from."""

    text: str
    author: str | None
    film: str
    source: str | None = None
    url: str | None = None
    # The passage gives away the plot: shown only when the member asks
    # (Discord's spoiler markup; on Slack a "Show" button whose action is ``reveal``).
    spoiler: bool = False
    reveal: str = ""
    role: str | None = None  # "critic" or "club member", when passages of both are drawn

    def attribution(self) -> str:
        who = self.author or self.source or "unknown critic"
        if self.role:
            who += f" ({self.role})"
        parts = [who]
        if self.source and self.author and self.author.lower() not in self.source.lower():
            parts.append(self.source)
        parts.append(f"on {self.film}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Image:
    """A PNG picture (a chart). ``alt`` describes it for screen readers (Discord's
    attachment description, Slack's alt text); ``text`` is a compact text rendering
    for front ends that cannot show pictures."""

    filename: str
    data: bytes
    alt: str = ""
    text: str = ""


class ButtonStyle(Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    style: ButtonStyle = ButtonStyle.SECONDARY
    # The text command that does the same, for front ends without buttons.
    command: str = ""


@dataclass(frozen=True)
class SelectOption:
    label: str
    value: str


@dataclass(frozen=True)
class Select:
    """A menu; ``max_values`` > 1 lets a member pick (and order) several."""

    action_id: str
    placeholder: str
    options: tuple[SelectOption, ...]
    min_values: int = 1
    max_values: int = 1
    # The text command that does the same, for front ends without menus.
    command: str = ""


@dataclass(frozen=True)
class Reply:
    """What the bot answers. Every part is optional; adapters render what they can."""

    text: str = ""
    title: str | None = None
    fields: tuple[Field, ...] = ()
    quote: Quote | None = None
    image: Image | None = None
    buttons: tuple[Button, ...] = ()
    select: Select | None = None
    footer: str | None = None
    ephemeral: bool = False
    error: bool = False
    # A picture shown beside the reply (a film's poster): an https URL.
    thumbnail_url: str | None = None

    def with_(self, **changes: Any) -> Reply:
        return replace(self, **changes)

    def plain_text(self) -> str:
        """The reply as plain text, as the console shows it."""
        lines: list[str] = []
        if self.title:
            lines.append(self.title)
        if self.text:
            lines.append(self.text)
        for f in self.fields:
            lines.append(f"{f.name}: {f.value}")
        if self.quote:
            lines.append(f"“{self.quote.text}”")
            lines.append(f"  — {self.quote.attribution()}")
            if self.quote.url:
                lines.append(f"  {self.quote.url}")
        if self.buttons:
            lines.append("Buttons: " + " | ".join(b.label for b in self.buttons))
        if self.select:
            lines.append(
                f"{self.select.placeholder}: " + ", ".join(o.label for o in self.select.options)
            )
        if self.thumbnail_url:
            lines.append(f"Poster: {self.thumbnail_url}")
        if self.footer:
            lines.append(self.footer)
        return "\n".join(lines)


def error_reply(message: str) -> Reply:
    """A short error, shown only to the member who asked where the platform allows."""
    return Reply(text=message, ephemeral=True, error=True)


@dataclass(frozen=True)
class ActionResult:
    """The answer to a click.

    ``reply`` goes to the member who clicked (usually ephemeral); ``refresh``,
    when set, replaces the message that holds the button or select.
    """

    reply: Reply
    refresh: Reply | None = None


@dataclass(frozen=True)
class ScreeningEvent:
    """A screening as a platform's own event (a Discord Guild Scheduled Event).

    ``voice_channel`` is the id of the channel it happens in, when it is one;
    otherwise ``location`` says where. ``cover_url`` is the film's poster."""

    name: str
    description: str
    starts_at: datetime
    ends_at: datetime
    location: str
    voice_channel: str | None = None
    cover_url: str | None = None


@dataclass(frozen=True)
class Discussion:
    """Open a discussion: a thread on ``anchor`` (the screening's message) when
    there is one, else a new thread (a forum post in a forum channel) titled ``title``.
    ``replies`` seed it; the thread is remembered as being about ``film_id``."""

    title: str
    film_id: int
    replies: tuple[Reply, ...]
    anchor: str | None = None
    screening_id: int | None = None


@dataclass(frozen=True)
class Announcement:
    """A message the core wants posted to a channel without being asked
    (a scheduled poll opening or closing, a screening, its reminder).

    ``screening`` is the id of the screening this message presents: the adapter
    reports the posted message's id (and ``event``'s) back to the core.
    ``discussion``, when set, is posted as a thread instead of ``reply``."""

    club: str
    channel: str
    reply: Reply
    screening: int | None = None
    event: ScreeningEvent | None = None
    discussion: Discussion | None = None
    # A platform event to cancel along with this message (a cancelled screening).
    cancel_event: str | None = None

    @property
    def platform(self) -> str:
        return self.club.split(":", 1)[0]
