"""A numbered thread's position markers: "🧵 1/6", "2/6" opening or closing each post.

A thread of social-media posts numbers them "1/6", "2/6" … "6/6", at the start of each post
or at its end. Such a marker looks like a score out of six and is none: when a page's posts
open (or close) with markers of one shared count, numbered 1, 2, 3 … in order, the markers
are taken out before anything is read, and what the posts say (a score closing one of them)
is read as usual.
"""

from __future__ import annotations

import re

#: "🧵 1/6 …", "2/6", "(3/6)", "4/6 🧵": a marker with at most a thread sign or bracket.
_MARK = r"[(\[]?(?P<n>\d{1,2})\s?/\s?(?P<m>\d{1,2})[)\]]?"
_SIGNS = r"(?:🧵|[\U0001F300-\U0001FAFF]|[#@]?thread)?\s*"
_START_RE = re.compile(rf"^{_SIGNS}{_MARK}(?=\s|$)", re.IGNORECASE)
_END_RE = re.compile(rf"(?:^|\s){_MARK}\s*{_SIGNS}$", re.IGNORECASE)

#: The fewest posts numbered in order that make a thread.
_FEWEST = 3


def _runs(found: list[tuple[int, int, int, int, int]]) -> set[int]:
    """The lines of markers numbered 1, 2, 3 … of one count, in the page's order."""
    marked: set[int] = set()
    for count in {m for _, _, _, _, m in found}:
        run = [(pos, n) for pos, _, _, n, m in found if m == count]
        numbers = [n for _, n in run]
        if len(run) >= _FEWEST and numbers == list(range(1, len(run) + 1)) and len(run) <= count:
            marked.update(pos for pos, _ in run)
    return marked


def strip_thread_markers(text: str) -> str:
    """``text`` without the position markers of a numbered thread's posts."""
    if "/" not in text:
        return text
    lines = text.split("\n")
    starts: list[tuple[int, int, int, int, int]] = []
    ends: list[tuple[int, int, int, int, int]] = []
    for pos, line in enumerate(lines):
        first = pos == 0 or not lines[pos - 1].strip()
        last = pos + 1 == len(lines) or not lines[pos + 1].strip()
        if "/" not in line:
            continue  # every marker holds one
        start = _START_RE.match(line) if first else None
        if start is not None:
            starts.append((pos, 0, start.end(), int(start["n"]), int(start["m"])))
            continue
        end = _END_RE.search(line) if last else None
        if end is not None:
            ends.append((pos, end.start(), len(line), int(end["n"]), int(end["m"])))
    out = list(lines)
    for found in (starts, ends):
        marked = _runs(found)
        for pos, begin, stop, _, _ in found:
            if pos in marked:
                out[pos] = (lines[pos][:begin] + lines[pos][stop:]).strip()
    return "\n".join(out)
