"""/club: settings an admin sets in chat, kept per club, used by polls."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.club_settings import COUNTRY_CODES, ClubSettingsCache, admin_role_value, club_country
from bot.commands.club import CLUB_COMMAND
from bot.commands.polls import POLL_ACTIONS, POLL_COMMAND
from bot.commands.spec import CommandSet
from bot.dispatch import Dispatcher
from bot.errors import UserError
from bot.store import Store, clubs
from bot.store.schema import MIGRATIONS
from tests.polls_helpers import Club, add_films, open_club

pytestmark = pytest.mark.both_backends


COMMANDS = CommandSet(commands=(CLUB_COMMAND, POLL_COMMAND), actions=dict(POLL_ACTIONS))


@pytest.fixture
async def club(database: str) -> AsyncIterator[Club]:
    c = await open_club(database, timezone="UTC")
    c.dispatcher = Dispatcher(c.services, COMMANDS)
    await add_films(c.store)
    yield c
    await c.store.close()


async def test_club_alone_shows_the_defaults(club: Club) -> None:
    reply = await club.say("/club")
    assert reply.title == "Club settings"
    fields = {f.name: f.value for f in reply.fields}
    assert fields["Time zone"] == "UTC (now Mon 23 Mar 10:00 UTC) · the bot's default"
    assert fields["Country"] == "not set"
    assert fields["Admins"] == "whoever starts the console with --admin"
    assert (await club.say("/club show")).fields == reply.fields


async def test_admin_sets_each_setting_and_club_shows_them(club: Club) -> None:
    tz = await club.say("/club timezone europe/paris", admin=True)
    assert tz.text == "The club's time zone is now Europe/Paris (it is Mon 23 Mar 11:00 CET there)."
    assert (await club.say("/club country fr", admin=True)).text == "The club's country is now FR."
    admins = await club.say("/club admins @Film Crew", admin=True)
    assert admins.text == "Members of Film Crew are now club admins."
    fields = {f.name: f.value for f in (await club.say("/club", "bob")).fields}
    assert fields["Time zone"] == "Europe/Paris (now Mon 23 Mar 11:00 CET)"
    assert fields["Country"] == "FR"
    assert fields["Admins"].endswith("; also members of Film Crew")
    assert await club_country(club.store, club.key) == "FR"
    rows = await club.store.fetchall(
        "SELECT timezone, country, admin_role FROM clubs WHERE key = ?", (club.key,)
    )
    assert tuple(rows[0]) == ("Europe/Paris", "FR", "Film Crew")


async def test_polls_use_the_club_time_zone(club: Club) -> None:
    before = await club.say("/poll start Alien | Heat 2d")
    assert "closes Wed 25 Mar 10:00 UTC" in (before.footer or "")
    await club.say("/poll cancel", admin=True)
    await club.say("/club timezone America/New_York", admin=True)
    after = await club.say("/poll start Alien | Heat until fri 18:00")
    assert "closes Fri 27 Mar 18:00 EDT" in (after.footer or "")


async def test_clearing_returns_to_the_defaults(club: Club) -> None:
    await club.say("/club timezone Asia/Tokyo", admin=True)
    await club.say("/club country JP", admin=True)
    await club.say("/club admins crew", admin=True)
    assert "cleared" in (await club.say("/club timezone none", admin=True)).text
    assert "cleared" in (await club.say("/club country none", admin=True)).text
    assert "any more" in (await club.say("/club admins none", admin=True)).text
    own = await club.store.read(clubs.club_settings, club.key)
    assert own == clubs.ClubSettingsRow()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/club timezone Mars/Olympus", "Unknown time zone `Mars/Olympus`"),
        ("/club timezone ../etc/passwd", "Unknown time zone"),
        ("/club country France", "`France` is not a country code"),
        ("/club country XX", "`XX` is not a country code"),
        ("/club admins @", "Name a role"),
    ],
)
async def test_bad_values_are_refused_and_nothing_is_saved(
    club: Club, line: str, message: str
) -> None:
    reply = await club.say(line, admin=True)
    assert reply.error and reply.ephemeral and message in reply.text, reply.text
    assert await club.store.read(clubs.club_settings, club.key) == clubs.ClubSettingsRow()


@pytest.mark.parametrize("line", ["/club timezone UTC", "/club country FR", "/club admins x"])
async def test_only_admins_change_settings(club: Club, line: str) -> None:
    reply = await club.say(line, "bob")
    assert reply.error and "Only club admins" in reply.text
    assert await club.store.read(clubs.club_settings, club.key) == clubs.ClubSettingsRow()


def test_country_codes_and_role_forms() -> None:
    assert len(COUNTRY_CODES) == 249
    assert {"FR", "GB", "US", "JP", "SS", "XK"} - COUNTRY_CODES == {"XK"}
    assert admin_role_value("<@&1234>") == "1234"
    assert admin_role_value("<!subteam^S0ABC|@film-admins>") == "S0ABC"
    assert admin_role_value(" @film-admins ") == "film-admins"
    with pytest.raises(UserError):
        admin_role_value("   ")


async def test_admin_role_cache_reads_once_per_ttl_and_forgets(database: str) -> None:
    now = [0.0]
    cache = ClubSettingsCache(ttl=10.0, clock=lambda: now[0])
    store = await Store.open(database)
    try:
        assert await cache.admin_role(store, "discord:1") is None
        await store.write(clubs.set_club_setting, "discord:1", "admin_role", "Crew")
        assert await cache.admin_role(store, "discord:1") is None  # still cached
        now[0] = 11.0
        assert await cache.admin_role(store, "discord:1") == "Crew"
        await store.write(clubs.set_club_setting, "discord:1", "admin_role", "Mods")
        cache.forget("discord:1")
        assert await cache.admin_role(store, "discord:1") == "Mods"
    finally:
        await store.close()


def test_migration_adds_the_columns_to_an_older_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.store import schema

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS[:-1])
    assert schema.migrate(conn) == len(MIGRATIONS) - 1
    conn.execute("INSERT INTO clubs(key, name, created_at) VALUES ('c', '', 'now')")
    monkeypatch.setattr(schema, "MIGRATIONS", MIGRATIONS)
    assert schema.migrate(conn) == len(MIGRATIONS)
    row = conn.execute("SELECT key, timezone, country, admin_role FROM clubs").fetchone()
    assert row == ("c", None, None, None)
    conn.close()
