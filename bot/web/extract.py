"""What a web page says about a film review.

Structured data first: schema.org ``Review``/``CriticReview`` and
``AggregateRating`` in JSON-LD, microdata or RDFa (read by ``extruct``). Then the
page's main text, without navigation, cookie banners, share buttons, related
lists or comments (read by ``trafilatura``), which the review parser turns into
excerpts and, where no structured rating exists, a score. ``og:site_name``,
``og:title`` and the canonical URL say where the page came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import extruct
import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Extractor

from bot.scoring import fmt

REVIEW_TYPES = {"Review", "CriticReview", "UserReview", "EmployerReview"}
FILM_TYPES = {"Movie", "Film", "TVSeries", "TVEpisode", "CreativeWork"}
_SCHEMA = re.compile(r"^https?://schema\.org/")
_YEAR = re.compile(r"\b(18|19|20)\d\d\b")


@dataclass(frozen=True)
class Rating:
    """A rating as the page gives it, and on 0–10."""

    score: float
    raw: str


@dataclass(frozen=True)
class ReviewedItem:
    name: str | None
    year: int | None
    directors: tuple[str, ...] = ()
    imdb_id: str | None = None


@dataclass(frozen=True)
class StructuredReview:
    author: str | None
    publisher: str | None
    date: str | None
    rating: Rating | None
    body: str | None
    item: ReviewedItem | None
    critic: bool  # a CriticReview, or a Review by a named author that is not a visitor's


@dataclass(frozen=True)
class StructuredAggregate:
    rating: Rating
    votes: int | None
    item: ReviewedItem | None


@dataclass(frozen=True)
class PageReading:
    url: str  # the canonical URL, else the address it was fetched from
    site: str | None
    title: str | None
    reviews: tuple[StructuredReview, ...]
    aggregates: tuple[StructuredAggregate, ...]
    items: tuple[ReviewedItem, ...]  # films the page describes (itemReviewed or a Movie)
    text: str  # the main text, paragraphs separated by blank lines


def read_page(page_html: str, url: str) -> PageReading:
    """Everything :mod:`bot.web.ingest` needs from one page."""
    tree = _tree(page_html)
    nodes = list(structured_nodes(page_html, url))
    reviews: list[StructuredReview] = []
    aggregates: list[StructuredAggregate] = []
    items: list[ReviewedItem] = []
    for node in nodes:
        types = _types(node)
        if types & REVIEW_TYPES:
            reviews.append(_review(node, types))
        elif "AggregateRating" in types:
            rating = _rating(node)
            if rating is not None:
                item = _item(node.get("itemReviewed"))
                aggregates.append(StructuredAggregate(rating, _int(node.get("ratingCount")), item))
        if types & FILM_TYPES:
            items.append(_film_item(node))
            agg = node.get("aggregateRating")
            if isinstance(agg, dict):
                rating = _rating(agg)
                if rating is not None:
                    votes = _int(agg.get("ratingCount")) or _int(agg.get("reviewCount"))
                    aggregates.append(StructuredAggregate(rating, votes, _film_item(node)))
            for sub in _list(node.get("review")):
                if isinstance(sub, dict):
                    review = _review(sub, _types(sub) or {"Review"})
                    if review.item is None:
                        review = StructuredReview(
                            review.author,
                            review.publisher,
                            review.date,
                            review.rating,
                            review.body,
                            _film_item(node),
                            review.critic,
                        )
                    reviews.append(review)
    items.extend(r.item for r in reviews if r.item is not None)
    meta = _meta(tree)
    canonical = _canonical(tree, url) or meta.get("og:url") or url
    return PageReading(
        url=canonical,
        site=meta.get("og:site_name") or None,
        title=meta.get("og:title") or _title(tree),
        reviews=tuple(reviews),
        aggregates=tuple(aggregates),
        items=tuple(items),
        text=main_text(page_html),
    )


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    """One set of extraction options, built once (building them costs as much as a page).

    No fallback extractors (the same text on review pages, 40% less time), no
    comments, tables, links or images, and no de-duplication across pages: two
    reviews may rightly share a sentence.
    """
    return Extractor(
        fast=True, precision=True, comments=False, tables=False, links=False, images=False
    )


def main_text(page_html: str) -> str:
    """The article's own text, paragraphs separated by blank lines; '' if none."""
    text = trafilatura.extract(page_html, options=_extractor())
    if not text:
        return ""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return "\n\n".join(paragraphs)


def structured_nodes(page_html: str, url: str) -> Iterator[dict[str, Any]]:
    """Every top-level schema.org object of the page, in one plain-dict shape.

    Each syntax is read only when the page has its markers: RDFa and microdata
    parsing is the slow part of reading a page.
    """
    syntaxes = []
    if "application/ld+json" in page_html:
        syntaxes.append("json-ld")
    if "itemscope" in page_html:
        syntaxes.append("microdata")
    if "typeof=" in page_html or "vocab=" in page_html:
        syntaxes.append("rdfa")
    if not syntaxes:
        return
    try:
        data = extruct.extract(page_html, base_url=url, syntaxes=syntaxes, uniform=True)
    except Exception:  # a malformed block leaves the rest of the page readable
        return
    for block in data.get("json-ld", []):
        yield from _flatten_jsonld(block)
    for block in data.get("microdata", []):
        if isinstance(block, dict):
            yield block
    yield from _from_rdfa(data.get("rdfa", []))


