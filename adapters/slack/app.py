"""The Slack front end: slash commands, buttons, menus and modals through slack-bolt.

One :class:`SlackAdapter` serves a workspace (or, installed through OAuth, many:
see :mod:`adapters.slack.install`) in either mode: Socket Mode when
an app-level token (``SLACK_APP_TOKEN``) is set, otherwise HTTP on
``SLACK_HOST``:``SLACK_PORT`` at ``/slack/events``. In HTTP mode each request's
signature is checked on the raw body before anything reads it, and a signed
request is accepted once. Every slash command and interaction is acknowledged
first; the work and the answer (through ``response_url`` or the Web API)
follow as tasks the adapter tracks, so stopping finishes them (within
``FILMCLUB_SHUTDOWN_GRACE``) before the process exits.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

import yarl
from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.internal_utils import get_user_agent

from adapters.admission import BUSY, Admission
from adapters.http1 import Poster, PostError
from adapters.slack.blocks import SELECT_OPTIONS, SlackMessage, render, render_one
from adapters.slack.install import Distribution, add_oauth_routes, check_token_settings
from adapters.slack.manifest import CATCH_ALL, HOME_EVENT, WATCHLIST_SHORTCUT, slash_commands
from adapters.slack.modals import (
    CALLBACK_ID,
    SUGGEST_PREFIX,
    ModalContext,
    build_modal,
    form_prefill,
    modal_errors,
    read_submission,
    suggested_option,
    suggestion_options,
    wants_modal,
)
from adapters.slack.signing import RequestGuard
from bot.commands.spec import Command, OptionKind
from bot.config import Settings
from bot.dispatch import Dispatcher
from bot.errors import UserError
from bot.home import home
from bot.links import film_mention
from bot.messages import (
    ActionRequest,
    Announcement,
    Attachment,
    Field,
    Member,
    Reply,
    Request,
    Rich,
    Timestamp,
    error_reply,
)
from bot.polls import posts as poll_posts
from bot.screenings import posted_message, record_post, record_thread
from bot.textparse import parse_line, split_command

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
EVENTS_PATH = "/slack/events"
PLATFORM = "slack"
RESPONSE_URL_USES = 5
RENDERS_KEPT = 256
ACK_BUDGET = 2.5
ADMIN_TTL = 300.0
WEBHOOK_HEADERS = {
    "Content-Type": "application/json;charset=utf-8",
    "User-Agent": get_user_agent(),
}
FORM = "application/x-www-form-urlencoded"

try:  # orjson (the optional ``fast`` extra) encodes replies several times faster
    import orjson

    def json_bytes(value: Any) -> bytes:
        return orjson.dumps(value)

except ImportError:  # pragma: no cover - without the extra

    def json_bytes(value: Any) -> bytes:
        return json.dumps(value).encode()


NO_IDENTITY = "This request names no member or workspace, so it cannot be run."

SlackFailure = (SlackApiError, SlackRequestError, ClientError, OSError, TimeoutError)


class SlackSetupError(RuntimeError):
    """Slack rejected a configured token."""


def api_base_url(settings: Settings) -> str:
    """The Web API base URL, always with the trailing slash slack_sdk's urljoin needs."""
    url = settings.slack_api_url.strip() or DEFAULT_API_URL
    return url if url.endswith("/") else url + "/"


# chat.update answers that say the message cannot be edited, now or later.
_MESSAGE_GONE = frozenset(
    {"message_not_found", "channel_not_found", "cant_update_message", "is_archived"}
)


def _error_code(exc: BaseException) -> str:
    if isinstance(exc, SlackApiError):
        with contextlib.suppress(Exception):
            return str(exc.response.get("error") or "error")
    return type(exc).__name__


class AdminCheck:
    """Whether a member is a club admin: a workspace admin or owner (``users.info``),
    or a member of the user group named in ``SLACK_ADMIN_GROUP`` or of the club's own
    group (``/club admins``, looked up through ``club_group``). Answers are cached for
    ``ttl`` seconds."""

    def __init__(
        self,
        client: AsyncWebClient,
        group: str = "",
        ttl: float = ADMIN_TTL,
        clock: Callable[[], float] = time.monotonic,
        club_group: Callable[[str], Awaitable[str | None]] | None = None,
        clients: Callable[[str], Awaitable[AsyncWebClient]] | None = None,
    ) -> None:
        self.client = client
        # The club's own workspace client (an app installed in many workspaces).
        self.clients = clients
        self.group = _group_name(group)
        self.ttl = ttl
        self.clock = clock
        self.club_group = club_group
        self._users: dict[tuple[str, str], tuple[float, bool]] = {}
        self._groups: dict[tuple[str, str], tuple[float, frozenset[str]]] = {}

    def forget(self) -> None:
        self._users.clear()
        self._groups.clear()

    async def is_admin(self, user_id: str, club: str = "") -> bool:
        groups = [self.group] if self.group else []
        if club and self.club_group is not None:
            own = _group_name(await self.club_group(club) or "")
            if own and own not in groups:
                groups.append(own)
        key = (user_id, f"{club}|" + ",".join(groups))
        now = self.clock()
        cached = self._users.get(key)
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        role = await self._workspace_admin(user_id, club)
        admin = bool(role)
        for group in groups:
            if admin:
                break
            members = await self._group_members(group, club)
            admin = members is not None and user_id in members
        if role is not None:
            self._users[key] = (now, admin)
        return admin

    async def _client(self, club: str) -> AsyncWebClient:
        return self.client if self.clients is None else await self.clients(club)

    async def _workspace_admin(self, user_id: str, club: str) -> bool | None:
        try:
            info = await (await self._client(club)).users_info(user=user_id)
        except SlackFailure as exc:
            log.warning("users.info for %s failed: %s", user_id, _error_code(exc))
            return None
        user = info.get("user") or {}
        return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))

    async def _group_members(self, group: str, club: str) -> frozenset[str] | None:
        now = self.clock()
        cached = self._groups.get((club, group))
        if cached is not None and now - cached[0] < self.ttl:
            return cached[1]
        try:
            client = await self._client(club)
            listing = await client.usergroups_list()
            group_id = None
            for found in listing.get("usergroups") or []:
                names = {str(found.get(k) or "").lower() for k in ("id", "handle", "name")}
                if group in names:
                    group_id = found.get("id")
                    break
            if group_id is None:
                log.warning("Slack user group %r not found; its members are not admins", group)
                members: frozenset[str] = frozenset()
            else:
                users = await client.usergroups_users_list(usergroup=group_id)
                members = frozenset(str(u) for u in users.get("users") or [])
        except SlackFailure as exc:
            log.warning("reading Slack user group %r failed: %s", group, _error_code(exc))
            return None
        self._groups[(club, group)] = (now, members)
        return members


