"""The local console: type commands, read replies. Runs the same core path as chat."""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import io
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.config import Settings
from bot.delivery import flush
from bot.dispatch import Dispatcher
from bot.messages import Announcement, Member, Quote, Reply
from bot.screenings import record_thread

if TYPE_CHECKING:
    from bot.app import App

HISTORY_FILE = Path.home() / ".filmclub_history"
EXIT_WORDS = {"quit", "exit", "/quit", "/exit"}
PROMPT = "filmclub> "


def _typed_so_far() -> str:
    try:
        import readline

        return readline.get_line_buffer()
    except (ImportError, OSError):
        return ""


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "member"


def club_key(name: str) -> str:
    return f"console:{name}"


@dataclass(frozen=True)
class ConsoleOptions:
    user: str = ""
    club: str = "home"
    admin: bool = False


def console_adapter(app: App, settings: Settings, options: ConsoleOptions) -> ConsoleAdapter:
    return ConsoleAdapter(
        app.dispatcher, settings, user=options.user, club=options.club, admin=options.admin
    )


class ConsoleAdapter:
    """Reads one command per line; prints each reply followed by a blank line."""

    platform = "console"

    def __init__(
        self,
        dispatcher: Dispatcher,
        settings: Settings,
        *,
        user: str = "",
        club: str = "home",
        admin: bool = False,
        channel: str = "console",
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
    ) -> None:
        self.dispatcher = dispatcher
        self.settings = settings
        name = user or os.environ.get("USER") or _login_name()
        self.member = Member(id=name, name=name)
        self.club = club_key(club)
        self.club_name = club
        self.admin = admin
        self.channel = channel
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        # Undecodable bytes reach the dispatcher as lone surrogates (refused there,
        # line by line) instead of ending the console and the rest of a piped script.
        if isinstance(self.stdin, io.TextIOWrapper):
            self.stdin.reconfigure(errors="surrogateescape")
        if isinstance(self.stdout, io.TextIOWrapper):
            self.stdout.reconfigure(errors="backslashreplace")
        self._stopped = asyncio.Event()
        self._lock = asyncio.Lock()

    @property
    def interactive(self) -> bool:
        return self.stdin.isatty() and self.stdout.isatty()

    async def run(self) -> None:
        if self.interactive:
            self._setup_history()
            self.stdout.write(
                f"filmclub console: you are {self.member.name} in club {self.club_name}"
                f"{' (admin)' if self.admin else ''}. Type /help, or quit to leave.\n"
            )
            self.stdout.flush()
        while not self._stopped.is_set():
            line = await self._next_line()
            if line is None:
                break
            text = line.strip()
            if not text or text.startswith("#"):
                continue
            if text.lower() in EXIT_WORDS:
                break
            if not text.startswith("/"):
                text = "/" + text
            reply = await self.dispatcher.dispatch_text(
                text,
                club=self.club,
                channel=self.channel,
                member=self.member,
                is_admin=self.admin,
                club_name=self.club_name,
            )
            await self._print(reply)
            await flush(self.dispatcher.services)
        self._save_history()

    async def stop(self) -> None:
        self._stopped.set()

    async def announce(self, announcement: Announcement) -> None:
        heading = f"[#{announcement.channel}]"
        discussion = announcement.discussion
        if discussion is None:
            await self._print(announcement.reply, heading=heading, redraw=True)
            return
        # The discussion is a titled block; this channel then knows its film.
        rule = "─" * 3
        await self._print(Reply(title=f"{rule} {discussion.title} {rule}"), heading=heading)
        for reply in discussion.replies:
            await self._print(reply, redraw=reply is discussion.replies[-1])
        await record_thread(self.dispatcher.services, announcement, announcement.channel)

    async def _next_line(self) -> str | None:
        """The next line, read on a daemon thread: a read still waiting on the
        terminal when the bot stops never keeps the process alive."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[str | None] = loop.create_future()

        def deliver(line: str | None, error: BaseException | None) -> None:
            if future.done():
                return
            if error is not None:
                future.set_exception(error)
            else:
                future.set_result(line)

        def read() -> None:
            line: str | None = None
            error: BaseException | None = None
            try:
                line = self._read_line()
            except BaseException as exc:
                error = exc
            with contextlib.suppress(RuntimeError):  # the loop closed while reading
                loop.call_soon_threadsafe(deliver, line, error)

        threading.Thread(target=read, name="console-input", daemon=True).start()
        return await future

    def _read_line(self) -> str | None:
        if self.interactive:
            try:
                return input(PROMPT)
            except EOFError:
                return None
        line = self.stdin.readline()
        return line if line else None

    async def _print(
        self, reply: Reply, heading: str | None = None, *, redraw: bool = False
    ) -> None:
        async with self._lock:
            body = render(reply)
            if reply.image is not None:
                path = self._save_image(reply.image.filename, reply.image.data)
                body += f"\nChart: {path}"
                if reply.image.text:
                    body += "\n" + reply.image.text
            if heading:
                body = f"{heading} {body}"
            if redraw and self.interactive:
                # An announcement arrived while the member was typing: print it on a
                # line of its own, then draw the prompt again with what was typed so far.
                self.stdout.write("\n" + body + "\n\n" + PROMPT + _typed_so_far())
            else:
                self.stdout.write(body + "\n\n")
            self.stdout.flush()

    def _save_image(self, filename: str, data: bytes) -> Path:
        folder = Path(self.settings.chart_dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / Path(filename).name
        path.write_bytes(data)
        return path

    def _setup_history(self) -> None:
        try:
            import readline

            readline.read_history_file(HISTORY_FILE)
        except (ImportError, OSError):
            pass

    def _save_history(self) -> None:
        if not self.interactive:
            return
        try:
            import readline

            readline.set_history_length(1000)
            readline.write_history_file(HISTORY_FILE)
        except (ImportError, OSError):
            pass


_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)


def plain(text: str) -> str:
    """Chat markup a terminal would show literally (code backticks, ``**bold**``) taken out."""
    return _BOLD.sub(r"\1", text).replace("**", "").replace("`", "")


def hidden_spoiler(quote: Quote) -> str:
    number = quote.reveal.rpartition(":")[2]
    how = f" Type /spoiler {number} to read it." if number.lstrip("-").isdigit() else ""
    return f"(A passage hidden: this review gives away the plot.{how})"


def render(reply: Reply) -> str:
    """A reply as terminal text: no buttons or menus, but the commands that do the same."""
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    if reply.text:
        lines.append(reply.text)
    for f in reply.fields:
        if "\n" in f.value:
            lines.append(f"{f.name}:")
            lines.extend(f"  {line}" for line in f.value.splitlines())
        else:
            lines.append(f"{f.name}: {f.value}")
    if reply.quote and reply.quote.spoiler:
        lines.append(hidden_spoiler(reply.quote))
        lines.append(f"  — {reply.quote.attribution()}")
    elif reply.quote:
        lines.append(f"“{reply.quote.text}”")
        lines.append(f"  — {reply.quote.attribution()}")
        if reply.quote.url:
            lines.append(f"  {reply.quote.url}")
    commands = [reply.select.command] if reply.select and reply.select.command else []
    commands += [b.command for b in reply.buttons if b.command]
    if reply.footer:
        lines.append(reply.footer)
    if commands:
        lines.append("Or type: " + " · ".join(dict.fromkeys(commands)))
    text = plain("\n".join(lines))
    if reply.error:
        return f"error: {text}"
    return text
