"""Reading the free-form part of ``/poll start``.

In text, everything after the command is one list of titles separated by ``|``
or ``;``. A first item ending in ``?`` is the question; a duration (``2d``,
``5 days``, ``until fri 18:00``) or a voting mode (``ranked``) may close the last
item:
``/poll start Friday? | Alien | Heat | Her until fri 18:00 ranked``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import UserError
from bot.polls.durations import (
    DURATION_FORMS,
    looks_like_deadline,
    looks_meant_as_duration,
    parse_span,
)
from bot.polls.localtime import parse_clock
from bot.polls.models import Mode

_MODES = {m.value: m for m in Mode}


@dataclass(frozen=True)
class StartArgs:
    question: str | None
    titles: tuple[str, ...]
    deadline: str | None
    mode: Mode | None


def _day_or_clock(word: str, taken: list[str]) -> bool:
    if parse_clock(word) is not None:
        return True
    return not taken and looks_like_deadline(f"until {word} 00:00")


def _leading_until(first: str) -> tuple[str, str]:
    """``fri 18:00 Alien`` after a lone ``until``: (``until fri 18:00``, ``Alien``)."""
    words = first.split()
    taken: list[str] = []
    for word in words[:2]:
        if not _day_or_clock(word, taken):
            break
        taken.append(word)
        if parse_clock(word) is not None:
            break
    return " ".join(["until", *taken]), " ".join(words[len(taken) :])


def _trailing_deadline(words: list[str]) -> int:
    """How many trailing words form a deadline (0 when none)."""
    for size in (3, 2):
        tail = words[-size:]
        if (
            len(words) >= size
            and tail[0].lower() == "until"
            and looks_like_deadline(" ".join(tail))
        ):
            return size
    for size in range(min(len(words) - 1, 4), 0, -1):
        if parse_span(" ".join(words[-size:])) is not None:
            return size
    return 0


def _refuse_unread_duration(titles: list[str]) -> None:
    """A title ending in words meant as a duration that could not be read is an error,
    never part of a title (``Ran 5 dayz`` is a title; ``Ran until 25:99`` is refused)."""
    for title in titles:
        words = title.split()
        for size in (3, 2):
            tail = words[-size:]
            if len(words) >= size and looks_meant_as_duration(tail):
                raise UserError(
                    f"I did not understand the duration `{' '.join(tail)}`: use {DURATION_FORMS},"
                    " at the end of the line."
                )


def split_start(items: Sequence[str], duration: str | None, mode: Mode | None) -> StartArgs:
    titles = [t.strip() for t in items if t.strip()]
    deadline = duration.strip() if duration and duration.strip() else None
    if deadline is not None and deadline.lower() == "until" and titles:
        deadline, rest = _leading_until(titles[0])
        titles = [rest, *titles[1:]] if rest else titles[1:]
    kept: list[str] = []
    for title in titles:
        if deadline is None and looks_like_deadline(title):
            deadline = title
        elif mode is None and title.lower() in _MODES:
            mode = _MODES[title.lower()]
        else:
            kept.append(title)
    for _ in range(3):
        if not kept:
            break
        if deadline is None and looks_like_deadline(kept[-1]):
            deadline = kept.pop()
            continue
        words = kept[-1].split()
        if mode is None and len(words) > 1 and words[-1].lower() in _MODES:
            mode = _MODES[words.pop().lower()]
        elif deadline is None and len(words) > 1 and (size := _trailing_deadline(words)):
            deadline = " ".join(words[-size:])
            del words[-size:]
        else:
            break
        kept[-1] = " ".join(words)
    _refuse_unread_duration(kept)
    question = None
    if kept and "?" in kept[0]:
        head, _, rest = kept[0].rpartition("?")
        question = head.strip() + "?"
        kept = [rest.strip(), *kept[1:]] if rest.strip() else kept[1:]
    return StartArgs(question, tuple(kept), deadline, mode)