def _group_name(group: str) -> str:
    return group.strip().lstrip("@").lower()


@dataclass(frozen=True)
class Origin:
    """Where a command or interaction came from."""

    club: str
    channel: str
    member: Member
    club_name: str = ""


def _club_key(team_id: str) -> str:
    return f"{PLATFORM}:{team_id or 'unknown'}"


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def origin_of_command(command: Mapping[str, Any]) -> Origin:
    user = str(command.get("user_id") or "")
    return Origin(
        club=_club_key(str(command.get("team_id") or command.get("enterprise_id") or "")),
        channel=str(command.get("channel_id") or ""),
        member=Member(id=user, name=str(command.get("user_name") or user)),
        club_name=str(command.get("team_domain") or ""),
    )


def origin_of_interaction(body: Mapping[str, Any], channel: str = "") -> Origin:
    team = _mapping(body.get("team"))
    user = _mapping(body.get("user"))
    team_id = str(
        team.get("id") or user.get("team_id") or _mapping(body.get("enterprise")).get("id") or ""
    )
    if not channel:
        channel = str(
            _mapping(body.get("channel")).get("id")
            or _mapping(body.get("container")).get("channel_id")
            or ""
        )
    user_id = str(user.get("id") or "")
    return Origin(
        club=_club_key(team_id),
        channel=channel,
        member=Member(id=user_id, name=str(user.get("username") or user.get("name") or user_id)),
        club_name=str(team.get("domain") or ""),
    )


def identity_missing(origin: Origin) -> bool:
    """A request Slack sent without a user or a team cannot be attributed to anyone."""
    return not origin.member.id or origin.club == _club_key("")


INTERACTIONS = frozenset(
    {
        "block_actions",
        "block_suggestion",
        "view_submission",
        "view_closed",
        "shortcut",
        "message_action",
        "interactive_message",
        "dialog_submission",
    }
)


def _request_origin(body: Mapping[str, Any]) -> Origin | None:
    """Who sent a slash command or interaction (bolt's parsed body); None for other requests."""
    if "command" in body:
        return origin_of_command(body)
    if body.get("type") in INTERACTIONS:
        return origin_of_interaction(body)
    return None


def _selected_values(action: Mapping[str, Any]) -> tuple[str, ...]:
    selected = action.get("selected_option")
    if isinstance(selected, Mapping):
        return (str(selected.get("value") or ""),)
    many = action.get("selected_options")
    if isinstance(many, list):
        return tuple(str(_mapping(o).get("value") or "") for o in many)
    return ()


