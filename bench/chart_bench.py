"""The /scores chart, rendered through the dispatcher for the hottest film."""

from __future__ import annotations

import time

from bench.generate import Scale, StoreInfo
from bench.measure import Latency, Result
from bot.app import App
from bot.messages import Member, Request

CHART_P50_MS = 150.0


async def run(app: App, info: StoreInfo, scale: Scale) -> Result:
    result = Result("chart")
    request = Request(
        club=info.hot_club,
        channel="bench-chart",
        member=Member("bench-chart", "Bench Chart"),
        command="scores",
        options={"title": info.hot_film},
    )
    clock = time.perf_counter_ns
    start = clock()
    first = await app.dispatcher.dispatch(request)
    cold_ms = (clock() - start) / 1e6
    samples: list[int] = []
    images = 0
    for _ in range(scale.chart_calls):
        start = clock()
        reply = await app.dispatcher.dispatch(request)
        samples.append(clock() - start)
        if reply.image is not None and reply.image.data.startswith(b"\x89PNG"):
            images += 1
    lat = Latency.of(samples)
    result.details = {
        **lat.to_json(),
        "cold_ms": round(cold_ms, 1),
        "first_error": first.text if first.error else None,
        "png_bytes": len(first.image.data) if first.image else 0,
    }
    result.row(
        f"/scores with chart, p50 of {scale.chart_calls}",
        lat.p50_ms,
        "ms",
        target=f"≤ {CHART_P50_MS:g} ms",
        passed=lat.p50_ms <= CHART_P50_MS,
    )
    result.row("first call (imports matplotlib)", round(cold_ms, 1), "ms")
    result.row(
        "replies carrying a PNG",
        f"{images} of {scale.chart_calls}",
        target="all",
        passed=images == scale.chart_calls,
        check=True,
    )
    return result
