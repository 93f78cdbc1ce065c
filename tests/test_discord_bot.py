"""The real discord.py bot against the fake Discord, with a command set of the tests' own."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest

from adapters.discord import DiscordAdapter
from adapters.discord.render import render
from bot.app import App
from bot.commands.spec import Command, CommandSet, Option, OptionKind
from bot.config import Settings
from bot.dispatch import TROUBLE, Dispatcher
from bot.errors import UserError
from bot.messages import (
    ActionRequest,
    ActionResult,
    Announcement,
    Button,
    ButtonStyle,
    Field,
    Image,
    Member,
    Quote,
    Reply,
    Request,
    Select,
    SelectOption,
)
from bot.services import Services
from tests.discord_fake import (
    ADMIN_ROLE_NAME,
    ALICE,
    APP_ID,
    BOB,
    CHANNEL_ID,
    FAN_ROLE_ID,
    GUILD_ID,
    MANAGER,
    OTHER_CHANNEL_ID,
    ROLE_ADMIN,
    FakeDiscord,
    FakeUser,
    running,
    serving,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
FILMS = ["Her", "Heat", "Hereditary", "Lost in Translation", "Arrival"]

# -- a small command set exercising every feature the adapter must carry -------------


def _poll_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS test_polls (id INTEGER PRIMARY KEY, club TEXT, films TEXT)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS test_votes ("
        " poll INTEGER, member TEXT, choice TEXT, PRIMARY KEY (poll, member))"
    )


def _create_poll(conn: sqlite3.Connection, club: str, films: tuple[str, ...]) -> int:
    _poll_tables(conn)
    cur = conn.execute(
        "INSERT INTO test_polls (club, films) VALUES (?, ?)", (club, "|".join(films))
    )
    return int(cur.lastrowid or 0)


def _vote(conn: sqlite3.Connection, poll: int, member: str, choice: str) -> None:
    _poll_tables(conn)
    conn.execute(
        "INSERT OR REPLACE INTO test_votes (poll, member, choice) VALUES (?, ?, ?)",
        (poll, member, choice),
    )


def _poll(conn: sqlite3.Connection, poll: int) -> tuple[list[str], dict[str, int]]:
    _poll_tables(conn)
    row = conn.execute("SELECT films FROM test_polls WHERE id = ?", (poll,)).fetchone()
    if row is None:
        raise UserError(f"There is no poll #{poll}.")
    counts: dict[str, int] = {}
    for (choice,) in conn.execute("SELECT choice FROM test_votes WHERE poll = ?", (poll,)):
        counts[choice] = counts.get(choice, 0) + 1
    return str(row[0]).split("|"), counts


def poll_message(poll: int, films: list[str], counts: dict[str, int]) -> Reply:
    return Reply(
        title=f"Poll #{poll}",
        text="\n".join(
            f"{i + 1}. {f} — {counts.get(str(i), 0)} votes" for i, f in enumerate(films)
        ),
        buttons=(
            *(
                Button(f, f"tpoll:vote:{poll}:{i}", ButtonStyle.PRIMARY)
                for i, f in enumerate(films)
            ),
            Button("Close", f"tpoll:close:{poll}", ButtonStyle.DANGER),
        ),
        select=Select(
            f"tpoll:rank:{poll}",
            "Rank them",
            tuple(SelectOption(f, str(i)) for i, f in enumerate(films)),
            max_values=len(films),
        ),
    )


async def echo(services: Services, request: Request) -> Reply:
    shown = ", ".join(f"{k}={v!r}" for k, v in sorted(request.options.items()))
    return Reply(
        title="Echo",
        text=shown,
        fields=(
            Field("club", request.club),
            Field("channel", request.channel),
            Field("member", f"{request.member.id}/{request.member.name}"),
            Field("admin", str(request.is_admin)),
            Field("club name", request.club_name or "-"),
        ),
        footer="Source: the echo chamber",
    )


async def film(services: Services, request: Request) -> Reply:
    title = request.options.get("title", "Her")
    return Reply(
        quote=Quote(f"A lovely film about {title}.", "A. Critic", str(title), "Daily Film", None),
        footer="Sources: Daily Film",
    )


async def chart(services: Services, request: Request) -> Reply:
    await asyncio.sleep(0.05)
    return Reply(title="Scores", image=Image("scores her.png", PNG, "A bar chart"), footer="src")


async def sleepy(services: Services, request: Request) -> Reply:
    await asyncio.sleep(0.5)
    return Reply(text="Finally awake.")


async def secret(services: Services, request: Request) -> Reply:
    return Reply(text="Admin things done.")


async def whisper(services: Services, request: Request) -> Reply:
    return Reply(text="Just for you.", ephemeral=True)


async def boom(services: Services, request: Request) -> Reply:
    raise RuntimeError("kaboom")


async def huge(services: Services, request: Request) -> Reply:
    para = "A paragraph about cinema that goes on. " * 50
    return Reply(
        title="Everything",
        text="\n\n".join([para] * 12),
        fields=tuple(Field(f"Field {i}", "value " * 30) for i in range(40)),
        footer="Sources: everything",
    )


async def chart_error(services: Services, request: Request) -> Reply:
    raise UserError("No scores for that film yet.")


async def poll_start(services: Services, request: Request) -> Reply:
    films = tuple(request.options["films"])
    if len(films) < 2:
        raise UserError("A poll needs at least two films.")
    poll = await services.store.write(_create_poll, request.club, films)
    return poll_message(poll, list(films), {})


async def poll_results(services: Services, request: Request) -> Reply:
    poll = int(str(request.options["poll"]).lstrip("#"))
    films, counts = await services.store.read(_poll, poll)
    return poll_message(poll, films, counts).with_(buttons=(), select=None)


async def poll_action(services: Services, action: ActionRequest) -> ActionResult:
    _, verb, poll_text, *rest = action.action_id.split(":")
    poll = int(poll_text)
    if verb == "close":
        if not action.is_admin:
            raise UserError("Only club admins can close a poll.")
        films, counts = await services.store.read(_poll, poll)
        return ActionResult(
            Reply(text="Closed."),
            refresh=poll_message(poll, films, counts).with_(buttons=(), select=None),
        )
    choice = rest[0] if verb == "vote" else action.values[0]
    await services.store.write(_vote, poll, action.member.id, choice)
    films, counts = await services.store.read(_poll, poll)
    return ActionResult(
        Reply(text=f"Vote counted for {films[int(choice)]}.", ephemeral=True),
        refresh=poll_message(poll, films, counts),
    )


TEST_COMMANDS = CommandSet(
    commands=(
        Command(
            "echo",
            "Say the options back",
            (
                Option("text", "What to say", OptionKind.TEXT, required=True, max_length=50),
                Option("times", "How many times", OptionKind.INTEGER),
                Option("loud", "Shout it", OptionKind.BOOLEAN),
                Option("mood", "Which mood", OptionKind.CHOICE, choices=("happy", "sad")),
                Option("films", "Some films", OptionKind.LIST),
            ),
            handler=echo,
        ),
        Command(
            "film",
            "A quote about a film",
            (
                Option("title", "Film title", OptionKind.FILM),
                Option("topic", "Topic", OptionKind.TOPIC),
            ),
            handler=film,
        ),
        Command(
            "chart", "A slow chart", (Option("title", "Film", OptionKind.FILM),), chart, slow=True
        ),
        Command("charterror", "A slow failure", (), chart_error, slow=True),
        Command("sleepy", "Takes its time", (), sleepy),
        Command("secret", "Admins only", (), secret, admin_only=True),
        Command("whisper", "A private answer", (), whisper),
        Command("boom", "Fails", (), boom),
        Command("huge", "Too big for one message", (), huge),
        Command(
            "poll",
            "Film polls",
            subcommands=(
                Command(
                    "start",
                    "Start a poll",
                    (Option("films", "Films separated by |", OptionKind.LIST, required=True),),
                    poll_start,
                ),
                Command(
                    "results",
                    "Show a poll",
                    (Option("poll", "Poll number", OptionKind.POLL, required=True),),
                    poll_results,
                ),
            ),
        ),
    ),
    actions={"tpoll": poll_action},
)


class CannedDispatcher(Dispatcher):
    """The real dispatcher with suggestions from a fixed list (the tests' films)."""

    completions: list[tuple[str, OptionKind, str]]

    async def complete(
        self, club: str, kind: OptionKind, prefix: str, limit: int = 25
    ) -> list[str]:
        self.completions.append((club, kind, prefix))
        if kind is OptionKind.FILM:
            return [f for f in FILMS if f.lower().startswith(prefix.lower())][:limit]
        if kind is OptionKind.TOPIC:
            return ["acting", "music", "script"]
        if kind is OptionKind.POLL:
            return ["#1", "#2"]
        return []


def _request(command: str) -> Request:
    return Request(club="discord:1", channel="2", member=Member("3", "Tester"), command=command)


# -- fixtures ----------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with serving() as server:
        yield server


def discord_settings(db_path: str, **extra: Any) -> Settings:
    return Settings(
        db_path=db_path,
        discord_token="fake-token",
        discord_guild_id=str(GUILD_ID),
        discord_admin_role=ADMIN_ROLE_NAME,
        **extra,
    )


async def open_app(db_path: str, **extra: Any) -> tuple[App, CannedDispatcher]:
    app = await App.open(discord_settings(db_path, **extra))
    dispatcher = CannedDispatcher(app.services, TEST_COMMANDS)
    dispatcher.completions = []
    app.dispatcher = dispatcher
    return app, dispatcher


@pytest.fixture
async def bot(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[DiscordAdapter]:
    app, dispatcher = await open_app(str(tmp_path / "club.db"))
    adapter = DiscordAdapter(dispatcher, app.services.settings, guild_ready_timeout=0.05)
    try:
        async with running(adapter):
            yield adapter
    finally:
        await app.close()


def poll_id_of(message: dict[str, Any]) -> str:
    ids = [c["custom_id"] for row in message["components"] for c in row["components"]]
    return str(ids[0]).split(":")[2]


# -- login, gateway and command sync -------------------------------------------------


async def test_login_sharding_and_intents(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    paths = [(r.method, r.path) for r in fake.requests]
    assert paths[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("GET", "/gateway/bot") in paths
    identify = fake.identifies[0]
    assert identify["shard"] == [0, 1]
    intents = identify["intents"]
    assert intents & 1  # guilds
    for privileged in (1 << 1, 1 << 8, 1 << 15):  # members, presences, message content
        assert not intents & privileged
    assert bot.client is not None and bot.client.user is not None
    assert bot.client.user.id != 0


async def test_sync_puts_generated_commands_to_the_guild(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    put = await fake.synced(GUILD_ID)
    assert not fake.matching(
        lambda r: r.method == "PUT" and r.path == f"/applications/{APP_ID}/commands"
    )
    by_name = {c["name"]: c for c in put.json if c.get("type", 1) == 1}
    assert list(by_name) == [c.name for c in TEST_COMMANDS.commands]
    menus = [c["name"] for c in put.json if c.get("type") == 3]
    assert menus == ["Add to watchlist", "Rate this film"]

    echo_cmd = by_name["echo"]
    assert echo_cmd["description"] == "Say the options back"
    options = {o["name"]: o for o in echo_cmd["options"]}
    assert echo_cmd["options"][0]["name"] == "text"
    assert options["text"] == {
        "type": 3,
        "name": "text",
        "description": "What to say",
        "required": True,
        "max_length": 50,
    }
    assert options["times"]["type"] == 4 and options["times"]["required"] is False
    assert options["loud"]["type"] == 5
    assert options["mood"]["choices"] == [
        {"name": "happy", "value": "happy"},
        {"name": "sad", "value": "sad"},
    ]
    assert options["films"]["type"] == 3
    assert not any(o.get("autocomplete") for o in echo_cmd["options"])

    film_options = {o["name"]: o for o in by_name["film"]["options"]}
    assert film_options["title"]["autocomplete"] is True
    assert film_options["topic"]["autocomplete"] is True

    poll = by_name["poll"]
    assert "options" in poll and all(o["type"] == 1 for o in poll["options"])
    subs = {o["name"]: o for o in poll["options"]}
    assert set(subs) == {"start", "results"}
    assert subs["results"]["options"][0]["autocomplete"] is True
    assert subs["results"]["options"][0]["required"] is True
    assert subs["start"]["options"][0]["name"] == "films"


async def test_global_sync_without_guild(fake: FakeDiscord, tmp_path: Path) -> None:
    app, dispatcher = await open_app(str(tmp_path / "g.db"))
    settings = Settings(db_path=str(tmp_path / "g.db"), discord_token="t")
    adapter = DiscordAdapter(dispatcher, settings, guild_ready_timeout=0.05)
    try:
        async with running(adapter):
            put = await fake.synced(None)
            assert {c["name"] for c in put.json} >= {"echo", "poll"}
            interaction = await fake.slash("echo", {"text": "hi"}, guild=True)
            callback = await fake.callback(interaction)
            assert "hi" in callback.text()
    finally:
        await app.close()


# -- slash commands ---------------------------------------------------------------------


async def test_typed_options_reach_the_core(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash(
        "echo",
        {"text": "hello", "times": 3, "loud": True, "mood": "sad", "films": "Her | Heat; Arrival"},
        user=BOB,
    )
    callback = await fake.callback(interaction)
    assert callback.json["type"] == 4
    assert not callback.ephemeral
    (embed,) = callback.embeds()
    assert embed["title"] == "Echo"
    assert embed["description"] == (
        "films=('Her', 'Heat', 'Arrival'), loud=True, mood='sad', text='hello', times=3"
    )
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["club"] == f"discord:{GUILD_ID}"
    assert fields["channel"] == str(CHANNEL_ID)
    assert fields["member"] == f"{BOB.id}/Bob"
    assert fields["admin"] == "False"
    assert fields["club name"] == "Film Club"
    assert embed["footer"]["text"] == "Source: the echo chamber"


async def test_dm_club_key(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("echo", {"text": "dm"}, user=BOB, guild=False)
    callback = await fake.callback(interaction)
    fields = {f["name"]: f["value"] for f in callback.embeds()[0]["fields"]}
    assert fields["club"] == f"discord:dm:{BOB.id}"


async def test_quote_embed(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("film", {"title": "Her"})
    (embed,) = (await fake.callback(interaction)).embeds()
    assert embed["description"].startswith("“A lovely film about Her.”")
    assert "— A. Critic, Daily Film, on Her" in embed["description"]
    assert embed["footer"]["text"] == "Sources: Daily Film"


@pytest.mark.parametrize(
    ("user", "admin"),
    [(ALICE, False), (MANAGER, True), (ROLE_ADMIN, True)],
)
async def test_admin_detection(
    fake: FakeDiscord, bot: DiscordAdapter, user: Any, admin: bool
) -> None:
    interaction = await fake.slash("secret", user=user)
    callback = await fake.callback(interaction)
    if admin:
        assert "Admin things done." in callback.text()
        assert not callback.ephemeral
    else:
        assert callback.ephemeral
        assert "Only club admins" in callback.json["data"]["content"]
        assert not callback.embeds()


async def test_club_admin_role_set_in_chat(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    from bot.store import clubs

    fan = FakeUser(200_000_000_000_000_009, "Fay", roles=(FAN_ROLE_ID,))
    refused = await fake.callback(await fake.slash("secret", user=fan))
    assert "Only club admins" in refused.json["data"]["content"]
    services = bot.dispatcher.services
    club = f"discord:{GUILD_ID}"
    for role in ("fan", str(FAN_ROLE_ID)):
        await services.store.write(clubs.set_club_setting, club, "admin_role", role)
        services.club_settings.forget(club)
        allowed = await fake.callback(await fake.slash("secret", user=fan))
        assert "Admin things done." in allowed.text()
        # DISCORD_ADMIN_ROLE still counts beside the club's role.
        rolf = await fake.callback(await fake.slash("secret", user=ROLE_ADMIN))
        assert "Admin things done." in rolf.text()
    others = await fake.callback(await fake.slash("secret", user=ALICE))
    assert "Only club admins" in others.json["data"]["content"]


async def test_errors_are_ephemeral(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("boom")
    callback = await fake.callback(interaction)
    assert callback.ephemeral
    assert callback.json["data"]["content"] == TROUBLE

    too_long = await fake.slash("echo", {"text": "x" * 80})
    callback = await fake.callback(too_long)
    assert callback.ephemeral and "too long" in callback.json["data"]["content"]


async def test_ephemeral_reply(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    callback = await fake.callback(await fake.slash("whisper"))
    assert callback.ephemeral
    assert "Just for you." in callback.text()


async def test_slow_command_defers_and_attaches_png(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("chart", {"title": "Her"})
    callback = await fake.callback(interaction)
    assert callback.json["type"] == 5
    assert not callback.ephemeral
    (followup,) = await fake.followups(interaction)
    assert followup.multipart
    (upload,) = followup.files
    assert upload.name == "files[0]"
    assert upload.filename == "scores_her.png"
    assert upload.data == PNG
    (embed,) = followup.embeds()
    assert embed["title"] == "Scores"
    assert embed["image"]["url"] == "attachment://scores_her.png"
    assert followup.json["attachments"][0]["filename"] == "scores_her.png"
    assert followup.json["attachments"][0]["description"] == "A bar chart"
    assert not followup.ephemeral


async def test_slow_command_error_is_ephemeral_followup(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    interaction = await fake.slash("charterror")
    assert (await fake.callback(interaction)).json["type"] == 5
    (followup,) = await fake.followups(interaction)
    assert followup.ephemeral
    assert followup.json["content"] == "No scores for that film yet."
    deleted = fake.matching(
        lambda r: (
            r.method == "DELETE" and r.path.endswith(f"{interaction.token}/messages/@original")
        )
    )
    assert len(deleted) == 1


async def test_unexpectedly_slow_command_is_deferred(
    fake: FakeDiscord, bot: DiscordAdapter
) -> None:
    bot.defer_after = 0.1
    interaction = await fake.slash("sleepy")
    assert (await fake.callback(interaction)).json["type"] == 5
    (followup,) = await fake.followups(interaction)
    assert "Finally awake." in followup.text()


async def test_oversized_reply_is_split(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("huge")
    callback = await fake.callback(interaction)
    expected = len(render(await huge(bot.dispatcher.services, _request("huge"))))
    assert expected >= 3
    followups = await fake.followups(interaction, expected - 1)
    sent = [callback, *followups]
    total_fields = 0
    for message in sent:
        embeds = message.embeds()
        assert 1 <= len(embeds) <= 10
        size = 0
        for embed in embeds:
            assert len(embed.get("description") or "") <= 4096
            assert len(embed.get("fields") or []) <= 25
            total_fields += len(embed.get("fields") or [])
            size += len(embed.get("title") or "") + len(embed.get("description") or "")
            size += sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields") or [])
            size += len((embed.get("footer") or {}).get("text") or "")
        assert size <= 6000
    assert total_fields == 40
    assert sent[0].embeds()[0]["title"] == "Everything"
    assert sent[-1].embeds()[-1]["footer"]["text"] == "Sources: everything"


# -- autocomplete ---------------------------------------------------------------------------


async def test_autocomplete_films_topics_polls(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    choices = await fake.autocomplete("film", {"title": "he"}, "title")
    assert choices == [
        {"name": "Her", "value": "Her"},
        {"name": "Heat", "value": "Heat"},
        {"name": "Hereditary", "value": "Hereditary"},
    ]
    topics = await fake.autocomplete("film", {"title": "Her", "topic": "m"}, "topic")
    assert [c["value"] for c in topics] == ["acting", "music", "script"]
    polls = await fake.autocomplete("poll results", {"poll": ""}, "poll", guild=False)
    assert [c["value"] for c in polls] == ["#1", "#2"]
    dispatcher = bot.dispatcher
    assert isinstance(dispatcher, CannedDispatcher)
    assert dispatcher.completions == [
        (f"discord:{GUILD_ID}", OptionKind.FILM, "he"),
        (f"discord:{GUILD_ID}", OptionKind.TOPIC, "m"),
        (f"discord:dm:{ALICE.id}", OptionKind.POLL, ""),
    ]


# -- buttons and menus ----------------------------------------------------------------------------


async def test_poll_buttons_and_select(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("poll start", {"films": "Her | Heat | Arrival"})
    callback = await fake.callback(interaction)
    rows = callback.components()
    assert [len(r["components"]) for r in rows] == [4, 1]
    buttons = rows[0]["components"]
    assert [b["style"] for b in buttons] == [1, 1, 1, 4]
    assert [b["label"] for b in buttons] == ["Her", "Heat", "Arrival", "Close"]
    select = rows[1]["components"][0]
    assert select["type"] == 3 and select["max_values"] == 3
    message = fake.message_for(interaction)
    poll = poll_id_of(message)

    click = await fake.click(int(message["id"]), f"tpoll:vote:{poll}:1", user=BOB)
    update = await fake.callback(click)
    assert update.json["type"] == 7
    assert "2. Heat — 1 votes" in update.text()
    assert len(update.components()) == 2
    (private,) = await fake.followups(click)
    assert private.ephemeral
    assert "Vote counted for Heat." in private.text()
    assert "2. Heat — 1 votes" in fake.messages[int(message["id"])]["embeds"][0]["description"]

    pick = await fake.click(int(message["id"]), f"tpoll:rank:{poll}", ("2", "0"), user=ALICE)
    assert "3. Arrival — 1 votes" in (await fake.callback(pick)).text()

    refused = await fake.click(int(message["id"]), f"tpoll:close:{poll}", user=ALICE)
    answer = await fake.callback(refused)
    assert answer.json["type"] == 4 and answer.ephemeral
    assert "Only club admins" in answer.text()

    closed = await fake.click(int(message["id"]), f"tpoll:close:{poll}", user=ROLE_ADMIN)
    final = await fake.callback(closed)
    assert final.json["type"] == 7
    assert final.components() == []
    assert "Closed." in (await fake.followups(closed))[0].text()


async def test_click_on_unknown_action(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    interaction = await fake.slash("poll start", {"films": "Her | Heat"})
    await fake.callback(interaction)
    message = fake.message_for(interaction)
    message["components"][0]["components"][0]["custom_id"] = "gone:1"
    click = await fake.click(int(message["id"]), "gone:1")
    answer = await fake.callback(click)
    assert answer.ephemeral and "no longer in use" in answer.text()


async def test_restart_keeps_buttons_working(fake: FakeDiscord, tmp_path: Path) -> None:
    db = str(tmp_path / "persist.db")
    app, dispatcher = await open_app(db)
    first = DiscordAdapter(dispatcher, app.services.settings, guild_ready_timeout=0.05)
    try:
        async with running(first):
            interaction = await fake.slash("poll start", {"films": "Her | Heat | Arrival"})
            await fake.callback(interaction)
            message = fake.message_for(interaction)
            poll = poll_id_of(message)
    finally:
        await app.close()
    assert first.client is not None and first.client.is_closed()

    app2, dispatcher2 = await open_app(db)
    second = DiscordAdapter(dispatcher2, app2.services.settings, guild_ready_timeout=0.05)
    try:
        async with running(second):
            click = await fake.click(int(message["id"]), f"tpoll:vote:{poll}:2", user=BOB)
            update = await fake.callback(click)
            assert update.json["type"] == 7
            assert "3. Arrival — 1 votes" in update.text()
    finally:
        await app2.close()
    assert len(fake.identifies) == 2


# -- announcements ------------------------------------------------------------------------------


async def test_announcement_posts_to_channel(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    outbox = bot.dispatcher.services.outbox
    reply = poll_message(7, ["Her", "Heat"], {})
    assert await outbox.announce(Announcement(f"discord:{GUILD_ID}", str(CHANNEL_ID), reply))
    posted = await fake.wait_one(
        lambda r: r.method == "POST" and r.path == f"/channels/{CHANNEL_ID}/messages"
    )
    assert posted.embeds()[0]["title"] == "Poll #7"
    assert "tpoll:vote:7:0" in posted.custom_ids()

    assert await outbox.announce(
        Announcement(f"discord:{GUILD_ID}", str(OTHER_CHANNEL_ID), Reply(text="Poll closed."))
    )
    fetched = await fake.wait_one(
        lambda r: r.method == "POST" and r.path == f"/channels/{OTHER_CHANNEL_ID}/messages"
    )
    assert "Poll closed." in fetched.text()
    assert fake.matching(lambda r: r.method == "GET" and r.path == f"/channels/{OTHER_CHANNEL_ID}")


async def test_announcement_waits_for_connection(fake: FakeDiscord, tmp_path: Path) -> None:
    app, dispatcher = await open_app(str(tmp_path / "early.db"))
    adapter = DiscordAdapter(dispatcher, app.services.settings, guild_ready_timeout=0.2)
    task = asyncio.create_task(adapter.run())
    try:
        await fake.wait_one(lambda r: r.path == "/users/@me")
        assert not adapter.ready.is_set()
        delivered = await app.services.outbox.announce(
            Announcement(f"discord:{GUILD_ID}", str(CHANNEL_ID), Reply(text="Poll #3 closed."))
        )
        assert delivered is True
        assert adapter.ready.is_set()
        posted = await fake.wait_one(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages")
        assert "Poll #3 closed." in posted.text()
        assert posted.json["allowed_mentions"] == {"parse": []}
    finally:
        await adapter.stop()
        await asyncio.wait_for(task, 10)
        await app.close()


async def test_bad_token_fails_run(fake: FakeDiscord, tmp_path: Path) -> None:
    fake.valid_token = "the-real-token"
    app, dispatcher = await open_app(str(tmp_path / "bad.db"))
    adapter = DiscordAdapter(dispatcher, app.services.settings, guild_ready_timeout=0.05)
    try:
        with pytest.raises(discord.LoginFailure):
            await asyncio.wait_for(adapter.run(), 10)
        assert not fake.identifies
    finally:
        await app.close()


async def test_stop_before_run_returns_at_once(tmp_path: Path) -> None:
    app, dispatcher = await open_app(str(tmp_path / "s.db"))
    adapter = DiscordAdapter(dispatcher, app.services.settings)
    try:
        await adapter.stop()
        await asyncio.wait_for(adapter.run(), 5)
        assert adapter.client is None
    finally:
        await app.close()


async def test_mentions_are_never_pinged(fake: FakeDiscord, bot: DiscordAdapter) -> None:
    callback = await fake.callback(await fake.slash("echo", {"text": "@everyone"}))
    assert callback.json["data"]["allowed_mentions"] == {"parse": []}


def test_settings_are_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DISCORD_GUILD_ID"):
        DiscordAdapter(
            Dispatcher.__new__(Dispatcher),
            Settings(discord_token="t", discord_guild_id="my server"),
        )


async def test_stop_unregisters_announcer(fake: FakeDiscord, tmp_path: Path) -> None:
    app, dispatcher = await open_app(str(tmp_path / "a.db"))
    adapter = DiscordAdapter(dispatcher, app.services.settings, guild_ready_timeout=0.05)
    try:
        async with running(adapter):
            pass
        delivered = await app.services.outbox.announce(
            Announcement(f"discord:{GUILD_ID}", str(CHANNEL_ID), Reply(text="late"))
        )
        assert delivered is False
    finally:
        await app.close()
