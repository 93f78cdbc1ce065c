"""Cutting a critic's prose into short quotable excerpts and tagging them with topics."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.parsing.sentences import ends_sentence, split_sentences

TOPICS: tuple[str, ...] = (
    "acting",
    "music",
    "cinematography",
    "story",
    "directing",
    "writing",
    "effects",
    "design",
    "sound",
    "editing",
    "themes",
)

MIN_CHARS = 40
MAX_CHARS = 300
TARGET_CHARS = 150
MAX_SENTENCES = 3


@dataclass(frozen=True)
class Excerpt:
    text: str
    topics: frozenset[str]


_TOPIC_STEMS: dict[str, tuple[str, ...]] = {
    "acting": (
        r"act(?:ing|ed|or|ors|ress|resses)",
        r"plays|played by|voiced by",
        r"perform(?:ance|ances|er|ers|ed|ing|s)?",
        r"portray\w*|cast(?:ing)?|roles?|ensemble|chemistry",
    ),
    "music": (
        r"music(?:al|ally)?|scores?|soundtracks?|compos(?:er|ers|ition|itions)",
        r"songs?|melod(?:y|ies|ic)|orchestra\w*|tunes?|ballads?",
    ),
    "cinematography": (
        r"cinematograph\w*|camera\w*|shots?|framing|frames?|lighting",
        r"colou?rs?|palettes?|visuals?|visually|photograph\w*|lens(?:es|ing)?",
        r"dp'?s?|imagery|close-ups?|long takes?",
    ),
    "story": (
        r"stor(?:y|ies|yline|ytelling)|plots?|narrative\w*|premise|tale|arcs?|twists?|ending",
    ),
    "directing": (r"direct(?:or|ors|ing|ion|ed|orial)|filmmak\w*|helm(?:ed|s)?",),
    "writing": (
        r"screenplays?|scripts?|scripted|dialog(?:ue)?s?|writing|written",
        r"screenwrit\w*|pen(?:ned|ning)|write",
    ),
    "effects": (r"effects|vfx|cgi|cg",),
    "design": (
        r"production design\w*|set design\w*|sets|costum\w*|(?<!sound )designs?|designers?",
        r"make-?up|art direction|wardrobe|world-?building|setting",
    ),
    "sound": (r"sound(?: design| mix\w*|scape)?|audio|noise|silence",),
    "editing": (r"edit(?:ing|ed|or|ors)|pac(?:ing|ed)|montages?|transitions?",),
    "themes": (
        r"them(?:e|es|atic|atically)|subtext|allegor\w*|metaphor\w*|meditation",
        r"explor(?:es|ation|ing)|human condition|loneliness|isolation|intimacy",
        r"humanity|existential|society",
    ),
}
_TOPIC_PATTERNS: dict[str, re.Pattern[str]] = {
    topic: re.compile(r"\b(?:" + "|".join(stems) + r")\b") for topic, stems in _TOPIC_STEMS.items()
}


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression."""
    parts: list[str] = []
    depth = 0
    start = 0
    escaped = False
    for pos, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:pos])
            start = pos + 1
    parts.append(pattern[start:])
    return parts


def _literal_prefix(alternative: str) -> str:
    """The letters every match of ``alternative`` starts with (after a leading lookbehind)."""
    text = re.sub(r"^\(\?<[!=][^)]*\)", "", alternative)
    letters = re.match(r"[a-z]*", text)
    prefix = letters.group(0) if letters else ""
    if text[len(prefix) : len(prefix) + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]
    return prefix


_TOPIC_PREFIXES: dict[str, tuple[str, ...]] = {
    topic: tuple(_literal_prefix(alt) for stem in stems for alt in _alternatives(stem))
    for topic, stems in _TOPIC_STEMS.items()
}
_WORD_RE = re.compile(r"\w+")


@functools.lru_cache(maxsize=8192)
def _word_topics(word: str) -> frozenset[str]:
    """Topics with an alternative that can start at a word beginning with ``word``."""
    return frozenset(
        topic for topic, prefixes in _TOPIC_PREFIXES.items() if word.startswith(prefixes)
    )


_TOPIC_WORDS: dict[str, str] = {
    word: topic
    for topic, words in {
        "acting": "acting actor actors actress performance performances performer cast casting "
        "role roles portrayal",
        "music": "music score soundtrack songs song composer composition",
        "cinematography": "cinematography camera camerawork visuals visual look photography "
        "shots shot lighting cinematographer images imagery framing",
        "story": "story plot narrative storyline premise",
        "directing": "directing direction director filmmaking",
        "writing": "writing script screenplay dialogue dialog writer writers",
        "effects": "effects vfx cgi fx",
        "design": "design sets costumes costume production art",
        "sound": "sound audio",
        "editing": "editing edit cuts pacing",
        "themes": "themes theme ideas message meaning subtext",
    }.items()
    for word in words.split()
}

_CONNECTOR_WORDS = """and but so or yet nor because which although though however also furthermore
    moreover still then plus besides meanwhile otherwise thus hence therefore"""
