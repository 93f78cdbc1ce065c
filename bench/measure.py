"""Timing helpers and the result rows every benchmark reports."""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


def percentile(samples_ns: Sequence[int], pct: float) -> float:
    """The ``pct`` percentile of nanosecond samples, in milliseconds (nearest rank)."""
    if not samples_ns:
        return math.nan
    ordered = sorted(samples_ns)
    rank = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[rank] / 1e6


@dataclass(frozen=True)
class Latency:
    """p50/p99 in milliseconds and calls per second over a series of timed calls."""

    calls: int
    p50_ms: float
    p99_ms: float
    mean_ms: float
    ops_per_s: float

    @classmethod
    def of(cls, samples_ns: Sequence[int], wall_ns: int | None = None) -> Latency:
        total = wall_ns if wall_ns is not None else sum(samples_ns)
        return cls(
            calls=len(samples_ns),
            p50_ms=percentile(samples_ns, 50),
            p99_ms=percentile(samples_ns, 99),
            mean_ms=(sum(samples_ns) / len(samples_ns) / 1e6) if samples_ns else math.nan,
            ops_per_s=(len(samples_ns) / (total / 1e9)) if total else math.nan,
        )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


async def timed_calls(call: Callable[[int], Awaitable[Any]], n: int) -> tuple[list[int], list[Any]]:
    """Await ``call(i)`` for i in 0..n-1, one at a time; durations in ns and the results."""
    samples: list[int] = []
    results: list[Any] = []
    clock = time.perf_counter_ns
    for i in range(n):
        start = clock()
        result = await call(i)
        samples.append(clock() - start)
        results.append(result)
    return samples, results


@dataclass
class Row:
    """One line of the results table: a figure, its baseline, and its target."""

    benchmark: str
    metric: str
    value: float | str
    unit: str = ""
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    # A check (nothing lost, no repeats) holds at every scale; other targets are
    # figures, judged only at full scale.
    check: bool = False

    def verdict(self, full: bool) -> str:
        if self.passed is None:
            return ""
        if not full and not self.check:
            return "n/a (small)"
        return "PASS" if self.passed else "FAIL"

    def failed(self, full: bool) -> bool:
        return self.verdict(full) == "FAIL"

    def to_json(self, full: bool) -> dict[str, Any]:
        out = asdict(self)
        out["verdict"] = self.verdict(full)
        return out


@dataclass
class Result:
    """What one benchmark reports: table rows and free-form details for the JSON."""

    name: str
    rows: list[Row] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def row(self, metric: str, value: float | str, unit: str = "", **kw: Any) -> Row:
        r = Row(self.name, metric, value, unit, **kw)
        self.rows.append(r)
        return r

    def to_json(self, full: bool) -> dict[str, Any]:
        return {
            "rows": [r.to_json(full) for r in self.rows],
            "details": self.details,
            "error": self.error,
        }

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> Result:
        rows = [
            Row(
                benchmark=r["benchmark"],
                metric=r["metric"],
                value=r["value"],
                unit=r.get("unit", ""),
                baseline=r.get("baseline"),
                ratio=r.get("ratio"),
                target=r.get("target", ""),
                passed=r.get("passed"),
                check=bool(r.get("check", False)),
            )
            for r in data.get("rows", [])
        ]
        return cls(name, rows, dict(data.get("details", {})), data.get("error"))


def chi_square(counts: Sequence[int]) -> tuple[float, int, float]:
    """Chi-square statistic against a uniform spread, degrees of freedom, and the
    0.1% critical value (Wilson-Hilferty approximation)."""
    k = len(counts)
    total = sum(counts)
    if k < 2 or total == 0:
        return 0.0, max(0, k - 1), math.inf
    expected = total / k
    stat = sum((c - expected) ** 2 / expected for c in counts)
    df = k - 1
    z = 3.090232
    critical = df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3
    return stat, df, critical
