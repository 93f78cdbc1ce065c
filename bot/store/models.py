"""Rows as the store hands them out."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Film:
    id: int
    slug: str
    title: str
    year: int | None
    logline: str | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class Fact:
    key: str
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FactInput:
    """A fact to store, with the names of the documents it came from."""

    key: str
    value: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class FilmInput:
    slug: str
    title: str
    year: int | None = None
    logline: str | None = None
    facts: tuple[FactInput, ...] = ()
    aggregates: tuple[AggregateInput, ...] = ()
    # Whether ``facts`` holds curated ``[[facts]]``; when not, facts are read from reviews.
    curated: bool = False


@dataclass(frozen=True)
class AggregateInput:
    source: str | None
    score: float
    votes: int | None
    document: str | None = None


@dataclass(frozen=True)
class ReviewInput:
    author: str | None
    score: float | None
    raw_score: str | None
    categories: dict[str, float]
    excerpts: tuple[tuple[str, frozenset[str]], ...]
    # The review says it gives away the plot: its passages are hidden until asked for.
    spoilers: bool = False


@dataclass(frozen=True)
class DocumentInput:
    film_id: int
    content_hash: str
    name: str
    url: str | None
    site: str | None
    reviews: tuple[ReviewInput, ...]
    aggregates: tuple[AggregateInput, ...]


@dataclass(frozen=True)
class CriticScore:
    author: str | None
    source: str | None
    score: float | None
    raw_score: str | None
    categories: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Aggregate:
    source: str | None
    score: float
    votes: int | None


@dataclass(frozen=True)
class Excerpt:
    id: int
    text: str
    author: str | None
    source: str | None
    url: str | None
    film_title: str
    by_member: bool = False  # a club member's review rather than a critic's
    spoilers: bool = False


@dataclass(frozen=True)
class Rating:
    member_id: str
    member_name: str
    film_title: str
    score: float
    raw: str
    comment: str | None
    updated_at: str
    film_year: int | None = None

    @property
    def film_label(self) -> str:
        return f"{self.film_title} ({self.film_year})" if self.film_year else self.film_title


@dataclass(frozen=True)
class ClubStats:
    count: int
    mean: float | None
    median: float | None
    histogram: tuple[int, ...]  # ratings per whole point, 0..10


@dataclass(frozen=True)
class MemberRef:
    """A club member: the platform's id and the name last seen."""

    id: str
    name: str


@dataclass(frozen=True)
class RatingPoint:
    """One member's rating of one film, as /stats reads it."""

    member: MemberRef
    film_id: int
    film: str
    score: float
