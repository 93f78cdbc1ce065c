"""What a member typed is read as written, or refused with the accepted forms."""

from __future__ import annotations

import pytest

from tests.conftest import Chat


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
        ("/rate Her", "/rate <title> <score> [comment]"),
    ],
)
async def test_usage_lines_name_the_whole_command(chat: Chat, line: str, usage: str) -> None:
    reply = await chat(line)
    assert reply.error
    assert reply.text.endswith(f"Usage: {usage}"), reply.text
