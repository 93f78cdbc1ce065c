"""The header of a forwarded mail ("De: …", "Para: …", "Asunto: …") at the top of a page.

A distributor's or a press office's mail opens with its sender, addressee, date and subject,
each after a label. "De: Programación · Lumbre Films" reads like a credit ("de" puts a
director after a title in Spanish), so a run of such labelled lines is set aside before the
page is read: the sender is no director, and the film's facts are found in the mail's body.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.lang import MAIL_LABELS
from bot.parsing.lines import Line

_LABEL_RE = re.compile(r"^\s*(?P<label>[^\W\d_]{1,10})\s*[:：]")
#: The fewest labelled lines in a row that make a mail's header (sender, addressee, date).
_FEWEST = 3


def _mail_label(text: str) -> bool:
    found = _LABEL_RE.match(text)
    return found is not None and found.group("label").casefold() in MAIL_LABELS


def set_aside_mail_header(lines: list[Line]) -> None:
    """Close the lines of the first run of mail header lines, when there is one."""
    run: list[int] = []
    for pos, line in enumerate(lines):
        if line.kind != "blank" and _mail_label(line.text):
            run.append(pos)
            continue
        if len(run) >= _FEWEST or (run and line.kind != "blank"):
            break
        if line.kind != "blank":
            return  # the page opens with something else than a header
    if len(run) < _FEWEST:
        return
    for pos in run:
        lines[pos] = replace(lines[pos], kind="skip", score=None, facts=None, closed=True)
