"""Turn a platform-neutral :class:`~bot.messages.Reply` into Slack Block Kit.

Slack rejects a message that breaks one of its limits, so every limit is met
here by splitting (long text into several sections, many blocks into several
messages, many buttons into several action rows, many menu options into option
groups) and, only where one message is required (an in-place update), by
shortening the content while keeping the buttons and menus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.messages import (
    Button,
    ButtonStyle,
    Field,
    Quote,
    Reply,
    Rich,
    Select,
    SelectOption,
    Timestamp,
)

Block = dict[str, Any]

SECTION_TEXT = 3000
MAX_BLOCKS = 50
MAX_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
ACTION_ELEMENTS = 25
SELECT_OPTIONS = 100
OPTION_GROUPS = 100
OPTION_TEXT = 75
OPTION_VALUE = 150
PLACEHOLDER_TEXT = 150
CONTEXT_TEXT = 3000
CONTEXT_ELEMENTS = 10
QUOTE_TEXT = 3000
FALLBACK_TEXT = 3000

ELLIPSIS = "…"
SHORTENED = "_Shortened to fit in one Slack message._"


@dataclass(frozen=True)
class SlackMessage:
    """One message as Slack's APIs take it: notification text plus blocks."""

    text: str
    blocks: list[Block] = field(default_factory=list)

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": self.blocks}


# --- text -------------------------------------------------------------------


def escape(text: str) -> str:
    """Escape the three characters Slack's mrkdwn treats as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[: max(0, limit - 1)].rstrip() + ELLIPSIS


_CODE = re.compile(r"(```.*?```|`[^`\n]+`)", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^\s)]+)\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_UNDERLINE = re.compile(r"__(?=\S)(.+?)(?<=\S)__")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![*\w])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*$", re.MULTILINE)
_BULLET = re.compile(r"^(\s*)[-*]\s+", re.MULTILINE)
_BARE_URL = re.compile(r"&lt;(https?://[^\s&]+)&gt;")


_MARKUP = frozenset("*_~[#-<")


def _convert_prose(text: str) -> str:
    if _MARKUP.isdisjoint(text):
        return escape(text)  # nothing to convert: most titles, names and facts
    text = escape(text)
    text = _BARE_URL.sub(r"<\1>", text)
    links: list[str] = []

    def keep_link(m: re.Match[str]) -> str:
        label = m.group(1).replace("|", "¦")
        links.append(f"<{m.group(2)}|{label}>")
        return f"\x00{len(links) - 1}\x00"

    text = _LINK.sub(keep_link, text)
    text = _HEADING.sub(lambda m: f"**{m.group(1)}**", text)
    text = _BULLET.sub(lambda m: f"{m.group(1)}• ", text)
    text = _ITALIC.sub(r"_\1_", text)
    text = _BOLD.sub(r"*\1*", text)
    text = _UNDERLINE.sub(r"\1", text)
    text = _STRIKE.sub(r"~\1~", text)
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], text)


def slack_date(stamp: Timestamp) -> str:
    """A time Slack shows in each reader's own zone; the fallback is in the club's."""
    fallback = escape(stamp.local()).replace("|", "¦")
    return f"<!date^{stamp.unix}^{{date_short_pretty}} {{time}}|{fallback}>"


def to_mrkdwn(markdown: str) -> str:
    """Convert the core's Markdown (``**bold**``, ``*italic*``, ``[text](url)``,
    code spans) to Slack mrkdwn, escaping ``&``, ``<`` and ``>``; times become
    Slack date tokens."""
    if isinstance(markdown, Rich):
        return "".join(
            slack_date(p) if isinstance(p, Timestamp) else to_mrkdwn(p) for p in markdown.parts
        )
    parts = _CODE.split(markdown)
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            out.append(escape(part))
        else:
            out.append(_convert_prose(part))
    return "".join(out)


def _protected(text: str) -> list[tuple[int, int]]:
    """Spans a split must not fall inside: ``<url|label>`` links and short code spans."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"<[^<>\n]{1,400}>", text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r"`[^`\n]{1,200}`", text)]
    return spans


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    spans = _protected(text[: limit + 400])

    def ok(pos: int) -> bool:
        return all(not (start < pos < end) for start, end in spans)

    for sep in ("\n\n", "\n", " "):
        pos = window.rfind(sep)
        while pos > limit // 3:
            if ok(pos):
                return pos
            pos = window.rfind(sep, 0, pos)
    for pos in range(limit, limit // 3, -1):
        if ok(pos):
            return pos
    return limit


def split_text(text: str, limit: int) -> list[str]:
    """Split text into chunks of at most ``limit`` characters.

    Cuts at paragraph, line or word boundaries where it can, never inside a
    link, and closes and reopens a ```code block``` cut in two.
    """
    text = text.strip("\n")
    if not text:
        return []
    fence = "```"
    chunks: list[str] = []
    rest = text
    reopen = False
    while rest:
        if reopen:
            rest = fence + rest
        if len(rest) <= limit:
            chunks.append(rest)
            break
        budget = limit - len(fence) - 1
        pos = _cut_point(rest, budget)
        chunk = rest[:pos].rstrip()
        rest = rest[pos:].lstrip("\n ")
        reopen = chunk.count(fence) % 2 == 1
        if reopen:
            chunk += fence
        if chunk:
            chunks.append(chunk)
    return chunks


