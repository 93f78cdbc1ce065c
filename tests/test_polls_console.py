"""A whole poll through the real console, start to winner, as a member types it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, REPO


def bot(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_console_runs_a_poll_from_start_to_winner(tmp_path: Path) -> None:
    db = str(tmp_path / "console.db")
    assert bot("ingest", str(CORPUS), "--db", db).returncode == 0
    session = "\n".join(
        [
            "/watchlist add Her",
            "/watchlist add Alien",
            "/poll start Friday film? | Her | Alien | Heat 2d",
            "/poll vote Her",
            "/poll results",
            "/poll close",
            "/film",
            "/watchlist list",
        ]
    )
    out = bot("console", "--db", db, "--user", "ada", stdin=session + "\n")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Added Her (2013) to the watchlist." in text
    assert "Added “Alien” to the watchlist as a plain title" in text
    assert "Poll #1: Friday film?" in text
    assert "Your vote in poll #1: Her (2013)." in text
    assert "Poll #1 closed: Her (2013) wins" in text
    assert "Her (2013) is now the club's film" in text
    assert "1. Her (2013) — added by ada" in text and "chosen in poll #1" in text
    assert "2. “Alien” (title only) — added by ada" in text and "lost 1 poll" in text


def test_console_shows_commands_instead_of_buttons_and_no_markup(tmp_path: Path) -> None:
    db = str(tmp_path / "console.db")
    assert bot("ingest", str(CORPUS), "--db", db).returncode == 0
    session = "/poll start Her | Alien 2d\n/poll start ranked Her | Alien 2d\n/rate Her 12\n/help\n"
    out = bot("console", "--db", db, "--user", "ada", stdin=session)
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Buttons:" not in text and "Rank the films" not in text
    assert "Or type: /poll vote 1 #1 · /poll vote 2 #1 · /poll withdraw #1" in text
    assert "Or type: /poll vote 2>1>3 #2 · /poll withdraw #2" in text
    assert "error: 12 is not a score I understand." in text
    assert "`" not in text and "**" not in text
