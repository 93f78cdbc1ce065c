"""Start-up: ``python -m bot console`` with empty input, beside ``python -c pass``."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import Scale
from bench.measure import Result

STARTUP_LIMIT_S = 1.0
HEAVY = ("discord", "slack_bolt", "matplotlib")
ALSO_WATCHED = ("slack_sdk", "aiohttp", "numpy")
_PROBE = """
import json, runpy, sys
sys.argv = ["bot", "console", "--db", sys.argv[1]]
try:
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
heavy = %r
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _wall(cmd: list[str], cwd: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
        check=True,
        timeout=60,
    )
    return time.perf_counter() - started


def run(scale: Scale) -> Result:
    result = Result("startup")
    with tempfile.TemporaryDirectory(prefix="filmclub-start-") as tmp:
        db = str(Path(tmp) / "start.db")
        env = {k: v for k, v in os.environ.items() if not k.startswith("FILMCLUB_")}
        env["HOME"] = tmp
        console = [sys.executable, "-m", "bot", "console", "--db", db]
        bare = [sys.executable, "-c", "pass"]
        _wall(console, tmp, env)
        _wall(bare, tmp, env)
        runs = scale.startup_runs
        console_s: list[float] = []
        bare_s: list[float] = []
        for _ in range(runs):
            console_s.append(_wall(console, tmp, env))
            bare_s.append(_wall(bare, tmp, env))
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE % (HEAVY + ALSO_WATCHED,), db],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            cwd=tmp,
            env=env,
            timeout=60,
            check=False,
        )
    lines = probe.stdout.strip().splitlines()
    try:
        loaded: list[str] = json.loads(lines[-1]) if lines else ["<probe failed>"]
    except ValueError:
        loaded = ["<probe failed>"]
    imported = [m for m in loaded if m not in ALSO_WATCHED]
    median = statistics.median(console_s)
    base = statistics.median(bare_s)
    result.details = {
        "console_s": [round(s, 3) for s in console_s],
        "python_c_pass_s": [round(s, 3) for s in bare_s],
        "heavy_imported": imported,
        "also_imported": [m for m in loaded if m in ALSO_WATCHED],
        "probe_stderr": probe.stderr[-500:] if imported == ["<probe failed>"] else "",
    }
    result.row(
        f"python -m bot console, empty input (median of {runs})",
        round(median, 3),
        "s",
        baseline=round(base, 3),
        ratio=median / base if base else None,
        target=f"≤ {STARTUP_LIMIT_S:g} s",
        passed=median <= STARTUP_LIMIT_S,
    )
    result.row(
        "discord / slack_bolt / matplotlib imported at start",
        ", ".join(imported) or "none",
        target="none",
        passed=not imported,
        check=True,
    )
    return result