# --- blocks -----------------------------------------------------------------


def plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": clip(text.strip(), limit) or ELLIPSIS, "emoji": True}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def text_sections(text: str, limit: int = SECTION_TEXT) -> list[Block]:
    return [section(chunk) for chunk in split_text(text, limit)]


def context(texts: list[str]) -> list[Block]:
    """Context blocks holding the given mrkdwn texts (each split to fit)."""
    elements = [mrkdwn(chunk) for text in texts for chunk in split_text(text, CONTEXT_TEXT)]
    return [
        {"type": "context", "elements": elements[i : i + CONTEXT_ELEMENTS]}
        for i in range(0, len(elements), CONTEXT_ELEMENTS)
    ]


def _header(title: str) -> list[Block]:
    title = " ".join(title.split())
    if not title:
        return []
    blocks: list[Block] = [{"type": "header", "text": plain(title, HEADER_TEXT)}]
    if len(title) > HEADER_TEXT:
        blocks += text_sections(f"*{escape(title)}*")
    return blocks


def _field_text(f: Field) -> str:
    name = escape(f.name.strip())
    value = to_mrkdwn(f.value.strip()) or "—"
    return f"*{name}*\n{value}" if name else value


def _fields(fields: tuple[Field, ...]) -> list[Block]:
    blocks: list[Block] = []
    grid: list[dict[str, Any]] = []

    def flush() -> None:
        for i in range(0, len(grid), MAX_FIELDS):
            blocks.append({"type": "section", "fields": grid[i : i + MAX_FIELDS]})
        grid.clear()

    for f in fields:
        text = _field_text(f)
        if f.inline and len(text) <= FIELD_TEXT:
            grid.append(mrkdwn(text))
            continue
        flush()
        blocks += text_sections(text)
    flush()
    return blocks


def _hidden_quote(quote: Quote) -> list[Block]:
    """A passage that gives away the plot: only who wrote it, and a "Show" button that
    shows the passage to the member who clicks it, to them alone."""
    show = {
        "type": "button",
        "action_id": quote.reveal,
        "text": plain("Show", BUTTON_TEXT),
        "value": clip(quote.reveal, 2000),
    }
    return [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f":see_no_evil: _A passage hidden: this review gives away the plot._"
                f"\n— {escape(quote.attribution())}",
            },
            "accessory": show,
        }
    ]


def _quote(quote: Quote) -> list[Block]:
    if quote.spoiler and quote.reveal:
        return _hidden_quote(quote)
    blocks: list[Block] = []
    for chunk in split_text(quote.text.strip(), QUOTE_TEXT):
        blocks.append(
            {
                "type": "rich_text",
                "elements": [
                    {"type": "rich_text_quote", "elements": [{"type": "text", "text": chunk}]}
                ],
            }
        )
    credit = f"— {escape(quote.attribution())}"
    if quote.url:
        label = escape(quote.source or "review").replace("|", "¦")
        credit += f" · <{quote.url}|{label}>"
    return blocks + context([credit])


def _button(button: Button) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "action_id": button.action_id,
        "text": plain(button.label, BUTTON_TEXT),
        "value": clip(button.action_id, 2000),
    }
    if button.style is not ButtonStyle.SECONDARY:
        element["style"] = button.style.value
    return element


def _buttons(buttons: tuple[Button, ...]) -> list[Block]:
    elements = [_button(b) for b in buttons]
    return [
        {"type": "actions", "elements": elements[i : i + ACTION_ELEMENTS]}
        for i in range(0, len(elements), ACTION_ELEMENTS)
    ]


def option_object(label: str, value: str) -> dict[str, Any]:
    return {"text": plain(label, OPTION_TEXT), "value": value[:OPTION_VALUE]}


def _options(options: tuple[SelectOption, ...]) -> list[dict[str, Any]]:
    return [option_object(o.label, o.value) for o in options]


