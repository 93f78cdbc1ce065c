"""A local fake of Discord's REST API and gateway, enough to drive real discord.py.

The server listens on 127.0.0.1 on a random port. :meth:`FakeDiscord.patch`
points discord.py at it (``Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``).
It answers login, ``/gateway/bot``, command syncs, interaction callbacks,
follow-ups, edits and channel messages, records every request, and keeps the
messages the bot created so a test can click their buttons.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yarl
from aiohttp import BodyPartReader, WSMsgType, web
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord import DiscordAdapter
from bot.app import App
from bot.config import Settings
from bot.delivery import Delivery

APP_ID = 900_000_000_000_000_001
BOT_ID = 900_000_000_000_000_002
GUILD_ID = 100_000_000_000_000_001
CHANNEL_ID = 100_000_000_000_000_002
OTHER_CHANNEL_ID = 100_000_000_000_000_003
VOICE_CHANNEL_ID = 100_000_000_000_000_004
STAGE_CHANNEL_ID = 100_000_000_000_000_005
FORUM_CHANNEL_ID = 100_000_000_000_000_006
# Channel types: text 0, voice 2, stage 13, forum 15; public thread 11.
CHANNEL_TYPES = {VOICE_CHANNEL_ID: 2, STAGE_CHANNEL_ID: 13, FORUM_CHANNEL_ID: 15}
EVENT_CANCELLED = 4
ADMIN_ROLE_ID = 100_000_000_000_000_010
FAN_ROLE_ID = 100_000_000_000_000_011
ADMIN_ROLE_NAME = "Club Admin"

EPHEMERAL = 64
LOADING = 128
MANAGE_GUILD = 1 << 5
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11)  # view channel, send messages
TIMESTAMP = "2025-01-01T00:00:00+00:00"
DEFAULT_TIMEOUT = 5.0

OPTION_SUBCOMMAND = 1
OPTION_GROUP = 2


def json_response(obj: Any, status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(obj).encode(), status=status, headers={"Content-Type": "application/json"}
    )


@dataclass
class Upload:
    name: str
    filename: str
    data: bytes
    content_type: str


@dataclass
class Captured:
    """One request the bot made."""

    method: str
    path: str
    query: Mapping[str, str]
    json: Any = None
    files: list[Upload] = field(default_factory=list)
    multipart: bool = False

    @property
    def flags(self) -> int:
        body = self.json or {}
        data = body.get("data", body) if isinstance(body, dict) else {}
        return int((data or {}).get("flags") or 0)

    @property
    def data(self) -> dict[str, Any]:
        """The message part: ``data`` of an interaction callback, else the whole body."""
        body = self.json or {}
        if "/callback" in self.path:
            return dict(body.get("data") or {})
        return dict(body)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    def embeds(self) -> list[dict[str, Any]]:
        return list(self.data.get("embeds") or [])

    def components(self) -> list[dict[str, Any]]:
        return list(self.data.get("components") or [])

    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.components() for c in row.get("components", [])]

    def text(self) -> str:
        """Content, embed titles, descriptions, fields and footers, for loose assertions."""
        parts = [str(self.data.get("content") or "")]
        for embed in self.embeds():
            parts.append(str(embed.get("title") or ""))
            parts.append(str(embed.get("description") or ""))
            for f in embed.get("fields") or []:
                parts.append(f"{f['name']}: {f['value']}")
            parts.append(str((embed.get("footer") or {}).get("text") or ""))
        return "\n".join(p for p in parts if p)


@dataclass
class FakeUser:
    id: int
    name: str
    roles: tuple[int, ...] = ()
    permissions: int = MEMBER_PERMISSIONS

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name.lower(),
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": False,
        }

    def member_payload(self) -> dict[str, Any]:
        return {
            "user": self.payload(),
            "roles": [str(r) for r in self.roles],
            "permissions": str(self.permissions),
            "joined_at": TIMESTAMP,
            "deaf": False,
            "mute": False,
            "nick": None,
            "flags": 0,
        }


ALICE = FakeUser(200_000_000_000_000_001, "Alice")
BOB = FakeUser(200_000_000_000_000_002, "Bob")
MANAGER = FakeUser(200_000_000_000_000_003, "Manon", permissions=MEMBER_PERMISSIONS | MANAGE_GUILD)
ROLE_ADMIN = FakeUser(200_000_000_000_000_004, "Rolf", roles=(ADMIN_ROLE_ID,))


@dataclass
class Interaction:
    """An interaction the fake sent; its answers are looked up by token."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[Captured] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.identified = asyncio.Event()
        self.identifies: list[dict[str, Any]] = []
        self._ids = itertools.count(300_000_000_000_000_001)
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._seq = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._interactions: dict[str, Interaction] = {}
        # Files members attach to slash commands, served as Discord's CDN would.
        self.cdn: dict[str, bytes] = {}
        # When set, requests authorized with any other bot token get 401.
        self.valid_token: str | None = None
        self._message_by_token: dict[str, int] = {}
        # Guild Scheduled Events by id, and threads by id (their channel payloads).
        self.events: dict[int, dict[str, Any]] = {}
        self.threads: dict[int, dict[str, Any]] = {}
        # When set, creating a scheduled event is refused (the bot lacks Create Events).
        self.refuse_events = False

    # -- server ---------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._api)
        app.router.add_get("/cdn/{id}/{filename}", self._cdn)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1]

    async def close(self) -> None:
        for ws in list(self._sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @contextmanager
    def patch(self) -> Iterator[None]:
        """Point discord.py at this server for the duration of the block."""
        old_base, old_gateway = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
        Route.BASE = f"{self.base_url}/api/v10"
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")
        try:
            yield
        finally:
            Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = old_base, old_gateway

    def new_id(self) -> int:
        return next(self._ids)

    # -- waiting on what the bot did -------------------------------------------

    async def _record(self, captured: Captured) -> None:
        async with self._changed:
            self.requests.append(captured)
            self._changed.notify_all()

    async def wait_for(
        self,
        predicate: Callable[[Captured], bool],
        *,
        count: int = 1,
        within: float = DEFAULT_TIMEOUT,
    ) -> list[Captured]:
        """The first ``count`` captured requests matching ``predicate`` (waiting for them)."""

        def matches() -> list[Captured]:
            return [r for r in self.requests if predicate(r)]

        async def wait() -> list[Captured]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matches()) >= count)
                return matches()[:count]

        return await asyncio.wait_for(wait(), within)

    async def wait_one(
        self, predicate: Callable[[Captured], bool], *, within: float = DEFAULT_TIMEOUT
    ) -> Captured:
        return (await self.wait_for(predicate, within=within))[0]

    def matching(self, predicate: Callable[[Captured], bool]) -> list[Captured]:
        return [r for r in self.requests if predicate(r)]

    async def callback(
        self, interaction: Interaction, *, within: float = DEFAULT_TIMEOUT
    ) -> Captured:
        """The interaction's initial response."""
        return await self.wait_one(
            lambda r: r.method == "POST" and r.path.endswith(f"/{interaction.token}/callback"),
            within=within,
        )

    async def followups(
        self, interaction: Interaction, count: int = 1, *, within: float = DEFAULT_TIMEOUT
    ) -> list[Captured]:
        return await self.wait_for(
            lambda r: r.method == "POST" and r.path == f"/webhooks/{APP_ID}/{interaction.token}",
            count=count,
            within=within,
        )

    def sent_to(self, interaction: Interaction) -> list[Captured]:
        """Everything the bot sent answering this interaction, in order."""
        return [r for r in self.requests if interaction.token in r.path]

    async def synced(
        self, guild_id: int | None = GUILD_ID, *, within: float = DEFAULT_TIMEOUT
    ) -> Captured:
        path = (
            f"/applications/{APP_ID}/guilds/{guild_id}/commands"
            if guild_id is not None
            else f"/applications/{APP_ID}/commands"
        )
        return await self.wait_one(lambda r: r.method == "PUT" and r.path == path, within=within)

    # -- REST -------------------------------------------------------------------

    async def _cdn(self, request: web.Request) -> web.StreamResponse:
        data = self.cdn.get(request.match_info["id"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="text/csv")

    def attachment(self, filename: str, data: bytes) -> dict[str, Any]:
        """An attachment a member adds to a slash command (its payload in ``resolved``)."""
        attachment_id = str(self.new_id())
        self.cdn[attachment_id] = data
        url = f"{self.base_url}/cdn/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": "text/csv",
        }

    async def _api(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        captured = Captured(request.method, path, dict(request.query))
        if request.content_type.startswith("multipart/"):
            captured.multipart = True
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                data = await part.read()
                if part.name == "payload_json":
                    captured.json = json.loads(data)
                else:
                    content_type = part.headers.get("Content-Type", "")
                    captured.files.append(
                        Upload(part.name, part.filename or "", bytes(data), content_type)
                    )
        elif request.can_read_body:
            raw = await request.read()
            captured.json = json.loads(raw) if raw else None
        auth = request.headers.get("Authorization", "")
        if (
            self.valid_token is not None
            and auth.startswith("Bot ")
            and auth != f"Bot {self.valid_token}"
        ):
            response: web.StreamResponse = json_response(
                {"message": "401: Unauthorized", "code": 0}, 401
            )
        else:
            response = self._answer(captured)
        await self._record(captured)
        return response

    def _answer(self, r: Captured) -> web.StreamResponse:
        m, p = r.method, r.path
        if m == "GET" and p == "/users/@me":
            return json_response(self.bot_user())
        if m == "GET" and p == "/oauth2/applications/@me":
            return json_response(self.application())
        if m == "GET" and p == "/gateway/bot":
            return json_response(
                {
                    "url": f"ws://127.0.0.1:{self.port}/gateway",
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if m == "PUT" and (hit := re.fullmatch(r"/applications/\d+(?:/guilds/(\d+))?/commands", p)):
            guild = int(hit.group(1)) if hit.group(1) else None
            return json_response(self._register(guild, r.json or []))
        if m == "POST" and (hit := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", p)):
            return self._interaction_callback(hit.group(2), r)
        if m == "POST" and (hit := re.fullmatch(r"/webhooks/\d+/([^/]+)", p)):
            interaction = self._interactions.get(hit.group(1))
            return json_response(self._store_message(r, interaction, None))
        if hit := re.fullmatch(r"/webhooks/\d+/([^/]+)/messages/(@original|\d+)", p):
            return self._webhook_message(m, hit.group(1), hit.group(2), r)
        if hit := re.fullmatch(r"/guilds/(\d+)/scheduled-events(?:/(\d+))?", p):
            return self._scheduled_event(m, int(hit.group(2) or 0), r)
        if m == "POST" and (hit := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", p)):
            if int(hit.group(2)) in self.threads:
                return json_response(
                    {
                        "message": "A thread has already been created for this message",
                        "code": 160004,
                    },
                    400,
                )
            thread = self._new_thread(int(hit.group(1)), r, starter=int(hit.group(2)))
            return json_response(thread)
        if m == "POST" and (hit := re.fullmatch(r"/channels/(\d+)/threads", p)):
            parent = int(hit.group(1))
            thread = self._new_thread(parent, r)
            body = dict(r.json or {})
            if "message" in body:  # a forum post: the thread and its first message
                starter = Captured(r.method, r.path, r.query, body["message"], r.files)
                message = self._store_message(starter, None, None, channel_id=int(thread["id"]))
                return json_response({**thread, "message": message})
            return json_response(thread)
        if m == "PATCH" and (hit := re.fullmatch(r"/channels/\d+/messages/(\d+)", p)):
            return json_response(self._update_message(int(hit.group(1)), r.json or {}, r))
        if m == "POST" and (hit := re.fullmatch(r"/channels/(\d+)/messages", p)):
            return json_response(self._store_message(r, None, None, channel_id=int(hit.group(1))))
        if m == "GET" and (hit := re.fullmatch(r"/channels/(\d+)", p)):
            if int(hit.group(1)) in self.threads:
                return json_response(self.threads[int(hit.group(1))])
            return json_response(self.channel(int(hit.group(1))))
        return json_response({"message": f"fake Discord has no {m} {p}", "code": 0}, 404)

    def _scheduled_event(self, method: str, event_id: int, r: Captured) -> web.StreamResponse:
        body = dict(r.json or {})
        if method == "POST":
            if self.refuse_events:
                return json_response({"message": "Missing Permissions", "code": 50013}, 403)
            event_id = self.new_id()
            self.events[event_id] = {
                "id": str(event_id),
                "guild_id": str(GUILD_ID),
                "channel_id": body.get("channel_id"),
                "creator_id": str(BOT_ID),
                "name": body["name"],
                "description": body.get("description"),
                "scheduled_start_time": body["scheduled_start_time"],
                "scheduled_end_time": body.get("scheduled_end_time"),
                "privacy_level": body["privacy_level"],
                "status": 1,
                "entity_type": body["entity_type"],
                "entity_id": None,
                "entity_metadata": body.get("entity_metadata"),
                "user_count": 0,
                "image": "cover-hash" if body.get("image") else None,
                "sent_image": body.get("image"),
            }
            return json_response(self.events[event_id])
        event = self.events.get(event_id)
        if event is None:
            return json_response({"message": "Unknown Guild Scheduled Event", "code": 10070}, 404)
        if method == "PATCH":
            event.update({k: v for k, v in body.items() if k in ("status", "name")})
        return json_response(event)

    def _new_thread(
        self, parent: int, r: Captured, *, starter: int | None = None
    ) -> dict[str, Any]:
        thread_id = starter if starter is not None else self.new_id()
        thread = {
            "id": str(thread_id),
            "guild_id": str(GUILD_ID),
            "parent_id": str(parent),
            "owner_id": str(BOT_ID),
            "name": (r.json or {}).get("name", ""),
            "type": 11,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "flags": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": TIMESTAMP,
                "locked": False,
            },
        }
        self.threads[thread_id] = thread
        return thread

    def posted_in(self, channel_id: int) -> list[dict[str, Any]]:
        """The messages the bot posted in a channel or thread, oldest first."""
        return [m for m in self.messages.values() if int(m["channel_id"]) == channel_id]

    def _register(self, guild: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        registered = []
        for command in commands:
            stored = dict(command)
            stored.setdefault("description", "")  # message menus have none
            stored.update(
                id=str(self.new_id()),
                application_id=str(APP_ID),
                version=str(self.new_id()),
                type=command.get("type", 1),
                default_member_permissions=command.get("default_member_permissions"),
            )
            if guild is not None:
                stored["guild_id"] = str(guild)
            registered.append(stored)
        self.commands[guild] = registered
        return registered

    def _interaction_callback(self, token: str, r: Captured) -> web.StreamResponse:
        interaction = self._interactions.get(token)
        body = r.json or {}
        kind = int(body.get("type", 0))
        info: dict[str, Any] = {"id": str(interaction.id if interaction else 0), "type": kind}
        if interaction is not None:
            info["type"] = interaction.type
        result: dict[str, Any] = {"interaction": info}
        if kind in (4, 5):
            message = self._store_message(r, interaction, body.get("data") or {}, loading=kind == 5)
            self._message_by_token[token] = int(message["id"])
            info["response_message_id"] = message["id"]
            info["response_message_loading"] = kind == 5
            info["response_message_ephemeral"] = bool(message["flags"] & EPHEMERAL)
            result["resource"] = {"type": kind, "message": message}
        elif kind == 7 and interaction is not None:
            target = int(interaction.payload["message"]["id"])
            message = self._update_message(target, body.get("data") or {}, r)
            result["resource"] = {"type": kind, "message": message}
        return json_response(result)

    def _webhook_message(
        self, method: str, token: str, which: str, r: Captured
    ) -> web.StreamResponse:
        interaction = self._interactions.get(token)
        if which == "@original":
            if (
                interaction is not None
                and interaction.type == 3
                and token not in self._message_by_token
            ):
                target = int(interaction.payload["message"]["id"])
            else:
                target = self._message_by_token.get(token, 0)
        else:
            target = int(which)
        if method == "DELETE":
            self.messages.pop(target, None)
            return web.Response(status=204)
        if method == "PATCH":
            return json_response(self._update_message(target, r.json or {}, r))
        if target in self.messages:
            return json_response(self.messages[target])
        return json_response({"message": "Unknown Message", "code": 10008}, 404)

    def _attachments(self, r: Captured) -> list[dict[str, Any]]:
        out = []
        for upload in r.files:
            out.append(
                {
                    "id": str(self.new_id()),
                    "filename": upload.filename,
                    "size": len(upload.data),
                    "url": f"{self.base_url}/attachments/{upload.filename}",
                    "proxy_url": f"{self.base_url}/attachments/{upload.filename}",
                    "content_type": upload.content_type or "image/png",
                }
            )
        return out

    def _store_message(
        self,
        r: Captured,
        interaction: Interaction | None,
        data: dict[str, Any] | None,
        *,
        channel_id: int | None = None,
        loading: bool = False,
    ) -> dict[str, Any]:
        data = dict(r.json or {}) if data is None else data
        if channel_id is None:
            channel_id = int(interaction.payload["channel_id"]) if interaction else CHANNEL_ID
        flags = int(data.get("flags") or 0) | (LOADING if loading else 0)
        message_id = self.new_id()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "type": 0,
            "content": data.get("content") or "",
            "embeds": data.get("embeds") or [],
            "attachments": self._attachments(r),
            "components": data.get("components") or [],
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "author": self.bot_user(),
            "flags": flags,
            "application_id": str(APP_ID),
        }
        if interaction is None or "guild_id" in interaction.payload:
            message["guild_id"] = str(GUILD_ID)
        self.messages[message_id] = message
        return message

    def _update_message(self, message_id: int, data: dict[str, Any], r: Captured) -> dict[str, Any]:
        message = self.messages.get(message_id)
        if message is None:
            message = self._store_message(r, None, data)
            return message
        for key in ("content", "embeds", "components"):
            if key in data:
                message[key] = (
                    data[key] if data[key] is not None else ([] if key != "content" else "")
                )
        if "attachments" in data or r.files:
            message["attachments"] = self._attachments(r)
        message["edited_timestamp"] = TIMESTAMP
        return message

    # -- payloads -----------------------------------------------------------------

    @staticmethod
    def bot_user() -> dict[str, Any]:
        return {
            "id": str(BOT_ID),
            "username": "filmclub",
            "global_name": "filmclub",
            "discriminator": "0",
            "avatar": None,
            "bot": True,
            "flags": 0,
            "verified": True,
            "mfa_enabled": False,
        }

    @staticmethod
    def application() -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "filmclub",
            "description": "",
            "icon": None,
            "bot_public": False,
            "bot_require_code_grant": False,
            "owner": {
                "id": "1",
                "username": "owner",
                "discriminator": "0",
                "avatar": None,
                "global_name": "owner",
            },
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "summary": "",
        }

    @staticmethod
    def channel(channel_id: int) -> dict[str, Any]:
        kind = CHANNEL_TYPES.get(channel_id, 0)
        extra: dict[str, Any] = {}
        if kind in (2, 13):
            extra = {"bitrate": 64000, "user_limit": 0, "rtc_region": None}
        elif kind == 15:
            extra = {"available_tags": [], "default_reaction_emoji": None, "flags": 0}
        return {
            **extra,
            "id": str(channel_id),
            "type": kind,
            "guild_id": str(GUILD_ID),
            "name": f"channel-{channel_id % 1000}",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    @staticmethod
    def role(role_id: int, name: str, position: int, permissions: int = 0) -> dict[str, Any]:
        return {
            "id": str(role_id),
            "name": name,
            "permissions": str(permissions),
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def guild(self) -> dict[str, Any]:
        return {
            "id": str(GUILD_ID),
            "name": "Film Club",
            "icon": None,
            "owner_id": "1",
            "roles": [
                self.role(GUILD_ID, "@everyone", 0, MEMBER_PERMISSIONS),
                self.role(ADMIN_ROLE_ID, ADMIN_ROLE_NAME, 1),
                self.role(FAN_ROLE_ID, "Fan", 2),
            ],
            "channels": [
                self.channel(CHANNEL_ID),
                *(self.channel(c) for c in CHANNEL_TYPES),
            ],
            "member_count": 4,
            "members": [],
            "voice_states": [],
            "presences": [],
            "threads": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "unavailable": False,
            "large": False,
            "joined_at": TIMESTAMP,
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "system_channel_flags": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "afk_timeout": 300,
        }

    # -- gateway --------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        try:
            await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op = frame.get("op")
                if op == 1:
                    await ws.send_str(json.dumps({"op": 11}))
                elif op == 2:
                    self.identifies.append(frame["d"])
                    await self._send(ws, "READY", self.ready_payload(frame["d"]))
                    await self._send(ws, "GUILD_CREATE", self.guild())
                    self.identified.set()
        finally:
            if ws in self._sockets:
                self._sockets.remove(ws)
        return ws

    def ready_payload(self, identify: dict[str, Any]) -> dict[str, Any]:
        return {
            "v": 10,
            "user": self.bot_user(),
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": f"ws://127.0.0.1:{self.port}/gateway",
            "shard": identify.get("shard", [0, 1]),
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        if not self._sockets:
            raise RuntimeError("the bot is not connected to the fake gateway")
        await self._send(self._sockets[-1], event, data)

    # -- interactions -----------------------------------------------------------------

    def command(self, name: str, guild_id: int | None = GUILD_ID) -> dict[str, Any]:
        """A synced command: the guild's own first, then the global ones."""
        for scope in (guild_id, None, GUILD_ID):
            for command in self.commands.get(scope, []):
                if command["name"] == name:
                    return command
        raise KeyError(f"/{name} was not synced")

    def _options(
        self, declared: list[dict[str, Any]], values: Mapping[str, Any], focused: str | None
    ) -> list[dict[str, Any]]:
        types = {o["name"]: o["type"] for o in declared}
        out = []
        for name, value in values.items():
            if name not in types:
                raise KeyError(f"no option {name!r}; declared: {sorted(types)}")
            entry: dict[str, Any] = {"name": name, "type": types[name], "value": value}
            if name == focused:
                entry["focused"] = True
            out.append(entry)
        return out

    def _command_data(
        self, path: str, values: Mapping[str, Any], focused: str | None, guild: bool
    ) -> dict[str, Any]:
        words = path.split()
        command = self.command(words[0], GUILD_ID if guild else None)
        declared: list[dict[str, Any]] = command.get("options") or []
        options: list[dict[str, Any]] = []
        holder = options
        for word in words[1:]:
            sub = next(o for o in declared if o["name"] == word)
            entry: dict[str, Any] = {"name": word, "type": sub["type"], "options": []}
            holder.append(entry)
            holder = entry["options"]
            declared = sub.get("options") or []
        holder.extend(self._options(declared, values, focused))
        data: dict[str, Any] = {
            "id": command["id"],
            "name": command["name"],
            "type": 1,
            "options": options,
        }
        if guild:
            data["guild_id"] = str(GUILD_ID)
        return data

    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        user: FakeUser,
        *,
        guild: bool = True,
        message: dict[str, Any] | None = None,
        channel_id: int = CHANNEL_ID,
    ) -> Interaction:
        interaction_id = self.new_id()
        token = f"token-{interaction_id}"
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APP_ID),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "channel_id": str(channel_id),
            "locale": "en-US",
            "app_permissions": str(MEMBER_PERMISSIONS),
            "attachment_size_limit": 8 * 1024 * 1024,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID if guild else user.id)},
        }
        if guild:
            payload.update(
                guild_id=str(GUILD_ID),
                guild_locale="en-US",
                member=user.member_payload(),
                channel=self.channel(channel_id),
                context=0,
            )
        else:
            payload.update(
                user=user.payload(),
                channel={"id": str(channel_id), "type": 1, "recipients": [user.payload()]},
                context=1,
            )
        if message is not None:
            payload["message"] = message
        interaction = Interaction(interaction_id, token, kind, payload)
        self._interactions[token] = interaction
        return interaction

    async def slash(
        self,
        path: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: FakeUser = ALICE,
        guild: bool = True,
        channel_id: int = CHANNEL_ID,
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> Interaction:
        """A member runs ``/path`` with ``options`` (type 2); ``files`` attaches a file to
        an attachment option, by option name: (filename, content)."""
        values = dict(options or {})
        attachments = {}
        for name, (filename, content) in (files or {}).items():
            attachment = self.attachment(filename, content)
            attachments[attachment["id"]] = attachment
            values[name] = attachment["id"]
        data = self._command_data(path, values, None, guild)
        if attachments:
            data["resolved"] = {"attachments": attachments}
        interaction = self._interaction(2, data, user, guild=guild, channel_id=channel_id)
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def autocomplete(
        self,
        path: str,
        options: Mapping[str, Any],
        focused: str,
        *,
        user: FakeUser = ALICE,
        guild: bool = True,
    ) -> list[dict[str, Any]]:
        """A member types into ``focused`` (type 4); returns the choices the bot offers."""
        data = self._command_data(path, options, focused, guild)
        interaction = self._interaction(4, data, user, guild=guild)
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        answer = await self.callback(interaction)
        assert answer.json["type"] == 8, answer.json
        return list(answer.json["data"]["choices"])

    async def click(
        self,
        message_id: int,
        custom_id: str,
        values: tuple[str, ...] = (),
        *,
        user: FakeUser = ALICE,
    ) -> Interaction:
        """A member clicks a button or picks ``values`` in a select of a stored message."""
        message = self.messages[message_id]
        component = next(
            c
            for row in message["components"]
            for c in row.get("components", [])
            if c.get("custom_id") == custom_id
        )
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] != 2:
            data["values"] = list(values)
        guild = "guild_id" in message
        interaction = self._interaction(
            3, data, user, guild=guild, message=message, channel_id=int(message["channel_id"])
        )
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    def user_message(self, content: str, *, author: FakeUser = BOB) -> dict[str, Any]:
        """A message a member wrote in the club's channel (for message menus)."""
        message_id = self.new_id()
        message = {
            "id": str(message_id),
            "channel_id": str(CHANNEL_ID),
            "guild_id": str(GUILD_ID),
            "type": 0,
            "content": content,
            "embeds": [],
            "attachments": [],
            "components": [],
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "author": author.payload(),
            "flags": 0,
        }
        self.messages[message_id] = message
        return message

    async def context_menu(
        self, name: str, message: dict[str, Any], *, user: FakeUser = ALICE
    ) -> Interaction:
        """A member picks a message menu (an application command of type 3) on ``message``."""
        command = self.command(name)
        assert command["type"] == 3, command
        data = {
            "id": command["id"],
            "name": name,
            "type": 3,
            "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}},
            "guild_id": str(GUILD_ID),
        }
        interaction = self._interaction(2, data, user)
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    async def submit_modal(
        self, modal: Mapping[str, Any], values: Mapping[str, str], *, user: FakeUser = ALICE
    ) -> Interaction:
        """A member fills in and sends a modal the bot opened (a type 9 callback's data):
        ``values`` by the text inputs' custom ids, in the order the modal lists them."""
        inputs = [c for row in modal.get("components", []) for c in row.get("components", [])]
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": c["custom_id"], "value": v}]}
            for c, v in zip(inputs, values.values(), strict=True)
        ]
        data = {"custom_id": modal["custom_id"], "components": rows}
        interaction = self._interaction(5, data, user)
        await self.dispatch("INTERACTION_CREATE", interaction.payload)
        return interaction

    def message_for(self, interaction: Interaction) -> dict[str, Any]:
        """The message created by the interaction's initial response."""
        return self.messages[self._message_by_token[interaction.token]]

    def latest_message_with(self, custom_id_prefix: str) -> dict[str, Any]:
        for message in reversed(self.messages.values()):
            for row in message.get("components", []):
                for c in row.get("components", []):
                    if str(c.get("custom_id", "")).startswith(custom_id_prefix):
                        return message
        raise KeyError(f"no message holds a component starting with {custom_id_prefix!r}")


