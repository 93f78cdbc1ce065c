"""Messages the core sends without being asked, routed to the right adapter.

Adapters register as :class:`Announcer`\\ s and only post. What must not be lost
(a poll closed, a weekly poll opened) is written to the store's outbox in the
transaction that made it due and posted by :mod:`bot.delivery`; announcements
travel there as JSON (:func:`announcement_to_json`).
"""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from bot.messages import (
    Announcement,
    Button,
    ButtonStyle,
    Field,
    Image,
    Quote,
    Reply,
    Rich,
    Select,
    SelectOption,
    Timestamp,
)
from bot.store import outbox

log = logging.getLogger(__name__)


class Announcer(Protocol):
    """Implemented by each adapter: post a reply in one of its channels."""

    platform: str

    async def announce(self, announcement: Announcement) -> None: ...


class NoAnnouncer(RuntimeError):
    """No adapter for the announcement's platform runs in this process."""


class Outbox:
    """Routes each announcement to the adapter of the club's platform."""

    def __init__(self) -> None:
        self._announcers: dict[str, Announcer] = {}
        self._listeners: list[Callable[[], None]] = []

    def register(self, announcer: Announcer) -> None:
        self._announcers[announcer.platform] = announcer
        for listener in list(self._listeners):
            listener()

    def unregister(self, announcer: Announcer) -> None:
        if self._announcers.get(announcer.platform) is announcer:
            del self._announcers[announcer.platform]

    def on_register(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Call ``listener`` whenever an adapter registers; returns the undo."""
        self._listeners.append(listener)

        def undo() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return undo

    def platforms(self) -> list[str]:
        """The platforms that have an adapter running in this process."""
        return sorted(self._announcers)

    async def post(self, announcement: Announcement) -> None:
        """Post it now; raises :class:`NoAnnouncer` or the adapter's own error."""
        target = self._announcers.get(announcement.platform)
        if target is None:
            raise NoAnnouncer(f"no {announcement.platform} adapter is running")
        await target.announce(announcement)

    async def announce(self, announcement: Announcement) -> bool:
        """Post it now, once; False when no adapter for its platform runs or it failed.

        Nothing is kept: what must not be lost goes through the store's outbox.
        """
        try:
            await self.post(announcement)
        except NoAnnouncer:
            log.info("no adapter for %s; announcement not posted", announcement.club)
            return False
        except Exception as exc:
            log.warning("announcement to %s failed: %s", announcement.club, _describe(exc))
            return False
        return True


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


# -- announcements as JSON ------------------------------------------------------------------


def _text_json(text: str) -> Any:
    """A string as JSON; text holding typed times keeps them, so each front end can still
    show them in its readers' own zones when the announcement is posted."""
    if isinstance(text, Rich) and text.times:
        return {
            "rich": [
                {"at": p.at.isoformat(), "zone": p.zone.key, "year": p.year}
                if isinstance(p, Timestamp)
                else p
                for p in text.parts
            ]
        }
    return str(text)


def _text_from(value: Any) -> str:
    if isinstance(value, dict):
        return Rich(
            *(
                Timestamp(datetime.fromisoformat(p["at"]), ZoneInfo(p["zone"]), bool(p["year"]))
                if isinstance(p, dict)
                else str(p)
                for p in value["rich"]
            )
        )
    return str(value)


def _reply_json(reply: Reply) -> dict[str, Any]:
    out: dict[str, Any] = {"text": _text_json(reply.text)}
    if reply.title is not None:
        out["title"] = reply.title
    if reply.fields:
        out["fields"] = [[f.name, _text_json(f.value), f.inline] for f in reply.fields]
    if reply.quote is not None:
        q = reply.quote
        out["quote"] = {
            "text": q.text,
            "author": q.author,
            "film": q.film,
            "source": q.source,
            "url": q.url,
            "role": q.role,
        }
    if reply.image is not None:
        out["image"] = {
            "filename": reply.image.filename,
            "data": base64.b64encode(reply.image.data).decode("ascii"),
            "alt": reply.image.alt,
            "text": reply.image.text,
        }
    if reply.buttons:
        out["buttons"] = [[b.label, b.action_id, b.style.value, b.command] for b in reply.buttons]
    if reply.select is not None:
        s = reply.select
        out["select"] = {
            "action_id": s.action_id,
            "placeholder": s.placeholder,
            "options": [[o.label, o.value] for o in s.options],
            "min_values": s.min_values,
            "max_values": s.max_values,
            "command": s.command,
        }
    if reply.footer is not None:
        out["footer"] = _text_json(reply.footer)
    if reply.ephemeral:
        out["ephemeral"] = True
    if reply.error:
        out["error"] = True
    if reply.thumbnail_url is not None:
        out["thumbnail_url"] = reply.thumbnail_url
    return out


def _reply_from(data: dict[str, Any]) -> Reply:
    quote = data.get("quote")
    image = data.get("image")
    select = data.get("select")
    footer = data.get("footer")
    return Reply(
        text=_text_from(data.get("text", "")),
        title=data.get("title"),
        fields=tuple(Field(n, _text_from(v), bool(i)) for n, v, i in data.get("fields", ())),
        quote=Quote(
            text=quote["text"],
            author=quote.get("author"),
            film=quote["film"],
            source=quote.get("source"),
            url=quote.get("url"),
            role=quote.get("role"),
        )
        if quote
        else None,
        image=Image(
            image["filename"],
            base64.b64decode(image["data"]),
            image.get("alt", ""),
            image.get("text", ""),
        )
        if image
        else None,
        buttons=tuple(
            Button(b[0], b[1], ButtonStyle(b[2]), b[3] if len(b) > 3 else "")
            for b in data.get("buttons", ())
        ),
        select=Select(
            action_id=select["action_id"],
            placeholder=select["placeholder"],
            options=tuple(SelectOption(lb, v) for lb, v in select["options"]),
            min_values=int(select["min_values"]),
            max_values=int(select["max_values"]),
            command=select.get("command", ""),
        )
        if select
        else None,
        footer=_text_from(footer) if footer is not None else None,
        ephemeral=bool(data.get("ephemeral", False)),
        error=bool(data.get("error", False)),
        thumbnail_url=data.get("thumbnail_url"),
    )


def announcement_to_json(announcement: Announcement) -> str:
    return json.dumps(
        {
            "club": announcement.club,
            "channel": announcement.channel,
            "reply": _reply_json(announcement.reply),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def promise(
    conn: sqlite3.Connection,
    announcement: Announcement,
    now: datetime,
    due_at: datetime | None = None,
) -> int:
    """Put ``announcement`` in the outbox, inside the caller's write; the row's id."""
    return outbox.enqueue(
        conn,
        announcement.club,
        announcement.platform,
        announcement.channel,
        announcement_to_json(announcement),
        due_at or now,
        now,
    )


def announcement_from_json(text: str) -> Announcement:
    data = json.loads(text)
    return Announcement(data["club"], data["channel"], _reply_from(data["reply"]))