class SlackAdapter:
    """Slack for one workspace (Socket Mode or HTTP mode) or, installed through OAuth, for
    many (HTTP mode), and the ``slack`` announcer."""

    platform = PLATFORM
    # run() returns after stop() once acknowledged work is done (see bot.runner).
    drains_on_stop = True

    def __init__(
        self,
        dispatcher: Dispatcher,
        settings: Settings,
        *,
        host: str | None = None,
        path: str = EVENTS_PATH,
        admin_ttl: float = ADMIN_TTL,
    ) -> None:
        check_token_settings(settings)
        self.dispatcher = dispatcher
        # Poll messages already noted, so a click on one writes nothing more.
        self.poll_notes = poll_posts.PostNotes()
        self.settings = settings
        self.host = host if host is not None else settings.slack_host
        self.path = path
        self.guard = RequestGuard(settings.slack_signing_secret)
        self.socket_mode = bool(settings.slack_app_token)
        self.client = AsyncWebClient(
            token=settings.slack_bot_token or None, base_url=api_base_url(settings)
        )
        services = dispatcher.services
        self.distribution = Distribution.of(self.client, services.store, settings)
        self.admins = AdminCheck(
            self.client,
            settings.slack_admin_group,
            admin_ttl,
            club_group=lambda club: services.club_settings.admin_role(services.store, club),
            clients=self._client_for if self.distribution else None,
        )
        self.slash = slash_commands(dispatcher.commands)
        registered = set(self.slash.values())
        self._reserved_paths = frozenset(
            c.name for c in dispatcher.commands.commands if c.name not in registered
        )
        self._reserved_pattern = (
            re.compile(
                r"(?<![\w/])/(" + "|".join(map(re.escape, sorted(self._reserved_paths))) + r")\b"
            )
            if self._reserved_paths
            else None
        )
        self.port: int | None = None
        self._stopping = asyncio.Event()
        self._ready = asyncio.Event()
        self._accepting = False
        self._work: dict[asyncio.Task[None], str] = {}
        self._idle = asyncio.Event()
        self._idle.set()
        self._session: ClientSession | None = None
        # response_url answers: kept-alive connections, far cheaper per POST than aiohttp's client.
        self._poster: Poster | None = None
        # Rendered replies, least recently used first (see _rendered); read-only.
        self._renders: OrderedDict[Reply, list[SlackMessage]] = OrderedDict()
        self.admission = Admission()
        # Listeners acknowledge themselves and hand the work to tracked tasks, so
        # bolt answers Slack as soon as ack() is called. Signatures are checked
        # in _http_request, before bolt reads the body (Socket Mode needs none).
        self.bolt = AsyncApp(
            **self.distribution.app_options(dispatcher.commands) if self.distribution else {},
            client=self.client,
            signing_secret=settings.slack_signing_secret,
            name="filmclub",
            logger=logging.getLogger("adapters.slack.bolt"),
            process_before_response=True,
            request_verification_enabled=False,
            # No workflow functions: bolt's middleware for their tokens would only
            # cost time per request. (URL verification and ignoring the bot's own
            # events stay: the app subscribes to App Home events.)
            attaching_function_token_enabled=False,
        )
        # One listener for every slash command: bolt tries listeners in turn, and a
        # listener per command would cost a matcher call for each one passed over.
        self.bolt.command(re.compile(r"^/"))(self._on_command)
        self.bolt.action(re.compile(r".+"))(self._on_action)
        self.bolt.options(re.compile("^" + re.escape(SUGGEST_PREFIX)))(self._on_suggestion)
        self.bolt.view(CALLBACK_ID)(self._on_view_submission)
        self.bolt.event(HOME_EVENT)(self._on_home_opened)
        self.bolt.shortcut(WATCHLIST_SHORTCUT)(self._on_watchlist_shortcut)
        if self.distribution:
            self.distribution.attach(self.bolt)

    # --- lifecycle ------------------------------------------------------------

    async def run(self) -> None:
        """Serve until :meth:`stop`; registers the announcer while running.

        Raises :class:`SlackSetupError` at once when Slack rejects a token.
        """
        self._session = ClientSession(
            connector=TCPConnector(limit=100), timeout=ClientTimeout(total=30)
        )
        self.client.session = self._session
        self._poster = Poster(timeout=30)
        try:
            await self._check_tokens()
            outbox = self.dispatcher.services.outbox
            outbox.register(self)
            try:
                self._accepting = True
                if self.socket_mode:
                    await self._run_socket_mode()
                else:
                    await self._run_http()
            finally:
                self._accepting = False
                outbox.unregister(self)
                self._ready.clear()
                await self._drain(self.settings.shutdown_grace)
                self._stopping.clear()
        finally:
            self.client.session = None
            await self._session.close()
            self._session = None
            await self._poster.close()
            self._poster = None

    async def stop(self) -> None:
        """Stop accepting requests; :meth:`run` returns once acknowledged work is done."""
        self._accepting = False
        self._stopping.set()

    async def _check_tokens(self) -> None:
        """Fail fast on a token Slack rejects; only warn when Slack cannot be reached."""
        checks: list[tuple[str, Callable[[], Awaitable[Any]]]] = []
        if self.settings.slack_bot_token:
            checks.append(("SLACK_BOT_TOKEN", self.client.auth_test))
        if self.socket_mode:
            app_token = self.settings.slack_app_token
            checks.append(
                ("SLACK_APP_TOKEN", lambda: self.client.apps_connections_open(app_token=app_token))
            )
        for name, call in checks:
            try:
                await call()
            except SlackApiError as exc:
                raise SlackSetupError(f"Slack rejected {name}: {_error_code(exc)}") from None
            except SlackFailure as exc:
                log.warning("could not check %s with Slack yet: %s", name, _error_code(exc))

    async def wait_ready(self, seconds: float = 10.0) -> None:
        """Wait until the HTTP server listens or the socket is connected."""
        await asyncio.wait_for(self._ready.wait(), seconds)

    async def _run_socket_mode(self) -> None:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        handler: Any = AsyncSocketModeHandler(
            self.bolt, app_token=self.settings.slack_app_token, web_client=self.client
        )
        connect = asyncio.ensure_future(handler.connect_async())
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            await asyncio.wait({connect, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if connect.done() and connect.exception() is None:
                log.info("Slack Socket Mode connected")
                self._ready.set()
            await stopping
        finally:
            stopping.cancel()
            with contextlib.suppress(Exception):
                await handler.close_async()
            if not connect.done():
                connect.cancel()
            with contextlib.suppress(BaseException):
                await connect

    def web_app(self) -> web.Application:
        """The aiohttp application serving Slack's requests at ``path``."""
        app = web.Application()
        app.router.add_post(self.path, self._http_request)
        app.router.add_get("/healthz", self._healthz)
        if self.distribution and self.bolt.oauth_flow is not None:
            add_oauth_routes(app, self.bolt.oauth_flow)
        return app

    async def _http_request(self, request: web.Request) -> web.Response:
        """Verify, then parse, then hand to bolt: nothing reads an unsigned body."""
        if not self._accepting:
            return web.Response(status=503, text="shutting down")
        raw = await request.read()
        refusal = self.guard.check(raw, request.headers)
        if refusal is not None:
            log.info("refused a Slack request: %s", refusal.reason)
            return web.Response(status=refusal.status, text=refusal.reason)
        command = self._slash_command(raw, request.content_type)
        if command is not None:
            return await self._direct_command(command)
        try:
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
            )
            if not isinstance(bolt_request.body, dict):
                raise ValueError("the body is not an object")
        except (ValueError, TypeError, AttributeError, KeyError) as exc:
            # bolt parses the body here: JSON errors, a payload that is not an object
            log.info("refused a signed Slack request with a malformed body: %s", exc)
            return web.Response(status=400, text="malformed body")
        origin = _request_origin(bolt_request.body)
        if origin is not None and identity_missing(origin):
            log.info("refused a Slack request without a user or team id")
            return web.Response(status=400, text="no user or team")
        if "command" in bolt_request.body and self._shed(bolt_request.body):
            # Turned away before bolt's dispatch: the cheapest answer when overloaded.
            return web.json_response({"text": BUSY, "response_type": "ephemeral"})
        bolt_response = await self.bolt.async_dispatch(bolt_request)
        response: web.Response = await to_aiohttp_response(bolt_response)
        return response

    def _slash_command(self, raw: bytes, content_type: str) -> dict[str, str] | None:
        """A signed slash command's fields, for one workspace's HTTP endpoint; None for
        anything else (interactions, events, SSL checks, several workspaces), which
        bolt handles."""
        if self.distribution or content_type != FORM or raw[:1] == b"{":
            return None
        try:
            fields = dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        except (UnicodeDecodeError, ValueError):
            return None
        if "command" not in fields or "payload" in fields or "ssl_check" in fields:
            return None
        return fields

    async def _direct_command(self, command: dict[str, str]) -> web.Response:
        """A slash command answered without bolt's dispatch: one listener, one
        acknowledgement, the same as bolt would send."""
        origin = origin_of_command(command)
        if identity_missing(origin):
            log.info("refused a Slack request without a user or team id")
            return web.Response(status=400, text="no user or team")
        if self._shed(command):
            return web.json_response({"text": BUSY, "response_type": "ephemeral"})
        answer: list[dict[str, str]] = []

        async def ack(text: str = "", response_type: str | None = None) -> None:
            body = {"text": text}
            if response_type:
                body["response_type"] = response_type
            answer.append(body)

        await self._on_command(ack, command)
        if not answer or answer[0] == {"text": ""}:
            return web.Response(text="")
        return web.json_response(answer[0])

    async def _healthz(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def _run_http(self) -> None:
        runner = web.AppRunner(self.web_app(), access_log=None)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.settings.slack_port)
            await site.start()
            server = getattr(site, "_server", None)
            sockets = getattr(server, "sockets", None) or []
            self.port = int(sockets[0].getsockname()[1]) if sockets else self.settings.slack_port
            log.info("Slack HTTP endpoint on %s:%s%s", self.host, self.port, self.path)
            self._ready.set()
            await self._stopping.wait()
        finally:
            await runner.cleanup()

    def _spawn(self, work: Coroutine[Any, Any, None], name: str, ticket: int | None = None) -> None:
        """Run acknowledged work as a task the adapter waits for when stopping."""
        task = asyncio.ensure_future(work)
        self._work[task] = name
        self._idle.clear()
        if ticket is not None:
            task.add_done_callback(lambda _: self.admission.done(ticket))
        task.add_done_callback(self._work_done)

    def _work_done(self, task: asyncio.Task[None]) -> None:
        name = self._work.pop(task, "work")
        if not self._work:
            self._idle.set()
        if not task.cancelled() and task.exception() is not None:
            log.error("%s failed", name, exc_info=task.exception())

    @property
    def in_flight(self) -> int:
        return len(self._work)

    async def _drain(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for acknowledged work; name what is left."""
        if self._work:
            log.info("finishing %d acknowledged Slack requests", len(self._work))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), grace)
        left = dict(self._work)
        if not left:
            return
        log.warning(
            "%d Slack requests still running after %ss, abandoned: %s",
            len(left),
            grace,
            "; ".join(sorted(left.values())),
        )
        for task in left:
            task.cancel()
        await asyncio.gather(*left, return_exceptions=True)

    # --- announcer ----------------------------------------------------------------

    async def announce(self, announcement: Announcement) -> None:
        """Post a message the core sends on its own (a poll opening or closing, a
        screening, its reminder); a discussion goes in a thread."""
        if announcement.discussion is not None:
            await self._discuss(announcement)
            return
        reply = self._slack_names(announcement.reply).with_(ephemeral=False)
        if announcement.replaces is not None:
            current = await poll_posts.current_message(self.dispatcher.services, announcement)
            await self._replace(announcement, self._slack_names(current).with_(ephemeral=False))
            return
        client = await self._client_for(announcement.club)
        first: str | None = None
        for message in render(reply):
            posted = await client.chat_postMessage(
                channel=announcement.channel, text=message.text, blocks=message.blocks
            )
            first = first or str(posted.get("ts") or "") or None
        if reply.image is not None:
            await self._upload(reply, announcement.channel, None, None, announcement.club)
        if announcement.screening is not None and announcement.cancel_event is None:
            await record_post(self.dispatcher.services, announcement, first, None)
        elif announcement.screening is not None:
            await self._cross_out(announcement, reply)
        if reply.poll is not None and first:
            await poll_posts.record_post(
                self.dispatcher.services,
                announcement.club,
                reply.poll,
                announcement.channel,
                first,
            )

    async def _replace(self, announcement: Announcement, reply: Reply) -> None:
        """Edit a message already posted (a poll whose films changed) to show the reply.
        A message deleted meanwhile is forgotten; other failures are retried."""
        assert announcement.replaces is not None
        message = render_one(reply)
        client = await self._client_for(announcement.club)
        try:
            await client.chat_update(
                channel=announcement.channel,
                ts=announcement.replaces,
                text=message.text,
                blocks=message.blocks,
            )
        except SlackFailure as exc:
            code = _error_code(exc)
            if code not in _MESSAGE_GONE:
                raise
            log.info("could not edit message %s: %s", announcement.replaces, code)
            if code == "message_not_found":
                await poll_posts.forget_post(self.dispatcher.services, announcement)

    async def _cross_out(self, announcement: Announcement, reply: Reply) -> None:
        """The cancelled screening's own message says so, its buttons gone."""
        assert announcement.screening is not None
        ts = await posted_message(self.dispatcher.services, announcement.screening)
        if not ts:
            return
        message = render_one(reply)
        client = await self._client_for(announcement.club)
        try:
            await client.chat_update(
                channel=announcement.channel, ts=ts, text=message.text, blocks=message.blocks
            )
        except SlackFailure as exc:
            log.info("could not mark the screening message %s cancelled: %s", ts, _error_code(exc))

    async def _discuss(self, announcement: Announcement) -> None:
        """The discussion as a thread: on the screening's message when there is one,
        else on a new message carrying its title."""
        discussion = announcement.discussion
        assert discussion is not None
        channel = announcement.channel
        client = await self._client_for(announcement.club)
        parent = discussion.anchor
        if not parent:
            head = render(Reply(title=discussion.title))[0]
            posted = await client.chat_postMessage(
                channel=channel, text=head.text, blocks=head.blocks
            )
            parent = str(posted["ts"])
        await record_thread(self.dispatcher.services, announcement, f"{channel}:{parent}")
        for reply in discussion.replies:
            for message in render(self._slack_names(reply).with_(ephemeral=False)):
                await client.chat_postMessage(
                    channel=channel, thread_ts=parent, text=message.text, blocks=message.blocks
                )

    # --- slash commands -----------------------------------------------------------

    async def _on_command(self, ack: Any, command: dict[str, Any]) -> None:
        """Acknowledge at once; the command runs in a tracked task."""
        origin = origin_of_command(command)
        if identity_missing(origin):
            await ack(text=NO_IDENTITY, response_type="ephemeral")
            return
        line = self._command_line(command)
        if line is None:
            slash = str(command.get("command") or "")[:40]
            await ack(text=f"`{slash}` is not a filmclub command.", response_type="ephemeral")
            return
        response_url = str(command.get("response_url") or "") or None
        trigger = str(command.get("trigger_id") or "")
        target = self._target(line)
        heavy = self._heavy(line, target)
        ticket = self.admission.admit(heavy=heavy)
        if ticket is None:
            await ack(text=BUSY, response_type="ephemeral")
            return
        try:
            if heavy and target is not None:
                notice = f"Working on `/{self._slash_path(target[0])}`…"
                await ack(text=notice, response_type="ephemeral")
            else:
                await ack()
        except BaseException:
            self.admission.done(ticket)
            raise
        self._spawn(
            self._run_command(line, origin, response_url, trigger, target),
            f"/{line[:80]} (member {origin.member.id})",
            ticket,
        )

    def _command_line(self, command: Mapping[str, Any]) -> str | None:
        """The core command line a slash command stands for; None for one not ours."""
        slash = str(command.get("command") or "").lower()
        if slash not in self.slash:
            return None
        prefix = self.slash[slash]
        text = str(command.get("text") or "").strip()
        if not prefix and text.startswith("/"):
            text = text[1:].lstrip()
        return f"{prefix} {text}".strip() if prefix else (text or "help")

    def _shed(self, command: Mapping[str, Any]) -> bool:
        """Whether admission control turns this slash command away now."""
        pressure = self.admission.pressure()
        if not pressure:
            return False
        heavy = False
        if pressure == 1:
            line = self._command_line(command)
            heavy = line is not None and self._heavy(line, self._target(line))
            if not heavy:
                return False
        self.admission.refused(heavy=heavy)
        return True

    async def _run_command(
        self,
        line: str,
        origin: Origin,
        response_url: str | None,
        trigger: str,
        target: tuple[str, Command, bool] | None,
    ) -> None:
        is_admin = await self._admin_if_needed(target[1] if target else None, origin)
        if target is not None:
            path, cmd, has_arguments = target
            allowed = is_admin or not cmd.admin_only
            ctx = ModalContext(path, origin.channel, response_url or "", origin.club_name)
            if not has_arguments and trigger and allowed and wants_modal(cmd):
                if await self._open_modal(trigger, cmd, ctx, club=origin.club):
                    return
            elif has_arguments and trigger and allowed and cmd.form_option:
                typed = self._typed_options(line)
                prefill = form_prefill(cmd, typed) if typed is not None else None
                if prefill is not None and await self._open_modal(
                    trigger, cmd, ctx, prefill, club=origin.club
                ):
                    return
        reply = await self.dispatcher.dispatch_text(
            "/" + line,
            club=origin.club,
            channel=origin.channel,
            member=origin.member,
            is_admin=is_admin,
            club_name=origin.club_name,
        )
        await self._deliver(reply, origin, response_url)

    async def _admin_if_needed(self, cmd: Command | None, origin: Origin) -> bool:
        """Ask Slack who is an admin only when the command's answer depends on it."""
        if cmd is None or not (cmd.admin_only or cmd.checks_admin):
            return False
        return await self.admins.is_admin(origin.member.id, origin.club)

    def _target(self, line: str) -> tuple[str, Command, bool] | None:
        """The command a line runs and whether any argument follows it."""
        try:
            path, cmd, rest = split_command(line, self.dispatcher.commands)
        except UserError:
            return None
        return path, cmd, bool(rest)

    def _heavy(self, line: str, target: tuple[str, Command, bool] | None) -> bool:
        """Whether the command is slow work with the options typed (``/scores Her``
        draws a chart, ``/scores Her chart:no`` does not)."""
        if target is None or not target[1].slow:
            return False
        typed = self._typed_options(line)
        return target[1].is_slow(typed) if typed is not None else True

    def _typed_options(self, line: str) -> dict[str, Any] | None:
        try:
            return dict(parse_line("/" + line, self.dispatcher.commands).options)
        except UserError:
            return None

    async def _open_modal(
        self,
        trigger_id: str,
        cmd: Command,
        ctx: ModalContext,
        initial: Mapping[str, Any] | None = None,
        *,
        club: str = "",
    ) -> bool:
        try:
            view = build_modal(cmd, ctx, initial)
            client = await self._client_for(club)
            await client.views_open(trigger_id=trigger_id, view=view)
        except SlackFailure as exc:
            log.warning("views.open for /%s failed: %s", ctx.path, _error_code(exc))
            return False
        return True

    # --- App Home and the message shortcut -----------------------------------------

    async def _on_home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        self._spawn(self._publish_home(body, event), f"home tab of {event.get('user')}")

    async def _publish_home(self, body: Mapping[str, Any], event: Mapping[str, Any]) -> None:
        """Draw the member's Home tab afresh each time they open it."""
        if event.get("tab", "home") != "home":
            return
        user = str(event.get("user") or "")
        club = _club_key(str(body.get("team_id") or ""))
        reply = await home(self.dispatcher.services, club, user)
        blocks = render_one(self._slack_names(reply)).blocks
        client = await self._client_for(club)
        await client.views_publish(user_id=user, view={"type": "home", "blocks": blocks})

    async def _on_watchlist_shortcut(self, ack: Any, body: dict[str, Any]) -> None:
        await ack()
        origin = origin_of_interaction(body)
        if identity_missing(origin):
            return
        self._spawn(
            self._watchlist_shortcut(body), f"watchlist shortcut (member {origin.member.id})"
        )

    async def _watchlist_shortcut(self, body: Mapping[str, Any]) -> None:
        """ "Add to watchlist" on a message: the film it links to or names."""
        origin = origin_of_interaction(body)
        response_url = str(body.get("response_url") or "") or None
        text = str(_mapping(body.get("message")).get("text") or "")
        try:
            mention = await film_mention(self.dispatcher.services, text)
        except UserError as exc:
            reply = error_reply(exc.message)
        else:
            reply = await self.dispatcher.dispatch(
                Request(
                    club=origin.club,
                    channel=origin.channel,
                    member=origin.member,
                    command="watchlist add",
                    options={"title": mention.query()},
                    is_admin=await self.admins.is_admin(origin.member.id, origin.club),
                    club_name=origin.club_name,
                )
            )
        await self._deliver(reply.with_(ephemeral=True), origin, response_url)

    # --- buttons and menus --------------------------------------------------------

    async def _on_action(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        origin = origin_of_interaction(body)
        if identity_missing(origin):
            return
        action_id = str(action.get("action_id") or "")
        self._spawn(
            self._handle_action(body, action),
            f"button {action_id[:80]} (member {origin.member.id})",
        )

    async def _handle_action(self, body: Mapping[str, Any], action: Mapping[str, Any]) -> None:
        origin = origin_of_interaction(body)
        response_url = str(body.get("response_url") or "") or None
        is_admin = await self.admins.is_admin(origin.member.id, origin.club)
        result = await self.dispatcher.act(
            ActionRequest(
                club=origin.club,
                channel=origin.channel,
                member=origin.member,
                action_id=str(action.get("action_id") or ""),
                values=_selected_values(action),
                is_admin=is_admin,
            )
        )
        if result.refresh is not None:
            await self._refresh(body, origin, result.refresh, response_url)
            container = _mapping(body.get("container"))
            if result.refresh.poll is not None and not container.get("is_ephemeral"):
                # A poll message posted through response_url is known from its clicks.
                await self.poll_notes.note(
                    self.dispatcher.services,
                    origin.club,
                    result.refresh.poll,
                    str(container.get("channel_id") or origin.channel),
                    str(container.get("message_ts") or ""),
                )
        await self._deliver(result.reply, origin, response_url, replace_original=False)

    async def _refresh(
        self, body: Mapping[str, Any], origin: Origin, reply: Reply, response_url: str | None
    ) -> None:
        """Replace the message holding the clicked component."""
        message = render_one(self._slack_names(reply))
        container = _mapping(body.get("container"))
        channel = str(container.get("channel_id") or origin.channel)
        ts = str(container.get("message_ts") or _mapping(body.get("message")).get("ts") or "")
        if ts and channel and not container.get("is_ephemeral"):
            try:
                client = await self._client_for(origin.club)
                await client.chat_update(
                    channel=channel, ts=ts, text=message.text, blocks=message.blocks
                )
                return
            except SlackFailure as exc:
                log.info(
                    "chat.update failed (%s); replacing through response_url", _error_code(exc)
                )
        if response_url:
            payload = {**message.payload(), "replace_original": True}
            await self._respond(response_url, payload)

    # --- modals -------------------------------------------------------------------

    async def _on_suggestion(self, ack: Any, body: dict[str, Any]) -> None:
        await ack(options=await self._suggestions(body))

    async def _suggestions(self, body: Mapping[str, Any]) -> list[dict[str, Any]]:
        view = _mapping(body.get("view"))
        ctx = ModalContext.load(str(view.get("private_metadata") or ""))
        cmd = self.dispatcher.commands.resolve(ctx.path) if ctx else None
        opt = suggested_option(cmd, str(body.get("action_id") or "")) if cmd else None
        if opt is None:
            return []
        typed = str(body.get("value") or "")
        origin = origin_of_interaction(body)
        try:
            found = await asyncio.wait_for(
                self.dispatcher.complete(origin.club, opt.kind, typed, SELECT_OPTIONS), ACK_BUDGET
            )
        except TimeoutError:
            log.warning("suggestions for %s took too long", opt.name)
            found = []
        return suggestion_options(found, typed)

    async def _on_view_submission(
        self, ack: Any, body: dict[str, Any], view: dict[str, Any]
    ) -> None:
        await self._handle_submission(ack, body, view)

    async def _handle_submission(
        self, ack: Any, body: Mapping[str, Any], view: Mapping[str, Any]
    ) -> None:
        started = time.monotonic()
        ctx = ModalContext.load(str(view.get("private_metadata") or ""))
        cmd = self.dispatcher.commands.resolve(ctx.path) if ctx else None
        if ctx is None or cmd is None:
            await ack()
            return
        found = origin_of_interaction(body, ctx.channel)
        if identity_missing(found):
            await ack()
            return
        origin = Origin(found.club, found.channel, found.member, found.club_name or ctx.team_domain)
        values = _mapping(_mapping(view.get("state")).get("values"))
        options = self._attachments(cmd, read_submission(cmd, values), origin.club)

        async def run() -> Reply:
            is_admin = await self._admin_if_needed(cmd, origin)
            request = Request(
                club=origin.club,
                channel=origin.channel,
                member=origin.member,
                command=ctx.path,
                options=options,
                is_admin=is_admin,
                club_name=origin.club_name,
            )
            return await self.dispatcher.dispatch(request)

        task = asyncio.ensure_future(run())
        budget = max(0.1, ACK_BUDGET - (time.monotonic() - started))
        done, _ = await asyncio.wait({task}, timeout=budget)
        response_url = ctx.response_url or None
        if task in done:
            reply = task.result()
            if reply.error:
                errors = modal_errors(cmd, reply.text, options)
                if errors:
                    await ack(response_action="errors", errors=errors)
                    return
            await ack()
            self._spawn(self._deliver(reply, origin, response_url), f"/{ctx.path} form answer")
        else:
            await ack()

            async def finish() -> None:
                await self._deliver(await task, origin, response_url)

            self._spawn(finish(), f"/{ctx.path} form (member {origin.member.id})")

    def _attachments(self, cmd: Command, options: dict[str, Any], club: str = "") -> dict[str, Any]:
        """Files uploaded in a modal, as attachments the core downloads when it needs them."""
        for opt in cmd.options:
            found = options.get(opt.name)
            if opt.kind is not OptionKind.ATTACHMENT or not isinstance(found, Mapping):
                continue
            url = str(found.get("url_private_download") or found.get("url_private") or "")
            name = str(found.get("name") or "upload")
            size = int(found.get("size") or 0)
            options[opt.name] = Attachment(
                name, size, functools.partial(self._download, url, size, club)
            )
        return options

    async def _download(self, url: str, size: int, club: str = "") -> bytes:
        """A private Slack file, fetched with the bot token from Slack's own hosts only."""
        host = yarl.URL(url).host or ""
        allowed = {yarl.URL(api_base_url(self.settings)).host, "files.slack.com", "slack.com"}
        if host not in allowed:
            raise UserError("That file is not hosted by Slack.")
        token = (await self._client_for(club)).token
        headers = {"Authorization": f"Bearer {token}"}
        if self._session is None:
            raise UserError("Slack is not connected right now; please try again in a moment.")
        async with self._session.get(url, headers=headers) as resp:
            resp.raise_for_status()
            return await resp.content.read(max(size, 1) + 1)

    # --- sending ------------------------------------------------------------------

    async def _deliver(
        self,
        reply: Reply,
        origin: Origin,
        response_url: str | None,
        *,
        replace_original: bool | None = None,
    ) -> None:
        """Send a reply: through ``response_url`` while it lasts, then the Web API."""
        ephemeral = reply.ephemeral
        for i, message in enumerate(self._rendered(reply)):
            sent = False
            if i == 0 and reply.poll is not None and not ephemeral:
                # Posted through the Web API, the poll message's ts is known, so the
                # message can be edited when the poll's films change.
                sent = await self._post_poll(reply.poll, origin, message)
            if not sent and response_url and i < RESPONSE_URL_USES:
                payload: dict[str, Any] = {
                    **message.payload(),
                    "response_type": "ephemeral" if ephemeral else "in_channel",
                }
                if replace_original is not None:
                    payload["replace_original"] = replace_original
                sent = await self._respond(response_url, payload)
            if not sent:
                await self._post(origin, message, ephemeral)
        if reply.image is not None:
            await self._upload(reply, origin.channel, origin, response_url, origin.club)

    def _rendered(self, reply: Reply) -> list[SlackMessage]:
        """The reply's messages in Block Kit; a reply given before (the same card to
        many members) is rendered once. Replies holding typed times or a picture
        are rendered afresh each time."""
        plain = reply.image is None and not any(
            isinstance(text, Rich)
            for text in (
                reply.text,
                reply.title,
                reply.footer,
                *(part for f in reply.fields for part in (f.name, f.value)),
            )
        )
        if not plain:
            return render(self._slack_names(reply))
        try:
            messages = self._renders.get(reply)
        except TypeError:  # something unhashable inside
            return render(self._slack_names(reply))
        if messages is None:
            messages = render(self._slack_names(reply))
            self._renders[reply] = messages
            if len(self._renders) > RENDERS_KEPT:
                self._renders.popitem(last=False)
        else:
            self._renders.move_to_end(reply)
        return messages

    async def _respond(self, url: str, payload: dict[str, Any]) -> bool:
        """POST a message to a ``response_url`` over the adapter's kept-alive connections
        (what slack_sdk's webhook client sends, without building a client per message)."""
        poster = self._poster
        if poster is None:
            log.warning("posting to response_url failed: not connected")
            return False
        try:
            answer = await poster.post(url, json_bytes(payload), WEBHOOK_HEADERS)
        except (PostError, ValueError) as exc:
            log.warning("posting to response_url failed: %s", exc)
            return False
        if answer.status != 200:
            text = answer.body[:200].decode("utf-8", "replace")
            log.warning("response_url answered %s: %s", answer.status, text)
            return False
        return True

    async def _post_poll(self, poll_id: int, origin: Origin, message: SlackMessage) -> bool:
        """Post a poll message with chat.postMessage and note its ts; False when Slack
        refuses (the bot is not in the channel), for the caller to answer as before."""
        try:
            client = await self._client_for(origin.club)
            posted = await client.chat_postMessage(
                channel=origin.channel, text=message.text, blocks=message.blocks
            )
        except SlackFailure as exc:
            log.info(
                "poll message not posted in %s (%s); answering through the command",
                origin.channel,
                _error_code(exc),
            )
            return False
        ts = str(posted.get("ts") or "")
        channel = str(posted.get("channel") or origin.channel)
        await poll_posts.record_post(self.dispatcher.services, origin.club, poll_id, channel, ts)
        return True

    async def _post(self, origin: Origin, message: SlackMessage, ephemeral: bool) -> None:
        try:
            client = await self._client_for(origin.club)
            if ephemeral:
                await client.chat_postEphemeral(
                    channel=origin.channel,
                    user=origin.member.id,
                    text=message.text,
                    blocks=message.blocks,
                )
            else:
                await client.chat_postMessage(
                    channel=origin.channel, text=message.text, blocks=message.blocks
                )
        except SlackFailure as exc:
            log.warning("posting to %s failed: %s", origin.channel, _error_code(exc))

    async def _upload(
        self,
        reply: Reply,
        channel: str,
        origin: Origin | None,
        response_url: str | None,
        club: str = "",
    ) -> None:
        """Upload the reply's picture to the channel (files_upload_v2)."""
        image = reply.image
        assert image is not None
        problem = ""
        if reply.ephemeral:
            problem = "charts are posted only in public replies"
        else:
            try:
                client = await self._client_for(club)
                await client.files_upload_v2(
                    channel=channel,
                    file=image.data,
                    filename=image.filename,
                    title=reply.title or image.filename,
                    alt_txt=image.alt or None,
                )
                return
            except SlackFailure as exc:
                code = _error_code(exc)
                log.warning("uploading %s to %s failed: %s", image.filename, channel, code)
                problem = f"the upload failed ({code})"
                if code in ("not_in_channel", "channel_not_found"):
                    problem += "; invite me to this channel to see charts"
        if origin is None:
            return
        note = Reply(text=f"I could not show the chart: {problem}.", ephemeral=True)
        await self._deliver(note, origin, response_url, replace_original=False)

    async def _client_for(self, club: str) -> AsyncWebClient:
        """The Web API client for a club's workspace (``slack:<team>``): the one bot
        token's client, or the installation's when installed in many workspaces."""
        if not self.distribution:
            return self.client
        return await self.distribution.clients.client_for(club.split(":", 1)[-1])

    # --- names ----------------------------------------------------------------------

    def _slash_path(self, path: str) -> str:
        head = path.split(" ", 1)[0]
        return f"{CATCH_ALL} {path}" if head in self._reserved_paths else path

    def _slack_names(self, reply: Reply) -> Reply:
        """Write core commands Slack cannot register (``/help``) as ``/filmclub help``."""
        pattern = self._reserved_pattern
        if pattern is None:
            return reply

        def fix(text: str) -> str:
            if isinstance(text, Rich):  # keep its times typed
                return Rich(*(p if isinstance(p, Timestamp) else fix(p) for p in text.parts))
            if "/" not in text:
                return text
            return pattern.sub(lambda m: f"/{CATCH_ALL} {m.group(1)}", text)

        return reply.with_(
            title=fix(reply.title) if reply.title else reply.title,
            text=fix(reply.text),
            footer=fix(reply.footer) if reply.footer else reply.footer,
            fields=tuple(Field(fix(f.name), fix(f.value), f.inline) for f in reply.fields),
        )
