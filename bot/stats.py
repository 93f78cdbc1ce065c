"""How a club's tastes compare: the figures behind /stats, from plain rating lists.

Small samples are reported as such: a film needs ``MIN_FOR_FILM`` ratings before
it can be the club's most divisive or its biggest disagreement with the
critics, and two members need ``MIN_COMMON`` films rated by both before their
agreement is given as a correlation.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.store.models import MemberRef, RatingPoint

MIN_COMMON = 3
MIN_FOR_FILM = 2


@dataclass(frozen=True)
class FilmFigure:
    """A film with the club's ratings of it."""

    film_id: int
    film: str
    count: int
    mean: float
    low: float
    high: float
    critics: float | None = None

    @property
    def spread(self) -> float:
        return self.high - self.low

    @property
    def gap(self) -> float | None:
        """The club's mean minus the critics' mean."""
        return None if self.critics is None else self.mean - self.critics


@dataclass(frozen=True)
class MemberCount:
    member: MemberRef
    count: int
    mean: float


@dataclass(frozen=True)
class ClubSummary:
    ratings: int
    films: int
    most_divisive: FilmFigure | None
    loved_against_critics: FilmFigure | None
    liked_least_against_critics: FilmFigure | None
    per_member: tuple[MemberCount, ...]
    compared: int = 0  # films with MIN_FOR_FILM club ratings and critics' scores


@dataclass(frozen=True)
class Agreement:
    """How two members' ratings agree: Pearson's r over the films both rated."""

    other: MemberRef
    common: int
    r: float | None  # None: fewer than MIN_COMMON films, or no spread in one's ratings


@dataclass(frozen=True)
class HotTake:
    film: str
    score: float
    against: str  # "the club" or "the critics"
    reference: float

    @property
    def gap(self) -> float:
        return self.score - self.reference


@dataclass(frozen=True)
class MemberSummary:
    member: MemberRef
    count: int
    mean: float | None
    others_mean: float | None  # the other members' ratings of the same films
    others_count: int
    agreements: tuple[Agreement, ...]  # every other member with a film in common, best first
    hottest: HotTake | None

    @property
    def correlated(self) -> tuple[Agreement, ...]:
        return tuple(a for a in self.agreements if a.r is not None)

    @property
    def most_agreeing(self) -> Agreement | None:
        found = self.correlated
        return found[0] if found else None

    @property
    def least_agreeing(self) -> Agreement | None:
        found = self.correlated
        return found[-1] if len(found) > 1 else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's correlation; None with fewer than two pairs or no spread in either list."""
    if len(xs) != len(ys) or len(xs) < 2:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _by_film(points: Sequence[RatingPoint]) -> dict[int, list[RatingPoint]]:
    films: dict[int, list[RatingPoint]] = defaultdict(list)
    for p in points:
        films[p.film_id].append(p)
    return films


def film_figures(points: Sequence[RatingPoint], critics: Mapping[int, float]) -> list[FilmFigure]:
    out = []
    for film_id, rated in _by_film(points).items():
        scores = [p.score for p in rated]
        out.append(
            FilmFigure(
                film_id,
                rated[0].film,
                len(scores),
                statistics.fmean(scores),
                min(scores),
                max(scores),
                critics.get(film_id),
            )
        )
    return out


def club_summary(points: Sequence[RatingPoint], critics: Mapping[int, float]) -> ClubSummary:
    figures = film_figures(points, critics)
    enough = [f for f in figures if f.count >= MIN_FOR_FILM]
    divisive = max(
        (f for f in enough if f.spread > 0),
        key=lambda f: (f.spread, f.count, _neg(f.film)),
        default=None,
    )
    against = [f for f in enough if f.gap is not None]
    loved = max(against, key=lambda f: (f.gap or 0.0, f.count, _neg(f.film)), default=None)
    least = min(against, key=lambda f: (f.gap or 0.0, -f.count, f.film), default=None)
    if loved is not None and (loved.gap or 0.0) <= 0:
        loved = None
    if least is not None and (least.gap or 0.0) >= 0:
        least = None
    members: dict[str, list[RatingPoint]] = defaultdict(list)
    for p in points:
        members[p.member.id].append(p)
    per_member = sorted(
        (
            MemberCount(rated[-1].member, len(rated), statistics.fmean(p.score for p in rated))
            for rated in members.values()
        ),
        key=lambda m: (-m.count, m.member.name.casefold(), m.member.id),
    )
    return ClubSummary(
        len(points), len(figures), divisive, loved, least, tuple(per_member), len(against)
    )


