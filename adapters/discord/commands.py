"""Discord application commands generated from the core's command declarations.

Each core :class:`~bot.commands.spec.Command` becomes a
:class:`discord.app_commands.Command` (or a :class:`~discord.app_commands.Group`
when it has subcommands). The callback's signature is synthesized from the
declared options: every option is a keyword parameter annotated with an
:class:`OptionTransformer`, which tells discord.py the Discord option type,
length limit, choices and autocomplete handler.
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from bot.commands.spec import Command, CommandSet, Option, OptionKind
from bot.dispatch import DEFAULT_MAX_LENGTH
from bot.messages import Attachment

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 100
MAX_OPTIONS = 25
MAX_CHOICES = 25
MAX_SUBCOMMANDS = 25
MAX_STRING = 6000
MAX_CHOICE_TEXT = 100
_NAME = re.compile(r"^[-_\w]{1,32}$")

# (interaction, command path, command, options by core name)
CommandRunner = Callable[[discord.Interaction[Any], str, Command, dict[str, Any]], Awaitable[None]]
# (interaction, option, what the member has typed so far) -> suggestions
Completer = Callable[[discord.Interaction[Any], Option, str], Awaitable[list[str]]]

OPTION_TYPES: dict[OptionKind, discord.AppCommandOptionType] = {
    OptionKind.INTEGER: discord.AppCommandOptionType.integer,
    OptionKind.BOOLEAN: discord.AppCommandOptionType.boolean,
    OptionKind.ATTACHMENT: discord.AppCommandOptionType.attachment,
}


def discord_name(name: str) -> str:
    """A core command or option name as Discord accepts it (lowercase, no spaces, ≤ 32)."""
    cleaned = re.sub(r"[^-_\w]+", "-", name.strip().lower()).strip("-")[:32]
    if not cleaned or not _NAME.match(cleaned):
        raise ValueError(f"cannot make a Discord name out of {name!r}")
    return cleaned


def describe(text: str) -> str:
    """A description within Discord's 1–100 characters."""
    text = " ".join(text.split()) or "…"
    return text if len(text) <= MAX_DESCRIPTION else text[: MAX_DESCRIPTION - 1] + "…"


def option_type(option: Option) -> discord.AppCommandOptionType:
    return OPTION_TYPES.get(option.kind, discord.AppCommandOptionType.string)


def uses_autocomplete(option: Option) -> bool:
    """FILM, TOPIC and POLL complete from the store; long choice lists complete locally."""
    if option.autocomplete:
        return True
    return option.kind is OptionKind.CHOICE and len(option.choices) > MAX_CHOICES


def choice_values(option: Option) -> list[str]:
    return [c for c in option.choices if 0 < len(c) <= MAX_CHOICE_TEXT]


def to_choices(values: list[str]) -> list[app_commands.Choice[int | float | str]]:
    """Autocomplete answers: at most 25, each name and value within 100 characters."""
    out: list[app_commands.Choice[int | float | str]] = []
    seen: set[str] = set()
    for value in values:
        value = value.strip()
        if not value or len(value) > MAX_CHOICE_TEXT or value in seen:
            continue
        seen.add(value)
        out.append(app_commands.Choice(name=value, value=value))
        if len(out) == MAX_CHOICES:
            break
    return out


class OptionTransformer(app_commands.Transformer):
    """Describes one core option to discord.py; values pass through unchanged."""

    def __init__(self, option: Option) -> None:
        self.option = option

    @property
    def type(self) -> discord.AppCommandOptionType:
        return option_type(self.option)

    @property
    def max_value(self) -> int | None:
        if self.type is not discord.AppCommandOptionType.string:
            return None
        if self.option.kind is OptionKind.LIST:
            return MAX_STRING
        if self.choices:
            return None
        return min(self.option.max_length or DEFAULT_MAX_LENGTH, MAX_STRING)

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]] | None:
        if self.option.kind is not OptionKind.CHOICE or uses_autocomplete(self.option):
            return None
        values = choice_values(self.option)
        return [app_commands.Choice(name=v, value=v) for v in values] or None

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Any:
        if self.option.kind is OptionKind.ATTACHMENT and isinstance(value, discord.Attachment):
            return Attachment(value.filename, value.size, value.read)
        return value


