"""The app installed in many workspaces: slack-bolt's OAuth flow on the adapter's
server against the local fake's ``oauth/v2/authorize``, ``oauth.v2.access`` and
``auth.test``, the installed workspace's token used for everything, and tokens
refreshed before they expire."""

from __future__ import annotations

import asyncio
import html
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Installation

from adapters.slack.install import (
    NotInstalled,
    StoreInstallationStore,
    WorkspaceClients,
    answer_url_verification,
    authorization_url,
    check_token_settings,
)
from adapters.slack.manifest import MANIFEST_PATH, manifest
from bot.config import Settings
from bot.messages import Announcement, Reply
from bot.store import Store
from tests.slack_fake import FakeSlack, Harness, form_body, running, sign, slash_payload

pytestmark = [
    pytest.mark.timeout(60),
    # slack_sdk sends the client credentials of oauth.v2.access with aiohttp's BasicAuth.
    pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning"),
]

NEW_TEAM = "T0NEW"


async def install(h: Harness, browser: ClientSession) -> str:
    """Visit /slack/install, follow its link to Slack's authorize page and Slack's
    redirect back, with the state cookie the install page set (a Secure cookie: sent
    by hand, as a browser would over https); the final page's text."""
    base = f"http://127.0.0.1:{h.adapter.port}"
    async with browser.get(f"{base}/slack/install") as resp:
        assert resp.status == 200
        page = await resp.text()
        cookie = resp.cookies["slack-app-oauth-state"]
    assert cookie["secure"] and cookie["httponly"]
    link = re.search(r'href="([^"]+oauth/v2/authorize[^"]+)"', page)
    assert link is not None, page
    async with browser.get(html.unescape(link.group(1)), allow_redirects=False) as resp:
        assert resp.status == 302
        back = resp.headers["Location"]
    assert back.startswith(h.adapter.settings.slack_redirect_uri + "?")
    headers = {"Cookie": f"slack-app-oauth-state={cookie.value}"}
    async with browser.get(back, headers=headers) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.text()


async def installed(h: Harness, team: str = NEW_TEAM) -> Installation | None:
    assert h.adapter.distribution is not None
    return await h.adapter.distribution.installations.async_find_installation(
        enterprise_id=None, team_id=team
    )


async def test_install_stores_the_workspace_and_a_replayed_state_is_refused(
    tmp_path: Path, fake: FakeSlack
) -> None:
    async with (
        running(tmp_path, fake, distributed=True) as h,
        ClientSession() as browser,
    ):
        await install(h, browser)
        asked = (await fake.wait_for("authorize", "oauth")).data
        assert asked["client_id"] == fake.client_id
        assert asked["redirect_uri"] == h.adapter.settings.slack_redirect_uri
        assert set(asked["scope"].split(",")) >= {"commands", "chat:write", "users:read"}
        exchange = await fake.api("oauth.v2.access")
        assert exchange.data["code"].startswith("code-")
        checked = await fake.api("auth.test")

        found = await installed(h)
        assert found is not None
        assert found.bot_token == checked.token and found.bot_token.startswith(f"xoxb-{NEW_TEAM}-")
        assert found.bot_refresh_token is not None
        assert found.bot_token_expires_at is not None
        assert found.bot_token_expires_at > time.time() + 12 * 3600 - 60
        assert found.user_id == "U0INSTALLER"

        # The same redirect again, state cookie and all: the state was used up.
        state = asked["state"]
        redirect = f"{h.adapter.settings.slack_redirect_uri}?code=code-again&state={state}"
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        async with ClientSession() as replay, replay.get(redirect, headers=cookie) as resp:
            assert resp.status == 401
        assert len(fake.calls("api", "oauth.v2.access")) == 1

        # A state never issued is refused too.
        forged = f"{h.adapter.settings.slack_redirect_uri}?code=x&state=forged"
        async with (
            ClientSession() as other,
            other.get(forged, headers={"Cookie": "slack-app-oauth-state=forged"}) as resp,
        ):
            assert resp.status == 401
        assert len(fake.calls("api", "oauth.v2.access")) == 1


