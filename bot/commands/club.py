"""``/club``: the settings a club keeps for itself (time zone, country, admins)."""

from __future__ import annotations

from bot.club_settings import admin_role_value, club_zone_named, country_code, is_clear
from bot.commands.spec import Command, Option, OptionKind
from bot.messages import Field, Reply, Request
from bot.polls.localtime import format_local, zone_or_utc
from bot.services import Services
from bot.store import clubs


def _platform_admins(services: Services, club: str) -> str:
    platform = club.split(":", 1)[0]
    if platform == "discord":
        role = services.settings.discord_admin_role
        base = "server managers and administrators"
        return f"{base}, and the role {role} (DISCORD_ADMIN_ROLE)" if role else base
    if platform == "slack":
        group = services.settings.slack_admin_group
        base = "workspace admins and owners"
        return f"{base}, and the group {group} (SLACK_ADMIN_GROUP)" if group else base
    return "whoever starts the console with --admin"


async def show(services: Services, request: Request) -> Reply:
    own = await services.store.read(clubs.club_settings, request.club)
    default_zone = services.settings.timezone or "UTC"
    zone = own.timezone or default_zone
    now = format_local(services.clock.now(), zone_or_utc(zone))
    fields = (
        Field(
            "Time zone",
            f"{zone} (now {now})" + ("" if own.timezone else " · the bot's default"),
        ),
        Field("Country", own.country or "not set"),
        Field(
            "Admins",
            _platform_admins(services, request.club)
            + (f"; also members of {own.admin_role}" if own.admin_role else ""),
            inline=False,
        ),
    )
    return Reply(
        title="Club settings",
        fields=fields,
        footer="Admins change them with /club timezone, /club country and /club admins.",
    )


async def set_timezone(services: Services, request: Request) -> Reply:
    raw: str = request.options["zone"]
    if is_clear(raw):
        await services.store.write(clubs.set_club_setting, request.club, "timezone", None)
        default = services.settings.timezone or "UTC"
        return Reply(text=f"The club's time zone is cleared; times are shown in {default}.")
    zone = club_zone_named(raw)
    await services.store.write(clubs.set_club_setting, request.club, "timezone", zone.key)
    now = format_local(services.clock.now(), zone)
    return Reply(text=f"The club's time zone is now {zone.key} (it is {now} there).")


async def set_country(services: Services, request: Request) -> Reply:
    raw: str = request.options["code"]
    if is_clear(raw):
        await services.store.write(clubs.set_club_setting, request.club, "country", None)
        return Reply(text="The club's country is cleared.")
    code = country_code(raw)
    await services.store.write(clubs.set_club_setting, request.club, "country", code)
    return Reply(text=f"The club's country is now {code}.")


async def set_admins(services: Services, request: Request) -> Reply:
    raw: str = request.options["role"]
    value = None if is_clear(raw) else admin_role_value(raw)
    await services.store.write(clubs.set_club_setting, request.club, "admin_role", value)
    services.club_settings.forget(request.club)
    if value is None:
        return Reply(text="No role or group makes members club admins any more.")
    return Reply(text=f"Members of {value} are now club admins.")


CLUB_COMMAND = Command(
    "club",
    "The club's settings: time zone, country and admins",
    default="show",
    subcommands=(
        Command(
            "show",
            "Show the club's settings",
            handler=show,
            examples=("/club", "/club show"),
        ),
        Command(
            "timezone",
            "Set the time zone polls and times are shown in (`none` for the bot's default)",
            options=(
                Option(
                    "zone",
                    "An IANA zone such as Europe/Paris",
                    OptionKind.TEXT,
                    True,
                    max_length=64,
                ),
            ),
            handler=set_timezone,
            admin_only=True,
            examples=("/club timezone Europe/Paris", "/club timezone America/New_York"),
        ),
        Command(
            "country",
            "Set the club's country, a two-letter ISO code (`none` to clear)",
            options=(
                Option("code", "A code such as FR, US or JP", OptionKind.TEXT, True, max_length=8),
            ),
            handler=set_country,
            admin_only=True,
            examples=("/club country FR",),
        ),
        Command(
            "admins",
            "Make members of a role (Discord) or user group (Slack) club admins (`none` to clear)",
            options=(
                Option(
                    "role",
                    "A role or user group, by name, id or mention",
                    OptionKind.TEXT,
                    True,
                    max_length=120,
                    greedy=True,
                ),
            ),
            handler=set_admins,
            admin_only=True,
            examples=("/club admins Club Admin", "/club admins @film-admins", "/club admins none"),
        ),
    ),
)
