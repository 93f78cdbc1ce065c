"""Slack distribution: the app installed through OAuth in any number of workspaces.

With ``SLACK_CLIENT_ID``, ``SLACK_CLIENT_SECRET`` and ``SLACK_REDIRECT_URI`` set,
``/slack/install`` starts slack-bolt's OAuth flow and ``/slack/oauth_redirect``
finishes it. Installations and the OAuth state values live in the project's own
store (:mod:`bot.store.slack_installs`), so every bot process sharing a database
sees every workspace, and a state value is accepted once. Tokens rotate: a bot
token close to its expiry is exchanged (``oauth.v2.access`` with the refresh token)
before it is used, and the new one saved.

Every Web API call, the OAuth exchange and token refreshes included, goes to
``SLACK_API_URL`` when it is set; the browser is sent to the ``oauth/v2/authorize``
page beside it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from logging import Logger
from typing import Any
from urllib.parse import urljoin, urlsplit

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.manifest import bot_scopes
from bot.commands.spec import CommandSet
from bot.config import Settings
from bot.store import Store, slack_installs
from bot.store.slack_installs import InstallKey

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
DEFAULT_REDIRECT_PATH = "/slack/oauth_redirect"
# A bot token this close to its expiry is refreshed before use (Slack's last 12 hours).
ROTATE_MINUTES = 120
STATE_LIFETIME = 600.0
# How long a workspace's token is reused without asking the store again, when it has
# no expiry of its own (an uninstall elsewhere is noticed within this time).
TOKEN_TTL = 60.0


class NotInstalled(RuntimeError):
    """No installation is stored for the workspace a message is meant for."""


def authorization_url(api_base: str) -> str:
    """The page installers are sent to, beside the Web API: ``https://slack.com/oauth/v2/authorize``
    for ``https://slack.com/api/``."""
    return urljoin(api_base, "../oauth/v2/authorize")


def redirect_path(settings: Settings) -> str:
    """The path of ``SLACK_REDIRECT_URI``, which this server answers."""
    return urlsplit(settings.slack_redirect_uri).path or DEFAULT_REDIRECT_PATH


def _key(
    enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
) -> InstallKey:
    if is_enterprise_install:
        return InstallKey(enterprise_id or "", "")
    return InstallKey(enterprise_id or "", team_id or "")


class StoreInstallationStore(AsyncInstallationStore):
    """slack-bolt's installation store over the project's store (SQLite or PostgreSQL)."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock
        self._logger = logging.getLogger(__name__ + ".installations")
        # Told the team (or enterprise) id whenever a workspace's installation goes.
        self.on_delete: list[Callable[[str], None]] = []

    @property
    def logger(self) -> Logger:
        return self._logger

    async def async_save(self, installation: Installation) -> None:
        enterprise = bool(installation.is_enterprise_install)
        key = _key(installation.enterprise_id, installation.team_id, enterprise)
        key = InstallKey(key.enterprise_id, key.team_id, installation.user_id or "")
        await self.store.write(
            slack_installs.save_installation,
            key,
            installation.to_dict_for_copying(),
            enterprise,
            float(installation.installed_at or self.clock()),
        )
        log.info("Slack installation saved for %s", key.team_id or key.enterprise_id)

    async def async_save_bot(self, bot: Bot) -> None:
        """Replace the bot part of the workspace's latest installation (a refreshed token)."""
        found = await self.async_find_installation(
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            is_enterprise_install=bot.is_enterprise_install,
        )
        if found is None:
            raise NotInstalled(f"no installation to update for {bot.team_id or bot.enterprise_id}")
        found.bot_token = bot.bot_token
        found.bot_refresh_token = bot.bot_refresh_token
        found.bot_token_expires_at = bot.bot_token_expires_at
        found.user_id = ""  # the latest installation only: the installer's stays as it was
        await self.async_save(found)

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = _key(enterprise_id, team_id, is_enterprise_install)
        key = InstallKey(key.enterprise_id, key.team_id, user_id or "")
        data = await self.store.read(slack_installs.find_installation, key)
        return None if data is None else Installation(**data)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        found = await self.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if found is None or not found.bot_token:
            return None
        return found.to_bot()

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        key = InstallKey(enterprise_id or "", team_id or "", user_id or "")
        await self.store.write(slack_installs.delete_installations, key, not user_id)
        if not user_id:
            self._deleted(key)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        key = InstallKey(enterprise_id or "", team_id or "")
        await self.store.write(slack_installs.delete_installations, key, True)
        self._deleted(key)

    def _deleted(self, key: InstallKey) -> None:
        log.info("Slack installation removed for %s", key.team_id or key.enterprise_id)
        for listener in self.on_delete:
            listener(key.team_id or key.enterprise_id)


