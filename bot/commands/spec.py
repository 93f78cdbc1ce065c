"""How a command is declared.

A command is declared once, as a :class:`Command` with typed :class:`Option`
values. The dispatcher, the text parser (console and Slack), the Discord
application commands, the Slack manifest and ``/help`` are all derived from
these declarations.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.messages import ActionRequest, ActionResult, Reply, Request
    from bot.services import Services


class OptionKind(Enum):
    """What an option holds. Each kind has a text shape used by text parsers."""

    TEXT = "text"  # free text
    FILM = "film"  # a film title, autocompleted from the store
    TOPIC = "topic"  # a review topic (acting, music, ...)
    SCORE = "score"  # a score in any accepted form: 8, 8.5/10, 4/5, 85%, ★★★★½
    DURATION = "duration"  # 2d, 36h, 90m, or "until fri 18:00"
    POLL = "poll"  # a poll number such as 12 or #12
    CHOICE = "choice"  # one of Option.choices
    INTEGER = "integer"
    BOOLEAN = "boolean"
    LIST = "list"  # several values; text adapters separate them with | or ;
    URL = "url"  # a web address, one word
    ATTACHMENT = "attachment"  # a file attached to the command (messages.Attachment)


_NUMBERISH = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+|nan|inf(inity)?)$", re.IGNORECASE)
_SCOREISH = re.compile(
    r"^([+-]?(\d+([.,]\d+)?|[.,]\d+|nan|inf(inity)?)(/\d+([.,]\d+)?|%)?|[★☆✭*½]+)$",
    re.IGNORECASE,
)
_DURATIONISH = re.compile(r"^(\d+\s*[dhmw]\s*)+$", re.IGNORECASE)
_POLLISH = re.compile(r"^#?\d+$")
# Words that carry on a score's scale: "4 stars", "8 out of 10", "3 and a half stars".
_SCALE_WORDS = frozenset({"star", "stars", "out", "of", "half", "½", "/"})
MAX_SCORE_WORDS = 7
SCALE_HELP = (
    "Stars are out of 5 (`4 stars`, `3.5 stars`, `3 and a half stars`); other scores need"
    " their scale: `8`, `8/10`, `8 out of 10`, `4 out of 5`, `85%`."
)
_URLISH = re.compile(r"^<?[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
_TRUE = {"yes", "true", "on", "1", "y"}
_FALSE = {"no", "false", "off", "0", "n"}


def _switched_on(value: Any) -> bool:
    """A heavy option's value: on when left out or not clearly no."""
    if value is None or isinstance(value, bool):
        return value is not False
    return parse_bool(str(value)) is not False


def parse_bool(token: str) -> bool | None:
    low = token.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    return None


@dataclass(frozen=True)
class Option:
    name: str
    help: str
    kind: OptionKind = OptionKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    # In text syntax, a greedy option takes every remaining word (a comment).
    greedy: bool = False
    # In text syntax, an option with a flag is given as its bare name
    # (``anonymous``) rather than positionally; only for BOOLEAN options.
    flag: bool = False
    # Options marked keyword_only are never filled positionally in text syntax;
    # they are given as ``name:value``.
    keyword_only: bool = False
    # Declared optional so that an earlier optional option can be left out before it
    # (``/rate 8`` in a discussion thread), but the handler asks for it: usage shows <it>.
    needed: bool = False
    # A yes/no option whose "yes" (also when left out) is what makes its command slow
    # (``chart`` on /scores): given as no, the command is as quick as any read.
    heavy: bool = False

    @property
    def autocomplete(self) -> bool:
        return self.kind in (OptionKind.FILM, OptionKind.TOPIC, OptionKind.POLL)

    def looks_like(self, token: str) -> bool:
        """Whether a single word has the shape of this option's value.

        Used by text parsers to decide where a multi-word title ends.
        The check is about shape, not validity: ``11/10`` looks like a score
        so that the member is told it is out of range.
        """
        if self.kind is OptionKind.SCORE:
            return bool(_SCOREISH.match(token))
        if self.kind is OptionKind.INTEGER:
            return bool(_NUMBERISH.match(token))
        if self.kind is OptionKind.DURATION:
            return bool(_DURATIONISH.match(token)) or token.lower() == "until"
        if self.kind is OptionKind.POLL:
            return bool(_POLLISH.match(token))
        if self.kind is OptionKind.URL:
            return bool(_URLISH.match(token))
        if self.kind is OptionKind.BOOLEAN:
            return parse_bool(token) is not None
        if self.kind is OptionKind.CHOICE:
            return token.lower() in {c.lower() for c in self.choices}
        if self.kind is OptionKind.TOPIC:
            from bot.excerpts import normalize_topic

            return normalize_topic(token) is not None
        return True

    def starts_value(self, words: Sequence[str]) -> bool:
        """Whether the next words begin a value of this option (shape only).

        Like :meth:`looks_like`, and a spelled-out score such as ``four stars``.
        """
        if not words:
            return False
        if self.looks_like(words[0]):
            return True
        if self.kind is OptionKind.SCORE and len(words) > 1:
            from bot.parsing.scores import NUMBER_WORDS

            return words[0].lower() in NUMBER_WORDS and words[1].lower() in _SCALE_WORDS
        return False

    def take_words(self, words: Sequence[str]) -> int:
        """How many of the next words (at least one) make this option's value in text syntax.

        A score may be several words (``4 stars``, ``8 out of 10``); words that
        go on with a scale no score reading accepts (``8 stars``) are refused
        rather than read as a plain number and a comment.
        """
        if self.kind is not OptionKind.SCORE or not words:
            return 1
        from bot.errors import UserError
        from bot.parsing.scores import normalize_score

        best = 0
        for size in range(1, min(len(words), MAX_SCORE_WORDS) + 1):
            if normalize_score(" ".join(words[:size])) is not None:
                best = size
        rest = [w.lower() for w in words[max(best, 1) : max(best, 1) + 3]]
        if rest and (rest[0] in _SCALE_WORDS or rest[:3] == ["and", "a", "half"]):
            phrase = " ".join(words[: max(best, 1) + len(rest)])
            raise UserError(f"`{phrase}` is not a score I understand. {SCALE_HELP}")
        return max(best, 1)


