"""Ingest: review documents in varied formats, loaded into a fresh store."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.generate import (
    FIRST,
    GENRES,
    LAST,
    OBJECTS,
    SITES,
    TOPIC_PHRASES,
    VERBS,
    Scale,
    film_title,
)
from bench.measure import Result
from bot.ingest import ingest_paths, terminal_progress
from bot.store import Store

DOCS_PER_SECOND = 500.0
DOCS_PER_FILM = 50
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _paragraph(rng: random.Random, title: str, sentences: int) -> str:
    out: list[str] = []
    for _ in range(sentences):
        topic = rng.choice(sorted(TOPIC_PHRASES))
        phrase = rng.choice(TOPIC_PHRASES[topic])
        out.append(
            f"{phrase[0].upper()}{phrase[1:]} {rng.choice(VERBS)} {rng.choice(OBJECTS)},"
            f" and {title} is {rng.choice(('better', 'stranger', 'warmer', 'sadder'))}"
            f" for it."
        )
    return " ".join(out)


def _prose(rng: random.Random, title: str, doc: int) -> str:
    paragraphs = [_paragraph(rng, title, rng.randint(3, 5)) for _ in range(rng.randint(3, 5))]
    paragraphs[0] = f"(Review no. {doc}.) " + paragraphs[0]
    return "\n\n".join(paragraphs)


def _date(rng: random.Random, year: int) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {year}"


def labeled_blog(rng: random.Random, title: str, year: int, doc: int) -> str:
    cast = ", ".join(_name(rng) for _ in range(3))
    score = round(rng.uniform(4, 10), 2)
    comments = rng.randint(1, 9)
    return (
        f"What happens when {rng.choice(OBJECTS)} meets {rng.choice(OBJECTS)}?\n\n"
        f"Movie Title: {title}\n\nDirected by: {_name(rng)}\n\n"
        f"Screenplay By: {_name(rng)}\n\nMusic By: {_name(rng)}\n\nStarring: {cast}\n\n"
        f"US Release Date: {_date(rng, year)}\n\n"
        f"Run time: {rng.randint(1, 2)} Hours {rng.randint(0, 59)} Minutes\n\n"
        f"Rating: {rng.choice(('PG', 'PG-13', 'R'))}\n\n"
        f"Average Film Score: {score}\n\n{_prose(rng, title, doc)}\n\n"
        f"Leave a comment\n\n{comments} comments\n\n{_name(rng)} says:\n"
        "Great review, I have to see this one!\n"
    )


def hashtag_verdicts(rng: random.Random, title: str, year: int, doc: int) -> str:
    tags = " ".join(f"#{g}" for g in rng.sample(GENRES, 3))
    verdict = rng.choice(("#masterpiece", "#mustsee", "#solid", "#skipit"))
    return (
        f"{_name(rng)}\n\n\n{_paragraph(rng, title, 3)}\n\n{tags}\n\n\n"
        f"{_prose(rng, title, doc)}\n\n{verdict} {rng.choice((3.0, 3.5, 4.0, 4.5, 5.0))}\n"
    )


def category_scores(rng: random.Random, title: str, year: int, doc: int) -> str:
    overall = rng.randint(5, 10)
    return (
        f"{overall} Overall Score\nStory: {rng.randint(4, 10)}/10\n"
        f"Acting: {rng.randint(4, 10)}/10\nMusic: {rng.randint(4, 10)}/10\n\n"
        f"An original idea | Strong cast | Gorgeous score | Slow middle |\n\n"
        f"{_prose(rng, title, doc)}\n\nShare this:\nTwitter\nFacebook\n\n"
        "Like this:\nLike Loading...\n"
    )


def database_page(rng: random.Random, title: str, year: int, doc: int) -> str:
    rating = round(rng.uniform(5, 9), 1)
    return (
        f"{_date(rng, year)} 0 By Fans\n1 Star2 Stars3 Stars4 Stars5 Stars (No Ratings Yet)\n\n\n"
        f"Release Year: {year}\n\nRating: {rating}/10 ({rng.randint(100, 90000)} voted)\n\n"
        f"Director: {_name(rng)}\n\n\nOfficial Website:\n\nOfficial site\n\n"
        f"Did You Know?\n\n\nUser Review\n\n\n{_prose(rng, title, doc)}\n"
    )


def byline_stars(rng: random.Random, title: str, year: int, doc: int) -> str:
    stars = rng.randint(2, 5)
    half = "½" if rng.random() < 0.5 and stars < 5 else ""
    site = rng.choice(SITES)
    return (
        f"{title} ({year}) review\n\nBy {_name(rng)} | {_date(rng, year)}\n\n"
        f"{'★' * stars}{half}\n\n{_prose(rng, title, doc)}\n\n"
        f"Related posts\nRead more at https://{site}/reviews\n"
        "Subscribe to our newsletter\n"
    )


def markdown_verdict(rng: random.Random, title: str, year: int, doc: int) -> str:
    score = rng.choice(("3/5", "4/5", "7/10", "8.5/10", "85%", "B+"))
    return (
        f"# {title} ({year})\n\n*Reviewed by {_name(rng)}*\n\n"
        f"**Genre:** {rng.choice(GENRES)}\n\n{_prose(rng, title, doc)}\n\n"
        f"**Verdict:** {score}\n\n---\n\n12 comments\n"
        f"**{_name(rng)}** says: Totally agree about the ending.\n"
    )


FORMATS: tuple[Callable[[random.Random, str, int, int], str], ...] = (
    labeled_blog,
    hashtag_verdicts,
    category_scores,
    database_page,
    byline_stars,
    markdown_verdict,
)


def write_corpus(root: Path, count: int, seed: int = 5000) -> int:
    """``count`` review documents in film folders under ``root``; half the folders have
    curated facts in film.toml, half let ingest derive facts from their documents."""
    rng = random.Random(seed)
    written = 0
    film = 0
    while written < count:
        title, year = film_title(7000 + film), rng.randint(1960, 2024)
        folder = root / f"film-{film:04d}"
        (folder / "reviews").mkdir(parents=True)
        lines = [f'title = "{title}"', f"year = {year}"]
        if film % 2 == 0:
            lines += [
                "",
                "[[facts]]",
                'key = "directors"',
                f'value = "{_name(rng)}"',
                f'sources = ["{folder.name}-000.txt"]',
            ]
        (folder / "film.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for k in range(min(DOCS_PER_FILM, count - written)):
            fmt = FORMATS[(written + k) % len(FORMATS)]
            text = fmt(rng, title, year, written + k)
            suffix = ".md" if fmt is markdown_verdict else ".txt"
            (folder / "reviews" / f"{folder.name}-{k:03d}{suffix}").write_text(
                text, encoding="utf-8"
            )
        written += min(DOCS_PER_FILM, count - written)
        film += 1
    return written


async def run(scale: Scale, postgres: str = "") -> Result:
    """``postgres``: an empty PostgreSQL schema's URL to ingest into instead of a SQLite file."""
    result = Result("ingest")
    with tempfile.TemporaryDirectory(prefix="filmclub-ingest-") as tmp:
        root = Path(tmp) / "corpus"
        written = write_corpus(root, scale.ingest_docs)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        store = await Store.open(postgres or str(Path(tmp) / "ingest.db"))
        progress = terminal_progress(sys.stderr)
        try:
            started = time.perf_counter()
            report = await ingest_paths(store, [root], progress=progress)
            seconds = time.perf_counter() - started
        finally:
            await store.close()
    rate = report.added / seconds if seconds else 0.0
    result.details = {
        "documents": written,
        "bytes": size,
        "seconds": round(seconds, 2),
        "added": report.added,
        "reviews": report.reviews,
        "scored": report.scored,
        "excerpts": report.excerpts,
        "bad": report.bad[:5],
        "progress_bar": progress is not None,
    }
    result.row(
        f"ingest {written:,} documents ({size / written / 1024:.1f} KB avg)",
        round(rate),
        "docs/s",
        target=f"≥ {DOCS_PER_SECOND:g} docs/s",
        passed=rate >= DOCS_PER_SECOND,
    )
    result.row(
        "documents stored, none rejected",
        f"{report.added:,} of {written:,}",
        target="all",
        passed=report.added == written and not report.bad,
        check=True,
    )
    result.row(
        "reviews / scored / excerpts",
        f"{report.reviews:,} / {report.scored:,} / {report.excerpts:,}",
    )
    return result
