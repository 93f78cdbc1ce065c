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
    Discussion,
    Field,
    Image,
    Quote,
    Reply,
    Rich,
    ScreeningEvent,
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
        if q.spoiler:
            out["quote"].update(spoiler=True, reveal=q.reveal)
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
            spoiler=bool(quote.get("spoiler", False)),
            reveal=str(quote.get("reveal") or ""),
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


def _event_json(event: ScreeningEvent) -> dict[str, Any]:
    return {
        "name": event.name,
        "description": event.description,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "location": event.location,
        "voice_channel": event.voice_channel,
        "cover_url": event.cover_url,
    }


def _event_from(data: dict[str, Any]) -> ScreeningEvent:
    return ScreeningEvent(
        name=data["name"],
        description=data["description"],
        starts_at=datetime.fromisoformat(data["starts_at"]),
        ends_at=datetime.fromisoformat(data["ends_at"]),
        location=data["location"],
        voice_channel=data.get("voice_channel"),
        cover_url=data.get("cover_url"),
    )


def _discussion_json(discussion: Discussion) -> dict[str, Any]:
    return {
        "title": discussion.title,
        "film_id": discussion.film_id,
        "replies": [_reply_json(r) for r in discussion.replies],
        "anchor": discussion.anchor,
        "screening_id": discussion.screening_id,
    }


def _discussion_from(data: dict[str, Any]) -> Discussion:
    return Discussion(
        title=data["title"],
        film_id=int(data["film_id"]),
        replies=tuple(_reply_from(r) for r in data["replies"]),
        anchor=data.get("anchor"),
        screening_id=data.get("screening_id"),
    )


def announcement_to_json(announcement: Announcement) -> str:
    data: dict[str, Any] = {
        "club": announcement.club,
        "channel": announcement.channel,
        "reply": _reply_json(announcement.reply),
    }
    if announcement.screening is not None:
        data["screening"] = announcement.screening
    if announcement.event is not None:
        data["event"] = _event_json(announcement.event)
    if announcement.discussion is not None:
        data["discussion"] = _discussion_json(announcement.discussion)
    if announcement.cancel_event is not None:
        data["cancel_event"] = announcement.cancel_event
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


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
    event = data.get("event")
    discussion = data.get("discussion")
    return Announcement(
        data["club"],
        data["channel"],
        _reply_from(data["reply"]),
        screening=data.get("screening"),
        event=_event_from(event) if event else None,
        discussion=_discussion_from(discussion) if discussion else None,
        cancel_event=data.get("cancel_event"),
    )