def _neg(text: str) -> tuple[int, ...]:
    """A key that sorts text backwards, so ``max`` picks the alphabetically first on ties."""
    return tuple(-ord(c) for c in text.casefold())


def member_summary(
    member_id: str, points: Sequence[RatingPoint], critics: Mapping[int, float]
) -> MemberSummary | None:
    """A member's figures; None when the member has rated nothing in this club."""
    mine = {p.film_id: p for p in points if p.member.id == member_id}
    if not mine:
        return None
    me = next(iter(mine.values())).member
    others: dict[str, dict[int, RatingPoint]] = defaultdict(dict)
    for p in points:
        if p.member.id != member_id:
            others[p.member.id][p.film_id] = p
    agreements = []
    for theirs in others.values():
        common = sorted(set(mine) & set(theirs))
        if not common:
            continue
        r = None
        if len(common) >= MIN_COMMON:
            r = pearson([mine[f].score for f in common], [theirs[f].score for f in common])
        who = next(iter(theirs.values())).member
        agreements.append(Agreement(who, len(common), r))
    agreements.sort(key=lambda a: (a.r is None, -(a.r or 0.0), -a.common, a.other.name.casefold()))
    other_scores = [theirs[f].score for theirs in others.values() for f in mine if f in theirs]
    return MemberSummary(
        member=me,
        count=len(mine),
        mean=statistics.fmean(p.score for p in mine.values()),
        others_mean=statistics.fmean(other_scores) if other_scores else None,
        others_count=len(other_scores),
        agreements=tuple(agreements),
        hottest=_hottest(mine, others, critics),
    )


def _hottest(
    mine: Mapping[int, RatingPoint],
    others: Mapping[str, Mapping[int, RatingPoint]],
    critics: Mapping[int, float],
) -> HotTake | None:
    takes: list[HotTake] = []
    for film_id, p in mine.items():
        theirs = [o[film_id].score for o in others.values() if film_id in o]
        if theirs:
            takes.append(HotTake(p.film, p.score, "the club", statistics.fmean(theirs)))
        if film_id in critics:
            takes.append(HotTake(p.film, p.score, "the critics", critics[film_id]))
    if not takes:
        return None
    return max(takes, key=lambda t: (abs(t.gap), t.against == "the club", _neg(t.film)))


@dataclass(frozen=True)
class AgreementMatrix:
    """Pairwise agreement between the club's most active members."""

    members: tuple[MemberRef, ...]
    # (row, column) -> (r, films in common); r None: too few films in common or no spread.
    cells: Mapping[tuple[int, int], tuple[float | None, int]]


def agreement_matrix(points: Sequence[RatingPoint], limit: int = 8) -> AgreementMatrix:
    """Pearson's r for every pair among the ``limit`` members with the most ratings."""
    by_member: dict[str, dict[int, float]] = defaultdict(dict)
    refs: dict[str, MemberRef] = {}
    for p in points:
        by_member[p.member.id][p.film_id] = p.score
        refs[p.member.id] = p.member
    ranked = sorted(by_member, key=lambda m: (-len(by_member[m]), refs[m].name.casefold(), m))[
        :limit
    ]
    cells: dict[tuple[int, int], tuple[float | None, int]] = {}
    for i, a in enumerate(ranked):
        for j, b in enumerate(ranked):
            if i == j:
                continue
            common = sorted(set(by_member[a]) & set(by_member[b]))
            r = None
            if len(common) >= MIN_COMMON:
                r = pearson([by_member[a][f] for f in common], [by_member[b][f] for f in common])
            cells[(i, j)] = (r, len(common))
    return AgreementMatrix(tuple(refs[m] for m in ranked), cells)
