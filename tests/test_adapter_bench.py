"""The end-to-end adapter benchmark runs at small scale: the real bot process, real
slack-bolt and discord.py, the local fakes; every request offered is answered."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.timeout(180)
def test_adapter_bench_small_runs_and_answers_everything(tmp_path: Path) -> None:
    out = tmp_path / "adapters.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.adapters", "--scale", "small", "--json", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=170,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["dispatcher"]["steps"]
    for platform in ("slack", "discord"):
        steps = [*data[platform]["steps"], data[platform]["overload"]]
        assert len(steps) >= 2, platform
        for step in steps:
            assert step["sent"] == step["rate"] * step["seconds"], (platform, step)
            assert step["unanswered"] == 0, (platform, step)
            assert step["answered"] + step["busy"] == step["sent"], (platform, step)