async def test_a_slash_command_runs_with_its_workspace_token(
    tmp_path: Path, fake: FakeSlack
) -> None:
    async with (
        running(tmp_path, fake, distributed=True) as h,
        ClientSession() as browser,
    ):
        # Not installed yet: bolt answers with its install notice, nothing runs.
        payload = slash_payload(fake, "/purge", user="UADMIN") | {"team_id": NEW_TEAM}
        status, _ = await h.post(form_body(payload))
        assert status == 200
        notice = await fake.response()
        assert "install" in notice.data["text"].lower()
        assert not fake.calls("api", "users.info")

        await install(h, browser)
        found = await installed(h)
        assert found is not None and found.bot_token
        token = found.bot_token

        status, _ = await h.post(form_body(payload | {"response_url": fake.response_url("r2")}))
        assert status == 200
        assert (await fake.response(where=lambda r: r.name == "r2")).data["text"] == (
            "Purged the test data."
        )
        admin = await fake.api("users.info")
        assert admin.token == token and admin.data["user"] == "UADMIN"
        assert fake.calls("api", "auth.test")[-1].token == token

        # A command that posts through the Web API: a modal opened with the same token.
        form = slash_payload(fake, "/rate", response_key="r3") | {"team_id": NEW_TEAM}
        await h.post(form_body(form))
        assert (await fake.api("views.open")).token == token

        # Announcements from the scheduler and the outbox find the workspace by club.
        await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C500", Reply("Poll open")))
        posted = await fake.api("chat.postMessage")
        assert posted.token == token and posted.data["channel"] == "C500"
        with pytest.raises(NotInstalled):
            await h.adapter.announce(Announcement("slack:T0GONE", "C1", Reply("nobody")))


async def test_a_token_near_expiry_is_refreshed_and_the_new_one_used(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.token_lifetime = 60  # within the two hours before expiry that trigger a refresh
    async with (
        running(tmp_path, fake, distributed=True) as h,
        ClientSession() as browser,
    ):
        await install(h, browser)
        first = await installed(h)
        assert first is not None and first.bot_refresh_token
        fake.token_lifetime = 43200

        payload = slash_payload(fake, "/purge", user="UADMIN") | {"team_id": NEW_TEAM}
        await h.post(form_body(payload))
        assert (await fake.response()).data["text"] == "Purged the test data."

        refresh = [
            r
            for r in fake.calls("api", "oauth.v2.access")
            if r.data.get("grant_type") == "refresh_token"
        ]
        assert len(refresh) == 1
        assert refresh[0].data["refresh_token"] == first.bot_refresh_token
        second = await installed(h)
        assert second is not None and second.bot_token != first.bot_token
        assert second.bot_token_expires_at is not None
        assert second.bot_token_expires_at > time.time() + 12 * 3600 - 60
        assert fake.calls("api", "auth.test")[-1].token == second.bot_token
        assert (await fake.api("users.info")).token == second.bot_token
        installer = await h.adapter.distribution.installations.async_find_installation(  # type: ignore[union-attr]
            enterprise_id=None, team_id=NEW_TEAM, user_id="U0INSTALLER"
        )
        assert installer is not None and installer.bot_token == second.bot_token


async def test_an_announcement_refreshes_a_token_near_expiry_itself(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.token_lifetime = 60
    async with (
        running(tmp_path, fake, distributed=True) as h,
        ClientSession() as browser,
    ):
        await install(h, browser)
        first = await installed(h)
        assert first is not None
        fake.token_lifetime = 43200
        await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C9", Reply("Results")))
        posted = await fake.api("chat.postMessage")
        second = await installed(h)
        assert second is not None and second.bot_token != first.bot_token
        assert posted.token == second.bot_token
        # The fresh token is kept: the next announcement needs no refresh.
        await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C9", Reply("Again")))
        assert (await fake.api("chat.postMessage")).token == second.bot_token
        refreshes = [
            r
            for r in fake.calls("api", "oauth.v2.access")
            if r.data.get("grant_type") == "refresh_token"
        ]
        assert len(refreshes) == 1


def test_the_authorize_page_sits_beside_the_api() -> None:
    assert authorization_url("https://slack.com/api/") == "https://slack.com/oauth/v2/authorize"
    assert authorization_url("http://127.0.0.1:8/api/") == "http://127.0.0.1:8/oauth/v2/authorize"


def test_distribution_settings_are_all_or_nothing_and_need_http() -> None:
    env = {
        "SLACK_CLIENT_ID": "1.2",
        "SLACK_CLIENT_SECRET": "s",
        "SLACK_REDIRECT_URI": "https://films.example/slack/oauth_redirect",
        "SLACK_SIGNING_SECRET": "x",
    }
    settings = Settings.from_env(env, env_file=None)
    assert settings.slack_distributed and settings.slack_enabled
    check_token_settings(settings)
    for key in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_REDIRECT_URI"):
        partial = {k: v for k, v in env.items() if k != key}
        with pytest.raises(ValueError, match=key):
            Settings.from_env(partial, env_file=None)
    with pytest.raises(ValueError, match="SLACK_REDIRECT_URI"):
        Settings.from_env(env | {"SLACK_REDIRECT_URI": "films.example/redirect"}, env_file=None)
    with pytest.raises(ValueError, match="not both"):
        check_token_settings(Settings.from_env(env | {"SLACK_BOT_TOKEN": "xoxb-1"}, env_file=None))
    with pytest.raises(ValueError, match="SLACK_APP_TOKEN"):
        check_token_settings(Settings.from_env(env | {"SLACK_APP_TOKEN": "xapp-1"}, env_file=None))
    single = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "x"}, None)
    assert single.slack_enabled and not single.slack_distributed
    check_token_settings(single)


