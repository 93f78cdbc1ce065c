"""What a member typed is read as written, or refused with the accepted forms."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.messages import Member, Request
from bot.plaintext import BROKEN_TEXT
from tests.conftest import REPO, Chat
from tests.polls_helpers import add_films, open_club


async def stored_rating(chat: Chat) -> tuple[float, str, str | None] | None:
    rows = await chat.app.services.store.fetchall("SELECT score, raw, comment FROM ratings")
    if not rows:
        return None
    return float(rows[0][0]), str(rows[0][1]), rows[0][2]


@pytest.mark.parametrize(
    ("words", "score", "raw", "comment"),
    [
        ("4 stars", 8.0, "4 stars", None),
        ("4/5 stars", 8.0, "4/5 stars", None),
        ("3.5 stars", 7.0, "3.5 stars", None),
        ("3 and a half stars", 7.0, "3 and a half stars", None),
        ("8 out of 10", 8.0, "8 out of 10", None),
        ("4 out of 5 quite lovely", 8.0, "4 out of 5", "quite lovely"),
        ("four stars", 8.0, "four stars", None),
        ("7 stars are not enough", None, None, None),
        ("8 stars", None, None, None),
        ("9 lovely", 9.0, "9", "lovely"),
    ],
)
async def test_rate_spoken_score_forms(
    chat: Chat, words: str, score: float | None, raw: str | None, comment: str | None
) -> None:
    reply = await chat(f"/rate Her {words}")
    stored = await stored_rating(chat)
    if score is None:
        assert reply.error, reply.text
        assert "Stars are out of 5" in reply.text
        assert stored is None
        return
    assert not reply.error, reply.text
    assert stored == (score, raw, comment)
    said = f" Comment: “{comment}”" if comment else ""
    shown = f"{score:g}/10" + ("" if raw == f"{score:g}" else f" (from {raw})")
    assert reply.text == f"Rated Her (2013): {shown}.{said}"


@pytest.mark.parametrize(
    ("line", "usage"),
    [
        ("/poll vote", "/poll vote <choice> [poll:…]"),
        ("/watchlist add", "/watchlist add <title>"),
        ("/rate Her", "/rate [title] <score> [comment]"),
    ],
)
async def test_usage_lines_name_the_whole_command(chat: Chat, line: str, usage: str) -> None:
    reply = await chat(line)
    assert reply.error
    assert reply.text.endswith(f"Usage: {usage}"), reply.text


@pytest.mark.parametrize(
    ("line", "question_or_error"),
    [
        ("/poll start Alien | Heat | Ran 5 days", 5 * 24),
        ("/poll start Alien | Heat | Ran 2 hours", 2),
        ("/poll start Alien | Heat | Ran 1 week", 7 * 24),
        ("/poll start Alien | Heat | Ran until 25:99", "`until 25:99`"),
        ("/poll start Alien | Heat | Ran until yesterday", "`until yesterday`"),
        ("/poll start Alien | Heat | until yesterday", "`until yesterday`"),
        ("/poll start Alien | Heat | Ran 3 months", "`3 months`"),
        ("/poll start Alien | Heat | Ran 999999999999999999999m", "at most 32 days"),
    ],
)
async def test_poll_start_durations(
    tmp_path: Path, line: str, question_or_error: int | str
) -> None:
    club = await open_club(str(tmp_path / "p.db"))
    try:
        await add_films(club.store)
        reply = await club.say(line)
        polls = await club.store.fetchall("SELECT created_at, closes_at FROM polls")
        options = await club.store.fetchall("SELECT label FROM poll_options ORDER BY position")
    finally:
        await club.store.close()
    if isinstance(question_or_error, str):
        assert reply.error, reply.text
        assert question_or_error in reply.text
        if "at most" not in question_or_error:
            assert "until fri 18:00" in reply.text and "5 days" in reply.text
        assert polls == []
        return
    assert not reply.error, reply.text
    assert [r[0] for r in options] == ["Alien (1979)", "Heat (1995)", "Ran (1985)"]
    opened, closes = (datetime.fromisoformat(str(v)) for v in polls[0])
    assert closes - opened == timedelta(hours=question_or_error)


@pytest.mark.parametrize(
    "line",
    [
        "/poll results 9223372036854775808",
        "/poll vote Her #99999999999999999999999",
        "/poll close poll:#9223372036854775808",
        "/poll start Alien | Heat size:99999999999999999999999",
    ],
)
async def test_huge_numbers_are_clear_errors(tmp_path: Path, line: str) -> None:
    club = await open_club(str(tmp_path / "n.db"))
    try:
        await add_films(club.store)
        reply = await club.say(line, admin=True)
    finally:
        await club.store.close()
    assert reply.error
    assert "Something went wrong" not in reply.text
    assert "far too large" in reply.text or "There is no poll #" in reply.text


async def test_huge_poll_ids_in_buttons_are_refused(tmp_path: Path) -> None:
    club = await open_club(str(tmp_path / "b.db"))
    try:
        result = await club.click("poll:vote:9223372036854775808:1")
    finally:
        await club.store.close()
    assert result.reply.error and result.reply.text == "That button is no longer in use."


@pytest.mark.parametrize(
    "line",
    [
        "/rate Her 8 lovely\udcff",
        "/rate Her\ud800 8",
        "/film \udcc3",
    ],
)
async def test_broken_text_is_refused_plainly(chat: Chat, line: str) -> None:
    reply = await chat(line)
    assert reply.error and reply.text == BROKEN_TEXT
    assert await stored_rating(chat) is None


async def test_broken_text_in_request_options_and_names(chat: Chat) -> None:
    dispatcher = chat.app.dispatcher
    refused = await dispatcher.dispatch(
        Request("console:test", "general", Member("u1", "Ada"), "rate", {"title": "Her\udcff"})
    )
    assert refused.error and refused.text == BROKEN_TEXT
    odd_name = Member("u9", "B\udce9a")
    rated = await dispatcher.dispatch(
        Request("console:test", "general", odd_name, "rate", {"title": "Her", "score": "8"})
    )
    assert not rated.error, rated.text
    names = await chat.app.services.store.fetchall("SELECT name FROM members WHERE name LIKE 'B%'")
    assert [r[0] for r in names] == ["B\ufffda"]


async def test_invisible_characters_are_removed(chat: Chat) -> None:
    reply = await chat("/rate Her\u200b 8 nice \u202eevil\u202c\u2066x\u2069\ufeff")
    assert not reply.error, reply.text
    assert await stored_rating(chat) == (8.0, "8", "nice evilx")


async def test_invisible_characters_in_poll_titles_and_questions(tmp_path: Path) -> None:
    club = await open_club(str(tmp_path / "q.db"))
    try:
        await add_films(club.store)
        reply = await club.say("/poll start Fri\u200bday\u202e? | Al\u200dien | Heat | Pa\u2060ris")
        assert not reply.error, reply.text
        rows = await club.store.fetchall("SELECT question FROM polls")
        labels = await club.store.fetchall("SELECT label FROM poll_options ORDER BY position")
    finally:
        await club.store.close()
    assert rows[0][0] == "Friday?"
    assert [r[0] for r in labels] == ["Alien (1979)", "Heat (1995)", "Paris"]


def test_console_reads_past_undecodable_bytes(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    script = b"/watchlist list\n/film \xff\xfe bad\n/watchlist list\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env.update({"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict", "PYTHONUTF8": "0"})
    out = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", db, "--user", "ada"],
        input=script,
        capture_output=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    empty = "The watchlist is empty. Add a film with /watchlist add Alien."
    assert out.stdout.decode().split("\n\n") == [empty, f"error: {BROKEN_TEXT}", empty, ""]
    assert b"Traceback" not in out.stderr


@pytest.mark.parametrize("word", ["love", "Samantha", "lonely"])
async def test_quote_with_only_search_words(chat: Chat, word: str) -> None:
    reply = await chat(f"/quote {word}")
    assert reply.quote is not None, reply.text
    assert word.lower() in reply.quote.text.lower()
    assert reply.quote.film == "Her"


async def test_quote_with_words_found_nowhere(chat: Chat) -> None:
    reply = await chat("/quote zeppelin")
    assert reply.error
    assert reply.text == "I have no review passages about zeppelin yet."
