"""scripts/with-postgres: a throw-away server around a command, cleaned up whatever happens."""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = str(REPO / "scripts" / "with-postgres")
HAVE_BINARIES = bool(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
needs_binaries = pytest.mark.skipif(not HAVE_BINARIES, reason="no PostgreSQL binaries here")


@pytest.fixture
def tmp_path() -> Iterator[Path]:
    """A temporary folder the server's owner can enter (pytest's own are private)."""
    folder = Path(tempfile.mkdtemp(prefix="with-postgres-test-", dir="/tmp"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FILMCLUB_TEST_POSTGRES_URL")}
    env["TMPDIR"] = str(tmp_path)
    env.update(extra)
    return env


def _leftovers(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("filmclub-pg."))


@needs_binaries
def test_runs_the_command_with_a_url_and_passes_its_exit_code(tmp_path: Path) -> None:
    probe = (
        "python3 -c \"import os, socket; u = os.environ['FILMCLUB_TEST_POSTGRES_URL'];"
        " host = u.split('host=')[1].split('&')[0];"
        " s = socket.socket(socket.AF_UNIX); s.connect(host + '/.s.PGSQL.5432'); print(u)\";"
        " exit 7"
    )
    out = subprocess.run(
        [SCRIPT, "sh", "-c", probe], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 7, out.stderr
    assert out.stdout.startswith("postgresql:///postgres?host=" + str(tmp_path))
    assert _leftovers(tmp_path) == []


@needs_binaries
def test_an_interrupted_run_stops_the_server_and_removes_its_folder(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [SCRIPT, "sh", "-c", "echo started; sleep 60"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    (folder,) = _leftovers(tmp_path)
    pid = int((tmp_path / folder / "data" / "postmaster.pid").read_text().split()[0])
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=60) != 0
    assert _leftovers(tmp_path) == []
    for _ in range(50):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the server is still running")


def test_without_binaries_it_says_why_and_runs_the_command(tmp_path: Path) -> None:
    env = _env(tmp_path, FILMCLUB_PG_SEARCH=str(tmp_path / "nowhere"))
    out = subprocess.run(
        [SCRIPT, "sh", "-c", 'echo "url=${FILMCLUB_TEST_POSTGRES_URL:-none}"; exit 3'],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 3
    assert out.stdout.strip() == "url=none"
    assert out.stderr.count("\n") == 1 and "PostgreSQL half skipped" in out.stderr


def test_without_binaries_ci_fails(tmp_path: Path) -> None:
    env = _env(tmp_path, FILMCLUB_PG_SEARCH=str(tmp_path / "nowhere"), CI="true")
    out = subprocess.run(
        [SCRIPT, "sh", "-c", "echo ran"], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1
    assert "ran" not in out.stdout and "CI needs them" in out.stderr
