"""Slack installations and OAuth states in the store, through slack-bolt's store
interfaces, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
import time

import pytest
from slack_sdk.oauth.installation_store import Installation

from adapters.slack.install import StoreInstallationStore, StoreStateStore
from bot.store import Store, slack_installs

pytestmark = [pytest.mark.timeout(60), pytest.mark.both_backends]


def _installation(team: str, user: str, token: str, **kw: object) -> Installation:
    return Installation(
        app_id="A0FILM",
        team_id=team,
        team_name=f"Team {team}",
        bot_token=token,
        bot_id="B0BOT",
        bot_user_id="U0BOT",
        bot_scopes="commands,chat:write",
        user_id=user,
        installed_at=1_700_000_000.5,
        **kw,  # type: ignore[arg-type]
    )


async def test_an_installation_comes_back_whole_for_its_workspace_and_installer(
    store: Store,
) -> None:
    installs = StoreInstallationStore(store)
    saved = _installation(
        "T1", "U1", "xoxb-one", bot_refresh_token="xoxe-1-one", bot_token_expires_in=43200
    )
    await installs.async_save(saved)

    latest = await installs.async_find_installation(enterprise_id=None, team_id="T1")
    mine = await installs.async_find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert latest is not None and mine is not None
    for found in (latest, mine):
        assert found.bot_token == "xoxb-one"
        assert found.bot_refresh_token == "xoxe-1-one"
        assert found.bot_token_expires_at == saved.bot_token_expires_at
        assert found.bot_scopes == ["commands", "chat:write"]
        assert found.team_name == "Team T1"
        assert found.installed_at == saved.installed_at
    bot = await installs.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-one" and bot.bot_user_id == "U0BOT"
    assert await installs.async_find_installation(enterprise_id=None, team_id="T2") is None
    assert await installs.async_find_bot(enterprise_id=None, team_id="T2") is None


async def test_a_second_install_replaces_the_latest_and_keeps_each_installer(
    store: Store,
) -> None:
    installs = StoreInstallationStore(store)
    await installs.async_save(_installation("T1", "U1", "xoxb-first"))
    await installs.async_save(_installation("T1", "U2", "xoxb-second"))
    await installs.async_save(_installation("T9", "U9", "xoxb-other"))

    latest = await installs.async_find_installation(enterprise_id=None, team_id="T1")
    first = await installs.async_find_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert latest is not None and latest.bot_token == "xoxb-second" and latest.user_id == "U2"
    assert first is not None and first.bot_token == "xoxb-first"
    assert await store.read(slack_installs.installed_teams) == [("", "T1"), ("", "T9")]

    await installs.async_delete_installation(enterprise_id=None, team_id="T1", user_id="U1")
    assert (
        await installs.async_find_installation(enterprise_id=None, team_id="T1", user_id="U1")
        is None
    )
    assert await installs.async_find_installation(enterprise_id=None, team_id="T1") is not None

    await installs.async_delete_all(enterprise_id=None, team_id="T1")
    assert await installs.async_find_installation(enterprise_id=None, team_id="T1") is None
    assert (
        await installs.async_find_installation(enterprise_id=None, team_id="T1", user_id="U2")
        is None
    )
    assert await store.read(slack_installs.installed_teams) == [("", "T9")]


async def test_an_organization_wide_install_is_found_by_its_enterprise(store: Store) -> None:
    installs = StoreInstallationStore(store)
    org = Installation(
        enterprise_id="E1",
        team_id=None,
        bot_token="xoxb-org",
        user_id="U1",
        is_enterprise_install=True,
    )
    await installs.async_save(org)
    found = await installs.async_find_installation(
        enterprise_id="E1", team_id="T-any", is_enterprise_install=True
    )
    assert found is not None and found.bot_token == "xoxb-org" and found.is_enterprise_install
    assert await installs.async_find_installation(enterprise_id="E1", team_id="T-any") is None


async def test_a_state_is_accepted_once(store: Store) -> None:
    states = StoreStateStore(store)
    state = await states.async_issue()
    other = await states.async_issue()
    assert state != other and len(state) >= 24
    assert await states.async_consume(state) is True
    assert await states.async_consume(state) is False
    assert await states.async_consume("never-issued") is False
    assert await states.async_consume("") is False
    assert await states.async_consume(other) is True


async def test_a_state_racing_itself_is_accepted_by_one_caller(store: Store) -> None:
    states = StoreStateStore(store)
    state = await states.async_issue()
    results = await asyncio.gather(*(states.async_consume(state) for _ in range(8)))
    assert sorted(results) == [False] * 7 + [True]


async def test_an_expired_state_is_refused_and_dropped(store: Store) -> None:
    now = [time.time()]
    states = StoreStateStore(store, lifetime=600, clock=lambda: now[0])
    stale = await states.async_issue()
    now[0] += 601
    fresh = await states.async_issue()
    assert await states.async_consume(stale) is False
    rows = await store.fetchall("SELECT state FROM slack_oauth_states")
    assert [r[0] for r in rows] == [fresh]
    assert await states.async_consume(fresh) is True