class StoreStateStore(AsyncOAuthStateStore):
    """OAuth state values in the project's store, each accepted once and for
    ``lifetime`` seconds: a replayed or stale redirect is refused."""

    def __init__(
        self, store: Store, lifetime: float = STATE_LIFETIME, clock: Callable[[], float] = time.time
    ) -> None:
        self.store = store
        self.lifetime = lifetime
        self.clock = clock
        self._logger = logging.getLogger(__name__ + ".states")

    @property
    def logger(self) -> Logger:
        return self._logger

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(24)
        await self.store.write(slack_installs.issue_state, state, self.clock(), self.lifetime)
        return state

    async def async_consume(self, state: str) -> bool:
        if not state:
            return False
        used: bool = await self.store.write(
            slack_installs.consume_state, state, self.clock(), self.lifetime
        )
        return used


def oauth_settings(
    settings: Settings,
    installations: StoreInstallationStore,
    states: StoreStateStore,
    api_base: str,
    *,
    scopes: list[str],
) -> AsyncOAuthSettings:
    """slack-bolt's OAuth settings for this instance: bot scopes only, rotation on."""
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=scopes,
        user_scopes=[],
        redirect_uri=settings.slack_redirect_uri,
        install_path=INSTALL_PATH,
        redirect_uri_path=redirect_path(settings),
        authorization_url=authorization_url(api_base),
        installation_store=installations,
        token_rotation_expiration_minutes=ROTATE_MINUTES,
        state_store=states,
        state_expiration_seconds=int(states.lifetime),
        logger=logging.getLogger("adapters.slack.bolt.oauth"),
    )


@dataclass
class _Token:
    token: str
    good_until: float


