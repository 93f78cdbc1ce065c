"""Several bot processes sharing one PostgreSQL: the Slack adapter benchmark of
:mod:`bench.adapters`, with its requests spread round-robin over the processes (as a
load balancer in front of them would), reporting the combined rate.

Each process is the real bot (``bench/botproc.py``) with its own Slack HTTP port and
the same ``FILMCLUB_DATABASE_URL``; the local Slack fake serves them all. The same-run
baseline is one such process on the same server, in a schema of its own, under the same
stepped open-loop load. After each run every ``/rate`` that was answered must be a row
in ``ratings`` (nothing acknowledged lost).

``python -m bench.adapters_pg --postgres-url URL [--processes 2] [--scale small|full]``
(or under ``scripts/with-postgres``, which sets the URL); the harness runs it as the
``adapters`` benchmark of ``python -m bench --backend postgres``.

Discord is left out: several Discord processes split the gateway by shard, which the
local Discord fake does not model.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import aiohttp

from bench.adapters import (
    ACK_DEADLINE,
    P99_LIMIT_MS,
    PLANS,
    REPLY_DEADLINE,
    BenchSlack,
    Plan,
    Sent,
    Step,
    bot_process,
    cpu_seconds,
    free_port,
    offer,
    slack_healthy,
    slack_member,
    slash_command,
    until,
)
from bench.measure import Result
from tests.slack_fake import BOT_TOKEN, SECRET, TEAM_ID

TARGET_SPEEDUP = 1.5  # two processes against one, on the same server
# Finer steps than the one-process plan's, and past its top: what several processes
# together reach, to the nearest 100/s in the range one process covers.
RATES = {"full": (100, 200, 300, 400, 500, 600, 800, 1000, 1200, 1500, 2000), "small": (20, 40)}


def plan_for(scale: str) -> Plan:
    return replace(PLANS[scale], rates={"slack": RATES[scale]})


async def _stepped(
    plan: Plan, pids: list[int], send: Callable[[int, str, Sent], Awaitable[None]]
) -> dict[str, Any]:
    """The Slack steps of ``plan``, each process's CPU time counted."""
    counter = itertools.count()

    async def one(rate: int, seconds: float) -> Step:
        step = Step("slack", rate, seconds)
        cpu0, wall0, load0 = sum(map(cpu_seconds, pids)), time.perf_counter(), time.process_time()
        tasks = await offer(step, send, counter)
        await asyncio.wait(tasks, timeout=REPLY_DEADLINE + 1)
        step.cpu_s = sum(map(cpu_seconds, pids)) - cpu0
        step.wall_s = time.perf_counter() - wall0
        step.load_cpu_s = time.process_time() - load0
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await asyncio.sleep(min(2.0, seconds / 2))
        return step

    rates = plan.rates["slack"]
    await one(rates[0], plan.seconds / 4)  # warm up, not reported
    steps: list[Step] = []
    sustainable = 0
    for rate in rates:
        step = await one(rate, plan.seconds)
        steps.append(step)
        print(f"  {len(pids)} process(es) {rate}/s: {step.summary()}", file=sys.stderr, flush=True)
        if not step.sustained():
            break
        sustainable = rate
    return {
        "processes": len(pids),
        "steps": [s.summary() for s in steps],
        "sustainable_per_s": sustainable,
        "first_step": steps[0].summary(),
    }


async def run_processes(plan: Plan, workdir: Path, url: str, processes: int) -> dict[str, Any]:
    """``processes`` bot processes on the database at ``url``, one Slack fake."""
    fake = BenchSlack()
    await fake.start()
    ports = [free_port() for _ in range(processes)]
    replied_members: set[str] = set()
    try:
        with contextlib.ExitStack() as stack:
            connector = aiohttp.TCPConnector(limit=1000)
            timeout = aiohttp.ClientTimeout(total=ACK_DEADLINE)
            session = aiohttp.ClientSession(connector=connector, timeout=timeout)
            procs = []
            for i, port in enumerate(ports):
                folder = workdir / f"bot{i}"
                folder.mkdir(parents=True, exist_ok=True)
                env = {
                    "SLACK_BOT_TOKEN": BOT_TOKEN,
                    "SLACK_SIGNING_SECRET": SECRET,
                    "SLACK_HOST": "127.0.0.1",
                    "SLACK_PORT": str(port),
                    "SLACK_API_URL": fake.api_url,
                    "FILMCLUB_DATABASE_URL": url,
                }
                proc = stack.enter_context(bot_process(env, folder))
                procs.append(proc)

                # One at a time: the first loads the bundled films, the others find them.
                await until(
                    partial(slack_healthy, session, proc, port),
                    60,
                    f"bot process {i} did not come up",
                )

            async def send(n: int, kind: str, record: Sent) -> None:
                port = ports[n % processes]
                url = f"http://127.0.0.1:{port}/slack/events"
                await slash_command(session, fake, url, n, kind, record)
                if record.replied is not None and kind == "rate":
                    replied_members.add(slack_member(n, kind)[1])

            try:
                found = await _stepped(plan, [p.pid for p in procs], send)
            finally:
                await session.close()
    finally:
        await fake.close()
    stored = await asyncio.to_thread(_rated_members, url)
    found["rates_replied"] = len(replied_members)
    found["rates_replied_not_stored"] = len(replied_members - stored)
    return found