async def test_uninstalling_forgets_the_workspace(tmp_path: Path, fake: FakeSlack) -> None:
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C1", Reply("Hello")))
        await fake.api("chat.postMessage")
        event = {
            "token": "legacy-verification-token",
            "team_id": NEW_TEAM,
            "api_app_id": "A0FILM",
            "type": "event_callback",
            "event_id": "Ev0001",
            "event_time": int(time.time()),
            "event": {"type": "app_uninstalled", "event_ts": f"{time.time():.6f}"},
        }
        body = json.dumps(event)
        status, _ = await h.post(body, sign(body) | {"Content-Type": "application/json"})
        assert status == 200
        assert await installed(h) is None
        with pytest.raises(NotInstalled):
            await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C1", Reply("Gone?")))
        assert len(fake.calls("api", "chat.postMessage")) == 1


def test_the_distribution_manifest_has_the_redirect_url_and_rotates_tokens() -> None:
    from bot.commands import COMMANDS

    single = manifest(COMMANDS, name="filmclub", request_url="https://films.example/slack/events")
    assert single["settings"]["token_rotation_enabled"] is False
    assert "redirect_urls" not in single["oauth_config"]
    single_events = single["settings"]["event_subscriptions"]["bot_events"]
    assert "app_uninstalled" not in single_events and "tokens_revoked" not in single_events
    many = manifest(
        COMMANDS,
        name="filmclub",
        request_url="https://films.example/slack/events",
        redirect_url="https://films.example/slack/oauth_redirect",
    )
    assert many["oauth_config"]["redirect_urls"] == ["https://films.example/slack/oauth_redirect"]
    assert many["oauth_config"]["scopes"] == single["oauth_config"]["scopes"]
    assert many["settings"]["token_rotation_enabled"] is True
    assert many["settings"]["socket_mode_enabled"] is False
    assert many["settings"]["event_subscriptions"]["bot_events"] == [
        *single_events,
        "app_uninstalled",
        "tokens_revoked",
    ]
    with pytest.raises(ValueError, match="request URL"):
        manifest(COMMANDS, name="filmclub", request_url=None, redirect_url="https://x.example/r")


