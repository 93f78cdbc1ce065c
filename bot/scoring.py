"""Figures for /scores: critics' statistics, category averages, the club beside them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bot.store.models import Aggregate, ClubStats, CriticScore


@dataclass(frozen=True)
class CriticSummary:
    count: int
    mean: float | None
    median: float | None
    categories: tuple[tuple[str, float, int], ...]  # name, mean, how many reviews gave it


def summarize_critics(reviews: list[CriticScore]) -> CriticSummary:
    scores = [r.score for r in reviews if r.score is not None]
    sums: dict[str, list[float]] = {}
    for review in reviews:
        for name, value in review.categories.items():
            sums.setdefault(name.strip().lower(), []).append(value)
    cats = tuple(
        (name.capitalize(), round(statistics.fmean(vals), 2), len(vals))
        for name, vals in sorted(sums.items(), key=lambda kv: -statistics.fmean(kv[1]))
    )
    if not scores:
        return CriticSummary(0, None, None, cats)
    return CriticSummary(
        len(scores),
        round(statistics.fmean(scores), 2),
        round(statistics.median(scores), 2),
        cats,
    )


def merge_aggregates(aggs: list[Aggregate]) -> list[Aggregate]:
    """One line per distinct aggregate; a named source wins over an unnamed duplicate."""
    kept: dict[tuple[float, int | None], Aggregate] = {}
    for agg in aggs:
        key = (round(agg.score, 2), agg.votes)
        old = kept.get(key)
        if old is None or (old.source is None and agg.source is not None):
            kept[key] = agg
    return list(kept.values())


def fmt(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def gap_line(critics: CriticSummary, club: ClubStats) -> str | None:
    if critics.mean is None or club.mean is None:
        return None
    gap = club.mean - critics.mean
    if abs(gap) < 0.05:
        return "The club agrees with the critics."
    side = "above" if gap > 0 else "below"
    return f"The club rates it {abs(gap):.1f} {side} the critics."
