"""What the film catalog hands out: candidates for a title, and films with their facts."""

from __future__ import annotations

from dataclasses import dataclass, field


class CatalogUnavailable(Exception):
    """A provider did not answer usefully: unreachable, slow, 5xx, malformed, rate limited."""


@dataclass(frozen=True)
class Candidate:
    """One film a title may mean, as a provider's search found it."""

    id: str  # the provider's id: "Q20022112" on Wikidata
    title: str
    year: int | None
    directors: tuple[str, ...] = ()
    description: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        who = f", {', '.join(self.directors[:2])}" if self.directors else ""
        if self.year is None:
            return f"{self.title} ({who[2:]})" if who else self.title
        return f"{self.title} ({self.year}{who})"


@dataclass(frozen=True)
class CatalogFact:
    key: str
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class CatalogFilm:
    """A film with its facts; every fact names the provider records it came from."""

    title: str
    year: int | None
    wikidata_id: str | None = None
    tmdb_id: str | None = None
    imdb_id: str | None = None
    facts: tuple[CatalogFact, ...] = ()
    poster_url: str | None = None

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass
class FactSheet:
    """Facts being gathered from several providers: equal values share one fact,
    their sources joined; differing values are kept apart, each with its own."""

    facts: list[CatalogFact] = field(default_factory=list)

    def add(self, key: str, value: str, source: str) -> None:
        value = value.strip()
        if not value:
            return
        wanted = " ".join(value.lower().split())
        for i, fact in enumerate(self.facts):
            if fact.key == key and " ".join(fact.value.lower().split()) == wanted:
                if source not in fact.sources:
                    self.facts[i] = CatalogFact(key, fact.value, (*fact.sources, source))
                return
        self.facts.append(CatalogFact(key, value, (source,)))

    def extend(self, facts: tuple[CatalogFact, ...] | list[CatalogFact]) -> None:
        for fact in facts:
            for source in fact.sources:
                self.add(fact.key, fact.value, source)
