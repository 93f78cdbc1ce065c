"""Main-text extractors compared on the web fixture pages (``python -m bench.extractors``).

For each extractor: how many of the articles' own paragraphs it keeps, how many
pieces of page chrome (navigation, cookie banners, share buttons, related lists,
comments, footers) leak into its text, and its time per page. The figures are
why :mod:`bot.web.extract` reads pages with trafilatura.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import html_text
import justext
import trafilatura
from lxml import html as lxml_html

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "web"
CHROME = (
    "cookie",
    "Share on",
    "Share this",
    "Related",
    "says:",
    "Greg wrote",
    "Copyright",
    "All our reviews",
    "Newsletter",
    "What's on",
)


def _trafilatura(page: str) -> str:
    return trafilatura.extract(page, include_comments=False, favor_precision=True, fast=True) or ""


def _justext(page: str) -> str:
    paragraphs = justext.justext(page.encode(), justext.get_stoplist("English"))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _html_text(page: str) -> str:
    return str(html_text.extract_text(page))


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "trafilatura": _trafilatura,
    "justext": _justext,
    "html-text (all visible text)": _html_text,
}


def _article_paragraphs(page: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    found = tree.xpath("//article//p | //main//p")
    return [" ".join(p.text_content().split())[:50] for p in found if len(p.text_content()) > 80]


def compare() -> list[tuple[str, int, int, int, float]]:
    pages = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.html"))]
    rows = []
    for name, extract in EXTRACTORS.items():
        kept = total = leaked = 0
        started = time.perf_counter()
        texts = [extract(page) for page in pages for _ in range(5)][::5]
        per_page = (time.perf_counter() - started) / (len(pages) * 5) * 1000
        for page, text in zip(pages, texts, strict=True):
            flat = " ".join(text.split())
            for paragraph in _article_paragraphs(page):
                total += 1
                kept += paragraph in flat
            leaked += sum(1 for junk in CHROME if junk.lower() in flat.lower())
        rows.append((name, kept, total, leaked, per_page))
    return rows


def main() -> int:
    print(f"{'extractor':<30} {'paragraphs kept':>16} {'chrome leaked':>14} {'ms/page':>8}")
    for name, kept, total, leaked, ms in compare():
        print(f"{name:<30} {f'{kept}/{total}':>16} {leaked:>14} {ms:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
