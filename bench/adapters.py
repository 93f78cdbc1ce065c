"""End to end through the adapters: the real bot process, real slack-bolt and discord.py,
the local Slack and Discord fakes on 127.0.0.1, open-loop load in steps.

The mix is one third each of ``/film Her``, ``/rate Her n`` by a member the club has
not seen, and ``/scores Her chart:no``. Each step offers a fixed rate for a fixed time
(requests are sent on schedule whether or not earlier ones were answered, and latency
is counted from the scheduled send, so a slow bot cannot slow the load down). A request
is *answered* when its reply reaches the fake (Slack: the ``response_url`` post;
Discord: the interaction response or, after a deferral, the follow-up), *busy* when the
bot's admission control turned it away with the busy message, and *unanswered* when
neither happened in time (Slack: no acknowledgement within 3 s or no reply within 10 s;
Discord: no interaction response within 3 s, or no follow-up within 10 s).

The bare dispatcher on the same mix, in this process and on its own copy of the same
corpus, is the same-run baseline.

``python -m bench.adapters [--scale small|full] [--json PATH]`` runs it alone; the
harness (``python -m bench``) runs it as the ``adapters`` benchmark.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from aiohttp import web

from adapters.admission import BUSY
from bench.measure import Result, percentile
from bot.app import App
from bot.config import Settings
from bot.messages import Member
from bot.runner import load_bundled_corpus
from tests.discord_fake import APP_ID, GUILD_ID, Captured, FakeDiscord, FakeUser
from tests.slack_fake import BOT_TOKEN, SECRET, TEAM_ID, FakeSlack, form_body, sign, slash_payload

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
KINDS = ("film", "rate", "scores")
ACK_DEADLINE = 3.0
REPLY_DEADLINE = 10.0
P99_LIMIT_MS = 1000.0
TARGETS = {"slack": 700, "discord": 1000}
RATIO_LIMIT = 2.5


@dataclass(frozen=True)
class Plan:
    rates: dict[str, tuple[int, ...]]
    seconds: float
    overload_seconds: float
    baseline_seconds: float


PLANS = {
    "full": Plan(
        rates={
            "slack": (200, 400, 600, 700, 800, 1000),
            "discord": (250, 500, 750, 1000, 1250),
        },
        seconds=10.0,
        overload_seconds=10.0,
        baseline_seconds=3.0,
    ),
    "small": Plan(
        rates={"slack": (20, 40), "discord": (20, 40)},
        seconds=1.0,
        overload_seconds=1.0,
        baseline_seconds=1.0,
    ),
}


# -- what happened to each request -------------------------------------------------------------


@dataclass
class Sent:
    kind: str
    at: float
    acked: float | None = None
    replied: float | None = None
    busy: bool = False
    failed: bool = False


@dataclass
class Step:
    platform: str
    rate: int
    seconds: float
    sent: list[Sent] = field(default_factory=list)
    cpu_s: float = 0.0
    wall_s: float = 0.0
    load_cpu_s: float = 0.0

    def answered(self) -> list[Sent]:
        return [s for s in self.sent if self._in_time(s) and not s.busy]

    def busy(self) -> list[Sent]:
        return [s for s in self.sent if s.busy and s.acked is not None]

    def unanswered(self) -> list[Sent]:
        return [s for s in self.sent if not self._in_time(s) and not (s.busy and s.acked)]

    @staticmethod
    def _in_time(s: Sent) -> bool:
        if s.failed or s.acked is None or s.acked - s.at > ACK_DEADLINE:
            return False
        if s.busy:
            return False
        return s.replied is not None and s.replied - s.at <= REPLY_DEADLINE

    def latencies_ns(self, kind: str | None = None) -> list[int]:
        return [
            int((s.replied - s.at) * 1e9)
            for s in self.answered()
            if s.replied is not None and (kind is None or s.kind == kind)
        ]

    def p(self, pct: float, kind: str | None = None) -> float:
        return percentile(self.latencies_ns(kind), pct)

    def sustained(self) -> bool:
        """p99 of the replies within 1 s, and at least 99% of requests really answered."""
        return len(self.answered()) >= 0.99 * len(self.sent) and self.p(99) <= P99_LIMIT_MS

    def summary(self) -> dict[str, Any]:
        n = len(self.sent)
        out: dict[str, Any] = {
            "rate": self.rate,
            "seconds": self.seconds,
            "sent": n,
            "answered": len(self.answered()),
            "busy": len(self.busy()),
            "unanswered": len(self.unanswered()),
            "p50_ms": round(self.p(50), 2),
            "p99_ms": round(self.p(99), 2),
            "cpu_ms_per_request": round(1000 * self.cpu_s / n, 3) if n else None,
            "cpu_share": round(self.cpu_s / self.wall_s, 3) if self.wall_s else None,
            # the load generator and the fakes (this process), same wall time
            "load_cpu_share": round(self.load_cpu_s / self.wall_s, 3) if self.wall_s else None,
            "replies_per_s": round(len(self.answered()) / self.seconds, 1),
        }
        out["by_command"] = {}
        for kind in KINDS:
            out["by_command"][kind] = {
                "p50_ms": round(self.p(50, kind), 2),
                "p99_ms": round(self.p(99, kind), 2),
            }
        return out


def open_loop(rate: int, seconds: float) -> Iterator[tuple[int, float]]:
    """(index, offset in seconds) of each request of a step, evenly spaced."""
    for i in range(int(rate * seconds)):
        yield i, i / rate


async def offer(
    step: Step, send: Callable[[int, str, Sent], Awaitable[None]], counter: Iterator[int]
) -> list[asyncio.Task[None]]:
    """Send on schedule; returns the tasks still running."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    tasks: list[asyncio.Task[None]] = []
    for _, offset in open_loop(step.rate, step.seconds):
        n = next(counter)
        kind = KINDS[n % 3]
        due = start + offset
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        record = Sent(kind, time.perf_counter() + min(0.0, delay))
        step.sent.append(record)
        tasks.append(asyncio.ensure_future(send(n, kind, record)))
    return tasks


