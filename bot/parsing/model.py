"""Data classes produced by the review-document parser."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Facts:
    """Film facts found in labeled lines of a review document."""

    title: str | None = None
    year: int | None = None
    directors: tuple[str, ...] = ()
    writers: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    runtime_minutes: int | None = None
    release_date: str | None = None
    certificate: str | None = None
    genres: tuple[str, ...] = ()
    music: tuple[str, ...] = ()
    cinematography: tuple[str, ...] = ()
    production_design: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Return only the facts that were found, limited to the public JSON keys."""
        out: dict[str, object] = {}
        if self.title is not None:
            out["title"] = self.title
        if self.year is not None:
            out["year"] = self.year
        for key, names in (
            ("directors", self.directors),
            ("writers", self.writers),
            ("cast", self.cast),
        ):
            if names:
                out[key] = list(names)
        if self.runtime_minutes is not None:
            out["runtime_minutes"] = self.runtime_minutes
        if self.release_date is not None:
            out["release_date"] = self.release_date
        if self.certificate is not None:
            out["certificate"] = self.certificate
        if self.genres:
            out["genres"] = list(self.genres)
        return out


@dataclass(frozen=True)
class ParsedReview:
    """One critic's review inside a document."""

    author: str | None
    score: float | None
    raw_score: str | None
    categories: dict[str, float] = field(default_factory=dict)
    text: str = ""
    title: str | None = None
    """The film this review is about, when the document reviews several films."""
    facts: Facts | None = None
    """That film's own facts (director, runtime...), when the document reviews several films
    and gives facts inside each review; the document's facts are then the first film's."""

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {
            "author": self.author,
            "score": self.score,
            "raw_score": self.raw_score,
            "categories": dict(self.categories),
        }
        if self.title is not None:
            out["title"] = self.title
        if self.facts is not None:
            out["facts"] = self.facts.to_json()
        return out


@dataclass(frozen=True)
class Aggregate:
    """A score summarising many raters (IMDb, Tomatometer, a site's vote widget...)."""

    source: str | None
    score: float
    votes: int | None

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "score": self.score, "votes": self.votes}


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the parser extracted from one review document."""

    file: str
    facts: Facts
    reviews: tuple[ParsedReview, ...]
    aggregates: tuple[Aggregate, ...]
    url: str | None = None
    site: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "facts": self.facts.to_json(),
            "reviews": [review.to_json() for review in self.reviews],
            "aggregates": [aggregate.to_json() for aggregate in self.aggregates],
        }
