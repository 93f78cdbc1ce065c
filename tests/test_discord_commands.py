"""Application commands are generated from the core's declarations."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from adapters.discord.commands import (
    MAX_CHOICES,
    build_app_commands,
    describe,
    discord_name,
)
from bot.commands import COMMANDS
from bot.commands.spec import Command, CommandSet, Option, OptionKind
from bot.messages import Reply, Request
from bot.services import Services

TYPES = {
    OptionKind.INTEGER: 4,
    OptionKind.BOOLEAN: 5,
    OptionKind.ATTACHMENT: 11,
}


async def nothing(services: Services, request: Request) -> Reply:
    return Reply(text="ok")


async def runner(
    interaction: discord.Interaction[Any], path: str, command: Command, options: dict[str, Any]
) -> None:
    return None


async def completer(
    interaction: discord.Interaction[Any], option: Option, current: str
) -> list[str]:
    return [f"{option.name}:{current}"]


def payloads(commands: CommandSet) -> list[dict[str, Any]]:
    client = discord.Client(intents=discord.Intents.default())
    tree: app_commands.CommandTree[discord.Client] = app_commands.CommandTree(client)
    for command in build_app_commands(commands, runner, completer):
        tree.add_command(command)
    return [dict(c.to_dict(tree)) for c in tree.get_commands()]


def leaf_payloads(built: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(prefix: str, payload: dict[str, Any]) -> None:
        subs = [o for o in payload.get("options", []) if o["type"] in (1, 2)]
        if not subs:
            out[prefix] = payload
        for sub in subs:
            walk(f"{prefix} {sub['name']}", sub)

    for payload in built:
        walk(payload["name"], payload)
    return out


def check_against_declarations(commands: CommandSet) -> None:
    built = leaf_payloads(payloads(commands))
    assert set(built) == {path for path, cmd in commands.leaves() if cmd.handler is not None}
    for path, command in commands.leaves():
        payload = built[path]
        assert payload["description"] == describe(command.help)
        options = {o["name"]: o for o in payload.get("options", [])}
        assert set(options) == {discord_name(o.name) for o in command.options}
        for option in command.options:
            sent = options[discord_name(option.name)]
            assert sent["type"] == TYPES.get(option.kind, 3), (path, option.name)
            assert sent["required"] is option.required
            assert 1 <= len(sent["description"]) <= 100
            assert sent.get("autocomplete", False) is (
                option.autocomplete or len(option.choices) > MAX_CHOICES
            )
            if option.kind is OptionKind.CHOICE and len(option.choices) <= MAX_CHOICES:
                assert [c["value"] for c in sent["choices"]] == list(option.choices)
        required = [o["required"] for o in payload.get("options", [])]
        assert required == sorted(required, reverse=True)


def test_every_core_command_is_declared() -> None:
    check_against_declarations(COMMANDS)


def test_edge_cases_of_declarations() -> None:
    many = tuple(f"choice{i}" for i in range(30))
    commands = CommandSet(
        commands=(
            Command(
                "Odd Name",
                "x" * 300,
                (
                    Option("optional", "An optional one", OptionKind.TEXT),
                    Option("Film-Title", "A film", OptionKind.FILM, required=True),
                    Option("pick", "Many choices", OptionKind.CHOICE, choices=many),
                    Option("score", "A score", OptionKind.SCORE, max_length=20),
                    Option("when", "", OptionKind.DURATION),
                ),
                handler=nothing,
            ),
            Command(
                "club",
                "Club things",
                subcommands=(
                    Command(
                        "settings", "Settings", subcommands=(Command("show", "Show", (), nothing),)
                    ),
                    Command("plain", "Plain", (), nothing),
                ),
            ),
            Command("nohandler", "Declared but not runnable"),
        )
    )
    built = payloads(commands)
    assert [c["name"] for c in built] == ["odd-name", "club"]
    odd = built[0]
    assert len(odd["description"]) == 100 and odd["description"].endswith("…")
    options = odd["options"]
    assert [o["name"] for o in options] == ["film-title", "optional", "pick", "score", "when"]
    assert options[0]["autocomplete"] is True and options[0]["required"] is True
    assert options[2]["autocomplete"] is True and "choices" not in options[2]
    assert options[3]["max_length"] == 20
    assert options[4]["description"] == "…"
    club = built[1]
    kinds = {o["name"]: o["type"] for o in club["options"]}
    assert kinds == {"settings": 2, "plain": 1}
    settings = next(o for o in club["options"] if o["name"] == "settings")
    assert settings["options"][0]["name"] == "show"


async def test_callback_and_autocomplete_map_names_back() -> None:
    seen: list[tuple[str, dict[str, Any]]] = []

    async def record(
        interaction: discord.Interaction[Any], path: str, command: Command, options: dict[str, Any]
    ) -> None:
        seen.append((path, options))

    commands = CommandSet(
        commands=(
            Command(
                "rate",
                "Rate",
                (
                    Option("Film-Title", "A film", OptionKind.FILM, required=True),
                    Option("score", "Score", OptionKind.SCORE, required=True),
                    Option(
                        "pick", "Pick", OptionKind.CHOICE, choices=tuple(f"c{i}" for i in range(30))
                    ),
                ),
                handler=nothing,
            ),
        )
    )
    (command,) = build_app_commands(commands, record, completer)
    assert isinstance(command, app_commands.Command)
    interaction: Any = object()
    call: Any = command.callback
    await call(interaction, option_0="Her", option_1="9", option_2=None)
    assert seen == [("rate", {"Film-Title": "Her", "score": "9"})]

    film = next(p for p in command.parameters if p.display_name == "film-title")
    assert film.autocomplete and film.required
    params = command._params
    by_display = {p.display_name: p.autocomplete for p in params.values()}
    film_complete, pick_complete = by_display["film-title"], by_display["pick"]
    assert film_complete is not None and pick_complete is not None
    choices = await film_complete(interaction, "he")
    assert [c.value for c in choices] == ["Film-Title:he"]
    picked = await pick_complete(interaction, "C2")
    assert [c.value for c in picked] == ["c2", *[f"c{i}" for i in range(20, 30)]]