class Runnable(Protocol):
    ready: asyncio.Event

    async def run(self) -> None: ...

    async def stop(self) -> None: ...


@asynccontextmanager
async def serving() -> AsyncIterator[FakeDiscord]:
    """A fake Discord on 127.0.0.1 that discord.py is pointed at until the block ends."""
    server = FakeDiscord()
    await server.start()
    try:
        with server.patch():
            yield server
    finally:
        await server.close()


@asynccontextmanager
async def running(bot: Runnable, *, within: float = 10.0) -> AsyncIterator[asyncio.Task[None]]:
    """Run the bot until the block ends; fail fast if it dies before it is ready."""
    task = asyncio.create_task(bot.run())
    ready = asyncio.create_task(bot.ready.wait())
    try:
        done, _ = await asyncio.wait({task, ready}, timeout=within, return_when="FIRST_COMPLETED")
        if task in done:
            task.result()
            raise RuntimeError("the bot stopped before it was ready")
        if ready not in done:
            raise TimeoutError("the bot did not become ready")
        yield task
    finally:
        ready.cancel()
        await bot.stop()
        await asyncio.wait_for(task, within)


def discord_settings(db_path: str, tmp_path: Path, **extra: Any) -> Settings:
    """Settings for a bot whose configured server is the fake guild."""
    return Settings(
        db_path=db_path,
        chart_dir=str(tmp_path / "charts"),
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        discord_admin_role=ADMIN_ROLE_NAME,
        **extra,
    )


@asynccontextmanager
async def started(app: App, *, delivery: bool = False) -> AsyncIterator[DiscordAdapter]:
    """The app's Discord adapter running until the block ends, with its announcer if asked."""
    adapter = DiscordAdapter(app.dispatcher, app.services.settings, guild_ready_timeout=0.05)
    announcer = Delivery(app.services) if delivery else None
    if announcer is not None:
        await announcer.start()
    try:
        async with running(adapter):
            yield adapter
    finally:
        if announcer is not None:
            await announcer.stop()