def _flatten_jsonld(block: Any) -> Iterator[dict[str, Any]]:
    if isinstance(block, list):
        for b in block:
            yield from _flatten_jsonld(b)
    elif isinstance(block, dict):
        if "@graph" in block:
            yield from _flatten_jsonld(block["@graph"])
        else:
            yield block


def _from_rdfa(graph: list[Any]) -> Iterator[dict[str, Any]]:
    """RDFa comes as a flat graph of nodes with full property URIs: rebuild nested objects."""
    by_id = {n.get("@id"): n for n in graph if isinstance(n, dict)}
    referenced = {
        v.get("@id")
        for n in graph
        if isinstance(n, dict)
        for key, values in n.items()
        if not key.startswith("@") and isinstance(values, list)
        for v in values
        if isinstance(v, dict)
    }

    def build(node: dict[str, Any], depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        types = [_SCHEMA.sub("", t) for t in node.get("@type", []) if _SCHEMA.match(t)]
        if types:
            out["@type"] = types
        for key, values in node.items():
            if not _SCHEMA.match(key) or not isinstance(values, list):
                continue
            converted: list[Any] = []
            for v in values:
                if not isinstance(v, dict):
                    continue
                if "@value" in v:
                    converted.append(v["@value"])
                elif v.get("@id") in by_id and depth < 4:
                    converted.append(build(by_id[v["@id"]], depth + 1))
            if converted:
                out[_SCHEMA.sub("", key)] = converted[0] if len(converted) == 1 else converted
        return out

    for node in graph:
        if isinstance(node, dict) and node.get("@id") not in referenced:
            built = build(node, 0)
            if "@type" in built:
                yield built


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(node: dict[str, Any]) -> set[str]:
    return {_SCHEMA.sub("", str(t)) for t in _list(node.get("@type"))}


def _text(value: Any) -> str | None:
    """A name: a string, or an object's ``name``, or the first of a list."""
    for v in _list(value):
        if isinstance(v, dict):
            v = v.get("name")
            if isinstance(v, list):
                v = v[0] if v else None
        if isinstance(v, str | int | float) and str(v).strip():
            return re.sub(r"\s+", " ", str(v)).strip()
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().replace(",", "."))
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    number = _float(value.replace(",", "") if isinstance(value, str) else value)
    return int(number) if number is not None and number >= 0 else None


def _rating(node: dict[str, Any]) -> Rating | None:
    """``ratingValue`` on its ``bestRating``/``worstRating`` scale, on 0–10.

    schema.org's defaults are best 5 and worst 1; a scale that starts at 0 or 1
    reads as "value out of best" (4 of 5 is 8, as a member's ``4/5`` is), any
    other worst rating is stretched from worst to best.
    """
    value = _float(node.get("ratingValue"))
    if value is None:
        return None
    best = _float(node.get("bestRating"))
    worst = _float(node.get("worstRating"))
    best = 5.0 if best is None else best
    low = 0.0 if worst is None or worst in (0.0, 1.0) else worst
    if best <= low or value < low or value > best:
        return None
    score = round((value - low) / (best - low) * 10, 2)
    raw = f"{fmt(value)}/{fmt(best)}"
    if worst is not None and worst not in (0.0, 1.0):
        raw += f" (from {fmt(worst)})"
    return Rating(score, raw)


def _year(value: Any) -> int | None:
    text = _text(value)
    if text:
        m = _YEAR.search(text)
        if m:
            return int(m.group(0))
    return None


def _film_item(node: dict[str, Any]) -> ReviewedItem:
    imdb = None
    for same in _list(node.get("sameAs")) + _list(node.get("url")):
        m = re.search(r"imdb\.com/title/(tt\d+)", str(same))
        if m:
            imdb = m.group(1)
            break
    directors = tuple(d for d in (_text(x) for x in _list(node.get("director"))) if d)
    year = _year(node.get("dateCreated")) or _year(node.get("datePublished"))
    return ReviewedItem(_text(node.get("name")), year, directors, imdb)


def _item(value: Any) -> ReviewedItem | None:
    for v in _list(value):
        if isinstance(v, dict):
            return _film_item(v)
        if isinstance(v, str) and v.strip():
            return ReviewedItem(v.strip(), None)
    return None


def _review(node: dict[str, Any], types: set[str]) -> StructuredReview:
    rating_node = node.get("reviewRating")
    rating = _rating(rating_node) if isinstance(rating_node, dict) else None
    body = _text(node.get("reviewBody")) or _text(node.get("description"))
    author = _text(node.get("author"))
    return StructuredReview(
        author=author,
        publisher=_text(node.get("publisher")),
        date=_text(node.get("datePublished")),
        rating=rating,
        body=body,
        item=_item(node.get("itemReviewed")),
        critic="UserReview" not in types,
    )


def _tree(page_html: str) -> Any:
    try:
        return lxml_html.fromstring(page_html)
    except Exception:
        return None


def _meta(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    if tree is None:
        return found
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _canonical(tree: Any, url: str) -> str | None:
    if tree is None:
        return None
    for el in tree.iter("link"):
        if "canonical" in (el.get("rel") or "").lower().split() and el.get("href"):
            target = urljoin(url, str(el.get("href")).strip())
            if urlsplit(target).scheme in ("http", "https"):
                return target
    return None


def _title(tree: Any) -> str | None:
    if tree is None:
        return None
    for el in tree.iter("title"):
        text = (el.text_content() or "").strip()
        if text:
            return text
    return None
