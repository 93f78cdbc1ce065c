"""Loading films and review documents into the store.

A film folder holds ``film.toml`` (title, year, curated facts with their
sources) and ``reviews/`` (raw review documents). Ingesting is idempotent: a
document already stored (same content hash) is skipped.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import re
import sys
import tomllib
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from bot.documents import MAX_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES
from bot.documents import (
    BadFile,
    Excerpts,
    LoadedDocument,
    background_priority,
    load_document,
    load_documents,
    review_excerpts,
)
from bot.documents import read_document as read_document
from bot.errors import AmbiguousTitle, UnknownTitle
from bot.films import find_film, split_year
from bot.parsing import Facts, ParsedDocument, ParsedReview
from bot.reviews.resolve import Ambiguous, resolve_title
from bot.services import Services
from bot.store import Store, films
from bot.store.models import (
    AggregateInput,
    DocumentInput,
    FactInput,
    Film,
    FilmInput,
    ReviewInput,
)

REVIEW_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ""}
FACT_KEYS = (
    "directors",
    "writers",
    "cast",
    "runtime",
    "release_date",
    "certificate",
    "music",
    "cinematography",
    "production_design",
    "genres",
)


@dataclass
class IngestReport:
    films: int = 0
    added: int = 0
    skipped: int = 0
    reviews: int = 0
    scored: int = 0
    excerpts: int = 0
    bad: list[tuple[str, str]] = field(default_factory=list)
    unresolved: list[tuple[str, str]] = field(default_factory=list)
    """Reviews of a roundup naming a film that could not be told for sure: (where, why)."""

    def summary(self) -> str:
        line = (
            f"Loaded {self.films} film{'s' if self.films != 1 else ''}: "
            f"{self.added} new document{'s' if self.added != 1 else ''} "
            f"({self.reviews} reviews, {self.scored} scored, {self.excerpts} excerpts), "
            f"{self.skipped} already loaded, {len(self.bad)} bad file"
            f"{'s' if len(self.bad) != 1 else ''}."
        )
        if self.unresolved:
            count = len(self.unresolved)
            line += f" {count} review{'s' if count != 1 else ''} left out: which film is unclear."
        return line


@dataclass(frozen=True)
class FilmFolder:
    path: Path
    film: FilmInput
    labels: dict[str, str]
    documents: tuple[Path, ...]


def slugify(title: str, year: int | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", films.normalize_title(title)).strip("-") or "film"
    return f"{base}-{year}" if year else base


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise BadFile(f"{where} must be a string or a list of strings")


def load_film_toml(path: Path) -> tuple[FilmInput, dict[str, str]]:
    """Read a film.toml into a FilmInput and its source labels."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadFile(f"unreadable TOML ({exc})") from exc
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise BadFile("film.toml needs a title")
    year = data.get("year")
    if year is not None and not isinstance(year, int):
        raise BadFile("year must be a whole number")
    labels_raw = data.get("sources", {})
    if not isinstance(labels_raw, dict):
        raise BadFile("[sources] must be a table")
    labels = {str(k): str(v) for k, v in labels_raw.items()}

    def label(src: str) -> str:
        return labels.get(src, src)

    facts: list[FactInput] = []
    logline = data.get("logline")
    if isinstance(logline, str) and logline.strip():
        facts.append(
            FactInput(
                "logline",
                logline.strip(),
                tuple(label(s) for s in _strings(data.get("logline_sources"), "logline_sources")),
            )
        )
    for i, raw in enumerate(data.get("facts", [])):
        if not isinstance(raw, dict) or "key" not in raw or "value" not in raw:
            raise BadFile(f"facts entry {i + 1} needs a key and a value")
        sources = _strings(raw.get("sources"), f"facts entry {i + 1} sources")
        facts.append(
            FactInput(str(raw["key"]), str(raw["value"]), tuple(label(s) for s in sources))
        )
    aggs: list[AggregateInput] = []
    for i, raw in enumerate(data.get("aggregates", [])):
        try:
            aggs.append(
                AggregateInput(
                    raw.get("source"),
                    float(raw["score"]),
                    int(raw["votes"]) if raw.get("votes") is not None else None,
                    raw.get("document"),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise BadFile(
                f"aggregates entry {i + 1} needs a score (and whole-number votes)"
            ) from exc
    slug = data.get("slug")
    film = FilmInput(
        slug=str(slug) if slug else slugify(title, year),
        curated=bool(data.get("facts")),
        title=title.strip(),
        year=year,
        logline=logline.strip() if isinstance(logline, str) else None,
        facts=tuple(facts),
        aggregates=tuple(aggs),
    )
    return film, labels


def same_film_title(a: str, b: str) -> bool:
    return films.normalize_title(a) == films.normalize_title(b)


def film_facts(doc: ParsedDocument, title: str) -> Facts | None:
    """The facts ``doc`` gives the film called ``title``.

    A page reviewing one film gives its facts. On a roundup (reviews naming other films)
    the page's facts are its first film's, so only the reviews of this film speak for it:
    their own facts, or none.
    """
    others = [r for r in doc.reviews if r.title and not same_film_title(r.title, title)]
    if not others:
        return doc.facts
    own = [
        r.facts
        for r in doc.reviews
        if r.facts is not None and (r.title is None or same_film_title(r.title, title))
    ]
    return own[0] if own else None


def fact_inputs(found: Iterable[tuple[str, Facts]]) -> tuple[FactInput, ...]:
    """Every fact value with the names of the documents stating it."""
    values_found: dict[tuple[str, str], list[str]] = {}
    for name, f in found:
        values: dict[str, tuple[str, ...]] = {
            "directors": f.directors,
            "writers": f.writers,
            "cast": f.cast,
            "runtime": (f"{f.runtime_minutes} min",) if f.runtime_minutes else (),
            "release_date": (f.release_date,) if f.release_date else (),
            "certificate": (f.certificate,) if f.certificate else (),
            "music": f.music,
            "cinematography": f.cinematography,
            "production_design": f.production_design,
            "genres": f.genres,
        }
        for key in FACT_KEYS:
            for value in values[key]:
                names = values_found.setdefault((key, value), [])
                if name not in names:
                    names.append(name)
    ordered = sorted(values_found.items(), key=lambda kv: FACT_KEYS.index(kv[0][0]))
    return tuple(FactInput(k, v, tuple(srcs)) for (k, v), srcs in ordered)


def facts_from_documents(
    parsed: Iterable[tuple[str, ParsedDocument]], title: str | None = None
) -> tuple[FactInput, ...]:
    """Facts for a film folder that has none curated: every value with the names of the
    documents stating it (their ``[sources]`` names where the caller gives them). With the
    film's ``title``, a roundup only gives the facts of its reviews of that film."""
    found: list[tuple[str, Facts]] = []
    for name, doc in parsed:
        facts = doc.facts if title is None else film_facts(doc, title)
        if facts is not None:
            found.append((name, facts))
    return fact_inputs(found)


# "This review contains spoilers", "Spoilers ahead", "[Spoilers]" on a line of its own;
# never "spoiler-free", "no spoilers" or "without spoilers".
_SPOILERS = re.compile(
    r"\b(?:contains|has|with|major|minor|heavy|mild|some|full)\s+spoilers?\b"
    r"|\bspoilers?\s+(?:ahead|follow|below|warning|alert)\b"
    r"|^\W*spoilers?\W*$",
    re.IGNORECASE | re.MULTILINE,
)


def marks_spoilers(text: str) -> bool:
    """Whether a review says it gives away the plot."""
    # The pattern is costly on long texts; most reviews never say the word.
    return "poiler" in text.lower() and _SPOILERS.search(text) is not None


def critic_name(found: str | None, label: str | None, site: str | None) -> str | None:
    """Who a review is by: the author named in the document, else the name the film's
    ``[sources]`` gives the document, else the site it came from."""
    for name in (found, label, site):
        if name and name.strip():
            return name.strip()
    return None


def document_input(
    film_id: int,
    parsed: ParsedDocument,
    digest: str,
    label: str | None,
    excerpts: tuple[Excerpts, ...] | None = None,
    only: frozenset[int] | None = None,
) -> DocumentInput:
    """What the store keeps of a parsed document: reviews with excerpts, aggregates.

    ``only`` keeps the reviews at those positions (one film's part of a roundup).
    """
    if excerpts is None:
        excerpts = review_excerpts(parsed)
    reviews = tuple(
        ReviewInput(
            author=critic_name(r.author, label, parsed.site),
            score=r.score,
            raw_score=r.raw_score,
            categories=dict(r.categories),
            excerpts=found,
            spoilers=marks_spoilers(r.text),
        )
        for pos, (r, found) in enumerate(zip(parsed.reviews, excerpts, strict=True))
        if only is None or pos in only
    )
    name = parsed.file
    aggs = tuple(AggregateInput(a.source, a.score, a.votes, name) for a in parsed.aggregates)
    return DocumentInput(
        film_id=film_id,
        content_hash=digest,
        name=name,
        url=parsed.url,
        site=parsed.site,
        reviews=reviews,
        aggregates=aggs,
    )


class DocumentLoader:
    """Loads review files; a big ingest is parsed ahead in worker processes.

    Every path listed up front is handed to the pool in chunks as soon as the loader
    starts, and :meth:`load` returns each one's result when it is asked for, so the
    caller sees results in its own order. Paths not listed, and every path of a small
    ingest, are loaded in this process; :meth:`close` shuts the pool down.
    """

    CHUNK = 16

    def __init__(self, paths: list[Path], workers: int, min_documents: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._ahead: dict[Path, list[tuple[Future[list[LoadedDocument | str]], int]]] = {}
        if workers < 2 or len(paths) < min_documents:
            return
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=background_priority,
        )
        try:
            for start in range(0, len(paths), self.CHUNK):
                chunk = paths[start : start + self.CHUNK]
                future = self._pool.submit(load_documents, chunk)
                for index, path in enumerate(chunk):
                    self._ahead.setdefault(path, []).append((future, index))
        except BaseException:
            self.close()
            raise

    async def load(self, path: Path) -> LoadedDocument | str:
        queued = self._ahead.get(path)
        if not queued:
            return load_document(path)
        future, index = queued.pop(0)
        return (await asyncio.wrap_future(future))[index]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def find_film_folders(path: Path) -> list[Path]:
    if (path / "film.toml").is_file():
        return [path]
    return sorted(p.parent for p in path.rglob("film.toml"))


def review_files(folder: Path) -> list[Path]:
    reviews = folder / "reviews"
    if not reviews.is_dir():
        return []
    return sorted(
        p
        for p in reviews.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in REVIEW_SUFFIXES
    )


Progress = Callable[[int, int], None]


class Ingestor:
    """Loads film folders and loose review files, writing a batch of documents at a time."""

    BATCH = 64
    WORKERS = os.cpu_count() or 1
    PARALLEL_MIN_DOCUMENTS = 200

    def __init__(
        self, store: Store, progress: Progress | None = None, services: Services | None = None
    ) -> None:
        self.store = store
        self.services = services or Services(store=store)
        self._resolved: dict[tuple[str, int | None], Film | Ambiguous | None] = {}
        self._loader: DocumentLoader | None = None
        self.report = IngestReport()
        self.progress = progress
        self._done = 0
        self._total = 0
        self._pending: list[Awaitable[bool]] = []
        self._pending_docs: list[tuple[DocumentInput, bool]] = []
        self._files: dict[Path, list[Path]] = {}

    async def run(self, paths: list[Path], film_title: str | None = None) -> IngestReport:
        folders: list[Path] = []
        loose: list[Path] = []
        for path in paths:
            if path.is_dir():
                found = find_film_folders(path)
                if not found:
                    self.report.bad.append((str(path), "no film.toml in this folder"))
                folders.extend(found)
            elif path.is_file():
                loose.append(path)
            else:
                self.report.bad.append((str(path), "no such file or folder"))
        self._files = {folder: review_files(folder) for folder in folders}
        self._total = sum(len(files) for files in self._files.values()) + len(loose)
        to_read = [p for files in self._files.values() for p in files]
        to_read += loose if film_title else []
        self._loader = DocumentLoader(to_read, self.WORKERS, self.PARALLEL_MIN_DOCUMENTS)
        try:
            for folder in folders:
                await self._folder(folder)
            if loose:
                await self._loose(loose, film_title)
        finally:
            self._loader.close()
        await self._flush()
        return self.report

    async def _folder(self, folder: Path) -> None:
        files = self._files[folder] if folder in self._files else review_files(folder)
        try:
            film, labels = load_film_toml(folder / "film.toml")
        except BadFile as exc:
            self.report.bad.append((str(folder / "film.toml"), str(exc)))
            self._tick(len(files))
            return
        docs = await self._read_all(files)
        if not film.curated and docs:
            derived = facts_from_documents(
                ((labels.get(d.path.name, d.path.name), d.parsed) for d in docs), film.title
            )
            film = replace(film, facts=film.facts + derived)
        film_id = await self.store.write(films.upsert_film, film)
        self.report.films += 1
        for doc in docs:
            await self._document(film_id, film.title, doc, labels.get(doc.path.name))

    async def _loose(self, files: list[Path], film_title: str | None) -> None:
        if not film_title:
            for path in files:
                self.report.bad.append((str(path), "a single review file needs --film TITLE"))
                self._tick()
            return
        try:
            film = await find_film(self.store, film_title)
            film_id, title = film.id, film.title
        except AmbiguousTitle as exc:
            for path in files:
                self.report.bad.append((str(path), exc.message))
                self._tick()
            return
        except UnknownTitle:
            title, year = split_year(film_title)
            film_id = await self.store.write(
                films.upsert_film, FilmInput(slugify(title, year), title, year)
            )
            self.report.films += 1
        for doc in await self._read_all(files):
            await self._document(film_id, title, doc, None)

    async def _read_all(self, paths: list[Path]) -> list[LoadedDocument]:
        """Read and parse files; bad ones are reported and left out."""
        loaded: list[LoadedDocument] = []
        for path in paths:
            found = await self._loader.load(path) if self._loader else load_document(path)
            if isinstance(found, str):
                self.report.bad.append((str(path), found))
                self._tick()
            else:
                loaded.append(found)
        return loaded

    async def _document(
        self, film_id: int, title: str, loaded: LoadedDocument, label: str | None
    ) -> None:
        """Store a document under its film; each review of a roundup under its own film."""
        parsed = loaded.parsed
        targets = await self._review_films(film_id, title, loaded)
        positions: dict[int, set[int]] = {film_id: set()}
        for pos, target in enumerate(targets):
            if target is not None:
                positions.setdefault(target.id if isinstance(target, Film) else film_id, set())
                positions[target.id if isinstance(target, Film) else film_id].add(pos)
        name = label or loaded.path.name
        for target_id, kept in positions.items():
            main = target_id == film_id
            doc = document_input(
                target_id,
                parsed,
                loaded.digest if main else f"{loaded.digest}#{target_id}",
                label,
                loaded.excerpts,
                None
                if main and len(positions) == 1 and len(kept) == len(targets)
                else frozenset(kept),
            )
            if not main:
                doc = replace(doc, aggregates=())
            facts = () if main else self._facts_for(parsed, kept, name)
            self._pending.append(self.store.write(films.add_document_and_facts, doc, facts))
            self._pending_docs.append((doc, main))
        if len(self._pending) >= self.BATCH:
            await self._flush()

    @staticmethod
    def _facts_for(parsed: ParsedDocument, kept: set[int], name: str) -> tuple[FactInput, ...]:
        """The facts a roundup's reviews give their own film (never another film's)."""
        own = [parsed.reviews[pos].facts for pos in sorted(kept)]
        return fact_inputs((name, facts) for facts in own if facts is not None)

    async def _review_films(
        self, film_id: int, title: str, loaded: LoadedDocument
    ) -> list[Film | int | None]:
        """Per review: the film it names (resolved), the document's film (``film_id``) when
        it names none or names that film, or None when the name is unclear (reported)."""
        targets: list[Film | int | None] = []
        for review in loaded.parsed.reviews:
            if review.title is None or same_film_title(review.title, title):
                targets.append(film_id)
                continue
            found = await self._resolve(review)
            if found is None or isinstance(found, Ambiguous):
                why = (
                    found.question()
                    if isinstance(found, Ambiguous)
                    else f"no film called “{review.title}” in the library or the catalog"
                )
                where = f"{loaded.path} (review of “{review.title}”)"
                self.report.unresolved.append((where, why))
                targets.append(None)
            elif found.id == film_id:
                targets.append(film_id)
            else:
                targets.append(found)
        return targets

    async def _resolve(self, review: ParsedReview) -> Film | Ambiguous | None:
        assert review.title is not None
        year = review.facts.year if review.facts is not None else None
        key = (films.normalize_title(review.title), year)
        if key not in self._resolved:
            found = await resolve_title(self.services, review.title, year)
            self._resolved[key] = found if isinstance(found, Film | Ambiguous) else None
        return self._resolved[key]

    async def _flush(self) -> None:
        if not self._pending:
            return
        pending, docs = self._pending, self._pending_docs
        self._pending, self._pending_docs = [], []
        results = await asyncio.gather(*pending, return_exceptions=True)
        for (doc, main), result in zip(docs, results, strict=True):
            if isinstance(result, BaseException):
                self.report.bad.append((doc.name, f"could not be stored ({result})"))
            elif result:
                self.report.added += main
                self.report.reviews += len(doc.reviews)
                self.report.scored += sum(1 for r in doc.reviews if r.score is not None)
                self.report.excerpts += sum(len(r.excerpts) for r in doc.reviews)
            else:
                self.report.skipped += main
            if main:
                self._tick()

    def _tick(self, n: int = 1) -> None:
        self._done += n
        if self.progress is not None:
            self.progress(self._done, self._total)


async def ingest_paths(
    store: Store,
    paths: list[Path],
    *,
    film: str | None = None,
    progress: Progress | None = None,
    services: Services | None = None,
) -> IngestReport:
    """Load film folders and review files; ``services`` (its catalog, when on) resolves the
    films a roundup's reviews name."""
    return await Ingestor(store, progress, services).run(paths, film)


def terminal_progress(stream: TextIO = sys.stderr) -> Progress | None:
    """A one-line progress bar, only when the stream is a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} documents")
        if done >= total:
            stream.write("\n")
        stream.flush()

    return show
