"""/help, generated from the command declarations."""

from __future__ import annotations

from bot.catalog.tmdb import ATTRIBUTION as TMDB_ATTRIBUTION
from bot.commands.spec import Command, CommandSet, Option
from bot.config import Settings
from bot.errors import UserError
from bot.messages import Field, Reply, Request
from bot.services import Services


def _option_line(opt: Option) -> str:
    need = "required" if opt.required else "optional"
    choices = f" ({' / '.join(opt.choices)})" if opt.choices else ""
    return f"`{opt.name}` ({need}): {opt.help}{choices}"


def command_help(path: str, cmd: Command) -> Reply:
    lines = [cmd.help, "", "Usage: " + cmd.usage(path)]
    lines += [_option_line(o) for o in cmd.options]
    if cmd.admin_only:
        lines.append("Only club admins can run it.")
    if cmd.examples:
        lines.append("Examples: " + "  ".join(f"`{e}`" for e in cmd.examples))
    return Reply(title=f"/{path}", text="\n".join(lines), ephemeral=True)


def credits(settings: Settings) -> str | None:
    """Where looked-up film facts come from, as the providers' terms ask."""
    if not settings.catalog:
        return None
    if settings.tmdb_enabled:
        return (
            f"Film facts from Wikidata (CC0) and TMDB; streaming via JustWatch. {TMDB_ATTRIBUTION}"
        )
    return "Film facts from Wikidata (CC0)."


def overview(commands: CommandSet, settings: Settings | None = None) -> Reply:
    fields = tuple(
        Field(f"/{path}", cmd.help + (" (admins)" if cmd.admin_only else ""), inline=False)
        for path, cmd in commands.leaves()
    )
    return Reply(
        title="filmclub commands",
        text="`/help <command>` shows a command's options and examples.",
        fields=fields,
        footer=credits(settings) if settings is not None else None,
        ephemeral=True,
    )


async def help_handler(services: Services, request: Request) -> Reply:
    from bot.commands import COMMANDS

    wanted: str | None = request.options.get("command")
    if not wanted:
        return overview(COMMANDS, services.settings)
    path = " ".join(wanted.strip().lstrip("/").lower().split())
    cmd = COMMANDS.resolve(path)
    if cmd is None:
        raise UserError(f"There is no `/{path}` command. `/help` lists them all.")
    if cmd.subcommands:
        fields = tuple(Field(f"/{path} {s.name}", s.help, inline=False) for s in cmd.subcommands)
        return Reply(title=f"/{path}", text=cmd.help, fields=fields, ephemeral=True)
    return command_help(path, cmd)


HELP = Command(
    name="help",
    help="List the commands, or show one command's options and examples",
    options=(
        Option("command", "A command name, e.g. rate or poll start", max_length=40, greedy=True),
    ),
    handler=help_handler,
    examples=("/help", "/help rate", "/help poll start"),
)