class WorkspaceClients:
    """A Web API client for each installed workspace, with its current bot token.

    Tokens are read from the installation store and refreshed there when close to
    expiry (one refresh at a time per workspace in a process; the refreshed token is
    saved for every process). ``base`` supplies the API URL and the HTTP session.
    """

    def __init__(
        self,
        base: AsyncWebClient,
        installations: StoreInstallationStore,
        client_id: str,
        client_secret: str,
        *,
        minutes_before_expiration: int = ROTATE_MINUTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base = base
        self.installations = installations
        self.rotator = AsyncTokenRotator(
            client_id=client_id, client_secret=client_secret, client=base
        )
        self.minutes = minutes_before_expiration
        self.clock = clock
        self._tokens: dict[str, _Token] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        installations.on_delete.append(self.forget)

    def forget(self, team_id: str) -> None:
        self._tokens.pop(team_id, None)

    def _lock(self, team_id: str) -> asyncio.Lock:
        return self._locks.setdefault(team_id, asyncio.Lock())

    async def refresh(self, installation: Installation) -> Installation | None:
        """The installation with fresh tokens when they are close to expiry (saved for
        every process), else None.

        One refresh at a time per workspace in this process; the stored installation is
        read again under the lock, so a refresh another request or process made first
        is used rather than repeated. When the exchange fails because another process
        used the refresh token first, its saved result is used.
        """
        team = installation.team_id or installation.enterprise_id or ""
        async with self._lock(team):
            return await self._refresh_locked(installation)

    async def _refresh_locked(self, installation: Installation) -> Installation | None:
        current = await self._again(installation) or installation
        try:
            refreshed = await self.rotator.perform_token_rotation(
                installation=current, minutes_before_expiration=self.minutes
            )
        except SlackTokenRotationError:
            saved = await self._again(current)
            if saved is not None and saved.bot_token != current.bot_token:
                log.info("another process refreshed the token; using its result")
                return saved
            raise
        if refreshed is not None:
            await self.installations.async_save(refreshed)
            log.info("refreshed the bot token of Slack workspace %s", team_label(refreshed))
            return refreshed
        return current if current.bot_token != installation.bot_token else None

    async def _again(self, installation: Installation) -> Installation | None:
        return await self.installations.async_find_installation(
            enterprise_id=installation.enterprise_id,
            team_id=installation.team_id,
            user_id=installation.user_id or None,
            is_enterprise_install=installation.is_enterprise_install,
        )

    async def token_for(self, team_id: str) -> str:
        """The bot token to use for ``team_id`` now (team id or enterprise id)."""
        cached = self._tokens.get(team_id)
        if cached is not None and self.clock() < cached.good_until:
            return cached.token
        async with self._lock(team_id):
            cached = self._tokens.get(team_id)
            if cached is not None and self.clock() < cached.good_until:
                return cached.token
            installation = await self._find(team_id)
            if installation is None or not installation.bot_token:
                self._tokens.pop(team_id, None)
                raise NotInstalled(f"filmclub is not installed in Slack workspace {team_id}")
            refreshed = await self._refresh_locked(installation)
            if refreshed is not None:
                installation = refreshed
            token = str(installation.bot_token)
            self._tokens[team_id] = _Token(token, self._good_until(installation))
            return token

    def _good_until(self, installation: Installation) -> float:
        now = self.clock()
        expires = installation.bot_token_expires_at
        if expires is None:
            return now + TOKEN_TTL
        return min(now + TOKEN_TTL, float(expires) - self.minutes * 60)

    async def _find(self, team_id: str) -> Installation | None:
        found = await self.installations.async_find_installation(
            enterprise_id=None, team_id=team_id
        )
        if found is None:
            # An organization-wide installation is named by its enterprise id.
            found = await self.installations.async_find_installation(
                enterprise_id=team_id, team_id=None, is_enterprise_install=True
            )
        return found

    async def client_for(self, team_id: str) -> AsyncWebClient:
        token = await self.token_for(team_id)
        return AsyncWebClient(
            token=token,
            base_url=self.base.base_url,
            session=self.base.session,
            timeout=self.base.timeout,
            team_id=team_id,
            logger=self.base.logger,
        )


def team_label(installation: Installation) -> str:
    return str(installation.team_id or installation.enterprise_id or "?")


class WorkspaceAuthorize(AsyncInstallationStoreAuthorize):
    """slack-bolt's authorization from the installation store, its token refreshes
    made through :class:`WorkspaceClients` (one at a time per workspace, never twice
    with the same refresh token).

    The ``auth.test`` answer for a token is kept, so a command does not wait for a
    round trip to Slack before it is acknowledged; a refreshed token's old answer is
    dropped, and an uninstalled workspace has no token to look up.
    """

    def __init__(self, clients: WorkspaceClients, client_id: str, client_secret: str) -> None:
        super().__init__(
            logger=logging.getLogger("adapters.slack.bolt.authorize"),
            installation_store=clients.installations,
            client_id=client_id,
            client_secret=client_secret,
            token_rotation_expiration_minutes=clients.minutes,
            client=clients.base,
            cache_enabled=True,
        )
        self.clients = clients

    async def _rotate_and_save_tokens_if_necessary(
        self, installation: Installation | None
    ) -> Installation | None:
        if installation is None or installation.bot_refresh_token is None:
            return None
        refreshed = await self.clients.refresh(installation)
        if refreshed is not None and installation.bot_token:
            self.authorize_result_cache.pop(installation.bot_token, None)
        return refreshed


async def answer_url_verification(
    body: dict[str, Any], next: Callable[[], Awaitable[None]]
) -> BoltResponse | None:
    """Echo the challenge of Slack's ``url_verification`` request (sent when the events
    URL is set), whether or not bolt's own answer is switched on."""
    if body.get("type") == "url_verification":
        return BoltResponse(status=200, body={"challenge": str(body.get("challenge") or "")})
    await next()
    return None


def add_oauth_routes(app: web.Application, flow: AsyncOAuthFlow) -> None:
    """Serve the install page and the OAuth redirect on the adapter's HTTP server."""

    async def install(request: web.Request) -> web.Response:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=dict(request.headers)
        )
        response: web.Response = await to_aiohttp_response(
            await flow.handle_installation(bolt_request)
        )
        return response

    async def redirect(request: web.Request) -> web.Response:
        bolt_request = AsyncBoltRequest(
            body="", query=request.query_string, headers=dict(request.headers)
        )
        response: web.Response = await to_aiohttp_response(await flow.handle_callback(bolt_request))
        return response

    app.router.add_get(flow.install_path, install)
    app.router.add_get(flow.redirect_uri_path, redirect)


