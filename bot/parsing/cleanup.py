"""Text clean-up and recognition of page furniture: HTML leftovers, boilerplate, comments."""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

from bot.parsing.labels import aggregate_source
from bot.parsing.lang import COMMENT_HEADINGS, ELSEWHERE_HEADINGS
from bot.parsing.values import parse_date

_BLOCK_TAG_RE = re.compile(
    r"<\s*(?:br|/?p|/?div|/?h[1-6]|/?li|/?ul|/?ol|/?tr|/?table|/?blockquote|/?section"
    r"|/?article|/?header|/?footer|/?title|/?figure|/?figcaption|hr)\b[^>]*>",
    re.IGNORECASE,
)
_DROP_BLOCK_RE = re.compile(
    r"<\s*(script|style|noscript|iframe|svg|nav|form|button|select)\b.*?<\s*/\s*\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAG_RE = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.DOTALL)
_SHORTCODE_RE = re.compile(r"\[/?(?:caption|embed|gallery|video|audio|youtube)\b[^\]]*\]", re.I)
_CANONICAL_RE = re.compile(
    r"<link\b[^>]*\brel=[\"']canonical[\"'][^>]*\bhref=[\"'](?P<a>[^\"']+)[\"']"
    r"|<link\b[^>]*\bhref=[\"'](?P<b>[^\"']+)[\"'][^>]*\brel=[\"']canonical[\"']"
    r"|<meta\b[^>]*\bproperty=[\"']og:url[\"'][^>]*\bcontent=[\"'](?P<c>[^\"']+)[\"']",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'“”]+", re.IGNORECASE)
_URL_LABEL_RE = re.compile(
    r"^(?:read more|read the (?:full|rest of the) review|full review|continue reading|source"
    r"|originally (?:published|posted)(?: (?:at|on|in))?|canonical(?: url)?|url|link|permalink"
    r"|via|review (?:url|link)|original(?: url| article)?)\b[^a-z]*",
    re.IGNORECASE,
)

_BOILERPLATE = re.compile(
    r"^(?:leave a (?:reply|comment)|fill in your details|you are commenting using"
    r"|connecting to %s|log ?out\b|log in(?: to|$)|notify me of|post comment|cancel reply"
    r"|share this|share on\b|click to (?:share|email|print)|like this:|like loading|loading\.\.\."
    r"|related posts?|related$|posted in\b|tagged\s*(?:with|as)?\s*:|filed under|categories:|tags:"
    r"|view all posts|see more|read more|continue reading|read the full|official website"
    r"|official site|technical specs|rate this(?::|$)|subscribe\b|sign up\b|newsletter$"
    r"|advertisement$|sponsored$|privacy policy|cookie (?:policy|settings)|we use cookies"
    r"|all rights reserved|©|copyright\b|powered by|accept(?: all)?(?: cookies)?$|accept all\b"
    r"|reject all\b|manage (?:preferences|cookies|consent|settings)|cookie consent"
    r"|(?:by (?:continuing|clicking|using)\b.{0,60}\b(?:cookies|agree))|enter your e-?mail"
    r"|your e-?mail(?: address)?$|get (?:the|our) .{0,40}\bin your inbox|join (?:our|the) .{0,30}"
    r"(?:newsletter|mailing list)|unsubscribe\b|update your preferences|view (?:this )?in browser"
    r"|forward (?:this|it) to a friend|popular (?:right now|now|this week|today)$|most popular$"
    r"|(?:edit|update)\s*\d*\s*:.{0,60}$|\d+(?:\.\d+)?k? (?:upvotes?|points?)$|save$|hide$"
    r"|posts: \d|joined: |privacy (?:notice|statement)\b"
    r"|wordpress\.com logo|twitter picture|facebook photo|google\+? photo|reply$|report(?: abuse)?$"
    r"|follow us|back to top|skip to (?:content|main)|previous post|next post|share:|share$"
    r"|you must be logged in|your email address will not be published|required fields are marked"
    r"|save my name|was this review helpful|\d+ (?:out )?of \d+(?: people| users)? found this"
    r"|permalink$|print$|email$|tweet$|pin it|facebook$|twitter$|whatsapp$|reddit$|linkedin$"
    r"|pinterest$|see full cast|full cast(?: (?:&|and) crew)?$|see all$|edit$|critics consensus"
    r"|watch now"
    r"|where to watch|buy tickets|get tickets|add to watchlist|\d+ likes?$|like review|likes?$"
    r"|photos?$|videos?$|trailers?$|click here|this entry was posted|comments are closed"
    r"|\(no ratings yet\)|.*\(no ratings yet\)$"
    r"|(?:\d\s*stars?\s*){3,}(?!.*\bvotes?\b)|\[?\s*(?:more|less)\s*\]?$)",
    re.IGNORECASE,
)
_TRAILING_BOILERPLATE_RE = re.compile(r"(?:see more|read more)\s*[»›>.…]*\s*$", re.IGNORECASE)

_SECTION_SKIP = re.compile(
    r"^(?:did you know\??|trivia|goofs|quotes|crazy credits|connections|soundtracks?"
    r"|storyline|plot keywords|taglines?|parents guide|frequently asked questions|faq"
    r"|box office|company credits|technical specs|details|related news|see also|more like this"
    r"|recommended(?: for you)?|you may also like|related (?:articles|reviews|posts)|popular"
    r"|trending|most read|also on .*|about the author|cast (?:&|and) crew"
    r"|top rated(?: this \w+)?|(?:readers|people|viewers) also (?:viewed|liked|read|watched)"
    r"|(?:more|other|latest|recent) reviews|recently reviewed|also (?:showing|reviewed))\s*:?$",
    re.IGNORECASE,
)

_COMMENT_START = re.compile(
    r"^(?:\d+\s+(?:thoughts?|comments?|responses?|replies|reactions?)\s+(?:on|to)\b"
    r"|(?:\d+\s+)?comments?\s*(?:\(\d+\))?\s*:?$|responses?\s*:?$|reader comments"
    r"|(?:leave|post|add|write) a (?:reply|comment|response)"
    r"|\S+(?:\s+\S+){0,3}\s+(?:says|said|wrote|writes|replied|commented)\s*:"
    r"(?:\s*\S*\s*(?:\w+\s+\d{1,2},?\s+\d{4}|\d{1,2}/\d{1,2}/\d{2,4}).*)?$"
    r"|.{1,60}\s+on\s+.{0,30}\d{4}.{0,20}\s(?:says|said|wrote|replied|commented)\s*:?$)",
    re.IGNORECASE,
)


_MARKUP_RE = re.compile(r"</?[A-Za-z][^>]*>|&[#\w]+;")
_MD_LINK_RE = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/|#)[^)\s]*\)")
_STRONG_RE = re.compile(r"\*\*(?=[^\s*])([^*\n]*[^\s*])\*\*|__([^_\n]+)__")
_EMPHASIS_RE = re.compile(r"\*(?<![*\w]\*)(?=[^\s*])([^*\n]*?[^\W_][^*\n]*?)(?<=[^\s*])\*(?![*\w])")
#: "_Verdict:_ 8/10": emphasis with single underscores (not inside words, handles or paths).
_UNDERSCORE_RE = re.compile(
    r"(?<![\w_/@.])_(?=[^\s_])([^_\n]*?[^\W_][^_\n]*?)(?<=[^\s_])_(?![\w_])"
)
_MD_HEADING_RE = re.compile(r"(?m)^#{1,6}\s+")
_SPACE_RUN_RE = re.compile(r"[ \t\f\v\u2000-\u200a\u202f\u205f\u3000]+")
_OTHER_SPACES = ("\t", "\f", "\v", *map(chr, range(0x2000, 0x200B)), "\u202f", "\u205f", "\u3000")
_DOUBLE_SPACE_RE = re.compile(r"  +")


_BOX = "\u2500-\u257f"
_BOX_RE = re.compile(f"[{_BOX}]")
#: "│ Regie: Christian Petzold   │", "┌──────┐": the frame of a box drawn with lines.
#: "| Wertung: ★★★★☆": a box beside the text, drawn with a bar down its left side only.
_BOX_EDGE_RE = re.compile(f"^[{_BOX}]+\\s*|\\s*[{_BOX}]+$")


#: "Dirección        Pedro Almodóvar": a label of one to three words, a wide gap, its value
#: (with no second gap: "Title      Director      Score" heads a table of three columns).
_COLUMN_ROW_RE = re.compile(
    r"^(?P<label>[^\W\d_][^\W\d_'’.]*(?: [^\W\d_][^\W\d_'’.]*){0,2}) {3,}"
    r"(?P<value>\S(?:(?! {3}).)*?)[ \t]*$",
    re.MULTILINE,
)


def _two_columns(text: str) -> str:
    """A facts sheet printed in two aligned columns, label then value: each row reads
    "Label: value" when the page has three or more such rows."""
    if len(_COLUMN_ROW_RE.findall(text)) < 3:
        return text
    return _COLUMN_ROW_RE.sub(r"\g<label>: \g<value>", text)


#: A line of three or more cells set apart by wide gaps ("7.7/10 IMDb      96% Rotten …").
_WIDE_CELLS_LINE_RE = re.compile(r"^.*\S {3,}\S.*\S {3,}\S.*$", re.MULTILINE)
_WIDE_GAP_RE = re.compile(r" {3,}")
#: "7.7/10 IMDb", "96% Rotten Tomatoes": a score, then the site or raters giving it.
_SCORE_THEN_SOURCE_RE = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?\s*(?:/\s*\d{1,3}|%)\s+[^\W\d_]")
_EDGES = "│┃║|"


def _source_cells(found: re.Match[str]) -> str:
    """ "7.7/10 IMDb      96% Rotten Tomatoes      87% Metacritic": cells of scores with their
    sources, set apart only by wide gaps, read as pieces ("… · …") once spaces are tidied."""
    line = found.group(0)
    body = line.strip().strip(_EDGES).strip()
    cells = _WIDE_GAP_RE.split(body)
    if len(cells) < 2 or not all(
        _SCORE_THEN_SOURCE_RE.match(cell) and aggregate_source(cell)[0] for cell in cells
    ):
        return line
    return line.replace(body, " · ".join(cells))


#: Dots a page may set between pieces in place of the middle dot.
_MIDDLE_DOTS = str.maketrans({"‧": "·", "∙": "·", "⋅": "·"})


def clean_text(raw: str) -> str:
    """Normalize line endings and spaces and strip HTML leftovers."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if ("<" in text or "&" in text) and _MARKUP_RE.search(text):
        text = _DROP_BLOCK_RE.sub("\n", text)
        text = _BLOCK_TAG_RE.sub("\n", text)
        text = _TAG_RE.sub("", text)
        text = html.unescape(text)
    if "[" in text:
        text = _SHORTCODE_RE.sub("", text)
        text = _MD_LINK_RE.sub(r"\1", text)
    if "*" in text or "__" in text:
        text = _STRONG_RE.sub(r"\1\2", text)
    if "*" in text:
        text = _EMPHASIS_RE.sub(r"\1", text)
    if "_" in text:
        text = _UNDERSCORE_RE.sub(r"\1", text)
    if "#" in text:
        text = _MD_HEADING_RE.sub("", text)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    if "‧" in text or "∙" in text or "⋅" in text:
        text = text.translate(_MIDDLE_DOTS)  # "2022 ‧ Comedy/Drama ‧ 1h 54m"
    if "   " in text:
        text = _two_columns(text)
        text = _WIDE_CELLS_LINE_RE.sub(_source_cells, text)
    if any(space in text for space in _OTHER_SPACES):
        text = _SPACE_RUN_RE.sub(" ", text)
    elif "  " in text:
        text = _DOUBLE_SPACE_RE.sub(" ", text)
    lines = (line.strip() for line in text.split("\n"))
    if _BOX_RE.search(text):
        lines = (_BOX_EDGE_RE.sub("", line) for line in lines)
    if "|" in text:
        lines = (_side_box_row(line) if line.startswith("|") else line for line in lines)
    text = "\n".join(lines)
    if "-\n" in text and len(_HYPHEN_BREAK_RE.findall(text)) >= _TYPESET_BREAKS:
        text = _HYPHEN_BREAK_RE.sub("", text)
    return text


#: "Di-" / "rected by Roman Polanski": a word broken over two lines by a printed page's
#: hyphen (a letter before it, a lower-case letter opening the next line). On a page set in
#: narrow columns (a scan, a reprint), where words break at every few lines, the two lines
#: are read as one and the word whole again; elsewhere a break is rare and may be a compound
#: word's own hyphen ("all-" / "around"), which the paragraph keeps.
_HYPHEN_BREAK_RE = re.compile(r"(?<=[^\W\d_]{2})-\n(?=[a-zß-öø-ÿ]{2})")
_TYPESET_BREAKS = 4


_TABLE_RULE_RE = re.compile(r":?-{2,}:?")


def _side_box_row(line: str) -> str:
    """ "| Wertung: ★★★★☆": a line of a box with a bar down its left side reads without it."""
    if line.count("|") == 1 and line[1:2] == " ":
        return line[2:].strip()
    return table_row(line)


def table_row(line: str) -> str:
    """A Markdown table row: "| Director | Wes Anderson |" reads "Director: Wes Anderson";
    a rule row ("|---|---|") or an empty row is dropped."""
    if not line.endswith("|") or len(line) < 3:
        return line
    cells = [cell.strip() for cell in line[1:-1].split("|")]
    if all(not cell or _TABLE_RULE_RE.fullmatch(cell) for cell in cells):
        return ""
    if len(cells) == 2 and all(cells):
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


def canonical_url(raw: str) -> str | None:
    """A canonical link or og:url in HTML leftovers."""
    found = _CANONICAL_RE.search(raw) if "<" in raw else None
    if not found:
        return None
    return html.unescape(found.group("a") or found.group("b") or found.group("c"))


_SCHEME_RE = re.compile(r"https?://", re.IGNORECASE)


def _tidy_url(url: str) -> str:
    url = url.rstrip(".,;:!?)]}»")
    return url if _SCHEME_RE.match(url) else f"http://{url}"


def url_in_line(line: str) -> str | None:
    """The URL of a "Read More @ http://..." / "Source: ..." / bare-URL line."""
    text = line.strip()
    label = _URL_LABEL_RE.match(text)
    rest = text[label.end() :] if label else text
    if "://" not in rest and "www." not in rest.lower():
        return None
    found = _URL_RE.search(rest)
    if found is None:
        return None
    if label or not (rest[: found.start()].strip() or rest[found.end() :].strip()):
        return _tidy_url(found.group(0))
    return None


def site_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


@functools.lru_cache(maxsize=4096)
def is_boilerplate(line: str) -> bool:
    text = line.strip().lstrip("•·*-– ").strip()
    if not text:
        return False
    if len(text) <= 160 and _BOILERPLATE.match(text):
        return True
    return (
        len(text) <= 300
        and "more" in text.lower()
        and _TRAILING_BOILERPLATE_RE.search(text) is not None
    )


_QUOTE_SCORE = (
    r"(?:[★⭐✪✭☆½]+|\d{1,2}(?:[.,]\d)?\s*/\s*\d{1,3}"
    r"|\d{1,2}(?:[.,]\d)?\s+(?:out of|sur|von|su|de)\s+\d{1,3})"
)
#: "★★★★★ “A small, perfect film.” — The Courier", "“Tender.” 9/10 — Cinephile Monthly": a
#: quotation of several words and the outlet it is attributed to, with the outlet's score
#: before or after it, is a press quote on a poster or press kit: never the page's own score.
_PRESS_QUOTE_LINE_RE = re.compile(
    rf"^(?:{_QUOTE_SCORE}\s*)?[“\"«„](?=[^“”\"«»„]*\s)[^“”\"«»„]{{3,}}[”\"»“]\s*"
    rf"(?:{_QUOTE_SCORE}\s*)?[—–-]\s*[A-Z][\w.'’&-]*(?:\s+[\w.'’&-]+){{0,5}}"
    rf"(?:\s+{_QUOTE_SCORE})?\s*$"
)


_QUOTED_RE = re.compile(r"[“\"«„](?P<quote>[^“”\"«»„]+)[”\"»“]")


def is_press_quote(line: str) -> bool:
    """A quotation attributed to an outlet, with or without the outlet's score.

    The quotation reads as a phrase of prose (a lower-case word, or a full stop), so that a
    quoted title and its director (`“The Holdovers” — Alexander Payne ★★★★`) stay a title."""
    text = line.strip()
    if text[:1] not in '“"«„★⭐✪✭☆½0123456789' or not _PRESS_QUOTE_LINE_RE.match(text):
        return False
    quoted = _QUOTED_RE.search(text)
    quote = quoted.group("quote").strip() if quoted is not None else ""
    return quote.endswith((".", "!", "?", "…")) or any(
        len(word) >= 4 and word[:1].islower() for word in quote.split()
    )


#: "Les plus lus", "Leggi anche: …", "Previously on this blog: …": the heading of the site's
#: links to its other pages, alone on its line or before the links themselves.
_ELSEWHERE_RE = re.compile(
    rf"^(?:{'|'.join(ELSEWHERE_HEADINGS)})\s*(?::\s*(?P<links>\S.*))?:?$",
    re.IGNORECASE,
)


def starts_skipped_section(line: str) -> bool:
    """Headings of site sections that are not the critic's review (trivia, storyline, most
    read...)."""
    text = line.strip().lstrip("•·*- ").strip()
    if _SECTION_SKIP.match(text):
        return True
    found = _ELSEWHERE_RE.match(text)
    return found is not None and found.group("links") is None


def links_elsewhere(line: str) -> bool:
    """ "Leggi anche: “Perfetti sconosciuti” — voto 8": links to the site's other pages
    after their heading on one line; their scores are other films'."""
    found = _ELSEWHERE_RE.match(line.strip().lstrip("•·*- ").strip())
    return found is not None and found.group("links") is not None


#: "Top comments", "12 Comments", "Kommentare (3)", "Comentarios (2)": the heading of a
#: page's reader comments, in any language of the tables, with or without its count.
_COMMENT_HEADING_RE = re.compile(
    rf"^(?:\d[\d.,]*\s+)?(?:{'|'.join(COMMENT_HEADINGS)})\s*(?:[(\[]\s*\d[\d.,]*\s*[)\]])?\s*:?$",
    re.IGNORECASE,
)


def starts_comments(line: str) -> bool:
    """The first line of the reader-comments area ("2 thoughts on ...", "Tom says:")."""
    text = line.strip().lstrip("•·*- ").strip()
    return bool(_COMMENT_START.match(text) or _COMMENT_HEADING_RE.match(text))


def is_meta_line(line: str) -> bool:
    """Short lines that only carry a date (publication meta, "Posted on ...")."""
    text = line.strip()
    return len(text.split()) <= 10 and parse_date(text) is not None and not text.endswith(".")


def has_terminal_punctuation(text: str) -> bool:
    return text.strip().rstrip("\"'”’)]").endswith((".", "!", "?", "…"))


def is_heading(line: str) -> bool:
    """A short standalone line that is not a sentence ("User Review", "Best line:")."""
    text = line.strip()
    words = len(text.split())
    if text.endswith((":", "：")):
        return words <= 8
    return words <= 8 and not has_terminal_punctuation(text)


def is_list_line(line: str) -> bool:
    """Pipe-separated lists of pros/cons are not prose."""
    return line.count("|") >= 2
