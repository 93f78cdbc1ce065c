"""A local Slack for tests: the Web API, upload URLs, response URLs and a Socket
Mode websocket, all on one aiohttp server on 127.0.0.1.

Everything the app sends is recorded; tests wait for records with timeouts
(the app acknowledges first and keeps working afterwards). Also here: payload
builders for slash commands and interactions, request signing, and a small
command set with the shapes the real commands have (buttons, a select, an
image, a slow command, an admin-only command, a group, a modal-worthy command).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import hmac
import itertools
import json
import socket as socket_module
import time
import urllib.parse
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, WSMsgType, web

from adapters.slack import SlackAdapter
from bot.commands.spec import Command, CommandSet, Option, OptionKind
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.errors import UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Button,
    ButtonStyle,
    Field,
    Image,
    Quote,
    Reply,
    Request,
    Select,
    SelectOption,
)
from bot.services import Services
from bot.store import Store, clubs

TEAM_ID = "T0FILM"
TEAM_DOMAIN = "filmclub-test"
BOT_USER = "U0BOT"
BOT_ID = "B0BOT"
APP_ID = "A0FILM"
BOT_TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@dataclass
class Record:
    """One thing the app sent: a Web API call, an upload, a response_url post or an ack."""

    kind: str
    name: str
    data: dict[str, Any]
    token: str = ""
    raw: bytes = b""


@dataclass
class FakeSlack:
    admins: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)
    usergroups: dict[str, list[str]] = field(default_factory=dict)
    # Web API method -> error code it answers with (``{"ok": false, "error": code}``).
    failures: dict[str, str] = field(default_factory=dict)
    # response_url keys that answer 404 (an expired response URL).
    expired: set[str] = field(default_factory=set)
    # The Home tab last published for each member (views.publish).
    homes: dict[str, dict[str, Any]] = field(default_factory=dict)
    # OAuth (distribution): the app's credentials, the workspace the next installer
    # approves for, and how long the bot tokens it hands out last.
    client_id: str = "1111.2222"
    client_secret: str = "oauth-client-secret"
    install_team: str = "T0NEW"
    token_lifetime: int = 43200

    def __post_init__(self) -> None:
        self.records: list[Record] = []
        self._taken: set[int] = set()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self.uploads: dict[str, bytes] = {}
        # Files members upload in a modal's file input, served as private files.
        self.private_files: dict[str, bytes] = {}
        self.ws: web.WebSocketResponse | None = None
        self._connected = asyncio.Event()
        self.acks: dict[str, dict[str, Any]] = {}
        self.sockets_opened = 0
        self.codes: dict[str, tuple[str, str]] = {}  # code -> (team, installer)
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> team
        self.token_teams: dict[str, str] = {}  # bot token -> team

    # --- server ------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files-pri/{file_id}/{name}", self._private_file)
        app.router.add_get("/oauth/v2/authorize", self._authorize)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server: Any = site._server
        self.port = int(server.sockets[0].getsockname()[1])
        return self

    async def close(self) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _private_file(self, request: web.Request) -> web.StreamResponse:
        if not request.headers.get("Authorization", "").startswith("Bearer xoxb-"):
            raise web.HTTPForbidden()
        data = self.private_files.get(request.match_info["file_id"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="text/csv")

    def private_file(self, name: str, data: bytes) -> dict[str, Any]:
        """A file a member uploads through a modal's file input (its ``files`` entry)."""
        file_id = f"F{next(self._ids):08d}"
        self.private_files[file_id] = data
        url = f"{self.root}/files-pri/{file_id}/{name}"
        return {
            "id": file_id,
            "name": name,
            "size": len(data),
            "filetype": "csv",
            "url_private": url,
            "url_private_download": url,
        }

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.root}/api/"

    def response_url(self, key: str = "r1") -> str:
        return f"{self.root}/respond/{key}"

    # --- records -------------------------------------------------------------------

    async def _record(self, record: Record) -> None:
        async with self._changed:
            self.records.append(record)
            self._changed.notify_all()

    def calls(self, kind: str, name: str | None = None) -> list[Record]:
        return [r for r in self.records if r.kind == kind and (name is None or r.name == name)]

    async def wait_for(
        self,
        kind: str,
        name: str | None = None,
        where: Callable[[Record], bool] | None = None,
        wait_s: float = 5.0,
    ) -> Record:
        """The first matching record not returned before, waiting for it if needed."""

        def find() -> Record | None:
            for i, r in enumerate(self.records):
                if i in self._taken or r.kind != kind or (name is not None and r.name != name):
                    continue
                if where is None or where(r):
                    self._taken.add(i)
                    return r
            return None

        async def wait() -> Record:
            async with self._changed:
                while True:
                    found = find()
                    if found is not None:
                        return found
                    await self._changed.wait()

        try:
            return await asyncio.wait_for(wait(), wait_s)
        except TimeoutError:
            seen = [(r.kind, r.name) for r in self.records]
            raise AssertionError(f"no {kind} {name or ''} within {wait_s}s; saw {seen}") from None

    async def api(self, method: str, **kw: Any) -> Record:
        return await self.wait_for("api", method, **kw)

    async def response(self, **kw: Any) -> Record:
        return await self.wait_for("response", **kw)

    async def settle(self, seconds: float = 0.3) -> None:
        await asyncio.sleep(seconds)

    # --- Web API ---------------------------------------------------------------------

    async def _args(self, request: web.Request) -> tuple[dict[str, Any], bytes]:
        args: dict[str, Any] = dict(request.query)
        raw = await request.read()
        ctype = request.content_type
        if ctype == "application/json" and raw:
            args.update(json.loads(raw))
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            args.update({k: v for k, v in form.items() if isinstance(v, str)})
        for key in ("blocks", "view", "files"):
            if isinstance(args.get(key), str):
                with contextlib.suppress(json.JSONDecodeError):
                    args[key] = json.loads(args[key])
        return args, raw

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args, raw = await self._args(request)
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip() or str(args.get("token") or "")
        await self._record(Record("api", method, args, token, raw))
        if method in self.failures:
            return web.json_response({"ok": False, "error": self.failures[method]})
        if method == "oauth.v2.access":
            return web.json_response(self._oauth_access(auth, args))
        if method == "apps.connections.open":
            if not token.startswith("xapp-"):
                return web.json_response({"ok": False, "error": "not_allowed_token_type"})
            return web.json_response({"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"})
        if not token.startswith("xoxb-"):
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"})
        body: dict[str, Any] = handler(args)
        if method == "auth.test" and token in self.token_teams:
            body["team_id"] = self.token_teams[token]
        return web.json_response({"ok": True, **body})

    # --- OAuth -----------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.Response:
        """The installer approves at once: back to the redirect URI with a new code."""
        query = request.query
        await self._record(Record("authorize", "oauth", dict(query)))
        if query.get("client_id") != self.client_id:
            return web.Response(status=400, text="invalid_client_id")
        code = f"code-{next(self._ids)}"
        self.codes[code] = (self.install_team, "U0INSTALLER")
        target = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
        raise web.HTTPFound(f"{query['redirect_uri']}?{target}")

    def _new_tokens(self, team: str) -> dict[str, Any]:
        n = next(self._ids)
        token, refresh = f"xoxb-{team}-{n}", f"xoxe-1-{team}-{n}"
        self.token_teams[token] = team
        self.refresh_tokens[refresh] = team
        return {
            "access_token": token,
            "refresh_token": refresh,
            "expires_in": self.token_lifetime,
            "token_type": "bot",
        }

    def _oauth_access(self, auth: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """oauth.v2.access: a code for an installation, or a refresh token for new tokens
        (the refresh token is used up)."""
        import base64

        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if auth != f"Basic {basic}":
            return {"ok": False, "error": "invalid_client_id"}
        if args.get("grant_type") == "refresh_token":
            team = self.refresh_tokens.pop(str(args.get("refresh_token")), None)
            if team is None:
                return {"ok": False, "error": "invalid_refresh_token"}
            return {"ok": True, "team": {"id": team}, **self._new_tokens(team)}
        found = self.codes.pop(str(args.get("code")), None)
        if found is None:
            return {"ok": False, "error": "invalid_code"}
        team, user = found
        return {
            "ok": True,
            "app_id": APP_ID,
            "authed_user": {"id": user},
            "scope": "commands,chat:write",
            "bot_user_id": BOT_USER,
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
            **self._new_tokens(team),
        }

    def _m_auth_test(self, args: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "url": f"https://{TEAM_DOMAIN}.slack.com/",
            "team": "Film Club",
            "user": "filmclub",
            "team_id": TEAM_ID,
            "user_id": BOT_USER,
            "bot_id": BOT_ID,
            "is_enterprise_install": False,
        }

    def _ts_next(self) -> str:
        return f"{1700000000 + next(self._ts)}.000100"

    def _m_chat_postMessage(self, args: Mapping[str, Any]) -> dict[str, Any]:
        ts = self._ts_next()
        message = {"ts": ts, "text": args.get("text"), "blocks": args.get("blocks")}
        return {"channel": args.get("channel"), "ts": ts, "message": message}

    def _m_chat_postEphemeral(self, args: Mapping[str, Any]) -> dict[str, Any]:
        return {"message_ts": self._ts_next()}

    def _m_chat_update(self, args: Mapping[str, Any]) -> dict[str, Any]:
        return {"channel": args.get("channel"), "ts": args.get("ts"), "text": args.get("text")}

    def _m_views_open(self, args: Mapping[str, Any]) -> dict[str, Any]:
        view = dict(args.get("view") or {})
        view["id"] = f"V{next(self._ids):04d}"
        return {"view": view}

    def _m_views_publish(self, args: Mapping[str, Any]) -> dict[str, Any]:
        view = dict(args.get("view") or {})
        if view.get("type") != "home" or not args.get("user_id"):
            return {"ok": False, "error": "invalid_arguments"}
        view["id"] = f"V{next(self._ids):04d}"
        self.homes[str(args["user_id"])] = view
        return {"view": view}

    def _m_users_info(self, args: Mapping[str, Any]) -> dict[str, Any]:
        user = str(args.get("user"))
        return {
            "user": {
                "id": user,
                "team_id": TEAM_ID,
                "name": user.lower(),
                "is_admin": user in self.admins or user in self.owners,
                "is_owner": user in self.owners,
                "is_primary_owner": False,
            }
        }

    def _m_usergroups_list(self, args: Mapping[str, Any]) -> dict[str, Any]:
        groups = [
            {"id": f"S{i:04d}", "team_id": TEAM_ID, "handle": handle, "name": handle.title()}
            for i, handle in enumerate(self.usergroups, 1)
        ]
        return {"usergroups": groups}

    def _m_usergroups_users_list(self, args: Mapping[str, Any]) -> dict[str, Any]:
        wanted = str(args.get("usergroup"))
        for i, handle in enumerate(self.usergroups, 1):
            if f"S{i:04d}" == wanted:
                return {"users": list(self.usergroups[handle])}
        return {"users": []}

    def _m_files_getUploadURLExternal(self, args: Mapping[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._ids):06d}"
        return {"upload_url": f"{self.root}/upload/{file_id}", "file_id": file_id}

    def _m_files_completeUploadExternal(self, args: Mapping[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        return {"files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        raw = await request.read()
        self.uploads[file_id] = raw
        await self._record(Record("upload", file_id, {"length": len(raw)}, raw=raw))
        return web.Response(text=f"OK - {len(raw)}")

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        raw = await request.read()
        data = json.loads(raw) if raw else {}
        await self._record(Record("response", key, data, raw=raw))
        if key in self.expired:
            return web.Response(status=404, text="expired_url")
        return web.Response(text="ok")

    # --- Socket Mode ---------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        self.ws = ws
        self.sockets_opened += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake-slack", "approximate_connection_time": 3600},
                "connection_info": {"app_id": APP_ID},
            }
        )
        self._connected.set()
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                envelope = str(data.get("envelope_id") or "")
                self.acks[envelope] = data
                await self._record(Record("ack", envelope, data))
        self._connected.clear()
        return ws

    async def connected(self, wait_s: float = 10.0) -> None:
        await asyncio.wait_for(self._connected.wait(), wait_s)

    async def send_envelope(self, kind: str, payload: Mapping[str, Any]) -> str:
        assert self.ws is not None, "no Socket Mode connection"
        envelope_id = f"env-{next(self._ids)}"
        await self.ws.send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "accepts_response_payload": kind != "events_api",
                "payload": dict(payload),
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    async def ack(self, envelope_id: str, wait_s: float = 5.0) -> dict[str, Any]:
        record = await self.wait_for("ack", envelope_id, wait_s=wait_s)
        return record.data


# --- payloads --------------------------------------------------------------------------


def slash_payload(
    fake: FakeSlack,
    command: str,
    text: str = "",
    *,
    user: str = "U100",
    user_name: str = "ana",
    channel: str = "C100",
    response_key: str = "r1",
    trigger_id: str = "1337.42.trigger",
) -> dict[str, str]:
    return {
        "token": "legacy-verification-token",
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel,
        "channel_name": "films",
        "user_id": user,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": fake.response_url(response_key),
        "trigger_id": trigger_id,
    }


def _who(user: str, user_name: str) -> dict[str, Any]:
    return {"id": user, "username": user_name, "name": user_name, "team_id": TEAM_ID}


def block_actions_payload(
    fake: FakeSlack,
    action_id: str,
    *,
    values: tuple[str, ...] | None = None,
    multi: bool = False,
    user: str = "U200",
    user_name: str = "bo",
    channel: str = "C100",
    message_ts: str = "1700000001.000100",
    ephemeral: bool = False,
    response_key: str = "a1",
) -> dict[str, Any]:
    if values is None:
        action: dict[str, Any] = {
            "type": "button",
            "action_id": action_id,
            "block_id": "b1",
            "text": {"type": "plain_text", "text": "x"},
            "value": action_id,
            "action_ts": "1700000002.000200",
        }
    elif multi:
        action = {
            "type": "multi_static_select",
            "action_id": action_id,
            "block_id": "b2",
            "selected_options": [
                {"text": {"type": "plain_text", "text": v}, "value": v} for v in values
            ],
            "action_ts": "1700000002.000200",
        }
    else:
        action = {
            "type": "static_select",
            "action_id": action_id,
            "block_id": "b2",
            "selected_option": {
                "text": {"type": "plain_text", "text": values[0]},
                "value": values[0],
            },
            "action_ts": "1700000002.000200",
        }
    return {
        "type": "block_actions",
        "user": _who(user, user_name),
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1337.43.trigger",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": "films"},
        "message": {"type": "message", "ts": message_ts, "user": BOT_USER, "text": "poll"},
        "response_url": fake.response_url(response_key),
        "actions": [action],
    }


def view_state(values: Mapping[str, Any]) -> dict[str, Any]:
    """``view.state.values`` for the given block ids: a str fills a text input, a
    ``("select", value)`` pair an external/static select, a bool a checkbox, a
    ``("file", file)`` pair a file input."""
    state: dict[str, Any] = {}
    for block, value in values.items():
        if isinstance(value, tuple) and value[0] == "file":
            state[block] = {"value": {"type": "file_input", "files": [value[1]]}}
            continue
        if isinstance(value, tuple) and value[0] == "select":
            element: dict[str, Any] = {
                "type": "external_select",
                "selected_option": {
                    "text": {"type": "plain_text", "text": value[1]},
                    "value": value[1],
                },
            }
            state[block] = {f"filmclub-suggest:{block}": element}
            continue
        if isinstance(value, bool):
            chosen = [{"value": "yes"}] if value else []
            state[block] = {"value": {"type": "checkboxes", "selected_options": chosen}}
            continue
        state[block] = {"value": {"type": "plain_text_input", "value": value}}
    return {"values": state}


def view_submission_payload(
    view: Mapping[str, Any],
    values: Mapping[str, Any],
    *,
    user: str = "U100",
    user_name: str = "ana",
) -> dict[str, Any]:
    submitted = {**view, "state": view_state(values), "team_id": TEAM_ID}
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": _who(user, user_name),
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "trigger_id": "1337.44.trigger",
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def block_suggestion_payload(
    view: Mapping[str, Any], block_id: str, value: str, *, user: str = "U100"
) -> dict[str, Any]:
    return {
        "type": "block_suggestion",
        "user": _who(user, "ana"),
        "container": {"type": "view", "view_id": view.get("id", "V0001")},
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "action_id": f"filmclub-suggest:{block_id}",
        "block_id": block_id,
        "value": value,
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "view": dict(view),
    }


def form_body(fields: Mapping[str, str]) -> str:
    return urllib.parse.urlencode(fields)


def app_home_opened_body(user: str = "U100", tab: str = "home") -> str:
    """The Events API envelope Slack sends when a member opens the app's Home tab."""
    return json.dumps(
        {
            "token": "legacy-verification-token",
            "team_id": TEAM_ID,
            "api_app_id": APP_ID,
            "type": "event_callback",
            "event_id": "Ev0001",
            "event_time": 1700000000,
            "event": {
                "type": "app_home_opened",
                "user": user,
                "channel": "D100",
                "tab": tab,
                "event_ts": "1700000000.000100",
            },
        }
    )


def message_shortcut_payload(
    fake: FakeSlack,
    text: str,
    *,
    callback_id: str = "add_to_watchlist",
    user: str = "U100",
    user_name: str = "ana",
    channel: str = "C100",
    response_key: str = "s1",
) -> dict[str, Any]:
    """A member runs a message shortcut on a message saying ``text``."""
    return {
        "type": "message_action",
        "callback_id": callback_id,
        "trigger_id": "1337.44.trigger",
        "action_ts": "1700000003.000300",
        "team": {"id": TEAM_ID, "domain": TEAM_DOMAIN},
        "user": _who(user, user_name),
        "channel": {"id": channel, "name": "films"},
        "message": {"type": "message", "user": "U999", "ts": "1700000000.000200", "text": text},
        "message_ts": "1700000000.000200",
        "response_url": fake.response_url(response_key),
        "api_app_id": APP_ID,
        "token": "legacy-verification-token",
        "is_enterprise_install": False,
        "enterprise": None,
    }


def sign_json(body: str, secret: str = SECRET) -> dict[str, str]:
    return {**sign(body, secret), "Content-Type": "application/json"}


def interactive_body(payload: Mapping[str, Any]) -> str:
    return urllib.parse.urlencode({"payload": json.dumps(payload)})


def sign(body: str, secret: str = SECRET, timestamp: int | None = None) -> dict[str, str]:
    """The headers Slack adds to a request: ``v0=HMAC-SHA256(v0:{ts}:{body})``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
        "Content-Type": "application/x-www-form-urlencoded",
    }


# --- a command set with the shapes of the real ones ------------------------------------------

FILMS = ("Her", "Lost in Translation", "The Lost Weekend", "Paris, Texas", "Before Sunrise")


@dataclass
class PollBook:
    options: list[str] = field(default_factory=list)
    votes: dict[str, int] = field(default_factory=dict)
    ranks: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def reply(self) -> Reply:
        lines = [
            f"{i}. {name}: {self.votes.get(name, 0)} votes" for i, name in enumerate(self.options)
        ]
        buttons = tuple(
            Button(name, f"poll:vote:1:{i}", ButtonStyle.PRIMARY)
            for i, name in enumerate(self.options)
        )
        return Reply(title="Poll #1: what do we watch?", text="\n".join(lines), buttons=buttons)

    def ranked(self) -> Reply:
        options = tuple(SelectOption(name, str(i)) for i, name in enumerate(self.options))
        select = Select("poll:rank:1", "Rank your favourites", options, max_values=3)
        text = f"{len(self.ranks)} ballots"
        return Reply(title="Poll #1 (ranked)", text=text, select=select)


def make_commands(book: PollBook | None = None) -> CommandSet:
    """Commands and actions for adapter tests; ``book`` holds the poll state."""
    polls = book if book is not None else PollBook()

    async def film(services: Services, req: Request) -> Reply:
        title = str(req.options.get("title") or "Her")
        quote = Quote(
            text="A love story that is also a tender & <strange> essay on loneliness.",
            author="Dana Critic",
            film=title,
            source="The Daily Reel",
            url="https://example.org/review",
        )
        return Reply(
            title=title,
            text=f"**{title}** (2013) is a film by [Spike Jonze](https://example.org/jonze).",
            fields=(Field("Year", "2013"), Field("Runtime", "126 min")),
            quote=quote,
            footer="Sources: test corpus",
        )

    async def scores(services: Services, req: Request) -> Reply:
        return Reply(
            title="Critic scores: Her",
            text="Median 8.7/10 from 5 critics.",
            image=Image("scores-her.png", PNG, alt="Critic scores for Her"),
        )

    async def rate(services: Services, req: Request) -> Reply:
        title = str(req.options["title"])
        raw = str(req.options["score"])
        try:
            score = float(raw.replace(",", "."))
        except ValueError:
            raise UserError(f"`score` must be a number from 0 to 10, not `{raw}`.") from None
        if not 0 <= score <= 10:
            raise UserError(f"`score` must be from 0 to 10, not `{raw}`.")

        def save(conn: Any) -> int:
            club = clubs.ensure_club(conn, req.club, req.club_name)
            return clubs.ensure_member(conn, club, req.member.id, req.member.name)

        await services.store.write(save)
        comment = req.options.get("comment")
        extra = f": {comment}" if comment else ""
        return Reply(text=f"{req.member.name} rated {title} {score:g}/10{extra}")

    async def purge(services: Services, req: Request) -> Reply:
        return Reply(text="Purged the test data.", ephemeral=True)

    async def help_(services: Services, req: Request) -> Reply:
        return Reply(title="filmclub commands", text="`/film`, `/rate`, `/help`, `/poll start`")

    async def big(services: Services, req: Request) -> Reply:
        paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 45
        return Reply(
            title="T" * 300,
            text="\n\n".join([paragraph] * 45),
            fields=tuple(
                Field(f"Field {i}", "v" * (2500 if i % 7 == 0 else 20)) for i in range(40)
            ),
            buttons=tuple(Button(f"Button {i} " + "x" * 90, f"poll:vote:9:{i}") for i in range(60)),
            footer="end",
        )

    async def poll_start(services: Services, req: Request) -> Reply:
        polls.options = list(req.options["films"])
        polls.votes = {}
        return polls.reply()

    async def poll_rank(services: Services, req: Request) -> Reply:
        polls.options = list(req.options["films"])
        polls.ranks = {}
        return polls.ranked()

    async def poll_action(services: Services, action: ActionRequest) -> ActionResult:
        parts = action.action_id.split(":")
        if parts[1] == "vote":
            name = polls.options[int(parts[3])]
            polls.votes[name] = polls.votes.get(name, 0) + 1
            return ActionResult(
                Reply(text=f"Your vote for {name} is counted.", ephemeral=True), polls.reply()
            )
        if parts[1] == "rank":
            chosen = tuple(polls.options[int(v)] for v in action.values)
            polls.ranks[action.member.id] = chosen
            text = "Your ranking: " + " > ".join(chosen)
            return ActionResult(Reply(text=text, ephemeral=True), polls.ranked())
        raise UserError("That poll is closed.")

    title = Option("title", "a film title", OptionKind.FILM)
    return CommandSet(
        commands=(
            Command("film", "Facts about a film", (title,), film),
            Command("scores", "Critic scores as a chart", (title,), scores, slow=True),
            Command(
                "rate",
                "Rate a film from 0 to 10",
                (
                    Option("title", "the film", OptionKind.FILM, required=True),
                    Option("score", "your score", OptionKind.SCORE, required=True),
                    Option("comment", "a few words", OptionKind.TEXT, greedy=True, max_length=500),
                ),
                rate,
            ),
            Command("purge", "Delete test data (admins)", (), purge, admin_only=True),
            Command("help", "List the commands", (Option("command", "a command"),), help_),
            Command("big", "An oversized reply", (), big),
            Command(
                "poll",
                "Polls",
                subcommands=(
                    Command(
                        "start",
                        "Start a poll",
                        (Option("films", "films, separated by |", OptionKind.LIST, required=True),),
                        poll_start,
                    ),
                    Command(
                        "rank",
                        "Start a ranked poll",
                        (Option("films", "films, separated by |", OptionKind.LIST, required=True),),
                        poll_rank,
                    ),
                ),
            ),
        ),
        actions={"poll": poll_action},
    )


class FakeDispatcher(Dispatcher):
    """The real dispatcher with title suggestions from :data:`FILMS`."""

    async def complete(
        self, club: str, kind: OptionKind, prefix: str, limit: int = 25
    ) -> list[str]:
        low = prefix.lower()
        return [t for t in FILMS if low in t.lower()][:limit]


# --- running the real adapter against the fake ------------------------------------------------


@dataclass
class Harness:
    fake: FakeSlack
    adapter: SlackAdapter
    store: Store
    services: Services
    session: ClientSession

    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}/slack/events"

    async def post(self, body: str, headers: Mapping[str, str] | None = None) -> tuple[int, str]:
        """POST a body to the adapter, signed with the right secret unless headers are given."""
        async with self.session.post(
            self.events_url, data=body.encode(), headers=dict(headers or sign(body))
        ) as resp:
            return resp.status, await resp.text()

    async def slash(self, command: str, text: str = "", **kw: Any) -> tuple[int, str]:
        return await self.post(form_body(slash_payload(self.fake, command, text, **kw)))

    async def interact(self, payload: Mapping[str, Any]) -> tuple[int, str]:
        return await self.post(interactive_body(payload))

    async def members(self) -> int:
        rows = await self.store.fetchall("SELECT COUNT(*) FROM members")
        return int(rows[0][0])


def _free_port() -> int:
    with socket_module.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.asynccontextmanager
async def running(
    tmp_path: Path,
    fake: FakeSlack,
    *,
    socket: bool = False,
    commands: CommandSet | None = None,
    dispatcher: Dispatcher | None = None,
    admin_group: str = "",
    secret: str = SECRET,
    distributed: bool = False,
) -> AsyncIterator[Harness]:
    """The real SlackAdapter talking to ``fake``: on ``dispatcher`` when given (its
    store is left open), else on a new SQLite file with :func:`make_commands`.
    ``distributed``: installed through OAuth (no bot token; workspaces install it)."""
    settings = Settings(
        db_path=str(tmp_path / "slack-club.db"),
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN if socket else "",
        slack_signing_secret=secret,
        slack_port=0,
        slack_api_url=fake.api_url,
        slack_admin_group=admin_group,
    )
    if distributed:
        port = _free_port()
        settings = dataclasses.replace(
            settings,
            slack_bot_token="",
            slack_port=port,
            slack_client_id=fake.client_id,
            slack_client_secret=fake.client_secret,
            slack_redirect_uri=f"http://127.0.0.1:{port}/slack/oauth_redirect",
        )
    own_store: Store | None = None
    if dispatcher is None:
        own_store = await Store.open(settings.db_path)
        services = Services(store=own_store, settings=settings)
        dispatcher = FakeDispatcher(services, commands or make_commands())
    adapter = SlackAdapter(dispatcher, settings, host="127.0.0.1")
    task = asyncio.create_task(adapter.run())
    session = ClientSession()
    try:
        ready = asyncio.create_task(adapter.wait_ready(10))
        await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            ready.cancel()
            await task
            raise AssertionError("the adapter stopped before it was ready")
        await ready
        if socket:
            await fake.connected()
        services = dispatcher.services
        yield Harness(fake, adapter, services.store, services, session)
    finally:
        await session.close()
        await adapter.stop()
        await asyncio.wait_for(task, 15)
        if own_store is not None:
            await own_store.close()


# --- Block Kit limits -------------------------------------------------------------------------


def assert_block_kit_limits(blocks: list[dict[str, Any]]) -> None:
    """Fail when a message breaks one of Slack's documented Block Kit limits."""
    assert 0 < len(blocks) <= 50, len(blocks)
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            assert 0 < len(block["text"]["text"]) <= 150
        elif kind == "section":
            if "text" in block:
                assert 0 < len(block["text"]["text"]) <= 3000
            if "fields" in block:
                assert 0 < len(block["fields"]) <= 10
                for f in block["fields"]:
                    assert 0 < len(f["text"]) <= 2000
        elif kind == "context":
            assert 0 < len(block["elements"]) <= 10
            for element in block["elements"]:
                assert 0 < len(element["text"]) <= 3000
        elif kind == "rich_text":
            for part in block["elements"]:
                for element in part["elements"]:
                    assert len(element["text"]) <= 3000
        elif kind == "actions":
            elements = block["elements"]
            assert 0 < len(elements) <= 25
            ids = [e["action_id"] for e in elements]
            assert len(ids) == len(set(ids)), "action_id must be unique within a block"
            for e in elements:
                assert len(e["action_id"]) <= 255
                if e["type"] == "button":
                    assert 0 < len(e["text"]["text"]) <= 75
                else:
                    assert len(e["placeholder"]["text"]) <= 150
                    groups = e.get("option_groups")
                    option_lists = [g["options"] for g in groups] if groups else [e["options"]]
                    assert len(option_lists) <= 100
                    for options in option_lists:
                        assert 0 < len(options) <= 100
                        for o in options:
                            assert 0 < len(o["text"]["text"]) <= 75
                            assert 0 < len(o["value"]) <= 150
        else:
            raise AssertionError(f"unexpected block type {kind}")
