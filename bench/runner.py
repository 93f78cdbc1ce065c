"""Runs every benchmark, prints the table and writes the JSON results."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import platform
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Any

from bench import (
    GENERATOR_VERSION,
    adapters,
    adapters_pg,
    catalog_bench,
    chart_bench,
    ingest_bench,
    startup,
    web_bench,
    writes,
)
from bench.generate import (
    BENCH_DIR,
    SCALES,
    Scale,
    StoreInfo,
    cache_paths,
    cached_store,
    working_copy,
)
from bench.measure import Result
from bot.app import App
from bot.config import Settings
from bot.heap import settle_after_startup
from bot.store.transfer import transfer

READ_BENCHMARKS = ("read_commands", "scores_hot", "quote_topic", "rss")
BENCHMARKS = (
    "read_commands",
    "scores_hot",
    "quote_topic",
    "write_burst",
    "vote_burst",
    "ingest",
    "web_ingest",
    "letterboxd_import",
    "chart",
    "catalog",
    "startup",
    "rss",
    "adapters",
    "adapters_postgres",
)
DEFAULT_JSON = BENCH_DIR / "results.json"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "aiosqlite": version("aiosqlite"),
        "platform": platform.platform(),
    }


def _server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else ""


@contextmanager
def postgres_schema(url: str) -> Iterator[str]:
    """A schema of its own on the server for one run; its URL, dropped afterwards."""
    import psycopg

    schema = f"bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def _failed(name: str, exc: BaseException | str) -> Result:
    text = exc if isinstance(exc, str) else "".join(traceback.format_exception(exc))
    return Result(name, error=text[-4000:])


def run_reads(db: Path, meta: Path, scale: Scale, postgres: str = "") -> dict[str, Result]:
    """The read benchmarks in a child process, so that its peak RSS is theirs alone."""
    with tempfile.TemporaryDirectory(prefix="filmclub-reads-") as tmp:
        out = Path(tmp) / "reads.json"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.reads",
                "--db",
                str(db),
                "--meta",
                str(meta),
                "--scale",
                scale.name,
                "--out",
                str(out),
                *(["--postgres", postgres] if postgres else []),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0 or not out.exists():
            why = f"bench.reads exited {proc.returncode}: {proc.stderr[-3000:]}"
            return {name: _failed(name, why) for name in READ_BENCHMARKS}
        data = json.loads(out.read_text(encoding="utf-8"))
    return {name: Result.from_json(name, data[name]) for name in data}


async def _on_store(
    db: Path, info: StoreInfo, scale: Scale, log: Callable[[str], None], postgres: str = ""
) -> list[Result]:
    """The write benchmarks on the SQLite working copy, or on its copy in PostgreSQL."""
    results: list[Result] = []
    target: Path | str = postgres or db
    with tempfile.TemporaryDirectory(prefix="filmclub-charts-") as tmp:
        app = await App.open(
            Settings(db_path=str(db), database_url=postgres, chart_dir=tmp),
            rng=random.Random(GENERATOR_VERSION),
        )
        settle_after_startup()  # as a bot process does before it takes commands
        try:
            for name, step in (
                ("write_burst", writes.rate_burst),
                ("vote_burst", writes.vote_burst),
            ):
                log(f"{name} ...")
                try:
                    results.append(await step(app, target, info, scale))
                except Exception as exc:
                    results.append(_failed(name, exc))
            log("chart ...")
            try:
                results.append(await chart_bench.run(app, info, scale))
            except Exception as exc:
                results.append(_failed("chart", exc))
        finally:
            await app.close()
    log("catalog ...")
    try:
        results.append(await catalog_bench.run(db, scale, postgres=postgres))
    except Exception as exc:
        results.append(_failed("catalog", exc))
    return results


def _fmt(value: float | str | None, unit: str = "") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f"{value} {unit}".strip()
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    if isinstance(value, int) or (float(value).is_integer() and abs(value) >= 100):
        text = f"{int(value):,}"
    elif abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.3g}" if abs(value) < 1 else f"{value:.2f}"
    return f"{text} {unit}".strip()


def table_rows(results: dict[str, Result], full: bool) -> list[list[str]]:
    rows: list[list[str]] = []
    for name in BENCHMARKS:
        if name not in results:
            continue  # not asked for (--only, --backend postgres)
        result = results[name]
        if result.error:
            first = (result.error or "").strip().splitlines() if result else []
            why = first[-1] if first else "did not run"
            rows.append([name, "ERROR", why[:60], "", "", "", "FAIL"])
            continue
        for row in result.rows:
            unit = row.unit
            baseline = _fmt(row.baseline, unit if unit in ("ms", "s", "/s") else "")
            ratio = "" if row.ratio is None else f"{row.ratio:.1f}×"
            rows.append(
                [
                    name,
                    row.metric,
                    _fmt(row.value, unit),
                    baseline,
                    ratio,
                    row.target,
                    row.verdict(full),
                ]
            )
    return rows


HEADER = ["benchmark", "metric", "value", "baseline", "ratio", "target", "result"]


def render_table(rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    previous = ""
    for r in rows:
        shown = [("" if r[0] == previous else r[0]), *r[1:]]
        previous = r[0]
        lines.append("  ".join(c.ljust(w) for c, w in zip(shown, widths, strict=True)).rstrip())
    return "\n".join(lines)


def render_markdown(rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    previous = ""
    for r in rows:
        shown = [("" if r[0] == previous else f"**{r[0]}**"), *r[1:]]
        previous = r[0]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in shown) + " |")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="filmclub benchmarks at club scale, each figure beside a same-run baseline.",
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument(
        "--json", type=Path, default=DEFAULT_JSON, help=f"results file (default {DEFAULT_JSON})"
    )
    parser.add_argument(
        "--no-fail", action="store_true", help="exit 0 at full scale even if a target is missed"
    )
    parser.add_argument("--rebuild", action="store_true", help="regenerate the cached store")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    parser.add_argument(
        "--backend",
        choices=("sqlite", "postgres"),
        default="sqlite",
        help="postgres: copy the synthetic store into PostgreSQL (--postgres-url) and run the"
        " benchmarks that use the store there (reads, writes, catalog, ingest, web; adapters"
        " as two bot processes sharing the server), against PostgreSQL baselines",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FILMCLUB_BENCH_POSTGRES_URL")
        or os.environ.get("FILMCLUB_TEST_POSTGRES_URL", ""),
        help="server for --backend postgres (default $FILMCLUB_BENCH_POSTGRES_URL, then"
        " $FILMCLUB_TEST_POSTGRES_URL, set by scripts/with-postgres); a schema is made and dropped",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=("reads", "writes", "ingest", "web", "startup", "adapters"),
        help="run only these groups (repeatable); the JSON then lacks the others",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scale = SCALES[args.scale]
    groups = set(args.only or ("reads", "writes", "ingest", "web", "startup", "adapters"))
    postgres = args.backend == "postgres"
    if postgres:
        if not args.postgres_url:
            print("--backend postgres needs --postgres-url (or scripts/with-postgres)")
            return 2
        groups &= {"reads", "writes", "ingest", "web", "adapters"}
    started = time.perf_counter()

    def log(message: str) -> None:
        print(
            f"[bench {time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True
        )

    source, info = cached_store(scale, rebuild=args.rebuild)
    _, meta = cache_paths(scale)
    workdir = Path(tempfile.mkdtemp(prefix=f"filmclub-bench-{scale.name}-"))
    work = working_copy(source, workdir / "work.db")
    results: dict[str, Result] = {}
    try:
        if "reads" in groups and not postgres:
            log("read benchmarks (child process) ...")
            results.update(run_reads(work, meta, scale))
        if postgres and groups & {"reads", "writes"}:
            log("copying the store into PostgreSQL ...")
            with postgres_schema(args.postgres_url) as url:
                transfer(f"sqlite:///{work}", url)
                if "reads" in groups:
                    log("read benchmarks on PostgreSQL (child process) ...")
                    results.update(run_reads(work, meta, scale, postgres=url))
                if "writes" in groups:
                    for r in asyncio.run(_on_store(work, info, scale, log, postgres=url)):
                        results[r.name] = r
        elif "writes" in groups:
            for r in asyncio.run(_on_store(work, info, scale, log)):
                results[r.name] = r
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    def empty_database() -> contextlib.AbstractContextManager[str]:
        """A fresh PostgreSQL schema with --backend postgres; else "" (a SQLite file)."""
        if postgres:
            return postgres_schema(args.postgres_url)
        return contextlib.nullcontext("")

    if "ingest" in groups:
        log(f"ingest of {scale.ingest_docs:,} documents ...")
        try:
            with empty_database() as url:
                results["ingest"] = asyncio.run(ingest_bench.run(scale, postgres=url))
        except Exception as exc:
            results["ingest"] = _failed("ingest", exc)
    if "web" in groups:
        for name, step in (
            ("web_ingest", web_bench.run_web),
            ("letterboxd_import", web_bench.run_import),
        ):
            log(f"{name} ...")
            try:
                with empty_database() as url:
                    results[name] = asyncio.run(step(scale, postgres=url))
            except Exception as exc:
                results[name] = _failed(name, exc)
    if "startup" in groups:
        log("start-up ...")
        try:
            results["startup"] = startup.run(scale)
        except Exception as exc:
            results["startup"] = _failed("startup", exc)
    if "adapters" in groups and postgres:
        log("adapters end to end: bot processes sharing PostgreSQL, local Slack fake ...")
        try:
            results["adapters_postgres"] = adapters_pg.run(scale.name, args.postgres_url)
        except Exception as exc:
            results["adapters_postgres"] = _failed("adapters_postgres", exc)
    elif "adapters" in groups:
        log("adapters end to end (bot process, local Slack and Discord fakes) ...")
        try:
            results["adapters"] = adapters.run(scale.name)
        except Exception as exc:
            results["adapters"] = _failed("adapters", exc)
    seconds = time.perf_counter() - started
    full = scale.is_full
    wanted = [
        name
        for name in BENCHMARKS
        if (name == "adapters_postgres" and postgres and "adapters" in groups)
        or (args.only is None and not postgres and name != "adapters_postgres")
        or ("reads" in groups and name in READ_BENCHMARKS)
        or ("writes" in groups and name in ("write_burst", "vote_burst", "chart"))
        or ("writes" in groups and name == "catalog")
        or ("web" in groups and name in ("web_ingest", "letterboxd_import"))
        or (name in groups and not (postgres and name == "adapters"))
    ]
    shown = {name: results.get(name, _failed(name, "did not run")) for name in wanted}
    rows = table_rows(shown, full)
    info_line = machine()
    if postgres:
        info_line["postgres"] = _server_version(args.postgres_url)
    print()
    print(
        f"filmclub benchmarks, {scale.name} scale: {info.counts.get('films', 0):,} films,"
        f" {info.counts.get('ratings', 0):,} ratings, {info.counts.get('excerpts', 0):,}"
        f" excerpts, {info.counts.get('ballots', 0):,} ballots"
    )
    print(
        f"{info_line['nproc']} × {info_line['cpu']}, Python {info_line['python']},"
        f" SQLite {info_line['sqlite']}; {seconds:.0f} s"
        + (f"; on PostgreSQL {info_line.get('postgres', '')}" if postgres else "")
    )
    print()
    print(render_table(rows))
    errors = [name for name, r in shown.items() if r.error]
    failed = [
        f"{name}: {row.metric}" for name, r in shown.items() for row in r.rows if row.failed(full)
    ]
    payload = {
        "scale": scale.name,
        "backend": args.backend,
        "generator_version": GENERATOR_VERSION,
        "machine": info_line,
        "store": {"counts": info.counts, "generation_seconds": info.seconds},
        "seconds": round(seconds, 1),
        "passed": not errors and not failed,
        "failed": failed,
        "errors": errors,
        "benchmarks": {name: r.to_json(full) for name, r in shown.items()},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(render_markdown(rows) + "\n", encoding="utf-8")
    print()
    print(f"results written to {args.json}")
    if errors:
        print(f"benchmarks that did not run: {', '.join(errors)}", file=sys.stderr)
        return 2
    if failed:
        print("missed: " + "; ".join(failed), file=sys.stderr)
        return 0 if args.no_fail else 1
    return 0
