"""The Slack app manifest, derived from the core's command declarations.

``python -m adapters.slack`` rewrites the checked-in
``adapters/slack/manifest.yml`` (Socket Mode, no request URL);
``python -m bot slack-manifest`` prints the one for an instance's own setup.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from bot.commands.spec import Command, CommandSet, OptionKind

CATCH_ALL = "filmclub"
MANIFEST_PATH = Path(__file__).with_name("manifest.yml")
APP_DESCRIPTION = (
    "Film facts, review quotes, critic scores, member ratings and weekly polls for your film club."
)

# Slack's built-in slash commands (and /help, which several workspaces reserve):
# a core command with one of these names is reachable only as /filmclub <name>.
RESERVED = frozenset(
    {
        "active",
        "apps",
        "archive",
        "away",
        "call",
        "close",
        "collapse",
        "dm",
        "dnd",
        "expand",
        "feed",
        "feedback",
        "help",
        "invite",
        "join",
        "kick",
        "leave",
        "me",
        "msg",
        "mute",
        "open",
        "prefs",
        "remind",
        "remove",
        "rename",
        "search",
        "shortcuts",
        "shrug",
        "star",
        "status",
        "topic",
        "who",
    }
)

# Each bot scope and why it is needed; nothing else is requested.
BOT_SCOPES: tuple[tuple[str, str], ...] = (
    ("commands", "receive the slash commands"),
    ("chat:write", "post announcements and update poll messages in place"),
    ("files:write", "upload the /scores chart"),
    ("users:read", "users.info: workspace admins and owners are club admins"),
)
ADMIN_GROUP_SCOPE = ("usergroups:read", "members of SLACK_ADMIN_GROUP are club admins")
FILES_READ_SCOPE = ("files:read", "download files members upload in a form (/import)")

COMMAND_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,30}$")
DESCRIPTION_LIMIT = 100
USAGE_LIMIT = 100


# The App Home tab is drawn when a member opens it; the message shortcut's id.
HOME_EVENT = "app_home_opened"
WATCHLIST_SHORTCUT = "add_to_watchlist"


def slash_name(name: str) -> str | None:
    """The Slack slash command for a top-level core command, or None if it is
    reachable only through ``/filmclub``."""
    low = name.lower()
    if low in RESERVED or low == CATCH_ALL or not COMMAND_NAME.match(low):
        return None
    return f"/{low}"


def slash_commands(commands: CommandSet) -> dict[str, str]:
    """Each Slack slash command and the core command path its text starts with.

    ``/filmclub`` maps to ``""``: its text is a whole command line.
    """
    table: dict[str, str] = {}
    for cmd in commands.commands:
        slash = slash_name(cmd.name)
        if slash is not None and slash not in table:
            table[slash] = cmd.name
    table[f"/{CATCH_ALL}"] = ""
    return table


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _usage_hint(cmd: Command) -> str:
    if cmd.subcommands:
        return " | ".join(sub.name for sub in cmd.subcommands)
    return cmd.usage().partition(" ")[2]


def _catch_all_hint(commands: CommandSet) -> str:
    return "help | " + " | ".join(c.name for c in commands.commands if c.name != "help")


def bot_scopes(commands: CommandSet, admin_group: bool = False) -> list[str]:
    """The bot scopes the commands need (an upload option needs ``files:read``)."""
    scopes = [scope for scope, _ in BOT_SCOPES]
    if any(o.kind is OptionKind.ATTACHMENT for _, cmd in commands.leaves() for o in cmd.options):
        scopes.append(FILES_READ_SCOPE[0])
    if admin_group:
        scopes.append(ADMIN_GROUP_SCOPE[0])
    return scopes


def manifest(
    commands: CommandSet,
    *,
    name: str,
    request_url: str | None,
    admin_group: bool = False,
    redirect_url: str | None = None,
) -> dict[str, Any]:
    """The manifest as a mapping.

    Without ``request_url`` the app uses Socket Mode; with it, slash commands,
    interactivity and menu options are sent to that URL (``…/slack/events``).
    ``admin_group`` adds the scope needed to read ``SLACK_ADMIN_GROUP``.
    ``redirect_url`` (``SLACK_REDIRECT_URI``) makes the app installable in many
    workspaces: OAuth redirects there, and bot tokens rotate. It needs ``request_url``.
    """
    if redirect_url and not request_url:
        raise ValueError("an app installed through OAuth needs a request URL (HTTP mode)")
    entries: list[dict[str, Any]] = []
    for slash, path in slash_commands(commands).items():
        if path:
            cmd = commands.get(path)
            assert cmd is not None
            description = _clip(cmd.help, DESCRIPTION_LIMIT)
            hint = _clip(_usage_hint(cmd), USAGE_LIMIT)
        else:
            description = _clip(f"Every {name} command: {slash} help lists them", DESCRIPTION_LIMIT)
            hint = _clip(_catch_all_hint(commands), USAGE_LIMIT)
        entry: dict[str, Any] = {"command": slash}
        if request_url:
            entry["url"] = request_url
        entry["description"] = description
        if hint:
            entry["usage_hint"] = hint
        entry["should_escape"] = False
        entries.append(entry)

    scopes = bot_scopes(commands, admin_group)
    oauth: dict[str, Any] = {"scopes": {"bot": scopes}}
    if redirect_url:
        oauth = {"redirect_urls": [redirect_url], **oauth}
    interactivity: dict[str, Any] = {"is_enabled": True}
    if request_url:
        interactivity["request_url"] = request_url
        interactivity["message_menu_options_url"] = request_url
    display = _clip(name, 35)
    bot_events = [HOME_EVENT]
    if redirect_url:
        # Uninstalling or revoking the token removes the stored installation.
        bot_events += ["app_uninstalled", "tokens_revoked"]
    events: dict[str, Any] = {"bot_events": bot_events}
    if request_url:
        events["request_url"] = request_url
    return {
        "display_information": {
            "name": display,
            "description": _clip(APP_DESCRIPTION, 140),
            "background_color": "#1d1f2b",
        },
        "features": {
            "bot_user": {"display_name": _clip(name, 80), "always_online": True},
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": False,
                "messages_tab_read_only_enabled": False,
            },
            "shortcuts": [
                {
                    "name": "Add to watchlist",
                    "type": "message",
                    "callback_id": WATCHLIST_SHORTCUT,
                    "description": "Add the film this message names or links to",
                }
            ],
            "slash_commands": entries,
        },
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": request_url is None,
            "token_rotation_enabled": bool(redirect_url),
        },
    }


# --- YAML -------------------------------------------------------------------

_PLAIN = re.compile(r"^[A-Za-z/][A-Za-z0-9 _./:,()\-]*$")
_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"}


def yaml_scalar(value: Any) -> str:
    """A YAML scalar: plain where unambiguous, otherwise a JSON string (valid YAML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    if (
        _PLAIN.match(text)
        and text.lower() not in _YAML_WORDS
        and ": " not in text
        and not text.endswith(":")
        and text == text.strip()
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def _emit(value: Any, indent: int, comments: dict[str, str]) -> list[str]:
    pad = "  " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:")
                lines += _emit(item, indent + 1, comments)
            elif isinstance(item, dict):
                lines.append(f"{pad}{key}: {{}}")
            elif isinstance(item, list):
                lines.append(f"{pad}{key}: []")
            else:
                lines.append(f"{pad}{key}: {yaml_scalar(item)}")
        return lines
    for item in value:
        if isinstance(item, dict) and item:
            inner = _emit(item, indent + 1, comments)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
        else:
            scalar = yaml_scalar(item)
            note = comments.get(scalar)
            lines.append(f"{pad}- {scalar}" + (f"  # {note}" if note else ""))
    return lines


def to_yaml(data: dict[str, Any], comments: dict[str, str] | None = None) -> str:
    """Block-style YAML for nested mappings and lists of scalars or mappings."""
    return "\n".join(_emit(data, 0, comments or {})) + "\n"


def manifest_yaml(
    commands: CommandSet,
    *,
    name: str,
    request_url: str | None,
    admin_group: bool = False,
    redirect_url: str | None = None,
) -> str:
    """The manifest as YAML, ready to paste into "Create an app from a manifest"."""
    data = manifest(
        commands,
        name=name,
        request_url=request_url,
        admin_group=admin_group,
        redirect_url=redirect_url,
    )
    mode = "HTTP (request URL)" if request_url else "Socket Mode"
    if redirect_url:
        mode += ", installable in many workspaces (OAuth, token rotation)"
    header = (
        f"# Slack app manifest for {name}, generated from the command declarations.\n"
        f"# Mode: {mode}. Regenerate with `python -m adapters.slack`.\n"
    )
    comments = dict((*BOT_SCOPES, ADMIN_GROUP_SCOPE))
    return header + to_yaml(data, comments)


def checked_in_manifest(commands: CommandSet) -> str:
    """What ``adapters/slack/manifest.yml`` must contain."""
    return manifest_yaml(commands, name="filmclub", request_url=None)


def main() -> None:
    from bot.commands import COMMANDS

    text = checked_in_manifest(COMMANDS)
    MANIFEST_PATH.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {MANIFEST_PATH}\n")


if __name__ == "__main__":
    main()
