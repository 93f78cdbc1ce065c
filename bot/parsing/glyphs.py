"""Scores drawn with hearts or dots instead of stars: "Notre avis : ♥♥♥", "●●●●○".

Hearts and dots also mark likes, bullets and list items, so a run of them is only a score
when the page says what it is out of: either the run carries its own empty glyphs
("●●●●○": four out of five) or a legend gives the range ("Nos cœurs vont de ♥ (pour les
curieux) à ♥♥♥♥ (chef-d'œuvre)": out of four). The run then stands alone on its line or
after the label of the critic's score ("Il nostro giudizio: ●●●●○").
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.parsing.labels import is_overall_label
from bot.parsing.lang import OUT_OF, RANGE_WORDS
from bot.parsing.lines import Line
from bot.parsing.scorelines import ScoreLine

#: Each family of glyphs: its filled glyphs and its empty ones.
FAMILIES: tuple[tuple[str, str], ...] = (("♥❤", "♡"), ("●", "○"))
_ALL = "".join(filled + empty for filled, empty in FAMILIES)
_ANY_RE = re.compile(f"[{_ALL}]")
_RANGE = "|".join(re.escape(word) for word in sorted(RANGE_WORDS, key=len, reverse=True))


def _run_re(filled: str, empty: str) -> re.Pattern[str]:
    return re.compile(
        rf"^(?:(?P<label>[^\W\d_][^:：]{{0,40}}?)\s*[:：]\s*)?"
        rf"(?P<raw>(?P<filled>[{filled}]+)[ \t]?(?P<empty>[{empty}]*))\s*$"
    )


def _legend_re(filled: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?<![{filled}])(?P<low>[{filled}]+)(?![{filled}])[^{filled}]{{0,60}}?"
        rf"\s(?:{_RANGE})\s+(?P<top>[{filled}]+)(?![{filled}])",
        re.IGNORECASE,
    )


_FAMILIES = tuple(
    (filled, _run_re(filled, empty), _legend_re(filled)) for filled, empty in FAMILIES
)


def _legend_scale(lines: list[Line], filled: str, legend: re.Pattern[str]) -> int | None:
    """The top of a legend's range drawn with the family's glyphs, marking its line."""
    for pos, line in enumerate(lines):
        if line.kind == "blank" or line.closed or not any(ch in line.text for ch in filled):
            continue
        found = legend.search(line.text)
        if found is not None and len(found.group("low")) < len(found.group("top")):
            lines[pos] = replace(line, kind="skip", score=None, author=None)
            return len(found.group("top"))
    return None


_OUT_OF = "|".join(word.replace(" ", r"\s+") for word in OUT_OF if word not in ("of", "de"))
#: "Cruise Director's rating (out of 5 anchors): ⚓⚓⚓⚓": a label stating its scale in its
#: unit, then a run of one glyph repeated.
_STATED_RUN_RE = re.compile(
    rf"^(?P<label>[^\W\d_][^:：()]{{0,50}}?)\s*\(\s*(?:{_OUT_OF})\s+(?P<top>\d{{1,2}})\s+"
    r"[^\W\d_]+\s*\)\s*[:：]\s*(?P<raw>(?P<glyph>[^\w\s.,;:!?()])(?P=glyph){0,9})\s*$",
    re.IGNORECASE,
)


_NOT_GLYPHS = frozenset(" .,;:!?)]\"'»”’…-–—/%")


def _stated_runs(lines: list[Line]) -> None:
    """Runs of any one glyph after the critic's label stating the scale in its unit."""
    for pos, line in enumerate(lines):
        if line.kind == "blank" or line.closed or line.score is not None:
            continue
        last = line.text[-1:]
        if not last or last.isalnum() or last in _NOT_GLYPHS or "(" not in line.text:
            continue  # a quick look first: the line must end on a glyph
        found = _STATED_RUN_RE.match(line.text.replace("\ufe0f", ""))
        if found is None or not is_overall_label(found.group("label").split()[-1]):
            continue
        top, count = int(found.group("top")), len(found.group("raw"))
        if top not in (4, 5, 10) or count > top:
            continue
        label = found.group("label")
        score = ScoreLine("overall", round(count / top * 10.0, 2), found.group("raw"), label)
        lines[pos] = replace(line, kind="score", score=score)


def glyph_scores(lines: list[Line]) -> None:
    """Read the hearts or dots of a page whose legend or empty glyphs give their scale, and
    runs of any glyph after a label stating their scale ("(out of 5 anchors)")."""
    _stated_runs(lines)
    if _ANY_RE.search("\n".join([line.text for line in lines])) is None:
        return
    for filled, run_re, legend in _FAMILIES:
        scale = _legend_scale(lines, filled, legend)
        for pos, line in enumerate(lines):
            if line.kind == "blank" or line.closed or line.score is not None:
                continue
            found = run_re.match(line.text) if any(ch in line.text for ch in filled) else None
            if found is None:
                continue
            label = found.group("label")
            if label is not None and not is_overall_label(label):
                continue
            count = len(found.group("filled"))
            empty = len(found.group("empty"))
            top = count + empty if empty else scale
            if top is None or count > top or top not in (4, 5, 10):
                continue
            score = ScoreLine("overall", round(count / top * 10.0, 2), found.group("raw"), label)
            lines[pos] = replace(line, kind="score", score=score)