Handler = Callable[["Services", "Request"], Awaitable["Reply"]]
ActionHandler = Callable[["Services", "ActionRequest"], Awaitable["ActionResult"]]


@dataclass(frozen=True)
class Command:
    """A slash command, or a group of subcommands (``/poll start``)."""

    name: str
    help: str
    options: tuple[Option, ...] = ()
    handler: Handler | None = None
    admin_only: bool = False
    # Slow commands (charts) are deferred by adapters before the work starts.
    slow: bool = False
    # The handler lets admins do more (close another member's poll): adapters
    # that must ask the platform who is an admin do so only for these and admin_only.
    checks_admin: bool = False
    examples: tuple[str, ...] = ()
    subcommands: tuple[Command, ...] = ()
    # In text syntax, the subcommand run when a group is typed alone (``/club``).
    default: str = ""
    # A long text option that platforms with forms ask for in a paragraph field when
    # the command is run without it (``/review Her 9`` on Discord opens a form).
    form_option: str | None = None

    def is_slow(self, options: Mapping[str, Any] | None = None) -> bool:
        """Whether running the command with these options is slow work that adapters
        defer and admission control treats as heavy. A slow command with heavy options
        is slow only while one of them is on (yes, or left out)."""
        if not self.slow:
            return False
        heavy = [opt.name for opt in self.options if opt.heavy]
        if not heavy:
            return True
        given = options or {}
        return any(_switched_on(given.get(name)) for name in heavy)

    def option(self, name: str) -> Option | None:
        for opt in self.options:
            if opt.name == name:
                return opt
        return None

    def subcommand(self, name: str) -> Command | None:
        for sub in self.subcommands:
            if sub.name == name:
                return sub
        return None

    def usage(self, path: str | None = None) -> str:
        parts = [f"/{path or self.name}"]
        for opt in self.options:
            shown = opt.name if not opt.flag else f"{opt.name}"
            if opt.keyword_only and not opt.flag:
                shown = f"{opt.name}:…"
            parts.append(f"<{shown}>" if opt.required or opt.needed else f"[{shown}]")
        return " ".join(parts)


@dataclass(frozen=True)
class CommandSet:
    """All commands, and the action handlers behind buttons and menus."""

    commands: tuple[Command, ...]
    actions: dict[str, ActionHandler] = field(default_factory=dict)

    def get(self, name: str) -> Command | None:
        for cmd in self.commands:
            if cmd.name == name:
                return cmd
        return None

    def resolve(self, path: str) -> Command | None:
        """Find a command by its path: ``"film"`` or ``"poll start"``."""
        words = path.split()
        if not words:
            return None
        cmd = self.get(words[0])
        for word in words[1:]:
            if cmd is None:
                return None
            cmd = cmd.subcommand(word)
        return cmd

    def leaves(self) -> Iterator[tuple[str, Command]]:
        """Every runnable command with its path, in declaration order."""
        for cmd in self.commands:
            if cmd.subcommands:
                for sub in cmd.subcommands:
                    yield f"{cmd.name} {sub.name}", sub
            else:
                yield cmd.name, cmd

    def action_handler(self, action_id: str) -> ActionHandler | None:
        prefix = action_id.split(":", 1)[0]
        return self.actions.get(prefix)
