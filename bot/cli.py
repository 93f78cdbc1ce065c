"""``python -m bot``: run the bot, the console, ingest and parse review documents."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from bot.config import Settings
from bot.errors import StorageError


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
        "paths",
        nargs="+",
        metavar="PATH",
        help="film folder, folder of films, review file, web page URL or saved .html page",
    )
    ingest.add_argument(
        "--film", metavar="TITLE", help="the film single review files or pages are about"
    )

    imp = sub.add_parser(
        "import", help="import a member's Letterboxd or IMDb export (ratings, reviews, watchlist)"
    )
    _add_db(imp)
    imp.add_argument("file", metavar="FILE", help="ratings.csv, reviews.csv, watchlist.csv, ...")
    imp.add_argument("--user", required=True, help="the member, as the console names them")
    imp.add_argument("--club", default="home", help="the console's club (default: home)")
    imp.add_argument("--admin", action="store_true", help="as a club admin (for watchlist.csv)")

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
    manifest.add_argument(
        "--redirect-url",
        help="installable in many workspaces: the OAuth redirect URL"
        " (default: SLACK_REDIRECT_URI when set; needs --request-url)",
    )
    return parser


def _add_console_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", default="", help="your name in the console (default: $USER)")
    parser.add_argument("--club", default="home", help="the console's club (default: home)")
    parser.add_argument("--admin", action="store_true", help="act as a club admin")


async def _console(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console import ConsoleOptions, console_adapter
    from bot.app import App
    from bot.runner import CLOSE_GRACE, run_app

    app = await App.open(settings)
    try:
        options = ConsoleOptions(user=args.user, club=args.club, admin=args.admin)
        await run_app(app, [console_adapter(app, settings, options)])
    finally:
        await app.close(CLOSE_GRACE)
    return 0


def _is_page(arg: str) -> bool:
    if arg.startswith(("http://", "https://")):
        return True
    path = Path(arg)
    return path.suffix.lower() in (".html", ".htm") and path.is_file()


async def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from bot.ingest import ingest_paths, terminal_progress
    from bot.store import Store

    pages = [p for p in args.paths if _is_page(p)]
    paths = [Path(p) for p in args.paths if not _is_page(p)]
    store = await Store.open(settings.database, settings.synchronous)
    status = 0
    catalog = None
    try:
        if pages:
            status = await _ingest_pages(settings, store, pages, args.film)
        if not paths:
            return status
        from bot.catalog.service import Catalog
        from bot.clock import SystemClock
        from bot.services import Services

        catalog = Catalog.from_settings(store, settings, SystemClock())
        services = Services(store=store, settings=settings, catalog=catalog)
        report = await ingest_paths(
            store,
            paths,
            film=args.film,
            progress=terminal_progress(sys.stderr),
            services=services,
        )
    finally:
        if catalog is not None:
            await catalog.close()
        await store.close()
    for name, why in report.bad:
        print(f"skipped {name}: {why}", file=sys.stderr)
    for where, why in report.unresolved:
        print(f"left out {where}: {why}", file=sys.stderr)
    print(report.summary())
    return status or (0 if report.added or report.skipped or not report.bad else 1)


async def _ingest_pages(settings: Settings, store: Any, pages: list[str], film: str | None) -> int:
    """Web pages by URL, or saved from a browser: one line of what was found each."""
    from bot.errors import UserError
    from bot.services import Services
    from bot.web.fetch import fetcher_for
    from bot.web.ingest import ingest_html, ingest_url

    services = Services(store=store, settings=settings)
    status = 0
    async with fetcher_for(settings) as fetcher:
        for page in pages:
            try:
                if page.startswith(("http://", "https://")):
                    result = await ingest_url(services, fetcher, page, film)
                else:
                    body = await asyncio.to_thread(Path(page).read_bytes)
                    if len(body) > fetcher.max_bytes:
                        raise UserError(f"The page is larger than {fetcher.max_bytes:,} bytes.")
                    html = body.decode("utf-8", errors="replace")
                    result = await ingest_html(services, html, page, body, film)
            except (UserError, OSError) as exc:
                print(f"{page}: {getattr(exc, 'message', None) or exc}", file=sys.stderr)
                status = 1
                continue
            print(result.message())
    return status


async def _import(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.console import club_key
    from bot.errors import UserError
    from bot.messages import Member
    from bot.reviews.imports import import_history
    from bot.services import Services
    from bot.store import Store

    path = Path(args.file)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        print(f"{args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    store = await Store.open(settings.database, settings.synchronous)
    try:
        summary = await import_history(
            Services(store=store, settings=settings),
            club_key(args.club),
            Member(args.user, args.user),
            data,
            path.name,
            is_admin=args.admin,
            progress=_rows_progress(sys.stderr),
        )
    except UserError as exc:
        print(f"{args.file}: {exc.message}", file=sys.stderr)
        return 1
    finally:
        await store.close()
    print(summary.text())
    return 0


def _rows_progress(stream: TextIO) -> Callable[[int, int], None] | None:
    """A one-line progress count of rows matched, only on a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        stream.write(f"\r{done}/{total} rows matched")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show


def _parse(args: argparse.Namespace) -> int:
    from bot.documents import BadFile, read_document
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

    redirect_url = args.redirect_url or settings.slack_redirect_uri or None
    if redirect_url and not args.request_url:
        print(
            "error: an app installed through OAuth runs in HTTP mode: pass --request-url"
            " https://HOST/slack/events",
            file=sys.stderr,
        )
        return 2
    text = manifest_yaml(
        COMMANDS,
        name=args.name,
        request_url=args.request_url,
        admin_group=bool(settings.slack_admin_group),
        redirect_url=redirect_url,
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
            from bot.runner import run_process

            options = ConsoleOptions(user=args.user, club=args.club, admin=args.admin)
            return run_process(settings, options)
        if args.command == "console":
            return asyncio.run(_console(settings, args))
        if args.command == "ingest":
            return asyncio.run(_ingest(settings, args))
        if args.command == "parse":
            return _parse(args)
        if args.command == "migrate-db":
            return _migrate_db(settings, args)
        if args.command == "import":
            return asyncio.run(_import(settings, args))
        if args.command == "slack-manifest":
            return _manifest(settings, args)
    except KeyboardInterrupt:
        return 130
    except StorageError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    return 2
