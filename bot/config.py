"""Settings, read from the environment and an optional ``.env`` file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

DEFAULT_DB = "data/filmclub.db"
WIKIDATA_API_URL = "https://www.wikidata.org/w/api.php"
TMDB_API_URL = "https://api.themoviedb.org/3"


def read_env_file(path: Path) -> dict[str, str]:
    """The settings in a ``.env`` file, read by python-dotenv's rules.

    Quotes, ``# comments`` after a value, ``export`` prefixes and escapes in
    double quotes are read as a shell would; a key without a value is left out.
    A missing or unreadable file gives no settings.
    """
    if not path.is_file():
        return {}
    try:
        raw = dotenv_values(path, encoding="utf-8", interpolate=False)
    except (OSError, UnicodeDecodeError):
        return {}
    return {key: value for key, value in raw.items() if value is not None}


def _int(env: Mapping[str, str], key: str, default: int) -> int:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{key} must be a whole number, not {raw!r}") from exc


def shard_ids(raw: str, count: int) -> tuple[int, ...]:
    """``DISCORD_SHARD_IDS``: ``0,1`` or ``4-7`` (or both); empty for every shard."""
    text = raw.strip()
    if not text:
        return ()
    if count <= 0:
        raise ValueError(
            "DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT (the total over all processes)"
        )
    ids: list[int] = []
    for part in text.split(","):
        first, sep, last = part.strip().partition("-")
        if not first.strip().isdigit() or (sep and not last.strip().isdigit()):
            raise ValueError(
                f"DISCORD_SHARD_IDS takes numbers and ranges like 0,1 or 4-7, not {raw!r}"
            )
        low, high = int(first), int(last) if sep else int(first)
        if low > high or high >= count:
            raise ValueError(
                f"DISCORD_SHARD_IDS: {part.strip()} is not within 0-{count - 1}"
                f" (DISCORD_SHARD_COUNT is {count})"
            )
        ids.extend(range(low, high + 1))
    return tuple(sorted(set(ids)))


EVENT_LOOPS = ("auto", "asyncio", "uvloop")


def _event_loop(raw: str) -> str:
    value = raw.strip().lower() or "auto"
    if value not in EVENT_LOOPS:
        raise ValueError(f"FILMCLUB_EVENT_LOOP must be one of {', '.join(EVENT_LOOPS)}")
    return value


def _catalog_switch(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("", "on", "yes", "true", "1"):
        return True
    if value in ("off", "no", "false", "0"):
        return False
    raise ValueError(f"FILMCLUB_CATALOG must be on or off, not {raw!r}")


def _seconds(env: Mapping[str, str], key: str, default: float) -> float:
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 86400:
        raise ValueError(f"{key} must be a number of seconds, not {raw!r}")
    return value


SLACK_DISTRIBUTION = ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_REDIRECT_URI")


def _slack_distribution(env: Mapping[str, str]) -> tuple[str, str, str]:
    """The OAuth settings, all three or none; the redirect URI must be an http(s) URL."""
    values = {key: env.get(key, "").strip() for key in SLACK_DISTRIBUTION}
    missing = [key for key, value in values.items() if not value]
    if missing and len(missing) < len(values):
        raise ValueError(
            "Slack distribution needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and"
            f" SLACK_REDIRECT_URI; {', '.join(missing)} is not set"
        )
    uri = values["SLACK_REDIRECT_URI"]
    if uri:
        parts = urlsplit(uri)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"SLACK_REDIRECT_URI must be an https:// URL, not {uri!r}")
    return values["SLACK_CLIENT_ID"], values["SLACK_CLIENT_SECRET"], uri


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB
    database_url: str = ""
    synchronous: str = "NORMAL"
    timezone: str = "UTC"
    poll_size: int = 5
    reminder_minutes: int = 60
    chart_dir: str = "charts"
    log_level: str = "INFO"
    discord_token: str = ""
    discord_guild_id: str = ""
    discord_admin_role: str = ""
    discord_shard_count: int = 0
    discord_shard_ids: tuple[int, ...] = ()
    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    slack_port: int = 3000
    slack_api_url: str = ""
    slack_admin_group: str = ""
    # Distribution: installed through OAuth in any number of workspaces.
    slack_client_id: str = ""
    slack_client_secret: str = ""
    slack_redirect_uri: str = ""
    # The online film catalog. Off unless switched on, so that a Settings built in
    # code never reaches the network; from_env switches it on unless FILMCLUB_CATALOG=off.
    catalog: bool = False
    catalog_ttl_days: int = 30
    wikidata_api_url: str = WIKIDATA_API_URL
    tmdb_api_url: str = TMDB_API_URL
    tmdb_api_key: str = ""
    tmdb_read_token: str = ""
    contact: str = ""
    country: str = "US"
    allow_private_urls: bool = False
    slack_host: str = "0.0.0.0"
    shutdown_grace: float = 30.0
    # auto: uvloop (the optional ``fast`` extra) when Discord or Slack runs and it is
    # installed, else asyncio's own loop; asyncio or uvloop to choose.
    event_loop: str = "auto"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, env_file: str | None = ".env"
    ) -> Settings:
        """Environment variables win over the ``.env`` file."""
        merged: dict[str, str] = {}
        if env_file:
            merged.update(read_env_file(Path(env_file)))
        merged.update(os.environ if env is None else env)
        sync = merged.get("FILMCLUB_SYNCHRONOUS", "NORMAL").strip().upper() or "NORMAL"
        if sync not in ("NORMAL", "FULL"):
            raise ValueError("FILMCLUB_SYNCHRONOUS must be NORMAL or FULL")
        distribution = _slack_distribution(merged)
        return cls(
            db_path=merged.get("FILMCLUB_DB", "").strip() or DEFAULT_DB,
            database_url=merged.get("FILMCLUB_DATABASE_URL", "").strip(),
            synchronous=sync,
            timezone=merged.get("FILMCLUB_TIMEZONE", "").strip() or "UTC",
            poll_size=_int(merged, "FILMCLUB_POLL_SIZE", 5),
            reminder_minutes=_int(merged, "FILMCLUB_REMINDER_MINUTES", 60),
            chart_dir=merged.get("FILMCLUB_CHART_DIR", "").strip() or "charts",
            log_level=merged.get("FILMCLUB_LOG_LEVEL", "").strip().upper() or "INFO",
            discord_token=merged.get("DISCORD_TOKEN", "").strip(),
            discord_guild_id=merged.get("DISCORD_GUILD_ID", "").strip(),
            discord_admin_role=merged.get("DISCORD_ADMIN_ROLE", "").strip(),
            discord_shard_count=_int(merged, "DISCORD_SHARD_COUNT", 0),
            discord_shard_ids=shard_ids(
                merged.get("DISCORD_SHARD_IDS", ""), _int(merged, "DISCORD_SHARD_COUNT", 0)
            ),
            slack_bot_token=merged.get("SLACK_BOT_TOKEN", "").strip(),
            slack_app_token=merged.get("SLACK_APP_TOKEN", "").strip(),
            slack_signing_secret=merged.get("SLACK_SIGNING_SECRET", "").strip(),
            slack_port=_int(merged, "SLACK_PORT", 3000),
            slack_api_url=merged.get("SLACK_API_URL", "").strip(),
            slack_admin_group=merged.get("SLACK_ADMIN_GROUP", "").strip(),
            slack_client_id=distribution[0],
            slack_client_secret=distribution[1],
            slack_redirect_uri=distribution[2],
            catalog=_catalog_switch(merged.get("FILMCLUB_CATALOG", "")),
            catalog_ttl_days=max(1, _int(merged, "FILMCLUB_CATALOG_TTL_DAYS", 30)),
            wikidata_api_url=merged.get("WIKIDATA_API_URL", "").strip() or WIKIDATA_API_URL,
            tmdb_api_url=merged.get("TMDB_API_URL", "").strip() or TMDB_API_URL,
            tmdb_api_key=merged.get("TMDB_API_KEY", "").strip(),
            tmdb_read_token=merged.get("TMDB_READ_TOKEN", "").strip(),
            contact=merged.get("FILMCLUB_CONTACT", "").strip(),
            country=(merged.get("FILMCLUB_COUNTRY", "").strip() or "US").upper(),
            allow_private_urls=merged.get("FILMCLUB_ALLOW_PRIVATE_URLS", "").strip().lower()
            in ("1", "true", "yes", "on"),
            slack_host=merged.get("SLACK_HOST", "").strip() or "0.0.0.0",
            shutdown_grace=_seconds(merged, "FILMCLUB_SHUTDOWN_GRACE", 30.0),
            event_loop=_event_loop(merged.get("FILMCLUB_EVENT_LOOP", "")),
        )

    @property
    def database(self) -> str:
        """Where the store lives: ``FILMCLUB_DATABASE_URL`` (``sqlite:///PATH`` or
        ``postgresql://...``), else the SQLite file ``FILMCLUB_DB``."""
        return self.database_url or self.db_path

    @property
    def discord_enabled(self) -> bool:
        return bool(self.discord_token)

    @property
    def tmdb_enabled(self) -> bool:
        return bool(self.tmdb_api_key or self.tmdb_read_token)

    @property
    def slack_distributed(self) -> bool:
        """Installed through OAuth (``/slack/install``) in any number of workspaces."""
        return bool(self.slack_client_id and self.slack_client_secret and self.slack_redirect_uri)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_distributed) and bool(
            self.slack_app_token or self.slack_signing_secret
        )
