"""Platform-neutral requests and replies.

Adapters turn a platform event into a :class:`Request` or :class:`ActionRequest`,
hand it to the dispatcher and render the :class:`Reply` they get back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class Member:
    """Who sent a request: a platform user id and a display name."""

    id: str
    name: str


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

    def attribution(self) -> str:
        who = self.author or self.source or "unknown critic"
        parts = [who]
        if self.source and self.author and self.author.lower() not in self.source.lower():
            parts.append(self.source)
        parts.append(f"on {self.film}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Image:
    """A PNG picture (the /scores chart)."""

    filename: str
    data: bytes
    alt: str = ""


class ButtonStyle(Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    label: str
    action_id: str
    style: ButtonStyle = ButtonStyle.SECONDARY


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
class Announcement:
    """A message the core wants posted to a channel without being asked
    (a scheduled poll opening or closing)."""

    club: str
    channel: str
    reply: Reply

    @property
    def platform(self) -> str:
        return self.club.split(":", 1)[0]
