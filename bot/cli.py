"""``python -m bot``: run the bot, the console, ingest and parse review documents."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from bot.config import Settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "db", None):
        settings = replace(settings, db_path=args.db, database_url="")
    return settings


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file or URL (default: $FILMCLUB_DATABASE_URL, $FILMCLUB_DB"
        " or data/filmclub.db)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="filmclub: a chat bot for film clubs on Discord, Slack and the terminal.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser(
        "run",
        help="start the bot: Discord and/or Slack when their tokens are set, else the console",
    )
    _add_db(run)
    _add_console_options(run)

    console = sub.add_parser("console", help="type commands in the terminal")
    _add_db(console)
    _add_console_options(console)

    ingest = sub.add_parser("ingest", help="load film folders or review files into the database")
    _add_db(ingest)
    ingest.add_argument(
        "paths", nargs="+", metavar="PATH", help="film folder, folder of films, or review file"
    )
    ingest.add_argument("--film", metavar="TITLE", help="the film single review files are about")

    parse = sub.add_parser("parse", help="parse review documents and print what was found")
    _add_db(parse)
    parse.add_argument("files", nargs="+", metavar="FILE")
    parse.add_argument("--json", action="store_true", help="one JSON object per file (default)")

    move = sub.add_parser(
        "migrate-db",
        help="copy a whole database into an empty PostgreSQL database, checking row counts",
    )
    move.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="the database to copy (default: $FILMCLUB_DATABASE_URL or $FILMCLUB_DB),"
        " e.g. sqlite:///data/filmclub.db",
    )
    move.add_argument(
        "--to", dest="target", metavar="URL", required=True, help="postgresql://... (empty)"
    )

    manifest = sub.add_parser("slack-manifest", help="print the Slack app manifest")
    _add_db(manifest)
    manifest.add_argument("--name", default="filmclub", help="the app's name in Slack")
    manifest.add_argument(
        "--request-url", help="public URL of /slack/events for HTTP mode (omit for Socket Mode)"
    )
    return parser


def _add_console_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default="", help="your name in the console (default: $USER)")
    parser.add_argument("--club", default="home", help="the console's club (default: home)")
    parser.add_argument("--admin", action="store_true", help="act as a club admin")


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console import ConsoleOptions, console_adapter
    from bot.app import App
    from bot.runner import run_app

    app = await App.open(settings)
    try:
        options = ConsoleOptions(user=args.user, club=args.club, admin=args.admin)
        await run_app(app, [console_adapter(app, settings, options)])
    finally:
        await app.close()
    return 0


async def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.ingest import ingest_paths, terminal_progress
    from bot.store import Store

    store = await Store.open(settings.database, settings.synchronous)
    try:
        report = await ingest_paths(
            store,
            [Path(p) for p in args.paths],
            film=args.film,
            progress=terminal_progress(sys.stderr),
        )
    finally:
        await store.close()
    for name, why in report.bad:
        print(f"skipped {name}: {why}", file=sys.stderr)
    print(report.summary())
    return 0 if report.added or report.skipped or not report.bad else 1


def _parse(args: argparse.Namespace) -> int:
    from bot.ingest import BadFile, read_document
    from bot.parsing import parse_document

    status = 0
    for name in args.files:
        try:
            text, _ = read_document(Path(name))
        except BadFile as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            status = 1
            continue
        print(json.dumps(parse_document(text, name).to_json(), ensure_ascii=False))
    return status


def _manifest(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.slack.manifest import manifest_yaml
    from bot.commands import COMMANDS

    text = manifest_yaml(
        COMMANDS,
        name=args.name,
        request_url=args.request_url,
        admin_group=bool(settings.slack_admin_group),
    )
    print(text, end="")
    return 0


def _migrate_db(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store.transfer import TransferError, transfer

    try:
        report = transfer(args.source or settings.database, args.target)
    except (TransferError, ValueError) as exc:
        print(f"migrate-db: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        print(f"migrate-db: nothing was copied: {exc}", file=sys.stderr)
        return 1
    for table, rows in report.tables.items():
        print(f"{table}: {rows}")
    print(report.summary())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = _settings(args)
    except ValueError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=getattr(logging, settings.log_level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command != "run":
        logging.getLogger().setLevel(max(logging.WARNING, logging.getLogger().level))
    try:
        if args.command == "run":
            from adapters.console import ConsoleOptions
            from bot.runner import run

            options = ConsoleOptions(user=args.user, club=args.club, admin=args.admin)
            return asyncio.run(run(settings, options))
        if args.command == "console":
            return asyncio.run(_console(settings, args))
        if args.command == "ingest":
            return asyncio.run(_ingest(settings, args))
        if args.command == "parse":
            return _parse(args)
        if args.command == "migrate-db":
            return _migrate_db(settings, args)
        if args.command == "slack-manifest":
            return _manifest(settings, args)
    except KeyboardInterrupt:
        return 130
    return 2
