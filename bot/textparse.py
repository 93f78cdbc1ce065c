"""Free-text command parsing, shared by the console and Slack.

``/rate "Lost in Translation" 9 lovely`` and ``/rate Lost in Translation 9 lovely``
both give ``title="Lost in Translation", score="9", comment="lovely"``: a
multi-word value without quotes runs until the next word that has the shape of
the option after it. ``name:value`` (or ``name=value``) sets an option by name,
and a BOOLEAN flag option is set by its bare name (``anonymous``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.spec import Command, CommandSet, Option, OptionKind
from bot.errors import UserError

# A release year as members write it after a title: 1972 or (1972).
_YEAR = re.compile(r"\(?(?:18[89]\d|19\d\d|20\d\d)\)?")
_QUOTES = {'"': '"', "“": "”", "„": "“", "'": "'", "‘": "’", "«": "»"}


@dataclass(frozen=True)
class Token:
    text: str
    quoted: bool


def tokenize(line: str) -> list[Token]:
    """Split on whitespace, keeping quoted runs (straight or curly quotes) whole."""
    tokens: list[Token] = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _QUOTES and (ch != "'" or i == 0 or line[i - 1].isspace()):
            close = _QUOTES[ch]
            end = line.find(close, i + 1)
            if ch == "“" and end < 0:
                end = line.find('"', i + 1)
            if end < 0:
                raise UserError("A quote is not closed: put the title between two quote marks.")
            tokens.append(Token(line[i + 1 : end], True))
            i = end + 1
            continue
        j = i
        while j < n and not line[j].isspace():
            j += 1
        tokens.append(Token(line[i:j], False))
        i = j
    return tokens


@dataclass(frozen=True)
class ParsedLine:
    path: str
    command: Command
    options: dict[str, str | tuple[str, ...]]


def split_command(line: str, commands: CommandSet) -> tuple[str, Command, list[Token]]:
    """Find the command (and subcommand) a line starts with."""
    text = line.strip()
    if text.startswith("/"):
        text = text[1:]
    tokens = tokenize(text)
    if not tokens or tokens[0].quoted:
        raise UserError("Type a command, such as `/film Her`. `/help` lists them all.")
    name = tokens[0].text.lower()
    cmd = commands.get(name)
    if cmd is None:
        raise UserError(f"Unknown command `/{name}`. `/help` lists the commands.")
    path = cmd.name
    rest = tokens[1:]
    if cmd.subcommands:
        names = ", ".join(s.name for s in cmd.subcommands)
        if not rest and cmd.default:
            rest = [Token(cmd.default, False)]
        if not rest:
            raise UserError(f"`/{cmd.name}` needs one of: {names}.")
        sub = cmd.subcommand(rest[0].text.lower())
        if sub is None:
            raise UserError(f"`/{cmd.name} {rest[0].text}` is not a command; try one of: {names}.")
        cmd, path, rest = sub, f"{path} {sub.name}", rest[1:]
    return path, cmd, rest


def parse_line(line: str, commands: CommandSet) -> ParsedLine:
    path, cmd, tokens = split_command(line, commands)
    return ParsedLine(path, cmd, assign_options(cmd, tokens, path))


def _keyword(token: Token, cmd: Command) -> tuple[Option, str] | None:
    if token.quoted:
        return None
    for sep in (":", "="):
        name, found, value = token.text.partition(sep)
        if found and value:
            opt = cmd.option(name.lower())
            if opt is not None:
                return opt, value
    return None


def assign_options(
    cmd: Command, tokens: list[Token], path: str | None = None
) -> dict[str, str | tuple[str, ...]]:
    """Map words to a command's options, by name first, then by position.

    ``path`` is the command's full path (``watchlist add``), shown in usage lines.
    """
    values: dict[str, str | tuple[str, ...]] = {}
    positional: list[Token] = []
    for tok in tokens:
        kw = _keyword(tok, cmd)
        if kw is not None:
            opt, value = kw
            values[opt.name] = _list_value(value) if opt.kind is OptionKind.LIST else value
            continue
        flag = cmd.option(tok.text.lower()) if not tok.quoted else None
        if flag is not None and flag.flag:
            values[flag.name] = "yes"
            continue
        positional.append(tok)

    slots = [o for o in cmd.options if o.name not in values and not o.keyword_only and not o.flag]
    i = 0
    for k, opt in enumerate(slots):
        if i >= len(positional):
            break
        later = slots[k + 1 :]
        if opt.greedy or (opt.kind is OptionKind.LIST and not later):
            taken, i = positional[i:], len(positional)
        elif opt.kind in (OptionKind.TEXT, OptionKind.FILM, OptionKind.LIST):
            taken, i = _take_run(opt, later, positional, i)
        else:
            if not opt.starts_value([t.text for t in positional[i : i + 2]]) and not (
                opt.required or opt.needed
            ):
                continue
            size = 1 if positional[i].quoted else _unquoted_size(opt, positional[i:])
            taken, i = positional[i : i + size], i + size
        if not taken:
            continue
        if opt.kind is OptionKind.LIST:
            values[opt.name] = _list_value(" ".join(_quoted(t) for t in taken))
        else:
            values[opt.name] = " ".join(t.text for t in taken)
    if i < len(positional):
        extra = " ".join(t.text for t in positional[i:])
        raise UserError(f"I did not understand `{_short(extra)}`. Usage: {cmd.usage(path)}")
    return values


def _unquoted_size(opt: Option, tokens: list[Token]) -> int:
    words: list[str] = []
    for tok in tokens:
        if tok.quoted:
            break
        words.append(tok.text)
    return opt.take_words(words)


def _take_run(
    opt: Option, later: list[Option], tokens: list[Token], start: int
) -> tuple[list[Token], int]:
    """Take words for a text value until a word fits the option after it.

    A quoted word is a whole value on its own. An optional value whose first
    word fits the next option is left empty (``/quote music`` means the topic,
    not a film called "music"). When a required option follows and no word
    fits it, the last word is left for it, so that its error names that word.
    """
    if tokens[start].quoted:
        return [tokens[start]], start + 1
    stopper = next((o for o in later if o.kind not in (OptionKind.TEXT, OptionKind.FILM)), None)
    if stopper is None:
        return tokens[start:], len(tokens)
    words = [t.text for t in tokens]
    if not opt.required and stopper.starts_value(words[start : start + 2]):
        return [], start
    j = start + 1
    while j < len(tokens) and not tokens[j].quoted:
        if stopper.starts_value(words[j : j + 2]) and not _year_before(opt, stopper, words, j):
            break
        j += 1
    if j == len(tokens) and (stopper.required or stopper.needed) and j - start > 1:
        j -= 1
    return tokens[start:j], j


def _year_before(opt: Option, stopper: Option, words: list[str], j: int) -> bool:
    """A film's year between its title and the next value (``/rate Solaris 1972 9``)
    belongs to the title."""
    return (
        opt.kind is OptionKind.FILM
        and _YEAR.fullmatch(words[j]) is not None
        and stopper.starts_value(words[j + 1 : j + 3])
    )


def _quoted(tok: Token) -> str:
    return f"|{tok.text}|" if tok.quoted else tok.text


def _list_value(raw: str) -> tuple[str, ...]:
    parts = [p.strip() for chunk in raw.split(";") for p in chunk.split("|")]
    return tuple(p for p in parts if p)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