# -- the bot process ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


# The checkout whose bot is measured (another one gives a same-run before/after).
BOT_REPO = Path(os.environ.get("BENCH_BOT_REPO") or REPO)


@contextlib.contextmanager
def bot_process(env: dict[str, str], workdir: Path) -> Iterator[subprocess.Popen[bytes]]:
    full = {**os.environ, **env, "PYTHONPATH": str(BOT_REPO)}
    full.update(
        FILMCLUB_DB=str(workdir / "bot.db"),
        FILMCLUB_CHART_DIR=str(workdir / "charts"),
        FILMCLUB_LOG_LEVEL="WARNING",
        FILMCLUB_SHUTDOWN_GRACE="5",
    )
    log = (workdir / "bot.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "bench" / "botproc.py")],
        cwd=str(workdir),
        env=full,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


async def until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{what} within {seconds:.0f} s")


# -- Slack ---------------------------------------------------------------------------------------


class BenchSlack(FakeSlack):
    """The fake Slack, resolving a future when a response_url post arrives."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.waiting: dict[str, asyncio.Future[float]] = {}
        self.texts: Counter[str] = Counter()

    def expect(self, key: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting[key] = future
        return future

    async def _respond(self, request: web.Request) -> web.Response:
        key = request.match_info["key"]
        raw = await request.read()
        future = self.waiting.pop(key, None)
        if future is not None and not future.done():
            future.set_result(time.perf_counter())
        with contextlib.suppress(ValueError):
            self.texts[str(json.loads(raw).get("text", ""))[:24]] += 1
        return web.Response(text="ok")


SLACK_TEXT = {"film": "Her", "scores": "Her chart:no"}


async def run_slack(plan: Plan, workdir: Path, loop_name: str) -> dict[str, Any]:
    fake = BenchSlack()
    await fake.start()
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_HOST": "127.0.0.1",
        "SLACK_PORT": str(port),
        "SLACK_API_URL": fake.api_url,
        "BENCH_LOOP": loop_name,
    }
    url = f"http://127.0.0.1:{port}/slack/events"
    counter = itertools.count()
    connector = aiohttp.TCPConnector(limit=1000)
    timeout = aiohttp.ClientTimeout(total=ACK_DEADLINE)
    try:
        with bot_process(env, workdir) as proc:
            async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
                await until(
                    lambda: slack_healthy(session, proc, port),
                    60,
                    "the Slack endpoint did not come up",
                )

                async def send(n: int, kind: str, record: Sent) -> None:
                    await slash_command(session, fake, url, n, kind, record)

                return await stepped(plan, "slack", proc.pid, send, counter)
    finally:
        await fake.close()


async def slack_healthy(
    session: aiohttp.ClientSession, proc: subprocess.Popen[bytes], port: int
) -> bool:
    """Whether the bot process on ``port`` answers its health check; an error if it exited."""
    if proc.poll() is not None:
        raise RuntimeError(f"the bot process exited with {proc.returncode}")
    try:
        async with session.get(f"http://127.0.0.1:{port}/healthz") as r:
            return r.status == 200
    except aiohttp.ClientError:
        return False


def slack_member(n: int, kind: str) -> tuple[str, str]:
    """The text and the member of the n-th Slack command of the mix: each /rate by a
    member the club has not seen, the reads by 50 regulars."""
    if kind == "rate":
        return f"Her {n % 11}", f"U{n:07}"
    return SLACK_TEXT[kind], f"U{n % 50:07}"


async def slash_command(
    session: aiohttp.ClientSession, fake: BenchSlack, url: str, n: int, kind: str, record: Sent
) -> None:
    """Post the n-th slash command, signed, to the bot at ``url`` and note on ``record``
    when it was acknowledged (or turned away busy) and when its reply reached the fake."""
    key = f"k{n}"
    text, user = slack_member(n, kind)
    fields = slash_payload(
        fake,
        f"/{kind}",
        text,
        user=user,
        user_name=f"member{user}",
        response_key=key,
        trigger_id=f"{n}.bench",
    )
    body = form_body(fields)
    reply = fake.expect(key)
    try:
        try:
            async with session.post(url, data=body.encode(), headers=sign(body)) as resp:
                raw = await resp.text()
                if resp.status != 200:
                    record.failed = True
                    return
        except (aiohttp.ClientError, TimeoutError):
            record.failed = True
            return
        record.acked = time.perf_counter()
        if BUSY in raw:
            record.busy = True
            return
        left = REPLY_DEADLINE - (time.perf_counter() - record.at)
        with contextlib.suppress(TimeoutError):
            record.replied = await asyncio.wait_for(reply, max(0.0, left))
    finally:
        fake.waiting.pop(key, None)


# -- Discord -------------------------------------------------------------------------------------


DISCORD_EPOCH_MS = 1_420_070_400_000


def snowflake(at: float, sequence: int) -> int:
    return ((int(at * 1000) - DISCORD_EPOCH_MS) << 22) | (sequence & 0x3FFFFF)


class BenchDiscord(FakeDiscord):
    """The fake Discord, resolving futures when an interaction is answered and followed up."""

    def __init__(self) -> None:
        super().__init__()
        # token -> (time, busy, deferred)
        self.acks: dict[str, asyncio.Future[tuple[float, bool, bool]]] = {}
        self.follow_ups: dict[str, asyncio.Future[float]] = {}

    def new_id(self) -> int:
        """Snowflakes carrying their creation time, as Discord's do."""
        return snowflake(time.time(), next(self._ids))

    def expect(
        self, token: str
    ) -> tuple[asyncio.Future[tuple[float, bool, bool]], asyncio.Future[float]]:
        loop = asyncio.get_running_loop()
        ack: asyncio.Future[tuple[float, bool, bool]] = loop.create_future()
        follow: asyncio.Future[float] = loop.create_future()
        self.acks[token] = ack
        self.follow_ups[token] = follow
        return ack, follow

    def forget(self, token: str) -> None:
        self.acks.pop(token, None)
        self.follow_ups.pop(token, None)

    def _answer(self, r: Captured) -> web.StreamResponse:
        # An interaction's answer has arrived once its body is read: the time is taken
        # before the fake builds its own reply to it.
        if r.method == "POST" and r.path.endswith("/callback"):
            self._acknowledged(r)
        return super()._answer(r)

    def _acknowledged(self, captured: Captured) -> None:
        token = captured.path.rsplit("/", 2)[-2]
        body = captured.json or {}
        busy = (body.get("data") or {}).get("content") == BUSY
        ack = self.acks.get(token)
        if ack is not None and not ack.done():
            ack.set_result((time.perf_counter(), busy, body.get("type") == 5))

    async def _record(self, captured: Captured) -> None:
        path = captured.path
        if captured.method == "POST" and path.endswith("/callback"):
            self._acknowledged(captured)
            return
        if captured.method == "POST" and path.startswith(f"/webhooks/{APP_ID}/"):
            follow = self.follow_ups.get(path.split("/")[3])
            if follow is not None and not follow.done():
                follow.set_result(time.perf_counter())
            return
        await super()._record(captured)


DISCORD_OPTIONS: dict[str, Callable[[int], dict[str, Any]]] = {
    "film": lambda n: {"title": "Her"},
    "rate": lambda n: {"title": "Her", "score": str(n % 11)},
    "scores": lambda n: {"title": "Her", "chart": False},
}


async def run_discord(plan: Plan, workdir: Path, loop_name: str) -> dict[str, Any]:
    fake = BenchDiscord()
    await fake.start()
    env = {
        "DISCORD_TOKEN": "fake-token",
        "DISCORD_GUILD_ID": str(GUILD_ID),
        "BENCH_DISCORD_URL": fake.base_url,
        "BENCH_LOOP": loop_name,
    }
    counter = itertools.count()
    regulars = [FakeUser(200_000_000_000_100_000 + i, f"Regular{i}") for i in range(50)]
    try:
        with bot_process(env, workdir) as proc:
            await fake.synced(GUILD_ID, within=60)

            async def send(n: int, kind: str, record: Sent) -> None:
                if kind == "rate":
                    user = FakeUser(200_000_000_001_000_000 + n, f"New{n}")
                else:
                    user = regulars[n % len(regulars)]
                data = fake._command_data(kind, DISCORD_OPTIONS[kind](n), None, True)
                interaction = fake._interaction(2, data, user)
                token = interaction.token
                ack, follow = fake.expect(token)
                try:
                    await fake.dispatch("INTERACTION_CREATE", interaction.payload)
                    left = ACK_DEADLINE - (time.perf_counter() - record.at)
                    try:
                        acked, busy, deferred = await asyncio.wait_for(ack, max(0.0, left))
                    except TimeoutError:
                        return
                    record.acked, record.busy = acked, busy
                    if busy:
                        return
                    if not deferred:
                        record.replied = acked
                        return
                    left = REPLY_DEADLINE - (time.perf_counter() - record.at)
                    with contextlib.suppress(TimeoutError):
                        record.replied = await asyncio.wait_for(follow, max(0.0, left))
                finally:
                    fake.forget(token)

            # the client may still be reading the guild when the sync lands
            async def answers() -> bool:
                if proc.poll() is not None:
                    raise RuntimeError(f"the bot exited with {proc.returncode}")
                probe = Sent("film", time.perf_counter())
                try:
                    await send(next(counter) * 3, "film", probe)
                except RuntimeError:  # not connected to the gateway yet
                    return False
                return probe.replied is not None

            await until(answers, 60, "the Discord bot did not answer")
            return await stepped(plan, "discord", proc.pid, send, counter)
    finally:
        await fake.close()


# -- steps ---------------------------------------------------------------------------------------


async def one_step(
    platform: str,
    rate: int,
    seconds: float,
    pid: int,
    send: Callable[[int, str, Sent], Awaitable[None]],
    counter: Iterator[int],
) -> Step:
    step = Step(platform, rate, seconds)
    cpu0, wall0, load0 = cpu_seconds(pid), time.perf_counter(), time.process_time()
    tasks = await offer(step, send, counter)
    await asyncio.wait(tasks, timeout=REPLY_DEADLINE + 1)
    step.cpu_s = cpu_seconds(pid) - cpu0
    step.wall_s = time.perf_counter() - wall0
    step.load_cpu_s = time.process_time() - load0
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    await asyncio.sleep(min(2.0, seconds / 2))  # let the bot's queue drain between steps
    return step


async def stepped(
    plan: Plan,
    platform: str,
    pid: int,
    send: Callable[[int, str, Sent], Awaitable[None]],
    counter: Iterator[int],
) -> dict[str, Any]:
    steps: list[Step] = []
    sustainable = 0
    # warm up: connections, caches, the first members and ratings; not reported
    await one_step(platform, plan.rates[platform][0], plan.seconds / 4, pid, send, counter)
    for rate in plan.rates[platform]:
        step = await one_step(platform, rate, plan.seconds, pid, send, counter)
        steps.append(step)
        print(f"  {platform} {rate}/s: {step.summary()}", file=sys.stderr, flush=True)
        if step.sustained():
            sustainable = rate
        else:
            break
    overload_rate = 2 * (sustainable or plan.rates[platform][0])
    overload = await one_step(platform, overload_rate, plan.overload_seconds, pid, send, counter)
    print(f"  {platform} overload {overload_rate}/s: {overload.summary()}", file=sys.stderr)
    return {
        "steps": [s.summary() for s in steps],
        "sustainable_per_s": sustainable,
        "overload": overload.summary(),
        "first_step": steps[0].summary(),
        "lowest_rate": plan.rates[platform][0],
    }


# -- the bare dispatcher baseline ----------------------------------------------------------------


async def run_dispatcher(plan: Plan, workdir: Path) -> dict[str, Any]:
    settings = Settings(db_path=str(workdir / "dispatcher.db"), chart_dir=str(workdir))
    app = await App.open(settings)
    try:
        await load_bundled_corpus(app)
        counter = itertools.count()
        out = []
        rates = sorted({plan.rates["slack"][0], plan.rates["discord"][0]})
        for rate in rates:
            step = Step("dispatcher", rate, plan.baseline_seconds)

            async def send(n: int, kind: str, record: Sent) -> None:
                if kind == "rate":
                    line, member = f"/rate Her {n % 11}", Member(f"U{n:07}", f"New{n}")
                else:
                    line = "/film Her" if kind == "film" else "/scores Her chart:no"
                    member = Member(f"U{n % 50:07}", f"Regular{n % 50}")
                await app.dispatcher.dispatch_text(
                    line, club=f"slack:{TEAM_ID}", channel="C100", member=member
                )
                record.acked = record.replied = time.perf_counter()

            cpu0, wall0 = time.process_time(), time.perf_counter()
            tasks = await offer(step, send, counter)
            await asyncio.gather(*tasks)
            step.cpu_s = time.process_time() - cpu0
            step.wall_s = time.perf_counter() - wall0
            out.append(step.summary())
        return {"steps": out}
    finally:
        await app.close()


# -- the report ----------------------------------------------------------------------------------


def _run(work: Coroutine[Any, Any, T], loop_name: str = "uvloop") -> T:
    """The load generator and fakes run on uvloop when it is installed: the lighter
    this side is, the less it limits what the bot is seen to do. The dispatcher
    baseline runs on the loop the bot runs on (``auto``: uvloop when installed, as
    the bot's own choice)."""
    try:
        uvloop: Any = importlib.import_module("uvloop")
    except ImportError:
        return asyncio.run(work)
    if loop_name == "asyncio":
        return asyncio.run(work)
    result: T = uvloop.run(work)
    return result


def measure(
    scale: str, loop_name: str = "auto", platforms: tuple[str, ...] = ("slack", "discord")
) -> dict[str, Any]:
    plan = PLANS[scale]
    runners = {"slack": run_slack, "discord": run_discord}
    with tempfile.TemporaryDirectory(prefix="filmclub-adapters-") as tmp:
        root = Path(tmp)
        for name in ("dispatcher", *platforms):
            (root / name).mkdir()
        data: dict[str, Any] = {
            "loop": loop_name,
            "json": os.environ.get("BENCH_JSON", "default"),
            "dispatcher": _run(run_dispatcher(plan, root / "dispatcher"), loop_name),
        }
        for platform in platforms:
            data[platform] = _run(runners[platform](plan, root / platform, loop_name))
    return data


def to_result(data: dict[str, Any], full: bool) -> Result:
    result = Result("adapters", details=data)
    base_by_rate = {s["rate"]: s for s in data["dispatcher"]["steps"]}
    for platform in ("slack", "discord"):
        if platform not in data:
            continue
        found = data[platform]
        first = found["first_step"]
        base = base_by_rate.get(found["lowest_rate"]) or data["dispatcher"]["steps"][0]
        name = platform.capitalize()
        target = TARGETS[platform]
        result.row(
            f"{name}: highest rate with p99 ≤ 1 s",
            found["sustainable_per_s"],
            "/s",
            target=f"≥ {target}/s",
            passed=found["sustainable_per_s"] >= target,
        )
        ratio = first["p50_ms"] / base["p50_ms"] if base["p50_ms"] else None
        result.row(
            f"{name}: p50 request→reply at {first['rate']}/s",
            first["p50_ms"],
            "ms",
            baseline=base["p50_ms"],
            ratio=ratio,
            target=f"≤ {RATIO_LIMIT}× dispatcher",
            passed=ratio is not None and ratio <= RATIO_LIMIT,
        )
        for kind in KINDS:
            result.row(
                f"{name}: /{kind} p50 / p99 at {first['rate']}/s",
                "{p50_ms:.1f} / {p99_ms:.1f}".format(**first["by_command"][kind]),
                "ms",
            )
        sustained = next(
            (s for s in found["steps"] if s["rate"] == found["sustainable_per_s"]), first
        )
        result.row(
            f"{name}: CPU per request at {sustained['rate']}/s",
            sustained["cpu_ms_per_request"] or 0.0,
            "ms",
            baseline=base["cpu_ms_per_request"],
        )
        over = found["overload"]
        result.row(
            f"{name}: at {over['rate']}/s answered / busy / unanswered",
            f"{over['answered']} / {over['busy']} / {over['unanswered']}",
        )
        if full:
            result.row(
                f"{name}: unanswered at {over['rate']}/s",
                over["unanswered"],
                target="0",
                passed=over["unanswered"] == 0,
            )
        if not full:
            total = sum(s["unanswered"] for s in [*found["steps"], over])
            result.row(
                f"{name}: unanswered in every step",
                total,
                target="0",
                passed=total == 0,
                check=True,
            )
        if full and found["sustainable_per_s"]:
            kept = over["replies_per_s"] / found["sustainable_per_s"]
            result.row(
                f"{name}: real replies at {over['rate']}/s ÷ sustainable rate",
                round(kept, 2),
                target="≥ 0.9",
                passed=kept >= 0.9,
            )
    return result


def run(scale: str) -> Result:
    return to_result(measure(scale, os.environ.get("BENCH_LOOP", "auto")), scale == "full")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.adapters")
    parser.add_argument("--scale", choices=sorted(PLANS), default="full")
    parser.add_argument(
        "--loop",
        choices=("auto", "asyncio", "uvloop"),
        default="auto",
        help="the bot's event loop; auto: the one it picks for itself",
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--platform", action="append", choices=("slack", "discord"))
    parser.add_argument(
        "--rate", type=int, action="append", help="offer only these rates (per second)"
    )
    parser.add_argument("--seconds", type=float, help="seconds per step")
    args = parser.parse_args(argv)
    if args.rate or args.seconds:
        plan = PLANS[args.scale]
        rates = tuple(args.rate) if args.rate else None
        PLANS[args.scale] = Plan(
            rates={k: rates or v for k, v in plan.rates.items()},
            seconds=args.seconds or plan.seconds,
            overload_seconds=args.seconds or plan.overload_seconds,
            baseline_seconds=plan.baseline_seconds,
        )
    data = measure(args.scale, args.loop, tuple(args.platform or ("slack", "discord")))
    result = to_result(data, args.scale == "full")
    for row in result.rows:
        print(f"{row.metric:58} {row.value!s:>22} {row.unit:3} {row.verdict(args.scale == 'full')}")
    if args.json:
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    unanswered = sum(
        s["unanswered"]
        for p in ("slack", "discord")
        if p in data
        for s in [*data[p]["steps"], data[p]["overload"]]
    )
    return 0 if args.scale == "full" or unanswered == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
