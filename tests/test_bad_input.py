"""Bad input gets a short, clear error naming the problem, and nothing is written."""

from __future__ import annotations

import sqlite3

import pytest

from tests.conftest import Chat

TABLES = ("ratings", "members", "quote_rotations", "films", "documents")


def counts(db_path: str) -> dict[str, int]:
    with sqlite3.connect(db_path) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/frobnicate Her", "Unknown command `/frobnicate`"),
        ("/rate", "Missing `title`"),
        ("/rate Her", "Missing `score`"),
        ("/rate Nosuchfilm 8", "I don't know a film called"),
        ("/rate Her 11/10", "`11/10` is not a score"),
        ("/rate Her -1", "`-1` is not a score"),
        ("/rate Her abc", "`abc` is not a score"),
        ("/rate Her NaN", "`NaN` is not a score"),
        ("/rate Her inf", "`inf` is not a score"),
        ("/rate Her 6/5", "`6/5` is not a score"),
        ("/rate Her 8 " + "x" * 501, "`comment` is too long: 501 characters, at most 500"),
        ("/film " + "T" * 201, "`title` is too long: 201 characters, at most 200"),
        ("/rate Her\x07 8", "control characters"),
        ("/film Her'; DROP TABLE ratings; --", "I don't know a film called"),
        ('/rate "Her 8', "A quote is not closed"),
        ("/quote Her music extra", "I did not understand `extra`"),
        ("/scores Her chart:maybe", "`chart` must be yes or no"),
        ("/film " + "a" * 5000, "That line is too long"),
        ("/unrate Her", "You have not rated Her (2013)"),
        ("/ratings Nosuchfilm", "I don't know a film called"),
        ("/quote Her zzzzqqq", "no review passages about zzzzqqq"),
    ],
)
async def test_bad_input_is_refused_cleanly(
    chat: Chat, db_path: str, line: str, expected: str
) -> None:
    before = counts(db_path)
    reply = await chat(line)
    assert reply.error and reply.ephemeral
    assert expected in reply.text
    assert len(reply.text) < 300
    assert "Traceback" not in reply.text
    assert counts(db_path) == before


async def test_a_failing_handler_answers_without_a_traceback(chat: Chat, db_path: str) -> None:
    before = counts(db_path)

    def broken(conn: sqlite3.Connection) -> None:
        raise RuntimeError("disk on fire")

    from bot.commands import scores

    original = scores._load
    scores._load = broken  # type: ignore[assignment]
    try:
        reply = await chat("/scores Her")
    finally:
        scores._load = original
    assert reply.error and "nothing was saved" in reply.text and "disk" not in reply.text
    assert counts(db_path) == before