def _rated_members(url: str) -> set[str]:
    import psycopg

    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT m.external_id FROM ratings r JOIN members m ON m.id = r.member_id"
            " JOIN clubs c ON c.id = r.club_id WHERE c.key = %s",
            (f"slack:{TEAM_ID}",),
        ).fetchall()
    return {str(r[0]) for r in rows}


def measure(scale: str, url: str, processes: int = 2) -> dict[str, Any]:
    """One process, then ``processes`` processes, each run on a fresh schema of ``url``."""
    import tempfile

    from bench.runner import postgres_schema

    plan = plan_for(scale)
    data: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="filmclub-adapters-pg-") as tmp:
        for count in (1, processes):
            with postgres_schema(url) as schema_url:
                work = Path(tmp) / f"run{count}"
                data[str(count)] = asyncio.run(run_processes(plan, work, schema_url, count))
    return data


def to_result(data: dict[str, Any], full: bool, processes: int) -> Result:
    result = Result("adapters_postgres", details=data)
    one, many = data["1"], data[str(processes)]
    speedup = (
        many["sustainable_per_s"] / one["sustainable_per_s"] if one["sustainable_per_s"] else None
    )
    result.row(
        f"Slack, {processes} processes: combined rate with p99 ≤ {P99_LIMIT_MS / 1000:g} s",
        many["sustainable_per_s"],
        "/s",
        baseline=one["sustainable_per_s"],
        ratio=speedup,
        target=f"≥ {TARGET_SPEEDUP:g}× one process",
        passed=speedup is not None and speedup >= TARGET_SPEEDUP,
    )
    for label, run in (("1 process", one), (f"{processes} processes", many)):
        first = run["first_step"]
        result.row(
            f"Slack, {label}: p50 / p99 at {first['rate']}/s",
            f"{first['p50_ms']:.1f} / {first['p99_ms']:.1f}",
            "ms",
        )
    lost = one["rates_replied_not_stored"] + many["rates_replied_not_stored"]
    replied = one["rates_replied"] + many["rates_replied"]
    result.row(
        "answered /rate not in ratings",
        lost,
        target=f"0 (of {replied:,} answered)",
        passed=lost == 0 and replied > 0,
        check=True,
    )
    if not full:
        total = sum(s["unanswered"] for r in (one, many) for s in r["steps"])
        result.row("unanswered in every step", total, target="0", passed=total == 0, check=True)
    return result


def run(scale: str, url: str, processes: int = 2) -> Result:
    return to_result(measure(scale, url, processes), scale == "full", processes)


def _rows(result: Result, full: bool) -> Iterator[str]:
    for row in result.rows:
        base = "" if row.baseline is None else f" (baseline {row.baseline})"
        yield f"{row.metric:62} {row.value!s:>16} {row.unit:3}{base} {row.verdict(full)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.adapters_pg")
    parser.add_argument("--scale", choices=sorted(PLANS), default="full")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FILMCLUB_BENCH_POSTGRES_URL")
        or os.environ.get("FILMCLUB_TEST_POSTGRES_URL", ""),
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if not args.postgres_url:
        print("needs --postgres-url (or scripts/with-postgres)", file=sys.stderr)
        return 2
    full = args.scale == "full"
    data = measure(args.scale, args.postgres_url, args.processes)
    result = to_result(data, full, args.processes)
    for line in _rows(result, full):
        print(line)
    if args.json:
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0 if all(not row.failed(full) for row in result.rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
