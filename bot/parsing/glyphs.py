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

from bot.parsing.labels import aggregate_source, is_overall_label
from bot.parsing.lang import MEAN_WORDS, OUT_OF, RANGE_WORDS
from bot.parsing.lines import Line
from bot.parsing.scorelines import ScoreLine
from bot.parsing.scores import NUMBER_WORDS, parse_votes

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


#: Any pictograph but the stars, hearts and dots read elsewhere: "🍅", "🍿", "⚓".
_PICTOGRAPH = "[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]"
_PICTOGRAPH_RE = re.compile(_PICTOGRAPH)
_OWN_GLYPHS = frozenset("★☆⭐✪✭✮½" + _ALL)
_VARIATION = "\ufe0f"
_NUMBERS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_OUT_OF_WORDS = "|".join(w.replace(" ", r"\s+") for w in OUT_OF if w not in ("of", "de"))
_SCALE = rf"(?:{_OUT_OF_WORDS})\s+(?P<top>\d{{1,2}}|{_NUMBERS})\b"
#: "🍅 = our critic, out of 5", "🍿: the average of subscribers, out of 5".
_EMOJI_LEGEND_RE = re.compile(
    rf"^\s*(?P<glyph>{_PICTOGRAPH})\s*(?:=|:|[-–—])\s*(?P<who>.{{0,80}}?)[\s,(]*{_SCALE}",
    re.IGNORECASE,
)
#: "Cruise Director's rating (out of 5 anchors)": a label stating its scale in brackets.
_LABEL_SCALE_RE = re.compile(rf"\(\s*{_SCALE}[^()]*\)", re.IGNORECASE)
#: A run of one pictograph, after a label or alone, maybe with its raters' count after it.
_EMOJI_RUN_RE = re.compile(
    rf"^(?:(?P<label>[^\W\d_][^:：]{{0,60}}?)\s*[:：]\s*)?"
    rf"(?P<run>(?P<glyph>{_PICTOGRAPH})(?P=glyph)*)\s*(?P<rest>\([^()]*\))?\s*$"
)


def _top(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text.casefold()]


def _emoji_legends(lines: list[Line]) -> dict[str, tuple[int, bool]]:
    """Per pictograph, the scale its legend line states and whether it stands for many
    raters ("🍿 = the average of subscribers who rated it, out of 5"); marks the lines."""
    legends: dict[str, tuple[int, bool]] = {}
    for pos, line in enumerate(lines):
        head = line.text.lstrip()[:1]
        if line.kind == "blank" or not head or ord(head) < 0x2600:
            continue
        found = _EMOJI_LEGEND_RE.match(line.text.replace(_VARIATION, ""))
        if found is None or found.group("glyph") in _OWN_GLYPHS:
            continue
        who = found.group("who")
        many = aggregate_source(who)[0] or _MEAN_RE.search(who) is not None
        legends[found.group("glyph")] = (_top(found.group("top")), many)
        lines[pos] = replace(line, kind="skip", score=None, author=None, closed=True)
    return legends


_MEAN_RE = re.compile(rf"\b(?:{'|'.join(MEAN_WORDS)})\b", re.IGNORECASE)


def emoji_scores(lines: list[Line]) -> None:
    """Counts of a pictograph whose scale the page states: a legend line for the glyph ("🍅
    = our critic, out of 5" / "🍅🍅🍅🍅"), or the critic's label with its scale in brackets
    ("Cruise Director's rating (out of 5 anchors): ⚓⚓⚓⚓"). A glyph whose legend names many
    raters gives their aggregate, with the count of raters after it ("🍿🍿🍿 (from 167
    subscribers)"). Without a stated scale, a run of emoji is decoration."""
    if _PICTOGRAPH_RE.search("\n".join(line.text for line in lines)) is None:
        return
    legends = _emoji_legends(lines)
    for pos, line in enumerate(lines):
        if line.kind == "blank" or line.closed or line.score is not None:
            continue
        if _PICTOGRAPH_RE.search(line.text) is None:
            continue
        found = _EMOJI_RUN_RE.match(line.text.strip().replace(_VARIATION, ""))
        if found is None or found.group("glyph") in _OWN_GLYPHS:
            continue
        label = found.group("label")
        stated = _LABEL_SCALE_RE.search(label) if label is not None else None
        if stated is not None and label is not None:
            bare = _LABEL_SCALE_RE.sub(" ", label).strip()
            if not is_overall_label(bare):
                continue
            top, many = _top(stated.group("top")), False
        elif label is None and found.group("glyph") in legends:
            top, many = legends[found.group("glyph")]
        else:
            continue
        count = len(found.group("run"))
        if count > top or top not in (4, 5, 10):
            continue
        value = round(count / top * 10.0, 2)
        if many:
            votes = parse_votes(found.group("rest") or "")
            score = ScoreLine("aggregate", value, found.group("run"), label, None, votes)
        else:
            score = ScoreLine("overall", value, found.group("run"), label)
        lines[pos] = replace(line, kind="score", score=score)