def test_the_manifest_command_follows_slack_redirect_uri(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env["PYTHONPATH"] = str(MANIFEST_PATH.parents[2])
    env["FILMCLUB_DB"] = str(tmp_path / "filmclub.db")
    env["SLACK_CLIENT_ID"] = "1.2"
    env["SLACK_CLIENT_SECRET"] = "secret"
    env["SLACK_REDIRECT_URI"] = "https://films.example/slack/oauth_redirect"
    command = [sys.executable, "-m", "bot", "slack-manifest"]
    done = subprocess.run(
        [*command, "--request-url", "https://films.example/slack/events"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "redirect_urls:\n    - https://films.example/slack/oauth_redirect" in done.stdout
    assert "token_rotation_enabled: true" in done.stdout
    refused = subprocess.run(
        command, capture_output=True, text=True, timeout=60, cwd=tmp_path, env=env
    )
    assert refused.returncode == 2 and "--request-url" in refused.stderr


async def test_commands_arriving_together_share_one_refresh(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.token_lifetime = 60
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        fake.token_lifetime = 43200
        keys = [f"c{i}" for i in range(6)]
        payloads = [
            slash_payload(fake, "/film", "Her", response_key=key) | {"team_id": NEW_TEAM}
            for key in keys
        ]
        statuses = await asyncio.gather(*(h.post(form_body(p)) for p in payloads))
        assert [s for s, _ in statuses] == [200] * len(keys)
        for key in keys:
            await fake.response(where=lambda r, key=key: r.name == key)
        refreshes = [
            r
            for r in fake.calls("api", "oauth.v2.access")
            if r.data.get("grant_type") == "refresh_token"
        ]
        assert len(refreshes) == 1
        found = await installed(h)
        assert found is not None
        assert {r.token for r in fake.calls("api", "auth.test")[1:]} == {found.bot_token}


async def test_a_refresh_made_by_another_process_is_used_not_repeated(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.token_lifetime = 60
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        fake.token_lifetime = 43200
        stale = await installed(h)
        assert stale is not None
        mine = h.adapter.distribution
        assert mine is not None
        # Another process on the same database, with clients of its own.
        other = WorkspaceClients(
            mine.clients.base, StoreInstallationStore(h.store), fake.client_id, fake.client_secret
        )
        token = await other.token_for(NEW_TEAM)
        # This process still holds the installation it read before, whose refresh token
        # the other process used up: the saved result is taken, no second exchange made.
        again = await mine.clients.refresh(stale)
        assert again is not None and again.bot_token == token != stale.bot_token
        assert await mine.clients.token_for(NEW_TEAM) == token
        refreshes = [
            r
            for r in fake.calls("api", "oauth.v2.access")
            if r.data.get("grant_type") == "refresh_token"
        ]
        assert [r.data["refresh_token"] for r in refreshes] == [stale.bot_refresh_token]


class LaggingInstallations(StoreInstallationStore):
    """Reads the given installation once more before reading the store again: this
    process read it just before another process saved a refresh."""

    def __init__(self, store: Store, stale: Installation) -> None:
        super().__init__(store)
        self.stale: Installation | None = stale

    async def async_find_installation(self, **kw: Any) -> Installation | None:
        if self.stale is not None:
            stale, self.stale = self.stale, None
            return stale
        return await super().async_find_installation(**kw)


async def test_losing_a_refresh_race_to_another_process_takes_its_saved_token(
    tmp_path: Path, fake: FakeSlack
) -> None:
    fake.token_lifetime = 60
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        fake.token_lifetime = 43200
        stale = await installed(h)
        assert stale is not None and h.adapter.distribution is not None
        base = h.adapter.distribution.clients.base
        winner = WorkspaceClients(
            base, StoreInstallationStore(h.store), fake.client_id, fake.client_secret
        )
        loser = WorkspaceClients(
            base, LaggingInstallations(h.store, stale), fake.client_id, fake.client_secret
        )
        token = await winner.token_for(NEW_TEAM)
        taken = await loser.refresh(stale)
        assert taken is not None and taken.bot_token == token != stale.bot_token
        refreshes = [
            r
            for r in fake.calls("api", "oauth.v2.access")
            if r.data.get("grant_type") == "refresh_token"
        ]
        # Both exchanged the same refresh token; the fake refused the second.
        assert [r.data["refresh_token"] for r in refreshes] == [stale.bot_refresh_token] * 2
        found = await installed(h)
        assert found is not None and found.bot_token == token


async def test_a_refused_refresh_is_not_hidden(tmp_path: Path, fake: FakeSlack) -> None:
    fake.token_lifetime = 60
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        fake.failures["oauth.v2.access"] = "invalid_refresh_token"
        payload = slash_payload(fake, "/purge", user="UADMIN") | {"team_id": NEW_TEAM}
        await h.post(form_body(payload))
        assert "reinstall" in (await fake.response()).data["text"]
        with pytest.raises(SlackTokenRotationError):
            await h.adapter.announce(Announcement(f"slack:{NEW_TEAM}", "C1", Reply("Hello")))
        assert not fake.calls("api", "users.info") and not fake.calls("api", "chat.postMessage")


async def test_the_events_url_check_is_answered(tmp_path: Path, fake: FakeSlack) -> None:
    challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3g"
    async with running(tmp_path, fake, distributed=True) as h:
        body = json.dumps({"token": "legacy", "challenge": challenge, "type": "url_verification"})
        status, text = await h.post(body, sign(body) | {"Content-Type": "application/json"})
        assert status == 200
        assert json.loads(text) == {"challenge": challenge}
    # The distribution's own answer, for an app with bolt's switched off.
    called: list[bool] = []

    async def next_() -> None:
        called.append(True)

    answer = await answer_url_verification({"type": "url_verification", "challenge": "c1"}, next_)
    assert (
        answer is not None
        and answer.status == 200
        and json.loads(answer.body) == {"challenge": "c1"}
    )
    assert not called
    assert await answer_url_verification({"type": "event_callback"}, next_) is None
    assert called == [True]


async def test_a_workspace_token_is_checked_with_slack_once(
    tmp_path: Path, fake: FakeSlack
) -> None:
    async with running(tmp_path, fake, distributed=True) as h, ClientSession() as browser:
        await install(h, browser)
        checks = len(fake.calls("api", "auth.test"))
        for key in ("k1", "k2", "k3"):
            payload = slash_payload(fake, "/film", "Her", response_key=key)
            await h.post(form_body(payload | {"team_id": NEW_TEAM}))
            await fake.response(where=lambda r, key=key: r.name == key)
        assert len(fake.calls("api", "auth.test")) == checks + 1