def check_token_settings(settings: Settings) -> None:
    """Refuse a Slack setup that names no workspace token or mixes the two modes."""
    if settings.slack_distributed:
        if settings.slack_bot_token:
            raise ValueError(
                "set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET"
                " and SLACK_REDIRECT_URI (installed through OAuth), not both"
            )
        if settings.slack_app_token or not settings.slack_signing_secret:
            raise ValueError(
                "an app installed through OAuth serves /slack/install over HTTP:"
                " set SLACK_SIGNING_SECRET and leave SLACK_APP_TOKEN empty"
            )
        return
    if not settings.slack_bot_token:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    if not (settings.slack_app_token or settings.slack_signing_secret):
        raise ValueError("set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)")


@dataclass
class Distribution:
    """Everything an adapter installed in many workspaces needs: the stores slack-bolt
    keeps installations and states in, and the per-workspace clients."""

    settings: Settings
    installations: StoreInstallationStore
    states: StoreStateStore
    clients: WorkspaceClients
    api_base: str

    @classmethod
    def of(cls, base: AsyncWebClient, store: Store, settings: Settings) -> Distribution | None:
        """The distribution set up by ``settings``; None for a single workspace."""
        if not settings.slack_distributed:
            return None
        installations = StoreInstallationStore(store)
        clients = WorkspaceClients(
            base, installations, settings.slack_client_id, settings.slack_client_secret
        )
        return cls(settings, installations, StoreStateStore(store), clients, base.base_url)

    def attach(self, bolt: AsyncApp) -> None:
        """Forget a workspace on ``app_uninstalled`` and ``tokens_revoked``, and answer
        Slack's check of the events URL those arrive at."""
        bolt.enable_token_revocation_listeners()
        bolt.middleware(answer_url_verification)

    def app_options(self, commands: CommandSet) -> dict[str, Any]:
        """The AsyncApp arguments: the installation store itself as well as the OAuth
        settings (bolt's uninstall listeners use it), and an authorization whose token
        refreshes go through :class:`WorkspaceClients`. Every call they make, the OAuth
        exchange included, uses the app's client and so ``SLACK_API_URL``."""
        scopes = bot_scopes(commands, bool(self.settings.slack_admin_group))
        return {
            "installation_store": self.installations,
            "authorize": WorkspaceAuthorize(
                self.clients, self.settings.slack_client_id, self.settings.slack_client_secret
            ),
            "oauth_settings": oauth_settings(
                self.settings, self.installations, self.states, self.api_base, scopes=scopes
            ),
        }