class CompletingTransformer(OptionTransformer):
    """An option whose suggestions come from :class:`Completer` as the member types."""

    def __init__(self, option: Option, completer: Completer) -> None:
        super().__init__(option)
        self.completer = completer

    async def autocomplete(
        self, interaction: discord.Interaction[Any], value: int | float | str, /
    ) -> list[app_commands.Choice[int | float | str]]:
        current = str(value)
        if self.option.kind is OptionKind.CHOICE:
            low = current.strip().lower()
            values = [c for c in choice_values(self.option) if low in c.lower()]
        else:
            values = await self.completer(interaction, self.option, current)
        return to_choices(values)


def _transformer(option: Option, completer: Completer) -> OptionTransformer:
    if uses_autocomplete(option) and option_type(option) is discord.AppCommandOptionType.string:
        return CompletingTransformer(option, completer)
    return OptionTransformer(option)


def build_command(
    command: Command,
    path: str,
    runner: CommandRunner,
    completer: Completer,
    *,
    parent: app_commands.Group | None = None,
) -> app_commands.Command[Any, ..., None]:
    """One runnable core command as a Discord slash command (or subcommand)."""
    options = list(command.options)
    if len(options) > MAX_OPTIONS:
        log.warning(
            "/%s has %d options; Discord shows the first %d", path, len(options), MAX_OPTIONS
        )
        options = sorted(options, key=lambda o: not o.required)[:MAX_OPTIONS]

    by_param: dict[str, Option] = {}
    parameters = [
        inspect.Parameter(
            "interaction",
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            annotation=discord.Interaction,
        )
    ]
    renames: dict[str, str] = {}
    descriptions: dict[str, str] = {}
    for index, option in enumerate(options):
        param = f"option_{index}"
        by_param[param] = option
        renames[param] = discord_name(option.name)
        descriptions[param] = describe(option.help)
        parameters.append(
            inspect.Parameter(
                param,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_transformer(option, completer),
                default=inspect.Parameter.empty if option.required else None,
            )
        )

    async def callback(interaction: discord.Interaction[Any], **values: Any) -> None:
        given = {
            by_param[name].name: value
            for name, value in values.items()
            if name in by_param and value is not None
        }
        await runner(interaction, path, command, given)

    callback.__dict__["__signature__"] = inspect.Signature(parameters)
    decorated = app_commands.rename(**renames)(app_commands.describe(**descriptions)(callback))
    return app_commands.Command(
        name=discord_name(command.name),
        description=describe(command.help),
        callback=decorated,
        parent=parent,
    )


def build_group(
    command: Command,
    path: str,
    runner: CommandRunner,
    completer: Completer,
    *,
    parent: app_commands.Group | None = None,
) -> app_commands.Group:
    """A command with subcommands as a Discord group (``/poll start``).

    A nested group adds itself to its ``parent``."""
    group = app_commands.Group(
        name=discord_name(command.name), description=describe(command.help), parent=parent
    )
    subcommands = command.subcommands[:MAX_SUBCOMMANDS]
    if len(command.subcommands) > MAX_SUBCOMMANDS:
        log.warning("/%s has too many subcommands; Discord shows %d", path, MAX_SUBCOMMANDS)
    for sub in subcommands:
        sub_path = f"{path} {sub.name}"
        if sub.subcommands:
            if parent is not None:
                log.warning("/%s is nested too deeply for Discord; skipped", sub_path)
                continue
            build_group(sub, sub_path, runner, completer, parent=group)
        elif sub.handler is not None:
            group.add_command(build_command(sub, sub_path, runner, completer, parent=group))
    return group


def build_app_commands(
    commands: CommandSet, runner: CommandRunner, completer: Completer
) -> list[app_commands.Command[Any, ..., None] | app_commands.Group]:
    """Every core command, in declaration order, ready for ``tree.add_command``."""
    built: list[app_commands.Command[Any, ..., None] | app_commands.Group] = []
    for command in commands.commands:
        try:
            if command.subcommands:
                built.append(build_group(command, command.name, runner, completer))
            elif command.handler is not None:
                built.append(build_command(command, command.name, runner, completer))
        except (TypeError, ValueError):
            log.exception("cannot declare /%s on Discord; skipped", command.name)
    return built