_CONNECTORS = frozenset(_CONNECTOR_WORDS.split())
_BOILERPLATE_RE = re.compile(
    r"leave a (?:reply|comment)|commenting using|view all posts|read more|click here|subscribe"
    r"|https?://|www\.|log (?:in|out)|\bsays:|sign up|share this|no ratings yet|see more",
    re.IGNORECASE,
)
_BOILERPLATE_LOWER_RE = re.compile(_BOILERPLATE_RE.pattern)
_ELLIPSIS_END_RE = re.compile(r"(?:…|\.\.\.)[\"'”’]*$")
_LEADING_WORD_RE = re.compile(r"[A-Za-z]+")
_PARAGRAPH_BREAK_RE = re.compile(r"\n\s*\n")


def _has_boilerplate(sentence: str) -> bool:
    if sentence.isascii():
        return _BOILERPLATE_LOWER_RE.search(sentence.lower()) is not None
    return _BOILERPLATE_RE.search(sentence) is not None


def topics_for(text: str) -> frozenset[str]:
    """Topics mentioned in ``text``, by generic keywords (never names of people or bands)."""
    lowered = text.lower()
    candidates = frozenset[str]().union(*map(_word_topics, _WORD_RE.findall(lowered)))
    return frozenset(
        topic for topic, rx in _TOPIC_PATTERNS.items() if topic in candidates and rx.search(lowered)
    )


def normalize_topic(word: str) -> str | None:
    """Map a user-typed topic ("Music", "performances", "camera", "plot") to a topic."""
    text = re.sub(r"[^a-z ]", "", word.lower()).strip()
    if not text:
        return None
    if text in TOPICS:
        return text
    for candidate in (text, text.rstrip("s"), text.split()[-1], text.split()[-1].rstrip("s")):
        if candidate in _TOPIC_WORDS:
            return _TOPIC_WORDS[candidate]
    return None


def _good_start(sentence: str) -> bool:
    first = sentence.lstrip("\"'“‘")
    if not first or not (first[0].isupper() or first[0].isdigit()):
        return False
    word = _LEADING_WORD_RE.match(first)
    return not (word and word.group(0).lower() in _CONNECTORS)


def _balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count('"') % 2 == 0


def _usable(sentences: list[str], last_paragraph: bool) -> list[bool]:
    flags: list[bool] = []
    for index, sentence in enumerate(sentences):
        is_last = index == len(sentences) - 1
        ok = len(sentence) <= MAX_CHARS and not _has_boilerplate(sentence)
        if is_last and not ends_sentence(sentence):
            ok = False
        if is_last and last_paragraph and _ELLIPSIS_END_RE.search(sentence):
            ok = False
        flags.append(ok)
    return flags


def _window(sentences: list[str], usable: list[bool], start: int) -> int | None:
    """The index of the last sentence of the best window starting at ``start``."""
    fallback: int | None = None
    for end in range(start, min(start + MAX_SENTENCES, len(sentences))):
        if not usable[end]:
            break
        text = " ".join(sentences[start : end + 1])
        if len(text) > MAX_CHARS:
            break
        if len(text) < MIN_CHARS or not ends_sentence(text):
            continue
        if not _balanced(text):
            fallback = end if fallback is None else fallback
            continue
        if len(text) >= TARGET_CHARS or end + 1 >= len(sentences) or not usable[end + 1]:
            return end
        fallback = end
    return fallback


def _paragraph_windows(sentences: list[str], usable: list[bool]) -> list[str]:
    windows: list[str] = []
    index = 0
    while index < len(sentences):
        end = _window(sentences, usable, index) if _good_start(sentences[index]) else None
        if end is None or not usable[index]:
            index += 1
            continue
        nxt = end + 1
        while (
            nxt < len(sentences)
            and usable[nxt]
            and nxt - index < MAX_SENTENCES
            and not _good_start(sentences[nxt])
            and ends_sentence(sentences[nxt])
            and len(" ".join(sentences[index : nxt + 1])) <= MAX_CHARS
        ):
            end, nxt = nxt, nxt + 1
        chosen = sentences[index : end + 1]
        if not all(sentence.rstrip("\"'”’").endswith("?") for sentence in chosen):
            windows.append(" ".join(chosen))
        index = end + 1
    return windows


def extract_excerpts(text: str) -> list[Excerpt]:
    """Quotable excerpts of 1-3 whole consecutive sentences (about 40-300 characters).

    Truncated fragments (a paragraph ending mid-sentence, a teaser cut off with "…" at the
    very end) and leftover boilerplate are never returned; duplicates are dropped.
    """
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK_RE.split(text) if p.strip()]
    excerpts: list[Excerpt] = []
    seen: set[str] = set()
    for number, paragraph in enumerate(paragraphs):
        sentences = split_sentences(paragraph)
        usable = _usable(sentences, number == len(paragraphs) - 1)
        for window in _paragraph_windows(sentences, usable):
            key = " ".join(window.split()).casefold()
            if key in seen or not MIN_CHARS <= len(window) <= MAX_CHARS:
                continue
            seen.add(key)
            excerpts.append(Excerpt(window, topics_for(window)))
    return excerpts
