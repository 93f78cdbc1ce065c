"""The bot process the adapter benchmark drives: ``bot.runner.run`` with the settings
from the environment, discord.py pointed at a local fake Discord.

``python -m bench.botproc`` reads ``BENCH_DISCORD_URL`` (the fake's base URL, for
``Route.BASE`` and the gateway), ``BENCH_LOOP`` (``asyncio`` or ``uvloop``; ``auto``,
the default, is the loop the bot picks for itself, see ``bot.runner``) and
``BENCH_JSON`` (``stdlib`` hides orjson, which discord.py otherwise uses when installed).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import os
import sys
from typing import Any

# Run as a script, this folder would come first on sys.path and its adapters.py
# would hide the adapters package of the checkout being measured.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]

from bot import runner
from bot.config import Settings
from bot.runner import run


def point_discord_at(base_url: str) -> None:
    import yarl
    from discord.gateway import DiscordWebSocket
    from discord.http import Route

    Route.BASE = f"{base_url}/api/v10"
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(base_url.replace("http://", "ws://") + "/gateway")


def main() -> int:
    if os.environ.get("BENCH_JSON") == "stdlib":
        sys.modules["orjson"] = None  # type: ignore[assignment]
    settings = Settings.from_env(env_file=None)
    logging.basicConfig(level=settings.log_level, stream=sys.stderr)
    discord_url = os.environ.get("BENCH_DISCORD_URL", "")
    if discord_url:
        point_discord_at(discord_url)
    profile_to = os.environ.get("BENCH_PROFILE", "")
    if profile_to:
        import cProfile

        with cProfile.Profile() as profile:
            code = asyncio.run(run(settings))
        profile.dump_stats(profile_to)
        return code
    loop_name = os.environ.get("BENCH_LOOP", "auto")
    if loop_name == "uvloop":
        uvloop: Any = importlib.import_module("uvloop")
        return int(uvloop.run(run(settings)))
    if loop_name == "auto":
        # A checkout from before the bot picked its own loop runs on asyncio's.
        run_process = getattr(runner, "run_process", None)
        if run_process is not None:
            return int(run_process(settings))
    return asyncio.run(run(settings))


if __name__ == "__main__":
    raise SystemExit(main())
