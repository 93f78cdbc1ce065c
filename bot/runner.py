"""Starting filmclub: Discord and/or Slack when configured, else the local console."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import importlib
import logging
import signal
import sqlite3
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from adapters.console import ConsoleOptions, console_adapter
from bot.app import Adapter, App
from bot.config import Settings
from bot.heap import settle_after_startup
from bot.ingest import find_film_folders, ingest_paths, review_files
from bot.store import Store, films

log = logging.getLogger(__name__)

T = TypeVar("T")

# How long closing waits for queued database work before refusing what is left.
CLOSE_GRACE = 10.0
# Beyond the shutdown grace, the time an adapter gets to give up its leftover work.
STOP_MARGIN = 5.0
BUNDLED_CORPUS = Path(__file__).resolve().parent.parent / "data" / "films"


async def load_bundled_corpus(app: App, corpus: Path = BUNDLED_CORPUS) -> str | None:
    """Load the film folders under ``corpus`` that hold documents not yet in the database.

    Runs on every start: a folder added since the last one is loaded, the rest
    cost a hash of each file. Returns a summary line, or None when nothing was new.
    """
    folders = await new_film_folders(app.store, corpus)
    if not folders:
        return None
    report = await ingest_paths(app.store, folders, services=app.services)
    return report.summary()


async def new_film_folders(store: Store, corpus: Path) -> list[Path]:
    """Film folders below ``corpus`` with a review file whose content is not stored yet
    (into an empty database, every folder)."""
    folders = await asyncio.to_thread(_folder_digests, corpus)
    count, _ = await store.read(films.film_count)
    if not count:
        return [folder for folder, _ in folders]
    wanted = {digest for _, digests in folders for digest in digests}
    unknown = await store.read(_unknown_documents, wanted)
    return [folder for folder, digests in folders if digests & unknown]


def _folder_digests(corpus: Path) -> list[tuple[Path, set[str]]]:
    found: list[tuple[Path, set[str]]] = []
    if not corpus.is_dir():
        return found
    for folder in find_film_folders(corpus):
        digests: set[str] = set()
        for path in review_files(folder):
            try:
                digests.add(hashlib.sha256(path.read_bytes()).hexdigest())
            except OSError:
                digests.add(f"unreadable:{path}")  # loading reports it by name
        found.append((folder, digests))
    return found


def _unknown_documents(conn: sqlite3.Connection, digests: set[str]) -> set[str]:
    return {digest for digest in digests if not films.has_document(conn, digest)}


def chat_adapters(app: App, settings: Settings) -> list[Adapter]:
    adapters: list[Adapter] = []
    if settings.discord_enabled:
        from adapters.discord import DiscordAdapter

        adapters.append(DiscordAdapter(app.dispatcher, settings))
    if settings.slack_enabled:
        from adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(app.dispatcher, settings))
    return adapters


async def run_app(app: App, adapters: list[Adapter]) -> None:
    """Run the scheduler and every adapter until one stops or a signal arrives."""
    from bot.scheduler import Scheduler

    for adapter in adapters:
        app.services.outbox.register(adapter)
    scheduler = Scheduler(app.services)
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(a.run(), name=f"adapter-{a.platform}") for a in adapters]
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    stopper = asyncio.create_task(stop.wait())
    try:
        # Let every adapter begin connecting before the catch-up pass announces
        # the polls that fell due while the bot was down.
        await asyncio.sleep(0)
        await scheduler.start()
        await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    finally:
        await scheduler.stop()
        for adapter in adapters:
            with contextlib.suppress(Exception):
                await adapter.stop()
        # Stopped adapters finish the work they acknowledged within the grace period.
        pending = [
            t
            for t, a in zip(tasks, adapters, strict=True)
            if not t.done() and getattr(a, "drains_on_stop", False)
        ]
        if pending:
            await asyncio.wait(pending, timeout=app.services.settings.shutdown_grace + STOP_MARGIN)
        for task in tasks:
            if not task.done():
                task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        stopper.cancel()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
    for task in tasks:
        if task.done() and not task.cancelled():
            error = task.exception()
            if error is not None:
                raise error


def event_loop_name(settings: Settings) -> str:
    """The event loop a bot process runs on: uvloop where it is installed and a chat
    platform is served (it spends less time per request than asyncio's own loop),
    unless FILMCLUB_EVENT_LOOP says otherwise; the local console stays on asyncio."""
    wanted = settings.event_loop
    if wanted == "auto":
        if not (settings.discord_enabled or settings.slack_enabled):
            return "asyncio"
        wanted = "uvloop"
    if wanted == "uvloop":
        try:
            importlib.import_module("uvloop")
        except ImportError:
            if settings.event_loop == "uvloop":
                log.warning("FILMCLUB_EVENT_LOOP=uvloop but uvloop is not installed; using asyncio")
            return "asyncio"
    return wanted


def run_on_loop(main: Coroutine[Any, Any, T], loop_name: str) -> T:
    """Run ``main`` to completion on the named event loop (``asyncio`` or ``uvloop``)."""
    if loop_name == "uvloop":
        uvloop: Any = importlib.import_module("uvloop")
        result: T = uvloop.run(main)
        return result
    return asyncio.run(main)


def run_process(settings: Settings, console: ConsoleOptions | None = None) -> int:
    """The bot process: :func:`run` on the event loop :func:`event_loop_name` picks."""
    return run_on_loop(run(settings, console), event_loop_name(settings))


async def run(settings: Settings, console: ConsoleOptions | None = None) -> int:
    app = await App.open(settings)
    try:
        loaded = await load_bundled_corpus(app)
        if loaded:
            print(loaded, file=sys.stderr)
        adapters = chat_adapters(app, settings)
        if not adapters:
            print(
                "No Discord or Slack tokens in .env: starting the local console.",
                file=sys.stderr,
            )
            adapters = [console_adapter(app, settings, console or ConsoleOptions())]
        else:
            names = " and ".join(a.platform.capitalize() for a in adapters)
            print(f"Starting filmclub on {names}.", file=sys.stderr)
        settle_after_startup()
        await run_app(app, adapters)
    finally:
        await app.close(CLOSE_GRACE)
    return 0
