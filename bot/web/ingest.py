"""A review page, fetched or read from a file, stored as a review document."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

from bot import parsing
from bot.errors import UserError
from bot.excerpts import extract_excerpts
from bot.films import split_year
from bot.ingest import critic_name, slugify
from bot.parsing import ParsedDocument, ParsedReview
from bot.reviews.resolve import Ambiguous, NotFound, resolve_title
from bot.scoring import fmt
from bot.services import Services
from bot.store import films, pages
from bot.store.models import AggregateInput, DocumentInput, Film, FilmInput, ReviewInput
from bot.web.extract import PageReading, ReviewedItem, StructuredReview, read_page
from bot.web.fetch import Fetcher


class NothingFound(UserError):
    """A page that holds no review to store; the message says why."""


@dataclass(frozen=True)
class PageResult:
    stored: bool
    film: Film
    critic: str | None
    outlet: str | None
    score: float | None
    raw_score: str | None
    excerpts: int
    aggregates: int
    url: str

    def message(self) -> str:
        who = self.critic or "an unsigned critic"
        if self.outlet and self.outlet != self.critic:
            who += f" ({self.outlet})"
        if self.score is not None:
            score = f"{fmt(self.score)}/10" + (
                f" (from {self.raw_score})" if self.raw_score else ""
            )
        else:
            score = "no score"
        found = f"{self.film.label}: review by {who}, {score}, {self.excerpts} excerpt" + (
            "s" if self.excerpts != 1 else ""
        )
        if self.aggregates:
            found += f", {self.aggregates} audience aggregate" + (
                "s" if self.aggregates > 1 else ""
            )
        head = "Added" if self.stored else "Already loaded, nothing changed"
        return f"{head}. {found}.\n{self.url}"


@dataclass(frozen=True)
class FiledReview:
    """One review of a page reviewing several films, filed under its own film."""

    film: Film
    critic: str | None
    score: float | None
    raw_score: str | None
    excerpts: int

    def line(self) -> str:
        who = self.critic or "an unsigned critic"
        score = f"{fmt(self.score)}/10" if self.score is not None else "no score"
        if self.score is not None and self.raw_score:
            score += f" (from {self.raw_score})"
        plural = "s" if self.excerpts != 1 else ""
        return f"{self.film.label}: review by {who}, {score}, {self.excerpts} excerpt{plural}"


@dataclass(frozen=True)
class RoundupResult:
    """A page reviewing several films: what was filed under which film, and what was not."""

    stored: bool
    filed: tuple[FiledReview, ...]
    unclear: tuple[str, ...]
    """Why each review left out was: a title naming no film, or several."""
    url: str

    def message(self) -> str:
        count = len(self.filed)
        head = "Added" if self.stored else "Already loaded, nothing changed"
        lines = [f"{head}. A page reviewing several films: {count} review" + "s" * (count != 1)]
        lines[0] += " filed under their own films." if count != 1 else " filed under its film."
        lines.extend(f"• {review.line()}" for review in self.filed)
        if self.unclear:
            lines.append("Left out, which film is unclear:")
            lines.extend(f"• {why}" for why in self.unclear)
        lines.append(self.url)
        return "\n".join(lines)


async def ingest_url(
    services: Services, fetcher: Fetcher, url: str, title: str | None = None
) -> PageResult | RoundupResult:
    page = await fetcher.fetch(url)
    if page.content_type == "text/plain":
        return await ingest_text(services, page.text(), page.url, page.body, title)
    return await ingest_html(services, page.text(), page.url, page.body, title)


async def ingest_text(
    services: Services, text: str, url: str, body: bytes, title: str | None = None
) -> PageResult | RoundupResult:
    """A plain-text page: no markup to read, its whole text goes to the review parser."""
    reading = PageReading(url, None, None, (), (), (), text.strip())
    return await store_reading(services, reading, hashlib.sha256(body).hexdigest(), title)


async def ingest_html(
    services: Services, html: str, url: str, body: bytes, title: str | None = None
) -> PageResult | RoundupResult:
    """Read a page and store its review; NothingFound or UserError when there is none."""
    reading = await asyncio.to_thread(read_page, html, url)
    digest = hashlib.sha256(body).hexdigest()
    return await store_reading(services, reading, digest, title)


def _main_review(reading: PageReading) -> StructuredReview | None:
    critics = [r for r in reading.reviews if r.critic and (r.rating or r.body)]
    others = [r for r in reading.reviews if r.rating or r.body]
    chosen = critics or others
    return chosen[0] if chosen else None


async def _film(
    services: Services, reading: PageReading, review: StructuredReview | None, title: str | None
) -> Film:
    item: ReviewedItem | None
    if title:
        name, year = split_year(title)
        item = ReviewedItem(name, year)
    else:
        item = review.item if review and review.item and review.item.name else None
        if item is None:
            item = next((i for i in reading.items if i.name), None)
    if item is None or not item.name:
        raise NothingFound(
            "I can't tell which film this page is about: pass a title, "
            "e.g. `/ingest <url> Her 2013`."
        )
    found = await resolve_title(services, item.name, item.year, item.imdb_id)
    if isinstance(found, Ambiguous):
        raise UserError(found.question() + " Pass the title with its year.")
    if isinstance(found, NotFound):
        new = FilmInput(slugify(item.name, item.year), item.name, item.year)
        film_id = await services.store.write(films.upsert_film, new)
        made = await services.store.read(films.film_by_id, film_id)
        assert made is not None
        return made
    return found


def _excerpts(texts: list[str]) -> tuple[tuple[str, frozenset[str]], ...]:
    return tuple((e.text, e.topics) for text in texts for e in extract_excerpts(text))


async def store_reading(
    services: Services, reading: PageReading, digest: str, title: str | None
) -> PageResult | RoundupResult:
    review = _main_review(reading)
    text = reading.text or (review.body if review and review.body else "")
    parsed: ParsedDocument | None = (
        await asyncio.to_thread(parsing.parse_document, text, reading.url) if text else None
    )
    if parsed is not None and review is None and _films_named(parsed) >= 2:
        return await _store_roundup(services, reading, parsed, digest, title)
    parsed_reviews = [r for r in parsed.reviews if r.text.strip()] if parsed else []
    parsed_score = next((r for r in parsed_reviews if r.score is not None), None)
    texts = [r.text for r in parsed_reviews]
    if not texts and review and review.body:
        texts = [review.body]
    excerpts = _excerpts(texts)
    aggregates_found = list(reading.aggregates)
    is_review = review is not None or parsed_score is not None or bool(title and excerpts)
    if not is_review and not aggregates_found:
        if not excerpts:
            raise NothingFound("No review text found on that page.")
        raise NothingFound(
            "That page does not look like a film review (no rating, no review markup). "
            "If it is one, pass the film's title."
        )
    film = await _film(services, reading, review, title)
    host = urlsplit(reading.url).hostname or None
    outlet = (review.publisher if review else None) or reading.site or host
    rating = review.rating if review else None
    score = rating.score if rating else (parsed_score.score if parsed_score else None)
    raw = rating.raw if rating else (parsed_score.raw_score if parsed_score else None)
    found_author = (review.author if review else None) or next(
        (r.author for r in parsed_reviews if r.author), None
    )
    critic = critic_name(found_author, None, outlet)
    reviews: tuple[ReviewInput, ...] = ()
    if is_review:
        categories = dict(parsed_score.categories) if parsed_score else {}
        reviews = (ReviewInput(critic, score, raw, categories, excerpts),)
    aggs = [
        AggregateInput(outlet, a.rating.score, a.votes, reading.url)
        for a in aggregates_found
        if a.item is None or a.item.name is None or _same_film(a.item, film)
    ]
    if parsed:
        aggs += [AggregateInput(a.source, a.score, a.votes, reading.url) for a in parsed.aggregates]
    doc = DocumentInput(
        film_id=film.id,
        content_hash=digest,
        name=reading.title or reading.url,
        url=reading.url,
        site=outlet,
        reviews=reviews,
        aggregates=tuple(aggs),
    )
    stored = await services.store.write(pages.add_page, doc)
    return PageResult(
        stored=stored,
        film=film,
        critic=critic if reviews else None,
        outlet=outlet,
        score=score if reviews else None,
        raw_score=raw if reviews else None,
        excerpts=len(excerpts) if reviews else 0,
        aggregates=len(aggs),
        url=reading.url,
    )


def _same_film(item: ReviewedItem, film: Film) -> bool:
    same_title = films.normalize_title(item.name or "") == films.normalize_title(film.title)
    return same_title and (item.year is None or film.year is None or item.year == film.year)


def _films_named(parsed: ParsedDocument) -> int:
    """How many different films the parsed reviews of a page name."""
    return len({films.normalize_title(r.title) for r in parsed.reviews if r.title})


async def _store_roundup(
    services: Services,
    reading: PageReading,
    parsed: ParsedDocument,
    digest: str,
    title: str | None,
) -> RoundupResult:
    """File each review of a page reviewing several films under the film it names.

    Each title is resolved strictly (library, then catalog); a review whose title names no
    film, or several, is reported and left out. A review naming no film goes to the film
    the member named with the page, if any. Aggregates go with that film only (a roundup's
    audience figures cannot be told apart otherwise).
    """
    home = await _film(services, reading, None, title) if title else None
    host = urlsplit(reading.url).hostname or None
    outlet = reading.site or host
    by_film: dict[int, tuple[Film, list[ParsedReview]]] = {}
    unclear: list[str] = []
    resolved: dict[tuple[str, int | None], Film | str] = {}
    for found in parsed.reviews:
        if not found.text.strip() and found.score is None:
            continue
        target: Film | str
        if found.title is None or (home is not None and _names_film(found.title, home)):
            target = home if home is not None else "a review naming no film"
        else:
            year = found.facts.year if found.facts is not None else None
            key = (films.normalize_title(found.title), year)
            if key not in resolved:
                resolved[key] = await _resolve_strictly(services, found.title, year)
            target = resolved[key]
        if isinstance(target, str):
            unclear.append(target)
            continue
        by_film.setdefault(target.id, (target, []))[1].append(found)
    if not by_film:
        raise NothingFound(
            "This page reviews several films, but none of their titles names one film "
            "for sure: " + "; ".join(unclear) + "."
        )
    docs: list[DocumentInput] = []
    filed: list[FiledReview] = []
    for film, reviews in by_film.values():
        inputs: list[ReviewInput] = []
        for found in reviews:
            excerpts = _excerpts([found.text]) if found.text.strip() else ()
            critic = critic_name(found.author, None, outlet)
            inputs.append(
                ReviewInput(critic, found.score, found.raw_score, dict(found.categories), excerpts)
            )
            filed.append(FiledReview(film, critic, found.score, found.raw_score, len(excerpts)))
        aggs: list[AggregateInput] = [
            AggregateInput(outlet, a.rating.score, a.votes, reading.url)
            for a in reading.aggregates
            if a.item is not None and a.item.name is not None and _same_film(a.item, film)
        ]
        if home is not None and film.id == home.id:
            aggs += [
                AggregateInput(a.source, a.score, a.votes, reading.url) for a in parsed.aggregates
            ]
        docs.append(
            DocumentInput(
                film_id=film.id,
                content_hash=f"{digest}#{film.id}",
                name=reading.title or reading.url,
                url=reading.url,
                site=outlet,
                reviews=tuple(inputs),
                aggregates=tuple(aggs),
            )
        )
    stored = await services.store.write(pages.add_roundup_page, docs)
    return RoundupResult(stored, tuple(filed), tuple(unclear), reading.url)


def _names_film(title: str, film: Film) -> bool:
    return films.normalize_title(title) == films.normalize_title(film.title)


async def _resolve_strictly(services: Services, title: str, year: int | None) -> Film | str:
    """The one film ``title`` names, or why it names none for sure."""
    found = await resolve_title(services, title, year)
    if isinstance(found, Film):
        return found
    if isinstance(found, Ambiguous):
        return found.question()
    return f"no film called “{title}” in the library or the catalog"