def _select_elements(select: Select) -> list[dict[str, Any]]:
    """One menu, or several when the options exceed what option groups can hold."""
    per_menu = SELECT_OPTIONS * OPTION_GROUPS
    menus: list[dict[str, Any]] = []
    options = select.options
    for start in range(0, len(options), per_menu):
        part = options[start : start + per_menu]
        element: dict[str, Any] = {
            "type": "multi_static_select" if select.max_values > 1 else "static_select",
            "action_id": select.action_id,
            "placeholder": plain(select.placeholder or "Choose", PLACEHOLDER_TEXT),
        }
        if len(part) <= SELECT_OPTIONS:
            element["options"] = _options(part)
        else:
            groups = []
            for g in range(0, len(part), SELECT_OPTIONS):
                first = start + g + 1
                last = start + min(g + SELECT_OPTIONS, len(part))
                groups.append(
                    {
                        "label": plain(f"{first}–{last}", OPTION_TEXT),
                        "options": _options(part[g : g + SELECT_OPTIONS]),
                    }
                )
            element["option_groups"] = groups
        if select.max_values > 1:
            element["max_selected_items"] = max(1, min(select.max_values, len(part)))
        menus.append(element)
    return menus


def _select(select: Select) -> list[Block]:
    if not select.options:
        return []
    # action_id must be unique within a block, so each extra menu gets its own block.
    return [{"type": "actions", "elements": [element]} for element in _select_elements(select)]


def _is_interactive(block: Block) -> bool:
    return block.get("type") == "actions"


def reply_blocks(reply: Reply) -> list[Block]:
    """Every block of a reply, in order, each within Slack's per-block limits.

    The list may be longer than one message allows; :func:`render` splits it.
    """
    blocks: list[Block] = []
    if reply.title:
        blocks += _header(reply.title)
    text = to_mrkdwn(reply.text.strip())
    if reply.error and text:
        text = f":warning: {text}"
    sections = text_sections(text)
    if reply.thumbnail_url:
        if not sections:
            sections = [section(f"*{escape(reply.title or 'Poster')}*")]
        alt = f"Poster: {reply.title}" if reply.title else "Poster"
        sections[0]["accessory"] = {
            "type": "image",
            "image_url": reply.thumbnail_url,
            "alt_text": alt[:2000],
        }
    blocks += sections
    blocks += _fields(reply.fields)
    if reply.quote is not None:
        blocks += _quote(reply.quote)
    blocks += _buttons(reply.buttons)
    if reply.select is not None:
        blocks += _select(reply.select)
    if reply.footer:
        blocks += context([to_mrkdwn(reply.footer.strip())])
    return blocks


def fallback_text(reply: Reply) -> str:
    """The plain notification text Slack shows where blocks cannot be shown."""
    parts = [p.strip() for p in (reply.title or "", reply.text) if p and p.strip()]
    if not parts and reply.quote is not None and reply.quote.spoiler:
        parts.append(f"A passage hidden for spoilers — {reply.quote.attribution()}")
    elif not parts and reply.quote is not None:
        parts.append(f"“{reply.quote.text.strip()}” — {reply.quote.attribution()}")
    if not parts and reply.fields:
        parts.append("; ".join(f"{f.name}: {f.value}" for f in reply.fields))
    if not parts and reply.image is not None:
        parts.append(reply.image.alt or reply.image.filename)
    text = to_mrkdwn(" — ".join(parts)) if parts else "filmclub"
    return clip(text, FALLBACK_TEXT)


def render(reply: Reply) -> list[SlackMessage]:
    """A reply as one or more messages, each with at most 50 blocks.

    Buttons and menus always end up in the last message. An empty reply gives
    no message at all.
    """
    blocks = reply_blocks(reply)
    if not blocks:
        return []
    text = fallback_text(reply)
    messages: list[SlackMessage] = []
    for i in range(0, len(blocks), MAX_BLOCKS):
        part = blocks[i : i + MAX_BLOCKS]
        label = text if i == 0 else clip(f"{text} (continued)", FALLBACK_TEXT)
        messages.append(SlackMessage(label, part))
    return messages


def render_one(reply: Reply) -> SlackMessage:
    """A reply as exactly one message, for updating a message in place.

    When it does not fit, text is shortened and the buttons, menus and footer
    are kept, with a note that the message was shortened.
    """
    blocks = reply_blocks(reply)
    text = fallback_text(reply)
    if len(blocks) <= MAX_BLOCKS:
        return SlackMessage(text, blocks or [section(text)])
    first_tail = len(blocks)
    while first_tail > 0 and (
        _is_interactive(blocks[first_tail - 1]) or blocks[first_tail - 1]["type"] == "context"
    ):
        first_tail -= 1
    tail = blocks[first_tail:][-(MAX_BLOCKS - 1) :]
    room = MAX_BLOCKS - len(tail) - 1
    head = blocks[:first_tail][: max(0, room)]
    kept = [*head, *context([SHORTENED]), *tail][:MAX_BLOCKS]
    return SlackMessage(text, kept)
