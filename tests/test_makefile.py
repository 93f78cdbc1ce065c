"""`make run` installs what running needs; `make test` adds the development tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

DEV_INSTALL = "-e '.[dev]'"


def planned(target: str, venv: Path) -> list[str]:
    """The commands ``make`` would run for ``target`` on a fresh checkout (nothing run)."""
    # Run as a top-level make even under `make test`, whose settings would otherwise
    # be inherited (and would add "Entering directory" lines).
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    out = subprocess.run(
        ["make", "--no-print-directory", "-n", target, f"VENV={venv}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return out.stdout.splitlines()


def test_make_run_installs_only_what_running_needs(tmp_path: Path) -> None:
    steps = planned("run", tmp_path / "venv")
    installs = [s for s in steps if "pip install" in s]
    assert installs and all(DEV_INSTALL not in s for s in installs)
    assert any(s.endswith("pip install --quiet -e .") for s in installs)
    assert steps[-1].endswith("-m bot run")


def test_make_test_installs_the_development_tools(tmp_path: Path) -> None:
    steps = planned("test", tmp_path / "venv")
    assert any(DEV_INSTALL in s for s in steps)
    assert any(s.endswith("/mypy") for s in steps)
    assert any("-m pytest" in s for s in steps)
