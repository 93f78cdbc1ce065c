"""The command line as a newcomer uses it: real subprocesses over a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS, HER_REVIEWS, REPO


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env=full_env,
        timeout=120,
    )


def test_help_lists_every_subcommand() -> None:
    out = run("--help")
    assert out.returncode == 0
    for sub in ("run", "console", "ingest", "parse", "slack-manifest"):
        assert sub in out.stdout


def test_parse_prints_one_json_object_per_file() -> None:
    files = sorted(str(p) for p in HER_REVIEWS.glob("*.txt"))
    out = run("parse", *files, "--json")
    assert out.returncode == 0, out.stderr
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    assert [Path(d["file"]).name for d in docs] == [Path(f).name for f in files]
    scores = [r["score"] for d in docs for r in d["reviews"] if r["score"] is not None]
    assert sorted(scores) == [9.0, 9.28, 10.0, 10.0, 10.0, 10.0]
    assert docs[3]["aggregates"] == [{"source": None, "score": 7.9, "votes": 959}]
    assert docs[0]["facts"]["runtime_minutes"] == 126
    assert set(docs[0]) == {"file", "facts", "reviews", "aggregates"}


def test_ingest_then_console_session(tmp_path: Path) -> None:
    db = str(tmp_path / "club.db")
    loaded = run("ingest", str(CORPUS), "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip().startswith("Loaded 1 film: 5 new documents")
    again = run("ingest", str(CORPUS), "--db", db)
    assert "0 new documents" in again.stdout and "5 already loaded" in again.stdout
    script = '/rate "Her" 9 lovely\n/ratings Her\n/rate Her 12\n/film Her\n'
    out = run("console", "--db", db, "--user", "ada", stdin=script)
    assert out.returncode == 0, out.stderr
    blocks = out.stdout.split("\n\n")
    assert blocks[0] == "Rated Her (2013): 9/10. Comment: “lovely”"
    assert blocks[1].startswith("Club ratings: Her (2013)\nada: 9/10 — lovely")
    assert blocks[2].startswith("error: 12 is not a score")
    assert "`" not in out.stdout and "**" not in out.stdout
    assert blocks[3].startswith("Her (2013)")
    assert "Traceback" not in out.stdout + out.stderr


def test_console_ratings_survive_a_new_process(tmp_path: Path) -> None:
    db = str(tmp_path / "club.db")
    run("ingest", str(CORPUS), "--db", db)
    run("console", "--db", db, "--user", "bo", stdin="/rate Her 7\n")
    out = run("console", "--db", db, "--user", "cy", stdin="/ratings Her\n")
    assert "bo: 7/10" in out.stdout


def test_run_without_tokens_loads_the_corpus_and_falls_back_to_the_console(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    out = run("run", "--db", db, "--user", "ada", stdin="/film\n")
    assert out.returncode == 0, out.stderr
    assert "starting the local console" in out.stderr
    assert "Loaded 1 film" in out.stderr
    assert out.stdout.startswith("Her (2013)")
    second = run("run", "--db", db, stdin="")
    assert "Loaded" not in second.stderr


def test_scores_chart_is_written_to_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    run("ingest", str(CORPUS), "--db", db)
    charts = tmp_path / "charts"
    env = {"FILMCLUB_CHART_DIR": str(charts)}
    out = run("console", "--db", db, stdin="/scores Her\n", env=env)
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("Chart: "))
    path = Path(line.removeprefix("Chart: "))
    assert path.parent == charts and path.read_bytes().startswith(b"\x89PNG")


def test_core_never_imports_platform_libraries() -> None:
    code = (
        "import sys, bot.cli, bot.app, bot.dispatch, bot.commands, bot.runner, bot.scheduler;"
        "roots = ('discord', 'slack_bolt', 'slack_sdk');"
        "bad = [m for m in sys.modules if m.split('.')[0] in roots];"
        "print(bad)"
    )
    assert python_says(code) == ["[]"]
    for path in (REPO / "bot").rglob("*.py"):
        text = path.read_text()
        assert "import discord" not in text and "slack_bolt" not in text, path


def test_chat_commands_load_without_the_document_parser() -> None:
    """The parser's tables are compiled when a document is first read, not at start."""
    code = (
        "import sys, bot.cli, bot.app, bot.dispatch, bot.commands, bot.runner, bot.ingest,"
        " bot.web.ingest, adapters.console;"
        "print('bot.parsing.document' in sys.modules);"
        "from bot.parsing import parse_document;"
        "print(parse_document('Her (2013)\\n\\nLovely and sad.\\n\\nRating: 4/5').reviews[0].score)"
    )
    assert python_says(code) == ["False", "8.0"]


def python_says(code: str) -> list[str]:
    """The words a fresh interpreter prints running ``code`` in the checkout."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()
